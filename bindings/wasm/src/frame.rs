//! A camera frame (RGBA pixels, as a canvas's `ImageData` holds them), read by the reader.

use qr1405_reader::{Pixels, Reader, Time};

use crate::Error;

/// Reads the first QR code in a camera frame at the clock `at` with
/// [`Reader::read_pixels`], as the JSON every binding returns: the same reading as
/// [`Reader::read_image`] gives for a picture file with the same pixels.
///
/// # Errors
///
/// [`Error::Reader`] for pixels that are not 4 bytes a pixel for the stated size, or a size
/// out of range.
pub fn read_frame_json(
    reader: &Reader,
    rgba: &[u8],
    width: u32,
    height: u32,
    at: Time,
) -> Result<String, Error> {
    let pixels = Pixels::from_rgba(width, height, rgba)?;
    Ok(reader.read_pixels(&pixels, at).to_json())
}

/// Reads the first QR code in one frame of a live camera at the clock `at` with
/// [`Reader::read_camera_frame`] (the first decoder only, no inverted pictures), as JSON.
///
/// # Errors
///
/// As [`read_frame_json`].
pub fn read_camera_frame_json(
    reader: &Reader,
    rgba: &[u8],
    width: u32,
    height: u32,
    at: Time,
) -> Result<String, Error> {
    let pixels = Pixels::from_rgba(width, height, rgba)?;
    Ok(reader.read_camera_frame(&pixels, at).to_json())
}
