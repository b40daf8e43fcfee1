//! # treatyline
//!
//! When does a treaty renew, expire or need notice, and why?
//!
//! Data flows one way: files ([`dataset`]) → typed treaties ([`model`]) →
//! the date engine ([`engine`]) → renderers ([`render`]). All month and day
//! arithmetic lives in [`engine::calendar`].
//!
//! # Example
//!
//! ```
//! use chrono::NaiveDate;
//! use treatyline::{Horizon, model::load::parse_treaty, project};
//!
//! let treaty = parse_treaty("ru-ua-1997", r#"
//! title = "Treaty on Friendship, Cooperation and Partnership"
//! parties = ["Ukraine", "Russia"]
//! signed = 1997-05-31
//! in_force = 1999-04-01
//! [term]
//! length = "10y"
//! [renewal]
//! mode = "automatic"
//! notice = "6m"
//! [[event]]
//! date = 2018-09-24
//! kind = "notice"
//! effect = "non-renewal"
//! party = "Ukraine"
//! "#).unwrap();
//! let today = NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
//! let p = project(&treaty, &Horizon::from_today(today)).unwrap();
//! let end = p.end.unwrap();
//! assert_eq!(end.date, NaiveDate::from_ymd_opt(2019, 4, 1).unwrap());
//! assert_eq!(end.reason.as_str(), "non-renewal");
//! // The last safe day to give notice before the 2019 boundary:
//! assert_eq!(p.deadlines[1].date, NaiveDate::from_ymd_opt(2018, 9, 30).unwrap());
//! ```

// The library has no `unsafe` at all (the binary has one initialiser,
// see `src/main.rs`).
#![forbid(unsafe_code)]

pub mod app;
pub mod cli;
mod clock;
pub mod dataset;
pub mod diag;
pub mod edit;
pub mod engine;
pub mod lists;
pub mod model;
pub mod outcome;
pub mod par;
pub mod parties;
pub mod publishers;
pub mod render;
pub mod select;
pub mod tooling;
pub mod values;

pub use engine::{Horizon, Projection, project};
pub use model::{Length, Treaty};
