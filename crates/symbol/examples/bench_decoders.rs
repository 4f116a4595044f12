//! Read rate and time per picture of this crate's decoding, side by side with zxing-cpp and
//! ZBar (measured by `scripts/bench_peers.py` on the same pictures).
//!
//! ```sh
//! scripts/bench-decoders.sh            # installs the peers, runs everything, prints the table
//! ```
//!
//! or by hand:
//!
//! ```sh
//! cargo run --release -p qr1405-symbol --example bench_decoders -- prepare DIR [CORPUS]
//! python3 scripts/bench_peers.py DIR/manifest.tsv DIR/peers.tsv
//! cargo run --release -p qr1405-symbol --example bench_decoders -- run DIR
//! ```
//!
//! `screen [N] [--sequential] [--fast]` reads one synthetic screenshot N times and prints its
//! times; `--fast` with the reader's fast path (`read_text_luma`) instead of `decode_luma`.
//!
//! `nocode [N] [FILE] [--live | --full]` reads a picture without a code N times (a
//! photograph-like 1280 × 720 frame, or FILE) with the fast path, the fast path without
//! fallback pictures (`--live`) or `decode_luma` (`--full`), one thread, and prints the times.
//!
//! `picture N FILE [--sequential] [--scale K]` reads a picture N times with `decode_luma` on
//! two threads or, with `--sequential`, one, enlarged K times by repeating pixels (a 12 MP
//! photo from a smaller one), and prints the times (`scripts/bench-threads.sh`).
//!
//! `run DIR --fast-only` times the fast path alone (seconds instead of minutes), for
//! `scripts/bench-alternate.sh`, which alternates it with zxing-cpp.
//!
//! `prepare` synthesises pictures from fixed seeds (clean renders at several module sizes,
//! rotation, perspective, blur, noise, JPEG, low contrast, inversion, moiré of a photographed
//! screen, 1080 × 2340 app screenshots), extracts the EU DCC test PNGs, and writes a
//! manifest of every picture with its expected text. The public corpora are read in place.
#![allow(clippy::unwrap_used, clippy::cast_possible_truncation, missing_docs)]

use std::{
    collections::BTreeMap,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
    time::Instant,
};

use base64::Engine as _;
use qr1405_symbol::{
    Canvas, DecodeOptions, Decoder, Ecc, EncodedSymbol, ImageReport, Limits, Luma, Rgba, Style,
    decode_luma, load, read_text_luma,
};

/// Deterministic xorshift generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    fn gauss(&mut self) -> f64 {
        let u = self.unit().max(1e-12);
        let v = self.unit();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
}

const NAMES: [&str; 6] = [
    "NGUYỄN VĂN AN",
    "TRẦN THỊ BÍCH NGỌC",
    "LÊ HOÀNG PHÚC",
    "PHẠM THỊ THU HƯƠNG",
    "ĐẶNG QUỐC BẢO",
    "VŨ NGỌC ÁNH",
];

/// A payload shaped like a Decision 1405 personal code.
fn payload(rng: &mut Rng) -> String {
    let id: u64 = 1_000_000_000 + rng.next() % 8_999_999_999;
    let name = NAMES[(rng.next() % NAMES.len() as u64) as usize];
    let year = 1950 + rng.next() % 60;
    let month = 1 + rng.next() % 12;
    let day = 1 + rng.next() % 28;
    let sex = rng.next() % 2;
    let bhyt = rng.next() % 1_000_000_000_000;
    format!("00{id:010}|{name}|{year}-{month:02}-{day:02}|{sex}|{bhyt:015}|<1<HS40{bhyt:013}")
}

fn luma(canvas: &Canvas) -> Luma {
    canvas.to_luma_image()
}

fn render(text: &str, px: u32) -> Luma {
    let code = EncodedSymbol::new(text.as_bytes(), Ecc::M).unwrap();
    luma(&Canvas::with_code(&code, &Style::new(px)).unwrap())
}

fn get(l: &Luma, x: f64, y: f64, bg: f64) -> f64 {
    let (w, h) = (l.width() as i64, l.height() as i64);
    let (fx, fy) = (x - 0.5, y - 0.5);
    let (x0, y0) = (fx.floor(), fy.floor());
    let (ax, ay) = (fx - x0, fy - y0);
    let at = |x: i64, y: i64| {
        if x < 0 || y < 0 || x >= w || y >= h {
            bg
        } else {
            f64::from(l.pixels()[(y * w + x) as usize])
        }
    };
    let (x0, y0) = (x0 as i64, y0 as i64);
    let top = at(x0, y0) * (1.0 - ax) + at(x0 + 1, y0) * ax;
    let bottom = at(x0, y0 + 1) * (1.0 - ax) + at(x0 + 1, y0 + 1) * ax;
    top * (1.0 - ay) + bottom * ay
}

fn from_fn(w: u32, h: u32, mut f: impl FnMut(f64, f64) -> f64) -> Luma {
    let mut pixels = Vec::with_capacity((w * h) as usize);
    for y in 0..h {
        for x in 0..w {
            pixels.push(
                f(f64::from(x) + 0.5, f64::from(y) + 0.5)
                    .round()
                    .clamp(0.0, 255.0) as u8,
            );
        }
    }
    Luma::new(w, h, pixels).unwrap()
}

fn map(l: &Luma, mut f: impl FnMut(f64, f64, f64) -> f64) -> Luma {
    let w = l.width();
    from_fn(w, l.height(), |x, y| {
        let v = f64::from(l.pixels()[(y as u32 * w + x as u32) as usize]);
        f(x, y, v)
    })
}

fn rotate(l: &Luma, degrees: f64) -> Luma {
    let (s, c) = degrees.to_radians().sin_cos();
    let (w, h) = (f64::from(l.width()), f64::from(l.height()));
    let side = (w * c.abs() + h * s.abs()).ceil() + 40.0;
    let (cx, cy) = (w / 2.0, h / 2.0);
    from_fn(side as u32, side as u32, |x, y| {
        let (dx, dy) = (x - side / 2.0, y - side / 2.0);
        get(l, cx + c * dx + s * dy, cy - s * dx + c * dy, 255.0)
    })
}

/// Solves the homography taking `from` to `to` (4 points each).
fn homography(from: [(f64, f64); 4], to: [(f64, f64); 4]) -> [f64; 9] {
    let mut a = [[0f64; 9]; 8];
    for i in 0..4 {
        let ((x, y), (u, v)) = (from[i], to[i]);
        a[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
        a[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
    }
    for col in 0..8 {
        let p = (col..8)
            .max_by(|&r, &s| a[r][col].abs().total_cmp(&a[s][col].abs()))
            .unwrap();
        a.swap(col, p);
        for row in 0..8 {
            if row != col {
                let f = a[row][col] / a[col][col];
                let pivot = a[col];
                for (t, s) in a[row].iter_mut().zip(pivot) {
                    *t -= f * s;
                }
            }
        }
    }
    let mut m = [0.0; 9];
    for i in 0..8 {
        m[i] = a[i][8] / a[i][i];
    }
    m[8] = 1.0;
    m
}

fn perspective(l: &Luma, rng: &mut Rng, amount: f64) -> Luma {
    let (w, h) = (f64::from(l.width()), f64::from(l.height()));
    let out = (w.max(h) * 1.3) as u32;
    let o = f64::from(out);
    let m = 0.12 * o;
    let j = |rng: &mut Rng| rng.range(-amount, amount) * o;
    let dst = [
        (m + j(rng), m + j(rng)),
        (o - m + j(rng), m + j(rng)),
        (o - m + j(rng), o - m + j(rng)),
        (m + j(rng), o - m + j(rng)),
    ];
    // From output to source pixels.
    let hm = homography(dst, [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)]);
    from_fn(out, out, |x, y| {
        let d = hm[6] * x + hm[7] * y + 1.0;
        let sx = (hm[0] * x + hm[1] * y + hm[2]) / d;
        let sy = (hm[3] * x + hm[4] * y + hm[5]) / d;
        get(l, sx, sy, 235.0)
    })
}

fn blur(l: &Luma, radius: i64) -> Luma {
    let (w, h) = (l.width() as i64, l.height() as i64);
    let mut data: Vec<f64> = l.pixels().iter().map(|&p| f64::from(p)).collect();
    for _ in 0..2 {
        for horizontal in [true, false] {
            let src = data.clone();
            for y in 0..h {
                for x in 0..w {
                    let mut sum = 0.0;
                    for k in -radius..=radius {
                        let (sx, sy) = if horizontal {
                            ((x + k).clamp(0, w - 1), y)
                        } else {
                            (x, (y + k).clamp(0, h - 1))
                        };
                        sum += src[(sy * w + sx) as usize];
                    }
                    data[(y * w + x) as usize] = sum / (2 * radius + 1) as f64;
                }
            }
        }
    }
    Luma::new(
        l.width(),
        l.height(),
        data.iter()
            .map(|v| v.round().clamp(0.0, 255.0) as u8)
            .collect(),
    )
    .unwrap()
}

fn noise(l: &Luma, rng: &mut Rng, sigma: f64) -> Luma {
    let mut rng = Rng(rng.next() | 1);
    map(l, |_, _, v| v + sigma * rng_gauss(&mut rng))
}

fn rng_gauss(rng: &mut Rng) -> f64 {
    rng.gauss()
}

fn scale(l: &Luma, factor: f64) -> Luma {
    let w = (f64::from(l.width()) * factor) as u32;
    let h = (f64::from(l.height()) * factor) as u32;
    from_fn(w, h, |x, y| get(l, x / factor, y / factor, 255.0))
}

/// A code shown on a screen and photographed: sub-pixel stripes, resampling aliasing, blur,
/// sensor noise.
fn moire(text: &str, rng: &mut Rng) -> Luma {
    let shown = render(text, 7);
    let angle = rng.range(-0.15, 0.15);
    let period = rng.range(2.6, 3.4);
    let (s, c) = angle.sin_cos();
    let striped = map(&shown, |x, y, v| {
        let phase = (x * c + y * s) / period * 2.0 * std::f64::consts::PI;
        (v * 0.8 + 30.0) * (0.78 + 0.22 * phase.sin())
    });
    let small = scale(
        &rotate(&striped, rng.range(-4.0, 4.0)),
        rng.range(0.42, 0.55),
    );
    noise(&blur(&small, 1), rng, 6.0)
}

/// A 1080 × 2340 app screen with a code in a card.
fn screenshot(text: &str, rng: &mut Rng) -> Canvas {
    let mut canvas = Canvas::new(1080, 2340, Rgba::rgb(245, 246, 250)).unwrap();
    canvas.fill_rect(0, 0, 1080, 96, Rgba::rgb(30, 60, 140));
    canvas.fill_rect(0, 96, 1080, 180, Rgba::rgb(0, 112, 192));
    for i in 0..6 {
        canvas.fill_rect(
            80,
            1700 + i * 70,
            500 + rng.next() % 400,
            34,
            Rgba::rgb(90, 90, 100),
        );
    }
    canvas.fill_rect(60, 400, 960, 1200, Rgba::WHITE);
    let code = EncodedSymbol::new(text.as_bytes(), Ecc::M).unwrap();
    let px = 7 + (rng.next() % 5) as u32;
    let side = Style::new(px).side_px(&code) as i64;
    canvas.draw_code(&code, 540 - side / 2, 1000 - side / 2, &Style::new(px));
    canvas
}

/// Reads one synthetic 1080 × 2340 screenshot `n` times with default options, on two threads
/// or, with `sequential`, one, and prints the fastest, first-quartile and median times. Small
/// enough to run under `valgrind --tool=callgrind`, whose instruction counts do not depend on
/// the load.
fn screen(n: usize, sequential: bool, fast: bool) {
    let mut rng = Rng(0x1405);
    let text = payload(&mut rng);
    let luma = screenshot(&text, &mut rng).to_luma_image();
    let options = DecodeOptions::default().with_parallel(!sequential);
    let mut times = Vec::new();
    for _ in 0..n.max(1) {
        let start = Instant::now();
        let texts: Vec<String> = if fast {
            let symbols = read_text_luma(&luma, &options).unwrap();
            symbols.into_iter().map(|s| s.text).collect()
        } else {
            let report = decode_luma(&luma, &options);
            report.symbols.into_iter().map(|s| s.text).collect()
        };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert!(texts.contains(&text), "not read");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} reads, {}: fastest {:.2} ms, first quartile {:.2} ms, median {:.2} ms",
        times.len(),
        if fast {
            "fast path (read_text_luma)"
        } else if sequential {
            "one thread"
        } else {
            "two threads"
        },
        times[0],
        times[times.len() / 4],
        times[times.len() / 2],
    );
}

/// A 1280 × 720 camera frame without a code, like a photograph: uneven light, a few dozen
/// objects with edges and texture (lines of text among them), lens blur and sensor noise.
fn photo_frame(seed: u64) -> Luma {
    let mut rng = Rng(seed | 1);
    let (w, h) = (1280u32, 720u32);
    let (lx, ly) = (rng.range(0.0, 1280.0), rng.range(0.0, 720.0));
    let mut pixels: Vec<f64> = (0..w * h)
        .map(|i| {
            let (x, y) = (f64::from(i % w), f64::from(i / w));
            let d = ((x - lx).powi(2) + (y - ly).powi(2)).sqrt() / 1500.0;
            170.0 - 90.0 * d
        })
        .collect();
    for _ in 0..40 {
        let (x0, y0) = (rng.range(-100.0, 1280.0), rng.range(-100.0, 720.0));
        let (rw, rh) = (rng.range(20.0, 400.0), rng.range(20.0, 300.0));
        let shade = rng.range(-80.0, 80.0);
        let round = rng.next().is_multiple_of(2);
        let stripes = rng.next().is_multiple_of(3);
        let period = rng.range(3.0, 14.0);
        for y in (y0.max(0.0) as u32)..((y0 + rh).min(720.0) as u32) {
            for x in (x0.max(0.0) as u32)..((x0 + rw).min(1280.0) as u32) {
                let (u, v) = (
                    (f64::from(x) - x0) / rw - 0.5,
                    (f64::from(y) - y0) / rh - 0.5,
                );
                if round && u * u + v * v > 0.25 {
                    continue;
                }
                let mut s = shade;
                if stripes && ((f64::from(y) / period) as u32).is_multiple_of(2) {
                    s -= 60.0;
                }
                let p = &mut pixels[(y * w + x) as usize];
                *p = (*p + s).clamp(0.0, 255.0);
            }
        }
    }
    // Lines of text: dark runs of glyph width on light bands.
    for _ in 0..12 {
        let (x0, y0) = (rng.range(0.0, 1000.0) as u32, rng.range(0.0, 700.0) as u32);
        let glyph = 2 + (rng.next() % 4) as u32;
        let height = glyph * 3;
        let mut x = x0;
        while x < (x0 + 260).min(1280) {
            let run = glyph * (1 + (rng.next() % 3) as u32);
            if !rng.next().is_multiple_of(3) {
                for y in y0..(y0 + height).min(720) {
                    for xx in x..(x + run).min(1280) {
                        pixels[(y * w + xx) as usize] *= 0.35;
                    }
                }
            }
            x += run + glyph;
        }
    }
    let frame = Luma::new(
        w,
        h,
        pixels
            .iter()
            .map(|v| v.round().clamp(0.0, 255.0) as u8)
            .collect(),
    )
    .unwrap();
    noise(&blur(&frame, 1), &mut rng, 4.0)
}

/// Reads a picture without a code `n` times (a photograph-like 1280 × 720 frame, or the
/// picture in `file`) and prints the times, with the fast path (`read_text_luma`), the same
/// for a live camera (`--live`: no fallback pictures), or `decode_luma` (`--full`).
fn nocode(n: usize, file: Option<&str>, live: bool, full: bool) {
    let luma = match file {
        Some(path) => {
            load(&fs::read(path).unwrap(), &Limits::default())
                .unwrap()
                .0
        }
        None => photo_frame(0x1280_0720),
    };
    let options = DecodeOptions::default()
        .with_parallel(false)
        .with_fallbacks(!live);
    let mut times = Vec::new();
    for _ in 0..n.max(1) {
        let start = Instant::now();
        let symbols = if full {
            decode_luma(&luma, &options).symbols.len()
        } else {
            read_text_luma(&luma, &options).unwrap_or_default().len()
        };
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(symbols, 0, "a symbol read in a picture without a code");
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} × {}: {} reads, {}: fastest {:.2} ms, median {:.2} ms",
        luma.width(),
        luma.height(),
        times.len(),
        if full {
            "decode_luma (one thread)"
        } else if live {
            "read_text_luma, live camera (no fallback pictures)"
        } else {
            "read_text_luma (fast path)"
        },
        times[0],
        times[times.len() / 2],
    );
}

/// Reads the picture in `file` (enlarged `scale` times by repeating pixels, for a large
/// photo) `n` times with `decode_luma`, default options, on one thread (`sequential`) or two,
/// and prints the size, the symbols read and the times.
fn picture(n: usize, file: &str, sequential: bool, scale: u32) {
    let luma = load(&fs::read(file).unwrap(), &Limits::default())
        .unwrap()
        .0;
    let luma = if scale > 1 {
        let (w, h) = (luma.width() * scale, luma.height() * scale);
        let pixels = (0..w * h)
            .map(|i| luma.pixels()[((i / w / scale) * luma.width() + i % w / scale) as usize])
            .collect();
        Luma::new(w, h, pixels).unwrap()
    } else {
        luma
    };
    let options = DecodeOptions::default().with_parallel(!sequential);
    let mut times = Vec::new();
    let mut symbols = 0;
    for _ in 0..n.max(1) {
        let start = Instant::now();
        symbols = decode_luma(&luma, &options).symbols.len();
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{} × {}: {} symbols, {} reads, {}: fastest {:.2} ms, median {:.2} ms",
        luma.width(),
        luma.height(),
        symbols,
        times.len(),
        if sequential {
            "one thread"
        } else {
            "two threads"
        },
        times[0],
        times[times.len() / 2],
    );
}

fn jpeg(l: &Luma, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode(
            l.pixels(),
            l.width(),
            l.height(),
            image::ExtendedColorType::L8,
        )
        .unwrap();
    out
}

fn png(l: &Luma) -> Vec<u8> {
    let mut out = Vec::new();
    let mut e = png::Encoder::new(&mut out, l.width(), l.height());
    e.set_color(png::ColorType::Grayscale);
    e.set_depth(png::BitDepth::Eight);
    let mut w = e.write_header().unwrap();
    w.write_image_data(l.pixels()).unwrap();
    w.finish().unwrap();
    out
}

struct Manifest {
    rows: Vec<String>,
    dir: PathBuf,
}

impl Manifest {
    fn add(&mut self, set: &str, name: &str, bytes: &[u8], ext: &str, text: &str) {
        let folder = self.dir.join("synth").join(set);
        fs::create_dir_all(&folder).unwrap();
        let image = folder.join(format!("{name}.{ext}"));
        let expected = folder.join(format!("{name}.txt"));
        fs::write(&image, bytes).unwrap();
        fs::write(&expected, text).unwrap();
        self.rows.push(format!(
            "{set}\t{}\t{}\t0",
            image.display(),
            expected.display()
        ));
    }
}

fn prepare(dir: &Path, corpus: &Path) {
    let mut m = Manifest {
        rows: Vec::new(),
        dir: dir.to_path_buf(),
    };
    let mut rng = Rng(0x1405_2021_cafe_f00d);
    for px in [1u32, 2, 3, 4, 8] {
        for i in 0..10 {
            let text = payload(&mut rng);
            m.add(
                &format!("synth/clean-{px}px"),
                &i.to_string(),
                &png(&render(&text, px)),
                "png",
                &text,
            );
        }
    }
    let n = 12;
    for i in 0..n {
        let text = payload(&mut rng);
        let base = render(&text, 4);
        let angle = [7.0, 15.0, 30.0, 45.0][i % 4] + rng.range(-2.0, 2.0);
        m.add(
            "synth/rotation",
            &i.to_string(),
            &png(&rotate(&base, angle)),
            "png",
            &text,
        );
        let p = perspective(&base, &mut rng, [0.04, 0.07, 0.10][i % 3]);
        m.add("synth/perspective", &i.to_string(), &png(&p), "png", &text);
        let b = blur(&render(&text, 5), [1, 2, 3][i % 3]);
        m.add("synth/blur", &i.to_string(), &png(&b), "png", &text);
        let z = noise(&base, &mut rng, [25.0, 45.0, 65.0][i % 3]);
        m.add("synth/noise", &i.to_string(), &png(&z), "png", &text);
        let j = jpeg(&render(&text, 3), [40, 20, 10][i % 3]);
        m.add("synth/jpeg", &i.to_string(), &j, "jpg", &text);
        let (lo, hi) = [(100.0, 160.0), (110.0, 145.0), (118.0, 138.0)][i % 3];
        let low = map(&base, |_, _, v| lo + v * (hi - lo) / 255.0);
        m.add(
            "synth/low-contrast",
            &i.to_string(),
            &png(&noise(&low, &mut rng, 3.0)),
            "png",
            &text,
        );
        m.add(
            "synth/inverted",
            &i.to_string(),
            &png(&map(&base, |_, _, v| 255.0 - v)),
            "png",
            &text,
        );
        m.add(
            "synth/moire",
            &i.to_string(),
            &png(&moire(&text, &mut rng)),
            "png",
            &text,
        );
    }
    for i in 0..10 {
        let text = payload(&mut rng);
        let shot = screenshot(&text, &mut rng);
        m.add(
            "synth/screenshot-1080x2340",
            &i.to_string(),
            &shot.to_png(None).unwrap(),
            "png",
            &text,
        );
    }
    // Public corpora, read in place; phone photos in all four rotations.
    for (family, sets) in [
        (
            "zxing-cpp-samples",
            &[
                "qrcode-1", "qrcode-2", "qrcode-3", "qrcode-4", "qrcode-5", "qrcode-6",
            ][..],
        ),
        (
            "zxing-samples",
            &[
                "qrcode-1", "qrcode-2", "qrcode-3", "qrcode-4", "qrcode-5", "qrcode-6",
            ][..],
        ),
    ] {
        for set in sets {
            let folder = corpus.join(family).join(set);
            let Ok(entries) = fs::read_dir(&folder) else {
                continue;
            };
            let mut images: Vec<PathBuf> = entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    matches!(
                        p.extension().and_then(|e| e.to_str()),
                        Some("png" | "jpg" | "webp" | "gif" | "bmp")
                    )
                })
                .collect();
            images.sort();
            for image in images {
                let stem = image.with_extension("");
                let expected = ["txt", "bin"]
                    .iter()
                    .map(|e| stem.with_extension(e))
                    .find(|p| p.exists());
                if let Some(expected) = expected {
                    m.rows.push(format!(
                        "{family}/{set}\t{}\t{}\t0,90,180,270",
                        image.display(),
                        expected.display()
                    ));
                }
            }
        }
    }
    let falsepositives = corpus.join("zxing-cpp-samples/falsepositives-1");
    if let Ok(entries) = fs::read_dir(&falsepositives) {
        let mut images: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        images.sort();
        for image in images {
            m.rows.push(format!(
                "zxing-cpp-samples/falsepositives-1\t{}\t-\t0",
                image.display()
            ));
        }
    }
    let mut vectors = Vec::new();
    collect_json(&corpus.join("dgc-testdata"), &mut vectors);
    vectors.sort();
    let mut not_pictures = Vec::new();
    for (i, path) in vectors.iter().enumerate() {
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        let (Some(prefix), Some(code)) = (json["PREFIX"].as_str(), json["2DCODE"].as_str()) else {
            continue;
        };
        let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(code.trim()) else {
            continue;
        };
        // A test file that expects picture decoding to fail (EXPECTEDPICTUREDECODE false)
        // holds bytes that are no picture: nothing to read, so not counted as a picture.
        if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            not_pictures.push(path.display().to_string());
            continue;
        }
        m.add("dgc-testdata", &format!("{i:04}"), &bytes, "png", prefix);
    }
    for path in &not_pictures {
        eprintln!("skipped {path}: its 2DCODE is not a PNG picture");
    }
    let mut manifest = String::from("set\timage\texpected\trotations\n");
    for row in &m.rows {
        manifest.push_str(row);
        manifest.push('\n');
    }
    fs::write(dir.join("manifest.tsv"), manifest).unwrap();
    eprintln!(
        "{} pictures listed in {}",
        m.rows.len(),
        dir.join("manifest.tsv").display()
    );
}

fn collect_json(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect_json(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn rotate90(l: &Luma, quarter_turns: u32) -> Luma {
    let mut cur = l.clone();
    for _ in 0..quarter_turns % 4 {
        let (w, h) = (cur.width(), cur.height());
        let mut pixels = Vec::with_capacity(cur.pixels().len());
        for y in 0..w {
            for x in 0..h {
                pixels.push(cur.pixels()[((h - 1 - x) * w + y) as usize]);
            }
        }
        cur = Luma::new(h, w, pixels).unwrap();
    }
    cur
}

fn matches(expected: &[u8], text: &str, bytes: Option<&[u8]>) -> bool {
    let trim = |b: &[u8]| -> Vec<u8> {
        let mut v = b.to_vec();
        while v.last().is_some_and(|c| c.is_ascii_whitespace()) {
            v.pop();
        }
        v
    };
    text.as_bytes() == expected
        || bytes.is_some_and(|b| b == expected)
        || trim(text.as_bytes()) == trim(expected)
}

#[derive(Default, Clone)]
struct Tally {
    pictures: usize,
    ours: usize,
    rxing: usize,
    rqrr: usize,
    rqrr_panics: usize,
    disagreements: usize,
    zxing: usize,
    zbar: usize,
    ours_ms: Vec<f64>,
    zxing_ms: Vec<f64>,
    zbar_ms: Vec<f64>,
    has_peers: bool,
    /// Read (or, on pictures without a code, reported a symbol) by the fast path.
    fast: usize,
    fast_ms: Vec<f64>,
}

/// How many times each picture of `set` is read; its time is the median. The screenshot set,
/// whose ratio to zxing-cpp is an aim, is read 7 times (as `bench_peers.py` does), every other
/// set once.
fn repeats(set: &str) -> usize {
    if set.contains("screenshot") { 7 } else { 1 }
}

fn median(v: &mut [f64]) -> Option<f64> {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied()
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Reads every picture of the manifest in `dir` with `decode_luma` and the fast path and
/// prints the tables; with `fast_only`, the fast path alone (its table only), which takes a
/// few seconds where both take minutes.
fn run(dir: &Path, fast_only: bool) {
    let manifest = fs::read_to_string(dir.join("manifest.tsv")).unwrap();
    let peers_text = fs::read_to_string(dir.join("peers.tsv")).unwrap_or_default();
    // (image, rotation) → (zxing read, zxing ms, zbar read, zbar ms)
    let mut peers: BTreeMap<(String, u32), (bool, f64, bool, f64)> = BTreeMap::new();
    for line in peers_text.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        if f.len() >= 7 {
            peers.insert(
                (f[1].to_owned(), f[2].parse().unwrap_or(0)),
                (
                    f[3] == "1",
                    f[4].parse().unwrap_or(f64::NAN),
                    f[5] == "1",
                    f[6].parse().unwrap_or(f64::NAN),
                ),
            );
        }
    }
    let options = DecodeOptions::default();
    let limits = Limits::default();
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for line in manifest.lines().skip(1) {
        let f: Vec<&str> = line.split('\t').collect();
        let (set, image, expected, rotations) = (f[0], f[1], f[2], f[3]);
        let Ok(bytes) = fs::read(image) else { continue };
        let expected = (expected != "-").then(|| fs::read(expected).unwrap_or_default());
        let Ok((picture, _)) = load(&bytes, &limits) else {
            eprintln!("cannot load {image}");
            continue;
        };
        if !order.iter().any(|s| s == set) {
            order.push(set.to_owned());
        }
        for rotation in rotations.split(',').map(|r| r.parse::<u32>().unwrap()) {
            let rotated = rotate90(&picture, rotation / 90);
            let mut times = Vec::new();
            let mut report = None;
            if fast_only {
                report = Some(ImageReport {
                    format: None,
                    width: rotated.width(),
                    height: rotated.height(),
                    symbols: Vec::new(),
                    decoders: Vec::new(),
                });
                times.push(f64::NAN);
            }
            let repeats = if fast_only { 0 } else { repeats(set) };
            for _ in 0..repeats {
                let start = Instant::now();
                report = Some(decode_luma(&rotated, &options));
                times.push(start.elapsed().as_secs_f64() * 1000.0);
            }
            let (Some(report), Some(ms)) = (report, median(&mut times)) else {
                continue;
            };
            let start = Instant::now();
            let fast = read_text_luma(&rotated, &options).unwrap_or_default();
            let fast_ms = start.elapsed().as_secs_f64() * 1000.0;
            let t = tallies.entry(set.to_owned()).or_default();
            t.pictures += 1;
            t.ours_ms.push(ms);
            t.fast_ms.push(fast_ms);
            t.fast += usize::from(match &expected {
                Some(e) => fast.iter().any(|s| matches(e, &s.text, Some(&s.bytes))),
                None => !fast.is_empty(),
            });
            for s in report.disagreements() {
                t.disagreements += 1;
                let texts: Vec<String> = s
                    .readings
                    .iter()
                    .map(|r| {
                        format!(
                            "{}={:?}",
                            r.decoder,
                            r.text.chars().take(40).collect::<String>()
                        )
                    })
                    .collect();
                eprintln!("disagreement {image} @{rotation}: {}", texts.join(" "));
            }
            t.rqrr_panics += report
                .decoders
                .iter()
                .filter(|d| matches!(d.outcome, qr1405_symbol::DecoderOutcome::Panicked { .. }))
                .count();
            match &expected {
                Some(e) => {
                    let read = |dec: Option<Decoder>| {
                        report.symbols.iter().any(|s| match dec {
                            None => matches(e, &s.text, s.bytes.as_deref()),
                            Some(d) => s
                                .readings
                                .iter()
                                .any(|r| r.decoder == d && matches(e, &r.text, r.bytes.as_deref())),
                        })
                    };
                    t.ours += usize::from(read(None));
                    t.rxing += usize::from(read(Some(Decoder::Rxing)));
                    t.rqrr += usize::from(read(Some(Decoder::Rqrr)));
                }
                None => {
                    // A picture with no code: count false positives instead.
                    t.ours += usize::from(!report.symbols.is_empty());
                    let any = |d: Decoder| {
                        report
                            .symbols
                            .iter()
                            .any(|s| s.readings.iter().any(|r| r.decoder == d))
                    };
                    t.rxing += usize::from(any(Decoder::Rxing));
                    t.rqrr += usize::from(any(Decoder::Rqrr));
                }
            }
            if let Some(&(zr, zms, br, bms)) = peers.get(&(image.to_owned(), rotation)) {
                t.has_peers = true;
                t.zxing += usize::from(zr);
                t.zbar += usize::from(br);
                t.zxing_ms.push(zms);
                t.zbar_ms.push(bms);
            }
        }
    }
    let mut out = String::new();
    let full_table = out.len();
    let _ = writeln!(
        out,
        "| set | pictures | qr1405 | rxing alone | rqrr alone | zxing-cpp | ZBar | qr1405 ms | zxing-cpp ms | ZBar ms | time ÷ zxing-cpp |"
    );
    let _ = writeln!(
        out,
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    let mut total = Tally::default();
    for set in &order {
        let t = &tallies[set];
        let fp = set.contains("falsepositives");
        let peer = |v: usize| {
            if t.has_peers {
                v.to_string()
            } else {
                "–".to_owned()
            }
        };
        let _ = writeln!(
            out,
            "| {set}{} | {} | {} | {} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.2} |",
            if fp { " (false positives)" } else { "" },
            t.pictures,
            t.ours,
            t.rxing,
            t.rqrr,
            peer(t.zxing),
            peer(t.zbar),
            mean(&t.ours_ms),
            mean(&t.zxing_ms),
            mean(&t.zbar_ms),
            mean(&t.ours_ms) / mean(&t.zxing_ms),
        );
        if !fp {
            total.pictures += t.pictures;
            total.ours += t.ours;
            total.rxing += t.rxing;
            total.rqrr += t.rqrr;
            total.zxing += t.zxing;
            total.zbar += t.zbar;
            total.ours_ms.extend(&t.ours_ms);
            total.zxing_ms.extend(&t.zxing_ms);
            total.zbar_ms.extend(&t.zbar_ms);
            total.fast += t.fast;
            total.fast_ms.extend(&t.fast_ms);
        }
        total.disagreements += t.disagreements;
        total.rqrr_panics += t.rqrr_panics;
    }
    let _ = writeln!(
        out,
        "| **all with codes** | {} | {} | {} | {} | {} | {} | {:.1} | {:.1} | {:.1} | {:.2} |",
        total.pictures,
        total.ours,
        total.rxing,
        total.rqrr,
        total.zxing,
        total.zbar,
        mean(&total.ours_ms),
        mean(&total.zxing_ms),
        mean(&total.zbar_ms),
        mean(&total.ours_ms) / mean(&total.zxing_ms),
    );
    let _ = writeln!(
        out,
        "\nDecoder panics caught: {}. Symbols on which the two decoders read different text: {}.",
        total.rqrr_panics, total.disagreements
    );
    let _ = writeln!(
        out,
        "\nThe reader's fast path (`read_text_luma`, one read per picture):\n\n\
         | set | pictures | fast path | qr1405 | zxing-cpp | fast path ms | zxing-cpp ms | time ÷ zxing-cpp |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|"
    );
    for set in &order {
        let t = &tallies[set];
        let _ = writeln!(
            out,
            "| {set}{} | {} | {} | {} | {} | {:.2} | {:.2} | {:.2} |",
            if set.contains("falsepositives") {
                " (false positives)"
            } else {
                ""
            },
            t.pictures,
            t.fast,
            t.ours,
            if t.has_peers {
                t.zxing.to_string()
            } else {
                "–".to_owned()
            },
            mean(&t.fast_ms),
            mean(&t.zxing_ms),
            mean(&t.fast_ms) / mean(&t.zxing_ms),
        );
    }
    let _ = writeln!(
        out,
        "| **all with codes** | {} | {} | {} | {} | {:.2} | {:.2} | {:.2} |",
        total.pictures,
        total.fast,
        total.ours,
        total.zxing,
        mean(&total.fast_ms),
        mean(&total.zxing_ms),
        mean(&total.fast_ms) / mean(&total.zxing_ms),
    );
    if fast_only {
        // The full decode's table and tallies hold nothing: drop them.
        let fast_table = out
            .find("| set | pictures | fast path")
            .unwrap_or(full_table);
        out.replace_range(full_table..fast_table, "");
    }
    print!("{out}");
}

/// Read rate per error-correction level when the symbol is shown at a fixed size (so a higher
/// level means more, smaller modules) and then degraded as a phone camera degrades it.
fn ecc_survival() {
    let mut rng = Rng(0x0ecc_1405);
    let texts: Vec<String> = (0..8).map(|_| payload(&mut rng)).collect();
    let mut out = String::from(
        "| symbol side | level | version | module px | read (of 64) |\n|---:|---|---:|---:|---:|\n",
    );
    for side in [110.0, 150.0, 200.0] {
        for ecc in Ecc::ALL {
            let (mut read, mut total, mut version, mut px) = (0, 0, 0, 0.0);
            for (t, text) in texts.iter().enumerate() {
                let code = EncodedSymbol::new(text.as_bytes(), ecc).unwrap();
                version = code.version();
                // Drawn at 8 px a module, then shown at `side` pixels for the symbol.
                let big = luma(&Canvas::with_code(&code, &Style::new(8)).unwrap());
                let factor = side / (8.0 * code.size() as f64);
                px = side / code.size() as f64;
                let shown = scale(&big, factor);
                for d in 0..8 {
                    let mut r = Rng(0x5eed + (t * 8 + d) as u64);
                    let degraded = match d {
                        0 => blur(&shown, 1),
                        1 => noise(&shown, &mut r, 45.0),
                        2 => Luma::new(shown.width(), shown.height(), {
                            let j = jpeg(&shown, 15);
                            load(&j, &Limits::default()).unwrap().0.pixels().to_vec()
                        })
                        .unwrap(),
                        3 => perspective(&shown, &mut r, 0.08),
                        4 => rotate(&blur(&shown, 1), 20.0),
                        5 => noise(&blur(&shown, 1), &mut r, 30.0),
                        6 => map(&shown, |_, _, v| 105.0 + v * 0.2),
                        _ => noise(&perspective(&blur(&shown, 1), &mut r, 0.05), &mut r, 20.0),
                    };
                    let report = decode_luma(&degraded, &DecodeOptions::default());
                    total += 1;
                    read += usize::from(report.symbols.iter().any(|s| &s.text == text));
                }
            }
            let _ = writeln!(
                out,
                "| {side} px | {ecc} | {version} | {px:.2} | {read} of {total} |"
            );
        }
    }
    print!("{out}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("prepare") => {
            let dir = PathBuf::from(&args[2]);
            fs::create_dir_all(&dir).unwrap();
            let corpus = args
                .get(3)
                .map_or_else(|| PathBuf::from("../shared/corpus"), PathBuf::from);
            prepare(&dir, &corpus);
        }
        Some("run") => run(Path::new(&args[2]), args.iter().any(|a| a == "--fast-only")),
        Some("ecc") => ecc_survival(),
        Some("screen") => screen(
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(200),
            args.iter().any(|a| a == "--sequential"),
            args.iter().any(|a| a == "--fast"),
        ),
        Some("picture") => picture(
            args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20),
            &args[3],
            args.iter().any(|a| a == "--sequential"),
            args.iter()
                .position(|a| a == "--scale")
                .and_then(|i| args.get(i + 1)?.parse().ok())
                .unwrap_or(1),
        ),
        Some("nocode") => {
            let n = args.get(2).and_then(|n| n.parse().ok()).unwrap_or(20);
            let file = args.get(3).filter(|a| !a.starts_with("--"));
            nocode(
                n,
                file.map(String::as_str),
                args.iter().any(|a| a == "--live"),
                args.iter().any(|a| a == "--full"),
            );
        }
        _ => eprintln!(
            "usage: bench_decoders prepare DIR [CORPUS] | run DIR [--fast-only] | ecc | screen [N] [--sequential] [--fast] | nocode [N] [FILE] [--live | --full] | picture N FILE [--sequential] [--scale K]"
        ),
    }
}
