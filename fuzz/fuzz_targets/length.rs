//! Any text as a length: parsing never panics, and what parses prints back
//! to something that parses to the same length.
#![no_main]

use libfuzzer_sys::fuzz_target;
use treatyline::Length;

fuzz_target!(|text: &str| {
    if let Ok(l) = text.parse::<Length>() {
        let again: Length = l.to_string().parse().expect("a printed length parses");
        assert_eq!(l, again);
        let iso: Length = l.to_iso().parse().expect("an ISO length parses");
        assert_eq!(l, iso);
    }
});
