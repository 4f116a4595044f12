//! Criterion, one run: this crate's encoder, the `qrcode` crate alone and fast_qr on the
//! texts of the golden vectors (`docs/performance.md`, Encoding).
//!
//! ```sh
//! cargo bench -p qr1405-symbol --bench encoders
//! ```
//!
//! Each iteration encodes every text at level M. `matrix`: the module matrix; `svg`: the
//! matrix and an SVG document of it. fast_qr draws pixels only through resvg (its `image`
//! feature, a whole SVG renderer), so PNG is timed for this crate alone (`png 4 px`).
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qr1405_symbol::RenderOptions;

mod encoding;

use encoding::{fast_qr, qr1405, qrcode_crate, texts};

fn encoders(c: &mut Criterion) {
    let texts = texts();
    let count = u64::try_from(texts.len()).unwrap();
    // The same output: this crate's symbols are the qrcode crate's, module for module.
    for text in &texts {
        let ours = qr1405(text);
        let dark: Vec<bool> = qrcode_crate(text)
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        assert!(ours.modules() == dark.as_slice(), "{text:?}");
    }

    let mut group = c.benchmark_group("matrix");
    group.throughput(Throughput::Elements(count));
    // The qrcode crate alone takes about a second an iteration.
    group.sample_size(10);
    group.bench_function("qr1405", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| qr1405(black_box(t)).size())
                .sum::<usize>()
        })
    });
    group.bench_function("qrcode crate", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| qrcode_crate(black_box(t)).to_colors().len())
                .sum::<usize>()
        })
    });
    group.bench_function("fast_qr", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| fast_qr(black_box(t)).size)
                .sum::<usize>()
        })
    });
    group.finish();

    let options = RenderOptions::module_px(1);
    let mut group = c.benchmark_group("svg");
    group.throughput(Throughput::Elements(count));
    group.bench_function("qr1405", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| qr1405(black_box(t)).to_svg(&options).unwrap().len())
                .sum::<usize>()
        })
    });
    let svg = ::fast_qr::convert::svg::SvgBuilder::default();
    group.bench_function("fast_qr", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| svg.to_str(&fast_qr(black_box(t))).len())
                .sum::<usize>()
        })
    });
    group.finish();

    let options = RenderOptions::module_px(4);
    let mut group = c.benchmark_group("png 4 px");
    group.throughput(Throughput::Elements(count));
    group.sample_size(20);
    group.bench_function("qr1405", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| qr1405(black_box(t)).to_png(&options).unwrap().len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, encoders);
criterion_main!(benches);
