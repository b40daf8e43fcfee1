//! Any bytes as a treaty file: loading (parse, then the engine's validation)
//! never panics; a file that loads projects.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treatyline::dataset::{SourceFile, load};
use treatyline::{Horizon, project, render};

fuzz_target!(|text: &str| {
    let file = SourceFile { name: "fuzz.toml".into(), stem: "fuzz".into(), text: text.to_owned() };
    match load(&file) {
        Ok(loaded) => {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).expect("a date");
            assert!(project(&loaded.treaty, &Horizon::from_today(today)).is_ok());
            // What the text outputs render: control characters made visible
            // (the parties stay consistent, so it still projects), the
            // periods capped, and no control character left in the text.
            let treaty = render::visible::treaty(&loaded.treaty).unwrap_or(loaded.treaty);
            // (Two parties could become one, "A\u{1b}" and "A␛": not a crash.)
            let Ok(mut projection) = project(&treaty, &Horizon::from_today(today)) else {
                return;
            };
            let _ = render::limit_periods(&treaty, &mut projection, today, 1000);
            let items = [render::Projected { treaty: &treaty, projection }];
            let cx = render::Context::plain(today);
            let text = render::to_string(&render::text::Text, &items, &cx);
            assert!(!text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')), "{text:?}");
            let _ = render::to_string(&render::html::Html, &items, &cx);
            let _ = render::to_string(&render::csv::Csv, &items, &cx);
        }
        Err(report) => {
            // Rendering a report must not panic either.
            let _ = report.render(false, 80);
        }
    }
});
