//! Any bytes as a picture, through the decoder's limits: decoding never panics, a picture
//! larger than the limits is refused from its header, every picture read is within them,
//! and the report serialises. A symbol both decoders read alike is drawn again from its
//! payload, and the drawing decodes to the same payload.
//!
//! The limits are smaller than the defaults so that one run stays well under the fuzzer's
//! time limit; they are checked the same way whatever their values.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_symbol::{EncodedSymbol, DecodeOptions, Ecc, Error, Limits, RenderOptions, decode_with, load};

const MAX_BYTES: usize = 1 << 20;
const MAX_PIXELS: u64 = 1 << 20;
const MAX_SIDE: u32 = 2_048;

fn options() -> DecodeOptions {
    let limits = Limits::default()
        .with_max_bytes(MAX_BYTES)
        .with_max_pixels(MAX_PIXELS)
        .with_max_side(MAX_SIDE);
    DecodeOptions::default()
        .with_limits(limits)
        .with_parallel(false)
}

fuzz_target!(|data: &[u8]| {
    let options = options();
    let report = match decode_with(data, &options) {
        Ok(report) => report,
        Err(Error::TooManyPixels { width, height, .. }) => {
            assert!(
                u64::from(width) * u64::from(height) > MAX_PIXELS
                    || width > MAX_SIDE
                    || height > MAX_SIDE
                    || width == 0
                    || height == 0
            );
            return;
        }
        Err(Error::TooManyBytes { len, max }) => {
            assert!(len > max);
            return;
        }
        Err(_) => return,
    };
    let (luma, format) = load(data, options.limits()).expect("a decoded picture loads");
    assert_eq!(report.format, Some(format));
    assert_eq!((report.width, report.height), (luma.width(), luma.height()));
    assert!(report.width <= MAX_SIDE && report.height <= MAX_SIDE);
    assert!(u64::from(report.width) * u64::from(report.height) <= MAX_PIXELS);
    assert_eq!(
        luma.pixels().len() as u64,
        u64::from(report.width) * u64::from(report.height)
    );
    serde_json::to_string(&report).expect("reports serialise");

    for symbol in report.symbols.iter().filter(|s| s.agree) {
        assert!(!symbol.readings.is_empty());
        let payload = symbol.payload();
        let Ok(code) = EncodedSymbol::new(payload, symbol.ecc.unwrap_or(Ecc::M)) else {
            continue;
        };
        let png = code
            .to_png(&RenderOptions::module_px(3))
            .expect("a code draws");
        let again = decode_with(&png, &DecodeOptions::default().with_parallel(false))
            .expect("a drawn code decodes");
        let read: Vec<_> = again
            .symbols
            .iter()
            .map(|s| s.payload())
            .collect();
        assert_eq!(read, [payload], "drawn again, the symbol reads differently");
    }
});
