//! Bounds on the work of one detection.
//!
//! Without them, a picture made of many finder-like squares (a few kilobytes of PNG) keeps
//! [`PreparedImage::detect_grids`](crate::PreparedImage::detect_grids) busy for minutes: every
//! square is a capstone, every three of them a group fitted as a grid, and each fit copies the
//! picture and searches it for an alignment pattern.

use std::fmt;

/// Bounds on the work [`PreparedImage::detect_grids_within`] does on one picture.
///
/// [`PreparedImage::detect_grids_within`]: crate::PreparedImage::detect_grids_within
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DetectLimits {
    /// Most capstones (candidate finder patterns) the picture may hold.
    pub max_capstones: usize,
    /// Most groups of three capstones fitted as a grid.
    pub max_groups: usize,
    /// Most positions visited by all searches for alignment patterns together.
    pub max_alignment_steps: usize,
    /// Most pixels touched by flood fills and by the copies of the picture that each
    /// group is fitted on, together.
    pub max_pixels_touched: usize,
}

impl DetectLimits {
    /// No bounds: the work [`PreparedImage::detect_grids`] does.
    ///
    /// [`PreparedImage::detect_grids`]: crate::PreparedImage::detect_grids
    pub const UNLIMITED: DetectLimits = DetectLimits {
        max_capstones: usize::MAX,
        max_groups: usize::MAX,
        max_alignment_steps: usize::MAX,
        max_pixels_touched: usize::MAX,
    };
}

/// The work one detection did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DetectWork {
    /// Capstones found.
    pub capstones: usize,
    /// Groups of three capstones fitted as a grid.
    pub groups: usize,
    /// Positions visited by the searches for alignment patterns.
    pub alignment_steps: usize,
    /// Pixels touched by flood fills and copies of the picture.
    pub pixels_touched: usize,
}

/// Which bound of [`DetectLimits`] a detection reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitExceeded {
    /// More capstones than `max_capstones` (the limit).
    Capstones(usize),
    /// More groups to fit than `max_groups` (the limit).
    Groups(usize),
    /// More alignment search positions than `max_alignment_steps` (the limit).
    AlignmentSteps(usize),
    /// More pixels touched than `max_pixels_touched` (the limit).
    PixelsTouched(usize),
}

impl fmt::Display for LimitExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LimitExceeded::Capstones(n) => write!(f, "more than {n} candidate finder patterns"),
            LimitExceeded::Groups(n) => write!(f, "more than {n} groups of finder patterns to fit"),
            LimitExceeded::AlignmentSteps(n) => {
                write!(f, "more than {n} positions searched for alignment patterns")
            }
            LimitExceeded::PixelsTouched(n) => write!(f, "more than {n} pixels touched"),
        }
    }
}

impl std::error::Error for LimitExceeded {}

/// Work done so far and the bounds it must stay within.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Budget {
    pub(crate) limits: DetectLimits,
    pub(crate) work: DetectWork,
}

impl Budget {
    pub(crate) fn new(limits: DetectLimits) -> Self {
        Budget {
            limits,
            work: DetectWork::default(),
        }
    }

    /// One more capstone.
    pub(crate) fn capstone(&mut self) -> Result<(), LimitExceeded> {
        self.work.capstones += 1;
        if self.work.capstones > self.limits.max_capstones {
            return Err(LimitExceeded::Capstones(self.limits.max_capstones));
        }
        Ok(())
    }

    /// One more group to fit.
    pub(crate) fn group(&mut self) -> Result<(), LimitExceeded> {
        self.work.groups += 1;
        if self.work.groups > self.limits.max_groups {
            return Err(LimitExceeded::Groups(self.limits.max_groups));
        }
        Ok(())
    }

    /// One more alignment search position.
    pub(crate) fn alignment_step(&mut self) -> Result<(), LimitExceeded> {
        self.work.alignment_steps += 1;
        if self.work.alignment_steps > self.limits.max_alignment_steps {
            return Err(LimitExceeded::AlignmentSteps(self.limits.max_alignment_steps));
        }
        Ok(())
    }

    /// Sets the pixels touched so far.
    pub(crate) fn touched(&mut self, pixels: usize) -> Result<(), LimitExceeded> {
        self.work.pixels_touched = pixels;
        if pixels > self.limits.max_pixels_touched {
            return Err(LimitExceeded::PixelsTouched(self.limits.max_pixels_touched));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PreparedImage;

    /// A `side` × `side` picture of finder-like squares (7 × 7 px, 1:1:3:1:1) every 9 px.
    fn finder_tiles(side: usize) -> PreparedImage<crate::prepare::BasicImageBuffer> {
        PreparedImage::prepare_from_bitmap(side, side, |x, y| {
            let (u, v) = (x % 9, y % 9);
            let ring = |d: usize| (1..=7).contains(&d);
            if !ring(u) || !ring(v) {
                return false;
            }
            let (du, dv) = (u.abs_diff(4), v.abs_diff(4));
            du.max(dv) != 2
        })
    }

    #[test]
    fn every_bound_stops_a_picture_of_finder_patterns() {
        let limits = DetectLimits {
            max_capstones: 64,
            ..DetectLimits::UNLIMITED
        };
        let outcome = finder_tiles(200).detect_grids_within(&limits).map(|(_, w)| w);
        assert_eq!(outcome, Err(LimitExceeded::Capstones(64)));

        let limits = DetectLimits {
            max_groups: 10,
            ..DetectLimits::UNLIMITED
        };
        let outcome = finder_tiles(200).detect_grids_within(&limits).map(|(_, w)| w);
        assert_eq!(outcome, Err(LimitExceeded::Groups(10)));

        let limits = DetectLimits {
            max_pixels_touched: 10_000,
            ..DetectLimits::UNLIMITED
        };
        let outcome = finder_tiles(200).detect_grids_within(&limits).map(|(_, w)| w);
        assert_eq!(outcome, Err(LimitExceeded::PixelsTouched(10_000)));
    }

    #[test]
    fn unlimited_detection_counts_its_work() {
        let (_, work) = finder_tiles(54)
            .detect_grids_within(&DetectLimits::UNLIMITED)
            .unwrap();
        assert_eq!(work.capstones, 36);
        assert!(work.groups > 0);
        assert!(work.pixels_touched >= 36 * 33);
    }
}
