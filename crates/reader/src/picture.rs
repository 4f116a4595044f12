//! Reading a code from a picture: the bytes of a picture file, or pixels already decoded (a
//! camera frame). One place finds the symbols and makes the reader's own picture refusals
//! (`image-unreadable`, `no-symbol`, `too-many-candidates`) and its `multiple-symbols`
//! warning.

use qr1405_symbol::{DecodeOptions, Decoder, Limits, Luma, Point, ReadSymbol, Rgba};

use crate::{Error, Kind, Reader, Reading, Reason, Refuse, Time};

/// The pixels of a picture already decoded, such as a camera frame: 8-bit greyscale, row by
/// row, 0 black and 255 white. Made from greyscale or RGBA pixels, checked against their
/// size; [`Reader::read_pixels`] reads it.
///
/// ```
/// use qr1405_reader::Pixels;
///
/// // A 2 × 1 frame: a white pixel and a half-transparent black one (laid over white).
/// let pixels = Pixels::from_rgba(2, 1, &[255, 255, 255, 255, 0, 0, 0, 128])?;
/// assert_eq!((pixels.width(), pixels.height()), (2, 1));
/// assert!(Pixels::from_rgba(2, 1, &[0; 7]).is_err());
/// # Ok::<(), qr1405_reader::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Pixels {
    luma: Luma,
}

impl std::fmt::Debug for Pixels {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pixels")
            .field("width", &self.width())
            .field("height", &self.height())
            .finish_non_exhaustive()
    }
}

impl Pixels {
    /// Greyscale pixels, one byte a pixel, row by row.
    ///
    /// # Errors
    ///
    /// [`Error::PictureSize`] for a side of 0 or more pixels than a picture file may hold
    /// (the limits of `docs/symbol.md`), [`Error::PixelBytes`] when `luma` is not one byte
    /// a pixel.
    pub fn from_luma(width: u32, height: u32, luma: Vec<u8>) -> Result<Pixels, Error> {
        checked(width, height, luma.len(), "greyscale", 1)?;
        let luma = Luma::new(width, height, luma).map_err(|_| size_error(width, height))?;
        Ok(Pixels { luma })
    }

    /// RGBA pixels, four bytes a pixel, row by row, as a canvas's `ImageData` holds them
    /// (Android's `ARGB_8888` bitmaps store the same bytes). Transparent pixels are laid
    /// over white, as a picture file's are.
    ///
    /// # Errors
    ///
    /// [`Error::PictureSize`] for a side of 0 or too many pixels, [`Error::PixelBytes`]
    /// when `rgba` is not four bytes a pixel.
    pub fn from_rgba(width: u32, height: u32, rgba: &[u8]) -> Result<Pixels, Error> {
        checked(width, height, rgba.len(), "rgba", 4)?;
        let luma = rgba
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
        let luma = Luma::new(width, height, luma).map_err(|_| size_error(width, height))?;
        Ok(Pixels { luma })
    }

    /// Width in pixels.
    pub fn width(&self) -> u32 {
        self.luma.width()
    }

    /// Height in pixels.
    pub fn height(&self) -> u32 {
        self.luma.height()
    }
}

/// Checks that a `width × height` picture is in range and that `len` bytes hold it at
/// `channels` bytes a pixel.
fn checked(
    width: u32,
    height: u32,
    len: usize,
    layout: &'static str,
    channels: u64,
) -> Result<(), Error> {
    let pixels = u64::from(width) * u64::from(height);
    if pixels == 0 || pixels > Limits::default().max_pixels() {
        return Err(size_error(width, height));
    }
    let expected = pixels * channels;
    if len as u64 != expected {
        return Err(Error::PixelBytes {
            width,
            height,
            layout,
            len,
            expected,
        });
    }
    Ok(())
}

fn size_error(width: u32, height: u32) -> Error {
    Error::PictureSize {
        width,
        height,
        max_pixels: Limits::default().max_pixels(),
    }
}

/// How hard a picture is searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Search {
    /// A picture file or a still: both decoders, every fallback picture of the symbol
    /// crate's fast path, inverted pictures included.
    Picture,
    /// One frame of a live camera: the first decoder only, no inverted and no fallback
    /// pictures. The next frame is a moment away, so a frame is not worth a second decoder's
    /// or a second picture's search.
    CameraFrame,
}

impl Search {
    fn options(self) -> DecodeOptions {
        match self {
            Search::Picture => DecodeOptions::default(),
            Search::CameraFrame => DecodeOptions::default()
                .with_decoders(&[Decoder::Rxing])
                .with_inverted(false)
                .with_fallbacks(false)
                .with_parallel(false),
        }
    }
}

impl Reader {
    /// Reads the first QR code found in a picture (PNG, JPEG, WebP, BMP or GIF) at the clock
    /// `at`, as [`Reader::read_text`] reads its text.
    ///
    /// The picture is read with the symbol crate's fast path for readers: the first decoder
    /// that reads a symbol gives the text, and nothing is graded. A picture that cannot be
    /// read is refused with `image-unreadable`, one with no code with `no-symbol`, one so
    /// busy that a decoder stopped at a bound on its work with `too-many-candidates`; a
    /// second code in the picture is a warning, `multiple-symbols`.
    pub fn read_image(&self, image: &[u8], at: Time) -> Reading {
        let options = Search::Picture.options();
        match qr1405_symbol::load(image, options.limits()) {
            Ok((luma, _)) => self.read_luma(&luma, Search::Picture, at),
            Err(error) => refuse("image-unreadable", error.to_string()),
        }
    }

    /// Reads the first QR code found in pixels already decoded, such as a camera frame, at
    /// the clock `at`: the same reading as [`Reader::read_image`] gives for a picture file
    /// with the same pixels.
    pub fn read_pixels(&self, pixels: &Pixels, at: Time) -> Reading {
        self.read_luma(&pixels.luma, Search::Picture, at)
    }

    /// Reads the first QR code found in one frame of a live camera at the clock `at`, as
    /// [`Reader::read_pixels`] does but searching less: the first decoder (rxing) only, and
    /// no inverted pictures (a light code on a dark background). A frame without a code,
    /// which is most frames, costs a fraction of a picture's full search; a frame the
    /// camera caught badly is followed by the next one. `docs/reader.md` says what a frame
    /// does not try.
    pub fn read_camera_frame(&self, pixels: &Pixels, at: Time) -> Reading {
        self.read_luma(&pixels.luma, Search::CameraFrame, at)
    }

    fn read_luma(&self, luma: &Luma, search: Search, at: Time) -> Reading {
        let mut symbols = match qr1405_symbol::read_text_luma(luma, &search.options()) {
            Ok(symbols) => symbols,
            Err(error) => return refuse("too-many-candidates", error.to_string()),
        };
        if symbols.is_empty() {
            return refuse(
                "no-symbol",
                format!(
                    "no qr code found in the {} × {} px picture",
                    luma.width(),
                    luma.height()
                ),
            );
        }
        top_left_first(&mut symbols);
        let mut reading = self.read_text(&symbols[0].bytes, at);
        if let Reading::Accept(accept) = &mut reading
            && symbols.len() > 1
        {
            accept.warnings.push(Reason::new(
                "multiple-symbols",
                format!(
                    "{} qr codes in the picture; the first, top left, was read",
                    symbols.len()
                ),
            ));
        }
        reading
    }
}

fn refuse(code: &str, message: String) -> Reading {
    Reading::Refuse(Refuse {
        kind: Kind::Unknown,
        reasons: vec![Reason::new(code, message)],
    })
}

/// Orders symbols top to bottom, then left to right: symbols whose centres are within half
/// the smallest symbol's side of each other vertically share a row.
fn top_left_first(symbols: &mut [ReadSymbol]) {
    let centre = |c: &[Point; 4]| {
        Point::new(
            (c[0].x + c[1].x + c[2].x + c[3].x) / 4.0,
            (c[0].y + c[1].y + c[2].y + c[3].y) / 4.0,
        )
    };
    let side = |c: &[Point; 4]| c[0].distance(c[1]).max(c[0].distance(c[3]));
    let row = symbols
        .iter()
        .map(|s| side(&s.corners))
        .fold(f64::INFINITY, f64::min)
        .max(2.0)
        / 2.0;
    symbols.sort_by(|a, b| {
        let key = |s: &ReadSymbol| {
            let c = centre(&s.corners);
            ((c.y / row).floor(), c.x)
        };
        let (ka, kb) = (key(a), key(b));
        ka.0.total_cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Size, render_png};

    fn at() -> Time {
        crate::clock_from_rfc3339("2022-07-01T00:00:00Z").expect("clock")
    }

    const CODE: &str = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|";

    #[test]
    fn pixels_are_checked_against_their_size() {
        let errors = [
            Pixels::from_rgba(64, 48, &[0; 10]).expect_err("short"),
            Pixels::from_luma(64, 48, vec![0; 64 * 48 * 4]).expect_err("long"),
            Pixels::from_rgba(0, 48, &[]).expect_err("empty"),
            Pixels::from_luma(100_000, 100_000, Vec::new()).expect_err("huge"),
        ]
        .map(|e| e.to_string());
        insta::assert_snapshot!(errors.join("\n"), @r"
        a 64 × 48 px picture has 12288 bytes of rgba pixels, not 10
        a 64 × 48 px picture has 3072 bytes of greyscale pixels, not 12288
        a 0 × 48 px picture is outside 1 × 1 to 64000000 pixels
        a 100000 × 100000 px picture is outside 1 × 1 to 64000000 pixels
        ");
    }

    #[test]
    fn pixels_read_as_their_picture_does() {
        let png = render_png(CODE, Size::ModulePx(3)).expect("png");
        let reader = Reader::without_trust_list();
        let (luma, _) = qr1405_symbol::load(&png, &Limits::default()).expect("loads");
        let mut rgba = Vec::new();
        for &p in luma.pixels() {
            rgba.extend_from_slice(&[p, p, p, 255]);
        }
        let from_rgba = Pixels::from_rgba(luma.width(), luma.height(), &rgba).expect("rgba");
        let from_luma =
            Pixels::from_luma(luma.width(), luma.height(), luma.pixels().to_vec()).expect("luma");
        let picture = reader.read_image(&png, at());
        assert_eq!(picture.accepted().expect("accepted").text, CODE);
        assert_eq!(reader.read_pixels(&from_rgba, at()), picture);
        assert_eq!(reader.read_pixels(&from_luma, at()), picture);
    }

    #[test]
    fn a_camera_frame_reads_a_dark_code_and_skips_a_light_one() {
        let png = render_png(CODE, Size::ModulePx(3)).expect("png");
        let (luma, _) = qr1405_symbol::load(&png, &Limits::default()).expect("loads");
        let (w, h) = (luma.width(), luma.height());
        let reader = Reader::without_trust_list();
        let frame = Pixels::from_luma(w, h, luma.pixels().to_vec()).expect("frame");
        assert_eq!(
            reader.read_camera_frame(&frame, at()),
            reader.read_pixels(&frame, at())
        );
        let light = Pixels::from_luma(w, h, luma.inverted().pixels().to_vec()).expect("light");
        assert!(reader.read_pixels(&light, at()).is_accept());
        assert_eq!(
            reader
                .read_camera_frame(&light, at())
                .refused()
                .expect("refused")
                .codes(),
            "no-symbol"
        );
    }

    #[test]
    fn a_blank_frame_has_no_symbol_and_a_busy_one_too_many_candidates() {
        let reader = Reader::without_trust_list();
        let blank = Pixels::from_luma(120, 80, vec![190; 120 * 80]).expect("blank");
        let reading = reader.read_pixels(&blank, at());
        let refuse = reading.refused().expect("refused");
        assert_eq!(refuse.kind, Kind::Unknown);
        assert_eq!(
            refuse.reasons[0].to_string(),
            "no-symbol: no qr code found in the 120 × 80 px picture"
        );
        // Finder patterns tiled over the picture, and nothing else: every decoder stops at
        // a bound on its candidates.
        let side = 300u32;
        let tiles = (0..side * side)
            .map(|i| {
                let (u, v) = ((i % side) % 9, (i / side) % 9);
                let inside = (1..=7).contains(&u) && (1..=7).contains(&v);
                let ring = u.abs_diff(4).max(v.abs_diff(4));
                if inside && ring != 2 { 0 } else { 255 }
            })
            .collect();
        let busy = Pixels::from_luma(side, side, tiles).expect("tiles");
        assert_eq!(
            reader
                .read_pixels(&busy, at())
                .refused()
                .expect("refused")
                .codes(),
            "too-many-candidates"
        );
    }

    #[test]
    fn two_codes_are_read_top_left_first_with_a_warning() {
        let second = "001093029317|NGUYEN VAN A|1993-01-01|1|162979388586171101|";
        let draw = |text: &str| {
            let png = render_png(text, Size::ModulePx(3)).expect("png");
            qr1405_symbol::load(&png, &Limits::default())
                .expect("loads")
                .0
        };
        let (a, b) = (draw(CODE), draw(second));
        // `second` above and left of `CODE`, on one 2 × 2 sheet of white.
        let side = a.width().max(b.width()) * 2;
        let mut sheet = vec![255u8; (side * side) as usize];
        let mut paste = |luma: &Luma, ox: u32, oy: u32| {
            for y in 0..luma.height() {
                for x in 0..luma.width() {
                    sheet[((oy + y) * side + ox + x) as usize] =
                        luma.pixels()[(y * luma.width() + x) as usize];
                }
            }
        };
        paste(&b, 0, 0);
        paste(&a, side / 2, side / 2);
        let pixels = Pixels::from_luma(side, side, sheet).expect("sheet");
        let reading = Reader::without_trust_list().read_pixels(&pixels, at());
        let accept = reading.accepted().expect("accepted");
        assert_eq!(accept.text, second);
        assert_eq!(
            accept.warnings.last().map(ToString::to_string).as_deref(),
            Some("multiple-symbols: 2 qr codes in the picture; the first, top left, was read")
        );
    }
}
