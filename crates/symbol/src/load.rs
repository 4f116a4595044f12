//! Reading pictures into luma, with limits checked from the header first.

use std::{fmt, io::Cursor};

use serde::Serialize;

use crate::Error;

/// Picture formats the decoder reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    /// PNG.
    Png,
    /// JPEG (baseline and progressive).
    Jpeg,
    /// WebP (lossy and lossless).
    WebP,
    /// Windows bitmap.
    Bmp,
    /// GIF (the first frame).
    Gif,
}

impl fmt::Display for ImageFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
            ImageFormat::WebP => "WebP",
            ImageFormat::Bmp => "BMP",
            ImageFormat::Gif => "GIF",
        })
    }
}

/// Bounds on what a decode may read, checked before pixels are allocated.
///
/// The defaults take any phone photo or screenshot (a 200-megapixel camera makes
/// 16 320 × 12 240 px; the pixel limit stops short of that, 50 Mpx cameras are in) and keep
/// the memory of one decode under about 400 MiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    max_bytes: usize,
    max_pixels: u64,
    max_side: u32,
}

impl Default for Limits {
    /// 64 MiB of input, 64 Mpx, 16 384 px a side.
    fn default() -> Self {
        Self {
            max_bytes: 64 << 20,
            max_pixels: 64_000_000,
            max_side: 16_384,
        }
    }
}

impl Limits {
    /// The same limits with another byte limit.
    #[must_use]
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// The same limits with another pixel limit (width × height).
    #[must_use]
    pub fn with_max_pixels(mut self, max_pixels: u64) -> Self {
        self.max_pixels = max_pixels;
        self
    }

    /// The same limits with another limit on either side.
    #[must_use]
    pub fn with_max_side(mut self, max_side: u32) -> Self {
        self.max_side = max_side;
        self
    }

    /// Most bytes of encoded input.
    pub fn max_bytes(&self) -> usize {
        self.max_bytes
    }

    /// Most pixels (width × height).
    pub fn max_pixels(&self) -> u64 {
        self.max_pixels
    }

    /// Most pixels a side.
    pub fn max_side(&self) -> u32 {
        self.max_side
    }
}

/// An 8-bit greyscale picture, row by row: 0 is black, 255 white.
#[derive(Clone, PartialEq, Eq)]
pub struct Luma {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl fmt::Debug for Luma {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Luma")
            .field("width", &self.width)
            .field("height", &self.height)
            .finish_non_exhaustive()
    }
}

impl Luma {
    /// A picture from its pixels.
    ///
    /// # Errors
    ///
    /// [`Error::PixelLength`] when `pixels` is not `width × height` bytes or a side is 0.
    pub fn new(width: u32, height: u32, pixels: Vec<u8>) -> Result<Self, Error> {
        if width == 0 || height == 0 || pixels.len() as u64 != u64::from(width) * u64::from(height)
        {
            return Err(Error::PixelLength {
                len: pixels.len(),
                width,
                height,
                channels: 1,
            });
        }
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// A picture whose dimensions the caller has checked.
    pub(crate) fn from_parts(width: u32, height: u32, pixels: Vec<u8>) -> Self {
        debug_assert_eq!(pixels.len() as u64, u64::from(width) * u64::from(height));
        Self {
            width,
            height,
            pixels,
        }
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The pixels, row by row.
    pub fn pixels(&self) -> &[u8] {
        &self.pixels
    }

    /// The pixel at `(x, y)`; 255 outside the picture.
    #[cfg(test)]
    pub(crate) fn get(&self, x: i64, y: i64) -> Option<u8> {
        if x < 0 || y < 0 || x >= i64::from(self.width) || y >= i64::from(self.height) {
            return None;
        }
        let index = usize::try_from(y * i64::from(self.width) + x).ok()?;
        self.pixels.get(index).copied()
    }

    /// The same picture with black and white swapped.
    pub fn inverted(&self) -> Self {
        Self {
            width: self.width,
            height: self.height,
            pixels: self.pixels.iter().map(|p| 255 - p).collect(),
        }
    }
}

fn to_own(format: image::ImageFormat) -> Option<ImageFormat> {
    match format {
        image::ImageFormat::Png => Some(ImageFormat::Png),
        image::ImageFormat::Jpeg => Some(ImageFormat::Jpeg),
        image::ImageFormat::WebP => Some(ImageFormat::WebP),
        image::ImageFormat::Bmp => Some(ImageFormat::Bmp),
        image::ImageFormat::Gif => Some(ImageFormat::Gif),
        _ => None,
    }
}

/// Reads the format and dimensions from the header, checks them against `limits`, and only
/// then decodes the pixels into luma (transparent pixels laid over white).
///
/// # Errors
///
/// [`Error::Empty`], [`Error::TooManyBytes`], [`Error::NotAnImage`],
/// [`Error::TooManyPixels`], [`Error::NoPixels`] or [`Error::Undecodable`].
pub fn load(bytes: &[u8], limits: &Limits) -> Result<(Luma, ImageFormat), Error> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if bytes.len() > limits.max_bytes {
        return Err(Error::TooManyBytes {
            len: bytes.len(),
            max: limits.max_bytes,
        });
    }
    let not_an_image = || Error::NotAnImage {
        head: bytes
            .iter()
            .take(8)
            .map(|b| format!("{b:02x}"))
            .collect::<Vec<_>>()
            .join(" "),
    };
    let format = image::guess_format(bytes)
        .ok()
        .and_then(to_own)
        .ok_or_else(not_an_image)?;
    let image_format = match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::WebP => image::ImageFormat::WebP,
        ImageFormat::Bmp => image::ImageFormat::Bmp,
        ImageFormat::Gif => image::ImageFormat::Gif,
    };
    let undecodable = |e: image::ImageError| Error::Undecodable {
        format,
        reason: e.to_string(),
    };
    let reader = image::ImageReader::with_format(Cursor::new(bytes), image_format);
    let (width, height) = reader.into_dimensions().map_err(undecodable)?;
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 {
        return Err(Error::NoPixels {
            format,
            width,
            height,
        });
    }
    if pixels > limits.max_pixels || width > limits.max_side || height > limits.max_side {
        return Err(Error::TooManyPixels {
            format,
            width,
            height,
            max_pixels: limits.max_pixels,
            max_side: limits.max_side,
        });
    }
    let mut reader = image::ImageReader::with_format(Cursor::new(bytes), image_format);
    let mut image_limits = image::Limits::default();
    image_limits.max_image_width = Some(limits.max_side);
    image_limits.max_image_height = Some(limits.max_side);
    // Room for the decoded picture at 16 bits × 4 channels, plus the decoder's own buffers.
    image_limits.max_alloc = Some(pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(image_limits);
    let decoded = reader.decode().map_err(undecodable)?;
    let luma = if decoded.color().has_alpha() {
        decoded
            .to_rgba8()
            .pixels()
            .map(|p| {
                crate::Rgba {
                    r: p.0[0],
                    g: p.0[1],
                    b: p.0[2],
                    a: p.0[3],
                }
                .luma()
            })
            .collect()
    } else {
        decoded.to_luma8().into_raw()
    };
    Ok((Luma::new(decoded.width(), decoded.height(), luma)?, format))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Ecc, EncodedSymbol, RenderOptions};

    fn png() -> Vec<u8> {
        EncodedSymbol::new(b"limits", Ecc::M)
            .unwrap()
            .to_png(&RenderOptions::module_px(2))
            .unwrap()
    }

    #[test]
    fn reads_a_png() {
        let (luma, format) = load(&png(), &Limits::default()).unwrap();
        assert_eq!(format, ImageFormat::Png);
        assert_eq!(luma.width(), 58);
        assert_eq!(luma.get(0, 0), Some(255));
        assert_eq!(luma.get(8, 8), Some(0));
        assert_eq!(luma.get(58, 0), None);
    }

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for &b in bytes {
            crc ^= u32::from(b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A GIF whose logical screen is 0 × 0 px, with one 0 × 0 frame.
    fn zero_gif() -> Vec<u8> {
        let mut gif = b"GIF89a\0\0\0\0\0\0\0".to_vec();
        gif.extend_from_slice(b",\0\0\0\0\0\0\0\0\0\x02\x02\x44\x01\0;");
        gif
    }

    #[test]
    fn bad_inputs_get_clear_errors() {
        let png = png();
        let mut bomb = png.clone();
        // Width and height in the IHDR chunk: 100 000 × 100 000 px.
        bomb[16..20].copy_from_slice(&100_000u32.to_be_bytes());
        bomb[20..24].copy_from_slice(&100_000u32.to_be_bytes());
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        let cases: Vec<(&str, Vec<u8>, Limits)> = vec![
            ("empty", vec![], Limits::default()),
            ("text", b"hello, world".to_vec(), Limits::default()),
            (
                "truncated",
                png[..png.len() / 2].to_vec(),
                Limits::default(),
            ),
            ("bomb", bomb, Limits::default()),
            ("bytes", png.clone(), Limits::default().with_max_bytes(10)),
            ("side", png.clone(), Limits::default().with_max_side(57)),
            ("no pixels", zero_gif(), Limits::default()),
        ];
        let messages: Vec<String> = cases
            .into_iter()
            .map(|(name, bytes, limits)| format!("{name}: {}", load(&bytes, &limits).unwrap_err()))
            .collect();
        insta::assert_snapshot!(messages.join("\n"));
    }
}
