//! A fixed treaty skeleton with arbitrary rules and events: projecting never
//! panics, and the projection's periods are contiguous.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use treatyline::model::load::parse_treaty;
use treatyline::{Horizon, project};

#[derive(Arbitrary, Debug)]
struct Input {
    signed: (u16, u8, u8),
    term: (u8, u16),
    mode: u8,
    renewal: Option<(u8, u16)>,
    max: Option<u8>,
    notice: Option<(u8, u16)>,
    withdrawal: Option<(u8, u16, u8)>,
    events: Vec<(u16, u8, u8, u8, u8)>,
    today: (u16, u8, u8),
    until: (u16, u8, u8),
}

fn date((y, m, d): (u16, u8, u8)) -> chrono::NaiveDate {
    let y = i32::from(y % 9999) + 1;
    chrono::NaiveDate::from_ymd_opt(y, u32::from(m % 12) + 1, u32::from(d % 28) + 1).unwrap_or_default()
}

fn length((unit, n): (u8, u16)) -> String {
    let n = u32::from(n % 400) + 1;
    match unit % 4 {
        0 => format!("{}y", n % 120 + 1),
        1 => format!("{n}m"),
        2 => format!("{}w", n % 60 + 1),
        _ => format!("{n}d"),
    }
}

fuzz_target!(|input: Input| {
    let parties = if input.events.len() % 2 == 0 { r#"["A", "B"]"# } else { r#"["A", "B", "C"]"# };
    let mut text = format!(
        "title = \"F\"\nparties = {parties}\nsigned = {}\n[term]\nlength = \"{}\"\n",
        date(input.signed),
        if input.term.0 % 7 == 0 { "indefinite".to_owned() } else { length(input.term) }
    );
    let mode = ["automatic", "agreement", "none"][usize::from(input.mode % 3)];
    text.push_str(&format!("[renewal]\nmode = \"{mode}\"\n"));
    if let Some(l) = input.renewal {
        text.push_str(&format!("length = \"{}\"\n", length(l)));
    }
    if let Some(m) = input.max {
        text.push_str(&format!("max = {}\n", m % 20));
    }
    if let Some(n) = input.notice {
        text.push_str(&format!("notice = \"{}\"\n", length(n)));
    }
    if let Some((u, n, how)) = input.withdrawal {
        let how = ["anniversary", "day-after", "first-of-month-after", "end-of-following-year"][usize::from(how % 4)];
        text.push_str(&format!("[withdrawal]\nnotice = \"{}\"\ntakes_effect = \"{how}\"\n", length((u, n))));
    }
    for (days, kind, party, a, b) in input.events.iter().take(64) {
        let d = date(input.signed) + chrono::Days::new(u64::from(*days) * 7);
        let party = ["A", "B", "C"][usize::from(party % 2)];
        let extra = match kind % 8 {
            0 => "kind = \"renewed\"".to_owned(),
            1 => format!("kind = \"renewed\"\neffective = {}", d + chrono::Days::new(u64::from(*a))),
            2 => format!("kind = \"extended\"\nlength = \"{}\"", length((*a, u16::from(*b)))),
            3 => format!("kind = \"notice\"\neffect = \"non-renewal\"\nparty = \"{party}\""),
            4 => format!("kind = \"notice\"\neffect = \"withdrawal\"\nparty = \"{party}\""),
            5 => format!("kind = \"withdrawn\"\nparty = \"{party}\""),
            6 => "kind = \"terminated\"".to_owned(),
            _ => "kind = \"expired\"".to_owned(),
        };
        text.push_str(&format!("[[event]]\ndate = {d}\n{extra}\n"));
    }
    let Ok(treaty) = parse_treaty("f", &text) else { return };
    // Today anywhere; the horizon within three centuries of signature, so
    // that one-day periods do not spend the run listing millions of days.
    let signed = date(input.signed);
    let until = date(input.until).min(signed.checked_add_months(chrono::Months::new(3600)).unwrap_or(signed));
    let horizon = Horizon { today: date(input.today), until };
    if let Ok(p) = project(&treaty, &horizon) {
        for pair in p.periods.windows(2) {
            if pair[1].basis != treatyline::engine::Basis::Possible {
                assert_eq!(pair[0].end, Some(pair[1].start), "{text}");
            }
        }
    }
});
