//! Any bytes as a treaty file: loading (parse, then the engine's validation)
//! never panics; a file that loads projects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treatyline::dataset::{SourceFile, load};
use treatyline::{Horizon, project};

fuzz_target!(|text: &str| {
    let file = SourceFile { name: "fuzz.toml".into(), stem: "fuzz".into(), text: text.to_owned() };
    match load(&file) {
        Ok(loaded) => {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
            assert!(project(&loaded.treaty, &Horizon::from_today(today)).is_ok());
        }
        Err(report) => {
            // Rendering a report must not panic either.
            let _ = report.render(false, 80);
        }
    }
});
