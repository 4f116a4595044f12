//! The third-party decoders, each behind a wall: their panics are caught and silenced, their
//! types stay in here.

use std::{
    any::Any,
    cell::{Cell, RefCell},
    collections::HashSet,
    fmt,
    panic::AssertUnwindSafe,
    sync::Once,
};

use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source, RXingResult,
    RXingResultMetadataType, RXingResultMetadataValue, Reader,
    common::{
        BitMatrix, DetectorRXingResult, GlobalHistogramBinarizer, HybridBinarizer,
        cpp_essentials::{
            ConcentricPattern, FindLeftGuardBy, FixedPattern, GetPatternRowTP, IsPattern,
            LocateConcentricPattern, PatternRow, PatternType, PatternView,
        },
    },
    qrcode::{
        QRCodeReader,
        cpp_port::{
            decoder::Decode,
            detector::{GenerateFinderPatternSets, SampleQR},
        },
    },
};
use serde::Serialize;

use crate::{Ecc, Luma, Point, geometry::Homography};

/// A QR decoder this crate runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Decoder {
    /// `rxing`, the Rust port of ZXing and zxing-cpp.
    Rxing,
    /// `rqrr`, the Rust port of quirc.
    Rqrr,
}

impl Decoder {
    /// Every decoder, in the order results prefer them.
    pub const ALL: [Decoder; 2] = [Decoder::Rxing, Decoder::Rqrr];
}

impl fmt::Display for Decoder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Decoder::Rxing => "rxing",
            Decoder::Rqrr => "rqrr",
        })
    }
}

/// Where a decoder says a symbol is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Locator {
    /// Outer corners in the symbol's own orientation: top-left, top-right, bottom-right,
    /// bottom-left.
    Corners([Point; 4]),
    /// Finder pattern centres (top-left, top-right, bottom-left) and the bottom-right
    /// alignment pattern centre when found.
    Finders {
        tl: Point,
        tr: Point,
        bl: Point,
        alignment: Option<Point>,
    },
}

impl Locator {
    /// Approximate centre of the symbol.
    pub(crate) fn centre(&self) -> Point {
        match *self {
            Locator::Corners(c) => Point::new(
                (c[0].x + c[1].x + c[2].x + c[3].x) / 4.0,
                (c[0].y + c[1].y + c[2].y + c[3].y) / 4.0,
            ),
            Locator::Finders { tr, bl, .. } => Point::new((tr.x + bl.x) / 2.0, (tr.y + bl.y) / 2.0),
        }
    }

    /// Approximate side of the symbol in pixels.
    pub(crate) fn side(&self) -> f64 {
        match *self {
            Locator::Corners(c) => (c[0].distance(c[1]) + c[0].distance(c[3])) / 2.0,
            Locator::Finders { tl, tr, bl, .. } => (tl.distance(tr) + tl.distance(bl)) / 2.0 * 1.3,
        }
    }
}

/// One symbol a decoder read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub(crate) decoder: Decoder,
    pub(crate) text: String,
    /// The payload bytes, when the decoder gives them.
    pub(crate) bytes: Option<Vec<u8>>,
    pub(crate) locator: Locator,
    pub(crate) version: Option<u8>,
    pub(crate) ecc: Option<Ecc>,
    pub(crate) mask: Option<u8>,
    /// Read from the inverted picture.
    pub(crate) inverted: bool,
}

/// What running a decoder on a picture came to.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Run {
    /// It ran to the end (possibly finding nothing).
    Done(Vec<Found>),
    /// It panicked; the message and location.
    Panicked(String),
    /// It stopped at a bound on its work.
    Stopped(Bound),
}

/// Why a decoder's run ended before it had read the picture.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Halt {
    /// It panicked; the message and location.
    Panicked(String),
    /// It reached a bound on its work.
    Stopped(Bound),
}

impl From<Halt> for Run {
    fn from(halt: Halt) -> Self {
        match halt {
            Halt::Panicked(message) => Run::Panicked(message),
            Halt::Stopped(bound) => Run::Stopped(bound),
        }
    }
}

/// What a decoder found too many of in one picture.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Candidates {
    /// Candidate finder patterns (squares of 1:1:3:1:1 rings), or rows crossing one.
    FinderPatterns,
    /// Groups of three finder patterns to try as a symbol.
    FinderPatternGroups,
    /// Positions searched for alignment patterns.
    AlignmentPositions,
    /// Pixels visited by region fills and picture copies (rqrr).
    PixelsVisited,
}

impl fmt::Display for Candidates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Candidates::FinderPatterns => "candidate finder patterns",
            Candidates::FinderPatternGroups => "groups of finder patterns",
            Candidates::AlignmentPositions => "positions searched for alignment patterns",
            Candidates::PixelsVisited => "pixels visited",
        })
    }
}

/// A bound on a decoder's work that a picture reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Bound {
    pub(crate) candidates: Candidates,
    pub(crate) limit: u64,
}

impl Bound {
    fn new(candidates: Candidates, limit: usize) -> Self {
        Self {
            candidates,
            limit: limit as u64,
        }
    }
}

thread_local! {
    static SILENT: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}
static HOOK: Once = Once::new();

/// Runs `f`, catching a panic and keeping the panic hook quiet for it.
///
/// The hook installed once wraps the one in place then: on threads inside `isolate` it records
/// the panic instead of printing it, elsewhere it defers to the previous hook.
fn isolate<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if SILENT.with(Cell::get) {
                let location = info
                    .location()
                    .map(|l| format!(" at {}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                let message = payload_message(info.payload());
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(format!("{message}{location}")));
            } else {
                previous(info);
            }
        }));
    });
    let was_silent = SILENT.with(|s| s.replace(true));
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(f));
    SILENT.with(|s| s.set(was_silent));
    outcome.map_err(|payload| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| payload_message(payload.as_ref()))
    })
}

fn payload_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

/// The pictures tried, in order, until one yields a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Original,
    Inverted,
    /// Contrast stretched to the full range (only for low-contrast pictures).
    Stretched {
        inverted: bool,
    },
    /// Smoothed with a 3 × 3 box: suppresses moiré and noise.
    Smoothed {
        inverted: bool,
    },
    /// Half size, 2 × 2 pixels averaged: suppresses noise and over-sharpening.
    Half {
        inverted: bool,
    },
    /// One threshold for the whole picture instead of a local one (rxing only): reads faint
    /// and moiré-striped codes the local threshold breaks up.
    GlobalThreshold {
        inverted: bool,
    },
    /// Three times the size, interpolated (rxing only, small pictures only): gives the
    /// detector sub-pixel edges on codes of 2–4 px a module.
    Enlarged {
        inverted: bool,
    },
}

/// Pictures at most this wide and high are also tried enlarged.
const ENLARGE_MAX_SIDE: u32 = 400;
/// How much they are enlarged.
const ENLARGE_FACTOR: u32 = 3;

/// Runs `decoder` on `luma`; when it finds nothing, on the inverted picture (if
/// `try_inverted`), a contrast-stretched one (if the contrast is low) and a half-size one.
pub(crate) fn run(decoder: Decoder, luma: &Luma, try_inverted: bool) -> Run {
    run_passes(decoder, luma, try_inverted, true)
}

/// Runs `decoder` once, on `luma` as it is.
pub(crate) fn run_once(decoder: Decoder, luma: &Luma) -> Result<Vec<Found>, Halt> {
    read(decoder, luma, false)
}

/// rxing on `luma` as it is, thresholded once for the whole picture (a tenth of the local
/// threshold's work), then, when that finds nothing, with the local threshold. For finding
/// symbols in an evenly lit picture, such as a screenshot.
pub(crate) fn locate(luma: &Luma) -> Result<Vec<Found>, Halt> {
    let global = guarded(|| rxing_read(luma, false, GlobalHistogramBinarizer::new, false))?;
    if global.is_empty() {
        return run_once(Decoder::Rxing, luma);
    }
    Ok(global)
}

/// Runs a decoder's reading behind the wall: a panic and a bound reached both end it.
fn guarded(f: impl FnOnce() -> Result<Vec<Found>, Bound>) -> Result<Vec<Found>, Halt> {
    match isolate(f) {
        Ok(Ok(found)) => Ok(found),
        Ok(Err(bound)) => Err(Halt::Stopped(bound)),
        Err(message) => Err(Halt::Panicked(message)),
    }
}

/// Like [`run`] after a first pass on the picture as it is found nothing: the fallback
/// pictures only.
pub(crate) fn run_fallbacks(decoder: Decoder, luma: &Luma, try_inverted: bool) -> Run {
    run_passes(decoder, luma, try_inverted, false)
}

fn read(decoder: Decoder, image: &Luma, inverted: bool) -> Result<Vec<Found>, Halt> {
    guarded(|| match decoder {
        Decoder::Rxing => rxing_read(image, inverted, HybridBinarizer::new, true),
        Decoder::Rqrr => rqrr_read(image, inverted),
    })
}

fn run_passes(decoder: Decoder, luma: &Luma, try_inverted: bool, original: bool) -> Run {
    let once = |image: &Luma, inverted: bool| read(decoder, image, inverted);
    let mut half: Option<Luma> = None;
    let mut passes = Vec::new();
    if original {
        passes.push(Pass::Original);
    }
    if try_inverted {
        passes.push(Pass::Inverted);
    }
    passes.push(Pass::Stretched { inverted: false });
    if try_inverted {
        passes.push(Pass::Stretched { inverted: true });
    }
    // Computed when first needed: most pictures are read before.
    let mut stretched: Option<Option<Luma>> = None;
    let mut smoothed: Option<Luma> = None;
    passes.push(Pass::Smoothed { inverted: false });
    if try_inverted {
        passes.push(Pass::Smoothed { inverted: true });
    }
    if luma.width() >= 80 && luma.height() >= 80 {
        passes.push(Pass::Half { inverted: false });
        if try_inverted {
            passes.push(Pass::Half { inverted: true });
        }
    }
    if decoder == Decoder::Rxing {
        passes.push(Pass::GlobalThreshold { inverted: false });
        if try_inverted {
            passes.push(Pass::GlobalThreshold { inverted: true });
        }
        if luma.width() <= ENLARGE_MAX_SIDE && luma.height() <= ENLARGE_MAX_SIDE {
            passes.push(Pass::Enlarged { inverted: false });
            if try_inverted {
                passes.push(Pass::Enlarged { inverted: true });
            }
        }
    }
    let mut enlarged: Option<Luma> = None;
    for pass in passes {
        let outcome = match pass {
            Pass::Original => once(luma, false),
            Pass::Inverted => once(&luma.inverted(), true),
            Pass::Stretched { inverted } => match stretched.get_or_insert_with(|| stretch(luma)) {
                Some(s) if inverted => once(&s.inverted(), true),
                Some(s) => once(s, false),
                None => continue,
            },
            Pass::Smoothed { inverted } => {
                let s = smoothed.get_or_insert_with(|| smooth(luma));
                if inverted {
                    once(&s.inverted(), true)
                } else {
                    once(s, false)
                }
            }
            Pass::Half { inverted } => {
                let h = half.get_or_insert_with(|| halve(luma));
                let outcome = if inverted {
                    once(&h.inverted(), true)
                } else {
                    once(h, false)
                };
                outcome.map(|found| found.into_iter().map(|f| f.scaled(2.0)).collect())
            }
            Pass::GlobalThreshold { inverted } => guarded(|| {
                let image = if inverted { &luma.inverted() } else { luma };
                rxing_read(image, inverted, GlobalHistogramBinarizer::new, true)
            }),
            Pass::Enlarged { inverted } => {
                let e = enlarged.get_or_insert_with(|| enlarge(luma, ENLARGE_FACTOR));
                let outcome = if inverted {
                    once(&e.inverted(), true)
                } else {
                    once(e, false)
                };
                let factor = 1.0 / f64::from(ENLARGE_FACTOR);
                outcome.map(|found| found.into_iter().map(|f| f.scaled(factor)).collect())
            }
        };
        match outcome {
            // A picture that reached a bound would reach it again in the next pass.
            Err(halt) => return halt.into(),
            Ok(found) if !found.is_empty() => return Run::Done(found),
            Ok(_) => {}
        }
    }
    Run::Done(Vec::new())
}

/// Runs `decoder` (with its fallback pictures) on a window around each symbol in `around`,
/// found by another pass or decoder, instead of on the whole picture. With `shrink`, a window
/// whose symbol is large is shrunk by an integer factor first (its modules stay at least 4 px
/// at the module count [`Found::modules_estimate`] gives). Positions are mapped back to the
/// whole picture; a symbol read in two overlapping windows counts once.
pub(crate) fn run_around(
    decoder: Decoder,
    luma: &Luma,
    around: &[Found],
    try_inverted: bool,
    shrink: bool,
) -> Run {
    read_around(luma, around, shrink, |window| {
        run(decoder, window, try_inverted)
    })
}

/// [`locate`] in a full-resolution window around each symbol in `around`; positions mapped
/// back to the whole picture, a symbol read in two overlapping windows counted once.
pub(crate) fn locate_around(luma: &Luma, around: &[Found]) -> Run {
    read_around(luma, around, false, |window| match locate(window) {
        Ok(found) => Run::Done(found),
        Err(halt) => halt.into(),
    })
}

fn read_around(luma: &Luma, around: &[Found], shrink: bool, read: impl Fn(&Luma) -> Run) -> Run {
    let mut all: Vec<Found> = Vec::new();
    for target in around {
        let side = target.locator.side();
        let factor = if shrink {
            // At least 4 px a module at the estimated size.
            let modules = target.modules_estimate() as f64;
            crate::num::saturating_u32((side / (4.0 * modules)).floor()).clamp(1, 4)
        } else {
            1
        };
        let Some((window, x0, y0)) = window(luma, target.locator.centre(), side, factor) else {
            continue;
        };
        let found = match read(&window) {
            Run::Done(found) => found,
            halted => return halted,
        };
        for f in found {
            let f = f.placed(f64::from(factor), f64::from(x0), f64::from(y0));
            let c = f.locator.centre();
            let seen = all.iter().any(|g| {
                g.text == f.text && g.locator.centre().distance(c) < 0.5 * g.locator.side()
            });
            if !seen {
                all.push(f);
            }
        }
    }
    Run::Done(all)
}

/// The part of `luma` around a symbol centred at `centre` with sides of about `side` px, with
/// a margin wide enough for its quiet zone, shrunk by `factor` (each pixel the mean of a
/// `factor` × `factor` block); with the window's top-left corner in the picture.
fn window(luma: &Luma, centre: Point, side: f64, factor: u32) -> Option<(Luma, u32, u32)> {
    if !centre.is_finite() || !side.is_finite() || side <= 0.0 {
        return None;
    }
    // The symbol and a fifth of its side around it (at least 7 modules for version 5).
    let half = side * 0.7 + 8.0;
    let clamp = |v: f64, max: u32| crate::num::saturating_u32(v.max(0.0)).min(max);
    let (x0, y0) = (
        clamp(centre.x - half, luma.width()),
        clamp(centre.y - half, luma.height()),
    );
    let (x1, y1) = (
        clamp((centre.x + half).ceil(), luma.width()),
        clamp((centre.y + half).ceil(), luma.height()),
    );
    let (w, h) = ((x1 - x0) / factor, (y1 - y0) / factor);
    if w < 21 || h < 21 {
        return None;
    }
    Some((shrink(luma, x0, y0, w, h, factor), x0, y0))
}

/// The `w` × `h` picture whose pixel `(x, y)` is the mean of the `factor` × `factor` block of
/// `luma` at `(x0 + factor·x, y0 + factor·y)`. The blocks must lie inside `luma`.
fn shrink(luma: &Luma, x0: u32, y0: u32, w: u32, h: u32, factor: u32) -> Luma {
    let stride = luma.width() as usize;
    let (x0, y0, w, h, k) = (
        x0 as usize,
        y0 as usize,
        w as usize,
        h as usize,
        factor.max(1) as usize,
    );
    let p = luma.pixels();
    let mut pixels = Vec::with_capacity(w * h);
    let row = |y: usize| {
        let start = y * stride + x0;
        p.get(start..start + w * k).unwrap_or_default()
    };
    if k == 1 {
        for y in y0..y0 + h {
            pixels.extend_from_slice(row(y));
        }
        return sized(w, h, pixels);
    }
    if k == 2 {
        // Column sums of the two rows first (vectorises), then pairs of them.
        let mut columns = vec![0u16; 2 * w];
        for y in 0..h {
            let (a, b) = (row(y0 + 2 * y), row(y0 + 2 * y + 1));
            for ((c, &a), &b) in columns.iter_mut().zip(a).zip(b) {
                *c = u16::from(a) + u16::from(b);
            }
            pixels.extend(columns.chunks_exact(2).map(|c| mean_of_sum4(c[0] + c[1])));
        }
        return sized(w, h, pixels);
    }
    let area = factor.max(1) * factor.max(1);
    let shift = area.trailing_zeros();
    let mut sums = vec![0u32; w];
    for y in 0..h {
        sums.fill(0);
        for dy in 0..k {
            for (sum, block) in sums.iter_mut().zip(row(y0 + y * k + dy).chunks_exact(k)) {
                *sum += block.iter().map(|&v| u32::from(v)).sum::<u32>();
            }
        }
        let mean = |s: u32| {
            let m = if area.is_power_of_two() {
                (s + area / 2) >> shift
            } else {
                (s + area / 2) / area
            };
            u8::try_from(m).unwrap_or(u8::MAX)
        };
        pixels.extend(sums.iter().map(|&s| mean(s)));
    }
    sized(w, h, pixels)
}

/// A `w` × `h` picture from `pixels`, padded with white or cut to exactly that many (a
/// block outside the picture would have left rows short).
fn sized(w: usize, h: usize, mut pixels: Vec<u8>) -> Luma {
    pixels.resize(w * h, u8::MAX);
    Luma::from_parts(
        u32::try_from(w).unwrap_or(0),
        u32::try_from(h).unwrap_or(0),
        pixels,
    )
}

/// The picture with its 1st–99th percentile range stretched to 0–255, when that range is
/// less than half the scale; `None` otherwise.
fn stretch(luma: &Luma) -> Option<Luma> {
    let mut histogram = [0u64; 256];
    for &p in luma.pixels() {
        histogram[usize::from(p)] += 1;
    }
    let total = luma.pixels().len() as u64;
    let percentile = |fraction: u64| {
        let mut seen = 0;
        for (value, &count) in histogram.iter().enumerate() {
            seen += count;
            if seen * 100 >= total * fraction {
                return value;
            }
        }
        255
    };
    let (lo, hi) = (percentile(1), percentile(99));
    if hi <= lo || hi - lo >= 128 {
        return None;
    }
    let span = (hi - lo) as f64;
    let table: Vec<u8> = (0..256usize)
        .map(|v| {
            let s = (v.saturating_sub(lo) as f64 * 255.0 / span).round();
            crate::num::saturating_u32(s.min(255.0))
                .try_into()
                .unwrap_or(u8::MAX)
        })
        .collect();
    Luma::new(
        luma.width(),
        luma.height(),
        luma.pixels()
            .iter()
            .map(|&p| table[usize::from(p)])
            .collect(),
    )
    .ok()
}

/// The picture smoothed with a 3 × 3 box filter (edges repeat).
fn smooth(luma: &Luma) -> Luma {
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    let p = luma.pixels();
    let mut rows = vec![0u16; w * h];
    for y in 0..h {
        for x in 0..w {
            let l = p[y * w + x.saturating_sub(1)];
            let r = p[y * w + (x + 1).min(w - 1)];
            rows[y * w + x] = u16::from(l) + u16::from(p[y * w + x]) + u16::from(r);
        }
    }
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let sum = rows[y.saturating_sub(1) * w + x]
                + rows[y * w + x]
                + rows[(y + 1).min(h - 1) * w + x];
            out.push(u8::try_from((sum + 4) / 9).unwrap_or(u8::MAX));
        }
    }
    Luma::from_parts(luma.width(), luma.height(), out)
}

/// The picture `factor` times wider and higher, bilinearly interpolated (pixel centres
/// aligned, edges repeated).
fn enlarge(luma: &Luma, factor: u32) -> Luma {
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    let k = factor.max(1) as usize;
    let p = luma.pixels();
    let at = |x: usize, y: usize| f64::from(p[y.min(h - 1) * w + x.min(w - 1)]);
    // Source position and weight of each output column (the same for rows).
    let steps = |n: usize| -> Vec<(usize, f64)> {
        (0..n * k)
            .map(|i| {
                let f = ((i as f64 + 0.5) / k as f64 - 0.5).max(0.0);
                let i0 = f.floor();
                (crate::num::saturating_u32(i0) as usize, f - i0)
            })
            .collect()
    };
    let (xs, ys) = (steps(w), steps(h));
    let mut pixels = Vec::with_capacity(xs.len() * ys.len());
    for &(y0, ay) in &ys {
        for &(x0, ax) in &xs {
            let top = at(x0, y0) * (1.0 - ax) + at(x0 + 1, y0) * ax;
            let bottom = at(x0, y0 + 1) * (1.0 - ax) + at(x0 + 1, y0 + 1) * ax;
            let v = (top * (1.0 - ay) + bottom * ay).round();
            pixels.push(u8::try_from(crate::num::saturating_u32(v)).unwrap_or(u8::MAX));
        }
    }
    Luma::from_parts(
        u32::try_from(xs.len()).unwrap_or(0),
        u32::try_from(ys.len()).unwrap_or(0),
        pixels,
    )
}

/// The rounded mean of four pixels, given their sum.
#[allow(clippy::cast_possible_truncation)]
fn mean_of_sum4(sum: u16) -> u8 {
    // At most (4 · 255 + 2) / 4 = 255: the cast keeps every bit.
    ((sum.min(1020) + 2) >> 2) as u8
}

/// The picture at half size, each pixel the mean of a 2 × 2 block.
pub(crate) fn halve(luma: &Luma) -> Luma {
    shrink(luma, 0, 0, luma.width() / 2, luma.height() / 2, 2)
}

impl Found {
    /// Modules across the symbol: exact when the decoder gave the version, else the side of
    /// the smallest version holding the payload as bytes at the level read (level H when not
    /// known). Used only to choose how much a window may be shrunk: an encoder that chose a
    /// larger version than needed makes it an underestimate.
    fn modules_estimate(&self) -> usize {
        if let Some(v) = self.version.filter(|v| (1..=40).contains(v)) {
            return crate::spec::side(v);
        }
        let len = self.bytes.as_ref().map_or(self.text.len(), Vec::len);
        let ecc = self.ecc.unwrap_or(Ecc::H);
        // Mode indicator and a 16-bit count: 3 codewords at most.
        let version = (1..=40u8)
            .find(|&v| crate::spec::Blocks::of(v, ecc).data_codewords() >= len + 3)
            .unwrap_or(40);
        crate::spec::side(version)
    }

    /// The same reading with its positions multiplied by `factor`.
    pub(crate) fn scaled(self, factor: f64) -> Self {
        self.placed(factor, 0.0, 0.0)
    }

    /// The same reading with its positions multiplied by `factor`, then moved by `(dx, dy)`.
    fn placed(mut self, factor: f64, dx: f64, dy: f64) -> Self {
        let s = |p: Point| Point::new(p.x * factor + dx, p.y * factor + dy);
        self.locator = match self.locator {
            Locator::Corners(c) => Locator::Corners(c.map(s)),
            Locator::Finders {
                tl,
                tr,
                bl,
                alignment,
            } => Locator::Finders {
                tl: s(tl),
                tr: s(tr),
                bl: s(bl),
                alignment: alignment.map(s),
            },
        };
        self
    }
}

fn ecc_from_name(name: &str) -> Option<Ecc> {
    name.parse().ok()
}

/// At most this many rows crossing a 1:1:3:1:1 pattern are located as finder patterns by
/// rxing's detector in one picture. A screenshot has tens; a picture of nothing but
/// finder-like squares, one per square and row.
pub(crate) const RXING_MAX_ROW_HITS: usize = 8_000;
/// At most this many finder patterns in one picture for rxing's detector: each new one is
/// compared with all before it, and every three near each other are a group to sample.
pub(crate) const RXING_MAX_FINDER_PATTERNS: usize = 256;
/// At most this many groups of three finder patterns sampled as a grid and decoded by rxing
/// in one picture, most plausible first.
pub(crate) const RXING_MAX_GROUPS: usize = 1_000;
/// ZXing's own (Java) detector, whose work grows with the cube of the finder patterns it
/// sees and cannot be bounded from outside, runs only on pictures where zxing-cpp's found at
/// most this many.
pub(crate) const JAVA_DETECTOR_MAX_FINDER_PATTERNS: usize = 64;

/// rxing's reading of `luma` with the given binarizer; `thorough` looks for finder patterns
/// on every row instead of every few rows.
///
/// zxing-cpp's QR detector as rxing ports it (`QrReader`), driven here within the bounds
/// above; when it reads nothing, ZXing's own detector (`QRCodeReader`) on a picture with few
/// finder patterns. A bound reached after a symbol was read ends the search with what was
/// read; reached before, it is the outcome.
fn rxing_read<'a, B: Binarizer>(
    luma: &'a Luma,
    inverted: bool,
    binarizer: impl Fn(Luma8Source<'a>) -> B,
    thorough: bool,
) -> Result<Vec<Found>, Bound> {
    let bitmap = || {
        Luma8Source::new_with_slice(luma.pixels(), luma.width(), luma.height())
            .ok()
            .map(|source| BinaryBitmap::new(binarizer(source)))
    };
    let Some(image) = bitmap() else {
        return Ok(Vec::new());
    };
    let matrix = image.get_black_matrix();
    let mut patterns = find_finder_patterns(matrix, thorough)?;
    let pattern_count = patterns.len();

    let results = read_finder_pattern_sets(matrix, &mut patterns)?;
    let mut found: Vec<Found> = results
        .iter()
        .filter_map(|r| {
            let p = r.getPoints();
            // zxing-cpp's detector reports the outer corners as [tl, tr, bl, br], each half a
            // pixel right of and below the edge it marks, whatever the symbol's rotation.
            let corners = [p.first()?, p.get(1)?, p.get(3)?, p.get(2)?]
                .map(|q| Point::new(f64::from(q.x) - 0.5, f64::from(q.y) - 0.5));
            let mut found = rxing_found(r, Locator::Corners(corners), inverted);
            // zxing-cpp's reader gives the payload bytes as the raw bytes.
            found.bytes = Some(r.getRawBytes().to_vec());
            Some(found)
        })
        .collect();
    if found.is_empty() && pattern_count <= JAVA_DETECTOR_MAX_FINDER_PATTERNS {
        let hints = DecodeHints {
            TryHarder: Some(thorough),
            PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
            ..DecodeHints::default()
        };
        // The ZXing (Java) detector finds some codes the zxing-cpp one misses.
        if let Some(mut image) = bitmap()
            && let Ok(r) = QRCodeReader.decode_with_hints(&mut image, &hints)
        {
            let p: Vec<Point> = r
                .getPoints()
                .iter()
                .map(|q| Point::new(f64::from(q.x), f64::from(q.y)))
                .collect();
            if p.len() >= 3 {
                let locator = Locator::Finders {
                    bl: p[0],
                    tl: p[1],
                    tr: p[2],
                    alignment: p.get(3).copied(),
                };
                found.push(rxing_found(&r, locator, inverted));
            }
        }
    }
    Ok(found)
}

/// Half the size of a finder pattern, in pixels.
#[allow(clippy::cast_precision_loss)]
fn half_size(pattern: &ConcentricPattern) -> f32 {
    // Sizes are at most the picture's side: exact in f32.
    pattern.size as f32 / 2.0
}

/// The 1:1:3:1:1 pattern of a finder pattern, as zxing-cpp's detector states it.
const FINDER: FixedPattern<5, 7, false> = FixedPattern::new([1, 1, 3, 1, 1]);

/// The finder patterns in `matrix`, on every row (`thorough`) or every few rows.
///
/// rxing's `FindFinderPatterns` (zxing-cpp's, Apache-2.0, © ZXing authors, Nu-book Inc.,
/// Axel Waggershauser) with two bounds: on the rows crossing a pattern that are located,
/// and on the patterns found, each of which is compared with every one before it.
fn find_finder_patterns(
    matrix: &BitMatrix,
    thorough: bool,
) -> Result<Vec<ConcentricPattern>, Bound> {
    // Versions up to 20 take at least a quarter of the height: their centres are crossed
    // every `skip` rows.
    const MAX_MODULES_FAST: u32 = 20 * 4 + 17;
    let height = matrix.height();
    let skip = if thorough {
        3
    } else {
        ((3 * height) / (4 * MAX_MODULES_FAST)).max(3)
    };
    let plausible = |view: &PatternView, space: Option<f32>| {
        (view[2] as i32) >= 3
            && view[2] >= 2 as PatternType * PatternType::max(view[0], view[4])
            && view[2] >= PatternType::max(view[1], view[3])
            && IsPattern::<true, 5, 7, false>(view, &FINDER, space, 0.1, 0.0, 0.0) != 0.0
    };
    let mut found: Vec<ConcentricPattern> = Vec::new();
    let mut hits = 0usize;
    let mut row = PatternRow::default();
    let mut y = skip - 1;
    while y < height {
        GetPatternRowTP(matrix, y, &mut row, false);
        // Rows are at most 16 384 (the side limit): exact in f32.
        #[allow(clippy::cast_precision_loss)]
        let row_centre = y as f32 + 0.5;
        let mut next = PatternView::new(&row);
        while let Ok(view) = FindLeftGuardBy::<5, _>(next, 5, plausible) {
            next = view;
            if !next.isValid() {
                break;
            }
            let centre = rxing::point(
                f32::from(next.pixelsInFront())
                    + f32::from(next[0])
                    + f32::from(next[1])
                    + f32::from(next[2]) / 2.0,
                row_centre,
            );
            let inside = found
                .iter()
                .any(|old| rxing::Point::distance(centre, old.p) < half_size(old));
            if !inside {
                hits += 1;
                if hits > RXING_MAX_ROW_HITS {
                    return Err(Bound::new(Candidates::FinderPatterns, RXING_MAX_ROW_HITS));
                }
                let range = next.iter().map(i32::from).sum::<i32>() * 3;
                if let Some(pattern) =
                    LocateConcentricPattern::<true, 5, 7>(matrix, &FINDER.into(), centre, range)
                {
                    if found.len() == RXING_MAX_FINDER_PATTERNS {
                        return Err(Bound::new(
                            Candidates::FinderPatterns,
                            RXING_MAX_FINDER_PATTERNS,
                        ));
                    }
                    found.push(pattern);
                }
            }
            next.skipPair();
            next.skipPair();
            next.extend();
        }
        y += skip;
    }
    Ok(found)
}

/// The QR symbols read from groups of three of `patterns`, most plausible group first, a
/// pattern used by one symbol not tried in another: zxing-cpp's `QrReader` for QR codes,
/// within [`RXING_MAX_GROUPS`].
fn read_finder_pattern_sets(
    matrix: &BitMatrix,
    patterns: &mut Vec<ConcentricPattern>,
) -> Result<Vec<RXingResult>, Bound> {
    let sets = GenerateFinderPatternSets(patterns);
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut results = Vec::new();
    let mut tried = 0;
    for set in sets {
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        if tried == RXING_MAX_GROUPS {
            if results.is_empty() {
                return Err(Bound::new(
                    Candidates::FinderPatternGroups,
                    RXING_MAX_GROUPS,
                ));
            }
            break;
        }
        tried += 1;
        let Ok(detected) = SampleQR(matrix, &set) else {
            continue;
        };
        let Ok(decoded) = Decode(detected.getBits()) else {
            continue;
        };
        if decoded.isValid() {
            used.extend([set.bl, set.tl, set.tr]);
            results.push(RXingResult::with_decoder_result(
                decoded,
                detected.getPoints(),
                BarcodeFormat::QR_CODE,
            ));
        }
    }
    Ok(results)
}

fn rxing_found(r: &rxing::RXingResult, locator: Locator, inverted: bool) -> Found {
    let metadata = r.getRXingResultMetadata();
    let ecc = match metadata.get(&RXingResultMetadataType::ERROR_CORRECTION_LEVEL) {
        Some(RXingResultMetadataValue::ErrorCorrectionLevel(level)) => ecc_from_name(level),
        _ => None,
    };
    let bytes = match metadata.get(&RXingResultMetadataType::BYTE_SEGMENTS) {
        Some(RXingResultMetadataValue::ByteSegments(segments)) if segments.len() == 1 => {
            segments.first().cloned()
        }
        _ => None,
    };
    Found {
        decoder: Decoder::Rxing,
        text: r.getText().to_owned(),
        bytes,
        locator,
        version: None,
        ecc,
        mask: None,
        inverted,
    }
}

/// At most this many candidate finder patterns (capstones) in one picture for rqrr.
pub(crate) const RQRR_MAX_CAPSTONES: usize = 256;
/// At most this many groups of three capstones fitted as a grid by rqrr in one picture.
pub(crate) const RQRR_MAX_GROUPS: usize = 16;
/// At most this many positions searched for alignment patterns by rqrr in one picture.
pub(crate) const RQRR_MAX_ALIGNMENT_STEPS: usize = 250_000;
/// rqrr touches at most this many pixels per pixel of the picture (region fills, and the
/// copy of the picture each group is fitted on), plus [`RQRR_PIXELS_TOUCHED_BASE`].
pub(crate) const RQRR_PIXELS_TOUCHED_PER_PIXEL: usize = 8;
/// See [`RQRR_PIXELS_TOUCHED_PER_PIXEL`]: what a small picture may touch in any case.
pub(crate) const RQRR_PIXELS_TOUCHED_BASE: usize = 4_000_000;

/// rqrr's limits for a picture of `pixels` pixels.
fn rqrr_limits(pixels: usize) -> rqrr::DetectLimits {
    rqrr::DetectLimits {
        max_capstones: RQRR_MAX_CAPSTONES,
        max_groups: RQRR_MAX_GROUPS,
        max_alignment_steps: RQRR_MAX_ALIGNMENT_STEPS,
        max_pixels_touched: pixels
            .saturating_mul(RQRR_PIXELS_TOUCHED_PER_PIXEL)
            .saturating_add(RQRR_PIXELS_TOUCHED_BASE),
    }
}

fn rqrr_read(luma: &Luma, inverted: bool) -> Result<Vec<Found>, Bound> {
    let width = luma.width() as usize;
    let pixels = luma.pixels();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width, luma.height() as usize, |x, y| {
            pixels[y * width + x]
        });
    let limits = rqrr_limits(pixels.len());
    let grids = match prepared.detect_grids_within(&limits) {
        Ok((grids, _)) => grids,
        Err(exceeded) => {
            return Err(match exceeded {
                rqrr::LimitExceeded::Capstones(n) => Bound::new(Candidates::FinderPatterns, n),
                rqrr::LimitExceeded::Groups(n) => Bound::new(Candidates::FinderPatternGroups, n),
                rqrr::LimitExceeded::AlignmentSteps(n) => {
                    Bound::new(Candidates::AlignmentPositions, n)
                }
                rqrr::LimitExceeded::PixelsTouched(n) => Bound::new(Candidates::PixelsVisited, n),
                // rqrr's error is open to new bounds; all of them bound work on pixels.
                _ => Bound::new(Candidates::PixelsVisited, limits.max_pixels_touched),
            });
        }
    };
    let mut found = Vec::new();
    for grid in grids {
        let mut bytes = Vec::new();
        let Ok(meta) = grid.decode_to(&mut bytes) else {
            continue;
        };
        let bounds = grid
            .bounds
            .map(|p| Point::new(f64::from(p.x), f64::from(p.y)));
        // rqrr's bounds are the images of module coordinates 0 and size + 1, rounded.
        let n = meta.version.0 as f64 * 4.0 + 17.0;
        let square = |s: f64| {
            [
                Point::new(0.0, 0.0),
                Point::new(s, 0.0),
                Point::new(s, s),
                Point::new(0.0, s),
            ]
        };
        let corners = Homography::from_points(square(n + 1.0), bounds)
            .map_or(bounds, |h| square(n).map(|p| h.map(p.x, p.y)));
        let ecc = match meta.ecc_level {
            0 => Ecc::M,
            1 => Ecc::L,
            2 => Ecc::H,
            _ => Ecc::Q,
        };
        let (text, bytes) = match String::from_utf8(bytes) {
            Ok(text) => (text.clone(), Some(text.into_bytes())),
            Err(e) => {
                let bytes = e.into_bytes();
                (String::from_utf8_lossy(&bytes).into_owned(), Some(bytes))
            }
        };
        found.push(Found {
            decoder: Decoder::Rqrr,
            text,
            bytes,
            locator: Locator::Corners(corners),
            version: u8::try_from(meta.version.0).ok(),
            ecc: Some(ecc),
            mask: u8::try_from(meta.mask).ok(),
            inverted,
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_averages_blocks_inside_the_window() {
        let pixels: Vec<u8> = (0..36u8).map(|v| v * 7).collect();
        let luma = Luma::from_parts(6, 6, pixels);
        let half = halve(&luma);
        assert_eq!((half.width(), half.height()), (3, 3));
        // (0 + 7 + 42 + 49 + 2) / 4 = 25
        assert_eq!(half.pixels()[0], 25);
        let third = shrink(&luma, 3, 3, 1, 1, 3);
        let block: u32 = [21u32, 22, 23, 27, 28, 29, 33, 34, 35]
            .iter()
            .map(|v| v * 7)
            .sum();
        assert_eq!(u32::from(third.pixels()[0]), (block + 4) / 9);
        let same = shrink(&luma, 1, 2, 4, 3, 1);
        assert_eq!(same.pixels()[0], 13 * 7);
        assert_eq!(same.pixels().len(), 12);
    }

    #[test]
    fn enlarging_interpolates_between_pixel_centres() {
        let luma = Luma::from_parts(2, 1, vec![0, 240]);
        let big = enlarge(&luma, 3);
        assert_eq!((big.width(), big.height()), (6, 3));
        assert_eq!(&big.pixels()[..6], &[0, 0, 80, 160, 240, 240]);
    }

    #[test]
    fn windows_stay_inside_the_picture() {
        let luma = Luma::from_parts(100, 80, vec![200; 8000]);
        let (w, x0, y0) = window(&luma, Point::new(10.0, 70.0), 40.0, 2).unwrap();
        assert_eq!((x0, y0), (0, 34));
        assert_eq!((w.width(), w.height()), (23, 23));
        assert!(window(&luma, Point::new(f64::NAN, 1.0), 40.0, 1).is_none());
        assert!(window(&luma, Point::new(500.0, 500.0), 40.0, 1).is_none());
    }

    #[test]
    fn panics_are_caught_with_their_message() {
        let outcome: Result<(), String> = isolate(|| panic!("decoder bug {}", 7));
        let message = outcome.unwrap_err();
        assert!(message.starts_with("decoder bug 7 at "), "{message}");
        assert!(message.contains("engines.rs"));
        assert_eq!(isolate(|| 5), Ok(5));
    }
}
