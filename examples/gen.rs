//! Writes a synthetic, realistic treaty dataset for benchmarks.
//!
//! `cargo run --release --example gen -- N DIR [--seed S]`
//!
//! The same `N` and seed always give the same files, byte for byte. Each
//! treaty's history is built by walking its boundaries the way the engine
//! does (boundaries counted from the anchor, clamped month arithmetic), so
//! every recorded renewal and extension attaches to a boundary before the
//! end and `treatyline check` accepts the whole set without a warning.
//!
//! The mix, per treaty (see `docs/performance.md`): 72% bilateral; terms of
//! years (55%), of months (13%), of weeks or days (3%), indefinite (14%) or
//! a fixed expiry (15%); renewal automatic (45%), by agreement (15%),
//! `none` (8%) or no clause (32%); a withdrawal clause in 30% of bilateral
//! and 70% of multilateral treaties. Histories record renewals, extensions,
//! non-renewal and withdrawal notices (some revoked, some naming their
//! effective date), withdrawals, accessions, terminations, expiries,
//! suspensions, amendments and notes. One treaty in 5,000 is a stress case:
//! monthly periods since the 19th century or yearly ones since the Middle
//! Ages, with a recorded renewal at every boundary (over a thousand events).
//! Files go to `DIR/<bilateral|multilateral>/<decade>/<id>.toml`.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, Months, NaiveDate};

/// No event is dated after this day (the audit warns about future facts).
const CUTOFF: (i32, u32, u32) = (2026, 6, 30);

/// One treaty in this many is a stress case with a very long history.
const STRESS_EVERY: u64 = 5000;

const STATES: &[&str] = &[
    "Argentina",
    "Australia",
    "Austria",
    "Belgium",
    "Brazil",
    "Canada",
    "Chile",
    "China",
    "Colombia",
    "Czechia",
    "Denmark",
    "Egypt",
    "Estonia",
    "Ethiopia",
    "Finland",
    "France",
    "Germany",
    "Ghana",
    "Greece",
    "Hungary",
    "India",
    "Indonesia",
    "Ireland",
    "Israel",
    "Italy",
    "Japan",
    "Kazakhstan",
    "Kenya",
    "Latvia",
    "Lithuania",
    "Malaysia",
    "Mexico",
    "Morocco",
    "Netherlands",
    "New Zealand",
    "Nigeria",
    "Norway",
    "Pakistan",
    "Peru",
    "Philippines",
    "Poland",
    "Portugal",
    "Romania",
    "Russia",
    "Saudi Arabia",
    "Senegal",
    "Singapore",
    "South Africa",
    "South Korea",
    "Spain",
    "Sweden",
    "Switzerland",
    "Thailand",
    "Turkey",
    "Ukraine",
    "United Kingdom",
    "United States",
    "Uruguay",
    "Viet Nam",
    "Zambia",
];

const SUBJECTS: &[&str] = &[
    "Friendship and Cooperation",
    "Trade and Navigation",
    "the Avoidance of Double Taxation",
    "Air Services",
    "the Promotion and Protection of Investments",
    "Fisheries",
    "Cultural Cooperation",
    "Extradition",
    "Mutual Legal Assistance",
    "Scientific and Technical Cooperation",
    "Defence Cooperation",
    "Social Security",
    "the Use of Transboundary Waters",
    "Visa Facilitation",
    "Maritime Transport",
    "Energy Cooperation",
];

/// SplitMix64: small, fast and good enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut r = Rng(seed);
        r.next();
        r
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = u64::try_from(hi - lo).unwrap_or(0) + 1;
        lo + i64::try_from(self.next() % span).unwrap_or(0)
    }

    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64) / ((1u64 << 53) as f64) < p
    }

    fn pick<T: Copy>(&mut self, xs: &[T]) -> Option<T> {
        let n = i64::try_from(xs.len()).ok()?;
        let i = usize::try_from(self.range(0, n - 1)).ok()?;
        xs.get(i).copied()
    }
}

/// A length as the engine sums it: months and days, and how it is written.
#[derive(Clone, Copy, Debug)]
struct Len {
    months: u32,
    days: u64,
    text: &'static str,
}

const fn len(months: u32, days: u64, text: &'static str) -> Len {
    Len { months, days, text }
}

const YEAR_TERMS: &[Len] = &[
    len(12, 0, "1y"),
    len(24, 0, "2y"),
    len(36, 0, "3y"),
    len(60, 0, "5y"),
    len(60, 0, "P5Y"),
    len(60, 0, "5y"),
    len(120, 0, "10y"),
    len(120, 0, "10y"),
    len(120, 0, "P10Y"),
    len(180, 0, "15y"),
    len(240, 0, "20y"),
    len(240, 0, "20y"),
    len(300, 0, "25y"),
    len(360, 0, "30y"),
    len(600, 0, "50y"),
    len(1188, 0, "99y"),
];
const MONTH_TERMS: &[Len] = &[
    len(6, 0, "6m"),
    len(18, 0, "1y6m"),
    len(18, 0, "18m"),
    len(30, 0, "2y6m"),
    len(9, 0, "9m"),
    len(42, 0, "P3Y6M"),
    len(3, 0, "3m"),
];
const DAY_TERMS: &[Len] = &[
    len(0, 90, "90d"),
    len(0, 182, "26w"),
    len(12, 14, "1y2w"),
    len(0, 365, "365d"),
];
const RENEWAL_LENGTHS: &[Len] = &[
    len(12, 0, "1y"),
    len(24, 0, "2y"),
    len(60, 0, "5y"),
    len(60, 0, "5y"),
    len(120, 0, "10y"),
    len(120, 0, "P10Y"),
    len(240, 0, "20y"),
    len(6, 0, "6m"),
];
const NOTICES: &[Len] = &[
    len(6, 0, "6m"),
    len(6, 0, "6m"),
    len(6, 0, "P6M"),
    len(12, 0, "1y"),
    len(12, 0, "12m"),
    len(3, 0, "3m"),
    len(0, 90, "90d"),
];
const WITHDRAWAL_NOTICES: &[Len] = &[
    len(6, 0, "6m"),
    len(12, 0, "12m"),
    len(12, 0, "1y"),
    len(12, 0, "P1Y"),
    len(3, 0, "3m"),
    len(0, 90, "90d"),
    len(0, 150, "150d"),
];
const EARLIEST: &[Len] = &[
    len(12, 0, "1y"),
    len(36, 0, "3y"),
    len(60, 0, "5y"),
    len(120, 0, "10y"),
];
const EXTENSIONS: &[Len] = &[
    len(12, 0, "1y"),
    len(24, 0, "2y"),
    len(6, 0, "6m"),
    len(60, 0, "5y"),
];

fn add(d: NaiveDate, months: u32, days: u64) -> Option<NaiveDate> {
    d.checked_add_months(Months::new(months))?
        .checked_add_days(Days::new(days))
}

fn sub(d: NaiveDate, months: u32, days: u64) -> Option<NaiveDate> {
    d.checked_sub_months(Months::new(months))?
        .checked_sub_days(Days::new(days))
}

fn plus_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
}

fn days_between(a: NaiveDate, b: NaiveDate) -> i64 {
    (b - a).num_days()
}

/// A day strictly after `lo` and on or before `hi`, or `None`.
fn day_in(r: &mut Rng, lo: NaiveDate, hi: NaiveDate) -> Option<NaiveDate> {
    let n = days_between(lo, hi);
    if n < 1 {
        return None;
    }
    plus_days(lo, r.range(1, n))
}

/// The withdrawal clause, as the generator needs it.
#[derive(Clone, Copy)]
struct Withdrawal {
    notice: Len,
    earliest: Option<Len>,
    takes_effect: usize,
}

const TAKES_EFFECT: &[&str] = &[
    "anniversary",
    "day-after",
    "first-of-month-after",
    "end-of-following-year",
];

impl Withdrawal {
    /// The effective date the clause gives a notice received on `d`.
    fn effective(&self, d: NaiveDate) -> Option<NaiveDate> {
        let after = add(d, self.notice.months, self.notice.days)?;
        match self.takes_effect {
            1 => after.succ_opt(),
            2 => {
                let (y, m) = if after.month() == 12 {
                    (after.year() + 1, 1)
                } else {
                    (after.year(), after.month() + 1)
                };
                NaiveDate::from_ymd_opt(y, m, 1)
            }
            3 => NaiveDate::from_ymd_opt(d.year() + 2, 1, 1),
            _ => Some(after),
        }
    }
}

/// One `[[event]]`.
struct Event {
    date: NaiveDate,
    kind: &'static str,
    /// Extra `key = value` lines, values already TOML.
    fields: Vec<(&'static str, String)>,
    note: bool,
}

impl Event {
    fn new(date: NaiveDate, kind: &'static str) -> Event {
        Event {
            date,
            kind,
            fields: Vec::new(),
            note: true,
        }
    }

    fn with(mut self, key: &'static str, value: String) -> Event {
        self.fields.push((key, value));
        self
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// Where the boundaries are counted from, as in the engine.
struct Count {
    base: NaiveDate,
    months: u32,
    days: u64,
}

impl Count {
    fn boundary(&self) -> Option<NaiveDate> {
        add(self.base, self.months, self.days)
    }

    fn push(&mut self, l: Len) {
        self.months += l.months;
        self.days += l.days;
    }

    fn restart(&mut self, base: NaiveDate, l: Option<Len>) {
        self.base = base;
        self.months = l.map_or(0, |l| l.months);
        self.days = l.map_or(0, |l| l.days);
    }
}

fn random_date(r: &mut Rng, from_year: i64, to_year: i64) -> Option<NaiveDate> {
    let y = i32::try_from(r.range(from_year, to_year)).ok()?;
    let m = u32::try_from(r.range(1, 12)).ok()?;
    // Mostly ordinary days, sometimes a month end to exercise clamping.
    let d = if r.chance(0.08) {
        let next = if m == 12 {
            NaiveDate::from_ymd_opt(y + 1, 1, 1)?
        } else {
            NaiveDate::from_ymd_opt(y, m + 1, 1)?
        };
        return next.pred_opt();
    } else {
        u32::try_from(r.range(1, 28)).ok()?
    };
    NaiveDate::from_ymd_opt(y, m, d)
}

/// One generated treaty: its path under the dataset folder and its text.
pub(crate) struct Generated {
    /// Where the file goes, relative to the dataset folder.
    pub(crate) path: PathBuf,
    /// The file's text.
    pub(crate) text: String,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Automatic,
    Agreement,
    NoRenewal,
    Absent,
}

/// The treaty number `index` of the dataset made with `seed`; `None` only
/// if a date left the calendar (a bug).
pub(crate) fn treaty(index: u64, seed: u64) -> Option<Generated> {
    let mut r = Rng::new(seed ^ index.wrapping_mul(0xD1B5_4A32_D192_ED03));
    let cutoff = NaiveDate::from_ymd_opt(CUTOFF.0, CUTOFF.1, CUTOFF.2)?;
    let stress = index % STRESS_EVERY == STRESS_EVERY / 2;

    // Parties.
    let bilateral = stress || r.chance(0.72);
    let count = if bilateral { 2 } else { r.range(3, 12) };
    let mut parties: Vec<&str> = Vec::new();
    while i64::try_from(parties.len()).ok()? < count {
        let p = r.pick(STATES)?;
        if !parties.contains(&p) {
            parties.push(p);
        }
    }

    // Dates.
    let signed = if stress {
        if index % (2 * STRESS_EVERY) < STRESS_EVERY {
            random_date(&mut r, 1000, 1400)?
        } else {
            random_date(&mut r, 1850, 1880)?
        }
    } else if r.chance(0.85) {
        random_date(&mut r, 1945, 2024)?
    } else {
        random_date(&mut r, 1850, 1944)?
    };
    let in_force = (!stress && r.chance(0.75)).then(|| plus_days(signed, r.range(0, 900)));
    let in_force = in_force.flatten().filter(|d| *d <= cutoff);
    let from_choice = r.range(0, 99);
    let (anchor, from_line) = match (from_choice, in_force) {
        (0..=6, _) => (signed, Some("\"signed\"".to_owned())),
        (7..=9, Some(f)) => (f, Some("\"in_force\"".to_owned())),
        (10..=12, _) => {
            let d = plus_days(in_force.unwrap_or(signed), r.range(1, 60))?;
            (d, Some(d.to_string()))
        }
        (_, Some(f)) => (f, None),
        (_, None) => (signed, None),
    };

    // Term.
    enum Term {
        Length(Len),
        Expires(NaiveDate),
        Indefinite,
    }
    let term_choice = r.range(0, 99);
    let term = if stress {
        if index % (2 * STRESS_EVERY) < STRESS_EVERY {
            Term::Length(len(12, 0, "1y"))
        } else {
            Term::Length(len(1, 0, "1m"))
        }
    } else {
        match term_choice {
            0..=54 => Term::Length(r.pick(YEAR_TERMS)?),
            55..=67 => Term::Length(r.pick(MONTH_TERMS)?),
            68..=70 => Term::Length(r.pick(DAY_TERMS)?),
            71..=84 => Term::Indefinite,
            _ => Term::Expires(add(
                anchor,
                u32::try_from(r.range(12, 480)).ok()?,
                u64::try_from(r.range(0, 300)).ok()?,
            )?),
        }
    };

    // Renewal.
    let mode = if stress {
        Mode::Automatic
    } else if matches!(term, Term::Indefinite) {
        if r.chance(0.1) {
            Mode::NoRenewal
        } else {
            Mode::Absent
        }
    } else {
        match r.range(0, 99) {
            0..=44 => Mode::Automatic,
            45..=59 => Mode::Agreement,
            60..=67 => Mode::NoRenewal,
            _ => Mode::Absent,
        }
    };
    let renews = matches!(mode, Mode::Automatic | Mode::Agreement);
    let renewal_length = match term {
        Term::Length(l) if stress => Some(l),
        Term::Expires(_) if renews => Some(r.pick(RENEWAL_LENGTHS)?),
        _ if renews && r.chance(0.35) => Some(r.pick(RENEWAL_LENGTHS)?),
        _ => None,
    };
    let renewal_length_written = renewal_length.filter(|_| !stress);
    let term_length = match term {
        Term::Length(l) => Some(l),
        _ => None,
    };
    let period_len = renewal_length.or(term_length);
    let max = (renews && !stress && r.chance(0.25)).then(|| r.range(1, 6));
    let shortest_days = [term_length, renewal_length]
        .iter()
        .flatten()
        .map(|l| i64::from(l.months) * 30 + i64::try_from(l.days).unwrap_or(0))
        .min()
        .unwrap_or(i64::MAX);
    let notice = match mode {
        Mode::Automatic if stress => Some(len(0, 7, "1w")),
        Mode::Automatic if r.chance(0.7) => Some(r.pick(NOTICES)?),
        Mode::Agreement if r.chance(0.1) => Some(r.pick(NOTICES)?),
        _ => None,
    }
    .filter(|n| {
        (i64::from(n.months) * 31 + i64::try_from(n.days).unwrap_or(0)) * 2 < shortest_days
    });

    // Withdrawal clause.
    let withdrawal_clause = !stress && r.chance(if bilateral { 0.3 } else { 0.7 });
    let withdrawal = Withdrawal {
        notice: if withdrawal_clause && r.chance(0.8) {
            r.pick(WITHDRAWAL_NOTICES)?
        } else {
            len(12, 0, "12m")
        },
        earliest: if withdrawal_clause && r.chance(0.25) {
            Some(r.pick(EARLIEST)?)
        } else {
            None
        },
        takes_effect: if withdrawal_clause && r.chance(0.6) {
            usize::try_from(r.range(0, 3)).ok()?
        } else {
            0
        },
    };
    let notice_written = withdrawal_clause && withdrawal.notice.text != "12m";
    let takes_effect_written = withdrawal_clause && withdrawal.takes_effect != 0;
    let opens = match withdrawal.earliest {
        Some(e) => add(anchor, e.months, e.days)?,
        None => anchor,
    };

    // History: walk the boundaries up to the cutoff, as the engine would.
    let mut events: Vec<Event> = Vec::new();
    let mut active: Vec<&str> = parties.clone();
    let mut left: Vec<(&str, NaiveDate)> = Vec::new();
    let mut end: Option<NaiveDate> = None;
    let mut used: i64 = 0;
    let (mut count, mut period_end) = match term {
        Term::Length(l) => {
            let c = Count {
                base: anchor,
                months: l.months,
                days: l.days,
            };
            let b = c.boundary();
            (c, b)
        }
        Term::Expires(d) => (
            Count {
                base: d,
                months: 0,
                days: 0,
            },
            Some(d),
        ),
        Term::Indefinite => (
            Count {
                base: anchor,
                months: 0,
                days: 0,
            },
            None,
        ),
    };
    let mut period_start = anchor;
    // Once a two-party withdrawal is under way (this is its effective
    // date), nothing more is recorded.
    let mut leaving_from: Option<NaiveDate> = None;
    let hazard = if stress { 0.0 } else { 1.0 };

    loop {
        let horizon = period_end.map_or(cutoff, |b| b.min(cutoff));
        if period_start >= cutoff {
            break;
        }
        // A withdrawal notice in this period.
        let bilateral_withdrawal_ok = bilateral
            && leaving_from.is_none()
            && matches!(mode, Mode::Automatic | Mode::Absent | Mode::NoRenewal)
            && (period_end.is_none() || mode == Mode::Automatic);
        let p_withdraw = if bilateral { 0.012 } else { 0.05 } * hazard;
        let may_withdraw = if bilateral {
            bilateral_withdrawal_ok
        } else {
            active.len() > 2
        };
        if may_withdraw && r.chance(p_withdraw) {
            let lo = period_start.max(opens).max(signed);
            if let (Some(d), Some(party)) = (day_in(&mut r, lo, horizon), r.pick(&active)) {
                let clause = withdrawal.effective(d);
                let named = if r.chance(0.15) {
                    clause.and_then(|c| NaiveDate::from_ymd_opt(c.year() + 1, 1, 1))
                } else {
                    None
                };
                if let Some(effective) = named.or(clause) {
                    let mut ev = Event::new(d, "notice")
                        .with("effect", quoted("withdrawal"))
                        .with("party", quoted(party));
                    if let Some(n) = named {
                        ev = ev.with("effective", n.to_string());
                    }
                    let revoked = r.chance(0.1) && days_between(d, effective) > 2;
                    if revoked {
                        let rv = day_in(&mut r, d, effective.pred_opt()?)?;
                        if rv <= cutoff {
                            ev = ev.with("revoked", rv.to_string());
                            events.push(ev);
                        }
                    } else {
                        events.push(ev);
                        if effective <= cutoff && r.chance(0.7) {
                            events.push(
                                Event::new(effective, "withdrawn").with("party", quoted(party)),
                            );
                        }
                        if bilateral {
                            leaving_from = Some(effective);
                            if period_end.is_none() {
                                end = Some(effective);
                                break;
                            }
                        } else {
                            active.retain(|p| *p != party);
                            left.push((party, effective));
                        }
                    }
                }
            }
        }
        // A termination by agreement in this period.
        if leaving_from.is_none()
            && r.chance(0.015 * hazard)
            && let Some(d) = period_end
                .and_then(|b| b.pred_opt())
                .map_or(day_in(&mut r, period_start, cutoff), |last| {
                    day_in(&mut r, period_start, last.min(cutoff))
                })
        {
            events.push(Event::new(d, "terminated"));
            end = Some(d);
            break;
        }
        // A multilateral party rejoins.
        if !bilateral
            && r.chance(0.2)
            && let Some((party, since)) = left.pop()
        {
            if let Some(d) = day_in(&mut r, since.max(period_start), horizon) {
                events.push(Event::new(d, "joined").with("party", quoted(party)));
                active.push(party);
            } else {
                left.push((party, since));
            }
        }

        let Some(b) = period_end else {
            // Indefinite: one step of ten years of history.
            period_start = add(period_start, 120, 0)?;
            continue;
        };
        if b > cutoff {
            break;
        }
        // A two-party withdrawal ends the treaty before this boundary.
        if let Some(e) = leaving_from
            && e <= b
        {
            end = Some(e);
            break;
        }
        let days = days_between(period_start, b);
        let max_left = max.is_none_or(|m| used < m);
        let recordable = days > 200 && leaving_from.is_none();
        let roll = r.range(0, 99);

        // A timely non-renewal notice for this boundary.
        if mode == Mode::Automatic && max_left && leaving_from.is_none() && !stress && roll < 4 {
            let last_safe = match notice {
                Some(n) => sub(b, n.months, n.days).and_then(|d| d.pred_opt()),
                None => b.pred_opt(),
            };
            let lo = period_start.max(signed);
            let window_lo = last_safe.and_then(|l| plus_days(l, -60)).map(|w| w.max(lo));
            if let (Some(l), Some(w)) = (last_safe, window_lo)
                && let Some(d) = day_in(&mut r, w, l)
                && let Some(party) = r.pick(&active)
            {
                let ev = Event::new(d, "notice")
                    .with("effect", quoted("non-renewal"))
                    .with("party", quoted(party));
                if r.chance(0.15) {
                    // Revoked before the boundary: changes nothing.
                    if let Some(rv) = day_in(&mut r, d, b.pred_opt()?) {
                        events.push(ev.with("revoked", rv.to_string()));
                    }
                } else if bilateral {
                    events.push(ev);
                    if r.chance(0.4) {
                        events.push(Event::new(b, "expired"));
                    }
                    end = Some(b);
                    break;
                } else if active.len() > 2 {
                    // The others go on without the notifying party; a
                    // treaty is never left with fewer than two.
                    events.push(ev);
                    active.retain(|p| *p != party);
                    left.push((party, b));
                }
            }
        }

        let period = match mode {
            Mode::Automatic if !max_left => None,
            Mode::Automatic => {
                if stress {
                    // A recorded renewal at every boundary.
                    if days > 200 {
                        let d = plus_days(b, -r.range(5, 60))?;
                        events.push(Event::new(d, "renewed"));
                    } else {
                        let d = plus_days(b, r.range(1, 5))?.min(cutoff);
                        events.push(Event::new(d, "renewed").with("effective", b.to_string()));
                    }
                    period_len.map(|l| (l, false))
                } else if recordable && roll < 22 {
                    record_renewal(&mut r, &mut events, period_start, b, period_len, cutoff)?
                } else if recordable && roll < 25 {
                    record_extension(&mut r, &mut events, period_start, b, &mut count)?
                } else {
                    period_len.map(|l| (l, false))
                }
            }
            Mode::Agreement if max_left && recordable && roll < 65 => {
                record_renewal(&mut r, &mut events, period_start, b, period_len, cutoff)?
            }
            _ => None,
        };
        match period {
            None => {
                // The rules stop renewing here.
                if r.chance(0.5) {
                    events.push(Event::new(b, "expired"));
                }
                end = Some(b);
                break;
            }
            Some((l, restarted)) => {
                used += 1;
                if !restarted {
                    count.push(l);
                }
                period_start = b;
                period_end = count.boundary();
            }
        }
    }

    if end.is_none() {
        end = leaving_from;
    }
    // Recorded facts that move no date.
    let life_end = end.unwrap_or(cutoff).min(cutoff);
    let extra = if stress {
        r.range(200, 400)
    } else {
        match r.range(0, 99) {
            0..=34 => 0,
            35..=79 => r.range(1, 2),
            80..=96 => r.range(3, 8),
            _ => r.range(9, 40),
        }
    };
    for _ in 0..extra {
        let Some(d) = day_in(&mut r, signed, life_end) else {
            break;
        };
        let kind_roll = r.range(0, 99);
        let party = r.pick(&parties)?;
        let ev = match kind_roll {
            0..=54 => Event::new(d, "note"),
            55..=74 => Event::new(d, "amended"),
            75..=84 => {
                if let Some(back) = day_in(&mut r, d, life_end) {
                    events.push(Event::new(back, "resumed").with("party", quoted(party)));
                }
                Event::new(d, "suspended").with("party", quoted(party))
            }
            // A `joined` event makes a party bound from that day (spec v2
            // section M): only rejoining after a withdrawal (above) records one.
            85..=92 if !bilateral => Event::new(d, "amended").with("party", quoted(party)),
            _ => Event::new(d, "note").with("party", quoted(party)),
        };
        events.push(ev);
    }
    events.sort_by_key(|e| e.date);

    // The text.
    let year = signed.year();
    let id = format!(
        "{}-{}-{year}-{index:06}",
        short_code(parties.first().copied().unwrap_or("x")),
        short_code(parties.get(1).copied().unwrap_or("y")),
    );
    let subject = r.pick(SUBJECTS)?;
    let mut t = String::with_capacity(2048);
    let title = if bilateral {
        format!(
            "Agreement between {} and {} on {subject}",
            parties.first().copied().unwrap_or_default(),
            parties.get(1).copied().unwrap_or_default()
        )
    } else {
        format!("Convention on {subject}")
    };
    let _ = writeln!(t, "# {title} (synthetic, generated by examples/gen.rs)");
    if r.chance(0.5) {
        let _ = writeln!(t, "id = \"{id}\"");
    }
    let _ = writeln!(t, "title = \"{title}\"");
    if r.chance(0.4) {
        let _ = writeln!(t, "short = \"{subject} ({year})\"");
    }
    let list: Vec<String> = parties.iter().map(|p| quoted(p)).collect();
    let _ = writeln!(t, "parties = [{}]", list.join(", "));
    let _ = writeln!(t, "signed = {signed}");
    if let Some(f) = in_force {
        let _ = writeln!(t, "in_force = {f}");
    }
    if r.chance(0.6) {
        let _ = writeln!(t, "sources = [");
        for k in 0..r.range(1, 3) {
            let _ = writeln!(t, "  \"https://treaties.example.org/{year}/{index}/{k}\",");
        }
        let _ = writeln!(t, "]");
    }
    if r.chance(0.3) {
        let _ = writeln!(
            t,
            "clause = \"\"\"Article {}\n1. This Agreement shall remain in force for the period stated in it and shall be renewed as provided, unless either Party gives written notice through diplomatic channels.\n2. Notice of withdrawal shall take effect as provided in this Article.\"\"\"",
            r.range(10, 40)
        );
    }
    if r.chance(0.5) {
        let tag = if bilateral {
            "bilateral"
        } else {
            "multilateral"
        };
        let _ = writeln!(t, "tags = [\"{tag}\", \"synthetic\"]");
    }
    if r.chance(0.05) {
        let _ = writeln!(
            t,
            "caveat = \"Synthetic data: the dates are invented for benchmarks.\""
        );
    }
    let _ = writeln!(t, "\n[term]");
    match term {
        Term::Length(l) => {
            let _ = writeln!(t, "length = \"{}\"", l.text);
        }
        Term::Expires(d) => {
            if r.chance(0.3) {
                let _ = writeln!(t, "last_day = {}", d.pred_opt()?);
            } else {
                let _ = writeln!(t, "expires = {d}");
            }
        }
        Term::Indefinite => {
            let _ = writeln!(t, "length = \"indefinite\"");
        }
    }
    if let Some(f) = from_line {
        let _ = writeln!(t, "from = {f}");
    }
    if mode != Mode::Absent {
        let name = match mode {
            Mode::Automatic => "automatic",
            Mode::Agreement => "agreement",
            _ => "none",
        };
        let _ = writeln!(t, "\n[renewal]\nmode = \"{name}\"");
        if let Some(l) = renewal_length_written {
            let _ = writeln!(t, "length = \"{}\"", l.text);
        }
        if let Some(m) = max {
            let _ = writeln!(t, "max = {m}");
        }
        if let Some(n) = notice {
            let _ = writeln!(t, "notice = \"{}\"", n.text);
        }
    }
    // A withdrawal notice needs a clause giving the right (spec v2 section
    // W); a treaty whose clause has only defaults gets an empty table.
    let notices_withdrawal = events
        .iter()
        .any(|e| e.kind == "notice" && e.fields.iter().any(|(_, v)| v == "\"withdrawal\""));
    if withdrawal_clause || notices_withdrawal {
        let _ = writeln!(t, "\n[withdrawal]");
        if notice_written {
            let _ = writeln!(t, "notice = \"{}\"", withdrawal.notice.text);
        }
        if let Some(e) = withdrawal.earliest {
            let _ = writeln!(t, "earliest = \"{}\"", e.text);
        }
        if takes_effect_written {
            let name = TAKES_EFFECT.get(withdrawal.takes_effect).copied()?;
            let _ = writeln!(t, "takes_effect = \"{name}\"");
        }
    }
    for e in &events {
        let _ = writeln!(t, "\n[[event]]\ndate = {}\nkind = \"{}\"", e.date, e.kind);
        for (k, v) in &e.fields {
            let _ = writeln!(t, "{k} = {v}");
        }
        if e.note && !stress && r.chance(0.8) {
            let _ = writeln!(
                t,
                "note = \"Recorded {} ({}); synthetic entry for benchmarking.\"",
                e.kind, e.date
            );
        }
        if !stress && r.chance(0.3) {
            let _ = writeln!(
                t,
                "source = \"https://treaties.example.org/events/{index}\""
            );
        }
    }

    let folder = if bilateral {
        "bilateral"
    } else {
        "multilateral"
    };
    let decade = format!("{}s", year / 10 * 10);
    Some(Generated {
        path: Path::new(folder).join(decade).join(format!("{id}.toml")),
        text: t,
    })
}

/// A recorded renewal for the boundary `b`: plain, with its own length, or
/// recorded late with `effective`. Returns the next period's length and
/// whether the count restarted (never, here).
fn record_renewal(
    r: &mut Rng,
    events: &mut Vec<Event>,
    start: NaiveDate,
    b: NaiveDate,
    period_len: Option<Len>,
    cutoff: NaiveDate,
) -> Option<Option<(Len, bool)>> {
    let roll = r.range(0, 99);
    if roll < 10 {
        // Recorded after the boundary, naming it.
        let d = plus_days(b, r.range(1, 90))?.min(cutoff);
        events.push(Event::new(d, "renewed").with("effective", b.to_string()));
        return Some(period_len.map(|l| (l, false)));
    }
    // Dated more than 180 days into the period and up to the boundary
    // (a renewal just after a boundary is audited as a likely mistake).
    let lo = plus_days(start, 181)?.max(plus_days(b, -365)?);
    let d = if lo >= b { b } else { day_in(r, lo, b)? };
    if roll < 20 {
        let own = r.pick(RENEWAL_LENGTHS)?;
        events.push(Event::new(d, "renewed").with("length", quoted(own.text)));
        return Some(Some((own, false)));
    }
    events.push(Event::new(d, "renewed"));
    Some(period_len.map(|l| (l, false)))
}

/// A recorded extension at `b`, by length or to a date. The count restarts.
fn record_extension(
    r: &mut Rng,
    events: &mut Vec<Event>,
    start: NaiveDate,
    b: NaiveDate,
    count: &mut Count,
) -> Option<Option<(Len, bool)>> {
    let lo = plus_days(start, 1)?.max(plus_days(b, -365)?);
    let d = if lo >= b { b } else { day_in(r, lo, b)? };
    if r.chance(0.5) {
        let l = r.pick(EXTENSIONS)?;
        events.push(Event::new(d, "extended").with("length", quoted(l.text)));
        count.restart(b, Some(l));
    } else {
        let until = add(b, u32::try_from(r.range(3, 36)).ok()?, 0)?;
        if r.chance(0.3) {
            events.push(Event::new(d, "extended").with("last_day", until.pred_opt()?.to_string()));
        } else {
            events.push(Event::new(d, "extended").with("expires", until.to_string()));
        }
        count.restart(until, None);
    }
    // The extension period runs from `b` to the restarted count's boundary;
    // the caller moves to it.
    Some(Some((len(0, 0, ""), true)))
}

fn short_code(name: &str) -> String {
    name.chars()
        .filter(char::is_ascii_alphabetic)
        .take(3)
        .collect::<String>()
        .to_ascii_lowercase()
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let mut positional = Vec::new();
    let mut seed: u64 = 2026;
    while let Some(a) = args.next() {
        if a == "--seed" {
            seed = args.next().ok_or("--seed takes a number")?.parse()?;
        } else {
            positional.push(a);
        }
    }
    let [n, dir] = positional.as_slice() else {
        return Err("usage: gen N DIR [--seed S]".into());
    };
    let n: u64 = n.parse()?;
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;

    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let threads = u64::try_from(threads)?;
    let written: Result<u64, String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|k| {
                let dir = &dir;
                s.spawn(move || -> Result<u64, String> {
                    let mut bytes = 0u64;
                    let mut i = k;
                    while i < n {
                        let g = treaty(i, seed)
                            .ok_or_else(|| format!("treaty {i}: a date left the calendar"))?;
                        let path = dir.join(&g.path);
                        if let Some(parent) = path.parent() {
                            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
                        }
                        std::fs::write(&path, &g.text).map_err(|e| e.to_string())?;
                        bytes += u64::try_from(g.text.len()).unwrap_or(0);
                        i += threads;
                    }
                    Ok(bytes)
                })
            })
            .collect();
        let mut total = 0;
        for h in handles {
            total += h
                .join()
                .map_err(|_| "a writer thread panicked".to_owned())??;
        }
        Ok(total)
    });
    let bytes = written?;
    eprintln!(
        "wrote {n} treaties ({:.1} MB) to {} (seed {seed})",
        bytes as f64 / 1e6,
        dir.display()
    );
    Ok(())
}
