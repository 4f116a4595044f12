//! A camera frame (RGBA pixels, as a canvas's `ImageData` holds them) read as a picture is.

use qr1405_reader::{Reader, Time};
use qr1405_symbol::{DecodeOptions, Limits, Luma, Rgba, decode_luma};
use serde_json::Value;

/// Why a camera frame's pixels cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// The pixel buffer is not 4 bytes a pixel for the stated size.
    #[error("a {width} × {height} px frame has {expected} rgba bytes, not {len}")]
    Length {
        /// The frame's width in pixels.
        width: u32,
        /// The frame's height in pixels.
        height: u32,
        /// The bytes given.
        len: usize,
        /// The bytes expected, 4 a pixel.
        expected: u64,
    },
    /// A side of 0, or more pixels than a picture may have.
    #[error("a {width} × {height} px frame is outside 1 × 1 to {max_pixels} pixels")]
    Size {
        /// The frame's width in pixels.
        width: u32,
        /// The frame's height in pixels.
        height: u32,
        /// The most pixels a picture may have.
        max_pixels: u64,
    },
}

/// Reads the first QR code in a camera frame at the clock `at`, as
/// [`Reader::read_image`] reads a picture: the same reading, and the same `no-symbol`
/// refusal and `multiple-symbols` warning.
///
/// # Errors
///
/// [`FrameError`] for pixels that do not match the size, or a size out of range.
pub fn read_frame_json(
    reader: &Reader,
    rgba: &[u8],
    width: u32,
    height: u32,
    at: Time,
) -> Result<String, FrameError> {
    let pixels = u64::from(width) * u64::from(height);
    let max_pixels = Limits::default().max_pixels();
    if pixels == 0 || pixels > max_pixels {
        return Err(FrameError::Size {
            width,
            height,
            max_pixels,
        });
    }
    if rgba.len() as u64 != pixels * 4 {
        return Err(FrameError::Length {
            width,
            height,
            len: rgba.len(),
            expected: pixels * 4,
        });
    }
    let luma: Vec<u8> = rgba
        .chunks_exact(4)
        .map(|p| {
            Rgba {
                r: p[0],
                g: p[1],
                b: p[2],
                a: p[3],
            }
            .luma()
        })
        .collect();
    let luma = Luma::new(width, height, luma).map_err(|_| FrameError::Size {
        width,
        height,
        max_pixels,
    })?;
    let options = DecodeOptions::default().with_parallel(false);
    let report = decode_luma(&luma, &options);
    let Some(first) = report.symbols.first() else {
        // The reader crate's refusal of a picture without a code, in its JSON shape.
        let message = format!("no qr code found in the {width} × {height} px picture");
        return Ok(format!(
            r#"{{"verdict":"refuse","kind":"unknown","reasons":[{{"code":"no-symbol","message":{}}}]}}"#,
            Value::String(message)
        ));
    };
    let json = reader.read_text(first.payload(), at).to_json();
    if report.symbols.len() == 1 {
        return Ok(json);
    }
    // As the reader crate does for a picture: a second code is a warning on an accept. An
    // accept's JSON ends `"warnings":[…],"text":"…"}`; inside a JSON string every `"` is
    // escaped, so the first `],"text":` after the warnings' start ends their list.
    let warning = format!(
        r#"{{"code":"multiple-symbols","message":{}}}"#,
        Value::String(format!(
            "{} qr codes in the picture; the first, top left, was read",
            report.symbols.len()
        ))
    );
    let Some(start) = json.find(r#","warnings":["#) else {
        return Ok(json);
    };
    let open = start + r#","warnings":["#.len();
    let Some(close) = json[open..].find(r#"],"text":"#).map(|end| open + end) else {
        return Ok(json);
    };
    let comma = if close == open { "" } else { "," };
    Ok(format!(
        "{}{comma}{warning}{}",
        &json[..close],
        &json[close..]
    ))
}
