//! Writes a member-heavy synthetic dataset for benchmarks (spec v2 section
//! M): multilateral treaties of 50 to 200 parties whose histories record
//! deposits (with a `[membership]` rule), withdrawals and rejoinings, and
//! successions.
//!
//! `cargo run --release --example gen_members -- N DIR [--seed S]`
//!
//! The same `N` and seed always give the same files. Every file passes
//! `treatyline check --deny-warnings`: each party's events are laid out in
//! the order membership allows (a deposit opens a membership; a notice is
//! given while bound; a party rejoins after its withdrawal took effect).

use std::error::Error;
use std::fmt::Write as _;
use std::path::PathBuf;

use chrono::{Days, NaiveDate};

/// A small deterministic generator (xorshift64*), so that a seed gives the
/// same dataset on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo).max(1)
    }
}

fn day(start: NaiveDate, days: u64) -> NaiveDate {
    start.checked_add_days(Days::new(days)).unwrap_or(start)
}

fn treaty(index: u64, r: &mut Rng) -> String {
    let parties = r.range(50, 201) as usize;
    let signed = day(
        NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or_default(),
        r.range(0, 365 * 40),
    );
    let in_force = day(signed, r.range(30, 900));
    let names: Vec<String> = (0..parties).map(|i| format!("State {i:03}")).collect();
    let mut t = String::with_capacity(8192 + parties * 200);
    let _ = writeln!(t, "title = \"Synthetic convention {index}\"");
    let _ = writeln!(
        t,
        "parties = [{}]",
        names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let _ = writeln!(t, "signed = {signed}\nin_force = {in_force}");
    let _ = writeln!(t, "\n[term]\nlength = \"indefinite\"");
    let _ = writeln!(t, "\n[withdrawal]\nnotice = \"1y\"");
    let _ = writeln!(t, "\n[membership]\nin_force_after = \"30d\"");
    // Before the audit's "future" cutoff, with room for a year's notice.
    let last = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let span = (last - in_force).num_days().max(400) as u64;
    let mut events = Vec::new();
    // The last party of each pair of the first ten succeeds the one before.
    let successions = 5.min(parties / 10);
    for (i, name) in names.iter().enumerate() {
        let successor = i < successions * 2 && i % 2 == 1;
        let predecessor = i < successions * 2 && i % 2 == 0;
        let mut at = if i >= parties / 2 && !successor {
            // A late party: its first event is its deposit.
            let d = day(in_force, r.range(0, span / 2));
            events.push((d, format!("kind = \"deposited\"\nparty = \"{name}\"")));
            day(d, 31)
        } else {
            in_force
        };
        if predecessor {
            // Succeeded by the next party: nothing else happens to it.
            if let Some(next) = names.get(i + 1) {
                let d = day(in_force, r.range(1, span / 2));
                events.push((
                    d,
                    format!("kind = \"succeeded\"\nparty = \"{next}\"\npredecessor = \"{name}\""),
                ));
            }
            continue;
        }
        if successor {
            continue;
        }
        // Some withdraw (one in six), and half of those rejoin later.
        if r.range(0, 6) == 0 {
            let room = (last - at).num_days().max(400) as u64 - 400;
            let notice = day(at, r.range(1, room.max(2)));
            events.push((
                notice,
                format!("kind = \"notice\"\neffect = \"withdrawal\"\nparty = \"{name}\""),
            ));
            at = day(notice, 366);
            if r.range(0, 2) == 0 && at < last {
                let back = day(at, r.range(1, 300));
                events.push((back, format!("kind = \"joined\"\nparty = \"{name}\"")));
            }
        }
    }
    events.sort_by_key(|(d, _)| *d);
    for (d, body) in events {
        let _ = writeln!(t, "\n[[event]]\ndate = {d}\n{body}");
    }
    t
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (Some(n), Some(dir)) = (args.get(1), args.get(2)) else {
        return Err("usage: gen_members N DIR [--seed S]".into());
    };
    let n: u64 = n.parse()?;
    let seed: u64 = match args.iter().position(|a| a == "--seed") {
        Some(i) => args.get(i + 1).ok_or("--seed needs a value")?.parse()?,
        None => 2026,
    };
    let dir = PathBuf::from(dir).join("treaties");
    std::fs::create_dir_all(&dir)?;
    let mut r = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for i in 0..n {
        std::fs::write(dir.join(format!("members-{i:06}.toml")), treaty(i, &mut r))?;
    }
    Ok(())
}
