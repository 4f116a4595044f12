//! A small RGBA canvas to draw codes on, for app-like screens and print sheets.

use crate::{EncodedSymbol, Error};

/// A colour with alpha, 8 bits a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba {
    /// Red.
    pub r: u8,
    /// Green.
    pub g: u8,
    /// Blue.
    pub b: u8,
    /// Alpha: 255 is opaque.
    pub a: u8,
}

impl Rgba {
    /// Opaque black.
    pub const BLACK: Rgba = Rgba::rgb(0, 0, 0);
    /// Opaque white.
    pub const WHITE: Rgba = Rgba::rgb(255, 255, 255);

    /// An opaque colour.
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    /// Luma (ITU-R BT.601 weights, 0–255) of the colour laid over white.
    pub fn luma(self) -> u8 {
        let over_white = |c: u8| {
            let c = u32::from(c) * u32::from(self.a) + 255 * (255 - u32::from(self.a));
            c / 255
        };
        let y =
            (299 * over_white(self.r) + 587 * over_white(self.g) + 114 * over_white(self.b) + 500)
                / 1000;
        u8::try_from(y.min(255)).unwrap_or(u8::MAX)
    }
}

/// How a code is drawn: module size, quiet zone and colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    /// Pixels per module side.
    pub module_px: u32,
    /// Quiet zone around the symbol, in modules (ISO/IEC 18004 asks for 4).
    pub quiet_zone: u32,
    /// Colour of dark modules.
    pub dark: Rgba,
    /// Colour of light modules and the quiet zone.
    pub light: Rgba,
}

impl Style {
    /// Black on white with a 4-module quiet zone, `module_px` pixels a module.
    pub fn new(module_px: u32) -> Self {
        Self {
            module_px,
            quiet_zone: 4,
            dark: Rgba::BLACK,
            light: Rgba::WHITE,
        }
    }

    /// Side in pixels of `code` drawn in this style, quiet zone included.
    pub fn side_px(&self, code: &EncodedSymbol) -> u64 {
        (code.size() as u64 + 2 * u64::from(self.quiet_zone)) * u64::from(self.module_px)
    }
}

/// The largest canvas side, in pixels.
pub const MAX_CANVAS_SIDE: u32 = 8_192;

/// An RGBA picture held in memory, row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<Rgba>,
}

impl std::fmt::Debug for Canvas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Canvas")
            .field("width", &self.width)
            .field("height", &self.height)
            .finish_non_exhaustive()
    }
}

impl Canvas {
    /// A canvas filled with `background`.
    ///
    /// # Errors
    ///
    /// [`Error::CanvasTooLarge`] when a side is 0 or more than [`MAX_CANVAS_SIDE`].
    pub fn new(width: u32, height: u32, background: Rgba) -> Result<Self, Error> {
        check_side(u64::from(width), u64::from(height))?;
        Ok(Self {
            width,
            height,
            pixels: vec![background; width as usize * height as usize],
        })
    }

    /// A canvas from RGBA bytes, 4 a pixel, row by row.
    ///
    /// # Errors
    ///
    /// [`Error::CanvasTooLarge`] for a side out of range, [`Error::PixelLength`] when the
    /// length does not match.
    pub fn from_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Self, Error> {
        check_side(u64::from(width), u64::from(height))?;
        if rgba.len() as u64 != u64::from(width) * u64::from(height) * 4 {
            return Err(Error::PixelLength {
                len: rgba.len(),
                width,
                height,
                channels: 4,
            });
        }
        let pixels = rgba
            .chunks_exact(4)
            .map(|p| Rgba {
                r: p[0],
                g: p[1],
                b: p[2],
                a: p[3],
            })
            .collect();
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// A canvas just large enough for `code` in `style`, with the code drawn on it.
    ///
    /// # Errors
    ///
    /// [`Error::CanvasTooLarge`] when the picture would exceed [`MAX_CANVAS_SIDE`].
    pub fn with_code(code: &EncodedSymbol, style: &Style) -> Result<Self, Error> {
        let side = style.side_px(code);
        check_side(side, side)?;
        let side = u32::try_from(side).unwrap_or(MAX_CANVAS_SIDE);
        let mut canvas = Self::new(side, side, style.light)?;
        canvas.draw_code(code, 0, 0, style);
        Ok(canvas)
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The pixel at `(x, y)`, if inside.
    pub fn pixel(&self, x: u32, y: u32) -> Option<Rgba> {
        (x < self.width && y < self.height)
            .then(|| self.pixels[y as usize * self.width as usize + x as usize])
    }

    /// Fills the rectangle at `(x, y)` of `width` × `height` pixels; the part outside the
    /// canvas is ignored.
    pub fn fill_rect(&mut self, x: i64, y: i64, width: u64, height: u64, color: Rgba) {
        let clip = |start: i64, len: u64, limit: u32| {
            let lo = start.clamp(0, i64::from(limit));
            let end = start.saturating_add(i64::try_from(len).unwrap_or(i64::MAX));
            let hi = end.clamp(0, i64::from(limit));
            (
                usize::try_from(lo).unwrap_or(0),
                usize::try_from(hi).unwrap_or(0),
            )
        };
        let (x0, x1) = clip(x, width, self.width);
        let (y0, y1) = clip(y, height, self.height);
        let w = self.width as usize;
        for row in y0..y1 {
            self.pixels[row * w + x0..row * w + x1].fill(color);
        }
    }

    /// Draws `code` with its quiet zone, its top-left quiet-zone corner at `(x, y)`; the part
    /// outside the canvas is ignored.
    pub fn draw_code(&mut self, code: &EncodedSymbol, x: i64, y: i64, style: &Style) {
        let px = u64::from(style.module_px);
        let side = style.side_px(code);
        self.fill_rect(x, y, side, side, style.light);
        let offset = i64::from(style.quiet_zone) * i64::from(style.module_px);
        let step = i64::from(style.module_px);
        for my in 0..code.size() {
            for mx in 0..code.size() {
                if code.is_dark(mx, my) {
                    let mx = i64::try_from(mx).unwrap_or(0);
                    let my = i64::try_from(my).unwrap_or(0);
                    self.fill_rect(
                        x + offset + mx * step,
                        y + offset + my * step,
                        px,
                        px,
                        style.dark,
                    );
                }
            }
        }
    }

    /// The pixels as RGBA bytes, row by row.
    pub fn to_rgba(&self) -> Vec<u8> {
        self.pixels
            .iter()
            .flat_map(|p| [p.r, p.g, p.b, p.a])
            .collect()
    }

    /// The pixels as luma bytes (laid over white), row by row.
    pub fn to_luma(&self) -> Vec<u8> {
        self.pixels.iter().map(|p| p.luma()).collect()
    }

    /// The canvas as a greyscale picture, ready for [`crate::decode_luma`].
    pub fn to_luma_image(&self) -> crate::Luma {
        crate::Luma::from_parts(self.width, self.height, self.to_luma())
    }

    /// Encodes the canvas as PNG. Black-and-white canvases are written with 1 bit a pixel,
    /// grey ones with 8 and others as RGBA; with `dpi`, the PNG records the resolution so the
    /// picture prints at its physical size. The same canvas always gives the same bytes.
    ///
    /// # Errors
    ///
    /// [`Error::PngEncoding`] if the encoder fails.
    pub fn to_png(&self, dpi: Option<u32>) -> Result<Vec<u8>, Error> {
        let gray = self
            .pixels
            .iter()
            .all(|p| p.a == 255 && p.r == p.g && p.g == p.b);
        let bilevel = gray && self.pixels.iter().all(|p| p.r == 0 || p.r == 255);
        let mut out = Vec::new();
        let failed = |e: png::EncodingError| Error::PngEncoding {
            reason: e.to_string(),
        };
        {
            let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
            encoder.set_compression(png::Compression::Balanced);
            if let Some(dpi) = dpi {
                let per_metre = crate::num::saturating_u32((f64::from(dpi) / 0.0254).round());
                encoder.set_pixel_dims(Some(png::PixelDimensions {
                    xppu: per_metre,
                    yppu: per_metre,
                    unit: png::Unit::Meter,
                }));
            }
            let data: Vec<u8> = if bilevel {
                encoder.set_color(png::ColorType::Grayscale);
                encoder.set_depth(png::BitDepth::One);
                let mut packed = Vec::new();
                for row in self.pixels.chunks_exact(self.width as usize) {
                    for byte in row.chunks(8) {
                        let mut b = 0u8;
                        for (i, p) in byte.iter().enumerate() {
                            if p.r == 255 {
                                b |= 0x80 >> i;
                            }
                        }
                        packed.push(b);
                    }
                }
                packed
            } else if gray {
                encoder.set_color(png::ColorType::Grayscale);
                encoder.set_depth(png::BitDepth::Eight);
                self.pixels.iter().map(|p| p.r).collect()
            } else {
                encoder.set_color(png::ColorType::Rgba);
                encoder.set_depth(png::BitDepth::Eight);
                self.to_rgba()
            };
            let mut writer = encoder.write_header().map_err(failed)?;
            writer.write_image_data(&data).map_err(failed)?;
            writer.finish().map_err(failed)?;
        }
        Ok(out)
    }
}

fn check_side(width: u64, height: u64) -> Result<(), Error> {
    let max = u64::from(MAX_CANVAS_SIDE);
    if width == 0 || height == 0 || width > max || height > max {
        return Err(Error::CanvasTooLarge {
            width,
            height,
            max: MAX_CANVAS_SIDE,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ecc;

    #[test]
    fn code_is_drawn_at_its_position_and_clipped() {
        let code = EncodedSymbol::new(b"canvas", Ecc::M).unwrap();
        let mut canvas = Canvas::new(200, 100, Rgba::rgb(10, 20, 30)).unwrap();
        canvas.draw_code(&code, 150, -10, &Style::new(3));
        // Quiet zone corner inside the canvas is light, the top-left finder module dark.
        assert_eq!(canvas.pixel(150, 0), Some(Rgba::WHITE));
        assert_eq!(canvas.pixel(150 + 12, 12 - 10 + 1), Some(Rgba::BLACK));
        assert_eq!(canvas.pixel(149, 50), Some(Rgba::rgb(10, 20, 30)));
        assert_eq!(canvas.pixel(200, 0), None);
    }

    #[test]
    fn luma_lays_transparency_over_white() {
        assert_eq!(Rgba::BLACK.luma(), 0);
        assert_eq!(Rgba::WHITE.luma(), 255);
        assert_eq!(
            Rgba {
                a: 0,
                ..Rgba::BLACK
            }
            .luma(),
            255
        );
    }

    #[test]
    fn oversized_canvases_are_refused() {
        insta::assert_snapshot!(Canvas::new(0, 5, Rgba::WHITE).unwrap_err(), @"a 0 × 5 px picture is outside the supported size (1 to 8192 px a side)");
        assert!(Canvas::new(MAX_CANVAS_SIDE + 1, 1, Rgba::WHITE).is_err());
        assert!(matches!(
            Canvas::from_rgba(2, 2, &[0; 15]),
            Err(Error::PixelLength { len: 15, .. })
        ));
    }
}
