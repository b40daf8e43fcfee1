//! The floor of the benchmarks: read every `*.toml` file under a folder and
//! parse it with the `toml` crate into a generic table, nothing else.
//!
//! `cargo run --release --example floor -- DIR`
//!
//! It uses the parallelism `treatyline` itself may use (the folder walked on
//! one thread, then the files split into one contiguous chunk per core under
//! `std::thread::scope`, each thread reading and parsing its chunk), so the
//! ratio of a command's time to this one's measures what the command adds
//! over reading and parsing.

use std::error::Error;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_type()?.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "toml") {
            out.push(path);
        }
    }
    Ok(())
}

fn main() -> Result<(), Box<dyn Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: floor DIR")?;
    let mut paths = Vec::new();
    walk(Path::new(&dir), &mut paths)?;
    paths.sort();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = paths.len().div_ceil(threads).max(1);
    let (tables, keys, failed) = std::thread::scope(|s| {
        let handles: Vec<_> = paths
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let (mut tables, mut keys, mut failed) = (0usize, 0usize, 0usize);
                    for p in part {
                        let parsed = std::fs::read_to_string(p)
                            .ok()
                            .and_then(|text| text.parse::<toml::Table>().ok());
                        match parsed {
                            Some(t) => {
                                tables += 1;
                                keys += t.len();
                            }
                            None => failed += 1,
                        }
                    }
                    (tables, keys, failed)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().ok())
            .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
    });
    println!("floor: {tables} files parsed ({keys} top-level keys), {failed} failed");
    if failed > 0 {
        return Err(format!("{failed} files could not be read or parsed").into());
    }
    Ok(())
}
