//! Encoding data into a QR module matrix.

use std::fmt;

use qrcode::{
    EcLevel, Version,
    bits::Bits,
    optimize::{Optimizer, Parser, Segment},
    types::Mode,
};
use serde::Serialize;

use crate::{Error, mask::Unmasked, spec};

/// QR Code error-correction level: how much of the symbol may be damaged and still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize)]
pub enum Ecc {
    /// About 7 % of codewords can be restored.
    L,
    /// About 15 % of codewords can be restored; the default (see `docs/symbol.md`).
    #[default]
    M,
    /// About 25 % of codewords can be restored.
    Q,
    /// About 30 % of codewords can be restored.
    H,
}

impl Ecc {
    /// All levels, weakest first.
    pub const ALL: [Ecc; 4] = [Ecc::L, Ecc::M, Ecc::Q, Ecc::H];

    /// The most bytes of binary data a version 40 symbol holds at this level.
    pub fn max_bytes(self) -> usize {
        match self {
            Ecc::L => 2953,
            Ecc::M => 2331,
            Ecc::Q => 1663,
            Ecc::H => 1273,
        }
    }
}

impl fmt::Display for Ecc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Ecc::L => "L",
            Ecc::M => "M",
            Ecc::Q => "Q",
            Ecc::H => "H",
        })
    }
}

impl std::str::FromStr for Ecc {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "L" | "l" => Ok(Ecc::L),
            "M" | "m" => Ok(Ecc::M),
            "Q" | "q" => Ok(Ecc::Q),
            "H" | "h" => Ok(Ecc::H),
            other => Err(format!(
                "unknown error-correction level {other:?} (expected L, M, Q or H)"
            )),
        }
    }
}

pub(crate) fn to_qrcode_level(ecc: Ecc) -> EcLevel {
    match ecc {
        Ecc::L => EcLevel::L,
        Ecc::M => EcLevel::M,
        Ecc::Q => EcLevel::Q,
        Ecc::H => EcLevel::H,
    }
}

/// An encoded QR symbol: a square of dark and light modules, without quiet zone.
///
/// The smallest version that holds the data is used; the data is split into numeric,
/// alphanumeric and byte segments (never Kanji, which would turn UTF-8 text into other
/// characters on readers), and the mask is the one ISO/IEC 18004 penalty rules choose.
/// Byte segments carry no ECI header: UTF-8 text is stored as its bytes, which every
/// current reader recognises.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodedSymbol {
    version: u8,
    ecc: Ecc,
    mask: u8,
    size: usize,
    dark: Vec<bool>,
}

impl fmt::Debug for EncodedSymbol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedSymbol")
            .field("version", &self.version)
            .field("ecc", &self.ecc)
            .field("mask", &self.mask)
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

impl EncodedSymbol {
    /// Encodes `data` at error-correction level `ecc`.
    ///
    /// # Errors
    ///
    /// [`Error::TooLong`] when the data does not fit in a version 40 symbol at that level.
    pub fn new(data: &[u8], ecc: Ecc) -> Result<Self, Error> {
        let bits = Self::bits(data, ecc)?;
        Self::from_bits(bits, ecc).ok_or_else(|| Self::too_long(data, ecc))
    }

    fn too_long(data: &[u8], ecc: Ecc) -> Error {
        Error::TooLong {
            len: data.len(),
            ecc,
            max: ecc.max_bytes(),
        }
    }

    /// The bit stream of `data` in the smallest version that holds it, terminated and padded.
    fn bits(data: &[u8], ecc: Ecc) -> Result<Bits, Error> {
        if data.len() > Ecc::L.max_bytes() * 2 {
            return Err(Self::too_long(data, ecc));
        }
        let segments: Vec<Segment> = Parser::new(data)
            .map(|segment| match segment.mode {
                Mode::Kanji => Segment {
                    mode: Mode::Byte,
                    ..segment
                },
                _ => segment,
            })
            .collect();
        let level = to_qrcode_level(ecc);
        for version in 1..=40i16 {
            let v = Version::Normal(version);
            let mut bits = Bits::new(v);
            let optimized = Optimizer::new(segments.iter().copied(), v);
            if bits.push_segments(data, optimized).is_ok() && bits.push_terminator(level).is_ok() {
                return Ok(bits);
            }
        }
        Err(Self::too_long(data, ecc))
    }

    /// The symbol holding `bits` (already terminated and padded for `ecc`): the `qrcode`
    /// crate's symbol, its mask chosen by [`crate::mask`] with the crate's rules.
    fn from_bits(bits: Bits, ecc: Ecc) -> Option<Self> {
        let qr_version = bits.version();
        let unmasked = Unmasked::encode(&bits.into_bytes(), qr_version, ecc)?;
        let size = usize::try_from(qr_version.width()).ok()?;
        let version = spec::version_of_side(size)?;
        let (mask, dark) = unmasked.best();
        Some(Self {
            version,
            ecc,
            mask,
            size,
            dark,
        })
    }

    /// A GS1 symbol: `data` as one byte segment behind the FNC1 first-position mode, which
    /// rxing reads and rqrr does not (a symbol only one decoder reads, for tests).
    #[cfg(test)]
    pub(crate) fn gs1(data: &[u8], ecc: Ecc) -> Option<Self> {
        (1..=40i16).find_map(|v| {
            let mut bits = Bits::new(Version::Normal(v));
            bits.push_fnc1_first_position().ok()?;
            bits.push_byte_data(data).ok()?;
            bits.push_terminator(to_qrcode_level(ecc)).ok()?;
            Self::from_bits(bits, ecc)
        })
    }

    /// The version, 1–40: the symbol is `17 + 4 × version` modules wide.
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The error-correction level.
    pub fn ecc(&self) -> Ecc {
        self.ecc
    }

    /// The data mask pattern, 0–7.
    pub fn mask(&self) -> u8 {
        self.mask
    }

    /// Modules per side, without quiet zone.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Whether the module in column `x`, row `y` is dark; `false` outside the symbol.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        x < self.size && y < self.size && self.dark[y * self.size + x]
    }

    /// The modules row by row, `true` for dark.
    pub fn modules(&self) -> &[bool] {
        &self.dark
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::Strategy as _;

    #[test]
    fn smallest_version_is_chosen() {
        let code = EncodedSymbol::new(b"HELLO WORLD", Ecc::Q).unwrap();
        assert_eq!((code.version(), code.size()), (1, 21));
        assert!(code.is_dark(0, 0));
        assert!(!code.is_dark(7, 0));
        assert!(!code.is_dark(21, 0));
    }

    #[test]
    fn capacity_limits_are_exact() {
        for ecc in Ecc::ALL {
            let max = ecc.max_bytes();
            let fits = vec![0xffu8; max];
            assert_eq!(EncodedSymbol::new(&fits, ecc).unwrap().version(), 40);
            let over = vec![0xffu8; max + 1];
            assert_eq!(
                EncodedSymbol::new(&over, ecc).unwrap_err(),
                Error::TooLong {
                    len: max + 1,
                    ecc,
                    max
                }
            );
        }
    }

    #[test]
    fn mask_matches_the_format_information() {
        let code = EncodedSymbol::new("Nguyễn Văn A|0123456789".as_bytes(), Ecc::M).unwrap();
        assert!(code.mask() < 8);
        let size = code.size();
        let mut word = 0u16;
        for (i, (x, y)) in spec::format_positions_side(size).into_iter().enumerate() {
            if code.is_dark(x, y) {
                word |= 1 << i;
            }
        }
        assert_eq!(spec::nearest_format(word), (Ecc::M, code.mask(), 0));
    }

    /// The symbol as the `qrcode` crate makes it from the same bit stream, its own mask choice
    /// included.
    fn qrcode_crates(data: &[u8], ecc: Ecc) -> (u8, Vec<bool>) {
        let bits = EncodedSymbol::bits(data, ecc).unwrap();
        let code = qrcode::QrCode::with_bits(bits, to_qrcode_level(ecc)).unwrap();
        let dark: Vec<bool> = code
            .to_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect();
        let size = code.width();
        let mut word = 0u16;
        for (i, (x, y)) in spec::format_positions_main().into_iter().enumerate() {
            if dark[y * size + x] {
                word |= 1 << i;
            }
        }
        (spec::nearest_format(word).1, dark)
    }

    fn assert_same_as_qrcode(data: &[u8], ecc: Ecc) {
        let ours = EncodedSymbol::new(data, ecc).unwrap();
        let (mask, dark) = qrcode_crates(data, ecc);
        assert_eq!(
            (ours.mask(), ours.modules() == dark.as_slice()),
            (mask, true),
            "{} bytes at level {ecc}, version {}: {data:?}",
            data.len(),
            ours.version()
        );
    }

    #[test]
    fn symbols_are_the_qrcode_crates_at_every_version() {
        // Every version at every level, lengths just below each capacity, bytes mixing the
        // three segment modes.
        let alphabet = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:|<>abcxyz\xc3\xa1";
        for ecc in Ecc::ALL {
            for version in 1..=40u8 {
                let len =
                    (spec::Blocks::of(version, ecc).data_codewords() - 3).min(ecc.max_bytes());
                let data: Vec<u8> = (0..len)
                    .map(|i| alphabet[(i * 7 + usize::from(version)) % alphabet.len()])
                    .collect();
                assert_same_as_qrcode(&data, ecc);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn mask_and_modules_are_the_qrcode_crates(
            data in proptest::prop_oneof![
                proptest::collection::vec(proptest::prelude::any::<u8>(), 0..400),
                "[0-9A-Z|<*: -]{0,300}".prop_map(String::into_bytes),
                "[0-9]{0,40}\\|[A-ZÀ-Ỹa-z ]{0,40}\\|[0-9-]{0,12}\\|[01]\\|[0-9]{0,18}\\|<[0-9A-Z]{0,120}"
                    .prop_map(String::into_bytes),
            ],
            ecc in proptest::sample::select(Ecc::ALL.to_vec()),
        ) {
            assert_same_as_qrcode(&data, ecc);
        }
    }

    #[test]
    fn ecc_parses_and_prints() {
        for ecc in Ecc::ALL {
            assert_eq!(ecc.to_string().parse::<Ecc>(), Ok(ecc));
        }
        insta::assert_snapshot!("x".parse::<Ecc>().unwrap_err(), @r#"unknown error-correction level "x" (expected L, M, Q or H)"#);
    }
}
