//! Properties of the engine over generated treaties: it never panics, and
//! every projection it makes is well-formed.

use chrono::NaiveDate;
use proptest::prelude::*;
use treatyline::engine::{Basis, DeadlineKind, calendar};
use treatyline::model::load::parse_treaty;
use treatyline::{Horizon, Length, project};

fn date() -> impl Strategy<Value = NaiveDate> {
    // Mostly modern dates, sometimes the edges of the calendar.
    prop_oneof![
        8 => (1800i32..2100, 1u32..=12, 1u32..=31),
        1 => (1i32..=3, 1u32..=12, 1u32..=31),
        1 => (9990i32..=9999, 1u32..=12, 1u32..=31),
    ]
    .prop_map(|(y, m, d)| {
        NaiveDate::from_ymd_opt(y, m, d)
            .or_else(|| NaiveDate::from_ymd_opt(y, m, 28))
            .unwrap_or(calendar::MIN_DATE)
    })
}

fn length() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..60).prop_map(|n| format!("{n}y")),
        (1u32..30).prop_map(|n| format!("{n}m")),
        (1u32..400).prop_map(|n| format!("{n}d")),
        (1u32..10, 1u32..12).prop_map(|(y, m)| format!("P{y}Y{m}M")),
        (1u32..5, 1u32..4, 1u32..10).prop_map(|(y, w, d)| format!("{y}y{w}w{d}d")),
    ]
}

fn renewal() -> impl Strategy<Value = String> {
    let mode = prop_oneof![Just("automatic"), Just("agreement"), Just("none")];
    (
        mode,
        proptest::option::of(length()),
        proptest::option::of(0u32..8),
        proptest::option::of(length()),
    )
        .prop_map(|(mode, len, max, notice)| {
            let mut s = format!("[renewal]\nmode = \"{mode}\"\n");
            if let Some(l) = len {
                s.push_str(&format!("length = \"{l}\"\n"));
            }
            if let Some(m) = max {
                s.push_str(&format!("max = {m}\n"));
            }
            if let Some(n) = notice {
                s.push_str(&format!("notice = \"{n}\"\n"));
            }
            s
        })
}

fn event() -> impl Strategy<Value = String> {
    let party = prop_oneof![Just("A"), Just("B"), Just("C")];
    let kind = prop_oneof![
        Just("kind = \"renewed\"".to_owned()),
        length().prop_map(|l| format!("kind = \"extended\"\nlength = \"{l}\"")),
        Just("kind = \"notice\"\neffect = \"non-renewal\"".to_owned()),
        Just("kind = \"notice\"\neffect = \"withdrawal\"".to_owned()),
        Just("kind = \"terminated\"".to_owned()),
        Just("kind = \"expired\"".to_owned()),
        Just("kind = \"note\"".to_owned()),
    ];
    (date(), kind, party).prop_map(|(d, k, p)| {
        let party = if k.contains("notice") {
            format!("party = \"{p}\"\n")
        } else {
            String::new()
        };
        format!("[[event]]\ndate = {d}\n{k}\n{party}")
    })
}

fn treaty_text() -> impl Strategy<Value = String> {
    let parties = prop_oneof![Just("[\"A\", \"B\"]"), Just("[\"A\", \"B\", \"C\"]")];
    (
        parties,
        date(),
        prop_oneof![length(), Just("indefinite".to_owned())],
        proptest::option::of(renewal()),
        proptest::collection::vec(event(), 0..5),
    )
        .prop_map(|(parties, signed, term, renewal, events)| {
            format!(
                "title = \"T\"\nparties = {parties}\nsigned = {signed}\n[term]\nlength = \"{term}\"\n{}{}",
                renewal.unwrap_or_default(),
                events.concat()
            )
        })
}

fn horizon() -> impl Strategy<Value = Horizon> {
    (date(), date()).prop_map(|(today, until)| Horizon { today, until })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// Loading and projecting any generated file never panics, and the same
    /// input always gives the same output.
    #[test]
    fn never_panics_and_is_deterministic(text in treaty_text(), h in horizon()) {
        if let Ok(t) = parse_treaty("t", &text) {
            let a = project(&t, &h);
            let b = project(&t, &h);
            prop_assert_eq!(a, b);
        }
    }

    /// Periods are contiguous and ordered, the end cuts them, deadlines
    /// precede their boundaries.
    #[test]
    fn projections_are_well_formed(text in treaty_text(), h in horizon()) {
        let Ok(t) = parse_treaty("t", &text) else { return Ok(()) };
        let Ok(p) = project(&t, &h) else { return Ok(()) };
        let real: Vec<_> = p.periods.iter().filter(|x| x.basis != Basis::Possible).collect();
        for (i, period) in p.periods.iter().enumerate() {
            prop_assert_eq!(period.index, i);
            if let Some(e) = period.end {
                prop_assert!(period.start < e, "empty period {:?}", period);
            }
        }
        for pair in real.windows(2) {
            prop_assert_eq!(pair[0].end, Some(pair[1].start));
        }
        if let Some(end) = &p.end {
            for period in &real {
                prop_assert!(period.start < end.date);
                prop_assert!(period.end.is_some_and(|e| e <= end.date));
            }
        }
        let notice = t.renewal.as_ref().and_then(|r| r.notice);
        for dl in &p.deadlines {
            if dl.kind == DeadlineKind::NonRenewalNotice {
                let (Some(n), Some(latest), Some(b)) = (notice, dl.latest, dl.boundary) else {
                    prop_assert!(false, "incomplete deadline {:?}", dl);
                    return Ok(());
                };
                prop_assert!(dl.date <= latest);
                prop_assert!(calendar::add(dl.date, &n).is_some_and(|x| x < b));
                prop_assert!(calendar::add(latest, &n).is_some_and(|x| x <= b));
                prop_assert!(calendar::next_day(latest).and_then(|x| calendar::add(x, &n)).is_none_or(|x| x > b));
                let owner = dl.period.and_then(|i| p.periods.get(i));
                prop_assert_eq!(owner.and_then(|o| o.end), Some(b));
            }
        }
        for pair in p.deadlines.windows(2) {
            prop_assert!((pair[0].date, pair[0].kind) <= (pair[1].date, pair[1].kind));
        }
    }

    /// Without events, automatic boundaries are `add(anchor, term + k * renewal)`:
    /// they never drift, whatever clamping happened before.
    #[test]
    fn boundaries_count_from_the_anchor(anchor in date(), term in length(), renewal in length()) {
        let text = format!(
            "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = {anchor}\n[term]\nlength = \"{term}\"\n[renewal]\nmode = \"automatic\"\nlength = \"{renewal}\"\n"
        );
        let Ok(t) = parse_treaty("t", &text) else { return Ok(()) };
        let h = Horizon { today: anchor, until: calendar::add(anchor, &Length::years(60)).unwrap_or(calendar::MAX_DATE) };
        let Ok(p) = project(&t, &h) else { return Ok(()) };
        let (Ok(term), Ok(renewal)) = (term.parse::<Length>(), renewal.parse::<Length>()) else { return Ok(()) };
        for period in &p.periods {
            let k = period.index as u64;
            let span = calendar::Span::from(&term)
                .checked_add_span(calendar::Span::times(&renewal, k).unwrap_or_default())
                .unwrap_or_default();
            let expected = calendar::add_span(anchor, span).map(|a| a.date);
            prop_assert_eq!(period.end, expected, "period {}", k);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, ..ProptestConfig::default() })]

    /// Any text parses as a length or is refused; what parses prints back
    /// (in both notations) to the same length.
    #[test]
    fn lengths_parse_or_refuse_and_round_trip(text in "[0-9PpYyMmWwDdT.,+ -]{0,12}") {
        if let Ok(l) = text.parse::<Length>() {
            prop_assert_eq!(l.to_string().parse::<Length>(), Ok(l));
            prop_assert_eq!(l.to_iso().parse::<Length>(), Ok(l));
        }
    }

    /// Any text is loaded or refused with diagnostics; loading never panics
    /// and every diagnostic renders.
    #[test]
    fn loading_any_text_never_panics(text in "\\PC{0,200}") {
        let file = treatyline::dataset::SourceFile { name: "p.toml".into(), stem: "p".into(), text };
        if let Err(report) = treatyline::dataset::load(&file) {
            prop_assert!(!report.render(false, 80).is_empty());
        }
    }

    /// A valid file with a few bytes changed is loaded or refused, never a
    /// panic; a refusal names a line and column.
    #[test]
    fn loading_mutated_files_never_panics(edits in proptest::collection::vec((0usize..400, "[\\[\\]{}=\"0-9a-z\\n.,-]{0,3}"), 1..4)) {
        let mut text = String::from(
            "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 1961-07-11\nin_force = 1961-09-10\n[term]\nlength = \"20y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"6m\"\n[withdrawal]\nearliest = \"5y\"\n[[event]]\ndate = 1981-07-11\nkind = \"renewed\"\n[[event]]\ndate = 1990-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n",
        );
        for (at, insert) in edits {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            text.insert_str(at, &insert);
        }
        let file = treatyline::dataset::SourceFile { name: "m.toml".into(), stem: "m".into(), text };
        match treatyline::dataset::load(&file) {
            Ok(loaded) => {
                let h = Horizon::from_today(NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or(calendar::MIN_DATE));
                prop_assert!(project(&loaded.treaty, &h).is_ok());
            }
            Err(report) => prop_assert!(report.render(false, 80).contains("m.toml")),
        }
    }
}
