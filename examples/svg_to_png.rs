//! Renders an SVG file to PNG with resvg, the way the tests do, so a chart
//! can be looked at (and `docs/timeline.png` regenerated) without a browser:
//!
//! ```sh
//! cargo run --example svg_to_png -- docs/timeline.svg docs/timeline.png
//! ```
//!
//! Text is drawn with the system's fonts (DejaVu Sans where installed).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [svg, png] = args.as_slice() else {
        eprintln!("usage: svg_to_png IN.svg OUT.png");
        return ExitCode::from(2);
    };
    match convert(svg, png) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn convert(svg: &str, png: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(svg).map_err(|e| format!("cannot read {svg}: {e}"))?;
    let mut options = resvg::usvg::Options::default();
    options.fontdb_mut().load_system_fonts();
    let tree = resvg::usvg::Tree::from_str(&text, &options).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or_else(|| "the image is empty".to_owned())?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    pixmap
        .save_png(png)
        .map_err(|e| format!("cannot write {png}: {e}"))
}
