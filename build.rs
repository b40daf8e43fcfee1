//! Embeds the bundled dataset (`data/**/*.toml`) in the binary, so every
//! read-only command works from any folder on a fresh install.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        // Symlinks are not followed: the embedded set is what the repository holds.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            collect(&path, out);
        } else if kind.is_file() && path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let data = root.join("data");
    println!("cargo::rerun-if-changed=data");
    let mut files = Vec::new();
    collect(&data, &mut files);
    files.sort();
    let mut code = String::from(
        "/// The bundled dataset: (path relative to the package, contents).\npub(super) static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for f in &files {
        let rel = f
            .strip_prefix(&root)
            .unwrap_or(f)
            .to_string_lossy()
            .replace('\\', "/");
        let _ = writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            f.to_string_lossy()
        );
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR").unwrap_or_default()).join("embedded.rs");
    if let Err(e) = fs::write(&out, code) {
        println!("cargo::error=cannot write {}: {e}", out.display());
    }
}
