//! The third-party decoders, each behind a wall (`wall`): their panics are caught and
//! silenced, their types stay in here (`rxing`, `rqrr`), and their work on a picture is bounded.
//! Each runs on the picture and, when it reads nothing, on fallback pictures made from it
//! (`picture`).

mod picture;
mod rqrr;
mod rxing;
mod threshold;
mod wall;

use std::fmt;

use serde::Serialize;

use crate::{Ecc, Luma, Point};

pub(crate) use picture::halve;
use picture::{enlarge, smooth, stretch, window};
use wall::guarded;

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

/// Which pictures a decoder tries after the picture as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fallbacks {
    /// The inverted picture.
    pub(crate) inverted: bool,
    /// The other fallback pictures ([`Pass`]).
    pub(crate) others: bool,
    /// The decoder runs after another that tried the inverted and half-size pictures and
    /// read nothing (a reader's fast path): it reads the pictures where its own detector is
    /// the second opinion, the picture as it is and, on evidence, stretched and smoothed,
    /// and not the inverted or half-size ones (docs/decisions.md, "In what order does the
    /// reader's fast path try its pictures?").
    pub(crate) after_another: bool,
}

impl Fallbacks {
    /// The same, for a decoder that runs after another read nothing.
    pub(crate) fn after_another(self) -> Self {
        Self {
            after_another: true,
            ..self
        }
    }
}

/// What one pass of a decoder saw in a picture.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Seen {
    /// The symbols it read.
    pub(crate) found: Vec<Found>,
    /// The finder patterns (rxing) or capstones (rqrr) its detector found, read or not: the
    /// evidence that a fallback picture may succeed where this one did not.
    pub(crate) finder_patterns: usize,
}

/// Runs `decoder` on `luma`; when it finds nothing, on the fallback pictures `fallbacks`
/// allows and the evidence calls for (see [`run_passes`]).
pub(crate) fn run(decoder: Decoder, luma: &Luma, fallbacks: Fallbacks) -> Run {
    run_passes(decoder, luma, fallbacks, None).0
}

/// [`run`], with the most finder patterns one pass found ([`usize::MAX`] when a pass stopped
/// at a bound, which only a picture full of them reaches).
pub(crate) fn run_with_evidence(
    decoder: Decoder,
    luma: &Luma,
    fallbacks: Fallbacks,
) -> (Run, usize) {
    run_passes(decoder, luma, fallbacks, None)
}

/// Runs `decoder` once, on `luma` as it is.
pub(crate) fn run_once(decoder: Decoder, luma: &Luma) -> Result<Seen, Halt> {
    read(decoder, luma, false)
}

/// rxing on `luma` as it is, thresholded once for the whole picture (a tenth of the local
/// threshold's work), then, when that finds nothing, with the local threshold. For finding
/// symbols in an evenly lit picture, such as a screenshot.
pub(crate) fn locate(luma: &Luma) -> Result<Vec<Found>, Halt> {
    let global = guarded(|| rxing::read_global(luma, false, false))?;
    if global.found.is_empty() {
        return run_once(Decoder::Rxing, luma).map(|seen| seen.found);
    }
    Ok(global.found)
}

/// Like [`run`] after a first pass on the picture as it is (`original`) found nothing: the
/// fallback pictures only.
pub(crate) fn run_fallbacks(
    decoder: Decoder,
    luma: &Luma,
    fallbacks: Fallbacks,
    original: &Seen,
) -> Run {
    run_passes(decoder, luma, fallbacks, Some(original.finder_patterns)).0
}

fn read(decoder: Decoder, image: &Luma, inverted: bool) -> Result<Seen, Halt> {
    guarded(|| match decoder {
        Decoder::Rxing => rxing::read_local(image, inverted),
        Decoder::Rqrr => rqrr::read(image, inverted),
    })
}

/// The passes of `decoder` on `luma`, in order, until one reads a symbol: the picture as it
/// is (unless `original` already holds the finder patterns a pass on it found), then the
/// fallback pictures, each where there is evidence it can succeed:
///
/// - the inverted picture, always (when `fallbacks` allows it);
/// - stretched, only when the contrast is low (both polarities);
/// - smoothed and half size, only in a polarity whose picture as it is showed at least one
///   finder pattern: they mend a pattern blurred, noisy or broken up, not one never seen;
/// - one global threshold (rxing), always in the normal polarity (faint and moiré-striped
///   codes show no finder pattern until then), inverted only when an inverted picture
///   showed one;
/// - enlarged (rxing, small pictures), only in a polarity where some pass showed one.
///
/// Returns the outcome and the most finder patterns one pass found.
fn run_passes(
    decoder: Decoder,
    luma: &Luma,
    fallbacks: Fallbacks,
    original: Option<usize>,
) -> (Run, usize) {
    let try_inverted = fallbacks.inverted;
    let once = |image: &Luma, inverted: bool| read(decoder, image, inverted);
    let mut passes = Vec::new();
    if original.is_none() {
        passes.push(Pass::Original);
    }
    if try_inverted {
        passes.push(Pass::Inverted);
    }
    if fallbacks.others {
        for inverted in [false, true] {
            passes.push(Pass::Stretched { inverted });
        }
        for inverted in [false, true] {
            passes.push(Pass::Smoothed { inverted });
        }
        if luma.width() >= 80 && luma.height() >= 80 {
            for inverted in [false, true] {
                passes.push(Pass::Half { inverted });
            }
        }
        if decoder == Decoder::Rxing {
            for inverted in [false, true] {
                passes.push(Pass::GlobalThreshold { inverted });
            }
            if luma.width() <= ENLARGE_MAX_SIDE && luma.height() <= ENLARGE_MAX_SIDE {
                for inverted in [false, true] {
                    passes.push(Pass::Enlarged { inverted });
                }
            }
        }
    }
    // Finder patterns seen, per polarity: in the picture as it is, and in any pass so far.
    let mut as_it_is = [original.unwrap_or(0) > 0, false];
    let mut any = as_it_is;
    let mut most = original.unwrap_or(0);
    // Computed when first needed: most pictures are read before.
    let mut stretched: Option<Option<Luma>> = None;
    let mut smoothed: Option<Luma> = None;
    let mut half: Option<Luma> = None;
    let mut enlarged: Option<Luma> = None;
    for pass in passes {
        let polarity = usize::from(pass.inverted());
        let wanted = match pass {
            Pass::Original | Pass::Inverted | Pass::Stretched { .. } => true,
            Pass::Smoothed { .. } | Pass::Half { .. } => as_it_is[polarity],
            Pass::GlobalThreshold { inverted } => !inverted || any[1],
            Pass::Enlarged { .. } => any[polarity],
        };
        let second_opinion =
            !fallbacks.after_another || !(pass.inverted() || matches!(pass, Pass::Half { .. }));
        if !wanted || !second_opinion || (pass.inverted() && !try_inverted) {
            continue;
        }
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
                outcome.map(|seen| seen.scaled(2.0))
            }
            Pass::GlobalThreshold { inverted } => guarded(|| {
                let image = if inverted { &luma.inverted() } else { luma };
                rxing::read_global(image, inverted, true)
            }),
            Pass::Enlarged { inverted } => {
                let e = enlarged.get_or_insert_with(|| enlarge(luma, ENLARGE_FACTOR));
                let outcome = if inverted {
                    once(&e.inverted(), true)
                } else {
                    once(e, false)
                };
                outcome.map(|seen| seen.scaled(1.0 / f64::from(ENLARGE_FACTOR)))
            }
        };
        match outcome {
            // A picture that reached a bound would reach it again in the next pass.
            Err(halt) => return (halt.into(), usize::MAX),
            Ok(seen) if !seen.found.is_empty() => {
                return (Run::Done(seen.found), seen.finder_patterns.max(most));
            }
            Ok(seen) => {
                most = most.max(seen.finder_patterns);
                let saw = seen.finder_patterns > 0;
                if matches!(pass, Pass::Original | Pass::Inverted) {
                    as_it_is[polarity] |= saw;
                }
                any[polarity] |= saw;
            }
        }
    }
    (Run::Done(Vec::new()), most)
}

impl Pass {
    /// Whether the pass reads the inverted picture.
    fn inverted(self) -> bool {
        match self {
            Pass::Original => false,
            Pass::Inverted => true,
            Pass::Stretched { inverted }
            | Pass::Smoothed { inverted }
            | Pass::Half { inverted }
            | Pass::GlobalThreshold { inverted }
            | Pass::Enlarged { inverted } => inverted,
        }
    }
}

impl Seen {
    /// The same, with the symbols' positions multiplied by `factor`.
    fn scaled(self, factor: f64) -> Self {
        Self {
            found: self.found.into_iter().map(|f| f.scaled(factor)).collect(),
            ..self
        }
    }
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
    fallbacks: Fallbacks,
    shrink: bool,
) -> Run {
    read_around(luma, around, shrink, |window| {
        run(decoder, window, fallbacks)
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
