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

/// A multilateral treaty with v2 membership history: deposits, accessions,
/// successions, withdrawals, optionally a deposit rule, `min_parties` and a
/// withdrawal clause counted from each party's membership.
fn member_treaty_text() -> impl Strategy<Value = String> {
    let party = prop_oneof![Just("A"), Just("B"), Just("C"), Just("D"), Just("E")];
    let kind = prop_oneof![
        Just("deposited"),
        Just("joined"),
        Just("withdrawn"),
        Just("notice-withdrawal"),
        Just("succeeded"),
        Just("note"),
    ];
    let event = (date(), kind, party.clone(), party).prop_map(|(d, k, p, q)| match k {
        "notice-withdrawal" => format!(
            "[[event]]\ndate = {d}\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"{p}\"\n"
        ),
        "succeeded" if p != q => format!(
            "[[event]]\ndate = {d}\nkind = \"succeeded\"\nparty = \"{p}\"\npredecessor = \"{q}\"\n"
        ),
        "succeeded" => format!("[[event]]\ndate = {d}\nkind = \"note\"\n"),
        k => format!("[[event]]\ndate = {d}\nkind = \"{k}\"\nparty = \"{p}\"\n"),
    });
    (
        date(),
        prop_oneof![length(), Just("indefinite".to_owned())],
        proptest::option::of(2u32..5),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec(event, 0..8),
    )
        .prop_map(|(signed, term, min, rule, from_party, events)| {
            let mut s = format!(
                "title = \"T\"\nparties = [\"A\", \"B\", \"C\", \"D\", \"E\"]\nsigned = {signed}\n[term]\nlength = \"{term}\"\n"
            );
            if let Some(m) = min {
                s.push_str(&format!("min_parties = {m}\n"));
            }
            if rule {
                s.push_str("[membership]\nin_force_after = \"60d\"\nin_force_on = \"first-of-month-after\"\n");
            }
            s.push_str("[withdrawal]\nnotice = \"1y\"\n");
            if from_party {
                s.push_str("earliest = \"1y\"\nearliest_from = \"party\"\n");
            }
            s.push_str(&events.concat());
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// v2 section M: a party's membership spans never overlap, each is
    /// non-empty, and all lie inside the treaty's life (from its start of
    /// force to its end); the parties bound on the status day are those
    /// whose span holds it.
    #[test]
    fn membership_spans_never_overlap_and_lie_inside_the_treaty(text in member_treaty_text(), h in horizon()) {
        let Ok(t) = parse_treaty("t", &text) else { return Ok(()) };
        let Ok(p) = project(&t, &h) else { return Ok(()) };
        let start = t.in_force.unwrap_or(p.anchor);
        for m in &p.members {
            prop_assert!(m.from >= start, "{:?} before the start of force {}", m, start);
            if let Some(u) = m.until {
                prop_assert!(m.from < u, "empty span {:?}", m);
            }
            if let Some(end) = &p.end {
                prop_assert!(m.until.is_some_and(|u| u <= end.date), "{:?} past the end {:?}", m, end);
            }
        }
        for party in &t.parties {
            let mut spans: Vec<_> = p.members.iter().filter(|m| &m.party == party).collect();
            spans.sort_by_key(|m| m.from);
            for pair in spans.windows(2) {
                prop_assert!(pair[0].until.is_some_and(|u| u <= pair[1].from), "overlap {:?}", pair);
            }
        }
        let mut bound: Vec<&str> = p.members.iter().filter(|m| m.holds(p.status.on)).map(|m| m.party.as_str()).collect();
        bound.sort_unstable();
        bound.dedup();
        prop_assert_eq!(bound, p.status.bound.iter().map(String::as_str).collect::<Vec<_>>());
    }

    /// v2 section R: a reading that repeats the base's tables projects
    /// exactly as the base does.
    #[test]
    fn a_reading_identical_to_the_base_projects_identically(text in treaty_text(), h in horizon()) {
        let Ok(base) = parse_treaty("t", &text) else { return Ok(()) };
        // The same [term] and [renewal] again, as a reading.
        let term = text.split("[term]\n").nth(1).and_then(|s| s.split('\n').next()).unwrap_or_default();
        let renewal = text
            .split("[renewal]\n")
            .nth(1)
            .map(|s| s.split("[[event]]").next().unwrap_or_default())
            .map(|r| format!("[reading.renewal]\n{r}"))
            .unwrap_or_default();
        let with = format!("{text}[[reading]]\nname = \"same\"\n[reading.term]\n{term}\n{renewal}");
        let Ok(t) = parse_treaty("t", &with) else { return Ok(()) };
        let (Ok(a), Ok(b)) = (project(&base, &h), project(&t, &h)) else { return Ok(()) };
        let r = &b.readings[0].projection;
        prop_assert_eq!(&a.periods, &r.periods);
        prop_assert_eq!(&a.end, &r.end);
        prop_assert_eq!(&a.deadlines, &r.deadlines);
        prop_assert_eq!(&a.withdrawals, &r.withdrawals);
        prop_assert_eq!(&a.status, &r.status);
        prop_assert_eq!(&a.members, &r.members);
    }
}
