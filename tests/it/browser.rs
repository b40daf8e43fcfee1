//! The reports in a real browser: the HTML report in headless Chromium at
//! 1,400 px, and the raw Mermaid chart through mermaid-cli. Both tools come
//! from the package registries (`.ci/run` installs them); where one is
//! missing the test says so on stderr and passes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::run;

/// Writes straight to stderr, past the test harness's capture, so a skip is
/// seen.
fn skip(why: &str) {
    let _ = writeln!(std::io::stderr(), "SKIPPED: {why} (.ci/run installs it)");
}

fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TREATYLINE_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

fn mmdc() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("mmdc"))
        .find(|p| p.exists())
}

/// The flags every headless run takes (no sandbox: CI runs as root).
const FLAGS: [&str; 4] = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
];

/// Loads `page` at 1,400 x 900 and returns the `data-result` attribute the
/// page's script left on `<body>`.
fn result_of(chromium: &Path, page: &Path) -> serde_json::Value {
    let out = Command::new("timeout")
        .arg("120")
        .arg(chromium)
        .args(FLAGS)
        .args(["--window-size=1400,900", "--dump-dom"])
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout);
    let Some(start) = dom.find("data-result=\"") else {
        panic!(
            "no result from Chromium: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    let rest = &dom[start + 13..];
    let json = &rest[..rest.find('"').unwrap()];
    serde_json::from_str(&json.replace("&quot;", "\"").replace("&amp;", "&")).unwrap()
}

/// A script that measures the page: its scroll width against the window,
/// caveat markup, and pairs of SVG texts drawn over each other.
const MEASURE: &str = r"<script>
const ts = [...document.querySelectorAll('svg text')]
  .filter(t => t.textContent.trim())
  .map(t => [t.textContent, t.getBoundingClientRect()])
  .filter(([_, r]) => r.width > 0 && r.height > 0);
const overlaps = [];
for (let i = 0; i < ts.length; i++) for (let j = i + 1; j < ts.length; j++) {
  const a = ts[i][1], b = ts[j][1];
  const ox = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const oy = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  if (ox > 1 && oy > 1) overlaps.push(ts[i][0] + ' / ' + ts[j][0]);
}
document.body.setAttribute('data-result', JSON.stringify({
  scroll: document.documentElement.scrollWidth,
  client: document.documentElement.clientWidth,
  code: document.querySelectorAll('.caveat code').length,
  backticks: [...document.querySelectorAll('.caveat')].filter(e => e.textContent.includes('`')).length,
  texts: ts.length,
  overlaps: overlaps.slice(0, 5),
}));
</script>";

#[test]
fn html_report_fits_1400_px_and_renders_caveat_markup() {
    let Some(chromium) = chromium() else {
        return skip("html_report_fits_1400_px_and_renders_caveat_markup: no chromium");
    };
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("report.html");
    let out = run(&["report", "--output", html.to_str().unwrap()]);
    assert!(out.status.success());
    // The report's Content-Security-Policy forbids every script, the
    // measuring one too: it is taken out of the copy that is measured.
    let report = std::fs::read_to_string(&html).unwrap();
    let report = match report.find("<meta http-equiv=\"Content-Security-Policy\"") {
        Some(at) => {
            let end = report[at..].find('>').map_or(at, |e| at + e + 1);
            format!("{}{}", &report[..at], &report[end..])
        }
        None => report,
    };
    let page = report.replace("</body>", &format!("{MEASURE}</body>"));
    let measured = dir.path().join("measured.html");
    std::fs::write(&measured, page).unwrap();
    let r = result_of(&chromium, &measured);
    assert!(
        r["scroll"].as_u64() <= r["client"].as_u64(),
        "scrolls sideways: {r}"
    );
    assert!(r["code"].as_u64() > Some(0), "{r}");
    assert_eq!(r["backticks"], 0, "{r}");
}

#[test]
fn mermaid_cli_renders_the_raw_chart_without_overlapping_labels() {
    let (Some(chromium), Some(mmdc)) = (chromium(), mmdc()) else {
        return skip(
            "mermaid_cli_renders_the_raw_chart_without_overlapping_labels: no chromium or mmdc",
        );
    };
    let dir = tempfile::tempdir().unwrap();
    let mmd = dir.path().join("chart.mmd");
    let out = run(&["report", "--output", mmd.to_str().unwrap()]);
    assert!(out.status.success());
    let config = dir.path().join("puppeteer.json");
    let config_json = serde_json::json!({
        "executablePath": chromium,
        "args": FLAGS,
    });
    std::fs::write(&config, config_json.to_string()).unwrap();
    let svg = dir.path().join("chart.svg");
    let out = Command::new("timeout")
        .arg("180")
        .arg(&mmdc)
        .arg("-p")
        .arg(&config)
        .arg("-i")
        .arg(&mmd)
        .arg("-o")
        .arg(&svg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "mermaid-cli refused the chart: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let page = format!(
        "<!doctype html><html><body style=\"margin:0\">{}{MEASURE}</body></html>",
        std::fs::read_to_string(&svg).unwrap()
    );
    let measured = dir.path().join("measured.html");
    std::fs::write(&measured, page).unwrap();
    let r = result_of(&chromium, &measured);
    assert!(r["texts"].as_u64() > Some(100), "{r}");
    assert_eq!(r["overlaps"], serde_json::json!([]), "{r}");
}
