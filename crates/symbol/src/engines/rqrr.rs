//! rqrr, the Rust port of quirc, within bounds on its work.

use super::{Bound, Candidates, Decoder, Found, Locator, Seen};
use crate::{Ecc, Luma, Point, geometry::Homography};

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

/// rqrr's reading of `luma`.
pub(super) fn read(luma: &Luma, inverted: bool) -> Result<Seen, Bound> {
    let width = luma.width() as usize;
    let pixels = luma.pixels();
    let mut prepared =
        rqrr::PreparedImage::prepare_from_greyscale(width, luma.height() as usize, |x, y| {
            pixels[y * width + x]
        });
    let limits = rqrr_limits(pixels.len());
    let (grids, capstones) = match prepared.detect_grids_within(&limits) {
        Ok((grids, work)) => (grids, work.capstones),
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
    Ok(Seen {
        found,
        finder_patterns: capstones,
    })
}
