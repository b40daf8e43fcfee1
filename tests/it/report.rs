//! `treatyline report`: every format for the bundled dataset, snapshotted
//! with today pinned, and each checked by an independent reader: the SVG
//! rendered by resvg, the iCalendar parsed by the `icalendar` crate, the
//! HTML and SVG parsed as XML by roxmltree, the CSV read back by `csv`.

use std::collections::HashSet;

use super::support::{data_dir, run, stdout_ok};

const FORMATS: [&str; 7] = ["md", "html", "svg", "ics", "json", "csv", "mermaid"];

fn report(format: &str) -> String {
    stdout_ok(&["report", "--format", format])
}

fn bundled_ids() -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(data_dir().join("treaties"))
        .expect("data/treaties")
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            (p.extension()? == "toml")
                .then(|| p.file_stem().unwrap().to_string_lossy().into_owned())
        })
        .collect();
    ids.sort();
    ids
}

fn settings() -> insta::Settings {
    super::support::snapshots("snapshots/report")
}

#[test]
fn markdown_snapshot() {
    settings().bind(|| insta::assert_snapshot!("report-md", report("md")));
}

#[test]
fn html_snapshot() {
    settings().bind(|| insta::assert_snapshot!("report-html", report("html")));
}

#[test]
fn svg_snapshot() {
    settings().bind(|| insta::assert_snapshot!("report-svg", report("svg")));
}

#[test]
fn ics_snapshot() {
    // Shown with LF line ends; `ics_is_rfc5545` checks the CRLFs.
    let ics = report("ics").replace("\r\n", "\n");
    settings().bind(|| insta::assert_snapshot!("report-ics", ics));
}

#[test]
fn json_snapshot() {
    let value: serde_json::Value = serde_json::from_str(&report("json")).expect("JSON");
    settings().bind(|| insta::assert_json_snapshot!("report-json", value));
}

#[test]
fn csv_snapshot() {
    settings().bind(|| insta::assert_snapshot!("report-csv", report("csv")));
}

#[test]
fn mermaid_snapshot() {
    settings().bind(|| insta::assert_snapshot!("report-mermaid", report("mermaid")));
}

#[test]
fn every_format_works_for_every_treaty_alone() {
    for id in bundled_ids() {
        for format in FORMATS {
            let out = stdout_ok(&["report", &id, "--format", format]);
            assert!(!out.is_empty(), "{id} {format}: empty");
        }
    }
}

#[test]
fn output_is_deterministic() {
    for format in FORMATS {
        assert_eq!(
            report(format),
            report(format),
            "{format} differs between runs"
        );
    }
}

#[test]
fn json_is_the_projection() {
    assert_eq!(report("json"), stdout_ok(&["project", "--format", "json"]));
}

#[test]
fn svg_is_accessible_xml_and_renders() {
    let svg = report("svg");
    let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(root.attribute("role"), Some("img"));
    let first: Vec<&str> = root
        .children()
        .filter(|n| n.is_element())
        .take(2)
        .map(|n| n.tag_name().name())
        .collect();
    assert_eq!(first, ["title", "desc"]);
    // Text is text, not outlines: every treaty's id can be found in it.
    let text: String = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text())
        .collect::<Vec<_>>()
        .join("\n");
    for id in bundled_ids() {
        assert!(text.contains(&id), "no label for {id}");
    }

    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(&svg, &options).expect("resvg parses it");
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    let png = pixmap.encode_png().expect("PNG");
    assert!(png.len() > 10_000, "PNG of {} bytes", png.len());
    // One lane per treaty, each at least 30 pixels high.
    assert!(size.height() as usize > 30 * bundled_ids().len());
    // The recorded-period colour is there.
    let dark = pixmap
        .pixels()
        .iter()
        .filter(|p| (p.red(), p.green(), p.blue()) == (0x1f, 0x4e, 0x79))
        .count();
    assert!(dark > 1_000, "{dark} pixels of recorded periods");
}

#[test]
fn html_is_well_formed_and_self_contained() {
    let html = report("html");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    let doc = roxmltree::Document::parse_with_options(&html, options).expect("well-formed XHTML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "html");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/1999/xhtml")
    );
    // The chart is inline, the summary and details are there.
    assert_eq!(
        doc.descendants().filter(|n| n.has_tag_name("svg")).count(),
        1
    );
    let sections: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("section"))
        .filter_map(|n| n.attribute("id"))
        .collect();
    assert_eq!(sections, bundled_ids());
    // Nothing to fetch, nothing to run.
    for n in doc.descendants().filter(|n| n.is_element()) {
        let name = n.tag_name().name();
        assert!(
            !matches!(name, "script" | "link" | "img" | "iframe" | "object"),
            "<{name}>"
        );
        assert!(n.attribute("src").is_none(), "<{name} src>");
    }
    // Every in-page link has its target.
    let ids: HashSet<&str> = doc
        .descendants()
        .filter_map(|n| n.attribute("id"))
        .collect();
    for href in doc.descendants().filter_map(|n| n.attribute("href")) {
        if let Some(target) = href.strip_prefix('#') {
            assert!(ids.contains(target), "no #{target}");
        }
    }
}

#[test]
fn ics_is_rfc5545() {
    let ics = report("ics");
    // CRLF everywhere, no line over 75 octets.
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split_inclusive('\n') {
        assert!(line.ends_with("\r\n"), "bare LF in {line:?}");
        assert!(line.len() - 2 <= 75, "{} octets: {line:?}", line.len() - 2);
    }

    let unfolded = icalendar::parser::unfold(&ics);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("parses");
    let events: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VEVENT")
        .collect();
    assert_eq!(events.len(), ics.matches("BEGIN:VEVENT").count());
    assert!(events.len() > 50, "{} events", events.len());
    let mut uids = HashSet::new();
    for e in &events {
        let prop = |name: &str| {
            e.find_prop(name)
                .unwrap_or_else(|| panic!("no {name} in {e:?}"))
                .val
                .to_string()
        };
        assert!(uids.insert(prop("UID")), "duplicate UID {}", prop("UID"));
        assert_eq!(prop("DTSTAMP"), "20261129T000000Z");
        let start = chrono::NaiveDate::parse_from_str(&prop("DTSTART"), "%Y%m%d").unwrap();
        let end = chrono::NaiveDate::parse_from_str(&prop("DTEND"), "%Y%m%d").unwrap();
        assert_eq!(end, start.succ_opt().unwrap(), "DTEND is exclusive");
        assert!(!prop("SUMMARY").is_empty());
        let alarms = e.components.iter().filter(|c| c.name == "VALARM").count();
        let notice = prop("UID").contains("-non-renewal-notice-");
        assert_eq!(alarms, if notice { 3 } else { 0 }, "{}", prop("UID"));
    }

    // The crate's own model reads the escaped text back as written.
    let parsed: icalendar::Calendar = ics.parse().expect("icalendar::Calendar");
    use icalendar::Component;
    let ru_ua = parsed
        .components
        .iter()
        .filter_map(|c| c.as_event())
        .find(|e| e.get_uid() == Some("ru-ua-1997-non-renewal-notice-20180930@treatyline"))
        .expect("the 2018 ru-ua deadline");
    let description = ru_ua.get_description().unwrap();
    assert!(
        description.contains("Parties: Ukraine, Russian Federation."),
        "{description}"
    );
}

#[test]
fn ics_reminders_follow_remind() {
    let ics = stdout_ok(&[
        "report",
        "ru-ua-1997",
        "--format",
        "ics",
        "--remind",
        "2w,1d",
    ]);
    assert_eq!(ics.matches("TRIGGER:-P14D").count(), 2);
    assert_eq!(ics.matches("TRIGGER:-P1D").count(), 2);
    assert!(!ics.contains("TRIGGER:-P90D"));

    let out = run(&["report", "--format", "ics", "--remind", "1m"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("days or weeks"));
}

#[test]
fn csv_reads_back_with_its_header() {
    let csv = report("csv");
    let mut r = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(header, treatyline::render::csv::HEADER);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let treaties: HashSet<&str> = rows.iter().map(|r| &r[0]).collect();
    assert_eq!(treaties.len(), bundled_ids().len());
    for row in &rows {
        assert!(
            matches!(
                &row[1],
                "period"
                    | "end"
                    | "deadline"
                    | "member"
                    | "milestone"
                    | "reading"
                    | "event"
                    | "caveat"
            ),
            "{row:?}"
        );
        if &row[1] == "caveat" {
            assert!(!row[11].is_empty(), "caveat text in {row:?}");
        } else {
            assert_eq!(row[3].len(), 10, "date in {row:?}");
        }
    }
    // Every treaty with a caveat carries it.
    let with_caveat = rows.iter().filter(|r| &r[1] == "caveat").count();
    assert!(with_caveat > 10, "{with_caveat} caveats");
}

#[test]
fn output_writes_the_file_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("chart.svg");
    std::fs::write(&path, "old").unwrap();
    let out = run(&[
        "report",
        "--format",
        "svg",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    assert_eq!(std::fs::read_to_string(&path).unwrap(), report("svg"));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert_eq!(names, ["chart.svg"], "a temporary file was left behind");

    let missing = dir.path().join("no/such/folder/chart.svg");
    let out = run(&["report", "--output", missing.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot write"));
}

#[test]
fn an_unknown_treaty_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.md");
    let out = run(&[
        "report",
        "no-such-treaty",
        "--output",
        path.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!path.exists());
}

#[test]
fn mermaid_is_a_raw_gantt_and_markdown_keeps_the_fence() {
    let m = report("mermaid");
    assert!(m.starts_with("gantt\n"), "{m}");
    assert!(!m.contains("```"), "{m}");
    // The caveats follow the chart as Mermaid comments.
    assert!(m.contains("\n%% Caveats:\n"), "{m}");
    let md = report("md");
    assert!(md.contains("\n```mermaid\ngantt\n"), "{md}");
    // Task lines never carry a second colon, which Mermaid would misread.
    for line in m
        .lines()
        .filter(|l| l.starts_with("    ") && l.contains(" :"))
    {
        assert_eq!(line.matches(':').count(), 1, "{line}");
    }
}
