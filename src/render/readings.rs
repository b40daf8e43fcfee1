//! Readings in the text outputs (spec v2 section R): after a treaty's own
//! lines, one line per reading whose state, end, next boundary or next
//! deadline differs from the base, so that a disputed rule is computed, not
//! only described.

use chrono::NaiveDate;

use super::Projected;
use crate::engine::{Basis, PeriodKind, Projection, State};

/// What a reading says on `day`, as the facts compared with the base.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Facts {
    state: State,
    period: Option<usize>,
    period_end: Option<NaiveDate>,
    end: Option<(NaiveDate, &'static str)>,
    next_boundary: Option<NaiveDate>,
    next_deadline: Option<(NaiveDate, &'static str)>,
}

fn facts(p: &Projection, day: NaiveDate) -> Facts {
    let ended = p.status.state == State::Ended;
    Facts {
        state: p.status.state,
        period: p.status.period,
        period_end: p.status.period_end,
        end: p.end.as_ref().map(|e| (e.date, e.reason.as_str())),
        next_boundary: (!ended).then(|| p.next_boundary_after(day)).flatten(),
        next_deadline: (!ended)
            .then(|| p.next_deadline_from(day).map(|d| (d.date, d.kind.as_str())))
            .flatten(),
    }
}

/// What happens at `boundary` under `p`: "renews automatically for 20y",
/// "ends (non-renewal)", "continues until denounced".
pub(crate) fn at_boundary(p: &Projection, boundary: NaiveDate) -> String {
    if let Some(e) = p.end.as_ref().filter(|e| e.date == boundary) {
        return format!("ends ({})", e.reason.as_str());
    }
    let next = p
        .period_starting(boundary)
        .filter(|x| x.basis != Basis::Possible);
    match next {
        Some(n) if n.kind == PeriodKind::Continuing => "continues until denounced".to_owned(),
        Some(n) => {
            let how = match n.basis {
                Basis::Automatic => "renews automatically",
                _ if n.kind == PeriodKind::Extension => "is extended",
                _ => "renews (recorded)",
            };
            match n.end {
                Some(end) => format!("{how} until {end}"),
                None => format!("{how}, open-ended"),
            }
        }
        None => "ends".to_owned(),
    }
}

/// One sentence of a projection's state on its status day, 1-based period
/// numbers: "in force, period 4 until 2041-07-11".
pub(crate) fn state_text(p: &Projection) -> String {
    match (p.status.state, p.status.period, p.status.period_end) {
        (State::InForce, Some(i), Some(e)) => format!("in force, period {} until {e}", i + 1),
        (State::InForce, Some(i), None) => format!("in force, period {}, open-ended", i + 1),
        (State::InForce, None, _) => "in force".to_owned(),
        (State::Ended, ..) => match &p.end {
            Some(e) => format!("ended {} ({})", e.date, e.reason.as_str()),
            None => "ended".to_owned(),
        },
        (State::NotInForce, ..) if p.pending => "not in force (pending)".to_owned(),
        (State::NotInForce, ..) => "not in force".to_owned(),
    }
}

/// The lines a reading adds under its treaty in `status` and the timeline:
/// `reading NAME: ...`, only for readings that differ from the base.
pub(crate) fn status_lines(item: &Projected<'_>) -> Vec<String> {
    let p = &item.projection;
    let day = p.status.on;
    let base = facts(p, day);
    let mut out = Vec::new();
    for r in &p.readings {
        let rp = &r.projection;
        let f = facts(rp, day);
        if f == base {
            continue;
        }
        let mut parts = vec![state_text(rp)];
        if let Some(e) = rp.end.as_ref().filter(|e| e.date > day) {
            parts.push(format!("ends {} ({})", e.date, e.reason.as_str()));
        }
        if let Some(b) = f.next_boundary {
            parts.push(format!("{b} {}", at_boundary(rp, b)));
        }
        if let Some((d, k)) = f.next_deadline {
            parts.push(format!("next deadline {d} {k}"));
        }
        out.push(format!("reading {}: {}", r.name, parts.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Horizon, project};
    use crate::model::load::parse_treaty;

    #[test]
    fn a_reading_that_differs_gets_a_line() {
        let t = parse_treaty(
            "seed",
            "title = \"Seed\"\nparties = [\"China\", \"North Korea\"]\nsigned = 1961-07-11\nin_force = 1961-09-10\n[term]\nlength = \"indefinite\"\n[[reading]]\nname = \"reported-cycle\"\n[reading.term]\nlength = \"20y\"\nfrom = \"signed\"\n[reading.renewal]\nmode = \"automatic\"\n[[reading]]\nname = \"same\"\n",
        )
        .unwrap_or_else(|e| panic!("{e:?}"));
        let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap_or_default();
        let p = project(&t, &Horizon::from_today(today)).unwrap_or_else(|e| panic!("{e:?}"));
        let lines = status_lines(&Projected {
            treaty: &t,
            projection: p,
        });
        assert_eq!(
            lines,
            vec![
                "reading reported-cycle: in force, period 4 until 2041-07-11; 2041-07-11 renews automatically until 2061-07-11"
                    .to_owned()
            ]
        );
    }
}
