//! The crate's one error type.

use crate::{Candidates, Decoder, Ecc, ImageFormat};

/// Everything that can go wrong rendering or reading a QR symbol.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The data does not fit in a QR symbol (version 40) at this error-correction level.
    #[error(
        "{len} bytes do not fit in a QR symbol at error-correction level {ecc} (at most {max} bytes of binary data)"
    )]
    TooLong {
        /// Length of the data in bytes.
        len: usize,
        /// The error-correction level asked for.
        ecc: Ecc,
        /// The most bytes of binary data this level holds.
        max: usize,
    },
    /// A module size in pixels outside the supported range.
    #[error("module size {value} px is outside 1..={max} px")]
    ModulePx {
        /// The size asked for.
        value: u32,
        /// The largest size supported.
        max: u32,
    },
    /// A print size or resolution outside the supported range.
    #[error(
        "print size {size_mm} mm at {dpi} dpi is outside the supported range (1–1000 mm, 72–4800 dpi)"
    )]
    PrintSize {
        /// The side asked for, in millimetres.
        size_mm: f64,
        /// The resolution asked for, in dots per inch.
        dpi: u32,
    },
    /// A quiet zone wider than supported.
    #[error("quiet zone of {value} modules is more than {max}")]
    QuietZone {
        /// The width asked for.
        value: u32,
        /// The widest supported.
        max: u32,
    },
    /// A picture or canvas with an empty side or larger than the rendering limit.
    #[error("a {width} × {height} px picture is outside the supported size (1 to {max} px a side)")]
    CanvasTooLarge {
        /// Width asked for.
        width: u64,
        /// Height asked for.
        height: u64,
        /// The largest side supported.
        max: u32,
    },
    /// Pixel data whose length does not match the stated dimensions.
    #[error("{len} bytes of pixels do not match {width} × {height} px at {channels} bytes a pixel")]
    PixelLength {
        /// Bytes given.
        len: usize,
        /// Width stated.
        width: u32,
        /// Height stated.
        height: u32,
        /// Bytes per pixel expected.
        channels: u8,
    },
    /// The input has no bytes.
    #[error("the image is empty (0 bytes)")]
    Empty,
    /// The input is larger than the byte limit.
    #[error("the image is {len} bytes, more than the limit of {max} bytes")]
    TooManyBytes {
        /// Length of the input.
        len: usize,
        /// The limit in force.
        max: usize,
    },
    /// The input is not in a supported image format.
    #[error("not a PNG, JPEG, WebP, BMP or GIF image (first bytes {head})")]
    NotAnImage {
        /// The first bytes of the input, in hexadecimal.
        head: String,
    },
    /// The header announces more pixels than the limit (a decompression bomb, or just too big).
    #[error(
        "the {format} image is {width} × {height} px, more than the limit of {max_pixels} px or {max_side} px a side"
    )]
    TooManyPixels {
        /// Format of the image.
        format: ImageFormat,
        /// Width announced by the header.
        width: u32,
        /// Height announced by the header.
        height: u32,
        /// Pixel limit in force.
        max_pixels: u64,
        /// Side limit in force.
        max_side: u32,
    },
    /// The header announces an image with no pixels: a width or height of 0.
    #[error("the {format} image is {width} × {height} px: it has no pixels")]
    NoPixels {
        /// Format of the image.
        format: ImageFormat,
        /// Width announced by the header.
        width: u32,
        /// Height announced by the header.
        height: u32,
    },
    /// The image is damaged or truncated and cannot be decoded.
    #[error("the {format} image cannot be decoded (damaged or truncated): {reason}")]
    Undecodable {
        /// Format of the image.
        format: ImageFormat,
        /// What the image decoder said.
        reason: String,
    },
    /// No decoder read a symbol, and one stopped at a bound on its work: the picture holds
    /// more candidates than any picture of a code.
    #[error("{decoder} stopped at more than {limit} {candidates} before it read a symbol")]
    TooManyCandidates {
        /// The decoder that stopped.
        decoder: Decoder,
        /// What there were too many of.
        candidates: Candidates,
        /// The bound.
        limit: u64,
    },
    /// Encoding a PNG failed.
    #[error("cannot encode the PNG: {reason}")]
    PngEncoding {
        /// What the encoder said.
        reason: String,
    },
}
