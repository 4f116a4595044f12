//! Times the reader's text read, for the bindings' overhead (`scripts/bench-bindings.sh`).
//!
//! `cargo run --release -p qr1405-reader --example bench_read -- REPO_ROOT ITERATIONS` prints
//! nanoseconds per read of each text of `scripts/bench-texts.txt`, one `name<TAB>ns` a line.

use std::time::Instant;

use qr1405_reader::{Reader, clock_from_unix_seconds};

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().unwrap_or_else(|| ".".to_owned());
    let iterations: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(20_000);
    let read = |path: &str| {
        std::fs::read(format!("{root}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let reader = Reader::from_trust_list_json(
        &read("conformance-vectors/trust-list.json"),
        &String::from_utf8_lossy(&read("conformance-vectors/root.pub")),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let at = clock_from_unix_seconds(1_654_045_200).unwrap_or_else(|e| panic!("{e}"));
    let texts = String::from_utf8_lossy(&read("scripts/bench-texts.txt")).into_owned();
    for line in texts.lines().filter(|l| !l.starts_with('#')) {
        let Some((name, text)) = line.split_once('\t') else {
            continue;
        };
        for _ in 0..iterations / 10 {
            std::hint::black_box(reader.read_text(text.as_bytes(), at));
        }
        let start = Instant::now();
        for _ in 0..iterations {
            std::hint::black_box(reader.read_text(std::hint::black_box(text.as_bytes()), at));
        }
        let ns = start.elapsed().as_nanos() / u128::from(iterations);
        println!("{name}\t{ns}");
    }
}
