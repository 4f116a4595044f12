//! Criterion benchmarks: rendering, and decoding a clean code and an app screenshot.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use qr1405_symbol::{
    Canvas, DecodeOptions, Decoder, Ecc, EncodedSymbol, RenderOptions, Rgba, Style, decode,
    decode_luma,
};

const TEXT: &str =
    "001093029317|NGUYỄN LÊ KHẢ HÂN|1987-01-18|0|162979388586171100|<1<HS4010120878821";

fn render(c: &mut Criterion) {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    c.bench_function("encode", |b| {
        b.iter(|| EncodedSymbol::new(black_box(TEXT.as_bytes()), Ecc::M))
    });
    c.bench_function("png 8 px", |b| {
        b.iter(|| code.to_png(black_box(&RenderOptions::module_px(8))))
    });
    c.bench_function("svg", |b| {
        b.iter(|| code.to_svg(black_box(&RenderOptions::module_px(8))))
    });
}

fn screenshot() -> Canvas {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let mut canvas = Canvas::new(1080, 2340, Rgba::rgb(245, 246, 250)).unwrap();
    canvas.fill_rect(0, 0, 1080, 280, Rgba::rgb(0, 112, 192));
    canvas.fill_rect(60, 400, 960, 1200, Rgba::WHITE);
    canvas.draw_code(&code, 200, 700, &Style::new(10));
    canvas
}

fn decoding(c: &mut Criterion) {
    let code = EncodedSymbol::new(TEXT.as_bytes(), Ecc::M).unwrap();
    let png = code.to_png(&RenderOptions::module_px(4)).unwrap();
    c.bench_function("decode png 4 px", |b| b.iter(|| decode(black_box(&png))));
    let shot = screenshot().to_luma_image();
    let mut group = c.benchmark_group("screenshot 1080x2340");
    group.sample_size(20);
    group.bench_function("both decoders", |b| {
        b.iter(|| decode_luma(black_box(&shot), &DecodeOptions::default()))
    });
    for decoder in Decoder::ALL {
        let options = DecodeOptions::default().with_decoders(&[decoder]);
        group.bench_function(decoder.to_string(), |b| {
            b.iter(|| decode_luma(black_box(&shot), &options))
        });
    }
    group.finish();
}

criterion_group!(benches, render, decoding);
criterion_main!(benches);
