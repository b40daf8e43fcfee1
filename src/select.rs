//! Which treaties `--tag`, `--party` and `--state` keep. The reading
//! commands (`app`) and `fmt` (`edit`) both select treaties this way, so it
//! lives below both (and below `cli`, which names `StateFilter` in its flags).

use clap::ValueEnum;

use crate::engine::{Projection, State};
use crate::model::Treaty;

/// `--state`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StateFilter {
    /// In force on the day.
    InForce,
    /// Ended on or before the day.
    Ended,
    /// Signed but not yet in force on the day.
    Pending,
}

impl StateFilter {
    /// Whether a treaty in `state` on the day passes this filter.
    pub fn holds(self, state: State) -> bool {
        matches!(
            (self, state),
            (StateFilter::InForce, State::InForce)
                | (StateFilter::Ended, State::Ended)
                | (StateFilter::Pending, State::NotInForce)
        )
    }
}

/// Whether `--tag` and `--party` keep `t`: any of the tags, any of the
/// parties (by name, ignoring case); an empty list keeps every treaty.
pub fn tagged_and_party(t: &Treaty, tags: &[String], parties: &[String]) -> bool {
    let tag = tags.is_empty()
        || tags
            .iter()
            .any(|w| t.tags.iter().any(|x| x.eq_ignore_ascii_case(w)));
    let party = parties.is_empty()
        || parties.iter().any(|w| {
            t.parties
                .iter()
                .any(|x| x.to_lowercase() == w.to_lowercase())
        });
    tag && party
}

/// Whether `--state` keeps a projected treaty: any of the states; an empty
/// list keeps every treaty.
pub fn in_state(p: &Projection, states: &[StateFilter]) -> bool {
    states.is_empty() || states.iter().any(|s| s.holds(p.status.state))
}
