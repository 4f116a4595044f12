//! Reading every QR symbol in a picture with independent decoders, and measuring each.

use serde::{Serialize, Serializer};

use crate::{
    Ecc, Error, Grades, ImageFormat, Limits, Luma, Point,
    engines::{self, Candidates, Decoder, Found, Locator, Run},
    load,
    measure::{self, Hints, Measurement},
};

/// Options for [`decode_with`] and [`decode_luma`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeOptions {
    limits: Limits,
    decoders: Vec<Decoder>,
    try_inverted: bool,
    parallel: bool,
    fallbacks: bool,
}

impl Default for DecodeOptions {
    /// Default limits, every decoder, inverted and fallback pictures tried, on the calling
    /// thread alone (see [`with_parallel`](Self::with_parallel)).
    fn default() -> Self {
        Self {
            limits: Limits::default(),
            decoders: Decoder::ALL.to_vec(),
            try_inverted: true,
            parallel: false,
            fallbacks: true,
        }
    }
}

impl DecodeOptions {
    /// The same options with other limits.
    #[must_use]
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The same options running only `decoders` (in the order given).
    #[must_use]
    pub fn with_decoders(mut self, decoders: &[Decoder]) -> Self {
        self.decoders = decoders.to_vec();
        self
    }

    /// The same options, trying the inverted picture or not when a decoder finds nothing.
    #[must_use]
    pub fn with_inverted(mut self, try_inverted: bool) -> Self {
        self.try_inverted = try_inverted;
        self
    }

    /// The same options, running work on a second thread where it can run at the same time
    /// (rxing's full-resolution windows and the measurement of its symbols beside rqrr's
    /// windows; rqrr's whole picture beside rxing's fallback pictures when rxing's first pass
    /// found nothing), or one after the other (the default). The report is the same either
    /// way.
    ///
    /// A second thread pays only for one picture read on an idle machine: it lowers the fastest
    /// read of a screenshot by a fifth at most, for the CPU of a second core, and makes every
    /// read slower when the cores are busy, as they are when many pictures are read at once
    /// (docs/decisions.md, "Does decoding a picture use a second thread?").
    #[must_use]
    pub fn with_parallel(mut self, parallel: bool) -> Self {
        self.parallel = parallel;
        self
    }

    /// The same options, trying fallback pictures or not when a decoder reads nothing in the
    /// picture as it is (and in its inversion, see [`with_inverted`](Self::with_inverted)).
    ///
    /// The fallback pictures are the picture with its contrast stretched, smoothed, at half
    /// size, thresholded once for the whole picture and, when small, enlarged: each reads
    /// codes the picture as it is does not (faint, moiré-striped, noisy, over-sharpened or
    /// tiny ones), and together they are most of the time spent on a picture without a code.
    /// They are tried by default, each only where it can succeed: smoothing, half size and
    /// enlarging only where some picture showed a finder pattern, stretching only when the
    /// contrast is low (docs/decisions.md, "Which fallback pictures does a decoder try, and
    /// why only on evidence?").
    ///
    /// A live camera should turn them off: a frame without a code then costs one pass of each
    /// decoder, and the next frame is the retry. A reader that must read a single picture
    /// (a file, a screenshot) keeps them.
    ///
    /// ```
    /// use qr1405_symbol::{DecodeOptions, Decoder};
    ///
    /// // A camera frame: rxing alone, no fallback pictures, light-on-dark codes still read.
    /// let camera = DecodeOptions::default()
    ///     .with_decoders(&[Decoder::Rxing])
    ///     .with_fallbacks(false);
    /// # let _ = camera;
    /// ```
    #[must_use]
    pub fn with_fallbacks(mut self, fallbacks: bool) -> Self {
        self.fallbacks = fallbacks;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The decoders to run, in order.
    pub(crate) fn decoders(&self) -> &[Decoder] {
        &self.decoders
    }

    /// The pictures a decoder tries after the picture as it is.
    pub(crate) fn passes(&self) -> engines::Fallbacks {
        engines::Fallbacks {
            inverted: self.try_inverted,
            others: self.fallbacks,
            after_another: false,
        }
    }
}

/// What one decoder made of the whole picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum DecoderOutcome {
    /// It read this many symbols.
    Read {
        /// Symbols read.
        symbols: usize,
        /// Whether it read them from the inverted picture (found nothing in the original).
        inverted: bool,
    },
    /// It ran and found no symbol it could read.
    NothingFound,
    /// It panicked; the panic was caught.
    Panicked {
        /// The panic message and location.
        message: String,
    },
    /// It stopped at a bound on its work before it read a symbol: the picture holds more
    /// candidates of one kind than any picture of a code does (docs/security.md, Hostile
    /// pictures).
    TooManyCandidates {
        /// What there were too many of.
        candidates: Candidates,
        /// The bound.
        limit: u64,
    },
}

/// One decoder's run on the picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DecoderRun {
    /// Which decoder.
    pub decoder: Decoder,
    /// What it came to.
    pub outcome: DecoderOutcome,
}

/// One decoder's reading of one symbol.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reading {
    /// Which decoder.
    pub decoder: Decoder,
    /// The text it read.
    pub text: String,
    /// The payload bytes it read, when it reports them and they are not the UTF-8 of `text`.
    #[serde(serialize_with = "hex_opt", skip_serializing_if = "Option::is_none")]
    pub bytes: Option<Vec<u8>>,
    /// Whether it read the symbol from the inverted picture.
    pub inverted: bool,
}

impl Reading {
    /// The payload bytes read: `bytes` when set, else the UTF-8 of `text`.
    pub fn payload(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or(self.text.as_bytes())
    }
}

/// One QR symbol found in a picture.
///
/// The identity fields (`version`, `ecc`, `mask`) and the measurements come from this
/// crate's own sampling of the module grid where it succeeds, else from the decoders.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Symbol {
    /// The text (the first decoder's reading, in [`Decoder::ALL`] order).
    pub text: String,
    /// The payload bytes, when they are not valid UTF-8 (then `text` is a lossy rendering).
    #[serde(serialize_with = "hex_opt", skip_serializing_if = "Option::is_none")]
    pub bytes: Option<Vec<u8>>,
    /// Version 1–40.
    pub version: Option<u8>,
    /// Error-correction level.
    pub ecc: Option<Ecc>,
    /// Data mask pattern 0–7.
    pub mask: Option<u8>,
    /// Outer corners of the symbol (quiet zone excluded) in the symbol's own orientation:
    /// top-left, top-right, bottom-right, bottom-left, in pixels of the stored picture (JPEG
    /// orientation tags are not applied).
    pub corners: [Point; 4],
    /// Mean module pitch in pixels.
    pub module_px: f64,
    /// Light modules on a dark background (measured from the finder patterns; else whether the
    /// decoders needed the inverted picture).
    pub inverted: bool,
    /// Drawn mirror-image.
    pub mirrored: bool,
    /// Light modules measured around the symbol, up to 10; a module off the picture counts as
    /// not light.
    pub quiet_zone_modules: Option<u32>,
    /// Symbol contrast, `Rmax − Rmin` of the module reflectances (0–1).
    pub contrast: Option<f64>,
    /// Modules whose sampled colour differs from a re-encoding of the decoded content.
    pub damaged_modules: Option<usize>,
    /// Modules in the symbol (size²), the denominator of `damaged_modules`.
    pub modules: Option<usize>,
    /// Codewords the error correction had to fix in this crate's sampling.
    pub corrected_codewords: Option<usize>,
    /// Print-quality grades.
    pub grades: Option<Grades>,
    /// Every decoder's reading of this symbol.
    pub readings: Vec<Reading>,
    /// Whether all readings agree. Two decoders reading different text from one symbol is a
    /// finding: one of them is wrong.
    pub agree: bool,
}

impl Symbol {
    /// The payload bytes: `bytes` when set, else the UTF-8 of `text`.
    pub fn payload(&self) -> &[u8] {
        self.bytes.as_deref().unwrap_or(self.text.as_bytes())
    }
}

/// Everything found in one picture.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageReport {
    /// The picture's format, when decoded from bytes.
    pub format: Option<ImageFormat>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Every symbol any decoder read, top to bottom, left to right.
    pub symbols: Vec<Symbol>,
    /// What each decoder made of the picture.
    pub decoders: Vec<DecoderRun>,
}

impl ImageReport {
    /// Symbols whose decoders disagree on the text.
    pub fn disagreements(&self) -> impl Iterator<Item = &Symbol> {
        self.symbols.iter().filter(|s| !s.agree)
    }
}

fn hex_opt<S: Serializer>(bytes: &Option<Vec<u8>>, serializer: S) -> Result<S::Ok, S::Error> {
    match bytes {
        Some(b) => {
            serializer.serialize_str(&b.iter().map(|b| format!("{b:02x}")).collect::<String>())
        }
        None => serializer.serialize_none(),
    }
}

/// Reads every QR symbol in a PNG, JPEG, WebP, BMP or GIF picture, with default options.
///
/// # Errors
///
/// The picture cannot be read: see [`load`].
pub fn decode(bytes: &[u8]) -> Result<ImageReport, Error> {
    decode_with(bytes, &DecodeOptions::default())
}

/// Reads every QR symbol in a picture.
///
/// # Errors
///
/// The picture cannot be read: see [`load`].
pub fn decode_with(bytes: &[u8], options: &DecodeOptions) -> Result<ImageReport, Error> {
    let (luma, format) = load::load(bytes, &options.limits)?;
    let mut report = decode_luma(&luma, options);
    report.format = Some(format);
    Ok(report)
}

/// Pictures of at least this many pixels are first searched at half size (app screenshots).
const LARGE_PICTURE: u64 = 1_500_000;

/// Reads every QR symbol in a greyscale picture.
pub fn decode_luma(luma: &Luma, options: &DecodeOptions) -> ImageReport {
    let (runs, premeasured) = if options.decoders.contains(&Decoder::Rxing)
        && options.decoders.contains(&Decoder::Rqrr)
    {
        let (rxing, rqrr, premeasured) = rxing_then_rqrr(luma, options);
        let (mut rxing, mut rqrr) = (Some(rxing), Some(rqrr));
        let runs = options
            .decoders
            .iter()
            .filter_map(|&d| match d {
                Decoder::Rqrr => rqrr.take().map(|run| (d, run)),
                _ => rxing.take().map(|run| (d, run)),
            })
            .collect();
        (runs, premeasured)
    } else {
        let runs = options
            .decoders
            .iter()
            .map(|&d| (d, alone(d, luma, options.passes())))
            .collect();
        (runs, Vec::new())
    };
    report(luma, runs, &premeasured)
}

/// One decoder on its own: on the whole picture, except that rxing reads a large picture at
/// half size first.
fn alone(decoder: Decoder, luma: &Luma, passes: engines::Fallbacks) -> Run {
    if decoder == Decoder::Rxing
        && let Some(located) = half_size_reading(luma)
    {
        return sharpen(luma, located);
    }
    engines::run(decoder, luma, passes)
}

/// rxing's reading of a large picture at half size, positions in the whole picture: `None`
/// for a smaller picture, or when it reads nothing there (a panic included: the reading at
/// full size that follows reports its own).
pub(crate) fn half_size_reading(luma: &Luma) -> Option<Vec<Found>> {
    let pixels = u64::from(luma.width()) * u64::from(luma.height());
    if pixels < LARGE_PICTURE || luma.width() < 160 || luma.height() < 160 {
        return None;
    }
    let found = engines::locate(&engines::halve(luma)).ok()?;
    (!found.is_empty()).then(|| found.into_iter().map(|f| f.scaled(2.0)).collect())
}

/// rxing's reading of a full-resolution window around each of `located` (exact corners); a
/// symbol whose window yields nothing keeps its reading from `located`.
fn sharpen(luma: &Luma, located: Vec<Found>) -> Run {
    match engines::locate_around(luma, &located) {
        Run::Done(mut sharp) => {
            let blurred: Vec<Found> = located.into_iter().filter(|f| !near(&sharp, f)).collect();
            sharp.extend(blurred);
            Run::Done(sharp)
        }
        panicked => panicked,
    }
}

/// Whether one of `found` is centred within half a symbol of `f`.
fn near(found: &[Found], f: &Found) -> bool {
    let c = f.locator.centre();
    found
        .iter()
        .any(|g| g.locator.centre().distance(c) < 0.5 * f.locator.side())
}

/// Runs `f` on this thread and `g`, on another thread beside it when `parallel`; `lost()`
/// stands for `g`'s result if that thread ends abnormally.
///
/// A thread started on an idle core can wait a millisecond or two before it runs (measured on
/// virtual machines), so where one task is known to take longer, it should be `f`.
fn both<A: Send, B: Send>(
    parallel: bool,
    f: impl FnOnce() -> A + Send,
    g: impl FnOnce() -> B + Send,
    lost: impl FnOnce() -> B,
) -> (A, B) {
    if !parallel {
        return (f(), g());
    }
    std::thread::scope(|scope| {
        let handle = scope.spawn(g);
        let a = f();
        (a, handle.join().unwrap_or_else(|_| lost()))
    })
}

/// A decoder's outcome when the thread it ran on ended abnormally.
const LOST: &str = "the decoder thread ended abnormally";

/// Measurements made while rqrr was still reading, each with the locator it used.
type Premeasured = Vec<(Locator, Measurement)>;

/// rxing on the whole picture, then rqrr: on a window around each symbol rxing found, or on
/// the whole picture when rxing found none.
///
/// A large picture is first read by rxing at half size; when that finds symbols, rqrr reads a
/// window around each of them, and rxing a full-resolution one (exact corners for measuring).
/// While rqrr reads its windows, the symbols rxing read are measured.
fn rxing_then_rqrr(luma: &Luma, options: &DecodeOptions) -> (Run, Run, Premeasured) {
    let inverted = options.passes();
    let located = half_size_reading(luma);
    let at_half_size = located.is_some();
    let first = match located {
        // Not empty: the finder patterns it counted do not matter.
        Some(found) => Ok(engines::Seen {
            found,
            finder_patterns: 0,
        }),
        None => engines::run_once(Decoder::Rxing, luma),
    };
    match first {
        Ok(engines::Seen { found, .. }) if !found.is_empty() => {
            // rqrr's windows take longest: they run on this thread.
            let (rqrr, (rxing, premeasured)) = both(
                options.parallel,
                || engines::run_around(Decoder::Rqrr, luma, &found, inverted, true),
                || {
                    let rxing = if at_half_size {
                        sharpen(luma, found.clone())
                    } else {
                        Run::Done(found.clone())
                    };
                    // One after the other, measuring once the version is known is cheaper.
                    let premeasured = if options.parallel {
                        premeasure(luma, &rxing)
                    } else {
                        Vec::new()
                    };
                    (rxing, premeasured)
                },
                || (Run::Panicked(LOST.to_owned()), Vec::new()),
            );
            (rxing, rqrr, premeasured)
        }
        Ok(original) => {
            let (rxing, rqrr) = both(
                options.parallel,
                || engines::run_fallbacks(Decoder::Rxing, luma, inverted, &original),
                || engines::run(Decoder::Rqrr, luma, inverted),
                || Run::Panicked(LOST.to_owned()),
            );
            (rxing, rqrr, Vec::new())
        }
        Err(halt) => (
            halt.into(),
            engines::run(Decoder::Rqrr, luma, inverted),
            Vec::new(),
        ),
    }
}

/// Each symbol of `run` measured with what its decoder says of it alone. [`symbol`] takes such
/// a measurement only where it is the one the symbol's readings together would give.
fn premeasure(luma: &Luma, run: &Run) -> Premeasured {
    let Run::Done(found) = run else {
        return Vec::new();
    };
    found
        .iter()
        .filter_map(|f| {
            let hints = Hints {
                version: f.version,
                ecc: f.ecc,
                mask: f.mask,
            };
            measure::measure(luma, &f.locator, &hints).map(|m| (f.locator, m))
        })
        .collect()
}

fn report(luma: &Luma, runs: Vec<(Decoder, Run)>, premeasured: &Premeasured) -> ImageReport {
    let mut decoders = Vec::new();
    let mut all: Vec<Found> = Vec::new();
    for (decoder, run) in runs {
        let outcome = match run {
            Run::Panicked(message) => DecoderOutcome::Panicked { message },
            Run::Stopped(bound) => DecoderOutcome::TooManyCandidates {
                candidates: bound.candidates,
                limit: bound.limit,
            },
            Run::Done(found) if found.is_empty() => DecoderOutcome::NothingFound,
            Run::Done(found) => {
                let outcome = DecoderOutcome::Read {
                    symbols: found.len(),
                    inverted: found.iter().any(|f| f.inverted),
                };
                all.extend(found);
                outcome
            }
        };
        decoders.push(DecoderRun { decoder, outcome });
    }
    let mut symbols: Vec<Symbol> = group(all)
        .into_iter()
        .map(|readings| symbol(luma, readings, premeasured))
        .collect();
    symbols.sort_by(|a, b| {
        let key = |s: &Symbol| {
            let c = centre(&s.corners);
            (c.y / s.module_px.max(1.0) / 8.0).floor() * 1e9 + c.x
        };
        key(a).total_cmp(&key(b))
    });
    ImageReport {
        format: None,
        width: luma.width(),
        height: luma.height(),
        symbols,
        decoders,
    }
}

fn centre(c: &[Point; 4]) -> Point {
    Point::new(
        (c[0].x + c[1].x + c[2].x + c[3].x) / 4.0,
        (c[0].y + c[1].y + c[2].y + c[3].y) / 4.0,
    )
}

/// Groups readings that are of the same symbol: their centres are within half a symbol and
/// their sizes within a third of each other (a code nested inside another is another symbol).
fn group(found: Vec<Found>) -> Vec<Vec<Found>> {
    let mut groups: Vec<Vec<Found>> = Vec::new();
    for f in found {
        let c = f.locator.centre();
        let same = groups.iter_mut().find(|g| {
            let o = &g[0].locator;
            let (a, b) = (o.side(), f.locator.side());
            c.distance(o.centre()) < 0.5 * a.max(b) && a.min(b) > 0.75 * a.max(b)
        });
        match same {
            Some(g) => g.push(f),
            None => groups.push(vec![f]),
        }
    }
    groups
}

fn symbol(luma: &Luma, mut readings: Vec<Found>, premeasured: &Premeasured) -> Symbol {
    readings.sort_by_key(|r| r.decoder);
    let hints = Hints {
        version: readings.iter().find_map(|r| r.version),
        ecc: readings.iter().find_map(|r| r.ecc),
        mask: readings.iter().find_map(|r| r.mask),
    };
    // rxing's locator first: zxing's detector places the corners to a fraction of a pixel,
    // rqrr's are whole pixels of a window that may have been shrunk. A version any decoder
    // read fixes the size for every locator. A measurement made in advance with a locator
    // (without that version) is the one measuring again would give when it found the version.
    //
    // A locator can be wrong where its decoder read right (rxing's port of zxing's detector
    // has reported a corner 25 pixels off on a clean picture), and a grid sampled from wrong
    // corners is another symbol's. So a measurement stands only when it is of the symbol that
    // was read; when none is, the first one made is reported, with the failures it shows.
    let mut first_made = None;
    let mut measurement = None;
    for r in &readings {
        let made = match premeasured.iter().find(|(l, _)| *l == r.locator) {
            Some((_, m)) if hints.version.is_none_or(|v| v == m.version) => Some(m.clone()),
            _ => measure::measure(luma, &r.locator, &hints),
        };
        let Some(made) = made else { continue };
        if is_of_the_symbol_read(&made, &hints) {
            measurement = Some(made);
            break;
        }
        first_made.get_or_insert(made);
    }
    let measurement = measurement.or(first_made);
    let first = &readings[0];
    let utf8 = |r: &Found| r.bytes.as_ref().is_none_or(|b| b == r.text.as_bytes());
    let agree = readings
        .windows(2)
        .all(|w| match (&w[0].bytes, &w[1].bytes) {
            (Some(a), Some(b)) => a == b,
            _ => w[0].text == w[1].text,
        });
    let bytes = readings
        .iter()
        .find(|r| !utf8(r))
        .and_then(|r| r.bytes.clone());
    let public_readings = readings
        .iter()
        .map(|r| Reading {
            decoder: r.decoder,
            text: r.text.clone(),
            bytes: if utf8(r) { None } else { r.bytes.clone() },
            inverted: r.inverted,
        })
        .collect();
    let (corners, module_px) = match &measurement {
        Some(m) => (m.corners, m.module_px),
        None => fallback_corners(&first.locator, hints.version),
    };
    Symbol {
        text: first.text.clone(),
        bytes,
        version: measurement.as_ref().map(|m| m.version).or(hints.version),
        ecc: measurement.as_ref().map(|m| m.ecc).or(hints.ecc),
        mask: measurement.as_ref().map(|m| m.mask).or(hints.mask),
        corners,
        module_px,
        inverted: measurement.as_ref().map_or(first.inverted, |m| m.inverted),
        mirrored: measurement.as_ref().is_some_and(|m| m.mirrored),
        quiet_zone_modules: measurement.as_ref().map(|m| m.quiet_zone_modules),
        contrast: measurement.as_ref().map(|m| m.contrast),
        damaged_modules: measurement.as_ref().and_then(|m| m.damaged_modules),
        modules: measurement.as_ref().map(|m| m.modules),
        corrected_codewords: measurement.as_ref().and_then(|m| m.corrected_codewords),
        grades: measurement.as_ref().map(|m| m.grades),
        readings: public_readings,
        agree,
    }
}

/// Whether a measurement is of the symbol the decoders read: its grid passes error correction
/// and has the version, error correction level and mask they read.
fn is_of_the_symbol_read(m: &Measurement, hints: &Hints) -> bool {
    m.corrected_codewords.is_some()
        && hints.version.is_none_or(|v| v == m.version)
        && hints.ecc.is_none_or(|e| e == m.ecc)
        && hints.mask.is_none_or(|k| k == m.mask)
}

/// Corners and module size from a decoder's locator alone.
pub(crate) fn fallback_corners(locator: &Locator, version: Option<u8>) -> ([Point; 4], f64) {
    let n = version.map_or(25.0, |v| crate::spec::side(v) as f64);
    match *locator {
        Locator::Corners(c) => (c, (c[0].distance(c[1]) + c[0].distance(c[3])) / (2.0 * n)),
        Locator::Finders { tl, tr, bl, .. } => {
            let k = 3.5 / (n - 7.0);
            let (dx, dy) = ((tr.x - tl.x) * k, (tr.y - tl.y) * k);
            let (ex, ey) = ((bl.x - tl.x) * k, (bl.y - tl.y) * k);
            let tl_o = Point::new(tl.x - dx - ex, tl.y - dy - ey);
            let tr_o = Point::new(tr.x + dx - ex, tr.y + dy - ey);
            let bl_o = Point::new(bl.x - dx + ex, bl.y - dy + ey);
            let br_o = Point::new(tr_o.x + bl_o.x - tl_o.x, tr_o.y + bl_o.y - tl_o.y);
            let module_px = tl.distance(tr) / (n - 7.0);
            ([tl_o, tr_o, br_o, bl_o], module_px)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Canvas, EncodedSymbol, Rgba, Style};

    /// On a large picture, a symbol rqrr cannot read is read by rxing at full resolution
    /// around where its half-size pass found it, so its corners are exact.
    #[test]
    fn a_symbol_only_rxing_reads_on_a_large_picture_is_located_at_full_resolution() {
        let data = b"0104601234567893";
        let code = EncodedSymbol::gs1(data, Ecc::M).expect("fits");
        let mut canvas = Canvas::new(1080, 2340, Rgba::WHITE).expect("size");
        canvas.draw_code(&code, 301, 701, &Style::new(9));
        let report = decode_luma(&canvas.to_luma_image(), &DecodeOptions::default());
        assert_eq!(report.symbols.len(), 1);
        let symbol = &report.symbols[0];
        assert_eq!(symbol.payload(), data);
        let decoders: Vec<Decoder> = symbol.readings.iter().map(|r| r.decoder).collect();
        assert_eq!(decoders, [Decoder::Rxing]);
        assert_eq!(report.decoders[1].outcome, DecoderOutcome::NothingFound);
        // The symbol starts after a quiet zone of 4 modules.
        let (start, side) = (4.0 * 9.0, 9.0 * code.size() as f64);
        let expected = [(0.0, 0.0), (side, 0.0), (side, side), (0.0, side)]
            .map(|(x, y)| Point::new(301.0 + start + x, 701.0 + start + y));
        for (found, expected) in symbol.corners.iter().zip(expected) {
            assert!(found.distance(expected) < 0.25, "{found:?} vs {expected:?}");
        }
        assert!(symbol.grades.is_some());
    }
}
