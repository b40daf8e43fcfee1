//! The shape of a treaty file as Rust types, for the JSON Schema that editors
//! use (`treatyline schema`, committed as `data/treaty.schema.json`).
//!
//! The loader ([`super::load`]) walks the TOML by hand so that it can report
//! every problem with its span; it never deserialises into these types. They
//! exist so that the file's shape is written down once: each table's key
//! list ([`TreatyFile::KEYS`], [`TermTable::KEYS`], ...) is generated from
//! its fields, and the loader rejects unknown keys with those very lists.
//! The doc comment of each field is the key's description in the schema.
//! Which fields an event kind takes comes from the loader's
//! [`event_fields`], and the kinds from [`EVENT_KINDS`].
//!
//! # What the schema cannot say
//!
//! JSON has no dates: Taplo (and the tests here) pass a TOML local date to
//! the schema as a `"YYYY-MM-DD"` string, so a date written *in quotes* looks
//! the same to the schema as a real one; `treatyline check` still rejects
//! it. Checks that need more than one file or the date engine (a party named
//! in an event must be one of `parties`, `revoked` on or after `date`, a
//! renewal that attaches to no boundary) are left to `treatyline check` too.
//!
//! # Example
//!
//! ```
//! use treatyline::model::schema::{TermTable, treaty_file_schema};
//!
//! let schema = treaty_file_schema();
//! assert_eq!(TermTable::KEYS, ["length", "expires", "last_day", "from", "min_parties"]);
//! assert!(schema["properties"]["term"]["properties"]["length"]["description"].is_string());
//! assert_eq!(schema["additionalProperties"], false);
//! ```

use std::borrow::Cow;

use schemars::generate::SchemaSettings;
use schemars::transform::{RecursiveTransform, Transform, transform_subschemas};
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{Map, Value, json};

use super::EVENT_KINDS;

/// Declares a table of the file: the struct (whose fields are the keys) and
/// its `KEYS` constant, so the two cannot drift apart. Every key is a plain
/// Rust identifier, so the field name is the key.
macro_rules! file_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $(#[$field_meta:meta])*
                pub $field:ident: $ty:ty,
            )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $(
                $(#[$field_meta])*
                pub $field: $ty,
            )*
        }

        impl $name {
            /// The keys of this table, in the order the documentation lists them.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
}

file_table! {
    /// A treaty file, `data/treaties/<id>.toml`: one treaty.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(
        title = "treatyline treaty file",
        deny_unknown_fields,
        extend("x-taplo" = {"initKeys": ["title", "parties", "signed", "term"]})
    )]
    pub struct TreatyFile {
        /// The treaty's id. Optional: when present it must equal the file
        /// name without `.toml` (lowercase letters, digits and `-`, like
        /// `sino-dprk-1961`).
        #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
        pub id: Option<String>,
        /// The full title of the treaty.
        pub title: NonEmpty,
        /// A short display name, shown instead of the title where space is
        /// short, like "Sino-DPRK Treaty".
        pub short: Option<NonEmpty>,
        /// The parties: at least two, each once, spelt the way events name
        /// them (`party = "..."`).
        #[schemars(length(min = 2))]
        #[schemars(extend("uniqueItems" = true))]
        pub parties: Vec<NonEmpty>,
        /// The date of signature, a TOML local date without quotes, like
        /// `signed = 1961-07-11`.
        pub signed: LocalDate,
        /// The date of entry into force, when known (a TOML local date), or
        /// "pending" for a treaty signed but not in force. Without
        /// `term.from`, periods are counted from it, else from `signed`.
        pub in_force: Option<InForceText>,
        /// Where the facts come from: URLs or citations.
        pub sources: Option<Vec<NonEmpty>>,
        /// The duration, renewal and withdrawal articles, quoted.
        pub clause: Option<NonEmpty>,
        /// Free-form tags, like `["alliance"]`.
        pub tags: Option<Vec<NonEmpty>>,
        /// A warning that every output shows with the treaty: what is
        /// uncertain or simplified in this file.
        pub caveat: Option<NonEmpty>,
        /// The initial term: how long period 0 lasts and where the count of
        /// periods starts. Exactly one of `length`, `expires`, `last_day`.
        pub term: TermTable,
        /// The renewal clause. Without it the treaty does not renew.
        pub renewal: Option<RenewalTable>,
        /// The withdrawal (denunciation) clause. Without it there is no
        /// unilateral right of withdrawal (VCLT Art. 56(1)); a recorded
        /// notice still takes effect 12 months after receipt (Art. 56(2)).
        pub withdrawal: Option<WithdrawalTable>,
        /// When a party that deposits its instrument becomes bound.
        pub membership: Option<MembershipTable>,
        /// Sunset clause: how long obligations survive a withdrawal or the end.
        pub survival: Option<SurvivalTable>,
        /// The recorded history, one `[[event]]` table per fact, in any order.
        pub event: Option<Vec<EventTable>>,
        /// Scheduled milestones (review conferences and the like), one
        /// `[[milestone]]` table each. They change no date.
        pub milestone: Option<Vec<MilestoneTable>>,
        /// Other readings of the rules where sources disagree, one
        /// `[[reading]]` table each, computed side by side with the base.
        pub reading: Option<Vec<ReadingTable>>,
        /// Warning codes acknowledged for this file: `check` does not report
        /// them (`check --verbose` still counts them).
        pub allow: Option<Vec<WarningCodeName>>,
    }
}

file_table! {
    /// `[term]`: the initial term.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(
        deny_unknown_fields,
        extend(
            "oneOf" = [
                {"required": ["length"]},
                {"required": ["expires"]},
                {"required": ["last_day"]}
            ],
            "x-taplo" = {"initKeys": ["length"]}
        )
    )]
    pub struct TermTable {
        /// How long period 0 lasts, counted from the anchor: a length like
        /// "20y", "6m", "1y6m", "90d" or ISO 8601 "P20Y", or "indefinite" for
        /// a treaty with no end by time.
        pub length: Option<TermLength>,
        /// Instead of `length`: the first day the treaty is no longer in
        /// force (a TOML local date).
        pub expires: Option<LocalDate>,
        /// Instead of `length`: the last day the treaty is in force ("until
        /// and including"), a TOML local date; the term ends the day after.
        pub last_day: Option<LocalDate>,
        /// Where periods are counted from: "signed", "in_force" or a TOML
        /// local date. Default: `in_force` when given, else `signed`.
        pub from: Option<AnchorText>,
        /// The treaty ends on the first day fewer than this many of the
        /// listed parties are bound (at least 2; use with a complete list).
        #[schemars(range(min = 2))]
        pub min_parties: Option<u32>,
    }
}

file_table! {
    /// `[renewal]`: how the treaty renews.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(deny_unknown_fields, extend("x-taplo" = {"initKeys": ["mode"]}))]
    pub struct RenewalTable {
        /// How the treaty renews at the end of each period.
        pub mode: RenewalModeName,
        /// The length of each renewal (like "5y"). Default: the term's length.
        pub length: Option<LengthText>,
        /// The most renewals and extensions allowed, recorded or automatic.
        pub max: Option<u32>,
        /// How long before a period ends a non-renewal notice must be
        /// received (like "1y" or "6m"). Without it, any notice received
        /// before the end is timely. With "until-denounced": how long after
        /// receipt a notice takes effect once the term has run.
        pub notice: Option<LengthText>,
        /// Whom a non-renewal notice takes out: "party" (default; a
        /// two-party treaty ends either way) or "treaty" (it ends for all).
        pub ends: Option<EndsName>,
    }
}

file_table! {
    /// `[withdrawal]`: how a party leaves.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(deny_unknown_fields)]
    pub struct WithdrawalTable {
        /// How long after a withdrawal notice is received it takes effect.
        /// Default "12m" (VCLT Art. 56(2)).
        pub notice: Option<LengthText>,
        /// Notice may be given only this long after the anchor (like "5y").
        pub earliest: Option<LengthText>,
        /// How the effective date follows from the notice. Default
        /// "anniversary".
        pub takes_effect: Option<TakesEffectName>,
        /// Whom a withdrawal takes out: "party" (default) or "treaty" (one
        /// party's withdrawal ends it for all).
        pub ends: Option<EndsName>,
        /// Denunciation windows: notice may be received only within `window`
        /// after each `every` from the anchor (ILO: "10y" and "1y").
        pub every: Option<LengthText>,
        /// The length of each denunciation window (with `every`).
        pub window: Option<LengthText>,
        /// Where `earliest` counts from: "treaty" (the anchor, default) or
        /// "party" (the first day of the party's own membership).
        pub earliest_from: Option<EarliestFromName>,
    }
}

file_table! {
    /// `[membership]`: when a party that deposits its instrument is bound.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(deny_unknown_fields)]
    pub struct MembershipTable {
        /// The party is bound this long after its deposit (like "60d").
        pub in_force_after: Option<LengthText>,
        /// "first-of-month-after": then on the first day of the next month.
        pub in_force_on: Option<InForceOnName>,
    }
}

file_table! {
    /// `[survival]`: a sunset clause.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(deny_unknown_fields, extend("x-taplo" = {"initKeys": ["length"]}))]
    pub struct SurvivalTable {
        /// How long obligations survive each withdrawal and the end (like "20y").
        pub length: LengthText,
        /// What survives, in words.
        pub note: Option<NonEmpty>,
    }
}

file_table! {
    /// `[[milestone]]`: a scheduled event that moves no date.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(
        deny_unknown_fields,
        extend(
            "oneOf" = [{"required": ["after"]}, {"required": ["date"]}],
            "x-taplo" = {"initKeys": ["title", "after"]}
        )
    )]
    pub struct MilestoneTable {
        /// What happens, like "Review conference".
        pub title: NonEmpty,
        /// When, as a length after the anchor (like "5y").
        pub after: Option<LengthText>,
        /// Instead of `after`: a fixed date (a TOML local date).
        pub date: Option<LocalDate>,
        /// With `after`: repeats this often (like "5y").
        pub every: Option<LengthText>,
        /// A note.
        pub note: Option<NonEmpty>,
        /// Where the fact comes from: a URL or citation.
        pub source: Option<NonEmpty>,
    }
}

file_table! {
    /// `[[reading]]`: another reading of the rules. Its tables replace the
    /// base's whole; events and milestones are shared.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(deny_unknown_fields, extend("x-taplo" = {"initKeys": ["name", "why"]}))]
    pub struct ReadingTable {
        /// An id-like name (lowercase letters, digits and `-`), unique in the file.
        #[schemars(regex(pattern = r"^[a-z0-9-]+$"))]
        pub name: String,
        /// Why this reading exists: who reads the rules this way.
        pub why: Option<NonEmpty>,
        /// Where it comes from: a URL or citation.
        pub source: Option<NonEmpty>,
        /// Replaces `in_force`: a TOML local date or "pending".
        pub in_force: Option<InForceText>,
        /// Replaces `[term]` whole.
        pub term: Option<TermTable>,
        /// Replaces `[renewal]` whole.
        pub renewal: Option<RenewalTable>,
        /// Replaces `[withdrawal]` whole.
        pub withdrawal: Option<WithdrawalTable>,
        /// Replaces `[membership]` whole.
        pub membership: Option<MembershipTable>,
        /// Replaces `[survival]` whole.
        pub survival: Option<SurvivalTable>,
    }
}

file_table! {
    /// `[[event]]`: one recorded fact. Which keys besides `date`, `kind`,
    /// `note` and `source` an event takes depends on its `kind`.
    #[derive(Clone, Debug, JsonSchema)]
    #[schemars(
        deny_unknown_fields,
        transform = fields_by_kind,
        extend("x-taplo" = {"initKeys": ["date", "kind"]})
    )]
    pub struct EventTable {
        /// When it happened, a TOML local date. For a notice: the day it was
        /// received by the other party or the depositary (VCLT Art. 78).
        pub date: LocalDate,
        /// What happened.
        pub kind: EventKindName,
        /// A free-text note, shown in timelines.
        pub note: Option<NonEmpty>,
        /// Where the fact comes from: a URL or citation.
        pub source: Option<NonEmpty>,
        /// `renewed`: the renewal's length (default `renewal.length`);
        /// `extended`: how long the extension lasts.
        pub length: Option<LengthText>,
        /// `renewed`: the day the renewal started (a TOML local date);
        /// a withdrawal `notice`: the effective date the notice names.
        pub effective: Option<LocalDate>,
        /// `extended`: the first day no longer in force after the extension
        /// (a TOML local date).
        pub expires: Option<LocalDate>,
        /// `extended`: the last day in force after the extension (a TOML
        /// local date).
        pub last_day: Option<LocalDate>,
        /// `notice`: what the notice is for.
        pub effect: Option<NoticeEffectName>,
        /// The party concerned, spelt as in `parties`. Required for
        /// `withdrawn` and `joined`, and for a `notice` in a treaty with more
        /// than two parties.
        pub party: Option<NonEmpty>,
        /// `notice`: the day the notice was revoked, on or after `date`
        /// (a TOML local date). A revoked notice changes no date.
        pub revoked: Option<LocalDate>,
        /// `succeeded`: the state whose membership `party` continues.
        pub predecessor: Option<NonEmpty>,
    }
}

/// The fields an event of `kind` takes besides `date`, `kind`, `note`, `source`.
pub fn event_fields(kind: &str) -> &'static [&'static str] {
    match kind {
        "renewed" => &["length", "effective"],
        "extended" => &["expires", "last_day", "length"],
        "notice" => &["effect", "party", "effective", "revoked"],
        "succeeded" => &["party", "predecessor"],
        "postponed" => &["party", "effective"],
        "withdrawn" | "joined" | "deposited" | "suspended" | "resumed" | "amended" | "note" => {
            &["party"]
        }
        _ => &[],
    }
}

/// `renewal.mode`.
#[derive(Clone, Copy, Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum RenewalModeName {
    /// Renews by itself for `length` unless a party gives notice (tacit
    /// renewal).
    Automatic,
    /// Renews only when the parties agree; the renewal it could have is
    /// listed as "possible".
    Agreement,
    /// Does not renew.
    None,
    /// A fixed term, then in force until `notice` after a party's notice
    /// (bilateral investment treaties: "ten years, and thereafter until
    /// twelve months after notice").
    UntilDenounced,
}

/// `ends` in `[renewal]` and `[withdrawal]`.
#[derive(Clone, Copy, Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum EndsName {
    /// Only the notifying party leaves (a two-party treaty ends either way).
    Party,
    /// The treaty ends for every party.
    Treaty,
}

/// `withdrawal.earliest_from`.
#[derive(Clone, Copy, Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum EarliestFromName {
    /// From the anchor.
    Treaty,
    /// From the first day of the party's own membership (Paris Art. 28).
    Party,
}

/// `membership.in_force_on`.
#[derive(Clone, Copy, Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum InForceOnName {
    /// The first day of the month after the day `in_force_after` gives
    /// (Rome Statute Art. 126(2)).
    FirstOfMonthAfter,
}

/// A warning code acknowledged with `allow`.
#[derive(Clone, Copy, Debug)]
pub struct WarningCodeName;

impl JsonSchema for WarningCodeName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "WarningCode".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<Value> = crate::diag::WARNING_CODES
            .iter()
            .map(|(c, d)| json!({"const": c, "description": d}))
            .collect();
        object(json!({"type": "string", "oneOf": codes}))
    }
}

/// `in_force`: a TOML local date, or "pending".
#[derive(Clone, Copy, Debug)]
pub struct InForceText;

impl JsonSchema for InForceText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "InForce".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(json!({
            "type": "string",
            "anyOf": [
                {"const": "pending", "description": "Signed but not in force."},
                {"format": "date", "pattern": DATE_PATTERN}
            ]
        }))
    }
}

/// `withdrawal.takes_effect`.
#[derive(Clone, Copy, Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum TakesEffectName {
    /// On the day `notice` after the notice was received (UN depositary
    /// practice; Paris Agreement).
    Anniversary,
    /// The day after that (Energy Charter Treaty, CFE).
    DayAfter,
    /// The first day of the month after that (Council of Europe treaties).
    FirstOfMonthAfter,
    /// 1 January of the second year after the notice, whatever `notice`
    /// says (UNESCO: "on 31 December of the year following").
    EndOfFollowingYear,
}

/// `effect` of a `notice` event.
#[derive(Clone, Copy, Debug, JsonSchema)]
#[schemars(rename_all = "kebab-case")]
pub enum NoticeEffectName {
    /// The notifying party does not want the treaty renewed at the end of
    /// the period the notice is timely for.
    NonRenewal,
    /// The notifying party withdraws (denounces the treaty).
    Withdrawal,
}

/// A TOML local date, like `1961-07-11`, written without quotes.
///
/// In the schema: a string with `format: date`, which is what Taplo passes
/// for a TOML local date.
#[derive(Clone, Copy, Debug)]
pub struct LocalDate;

impl JsonSchema for LocalDate {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "LocalDate".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(json!({
            "type": "string",
            "format": "date",
            "pattern": DATE_PATTERN,
            "$comment": "A TOML local date such as 1961-07-11, written without quotes. JSON has no dates, so editors pass TOML dates to this schema as strings; a quoted date passes here but `treatyline check` rejects it."
        }))
    }
}

/// A length such as `"20y"`, `"1y6m"`, `"90d"` or ISO 8601 `"P1Y6M"`.
#[derive(Clone, Copy, Debug)]
pub struct LengthText;

impl JsonSchema for LengthText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Length".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(json!({
            "type": "string",
            "pattern": LENGTH_PATTERN,
            "examples": ["20y", "6m", "1y6m", "90d", "P1Y6M"]
        }))
    }
}

/// `term.length`: a length, or `"indefinite"`.
#[derive(Clone, Copy, Debug)]
pub struct TermLength;

impl JsonSchema for TermLength {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "TermLength".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(json!({
            "type": "string",
            "pattern": format!("{LENGTH_PATTERN}|^indefinite$"),
            "examples": ["20y", "10y", "P20Y", "indefinite"]
        }))
    }
}

/// `term.from`: `"signed"`, `"in_force"` or a TOML local date.
#[derive(Clone, Copy, Debug)]
pub struct AnchorText;

impl JsonSchema for AnchorText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Anchor".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(json!({
            "type": "string",
            "anyOf": [
                {"enum": ["signed", "in_force"]},
                {"format": "date", "pattern": DATE_PATTERN}
            ]
        }))
    }
}

/// A string with something in it besides spaces.
#[derive(Clone, Debug)]
pub struct NonEmpty;

impl JsonSchema for NonEmpty {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "NonEmpty".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        object(json!({"type": "string", "pattern": r"\S"}))
    }
}

/// `kind` of an event: one of [`EVENT_KINDS`], each with its meaning.
#[derive(Clone, Copy, Debug)]
pub struct EventKindName;

impl JsonSchema for EventKindName {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "EventKind".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let kinds: Vec<Value> = EVENT_KINDS
            .iter()
            .map(|k| json!({"const": k, "description": kind_description(k)}))
            .collect();
        object(json!({"type": "string", "oneOf": kinds}))
    }
}

/// What an event of `kind` records, for editors' hover text.
pub fn kind_description(kind: &str) -> &'static str {
    match kind {
        "renewed" => {
            "A renewal of `length` (default `renewal.length`) follows the period that ends on the first boundary on or after `date`; with `effective`, it starts that day."
        }
        "extended" => {
            "An extension follows the period that ends on the first boundary on or after `date`, ending on `expires` (or after `last_day`) or lasting `length`."
        }
        "notice" => {
            "A notice of non-renewal or withdrawal (`effect`), dated the day it was received."
        }
        "withdrawn" => "The withdrawal of `party` took effect on `date`.",
        "joined" => {
            "`party` joined or rejoined: it is bound from `date` (or from entry into force, if later)."
        }
        "deposited" => {
            "`party` deposited its instrument (ratification, accession, acceptance, approval) on `date`; it is bound from the day `[membership]` gives (or entry into force, if later)."
        }
        "succeeded" => {
            "From `date`, `party` continues the membership of `predecessor` (a successor state)."
        }
        "postponed" => {
            "`party`'s pending withdrawal notice now takes effect on `effective`, or is suspended when `effective` is not given."
        }
        "terminated" => "The treaty ended on `date` (by agreement, supersession, ...).",
        "expired" => "The treaty expired on `date`.",
        "suspended" => "Suspended (for `party`, if given); recorded for the timeline only.",
        "resumed" => "Resumed (for `party`, if given); recorded for the timeline only.",
        "amended" => "Amended; recorded for the timeline only.",
        "note" => "Anything else worth a line in the timeline.",
        _ => "",
    }
}

/// A date `YYYY-MM-DD` (four-digit years, as the engine's range needs).
const DATE_PATTERN: &str = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// Both notations of a length, as the loader reads them: `1y2w3d` (units in
/// the order y, m, w, d, each at most once, upper or lower case) or the same
/// after `P`. Zero and absurd lengths match; the loader rejects them.
const LENGTH_PATTERN: &str = r"^\s*[Pp]?([0-9]+[Yy]([0-9]+[Mm])?([0-9]+[Ww])?([0-9]+[Dd])?|[0-9]+[Mm]([0-9]+[Ww])?([0-9]+[Dd])?|[0-9]+[Ww]([0-9]+[Dd])?|[0-9]+[Dd])\s*$";

/// A schema object from a JSON object literal.
fn object(value: Value) -> Schema {
    match value {
        Value::Object(map) => Schema::from(map),
        _ => Schema::default(),
    }
}

/// Adds the per-kind rules to the event schema: for each kind, the keys it
/// takes ([`event_fields`]) and the ones it needs. They are chained as
/// `if`/`then`/`else` rather than listed under `allOf`, because Taplo stops
/// completing the event's own keys when its schema has an `allOf`.
fn fields_by_kind(schema: &mut Schema) {
    let mut chain: Option<Value> = None;
    for kind in EVENT_KINDS.iter().rev() {
        let mut allowed = Map::new();
        for key in ["date", "kind", "note", "source"]
            .iter()
            .chain(event_fields(kind))
        {
            allowed.insert((*key).to_owned(), Value::Bool(true));
        }
        let mut then = json!({
            "properties": allowed,
            "additionalProperties": false,
        });
        if let Value::Object(t) = &mut then {
            match *kind {
                "succeeded" => {
                    t.insert("required".into(), json!(["party", "predecessor"]));
                }
                "withdrawn" | "joined" | "deposited" => {
                    t.insert("required".into(), json!(["party"]));
                }
                "extended" => {
                    t.insert(
                        "oneOf".into(),
                        json!([
                            {"required": ["expires"]},
                            {"required": ["last_day"]},
                            {"required": ["length"]}
                        ]),
                    );
                }
                "notice" => {
                    t.insert("required".into(), json!(["effect"]));
                    // `effective` is for withdrawal notices only.
                    t.insert(
                        "if".into(),
                        json!({"properties": {"effect": {"const": "non-renewal"}}, "required": ["effect"]}),
                    );
                    t.insert("then".into(), json!({"not": {"required": ["effective"]}}));
                }
                _ => {}
            }
        }
        let mut step = json!({
            "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
            "then": then,
        });
        if let (Value::Object(s), Some(rest)) = (&mut step, chain.take()) {
            s.insert("else".into(), rest);
        }
        chain = Some(step);
    }
    if let Some(Value::Object(chain)) = chain {
        for (k, v) in chain {
            schema.insert(k, v);
        }
    }
}

/// Fits the generated schema to TOML and to editors' hover text.
///
/// TOML has no null: an optional key is one that may be left out, so the
/// `null` that schemars allows for `Option` fields is removed. Doc comments
/// are wrapped at 80 columns; their single line breaks become spaces so that
/// editors can wrap the text themselves.
#[derive(Clone, Copy, Debug)]
struct ForToml;

impl Transform for ForToml {
    fn transform(&mut self, schema: &mut Schema) {
        let Some(obj) = schema.as_object_mut() else {
            return;
        };
        if let Some(Value::String(d)) = obj.get_mut("description") {
            *d = d
                .split("\n\n")
                .map(|para| para.split('\n').collect::<Vec<_>>().join(" "))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
        if let Some(Value::Array(types)) = obj.get_mut("type") {
            types.retain(|t| t != "null");
            if let [only] = types.as_slice() {
                let only = only.clone();
                obj.insert("type".into(), only);
            }
        }
        if let Some(Value::Array(any)) = obj.get_mut("anyOf") {
            any.retain(|s| s != &json!({"type": "null"}));
            if let [only] = any.as_slice() {
                let only = only.clone();
                obj.remove("anyOf");
                if let Value::Object(inner) = only {
                    for (k, v) in inner {
                        obj.entry(k).or_insert(v);
                    }
                }
            }
        }
        if obj.get("default") == Some(&Value::Null) {
            obj.remove("default");
        }
        transform_subschemas(self, schema);
    }
}

/// The JSON Schema (draft 7) of a treaty file, as `treatyline schema` prints
/// it and `data/treaty.schema.json` holds it.
///
/// Draft 7 because it is the newest draft that Taplo (Even Better TOML)
/// validates with; every subschema is inlined so that hover text and
/// completion work without references.
pub fn treaty_file_schema() -> Value {
    let generator = SchemaSettings::draft07()
        .with(|s| s.inline_subschemas = true)
        .with_transform(RecursiveTransform(ForToml))
        .into_generator();
    let mut schema = generator.into_root_schema_for::<TreatyFile>();
    schema.insert(
        "description".into(),
        Value::String(
            "One treaty: data/treaties/<id>.toml, where <id> is the treaty's id. \
             Dates are TOML local dates (1961-07-11, no quotes); an end date is the first day \
             no longer in force; a notice's date is the day it was received. \
             `treatyline check` checks more than this schema can (see docs/install.md)."
                .to_owned(),
        ),
    );
    schema.to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn property_names(schema: &Value) -> Vec<&str> {
        let mut names: Vec<&str> = schema["properties"]
            .as_object()
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        names.sort_unstable();
        names
    }

    fn sorted(keys: &[&'static str]) -> Vec<&'static str> {
        let mut k = keys.to_vec();
        k.sort_unstable();
        k
    }

    #[test]
    fn key_lists_are_the_schema_properties() {
        let s = treaty_file_schema();
        let p = &s["properties"];
        assert_eq!(property_names(&s), sorted(TreatyFile::KEYS));
        assert_eq!(property_names(&p["term"]), sorted(TermTable::KEYS));
        assert_eq!(property_names(&p["renewal"]), sorted(RenewalTable::KEYS));
        assert_eq!(
            property_names(&p["withdrawal"]),
            sorted(WithdrawalTable::KEYS)
        );
        assert_eq!(
            property_names(&p["event"]["items"]),
            sorted(EventTable::KEYS)
        );
    }

    #[test]
    fn every_key_has_a_description() {
        fn walk(path: &str, schema: &Value, missing: &mut Vec<String>) {
            if let Some(props) = schema["properties"].as_object() {
                for (k, v) in props {
                    let here = format!("{path}.{k}");
                    if !v["description"].is_string() {
                        missing.push(here.clone());
                    }
                    walk(&here, v, missing);
                    walk(&here, &v["items"], missing);
                }
            }
        }
        let mut missing = Vec::new();
        walk("", &treaty_file_schema(), &mut missing);
        assert!(missing.is_empty(), "no description: {missing:?}");
    }

    #[test]
    fn no_null_anywhere() {
        let text = treaty_file_schema().to_string();
        assert!(!text.contains("null"), "{text}");
    }

    #[test]
    fn every_kind_is_described() {
        for k in EVENT_KINDS {
            assert!(!kind_description(k).is_empty(), "{k}");
        }
    }
}
