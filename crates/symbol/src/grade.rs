//! Quality grades in the manner of ISO/IEC 15415 and ISO/IEC 18004 clause 12.

use std::fmt;

use serde::Serialize;

/// A letter grade, A (best) to F (fail), as print-quality verifiers report them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Grade {
    /// Fail (grade 0).
    F,
    /// Grade 1.
    D,
    /// Grade 2.
    C,
    /// Grade 3.
    B,
    /// Best (grade 4).
    A,
}

impl Grade {
    /// The numeric grade, 4 (A) to 0 (F).
    pub fn points(self) -> u8 {
        match self {
            Grade::A => 4,
            Grade::B => 3,
            Grade::C => 2,
            Grade::D => 1,
            Grade::F => 0,
        }
    }

    /// The grade of a value where higher is better, given the A, B, C, D minimums.
    pub(crate) fn at_least(value: f64, thresholds: [f64; 4]) -> Grade {
        [Grade::A, Grade::B, Grade::C, Grade::D]
            .into_iter()
            .zip(thresholds)
            .find(|&(_, t)| value >= t)
            .map_or(Grade::F, |(g, _)| g)
    }

    /// The grade of a value where lower is better, given the A, B, C, D maximums.
    pub(crate) fn at_most(value: f64, thresholds: [f64; 4]) -> Grade {
        [Grade::A, Grade::B, Grade::C, Grade::D]
            .into_iter()
            .zip(thresholds)
            .find(|&(_, t)| value <= t)
            .map_or(Grade::F, |(g, _)| g)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
            Grade::D => "D",
            Grade::F => "F",
        })
    }
}

/// A measured parameter and its grade.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Measured {
    /// The measured value (its unit depends on the parameter; see `docs/symbol.md`).
    pub value: f64,
    /// Its grade.
    pub grade: Grade,
}

/// The grade of each parameter and overall, for one symbol.
///
/// A parameter is `None` when it could not be measured: the unused error correction and the
/// modulation need the sampled grid to pass Reed–Solomon correction, which a strongly
/// distorted photo may fail even when a decoder read it. `overall` is the lowest grade among
/// the parameters measured.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Grades {
    /// Symbol contrast: `Rmax − Rmin`, reflectance 0–1.
    pub symbol_contrast: Measured,
    /// Modulation: the ISO/IEC 15415 codeword grading, value = notional unused error
    /// correction at the grade reached.
    pub modulation: Option<Measured>,
    /// Fixed-pattern damage: value = modules wrong in finder, separator, timing and alignment
    /// patterns.
    pub fixed_pattern_damage: Measured,
    /// Unused error correction, 0–1 (1: no codeword needed correcting).
    pub unused_error_correction: Option<Measured>,
    /// Axial non-uniformity, 0 for square modules.
    pub axial_nonuniformity: Measured,
    /// Grid non-uniformity, in modules.
    pub grid_nonuniformity: Measured,
    /// Quiet zone: value = light modules measured around the symbol (up to 10).
    pub quiet_zone: Measured,
    /// The lowest grade of the above.
    pub overall: Grade,
}

/// Symbol contrast grade thresholds (ISO/IEC 15415 5.6.3.2).
pub(crate) const CONTRAST: [f64; 4] = [0.70, 0.55, 0.40, 0.20];
/// Module modulation thresholds (ISO/IEC 15415 5.6.3.3).
pub(crate) const MODULATION: [f64; 4] = [0.50, 0.40, 0.30, 0.20];
/// Unused error correction thresholds (ISO/IEC 15415 5.6.3.6).
pub(crate) const UEC: [f64; 4] = [0.62, 0.50, 0.37, 0.25];
/// Axial non-uniformity thresholds (ISO/IEC 15415 5.6.3.4).
pub(crate) const AXIAL: [f64; 4] = [0.06, 0.08, 0.10, 0.12];
/// Grid non-uniformity thresholds in modules (ISO/IEC 15415 5.6.3.5).
pub(crate) const GRID: [f64; 4] = [0.38, 0.50, 0.63, 0.75];
/// Errors allowed in one finder pattern with its separator, or one alignment pattern.
pub(crate) const PATTERN_ERRORS: [f64; 4] = [0.0, 1.0, 2.0, 3.0];
/// Fraction of timing pattern modules in error.
pub(crate) const TIMING: [f64; 4] = [0.0, 0.07, 0.14, 0.20];
/// Quiet zone width in modules.
pub(crate) const QUIET_ZONE: [f64; 4] = [4.0, 3.0, 2.0, 1.0];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_inclusive() {
        assert_eq!(Grade::at_least(0.70, CONTRAST), Grade::A);
        assert_eq!(Grade::at_least(0.6999, CONTRAST), Grade::B);
        assert_eq!(Grade::at_least(0.1, CONTRAST), Grade::F);
        assert_eq!(Grade::at_most(0.06, AXIAL), Grade::A);
        assert_eq!(Grade::at_most(0.2, AXIAL), Grade::F);
        assert!(Grade::A > Grade::F);
        assert_eq!(Grade::C.points(), 2);
    }
}
