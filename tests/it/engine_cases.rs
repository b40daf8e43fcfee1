//! Edge cases of the date engine, one or more per rule of the spec
//! (`data-model.md` sections 2-5) and per row of the event table.

use treatyline::engine::{
    Basis, DeadlineKind, EndReason, NoBoundary, PeriodKind, Placement, State,
};

use super::support::{audit_warnings, d, engine_errors, projection};

/// A two-party treaty from 2000-01-01, ten-year term, then `rest`.
fn bilateral(rest: &str) -> String {
    format!("title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n{rest}")
}

fn multilateral(rest: &str) -> String {
    format!("title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2000-01-01\n{rest}")
}

const AUTO_10Y: &str =
    "[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"6m\"\n";

fn spans(p: &treatyline::Projection) -> Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>, Basis)> {
    p.periods
        .iter()
        .map(|x| (x.start, x.end, x.basis))
        .collect()
}

// ---- renewed ----

#[test]
fn renewed_attaches_to_first_boundary_on_or_after_its_date() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-05-01\nkind = \"renewed\"\n"
    )));
    assert_eq!(p.periods[1].start, d(2010, 1, 1));
    assert_eq!(p.periods[1].basis, Basis::Recorded);
    assert_eq!(p.periods[2].basis, Basis::Automatic);
}

#[test]
fn renewed_with_own_length_keeps_counting_from_the_anchor() {
    // 10y term, a 5-year recorded renewal, then 10-year automatic ones:
    // boundaries are anchor + 10y, + 15y, + 25y.
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2010-01-01\nkind = \"renewed\"\nlength = \"5y\"\n"
    )));
    let ends: Vec<_> = p.periods.iter().take(4).map(|x| x.end).collect();
    assert_eq!(
        ends,
        vec![
            Some(d(2010, 1, 1)),
            Some(d(2015, 1, 1)),
            Some(d(2025, 1, 1)),
            Some(d(2035, 1, 1))
        ]
    );
}

#[test]
fn renewed_effective_before_the_boundary_cuts_the_period_and_restarts_the_count() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2005-06-01\nkind = \"renewed\"\neffective = 2005-06-01\n"
    )));
    assert_eq!(p.periods[0].end, Some(d(2005, 6, 1)));
    assert_eq!(p.periods[1].start, d(2005, 6, 1));
    assert_eq!(p.periods[1].end, Some(d(2015, 6, 1)));
    assert_eq!(p.periods[2].end, Some(d(2025, 6, 1)));
    // No notice deadline for a period cut short by a renewal.
    assert!(p.deadlines.iter().all(|x| x.period != Some(0)));
}

#[test]
fn renewed_recorded_late_names_the_boundary_it_renewed() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2010-03-15\nkind = \"renewed\"\neffective = 2010-01-01\n"
    )));
    assert_eq!(p.periods[0].end, Some(d(2010, 1, 1)));
    assert_eq!(
        (p.periods[1].start, p.periods[1].basis),
        (d(2010, 1, 1), Basis::Recorded)
    );
}

#[test]
fn renewed_recorded_late_without_effective_attaches_to_the_next_boundary() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2010-03-15\nkind = \"renewed\"\n"
    )));
    assert_eq!(p.periods[1].basis, Basis::Automatic);
    assert_eq!(
        (p.periods[2].start, p.periods[2].basis),
        (d(2020, 1, 1), Basis::Recorded)
    );
}

#[test]
fn recorded_renewal_applies_beyond_max() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"agreement\"\nmax = 1\n\
         [[event]]\ndate = 2009-01-01\nkind = \"renewed\"\n[[event]]\ndate = 2019-01-01\nkind = \"renewed\"\n",
    ));
    assert_eq!(p.periods.len(), 3);
    assert_eq!(
        p.end.as_ref().map(|e| (e.date, e.reason)),
        Some((d(2030, 1, 1), EndReason::Expiry))
    );
    // max used up: no possible renewal is listed.
    assert!(p.periods.iter().all(|x| x.basis != Basis::Possible));
}

#[test]
fn two_events_for_one_boundary_are_an_error() {
    let e = engine_errors(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-01-01\nkind = \"renewed\"\n[[event]]\ndate = 2009-06-01\nkind = \"extended\"\nlength = \"1y\"\n"
    )));
    assert!(e[0].contains("two events (lines 10 and 13)"), "{e:?}");
}

#[test]
fn renewal_after_the_end_is_an_error() {
    let e = engine_errors(&bilateral(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2012-01-01\nkind = \"renewed\"\n",
    ));
    assert!(e[0].contains("attaches to no boundary"), "{e:?}");
    assert!(e[0].contains("2010-01-01 (expiry)"), "{e:?}");
}

#[test]
fn renewal_of_a_boundary_past_a_termination_is_an_error() {
    let e = engine_errors(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2005-01-01\nkind = \"terminated\"\n[[event]]\ndate = 2009-01-01\nkind = \"renewed\"\n"
    )));
    assert!(e[0].contains("attaches to no boundary"), "{e:?}");
}

// ---- extended ----

#[test]
fn extended_to_a_fixed_date_restarts_the_count_there() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-12-01\nkind = \"extended\"\nexpires = 2012-03-31\n"
    )));
    assert_eq!(p.periods[1].kind, PeriodKind::Extension);
    assert_eq!(p.periods[1].end, Some(d(2012, 3, 31)));
    assert_eq!(p.periods[2].end, Some(d(2022, 3, 31)));
    // no notice deadline before a recorded extension
    assert!(p.deadlines.iter().all(|x| x.period != Some(0)));
    assert!(p.deadlines.iter().any(|x| x.period == Some(1)));
}

#[test]
fn extended_with_last_day_means_the_day_after() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-12-01\nkind = \"extended\"\nlast_day = 2012-03-30\n",
    ));
    assert_eq!(p.end.as_ref().map(|e| e.date), Some(d(2012, 3, 31)));
}

#[test]
fn extended_by_length_counts_from_the_boundary_it_extends() {
    let p = projection(&bilateral(
        "[term]\nlength = \"1m\"\nfrom = 2001-01-31\n[[event]]\ndate = 2001-02-01\nkind = \"extended\"\nlength = \"1m\"\n",
    ));
    // boundary 2001-02-28, extended one month from there: 2001-03-28
    assert_eq!(p.periods[1].end, Some(d(2001, 3, 28)));
}

#[test]
fn extension_ending_before_its_boundary_is_an_error() {
    let e = engine_errors(&bilateral(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-12-01\nkind = \"extended\"\nexpires = 2009-12-31\n",
    ));
    assert!(
        e[0].contains("on or before the boundary it extends"),
        "{e:?}"
    );
}

// ---- notice: non-renewal ----

#[test]
fn timely_non_renewal_ends_a_bilateral_treaty() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-07-01\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"A\"\n"
    )));
    assert_eq!(
        p.end.as_ref().map(|e| (e.date, e.reason)),
        Some((d(2020, 1, 1), EndReason::NonRenewal))
    );
    // the deadline for the period it ended is still listed
    let last = p.deadlines.last().map(|x| (x.date, x.latest, x.period));
    assert_eq!(last, Some((d(2019, 6, 30), Some(d(2019, 7, 1)), Some(1))));
}

#[test]
fn late_non_renewal_takes_effect_a_period_later() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-07-02\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"A\"\n"
    )));
    assert_eq!(p.end.as_ref().map(|e| e.date), Some(d(2030, 1, 1)));
}

#[test]
fn without_a_notice_period_any_notice_before_the_boundary_is_timely() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\n\
         [[event]]\ndate = 2009-12-31\nkind = \"notice\"\neffect = \"non-renewal\"\n",
    ));
    assert_eq!(p.end.as_ref().map(|e| e.date), Some(d(2010, 1, 1)));
    assert!(p.deadlines.is_empty());
}

#[test]
fn recorded_renewal_wins_over_a_bilateral_non_renewal() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"A\"\n\
         [[event]]\ndate = 2009-12-01\nkind = \"renewed\"\n"
    )));
    assert!(p.end.is_none());
    assert_eq!(p.periods[1].basis, Basis::Recorded);
}

#[test]
fn multilateral_non_renewal_takes_only_the_notifying_party_out() {
    let p = projection(&multilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"C\"\n"
    )));
    assert!(p.end.is_none());
    assert_eq!(p.withdrawals.len(), 1);
    assert_eq!(p.withdrawals[0].party.as_deref(), Some("C"));
    assert_eq!(p.withdrawals[0].effective, d(2010, 1, 1));
    assert!(
        p.deadlines
            .iter()
            .any(|x| x.kind == DeadlineKind::WithdrawalEffective && x.date == d(2010, 1, 1))
    );
}

#[test]
fn multilateral_notice_must_name_its_party() {
    let text = multilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\n"
    ));
    let problems = treatyline::model::load::parse_treaty("t", &text)
        .err()
        .unwrap_or_default();
    assert!(
        problems
            .iter()
            .any(|p| p.message.contains("must name its `party`"))
    );
}

#[test]
fn revoked_non_renewal_changes_nothing() {
    let with = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nrevoked = 2019-03-01\n"
    )));
    let without = projection(&bilateral(AUTO_10Y));
    assert_eq!(with.periods, without.periods);
    assert_eq!(with.end, without.end);
}

// ---- notice: withdrawal, under every reading ----

fn withdrawal_effective(clause: &str, notice: &str) -> chrono::NaiveDate {
    let p = projection(&bilateral(&format!(
        "[term]\nlength = \"indefinite\"\n[withdrawal]\n{clause}\n[[event]]\ndate = {notice}\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n"
    )));
    match p.end {
        Some(e) if e.reason == EndReason::Withdrawal => e.date,
        other => panic!("no withdrawal end: {other:?}"),
    }
}

#[test]
fn withdrawal_readings() {
    // Paris Agreement: one year, on the anniversary.
    assert_eq!(
        withdrawal_effective("notice = \"1y\"", "2019-11-04"),
        d(2020, 11, 4)
    );
    // Energy Charter Treaty: the day after one year.
    assert_eq!(
        withdrawal_effective(
            "notice = \"1y\"\ntakes_effect = \"day-after\"",
            "2014-12-31"
        ),
        d(2016, 1, 1)
    );
    // CFE: 150 days, then the day after.
    assert_eq!(
        withdrawal_effective(
            "notice = \"150d\"\ntakes_effect = \"day-after\"",
            "2023-06-09"
        ),
        d(2023, 11, 7)
    );
    // Council of Europe: the first of the month after three months.
    assert_eq!(
        withdrawal_effective(
            "notice = \"3m\"\ntakes_effect = \"first-of-month-after\"",
            "2021-03-22"
        ),
        d(2021, 7, 1)
    );
    // UNESCO: 31 December of the following year, whatever the notice.
    assert_eq!(
        withdrawal_effective("takes_effect = \"end-of-following-year\"", "2017-10-12"),
        d(2019, 1, 1)
    );
    // No clause: twelve months (VCLT Art. 56(2)), clamped in February.
    assert_eq!(withdrawal_effective("", "2020-02-29"), d(2021, 2, 28));
}

#[test]
fn withdrawal_notice_before_earliest_is_an_error() {
    let e = engine_errors(&bilateral(
        "[term]\nlength = \"indefinite\"\n[withdrawal]\nearliest = \"20y\"\n\
         [[event]]\ndate = 2019-12-31\nkind = \"notice\"\neffect = \"withdrawal\"\n",
    ));
    assert!(e[0].contains("before the clause allows one"), "{e:?}");
}

#[test]
fn withdrawal_opens_deadline() {
    let p = projection(&bilateral(
        "[term]\nlength = \"indefinite\"\n[withdrawal]\nearliest = \"20y\"\n",
    ));
    assert_eq!(p.deadlines.len(), 1);
    assert_eq!(
        (
            p.deadlines[0].kind,
            p.deadlines[0].date,
            p.deadlines[0].period
        ),
        (DeadlineKind::WithdrawalOpens, d(2020, 1, 1), None)
    );
}

#[test]
fn named_effective_before_the_minimum_is_an_error() {
    let e = engine_errors(&bilateral(
        "[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"6m\"\n\
         [[event]]\ndate = 2020-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\neffective = 2020-05-01\n",
    ));
    assert!(e[0].contains("no earlier than 2020-07-01"), "{e:?}");
}

#[test]
fn revoked_withdrawal_changes_nothing_but_only_before_it_takes_effect() {
    let p = projection(&bilateral(
        "[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2020-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nrevoked = 2020-06-01\n",
    ));
    assert!(p.end.is_none() && p.withdrawals.is_empty());
    let e = engine_errors(&bilateral(
        "[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2020-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nrevoked = 2021-01-01\n",
    ));
    assert!(e[0].contains("already taken effect"), "{e:?}");
}

#[test]
fn multilateral_withdrawal_leaves_the_treaty_in_force() {
    let p = projection(&multilateral(
        "[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2020-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\n",
    ));
    assert!(p.end.is_none());
    assert_eq!(p.status.state, State::InForce);
    assert_eq!(p.withdrawals[0].effective, d(2021, 1, 1));
}

// ---- withdrawn, joined ----

#[test]
fn withdrawn_settles_the_latest_notice_of_that_party() {
    let p = projection(&multilateral(
        "[term]\nlength = \"indefinite\"\n\
         [[event]]\ndate = 2020-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\n\
         [[event]]\ndate = 2020-12-15\nkind = \"withdrawn\"\nparty = \"B\"\n",
    ));
    assert_eq!(p.withdrawals.len(), 1);
    assert_eq!(
        (p.withdrawals[0].notice, p.withdrawals[0].effective),
        (Some(d(2020, 1, 1)), d(2020, 12, 15))
    );
}

#[test]
fn withdrawn_without_notice_stands_alone() {
    let p = projection(&multilateral(
        "[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2020-12-15\nkind = \"withdrawn\"\nparty = \"C\"\n",
    ));
    assert_eq!(
        (p.withdrawals[0].notice, p.withdrawals[0].effective),
        (None, d(2020, 12, 15))
    );
}

#[test]
fn joined_and_recorded_only_kinds_move_no_date() {
    let plain = projection(&multilateral(AUTO_10Y));
    for kind in ["joined", "suspended", "resumed", "amended", "note"] {
        let p = projection(&multilateral(&format!(
            "{AUTO_10Y}[[event]]\ndate = 2012-05-05\nkind = \"{kind}\"\nparty = \"C\"\n"
        )));
        assert_eq!(
            (&p.periods, &p.end, &p.deadlines, &p.withdrawals),
            (
                &plain.periods,
                &plain.end,
                &plain.deadlines,
                &plain.withdrawals
            ),
            "{kind}"
        );
    }
}

// ---- terminated, expired, the end and ties ----

#[test]
fn termination_cuts_the_period_holding_it() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2015-03-03\nkind = \"terminated\"\n"
    )));
    assert_eq!(p.periods.len(), 2);
    assert_eq!(p.periods[1].end, Some(d(2015, 3, 3)));
    assert_eq!(
        p.end.as_ref().map(|e| e.reason),
        Some(EndReason::Termination)
    );
    // no deadline for a boundary the treaty does not reach
    assert!(p.deadlines.iter().all(|x| x.period != Some(1)));
    assert_eq!(p.status.state, State::Ended);
}

#[test]
fn on_the_same_day_termination_beats_withdrawal_beats_expiry() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[withdrawal]\nnotice = \"6m\"\n\
         [[event]]\ndate = 2009-07-01\nkind = \"notice\"\neffect = \"withdrawal\"\n\
         [[event]]\ndate = 2010-01-01\nkind = \"terminated\"\n",
    ));
    assert_eq!(
        p.end.as_ref().map(|e| (e.date, e.reason)),
        Some((d(2010, 1, 1), EndReason::Termination))
    );
    let q = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[withdrawal]\nnotice = \"6m\"\n[[event]]\ndate = 2009-07-01\nkind = \"notice\"\neffect = \"withdrawal\"\n",
    ));
    assert_eq!(
        q.end.as_ref().map(|e| (e.date, e.reason)),
        Some((d(2010, 1, 1), EndReason::Withdrawal))
    );
}

#[test]
fn recorded_expiry_ends_and_suppresses_later_deadlines() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2020-01-01\nkind = \"expired\"\n"
    )));
    assert_eq!(
        p.end.as_ref().map(|e| (e.date, e.reason)),
        Some((d(2020, 1, 1), EndReason::Expiry))
    );
    assert_eq!(
        p.deadlines.iter().map(|x| x.period).collect::<Vec<_>>(),
        vec![Some(0)]
    );
}

#[test]
fn withdrawals_after_the_end_never_happened() {
    let p = projection(&multilateral(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-06-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n",
    ));
    assert!(p.withdrawals.is_empty() && p.deadlines.is_empty());
}

// ---- renewal modes ----

#[test]
fn agreement_lists_one_possible_renewal() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"agreement\"\nlength = \"5y\"\n",
    ));
    assert_eq!(
        spans(&p),
        vec![
            (d(2000, 1, 1), Some(d(2010, 1, 1)), Basis::Recorded),
            (d(2010, 1, 1), Some(d(2015, 1, 1)), Basis::Possible)
        ]
    );
    assert_eq!(p.status.state, State::Ended);
}

#[test]
fn no_possible_renewal_when_the_treaty_ends_otherwise_that_day() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"agreement\"\n[[event]]\ndate = 2010-01-01\nkind = \"terminated\"\n",
    ));
    assert_eq!(p.periods.len(), 1);
}

#[test]
fn automatic_renewal_stops_at_max() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"automatic\"\nmax = 2\n",
    ));
    assert_eq!(p.periods.len(), 3);
    assert_eq!(p.end.as_ref().map(|e| e.date), Some(d(2030, 1, 1)));
}

#[test]
fn max_beyond_the_horizon_still_decides_the_end() {
    let p = projection(&bilateral(
        "[term]\nlength = \"1y\"\n[renewal]\nmode = \"automatic\"\nmax = 500\n",
    ));
    assert_eq!(p.end.as_ref().map(|e| e.date), Some(d(2501, 1, 1)));
    assert_eq!(p.periods.last().map(|x| x.start), Some(d(2060, 1, 1)));
}

// ---- calendar and range ----

#[test]
fn boundaries_do_not_drift_from_a_month_end_anchor() {
    let p = projection(&bilateral(
        "[term]\nlength = \"1m\"\nfrom = 2001-01-31\n[renewal]\nmode = \"automatic\"\nmax = 3\n",
    ));
    let ends: Vec<_> = p.periods.iter().map(|x| x.end).collect();
    assert_eq!(
        ends,
        vec![
            Some(d(2001, 2, 28)),
            Some(d(2001, 3, 31)),
            Some(d(2001, 4, 30)),
            Some(d(2001, 5, 31))
        ]
    );
}

#[test]
fn a_boundary_past_9999_leaves_the_period_open() {
    let text = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 9000-01-01\n[term]\nlength = \"500y\"\n[renewal]\nmode = \"automatic\"\n";
    let t = super::support::treaty(text);
    let h = treatyline::Horizon {
        today: d(9999, 1, 1),
        until: d(9999, 12, 31),
    };
    let p = treatyline::project(&t, &h).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(p.periods.len(), 2);
    assert_eq!(p.periods[1].end, None);
    assert!(p.end.is_none());
    assert_eq!((p.status.period, p.status.period_end), (Some(1), None));
}

#[test]
fn a_term_past_9999_is_an_error() {
    let text = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 9000-01-01\n[term]\nlength = \"1000y\"\n";
    let t = super::support::treaty(text);
    let h = treatyline::Horizon {
        today: d(2026, 11, 29),
        until: d(2060, 1, 1),
    };
    let e = treatyline::project(&t, &h).err().unwrap_or_default();
    assert!(e[0].message.contains("ends after 9999-12-31"), "{e:?}");
}

// ---- horizon and status ----

#[test]
fn horizon_lists_the_period_holding_until_and_status_sees_beyond() {
    let t = super::support::treaty(&bilateral(AUTO_10Y));
    let h = treatyline::Horizon {
        today: d(2045, 6, 1),
        until: d(2025, 1, 1),
    };
    let p = treatyline::project(&t, &h).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(p.periods.last().map(|x| x.start), Some(d(2020, 1, 1)));
    assert_eq!(
        (p.status.period, p.status.period_end),
        (Some(4), Some(d(2050, 1, 1)))
    );
    // deadlines only for listed periods
    assert_eq!(p.deadlines.last().and_then(|x| x.period), Some(2));
}

#[test]
fn not_in_force_before_entry_into_force() {
    let text = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 1961-07-11\nin_force = 1961-09-10\n[term]\nlength = \"20y\"\nfrom = \"signed\"\n";
    let t = super::support::treaty(text);
    let h = treatyline::Horizon {
        today: d(1961, 8, 1),
        until: d(2000, 1, 1),
    };
    let p = treatyline::project(&t, &h).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(p.anchor, d(1961, 7, 11));
    assert_eq!(p.status.state, State::NotInForce);
}

#[test]
fn a_treaty_that_ended_before_it_began_lists_no_period() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\nfrom = 2005-01-01\n[[event]]\ndate = 2004-01-01\nkind = \"terminated\"\n",
    ));
    assert!(p.periods.is_empty());
    assert_eq!(p.status.state, State::Ended);
}

#[test]
fn a_non_renewal_beats_a_recorded_expiry_on_the_same_day() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-06-01\nkind = \"notice\"\neffect = \"non-renewal\"\n\
         [[event]]\ndate = 2020-01-01\nkind = \"expired\"\n"
    )));
    assert_eq!(
        p.end.as_ref().map(|e| (e.date, e.reason)),
        Some((d(2020, 1, 1), EndReason::NonRenewal))
    );
    assert_eq!(p.deadlines.last().and_then(|x| x.period), Some(1));
}

#[test]
fn a_recorded_expiry_keeps_the_possible_renewal() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[renewal]\nmode = \"agreement\"\nlength = \"5y\"\n[[event]]\ndate = 2010-01-01\nkind = \"expired\"\n",
    ));
    assert_eq!(p.periods.len(), 2);
    assert_eq!(p.periods[1].basis, Basis::Possible);
}

// ---- found in review ----

#[test]
fn a_non_renewal_notice_revoked_after_it_took_effect_is_an_error() {
    let e = engine_errors(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nrevoked = 2021-01-01\n"
    )));
    assert!(
        e[0].contains("revoked on 2021-01-01, but it had already taken effect on 2020-01-01"),
        "{e:?}"
    );
}

#[test]
fn a_non_renewal_notice_revoked_in_time_or_spent_by_a_renewal_is_fine() {
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nrevoked = 2019-12-31\n"
    )));
    assert!(p.end.is_none());
    let p = projection(&bilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2019-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nrevoked = 2021-01-01\n\
         [[event]]\ndate = 2019-12-01\nkind = \"renewed\"\n"
    )));
    assert!(p.end.is_none());
}

#[test]
fn a_withdrawn_event_settles_a_multilateral_non_renewal() {
    let p = projection(&multilateral(&format!(
        "{AUTO_10Y}[[event]]\ndate = 2009-01-01\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"A\"\n\
         [[event]]\ndate = 2010-02-15\nkind = \"withdrawn\"\nparty = \"A\"\n"
    )));
    assert_eq!(p.withdrawals.len(), 1, "{:?}", p.withdrawals);
    let w = &p.withdrawals[0];
    assert_eq!(
        (w.notice, w.effective, w.clause_effective),
        (Some(d(2009, 1, 1)), d(2010, 2, 15), Some(d(2010, 1, 1)))
    );
    let effective: Vec<_> = p
        .deadlines
        .iter()
        .filter(|x| x.kind == DeadlineKind::WithdrawalEffective)
        .collect();
    assert_eq!(effective.len(), 1);
}

#[test]
fn a_renewal_naming_a_day_in_an_indefinite_term_attaches_to_nothing() {
    let e = engine_errors(&bilateral(
        "[term]\nlength = \"indefinite\"\n[renewal]\nmode = \"none\"\nlength = \"5y\"\n\
         [[event]]\ndate = 2010-01-01\nkind = \"renewed\"\neffective = 2010-01-01\n",
    ));
    assert!(e[0].contains("attaches to no boundary"), "{e:?}");
}

#[test]
fn an_extension_to_the_end_of_the_calendar_is_open() {
    let p = projection(&bilateral(
        "[term]\nlength = \"10y\"\n[[event]]\ndate = 2009-01-01\nkind = \"extended\"\nlast_day = 9999-12-31\n",
    ));
    assert_eq!(p.periods[1].end, None);
    assert!(p.end.is_none());
}

#[test]
fn notices_that_take_effect_nowhere_are_warned_about() {
    let text = bilateral(
        "[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2009-07-01\nkind = \"notice\"\neffect = \"non-renewal\"\n",
    );
    let p = projection(&text);
    assert!(
        matches!(
            p.placements.as_slice(),
            [Placement::Nowhere {
                event: 0,
                why: NoBoundary::Open
            }]
        ),
        "{:?}",
        p.placements
    );
    let warnings = audit_warnings(&text);
    assert!(
        warnings
            .iter()
            .any(|w| w.message.contains("takes effect nowhere")),
        "{warnings:?}"
    );
}
