//! The evaluation profile: the thresholds a QR symbol on an app's screen must meet.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, error::read_bounded};

/// An error-correction level, weakest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EccLevel {
    /// About 7 % of codewords can be restored.
    L,
    /// About 15 %.
    M,
    /// About 25 %.
    Q,
    /// About 30 %.
    H,
}

/// An ISO/IEC 15415 grade, worst first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum GradeLetter {
    /// Fail.
    F,
    /// Grade D.
    D,
    /// Grade C.
    C,
    /// Grade B.
    B,
    /// Grade A.
    A,
}

/// The thresholds of an evaluation. Every key may be left out of a profile file, which then
/// takes the default; unknown keys are refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Profile {
    /// The weakest error-correction level accepted (Q-02). Default `M`.
    pub min_ecc: EccLevel,
    /// Whether light modules on a dark background are refused (Q-03). Default `true`: many
    /// readers cannot read them.
    pub dark_on_light: bool,
    /// The narrowest quiet zone accepted, in modules (Q-04). Default 4, as ISO/IEC 18004 asks.
    pub min_quiet_zone_modules: u32,
    /// The smallest module accepted, in pixels (Q-05). Default 3.
    pub min_module_px: f64,
    /// The lowest symbol contrast accepted, 0 to 1 (Q-06). Default 0.40, ISO/IEC 15415 grade C.
    pub min_symbol_contrast: f64,
    /// How many symbols a screen shows (Q-07). Default 1.
    pub symbols_per_image: usize,
    /// The most modules that may differ from the re-encoded content (Q-08). Default 0: a
    /// correctly drawn code in a screenshot has none.
    pub max_damaged_modules: usize,
    /// The lowest overall grade before a warning (Q-09, SHOULD). Default `B`.
    pub min_overall_grade: GradeLetter,
}

impl Default for Profile {
    fn default() -> Profile {
        Profile {
            min_ecc: EccLevel::M,
            dark_on_light: true,
            min_quiet_zone_modules: 4,
            min_module_px: 3.0,
            min_symbol_contrast: 0.40,
            symbols_per_image: 1,
            max_damaged_modules: 0,
            min_overall_grade: GradeLetter::B,
        }
    }
}

impl Profile {
    /// Reads a profile file; absent keys take their defaults.
    pub fn load(path: &Path) -> Result<Profile, Error> {
        let bytes = read_bounded(path, 1 << 16)?;
        let profile: Profile = serde_json::from_slice(&bytes).map_err(|e| Error::json(path, &e))?;
        profile.check(path)?;
        Ok(profile)
    }

    fn check(&self, path: &Path) -> Result<(), Error> {
        if !(0.0..=1.0).contains(&self.min_symbol_contrast) {
            return Err(Error::invalid(
                path,
                "min_symbol_contrast",
                "is not between 0 and 1",
            ));
        }
        if !(self.min_module_px.is_finite() && self.min_module_px >= 0.0) {
            return Err(Error::invalid(
                path,
                "min_module_px",
                "is not a size in pixels",
            ));
        }
        if self.symbols_per_image == 0 {
            return Err(Error::invalid(path, "symbols_per_image", "is zero"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_profile_is_the_default() {
        let profile: Profile = serde_json::from_str("{}").unwrap();
        assert_eq!(profile, Profile::default());
        assert!(serde_json::from_str::<Profile>(r#"{"min_eccc": "Q"}"#).is_err());
        let strict: Profile = serde_json::from_str(r#"{"min_ecc": "Q"}"#).unwrap();
        assert_eq!(strict.min_ecc, EccLevel::Q);
    }
}
