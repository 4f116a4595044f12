//! Read counts of the reader's picture path against the full decode, over the public corpora.
//!
//! ```sh
//! QR1405_CORPUS=../shared/corpus cargo run --release --locked -p qr1405-reader --example corpus_reads
//! ```
//!
//! For every picture of `zxing-cpp-samples/*` and `zxing-samples/*` (read means: a symbol
//! with the expected text of the `.txt` or `.bin` beside it, or any symbol where there is
//! none, or none at all in `falsepositives-1`), this reads the picture three ways: the full
//! decode (`qr1405_symbol::decode`: both decoders, graded), the symbol crate's fast path with
//! the options [`Reader::read_image`] uses (`qr1405_symbol::read_text`), and
//! `Reader::read_image` itself. It prints a line per set and every picture where they differ,
//! and exits with 1 when the fast path misses a picture the full decode reads, finds a symbol
//! in a picture without a code where the full decode finds none, or when the reader's verdict
//! (a symbol found or not) is not the fast path's. `QR1405_CORPUS` must name the corpus: a
//! missing corpus is an error, never an empty run.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    process::ExitCode,
};

use qr1405_reader::{Reader, Reading, clock_from_rfc3339};

const PICTURES: [&str; 6] = ["png", "jpg", "jpeg", "webp", "bmp", "gif"];

/// Whether a decoded symbol is the expected one (text, bytes, or text less trailing blanks).
fn matches(expected: &[u8], text: &str, bytes: &[u8]) -> bool {
    let trim = |b: &[u8]| b.trim_ascii_end().to_vec();
    text.as_bytes() == expected || bytes == expected || trim(text.as_bytes()) == trim(expected)
}

/// Whether the reader found a symbol: anything but its own picture refusals.
fn reader_found(reading: &Reading) -> bool {
    reading.refused().is_none_or(|refuse| {
        !matches!(
            refuse.reasons[0].code(),
            "no-symbol" | "too-many-candidates" | "image-unreadable"
        )
    })
}

#[derive(Default)]
struct Tally {
    pictures: usize,
    full: usize,
    fast: usize,
    other_count: usize,
}

fn sets(corpus: &Path) -> Vec<PathBuf> {
    let mut sets = Vec::new();
    for family in ["zxing-cpp-samples", "zxing-samples"] {
        let Ok(entries) = std::fs::read_dir(corpus.join(family)) else {
            continue;
        };
        sets.extend(entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()));
    }
    sets.sort();
    sets
}

fn main() -> ExitCode {
    let Some(corpus) = std::env::var_os("QR1405_CORPUS").map(PathBuf::from) else {
        eprintln!("QR1405_CORPUS is not set: name the corpus folder (../shared/corpus)");
        return ExitCode::from(2);
    };
    let sets = sets(&corpus);
    if sets.is_empty() {
        eprintln!("no picture sets under {}", corpus.display());
        return ExitCode::from(2);
    }
    let reader = Reader::without_trust_list();
    let at = clock_from_rfc3339("2022-01-01T00:00:00Z").expect("a valid clock");
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut notes = Vec::new();
    for set in &sets {
        let name = set
            .strip_prefix(&corpus)
            .unwrap_or(set)
            .display()
            .to_string();
        let false_positives = name.contains("falsepositives");
        let tally = tallies.entry(name.clone()).or_default();
        let mut files: Vec<PathBuf> = std::fs::read_dir(set)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| PICTURES.contains(&e.to_ascii_lowercase().as_str()))
            })
            .collect();
        files.sort();
        for path in files {
            let expected = ["bin", "txt"]
                .iter()
                .find_map(|ext| std::fs::read(path.with_extension(ext)).ok());
            // Without an expected text (the pieces of a structured append, a picture of
            // several codes), a picture is read when a symbol is found in it.
            let bytes = std::fs::read(&path).expect("a readable picture");
            let shown = path.strip_prefix(&corpus).unwrap_or(&path).display();
            tally.pictures += 1;
            let full = qr1405_symbol::decode(&bytes)
                .map(|r| {
                    r.symbols
                        .iter()
                        .map(|s| (s.text.clone(), s.payload().to_vec()))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default();
            let fast: Vec<(String, Vec<u8>)> = qr1405_symbol::read_text(&bytes)
                .unwrap_or_default()
                .into_iter()
                .map(|s| (s.text, s.bytes))
                .collect();
            let read = |found: &[(String, Vec<u8>)]| match &expected {
                Some(e) => found.iter().any(|(t, b)| matches(e, t, b)),
                None => !found.is_empty(),
            };
            let (full_read, fast_read) = (read(&full), read(&fast));
            tally.full += usize::from(full_read);
            tally.fast += usize::from(fast_read);
            if full_read && !fast_read && !false_positives {
                problems.push(format!(
                    "{shown}: the full decode reads it, the fast path does not"
                ));
            }
            if false_positives && fast_read && !full_read {
                problems.push(format!(
                    "{shown}: the fast path finds a symbol where there is none"
                ));
            }
            if fast_read && !full_read && !false_positives {
                notes.push(format!("{shown}: read by the fast path only"));
            }
            if full.len() != fast.len() && full_read && fast_read {
                tally.other_count += 1;
                notes.push(format!(
                    "{shown}: {} symbols in the full decode, {} in the fast path",
                    full.len(),
                    fast.len()
                ));
            }
            let reader_saw = reader_found(&reader.read_image(&bytes, at));
            if reader_saw == fast.is_empty() {
                problems.push(format!(
                    "{shown}: Reader::read_image and the fast path disagree on whether there is a symbol"
                ));
            }
        }
    }
    println!("| set | pictures | full decode | reader's fast path | other symbol count |");
    println!("|---|---:|---:|---:|---:|");
    let mut total = Tally::default();
    for (name, t) in &tallies {
        println!(
            "| {name} | {} | {} | {} | {} |",
            t.pictures, t.full, t.fast, t.other_count
        );
        total.pictures += t.pictures;
        total.full += t.full;
        total.fast += t.fast;
        total.other_count += t.other_count;
    }
    println!(
        "| all | {} | {} | {} | {} |",
        total.pictures, total.full, total.fast, total.other_count
    );
    println!("(falsepositives-1: pictures where a symbol was found, of pictures without a code)");
    println!("(other symbol count: pictures where the two found another number of symbols)");
    for note in &notes {
        println!("note: {note}");
    }
    if total.pictures == 0 {
        eprintln!("no pictures with expected texts under {}", corpus.display());
        return ExitCode::from(2);
    }
    for problem in &problems {
        println!("FAIL: {problem}");
    }
    if problems.is_empty() {
        println!("the fast path reads every picture the full decode reads");
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
