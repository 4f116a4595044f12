//! This crate's encoder beside the `qrcode` crate alone and fast_qr, on the texts of the
//! golden vectors: what each makes of them, and a loop to count instructions in.
//!
//! ```sh
//! cargo run --release -p qr1405-symbol --example encode_peers -- compare
//! cargo build --release -p qr1405-symbol --example encode_peers
//! valgrind --tool=callgrind --toggle-collect='encode_peers::run' \
//!     target/release/examples/encode_peers run qr1405 10
//! ```
//!
//! `compare` prints, for each encoder, the versions it chose and how many symbols are the
//! same module for module as this crate's. `run ENCODER N` encodes every text N times with
//! `qr1405`, `qrcode` or `fast_qr`, inside `run`, which callgrind alone counts with the
//! option above; divide by N × the number of texts for instructions per symbol.
//!
//! `overflow` encodes 2,953 × `f` at level L with the `qrcode` crate alone and with this
//! crate, and prints the masks chosen: the crate's penalty of mask 0 passes 65,535 there
//! (docs/decisions.md, Encoding: the mask). Run it in release: a debug build of the crate
//! panics on the overflow.
#![allow(clippy::unwrap_used, missing_docs)]

use std::{collections::BTreeMap, hint::black_box};

#[path = "../benches/encoding/mod.rs"]
mod encoding;

use encoding::{fast_qr, fast_qr_modules, qr1405, qrcode_crate, texts};

#[inline(never)]
fn run(encoder: &str, texts: &[String], times: usize) -> usize {
    let mut modules = 0;
    for _ in 0..times {
        for text in texts {
            modules += match encoder {
                "qr1405" => qr1405(black_box(text)).size(),
                "qrcode" => qrcode_crate(black_box(text)).width(),
                "fast_qr" => fast_qr(black_box(text)).size,
                other => panic!("unknown encoder {other:?}: qr1405, qrcode or fast_qr"),
            };
        }
    }
    modules
}

fn versions(sizes: impl Iterator<Item = usize>) -> String {
    let mut count = BTreeMap::new();
    for size in sizes {
        *count.entry((size - 17) / 4).or_insert(0) += 1;
    }
    count
        .iter()
        .map(|(v, n)| format!("{n} × version {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn compare(texts: &[String]) {
    let ours: Vec<_> = texts.iter().map(|t| qr1405(t)).collect();
    let crate_alone: Vec<_> = texts.iter().map(|t| qrcode_crate(t)).collect();
    let fast: Vec<_> = texts.iter().map(|t| fast_qr(t)).collect();
    println!("{} texts of the golden vectors, level M", texts.len());
    println!("qr1405:  {}", versions(ours.iter().map(|c| c.size())));
    println!(
        "qrcode:  {}",
        versions(crate_alone.iter().map(|c| c.width()))
    );
    println!("fast_qr: {}", versions(fast.iter().map(|c| c.size)));
    let same_as_crate = ours
        .iter()
        .zip(&crate_alone)
        .filter(|(a, b)| {
            let colors: Vec<bool> = b
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            a.modules() == colors.as_slice()
        })
        .count();
    let larger = ours
        .iter()
        .zip(&fast)
        .filter(|(a, b)| a.size() < b.size)
        .count();
    let same_version = ours
        .iter()
        .zip(&fast)
        .filter(|(a, b)| a.size() == b.size)
        .count();
    let same_mask = ours
        .iter()
        .zip(&fast)
        .filter(|(a, b)| b.mask.is_some_and(|m| m as u8 == a.mask()))
        .count();
    let same_symbol = ours
        .iter()
        .zip(&fast)
        .filter(|(a, b)| a.modules() == fast_qr_modules(b).as_slice())
        .count();
    println!(
        "the qrcode crate's symbol, module for module: {same_as_crate} of {}",
        texts.len()
    );
    println!(
        "fast_qr: same version {same_version}, a larger one {larger}, same mask {same_mask}, same symbol {same_symbol} of {}",
        texts.len()
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let texts = texts();
    match args.first().map(String::as_str) {
        Some("compare") => compare(&texts),
        Some("overflow") => {
            let data = vec![b'f'; 2953];
            let mut bits = qrcode::bits::Bits::new(qrcode::Version::Normal(40));
            bits.push_byte_data(&data).unwrap();
            bits.push_terminator(qrcode::EcLevel::L).unwrap();
            let theirs = qrcode::QrCode::with_bits(bits, qrcode::EcLevel::L).unwrap();
            let ours = qr1405_symbol::EncodedSymbol::new(&data, qr1405_symbol::Ecc::L).unwrap();
            let dark: Vec<bool> = theirs
                .to_colors()
                .into_iter()
                .map(|c| c == qrcode::Color::Dark)
                .collect();
            // The mask in the format information: bits 12, 11 and 10 of the word, in row 8 at
            // columns 2, 3 and 4, under the word's own mask 0x5412 (1 0 1 there).
            let mask_of = |dark: &[bool], width: usize| {
                let bit = |x: usize| u8::from(dark[8 * width + x]);
                (bit(2) << 2 | bit(3) << 1 | bit(4)) ^ 0b101
            };
            let mask = mask_of(&dark, theirs.width());
            assert_eq!(mask_of(ours.modules(), ours.size()), ours.mask());
            println!(
                "qrcode crate alone: mask {mask}; qr1405: mask {}",
                ours.mask()
            );
        }
        Some("run") => {
            let encoder = args.get(1).map_or("qr1405", String::as_str);
            let times = args.get(2).map_or(10, |n| n.parse().unwrap());
            let modules = run(encoder, &texts, times);
            println!(
                "{encoder}: {} symbols, {modules} modules a side in all",
                times * texts.len()
            );
        }
        _ => eprintln!("usage: encode_peers compare | overflow | run qr1405|qrcode|fast_qr [N]"),
    }
}
