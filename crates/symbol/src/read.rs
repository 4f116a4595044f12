//! A reader's fast path: the text of the symbols in a picture, from the first decoder that
//! reads any, with nothing measured or graded.

use serde::Serialize;

use crate::{
    DecodeOptions, Decoder, Error, Luma, Point,
    decode::{fallback_corners, half_size_reading},
    engines::{self, Found, Locator, Run},
    load,
};

/// One symbol's content, as a reader needs it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ReadSymbol {
    /// The text: the payload as UTF-8, or a lossy rendering of it when it is not.
    pub text: String,
    /// The payload bytes.
    #[serde(skip)]
    pub bytes: Vec<u8>,
    /// Outer corners of the symbol in the picture (top-left, top-right, bottom-right,
    /// bottom-left in the symbol's own orientation), as the decoder placed them: close, not
    /// measured.
    pub corners: [Point; 4],
    /// The decoder that read it.
    pub decoder: Decoder,
}

/// Reads the text of every QR symbol in a PNG, JPEG, WebP, BMP or GIF picture as quickly as
/// it can, with default options: see [`read_text_luma`].
///
/// ```
/// use qr1405_symbol::{EncodedSymbol, Ecc, RenderOptions, read_text};
///
/// let code = EncodedSymbol::new("001093029317|NGUYEN VAN A".as_bytes(), Ecc::M)?;
/// let png = code.to_png(&RenderOptions::module_px(4))?;
/// let symbols = read_text(&png)?;
/// assert_eq!(symbols.len(), 1);
/// assert_eq!(symbols[0].text, "001093029317|NGUYEN VAN A");
/// # Ok::<(), qr1405_symbol::Error>(())
/// ```
///
/// # Errors
///
/// The picture cannot be read (see [`load`]), or no decoder read a symbol and one stopped
/// at a bound on its work ([`Error::TooManyCandidates`]).
pub fn read_text(bytes: &[u8]) -> Result<Vec<ReadSymbol>, Error> {
    read_text_with(bytes, &DecodeOptions::default())
}

/// [`read_text`] with options: the limits, the decoders in the order to try them, and
/// whether inverted pictures are tried (the parallel option has no effect here).
///
/// # Errors
///
/// As [`read_text`].
pub fn read_text_with(bytes: &[u8], options: &DecodeOptions) -> Result<Vec<ReadSymbol>, Error> {
    let (luma, _) = load::load(bytes, options.limits())?;
    read_text_luma(&luma, options)
}

/// Reads the text of every QR symbol in a greyscale picture, for a reader: the first decoder
/// (rxing by default) reads it, with its fallback pictures, and the next runs only when it
/// read nothing. Nothing is measured or graded, and the decoders' readings are not compared:
/// for that, and for print quality, use [`decode_luma`](crate::decode_luma).
///
/// Work is spent where a symbol can be: a fallback picture is tried only on evidence of a
/// finder pattern (see [`DecodeOptions::with_fallbacks`]), and rqrr after rxing only when
/// rxing's detector found a finder pattern in some picture it tried. A picture
/// without a code therefore costs a few passes of rxing, not every picture of both decoders.
/// rqrr after rxing is a second detector, not a second set of pictures: it reads the picture
/// as it is and, on evidence, stretched and smoothed, not the inverted and half-size pictures
/// rxing has just tried.
///
/// A large picture (1.5 Mpx or more) is read by rxing at half size first, as
/// [`decode_luma`](crate::decode_luma) does; its symbols' corners are then those of the half
/// size picture, doubled.
///
/// A decoder that panics (the panic is caught) counts as one that read nothing.
///
/// # Errors
///
/// [`Error::TooManyCandidates`] when no decoder read a symbol and the last one that stopped
/// at a bound on its work did (docs/security.md, Hostile pictures against time).
pub fn read_text_luma(luma: &Luma, options: &DecodeOptions) -> Result<Vec<ReadSymbol>, Error> {
    let mut bound = None;
    let mut previous = None;
    for &decoder in options.decoders() {
        if decoder == Decoder::Rxing
            && let Some(found) = half_size_reading(luma)
        {
            return Ok(found.into_iter().map(read_symbol).collect());
        }
        // rqrr after rxing: only where rxing saw a finder pattern in some picture.
        if decoder == Decoder::Rqrr
            && previous.is_some_and(|(d, most)| d == Decoder::Rxing && most == 0)
        {
            continue;
        }
        // A decoder after rxing, which tried the inverted and half-size pictures with the
        // evidence they called for (it did not panic or stop at a bound), reads only where
        // its detector is a second opinion.
        let passes = if previous.is_some_and(|(d, most)| d == Decoder::Rxing && most != usize::MAX)
        {
            options.passes().after_another()
        } else {
            options.passes()
        };
        let (run, evidence) = engines::run_with_evidence(decoder, luma, passes);
        match run {
            Run::Done(found) if !found.is_empty() => {
                return Ok(found.into_iter().map(read_symbol).collect());
            }
            Run::Done(_) => {}
            // A decoder that panicked saw something: the next one reads.
            Run::Panicked(_) => {
                previous = Some((decoder, usize::MAX));
                continue;
            }
            Run::Stopped(b) => bound = Some((decoder, b)),
        }
        previous = Some((decoder, evidence));
    }
    match bound {
        Some((decoder, b)) => Err(Error::TooManyCandidates {
            decoder,
            candidates: b.candidates,
            limit: b.limit,
        }),
        None => Ok(Vec::new()),
    }
}

fn read_symbol(found: Found) -> ReadSymbol {
    let corners = match found.locator {
        Locator::Corners(c) => c,
        locator @ Locator::Finders { .. } => fallback_corners(&locator, found.version).0,
    };
    let bytes = found
        .bytes
        .unwrap_or_else(|| found.text.clone().into_bytes());
    ReadSymbol {
        text: found.text,
        bytes,
        corners,
        decoder: found.decoder,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Canvas, Ecc, EncodedSymbol, Rgba, Style, decode_luma};

    fn picture(text: &str, module_px: u32) -> Luma {
        let code = EncodedSymbol::new(text.as_bytes(), Ecc::M).expect("fits");
        let mut canvas = Canvas::new(400, 400, Rgba::WHITE).expect("size");
        canvas.draw_code(&code, 20, 20, &Style::new(module_px));
        canvas.to_luma_image()
    }

    #[test]
    fn reads_with_the_first_decoder_only() {
        let luma = picture("001093029317|NGUYEN VAN A", 4);
        let symbols = read_text_luma(&luma, &DecodeOptions::default()).expect("reads");
        assert_eq!(symbols.len(), 1);
        assert_eq!(symbols[0].text, "001093029317|NGUYEN VAN A");
        assert_eq!(symbols[0].bytes, b"001093029317|NGUYEN VAN A");
        assert_eq!(symbols[0].decoder, Decoder::Rxing);
        // The same corners as the full decode, to a pixel.
        let report = decode_luma(&luma, &DecodeOptions::default());
        for (a, b) in symbols[0].corners.iter().zip(report.symbols[0].corners) {
            assert!(a.distance(b) < 1.0, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn the_next_decoder_reads_when_the_first_reads_nothing() {
        let luma = picture("HELLO", 4);
        let options = DecodeOptions::default().with_decoders(&[Decoder::Rqrr, Decoder::Rxing]);
        let symbols = read_text_luma(&luma, &options).expect("reads");
        assert_eq!(symbols[0].decoder, Decoder::Rqrr);
        // A blank picture: every decoder runs and reads nothing.
        let blank = Luma::new(100, 100, vec![255; 10_000]).expect("blank");
        assert_eq!(read_text_luma(&blank, &options), Ok(Vec::new()));
    }

    /// A code squeezed into 20 grey levels: rxing's local threshold sees no finder pattern in
    /// it, the contrast-stretched fallback picture reads it.
    fn faint(text: &str) -> Luma {
        let luma = picture(text, 4);
        let pixels = luma.pixels().iter().map(|&v| 118 + v / 13).collect();
        Luma::new(luma.width(), luma.height(), pixels).expect("same size")
    }

    #[test]
    fn fallback_pictures_can_be_turned_off_for_a_live_camera() {
        let text = "001093029317|NGUYEN VAN A";
        let symbols = read_text_luma(&faint(text), &DecodeOptions::default()).expect("reads");
        assert_eq!(symbols.len(), 1);
        assert_eq!(symbols[0].text, text);
        let camera = DecodeOptions::default().with_fallbacks(false);
        assert_eq!(read_text_luma(&faint(text), &camera), Ok(Vec::new()));
        // The inverted picture is still tried without fallbacks.
        let inverted = picture(text, 4).inverted();
        let symbols = read_text_luma(&inverted, &camera).expect("reads");
        assert_eq!(symbols[0].text, text);
        let neither = camera.with_inverted(false);
        assert_eq!(read_text_luma(&inverted, &neither), Ok(Vec::new()));
    }

    #[test]
    fn a_picture_without_a_finder_pattern_is_not_tried_further() {
        let passes = DecodeOptions::default().passes();
        // Uniform, and a smooth gradient: nothing for a detector to find.
        let blank = Luma::new(300, 300, vec![200; 90_000]).expect("blank");
        let gradient = Luma::new(
            300,
            300,
            (0..90_000u32)
                .map(|i| u8::try_from(i % 300 / 2).unwrap())
                .collect(),
        )
        .expect("gradient");
        for luma in [blank, gradient] {
            let (run, evidence) = engines::run_with_evidence(Decoder::Rxing, &luma, passes);
            assert_eq!(run, Run::Done(Vec::new()));
            assert_eq!(evidence, 0);
            assert_eq!(
                read_text_luma(&luma, &DecodeOptions::default()),
                Ok(Vec::new())
            );
        }
        // A code: its finder patterns are evidence, read or not.
        let (_, evidence) =
            engines::run_with_evidence(Decoder::Rxing, &faint("HELLO").inverted(), passes);
        assert!(evidence >= 3, "{evidence}");
    }

    #[test]
    fn a_decoder_after_rxing_tries_neither_the_inverted_nor_the_half_size_picture() {
        let passes = DecodeOptions::default().passes();
        let inverted = picture("HELLO", 4).inverted();
        let (alone, _) = engines::run_with_evidence(Decoder::Rqrr, &inverted, passes);
        assert!(
            matches!(alone, Run::Done(ref found) if found.len() == 1),
            "{alone:?}"
        );
        // rxing read the inverted picture before rqrr would: rqrr, second, does not try it.
        let (second, _) =
            engines::run_with_evidence(Decoder::Rqrr, &inverted, passes.after_another());
        assert_eq!(second, Run::Done(Vec::new()));
        // The picture as it is, it still reads.
        let (second, _) =
            engines::run_with_evidence(Decoder::Rqrr, &picture("HELLO", 4), passes.after_another());
        assert!(
            matches!(second, Run::Done(ref found) if found.len() == 1),
            "{second:?}"
        );
    }

    #[test]
    fn a_picture_of_finder_patterns_is_too_many_candidates() {
        let side = 300u32;
        let pixels = (0..side * side)
            .map(|i| {
                let (u, v) = ((i % side) % 9, (i / side) % 9);
                let inside = (1..=7).contains(&u) && (1..=7).contains(&v);
                let ring = u.abs_diff(4).max(v.abs_diff(4));
                if inside && ring != 2 { 0 } else { 255 }
            })
            .collect();
        let luma = Luma::new(side, side, pixels).expect("tiles");
        let error = read_text_luma(&luma, &DecodeOptions::default()).expect_err("bounded");
        assert_eq!(
            error.to_string(),
            "rqrr stopped at more than 256 candidate finder patterns before it read a symbol"
        );
    }
}
