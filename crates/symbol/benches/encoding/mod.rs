//! What the encoding benchmark and `examples/encode_peers.rs` share: the golden vectors'
//! texts, and the three encoders on them.

use std::{fs, path::Path};

use qr1405_symbol::{Ecc, EncodedSymbol};
use qrcode::{
    EcLevel, QrCode, Version,
    bits::Bits,
    optimize::{Optimizer, Parser, Segment},
    types::Mode,
};

/// The longest text taken: the codes of the golden vectors, not their two length probes
/// (`structure-max-length` and `structure-too-long`, 2,953 and 2,954 characters, which
/// fast_qr refuses at level M).
pub(crate) const MAX_LEN: usize = 1000;

/// The texts of the golden vectors (`conformance-vectors/vectors/*.json`, their `text`) of
/// at most [`MAX_LEN`] bytes, sorted by file name. Panics when there are fewer than 100: a
/// benchmark of nothing measures nothing.
pub(crate) fn texts() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance-vectors/vectors");
    let mut files: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    let texts: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let json: serde_json::Value =
                serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
            json["text"].as_str().map(str::to_owned)
        })
        .filter(|text| text.len() <= MAX_LEN)
        .collect();
    assert!(
        texts.len() >= 100,
        "only {} texts in {}",
        texts.len(),
        dir.display()
    );
    texts
}

/// This crate's encoder: the `qrcode` crate's segments, codewords and placement, this
/// crate's mask choice.
pub(crate) fn qr1405(text: &str) -> EncodedSymbol {
    EncodedSymbol::new(text.as_bytes(), Ecc::M).unwrap()
}

/// The `qrcode` crate alone on the same bit stream as [`qr1405`] (the same segments), its own
/// mask choice: what `EncodedSymbol::new` did before it chose the mask itself.
pub(crate) fn qrcode_crate(text: &str) -> QrCode {
    let data = text.as_bytes();
    let segments: Vec<Segment> = Parser::new(data)
        .map(|segment| match segment.mode {
            Mode::Kanji => Segment {
                mode: Mode::Byte,
                ..segment
            },
            _ => segment,
        })
        .collect();
    for version in 1..=40i16 {
        let v = Version::Normal(version);
        let mut bits = Bits::new(v);
        let optimized = Optimizer::new(segments.iter().copied(), v);
        if bits.push_segments(data, optimized).is_ok() && bits.push_terminator(EcLevel::M).is_ok() {
            return QrCode::with_bits(bits, EcLevel::M).unwrap();
        }
    }
    panic!("{text:?} does not fit")
}

/// fast_qr with its own choices (one mode for the whole text, smallest version, its mask
/// rules), level M.
pub(crate) fn fast_qr(text: &str) -> fast_qr::QRCode {
    fast_qr::QRBuilder::new(text.as_bytes())
        .ecl(fast_qr::ECL::M)
        .build()
        .unwrap()
}

/// fast_qr's modules row by row, `true` for dark.
#[allow(dead_code)] // the example compares them; the benchmark does not
pub(crate) fn fast_qr_modules(code: &fast_qr::QRCode) -> Vec<bool> {
    code.data[..code.size * code.size]
        .iter()
        .map(|m| m.value())
        .collect()
}
