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
    BarcodeFormat, BinaryBitmap, DecodeHints, Luma8Source, RXingResultMetadataType,
    RXingResultMetadataValue, Reader,
    common::HybridBinarizer,
    multi::MultipleBarcodeReader,
    qrcode::{QRCodeReader, cpp_port::QrReader},
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
}

/// Runs `decoder` on `luma`; when it finds nothing, on the inverted picture (if
/// `try_inverted`), a contrast-stretched one (if the contrast is low) and a half-size one.
pub(crate) fn run(decoder: Decoder, luma: &Luma, try_inverted: bool) -> Run {
    let once = |image: &Luma, inverted: bool| {
        isolate(|| match decoder {
            Decoder::Rxing => rxing_read(image, inverted),
            Decoder::Rqrr => rqrr_read(image, inverted),
        })
    };
    let stretched = stretch(luma);
    let mut half: Option<Luma> = None;
    let mut passes = vec![Pass::Original];
    if try_inverted {
        passes.push(Pass::Inverted);
    }
    if stretched.is_some() {
        passes.push(Pass::Stretched { inverted: false });
        if try_inverted {
            passes.push(Pass::Stretched { inverted: true });
        }
    }
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
    for pass in passes {
        let outcome = match pass {
            Pass::Original => once(luma, false),
            Pass::Inverted => once(&luma.inverted(), true),
            Pass::Stretched { inverted } => match &stretched {
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
        };
        match outcome {
            Err(message) => return Run::Panicked(message),
            Ok(found) if !found.is_empty() => return Run::Done(found),
            Ok(_) => {}
        }
    }
    Run::Done(Vec::new())
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

/// The picture at half size, each pixel the mean of a 2 × 2 block.
fn halve(luma: &Luma) -> Luma {
    let (w, h) = (luma.width() / 2, luma.height() / 2);
    let stride = luma.width() as usize;
    let p = luma.pixels();
    let mut pixels = Vec::with_capacity(w as usize * h as usize);
    for y in 0..h as usize {
        for x in 0..w as usize {
            let i = 2 * y * stride + 2 * x;
            let sum = u16::from(p[i])
                + u16::from(p[i + 1])
                + u16::from(p[i + stride])
                + u16::from(p[i + stride + 1]);
            pixels.push(u8::try_from((sum + 2) / 4).unwrap_or(u8::MAX));
        }
    }
    Luma::from_parts(w, h, pixels)
}

impl Found {
    /// The same reading with its positions multiplied by `factor`.
    fn scaled(mut self, factor: f64) -> Self {
        let s = |p: Point| Point::new(p.x * factor, p.y * factor);
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

fn rxing_read(luma: &Luma, inverted: bool) -> Vec<Found> {
    let hints = DecodeHints {
        TryHarder: Some(true),
        PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
        ..DecodeHints::default()
    };
    let bitmap = || {
        Luma8Source::new_with_slice(luma.pixels(), luma.width(), luma.height())
            .ok()
            .map(|source| BinaryBitmap::new(HybridBinarizer::new(source)))
    };
    let Some(mut image) = bitmap() else {
        return Vec::new();
    };
    let results = QrReader
        .decode_multiple_with_hints(&mut image, &hints)
        .unwrap_or_default();
    let mut found: Vec<Found> = results
        .iter()
        .filter_map(|r| {
            let p = r.getPoints();
            // zxing-cpp's detector reports the outer corners as [tl, tr, bl, br].
            let corners = [p.first()?, p.get(1)?, p.get(3)?, p.get(2)?]
                .map(|q| Point::new(f64::from(q.x), f64::from(q.y)));
            let mut found = rxing_found(r, Locator::Corners(corners), inverted);
            // zxing-cpp's reader gives the payload bytes as the raw bytes.
            found.bytes = Some(r.getRawBytes().to_vec());
            Some(found)
        })
        .collect();
    if found.is_empty() {
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
    found
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

fn rqrr_read(luma: &Luma, inverted: bool) -> Vec<Found> {
    let width = luma.width() as usize;
    let pixels = luma.pixels();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width, luma.height() as usize, |x, y| {
            pixels[y * width + x]
        });
    let mut found = Vec::new();
    for grid in prepared.detect_grids() {
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
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panics_are_caught_with_their_message() {
        let outcome: Result<(), String> = isolate(|| panic!("decoder bug {}", 7));
        let message = outcome.unwrap_err();
        assert!(message.starts_with("decoder bug 7 at "), "{message}");
        assert!(message.contains("engines.rs"));
        assert_eq!(isolate(|| 5), Ok(5));
    }
}
