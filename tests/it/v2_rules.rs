//! Edge cases of spec v2 (`data-model-v2.md`): one or more per rule and per
//! error of sections P (pending), M (members), W (withdrawal and
//! denunciation clauses), S (milestones), R (readings) and C (acknowledged
//! warnings).

use treatyline::engine::{DeadlineKind, EndReason, Left, PeriodKind, State};
use treatyline::model::load::parse_treaty;

use super::support::{audit_warnings, d, engine_errors, projection};

fn load_errors(text: &str) -> Vec<String> {
    match parse_treaty("t", text) {
        Ok(_) => panic!("loaded, but should not"),
        Err(e) => e.into_iter().map(|d| d.message).collect(),
    }
}

fn has(messages: &[String], part: &str) -> bool {
    messages.iter().any(|m| m.contains(part))
}

const HEAD3: &str = "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 2000-01-01\n";
const HEAD2: &str = "title = \"T\"\nparties = [\"A\", \"B\"]\nsigned = 2000-01-01\n";

fn spans_of(
    p: &treatyline::Projection,
    party: &str,
) -> Vec<(chrono::NaiveDate, Option<chrono::NaiveDate>)> {
    p.members
        .iter()
        .filter(|m| m.party == party)
        .map(|m| (m.from, m.until))
        .collect()
}

// ---- P. Not yet in force ----

#[test]
fn pending_has_no_periods_deadlines_or_members_and_is_never_in_force() {
    let p = projection(&format!(
        "{HEAD3}in_force = \"pending\"\n[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 2001-01-01\nkind = \"deposited\"\nparty = \"A\"\n"
    ));
    assert!(p.pending);
    assert!(p.periods.is_empty() && p.deadlines.is_empty() && p.members.is_empty());
    assert_eq!(p.status.state, State::NotInForce);
    assert_eq!(p.anchor, d(2000, 1, 1));
}

#[test]
fn pending_terminated_ends_it() {
    let p = projection(&format!(
        "{HEAD3}in_force = \"pending\"\n[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2010-01-01\nkind = \"terminated\"\n"
    ));
    let end = p.end.unwrap();
    assert_eq!(
        (end.date, end.reason),
        (d(2010, 1, 1), EndReason::Termination)
    );
    assert_eq!(p.status.state, State::Ended);
}

#[test]
fn pending_refuses_events_of_a_treaty_in_force_and_counting_from_in_force() {
    let e = load_errors(&format!(
        "{HEAD3}in_force = \"pending\"\n[term]\nlength = \"10y\"\nfrom = \"in_force\"\n[[event]]\ndate = 2001-01-01\nkind = \"renewed\"\n"
    ));
    assert!(has(&e, "not in force"), "{e:#?}");
    assert!(has(&e, "`term.from = \"in_force\"` cannot apply"), "{e:#?}");
}

#[test]
fn pending_milestones_count_from_signature() {
    let p = projection(&format!(
        "{HEAD3}in_force = \"pending\"\n[term]\nlength = \"indefinite\"\n[[milestone]]\ntitle = \"Review\"\nafter = \"10y\"\n"
    ));
    assert_eq!(p.milestones[0].date, d(2010, 1, 1));
}

// ---- M. Members ----

#[test]
fn deposit_rule_adds_the_length_then_moves_to_the_first_of_the_next_month() {
    let p = projection(&format!(
        "{HEAD3}in_force = 2002-07-01\n[term]\nlength = \"indefinite\"\n[membership]\nin_force_after = \"60d\"\nin_force_on = \"first-of-month-after\"\n[[event]]\ndate = 2011-08-30\nkind = \"deposited\"\nparty = \"C\"\n"
    ));
    // 2011-08-30 + 60d = 2011-10-29 -> 2011-11-01.
    assert_eq!(spans_of(&p, "C"), vec![(d(2011, 11, 1), None)]);
    assert_eq!(spans_of(&p, "A"), vec![(d(2002, 7, 1), None)]);
}

#[test]
fn a_deposit_before_entry_into_force_binds_from_entry_into_force() {
    let p = projection(&format!(
        "{HEAD3}in_force = 2002-07-01\n[term]\nlength = \"indefinite\"\n[membership]\nin_force_after = \"30d\"\n[[event]]\ndate = 2001-01-01\nkind = \"deposited\"\nparty = \"B\"\n"
    ));
    assert_eq!(spans_of(&p, "B"), vec![(d(2002, 7, 1), None)]);
}

#[test]
fn joined_binds_from_its_date_and_rejoining_opens_a_second_span() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 2005-01-01\nkind = \"joined\"\nparty = \"C\"\n[[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n[[event]]\ndate = 2015-06-01\nkind = \"joined\"\nparty = \"C\"\n"
    ));
    assert_eq!(
        spans_of(&p, "C"),
        vec![(d(2005, 1, 1), Some(d(2011, 1, 1))), (d(2015, 6, 1), None)]
    );
    let left: Vec<_> = p
        .members
        .iter()
        .filter(|m| m.party == "C")
        .map(|m| m.left)
        .collect();
    assert_eq!(left, vec![Some(Left::Withdrawal), None]);
}

#[test]
fn succession_continues_membership_and_keeps_a_two_party_treaty_two_party() {
    let p = projection(
        "title = \"T\"\nparties = [\"US\", \"SU\", \"RU\"]\nsigned = 1987-12-08\nin_force = 1988-06-01\n[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"6m\"\n[[event]]\ndate = 1991-12-25\nkind = \"succeeded\"\nparty = \"RU\"\npredecessor = \"SU\"\n[[event]]\ndate = 2019-02-02\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"US\"\n",
    );
    let end = p.end.clone().unwrap();
    assert_eq!(
        (end.date, end.reason),
        (d(2019, 8, 2), EndReason::Withdrawal)
    );
    assert_eq!(
        spans_of(&p, "SU"),
        vec![(d(1988, 6, 1), Some(d(1991, 12, 25)))]
    );
    assert_eq!(
        spans_of(&p, "RU"),
        vec![(d(1991, 12, 25), Some(d(2019, 8, 2)))]
    );
    let left = |party: &str| {
        p.members
            .iter()
            .find(|m| m.party == party)
            .and_then(|m| m.left)
    };
    assert_eq!(left("SU"), Some(Left::Succession));
    assert_eq!(left("US"), Some(Left::Withdrawal));
    assert_eq!(left("RU"), Some(Left::End));
}

#[test]
fn a_predecessors_pending_notice_becomes_the_successors() {
    let p = projection(
        "title = \"T\"\nparties = [\"X\", \"Y\", \"Z\", \"SU\", \"RU\"]\nsigned = 1980-01-01\n[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 1991-06-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"SU\"\n[[event]]\ndate = 1991-12-25\nkind = \"succeeded\"\nparty = \"RU\"\npredecessor = \"SU\"\n",
    );
    assert_eq!(p.withdrawals[0].party.as_deref(), Some("RU"));
    assert_eq!(p.withdrawals[0].effective, d(1992, 6, 1));
}

#[test]
fn three_listed_parties_without_succession_are_never_two_party() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n"
    ));
    assert!(p.end.is_none());
    assert_eq!(p.withdrawals.len(), 1);
}

#[test]
fn earliest_from_party_counts_from_each_membership() {
    let p = projection(&format!(
        "{HEAD3}in_force = 2016-01-01\n[term]\nlength = \"indefinite\"\n[membership]\nin_force_after = \"60d\"\nin_force_on = \"first-of-month-after\"\n[withdrawal]\nnotice = \"1y\"\nearliest = \"3y\"\nearliest_from = \"party\"\n[[event]]\ndate = 2020-03-15\nkind = \"deposited\"\nparty = \"C\"\n"
    ));
    let opens: Vec<_> = p
        .deadlines
        .iter()
        .filter(|x| x.kind == DeadlineKind::WithdrawalOpens)
        .map(|x| (x.date, x.party.clone()))
        .collect();
    assert_eq!(
        opens,
        vec![(d(2019, 1, 1), None), (d(2023, 6, 1), Some("C".to_owned()))]
    );
    // A notice by C before its own three years is refused.
    let e = engine_errors(&format!(
        "{HEAD3}in_force = 2016-01-01\n[term]\nlength = \"indefinite\"\n[membership]\nin_force_after = \"60d\"\nin_force_on = \"first-of-month-after\"\n[withdrawal]\nnotice = \"1y\"\nearliest = \"3y\"\nearliest_from = \"party\"\n[[event]]\ndate = 2020-03-15\nkind = \"deposited\"\nparty = \"C\"\n[[event]]\ndate = 2022-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n"
    ));
    assert!(has(&e, "C bound from 2020-06-01"), "{e:#?}");
}

#[test]
fn min_parties_ends_the_treaty_when_too_few_remain() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\nmin_parties = 3\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n"
    ));
    let end = p.end.unwrap();
    assert_eq!(
        (end.date, end.reason),
        (d(2011, 1, 1), EndReason::TooFewParties)
    );
    assert!(p.members.iter().all(|m| m.until == Some(d(2011, 1, 1))));
}

#[test]
fn membership_errors_name_the_party_and_the_day() {
    // Withdrawn while not bound (it had already left).
    let e = engine_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2004-01-01\nkind = \"withdrawn\"\nparty = \"C\"\n[[event]]\ndate = 2006-01-01\nkind = \"withdrawn\"\nparty = \"C\"\n"
    ));
    assert!(has(&e, "C is not bound on 2005-12-31"), "{e:#?}");
    // Joined while already bound.
    let e = engine_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2004-01-01\nkind = \"note\"\nparty = \"C\"\n[[event]]\ndate = 2005-01-01\nkind = \"joined\"\nparty = \"C\"\n"
    ));
    assert!(has(&e, "C is already bound on 2005-01-01"), "{e:#?}");
    // A notice before the party is bound.
    let e = engine_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[membership]\nin_force_after = \"60d\"\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 2004-01-01\nkind = \"deposited\"\nparty = \"C\"\n[[event]]\ndate = 2004-02-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n"
    ));
    assert!(has(&e, "it is bound only from 2004-03-01"), "{e:#?}");
}

#[test]
fn succession_needs_listed_distinct_parties() {
    let e = load_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2005-01-01\nkind = \"succeeded\"\nparty = \"C\"\npredecessor = \"D\"\n"
    ));
    assert!(
        has(&e, "\"D\" is not one of the treaty's `parties`"),
        "{e:#?}"
    );
    let e = load_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2005-01-01\nkind = \"succeeded\"\nparty = \"C\"\n"
    ));
    assert!(has(&e, "needs a `predecessor`"), "{e:#?}");
}

#[test]
fn status_lists_the_parties_bound_that_day() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2030-01-01\nkind = \"joined\"\nparty = \"C\"\n"
    ));
    assert_eq!(p.status.bound, vec!["A".to_owned(), "B".to_owned()]);
}

// ---- W. Withdrawal and denunciation clauses ----

#[test]
fn no_clause_gives_no_right_but_a_recorded_notice_takes_effect_after_12_months() {
    let text = format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2001-03-31\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"C\"\n"
    );
    let p = projection(&text);
    assert!(
        p.deadlines
            .iter()
            .all(|x| x.kind != DeadlineKind::WithdrawalOpens)
    );
    assert_eq!(p.withdrawals[0].effective, d(2002, 3, 31));
    assert!(
        audit_warnings(&text)
            .iter()
            .any(|w| w.code == Some("no-withdrawal-clause"))
    );
}

#[test]
fn ends_treaty_makes_one_withdrawal_end_it_for_all() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\nends = \"treaty\"\n[[event]]\ndate = 2010-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\n"
    ));
    let end = p.end.unwrap();
    assert_eq!(
        (end.date, end.reason),
        (d(2011, 1, 1), EndReason::Withdrawal)
    );
}

#[test]
fn a_notice_outside_every_window_is_refused_naming_the_next_window() {
    let clause = "[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\nevery = \"10y\"\nwindow = \"1y\"\n";
    const HEAD3: &str = "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 1948-07-09\n";
    let e = engine_errors(&format!(
        "{HEAD3}in_force = 1950-07-04\n{clause}[[event]]\ndate = 1962-01-01\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n"
    ));
    assert!(
        has(
            &e,
            "the next window runs from 1970-07-04 to 1971-07-03 inclusive"
        ),
        "{e:#?}"
    );
    let p = projection(&format!(
        "{HEAD3}in_force = 1950-07-04\n{clause}[[event]]\ndate = 1971-07-03\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n"
    ));
    assert_eq!(p.withdrawals[0].effective, d(1972, 7, 3));
    let windows: Vec<_> = p
        .deadlines
        .iter()
        .filter(|x| x.kind == DeadlineKind::WithdrawalWindow)
        .map(|x| (x.date, x.until))
        .take(2)
        .collect();
    assert_eq!(
        windows,
        vec![
            (d(1960, 7, 4), Some(d(1961, 7, 4))),
            (d(1970, 7, 4), Some(d(1971, 7, 4)))
        ]
    );
}

#[test]
fn windows_need_both_keys() {
    let e = load_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[withdrawal]\nevery = \"10y\"\n"
    ));
    assert!(has(&e, "need both `every` and `window`"), "{e:#?}");
}

const BIT: &str = "title = \"BIT\"\nparties = [\"A\", \"B\"]\nsigned = 1994-11-20\nin_force = 1995-03-01\n[term]\nlength = \"10y\"\n[renewal]\nmode = \"until-denounced\"\nnotice = \"12m\"\n";

fn bit_end(notice: &str) -> (chrono::NaiveDate, EndReason) {
    let p = projection(&format!(
        "{BIT}[[event]]\ndate = {notice}\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"B\"\n"
    ));
    let e = p.end.unwrap();
    (e.date, e.reason)
}

#[test]
fn until_denounced_follows_the_spec_examples() {
    assert_eq!(
        bit_end("2004-01-15"),
        (d(2005, 3, 1), EndReason::NonRenewal)
    );
    assert_eq!(
        bit_end("2004-06-01"),
        (d(2005, 6, 1), EndReason::NonRenewal)
    );
    assert_eq!(
        bit_end("2010-06-30"),
        (d(2011, 6, 30), EndReason::NonRenewal)
    );
}

#[test]
fn until_denounced_without_notice_continues_open_ended_and_lists_one_deadline() {
    let p = projection(BIT);
    let kinds: Vec<_> = p.periods.iter().map(|x| (x.kind, x.end)).collect();
    assert_eq!(
        kinds,
        vec![
            (PeriodKind::Initial, Some(d(2005, 3, 1))),
            (PeriodKind::Continuing, None)
        ]
    );
    let deadlines: Vec<_> = p
        .deadlines
        .iter()
        .filter(|x| x.kind == DeadlineKind::NonRenewalNotice)
        .map(|x| (x.date, x.period))
        .collect();
    assert_eq!(deadlines, vec![(d(2004, 2, 29), Some(0))]);
    assert_eq!(p.status.state, State::InForce);
    assert_eq!(p.status.period, Some(1));
}

#[test]
fn until_denounced_rejects_length_max_and_an_indefinite_term() {
    let e = load_errors(&format!(
        "{HEAD2}[term]\nlength = \"10y\"\n[renewal]\nmode = \"until-denounced\"\nnotice = \"1y\"\nmax = 2\n"
    ));
    assert!(has(&e, "`renewal.max` does not apply"), "{e:#?}");
    let e = load_errors(&format!(
        "{HEAD2}[term]\nlength = \"indefinite\"\n[renewal]\nmode = \"until-denounced\"\nnotice = \"1y\"\n"
    ));
    assert!(has(&e, "needs a fixed term first"), "{e:#?}");
    let e = load_errors(&format!(
        "{HEAD2}[term]\nlength = \"10y\"\n[renewal]\nmode = \"until-denounced\"\n"
    ));
    assert!(has(&e, "needs a `notice`"), "{e:#?}");
}

#[test]
fn until_denounced_ends_treaty_ends_it_for_every_party() {
    let p = projection(
        "title = \"M\"\nparties = [\"A\", \"B\", \"C\", \"D\"]\nsigned = 1936-07-20\nin_force = 1936-11-09\n[term]\nlength = \"20y\"\n[renewal]\nmode = \"until-denounced\"\nnotice = \"2y\"\nends = \"treaty\"\n[[event]]\ndate = 1990-05-31\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"C\"\n",
    );
    let e = p.end.unwrap();
    assert_eq!((e.date, e.reason), (d(1992, 5, 31), EndReason::NonRenewal));
}

#[test]
fn until_denounced_multilateral_notice_takes_only_that_party_out() {
    let p = projection(
        "title = \"M\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 1990-01-01\n[term]\nlength = \"10y\"\n[renewal]\nmode = \"until-denounced\"\nnotice = \"1y\"\n[[event]]\ndate = 2003-05-05\nkind = \"notice\"\neffect = \"non-renewal\"\nparty = \"C\"\n",
    );
    assert!(p.end.is_none());
    assert_eq!(p.withdrawals[0].effective, d(2004, 5, 5));
    assert_eq!(
        spans_of(&p, "C"),
        vec![(d(1990, 1, 1), Some(d(2004, 5, 5)))]
    );
}

const ART50: &str = "title = \"TEU\"\nparties = [\"UK\", \"FR\", \"DE\"]\nsigned = 1992-02-07\nin_force = 1993-11-01\n[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"2y\"\ntakes_effect = \"day-after\"\n[[event]]\ndate = 2017-03-29\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"UK\"\n";

#[test]
fn postponed_moves_a_pending_notice_each_time() {
    let p = projection(&format!(
        "{ART50}[[event]]\ndate = 2019-03-22\nkind = \"postponed\"\nparty = \"UK\"\neffective = 2019-04-13\n[[event]]\ndate = 2019-04-11\nkind = \"postponed\"\nparty = \"UK\"\neffective = 2019-11-01\n[[event]]\ndate = 2019-10-29\nkind = \"postponed\"\nparty = \"UK\"\neffective = 2020-02-01\n"
    ));
    assert_eq!(p.withdrawals[0].effective, d(2020, 2, 1));
    assert_eq!(p.withdrawals[0].postponed.len(), 3);
    assert!(p.end.is_none());
}

#[test]
fn a_postponement_after_the_notice_took_effect_finds_nothing() {
    let e = engine_errors(&format!(
        "{ART50}[[event]]\ndate = 2019-04-01\nkind = \"postponed\"\nparty = \"UK\"\neffective = 2019-11-01\n"
    ));
    assert!(
        has(&e, "finds no withdrawal notice of UK pending"),
        "{e:#?}"
    );
}

#[test]
fn a_suspended_notice_is_not_listed_and_may_be_revoked_late() {
    let suspended = projection(&format!(
        "{HEAD2}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"180d\"\n[[event]]\ndate = 2020-02-11\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\n[[event]]\ndate = 2020-06-02\nkind = \"postponed\"\nparty = \"B\"\n"
    ));
    assert!(suspended.withdrawals.is_empty() && suspended.end.is_none());
    let revoked = projection(&format!(
        "{HEAD2}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"180d\"\n[[event]]\ndate = 2020-02-11\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\nrevoked = 2021-07-30\n[[event]]\ndate = 2020-06-02\nkind = \"postponed\"\nparty = \"B\"\n"
    ));
    assert!(revoked.withdrawals.is_empty());
    // Resumed by a later postponement that names a date.
    let resumed = projection(&format!(
        "{HEAD2}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"180d\"\n[[event]]\ndate = 2020-02-11\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"B\"\n[[event]]\ndate = 2020-06-02\nkind = \"postponed\"\nparty = \"B\"\n[[event]]\ndate = 2021-01-01\nkind = \"postponed\"\nparty = \"B\"\neffective = 2021-06-01\n"
    ));
    assert_eq!(resumed.end.map(|e| e.date), Some(d(2021, 6, 1)));
}

#[test]
fn postponed_needs_a_party_with_more_than_two_parties() {
    let e = load_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2020-06-02\nkind = \"postponed\"\n"
    ));
    assert!(has(&e, "must name its `party`"), "{e:#?}");
}

#[test]
fn survival_dates_every_withdrawal_and_the_end() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\ntakes_effect = \"day-after\"\n[survival]\nlength = \"20y\"\n[[event]]\ndate = 2014-12-31\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n[[event]]\ndate = 2040-01-01\nkind = \"terminated\"\n"
    ));
    assert_eq!(p.withdrawals[0].survives_until, Some(d(2036, 1, 1)));
    let end = p.end.unwrap();
    assert_eq!(end.survives_until, Some(d(2060, 1, 1)));
    let survival: Vec<_> = p
        .deadlines
        .iter()
        .filter(|x| x.kind == DeadlineKind::SurvivalEnds)
        .map(|x| (x.date, x.party.clone()))
        .collect();
    assert_eq!(
        survival,
        vec![(d(2036, 1, 1), Some("A".to_owned())), (d(2060, 1, 1), None)]
    );
}

#[test]
fn without_survival_there_is_no_survives_until() {
    let p = projection(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\n[[event]]\ndate = 2014-12-31\nkind = \"notice\"\neffect = \"withdrawal\"\nparty = \"A\"\n"
    ));
    assert_eq!(p.withdrawals[0].survives_until, None);
}

// ---- S. Milestones ----

#[test]
fn milestones_repeat_from_the_anchor_and_stop_at_the_end_and_the_horizon() {
    let p = projection(
        "title = \"T\"\nparties = [\"A\", \"B\", \"C\"]\nsigned = 1968-07-01\nin_force = 1970-03-05\n[term]\nlength = \"25y\"\n[renewal]\nmode = \"none\"\n[[milestone]]\ntitle = \"Review conference\"\nafter = \"5y\"\nevery = \"5y\"\n[[milestone]]\ntitle = \"Fixed\"\ndate = 1980-01-01\n",
    );
    let dates: Vec<_> = p
        .milestones
        .iter()
        .map(|m| (m.date, m.title.as_str()))
        .collect();
    assert_eq!(
        dates,
        vec![
            (d(1975, 3, 5), "Review conference"),
            (d(1980, 1, 1), "Fixed"),
            (d(1980, 3, 5), "Review conference"),
            (d(1985, 3, 5), "Review conference"),
            (d(1990, 3, 5), "Review conference"),
        ]
    );
}

#[test]
fn a_milestone_takes_after_or_date_and_every_only_with_after() {
    let e = load_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[milestone]]\ntitle = \"X\"\ndate = 2001-01-01\nevery = \"1y\"\n"
    ));
    assert!(
        has(&e, "`every` repeats a milestone counted with `after`"),
        "{e:#?}"
    );
    let e = load_errors(&format!(
        "{HEAD3}[term]\nlength = \"indefinite\"\n[[milestone]]\ntitle = \"X\"\n"
    ));
    assert!(has(&e, "neither `after` nor `date`"), "{e:#?}");
}

// ---- R. Readings ----

const SEED: &str = "title = \"Seed\"\nparties = [\"China\", \"North Korea\"]\nsigned = 1961-07-11\nin_force = 1961-09-10\n[term]\nlength = \"indefinite\"\n";

#[test]
fn a_reading_replaces_tables_and_is_projected_beside_the_base() {
    let p = projection(&format!(
        "{SEED}[[reading]]\nname = \"reported-cycle\"\nwhy = \"Reported.\"\n[reading.term]\nlength = \"20y\"\nfrom = \"signed\"\n[reading.renewal]\nmode = \"automatic\"\n"
    ));
    assert_eq!(p.periods.len(), 1);
    assert_eq!(p.periods[0].end, None);
    let r = &p.readings[0];
    assert_eq!(r.name, "reported-cycle");
    assert_eq!(r.projection.status.period_end, Some(d(2041, 7, 11)));
}

#[test]
fn reading_errors_name_the_reading() {
    let e = load_errors(&format!(
        "{SEED}[[reading]]\nname = \"x\"\n[[reading]]\nname = \"x\"\n"
    ));
    assert!(has(&e, "two readings are named `x`"), "{e:#?}");
    let e = load_errors(&format!("{SEED}[[reading]]\nname = \"x\"\ncolour = 1\n"));
    assert!(
        has(&e, "in the reading `x`: `colour` is not a key"),
        "{e:#?}"
    );
    let e = load_errors(&format!("{SEED}[[reading]]\nname = \"Not An Id\"\n"));
    assert!(has(&e, "is not id-like"), "{e:#?}");
    // An event the reading cannot place.
    let e = engine_errors(&format!(
        "{SEED}[[event]]\ndate = 1980-01-01\nkind = \"renewed\"\nlength = \"20y\"\n[[reading]]\nname = \"x\"\n[reading.term]\nlength = \"5y\"\n"
    ));
    assert!(has(&e, "under the reading `x`"), "{e:#?}");
}

#[test]
fn a_reading_can_make_the_treaty_pending() {
    let p = projection(&format!(
        "{SEED}[[reading]]\nname = \"never\"\nin_force = \"pending\"\n"
    ));
    assert!(p.readings[0].projection.pending);
    assert!(!p.pending);
}

// ---- C. Acknowledged warnings ----

#[test]
fn allow_takes_known_codes_only() {
    let e = load_errors(&format!(
        "{HEAD3}allow = [\"late-notcie\"]\n[term]\nlength = \"indefinite\"\n"
    ));
    assert!(has(&e, "`late-notcie` is not a warning code"), "{e:#?}");
    let t = parse_treaty(
        "t",
        &format!("{HEAD3}allow = [\"late-notice\"]\n[term]\nlength = \"indefinite\"\n"),
    )
    .unwrap();
    assert_eq!(t.allow, vec!["late-notice".to_owned()]);
}

#[test]
fn every_warning_has_a_documented_code() {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/warnings.md")).unwrap();
    for (code, _) in treatyline::diag::WARNING_CODES {
        assert!(
            docs.contains(&format!("`{code}`")),
            "docs/warnings.md lacks {code}"
        );
    }
}

#[test]
fn allowed_warnings_pass_deny_warnings_and_show_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("t.toml");
    let text = format!(
        "{HEAD3}allow = [\"future-event\"]\n[term]\nlength = \"indefinite\"\n[[event]]\ndate = 2030-01-01\nkind = \"note\"\n"
    );
    std::fs::write(&file, text).unwrap();
    let run = |extra: &[&str]| {
        super::support::treatyline()
            .arg("--data")
            .arg(dir.path())
            .args(["check", "--deny-warnings"])
            .args(extra)
            .output()
            .unwrap()
    };
    let quiet = run(&[]);
    assert!(
        quiet.status.success(),
        "{}",
        String::from_utf8_lossy(&quiet.stderr)
    );
    assert!(String::from_utf8_lossy(&quiet.stdout).contains("0 warnings, 1 allowed"));
    let verbose = run(&["--verbose"]);
    assert!(verbose.status.success());
    let err = String::from_utf8_lossy(&verbose.stderr);
    assert!(err.contains("warning[future-event]"), "{err}");
    assert!(err.contains("(allowed in this file)"), "{err}");
}

#[test]
fn two_hundred_parties_draw_thirty_member_lanes_and_count_the_rest() {
    let parties: Vec<String> = (0..200).map(|i| format!("P{i:03}")).collect();
    let mut text = format!(
        "title = \"Big\"\nparties = [{}]\nsigned = 2000-01-01\n[term]\nlength = \"indefinite\"\n[withdrawal]\nnotice = \"1y\"\n",
        parties
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    for (i, p) in parties.iter().enumerate().skip(100) {
        text.push_str(&format!(
            "[[event]]\ndate = 2001-01-{:02}\nkind = \"deposited\"\nparty = \"{p}\"\n",
            i % 28 + 1
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.toml"), text).unwrap();
    let out = super::support::treatyline()
        .arg("--data")
        .arg(dir.path())
        .args(["timeline", "big", "--members"])
        .output()
        .unwrap();
    let text = super::support::succeeded(&out, "timeline big --members");
    let lanes = text.lines().filter(|l| l.starts_with("  P")).count();
    assert_eq!(lanes, treatyline::render::timeline::MEMBER_LANES);
    assert!(text.contains("… and 170 more parties"), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}
