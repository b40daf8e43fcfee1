//! The JSON projection of spec `data-model.md` section 6.
//!
//! Keys may be added, never renamed or dropped: scripts and the conformance
//! check read these names.

use std::io::{self, Write};

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::{Context, Projected, Render};
use crate::engine::{Deadline, Period, Projection, Withdrawal};

/// `project --format json`: one object, `{"treaties": [...]}`, in the shape
/// of spec `data-model.md` section 6, every date `YYYY-MM-DD`.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use treatyline::render::{Context, Projected, Render, json::Json};
/// use treatyline::{Horizon, model::load::parse_treaty, project};
///
/// let treaty = parse_treaty("lease-1898", r#"
/// title = "Convention for the Extension of Hong Kong Territory"
/// parties = ["United Kingdom", "China"]
/// signed = 1898-06-09
/// in_force = 1898-07-01
/// [term]
/// length = "99y"
/// "#).unwrap();
/// let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
/// let items = [Projected {
///     treaty: &treaty,
///     projection: project(&treaty, &Horizon::from_today(today)).unwrap(),
/// }];
/// let mut out = Vec::new();
/// Json.render(&items, &Context::plain(today), &mut out)?;
/// let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
/// // The first day no longer in force, and why.
/// assert_eq!(v["treaties"][0]["end"]["date"], "1997-07-01");
/// assert_eq!(v["treaties"][0]["end"]["reason"], "expiry");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Json;

/// The whole document, as the streamed output must print it (tests only).
#[cfg(test)]
#[derive(Serialize)]
struct Document<'a> {
    treaties: Vec<TreatyJson<'a>>,
}

#[derive(Serialize)]
struct TreatyJson<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short: Option<&'a str>,
    parties: &'a [String],
    signed: Date,
    in_force: Option<Date>,
    anchor: Option<Date>,
    #[serde(flatten)]
    projection: ProjectionJson<'a>,
    readings: Vec<ReadingJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    caveat: Option<&'a str>,
}

/// What the engine derives, for the base and for each reading.
#[derive(Serialize)]
struct ProjectionJson<'a> {
    pending: bool,
    periods: Vec<PeriodJson>,
    end: Option<EndJson>,
    deadlines: Vec<DeadlineJson<'a>>,
    withdrawals: Vec<WithdrawalJson<'a>>,
    members: Vec<MemberJson<'a>>,
    milestones: Vec<MilestoneJson<'a>>,
    status: StatusJson<'a>,
}

#[derive(Serialize)]
struct ReadingJson<'a> {
    name: &'a str,
    why: Option<&'a str>,
    source: Option<&'a str>,
    #[serde(flatten)]
    projection: ProjectionJson<'a>,
}

#[derive(Serialize)]
struct MemberJson<'a> {
    party: &'a str,
    from: Date,
    until: Option<Date>,
    left: Option<&'static str>,
}

#[derive(Serialize)]
struct MilestoneJson<'a> {
    title: &'a str,
    date: Date,
}

/// A date as `YYYY-MM-DD`.
#[derive(Clone, Copy)]
struct Date(NaiveDate);

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // Written digit by digit: a projection of 100,000 treaties prints
        // millions of dates, and a strftime pattern is parsed on every call.
        let d = self.0;
        let (y, m, day) = (d.year(), d.month(), d.day());
        let Ok(y) = u32::try_from(y) else {
            return s.collect_str(&d.format("%Y-%m-%d"));
        };
        if y > 9999 {
            return s.collect_str(&d.format("%Y-%m-%d"));
        }
        let digit = |n: u32| b'0' + u8::try_from(n % 10).unwrap_or(0);
        let text = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(day / 10),
            digit(day),
        ];
        s.serialize_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

/// serde_json's pretty layout (two-space indents), starting `level` levels
/// deep, so that each treaty can be printed on its own into the middle of
/// the document.
struct Indented {
    level: usize,
    has_value: bool,
}

impl Indented {
    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.level = self.level.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize)]
struct PeriodJson {
    index: usize,
    kind: &'static str,
    start: Date,
    end: Option<Date>,
    basis: &'static str,
    #[serde(skip_serializing_if = "is_false")]
    assumed: bool,
}

#[derive(Serialize)]
struct EndJson {
    date: Date,
    reason: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    survives_until: Option<Date>,
    #[serde(skip_serializing_if = "is_false")]
    assumed: bool,
}

#[derive(Serialize)]
struct DeadlineJson<'a> {
    kind: &'static str,
    date: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    latest: Option<Date>,
    period: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    party: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<Date>,
    #[serde(skip_serializing_if = "is_false")]
    assumed: bool,
}

#[derive(Serialize)]
struct WithdrawalJson<'a> {
    party: Option<&'a str>,
    notice: Option<Date>,
    effective: Date,
    #[serde(skip_serializing_if = "Option::is_none")]
    survives_until: Option<Date>,
    #[serde(skip_serializing_if = "is_false")]
    assumed: bool,
}

#[derive(Serialize)]
struct StatusJson<'a> {
    on: Date,
    state: &'static str,
    period: Option<usize>,
    period_end: Option<Date>,
    bound: Vec<&'a str>,
}

fn period(p: &Period) -> PeriodJson {
    PeriodJson {
        index: p.index,
        kind: p.kind.as_str(),
        start: Date(p.start),
        end: p.end.map(Date),
        basis: p.basis.as_str(),
        assumed: p.assumed,
    }
}

fn deadline(d: &Deadline) -> DeadlineJson<'_> {
    DeadlineJson {
        kind: d.kind.as_str(),
        date: Date(d.date),
        latest: d.latest.map(Date),
        period: d.period,
        party: d.party.as_deref(),
        until: d.until.map(Date),
        assumed: d.assumed,
    }
}

fn withdrawal(w: &Withdrawal) -> WithdrawalJson<'_> {
    WithdrawalJson {
        party: w.party.as_deref(),
        notice: w.notice.map(Date),
        effective: Date(w.effective),
        survives_until: w.survives_until.map(Date),
        assumed: w.assumed,
    }
}

fn projection(p: &Projection) -> ProjectionJson<'_> {
    ProjectionJson {
        pending: p.pending,
        periods: p.periods.iter().map(period).collect(),
        end: p.end.as_ref().map(|e| EndJson {
            date: Date(e.date),
            reason: e.reason.as_str(),
            survives_until: e.survives_until.map(Date),
            assumed: e.assumed,
        }),
        deadlines: p.deadlines.iter().map(deadline).collect(),
        withdrawals: p.withdrawals.iter().map(withdrawal).collect(),
        members: p
            .members
            .iter()
            .map(|m| MemberJson {
                party: &m.party,
                from: Date(m.from),
                until: m.until.map(Date),
                left: m.left.map(|l| l.as_str()),
            })
            .collect(),
        milestones: p
            .milestones
            .iter()
            .map(|m| MilestoneJson {
                title: &m.title,
                date: Date(m.date),
            })
            .collect(),
        status: StatusJson {
            on: Date(p.status.on),
            state: p.status.state.as_str(),
            period: p.status.period,
            period_end: p.status.period_end.map(Date),
            bound: p.status.bound.iter().map(String::as_str).collect(),
        },
    }
}

fn treaty<'a>(item: &'a Projected<'a>) -> TreatyJson<'a> {
    let t = item.treaty;
    let p: &Projection = &item.projection;
    TreatyJson {
        id: &t.id,
        title: &t.title,
        short: t.short.as_deref(),
        parties: &t.parties,
        signed: Date(t.signed),
        in_force: t.in_force.map(Date),
        anchor: (!p.pending).then_some(Date(p.anchor)),
        projection: projection(p),
        readings: p
            .readings
            .iter()
            .map(|r| ReadingJson {
                name: &r.name,
                why: r.why.as_deref(),
                source: r.source.as_deref(),
                projection: projection(&r.projection),
            })
            .collect(),
        caveat: t.caveat.as_deref(),
    }
}

impl Render for Json {
    fn render(
        &self,
        items: &[Projected<'_>],
        _cx: &Context,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut stream = JsonStream::new(out);
        for item in items {
            stream.push(item)?;
        }
        stream.finish()
    }
}

/// One treaty's object, printed as it appears inside the document (two
/// levels deep), for [`JsonStream::push_bytes`].
pub fn treaty_bytes(item: &Projected<'_>) -> Vec<u8> {
    let mut buf = Vec::with_capacity(2048);
    let layout = Indented {
        level: 2,
        has_value: false,
    };
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, layout);
    // Serialising into memory cannot fail: every key is a string.
    let _ = treaty(item).serialize(&mut ser);
    buf
}

/// The JSON projection written treaty by treaty, byte for byte what
/// pretty-printing the whole document gives, so that a dataset's projection
/// is never held in memory as one document.
///
/// Nothing is written before the first [`JsonStream::push`]; an empty
/// document is written by [`JsonStream::finish`] alone.
pub struct JsonStream<'w> {
    out: &'w mut dyn Write,
    written: usize,
}

impl<'w> JsonStream<'w> {
    /// A stream writing to `out`.
    pub fn new(out: &'w mut dyn Write) -> JsonStream<'w> {
        JsonStream { out, written: 0 }
    }

    /// Writes one treaty.
    ///
    /// # Errors
    ///
    /// Only the writer's errors.
    pub fn push(&mut self, item: &Projected<'_>) -> io::Result<()> {
        self.push_bytes(&treaty_bytes(item))
    }

    /// Writes one treaty printed by [`treaty_bytes`] (on another thread,
    /// say).
    ///
    /// # Errors
    ///
    /// Only the writer's errors.
    pub fn push_bytes(&mut self, treaty: &[u8]) -> io::Result<()> {
        let lead: &[u8] = if self.written == 0 {
            b"{\n  \"treaties\": [\n    "
        } else {
            b",\n    "
        };
        self.out.write_all(lead)?;
        self.out.write_all(treaty)?;
        self.written += 1;
        Ok(())
    }

    /// Closes the document.
    ///
    /// # Errors
    ///
    /// Only the writer's errors.
    pub fn finish(self) -> io::Result<()> {
        if self.written == 0 {
            writeln!(self.out, "{{\n  \"treaties\": []\n}}")
        } else {
            writeln!(self.out, "\n  ]\n}}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::load::parse_treaty;

    #[test]
    fn streaming_prints_what_the_whole_document_prints() {
        let text = "title = \"Lease \\\"99\\\"\\nline\"\nparties = [\"A\", \"B\"]\nsigned = 1898-06-09\n[term]\nlength = \"9y\"\n[renewal]\nmode = \"automatic\"\nnotice = \"6m\"\n";
        let Ok(t) = parse_treaty("lease", text) else {
            panic!("the test treaty does not load");
        };
        let cx = Context::plain(chrono::NaiveDate::MIN);
        let cx = Context {
            horizon: crate::Horizon::from_today(t.signed),
            ..cx
        };
        let Ok(p) = crate::project(&t, &cx.horizon) else {
            panic!("the test treaty does not project");
        };
        let one = Projected {
            treaty: &t,
            projection: p,
        };
        for items in [
            vec![],
            vec![one.clone()],
            vec![one.clone(), one.clone(), one],
        ] {
            let doc = Document {
                treaties: items.iter().map(treaty).collect(),
            };
            let whole = serde_json::to_string_pretty(&doc).unwrap_or_default() + "\n";
            assert_eq!(super::super::to_string(&Json, &items, &cx), whole);
        }
    }
}
