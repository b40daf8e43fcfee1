//! The canonical order of the format's keys and tables (the order of the
//! example in `spec/data-model.md`), which `fmt` writes and every edit
//! follows when it adds a key: below both [`super::document`] and
//! [`super::layout`], which both place keys by it.

/// The top-level keys in canonical order, tables last (v2's `allow`,
/// `[membership]`, `[survival]`, `[[milestone]]` and `[[reading]]` included,
/// so they have their place as soon as the loader reads them).
pub(crate) const TOP_ORDER: &[&str] = &[
    "id",
    "title",
    "short",
    "parties",
    "signed",
    "in_force",
    "sources",
    "clause",
    "tags",
    "caveat",
    "allow",
    "term",
    "renewal",
    "withdrawal",
    "membership",
    "survival",
    "event",
    "milestone",
    "reading",
];
/// `[term]`'s keys in canonical order (the first three are alternatives).
pub(crate) const TERM_ORDER: &[&str] = &["length", "expires", "last_day", "from", "min_parties"];
/// `[renewal]`'s keys in canonical order.
pub(crate) const RENEWAL_ORDER: &[&str] = &["mode", "length", "max", "notice", "ends"];
/// `[withdrawal]`'s keys in canonical order.
pub(crate) const WITHDRAWAL_ORDER: &[&str] = &[
    "notice",
    "earliest",
    "earliest_from",
    "takes_effect",
    "every",
    "window",
    "ends",
];
/// `[membership]`'s keys in canonical order.
pub(crate) const MEMBERSHIP_ORDER: &[&str] = &["in_force_after", "in_force_on"];
/// `[survival]`'s keys in canonical order.
pub(crate) const SURVIVAL_ORDER: &[&str] = &["length", "note"];
/// A `[[milestone]]`'s keys in canonical order.
pub(crate) const MILESTONE_ORDER: &[&str] = &["title", "after", "date", "every", "note", "source"];
/// A `[[reading]]`'s keys in canonical order (its tables follow).
pub(crate) const READING_ORDER: &[&str] = &[
    "name",
    "why",
    "source",
    "in_force",
    "term",
    "renewal",
    "withdrawal",
    "membership",
    "survival",
];
/// An event's keys in canonical order: when and what, the kind's own
/// fields, then the note and its source.
pub(crate) const EVENT_ORDER: &[&str] = &[
    "date",
    "kind",
    "effect",
    "party",
    "predecessor",
    "length",
    "expires",
    "last_day",
    "effective",
    "revoked",
    "note",
    "source",
];

/// The canonical key order of the table at `path` (`""` is the root; a
/// reading's `[reading.term]` is ordered as `[term]`).
pub(crate) fn order_of(path: &str) -> &'static [&'static str] {
    match path.rsplit('.').next().unwrap_or(path) {
        "" => TOP_ORDER,
        "term" => TERM_ORDER,
        "renewal" => RENEWAL_ORDER,
        "withdrawal" => WITHDRAWAL_ORDER,
        "membership" => MEMBERSHIP_ORDER,
        "survival" => SURVIVAL_ORDER,
        "milestone" => MILESTONE_ORDER,
        "reading" => READING_ORDER,
        "event" => EVENT_ORDER,
        _ => &[],
    }
}

/// The rank of `key` in `order`; unknown keys sort after known ones.
pub(crate) fn rank(order: &[&str], key: &str) -> usize {
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}
