//! `status`: each treaty's state on a day, its period, and what comes next.

use std::io::{self, Write};

use super::{Context, Projected, Render, countdown};
use crate::engine::State;

/// One line per treaty.
#[derive(Clone, Copy, Debug, Default)]
pub struct StatusText;

impl Render for StatusText {
    fn render(&self, items: &[Projected<'_>], cx: &Context, out: &mut dyn Write) -> io::Result<()> {
        let id_width = items
            .iter()
            .map(|i| i.treaty.id.len())
            .max()
            .unwrap_or(2)
            .max(2);
        for item in items {
            let p = &item.projection;
            let on = p.status.on;
            let state = match p.status.state {
                State::NotInForce => "not in force".to_owned(),
                State::InForce => match (p.status.period, p.status.period_end) {
                    (Some(i), Some(e)) => format!("in force, period {i} until {e}"),
                    (Some(i), None) => format!("in force, period {i}, open-ended"),
                    _ => "in force".to_owned(),
                },
                State::Ended => match &p.end {
                    Some(e) => format!("ended {} ({})", e.date, e.reason.as_str()),
                    None => "ended".to_owned(),
                },
            };
            let next = match p.status.state {
                State::Ended => String::new(),
                _ => {
                    let mut parts = Vec::new();
                    if let Some(b) = p.next_boundary_after(on) {
                        parts.push(format!("next boundary {b} ({})", countdown(on, b)));
                    }
                    if let Some(d) = p.next_deadline_from(on) {
                        parts.push(format!(
                            "next deadline {} {} ({})",
                            d.date,
                            d.kind.as_str(),
                            countdown(on, d.date)
                        ));
                    }
                    parts.join("; ")
                }
            };
            let line = format!("{:<id_width$}  {state}", item.treaty.id);
            let line = if next.is_empty() {
                line
            } else {
                format!("{line}; {next}")
            };
            writeln!(out, "{line}")?;
        }
        let _ = cx;
        Ok(())
    }
}
