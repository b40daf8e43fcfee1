//! Load one treaty file, project it and print its periods and deadlines.
//!
//! `cargo run --example project -- data/treaties/sino-dprk-1961.toml`

use chrono::NaiveDate;
use treatyline::{Horizon, dataset, project};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "data/treaties/sino-dprk-1961.toml".to_owned());
    // Reading and loading report problems as a `FileReport` naming file:line:column.
    let file = dataset::read_source(path.as_ref())?;
    let loaded = dataset::load(&file)?;
    let today = NaiveDate::from_ymd_opt(2026, 11, 29).ok_or("invalid date")?;
    // A treaty that loaded always projects: the loader ran the engine once.
    let projection = project(&loaded.treaty, &Horizon::from_today(today))
        .map_err(|problems| format!("{problems:?}"))?;
    for p in &projection.periods {
        let end = p.end.map_or_else(|| "open".to_owned(), |e| e.to_string());
        println!(
            "{} {} {} -> {end} ({})",
            p.index,
            p.kind.as_str(),
            p.start,
            p.basis.as_str()
        );
    }
    for d in &projection.deadlines {
        println!("{} {}", d.date, d.kind.as_str());
    }
    println!("{:?} on {}", projection.status.state, projection.status.on);
    Ok(())
}
