//! Pictures made to make a QR decoder work as hard as possible, and how long decoding them
//! takes.
//!
//! ```sh
//! # write the worst-case pictures (small PNG files) into a folder
//! cargo run --release -p qr1405-symbol --example hostile_pictures -- write DIR
//! # time the decoding of pictures, and of uniform noise made here from a fixed seed
//! cargo run --release -p qr1405-symbol --example hostile_pictures -- time [--decoder=NAME] [FILE…]
//! ```
//!
//! A `FILE` named `noise-SIDE` is uniform noise of SIDE × SIDE px; without files, `time`
//! decodes the pictures below and noise of 3000 and 4000 px a side.
//!
//! The pictures:
//!
//! - `finder-tiles-500.png`, `finder-tiles-1000.png`: a 9 × 9 px tile holding one finder-like
//!   square (7 × 7 px, 1:1:3:1:1), repeated over the whole picture: every tile is a candidate
//!   finder pattern and every three of them a candidate symbol.
//! - `finder-tiles-2x-1000.png`: the same tile drawn at 2 px a module.
//! - `alignment-tiles-1000.png`: finder tiles with a 5 × 5 alignment-like square between
//!   them, so that the search for alignment patterns finds candidates everywhere.
//! - `finder-stripes-1000.png`: vertical stripes of 1:1:3:1:1: every row crosses a finder
//!   pattern every 9 px, and each stripe is one region as tall as the picture.
//!
//! Uniform noise (xorshift, seed 1405) is made when timed: no PNG compresses it.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation, missing_docs)]

use std::{path::Path, time::Instant};

use qr1405_symbol::{DecodeOptions, Decoder, Limits, Luma, decode_luma, load};

/// A `w` × `h` picture repeating `tile` (`side` × `side`, `true` dark) at `scale` px a cell.
fn tiled(w: u32, h: u32, tile: &[&str], scale: u32) -> Luma {
    let side = tile.len() as u32;
    let mut pixels = Vec::with_capacity((w * h) as usize);
    for y in 0..h {
        let row = tile[((y / scale) % side) as usize].as_bytes();
        for x in 0..w {
            let dark = row[((x / scale) % side) as usize] == b'#';
            pixels.push(if dark { 0 } else { 255 });
        }
    }
    Luma::new(w, h, pixels).unwrap()
}

const FINDER: [&str; 9] = [
    ".........",
    ".#######.",
    ".#.....#.",
    ".#.###.#.",
    ".#.###.#.",
    ".#.###.#.",
    ".#.....#.",
    ".#######.",
    ".........",
];

const FINDER_AND_ALIGNMENT: [&str; 15] = [
    "...............",
    ".#######.......",
    ".#.....#.......",
    ".#.###.#.......",
    ".#.###.#.......",
    ".#.###.#.......",
    ".#.....#.......",
    ".#######.......",
    "........#####..",
    "........#...#..",
    "........#.#.#..",
    "........#...#..",
    "........#####..",
    "...............",
    "...............",
];

/// Every row crosses a finder pattern every 9 px, and each stripe is a region as tall as the
/// picture.
const STRIPES: [&str; 9] = [".#.###.#."; 9];

/// Uniform noise from a fixed seed.
fn noise(w: u32, h: u32, seed: u64) -> Luma {
    let mut state = seed;
    let mut pixels = Vec::with_capacity((w * h) as usize);
    while pixels.len() < (w * h) as usize {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        pixels.extend_from_slice(&state.to_le_bytes());
    }
    pixels.truncate((w * h) as usize);
    Luma::new(w, h, pixels).unwrap()
}

fn pictures() -> Vec<(&'static str, Luma)> {
    vec![
        ("finder-tiles-500.png", tiled(500, 500, &FINDER, 1)),
        ("finder-tiles-1000.png", tiled(1000, 1000, &FINDER, 1)),
        ("finder-tiles-2x-1000.png", tiled(1000, 1000, &FINDER, 2)),
        (
            "alignment-tiles-1000.png",
            tiled(1000, 1000, &FINDER_AND_ALIGNMENT, 1),
        ),
        ("finder-stripes-1000.png", tiled(1000, 1000, &STRIPES, 1)),
    ]
}

fn png(luma: &Luma) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, luma.width(), luma.height());
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(luma.pixels()).unwrap();
    writer.finish().unwrap();
    out
}

fn time(name: &str, luma: &Luma, options: &DecodeOptions) {
    let start = Instant::now();
    let report = decode_luma(luma, options);
    let elapsed = start.elapsed();
    let outcomes: Vec<String> = report
        .decoders
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d.decoder,
                serde_json::to_string(&d.outcome).unwrap()
            )
        })
        .collect();
    println!(
        "{name}\t{} × {} px\t{:.3} s\t{} symbols\t{}",
        luma.width(),
        luma.height(),
        elapsed.as_secs_f64(),
        report.symbols.len(),
        outcomes.join("; ")
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("write") => {
            let dir = Path::new(args.get(1).expect("write DIR"));
            std::fs::create_dir_all(dir).unwrap();
            for (name, luma) in pictures() {
                let bytes = png(&luma);
                std::fs::write(dir.join(name), &bytes).unwrap();
                println!("{name}\t{} bytes", bytes.len());
            }
        }
        Some("time") => {
            let mut options = DecodeOptions::default();
            let mut files = &args[1..];
            if let Some(name) = files.first().and_then(|a| a.strip_prefix("--decoder=")) {
                let decoder = match name {
                    "rxing" => Decoder::Rxing,
                    "rqrr" => Decoder::Rqrr,
                    _ => panic!("--decoder=rxing or --decoder=rqrr"),
                };
                options = options.with_decoders(&[decoder]);
                files = &files[1..];
            }
            let noise_sides: &[u32] = if files.is_empty() { &[3000, 4000] } else { &[] };
            if files.is_empty() {
                for (name, luma) in pictures() {
                    time(name, &luma, &options);
                }
            }
            for file in files {
                if let Some(side) = file.strip_prefix("noise-") {
                    let side: u32 = side.parse().expect("noise-SIDE");
                    time(file, &noise(side, side, 1405), &options);
                    continue;
                }
                match load(&std::fs::read(file).unwrap(), &Limits::default()) {
                    Ok((luma, _)) => time(file, &luma, &options),
                    Err(e) => println!("{file}\t{e}"),
                }
            }
            for &side in noise_sides {
                time(&format!("noise-{side}"), &noise(side, side, 1405), &options);
            }
        }
        _ => eprintln!("usage: hostile_pictures write DIR | time [FILE…]"),
    }
}
