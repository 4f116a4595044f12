//! rxing, the Rust port of ZXing and zxing-cpp, within bounds on its work.

use std::collections::HashSet;

use rxing::{
    BarcodeFormat, Binarizer, BinaryBitmap, DecodeHints, Luma8Source, RXingResult,
    RXingResultMetadataType, RXingResultMetadataValue, Reader,
    common::{
        BitMatrix, DetectorRXingResult, GlobalHistogramBinarizer,
        cpp_essentials::{
            ConcentricPattern, FindLeftGuardBy, FixedPattern, IsPattern, LocateConcentricPattern,
            PatternRow, PatternType, PatternView,
        },
    },
    qrcode::{
        QRCodeReader,
        cpp_port::{
            decoder::Decode,
            detector::{GenerateFinderPatternSets, SampleQR},
        },
    },
};

use super::{
    Bound, Candidates, Decoder, Found, Locator, Seen,
    threshold::{LocalThreshold, WORD_BITS},
};
use crate::{Ecc, Luma, Point};

/// rxing's reading of `luma` with a local threshold (ZXing's `HybridBinarizer`, computed by
/// [`LocalThreshold`]), looking for finder patterns on every row.
pub(super) fn read_local(luma: &Luma, inverted: bool) -> Result<Seen, Bound> {
    rxing_read(luma, inverted, LocalThreshold::new, true)
}

/// rxing's reading of `luma` with one threshold for the whole picture (its
/// `GlobalHistogramBinarizer`); `thorough` looks for finder patterns on every row instead of
/// every few rows.
pub(super) fn read_global(luma: &Luma, inverted: bool, thorough: bool) -> Result<Seen, Bound> {
    rxing_read(luma, inverted, GlobalHistogramBinarizer::new, thorough)
}

fn ecc_from_name(name: &str) -> Option<Ecc> {
    name.parse().ok()
}

/// At most this many rows crossing a 1:1:3:1:1 pattern are located as finder patterns by
/// rxing's detector in one picture. A screenshot has tens; a picture of nothing but
/// finder-like squares, one per square and row.
pub(crate) const RXING_MAX_ROW_HITS: usize = 8_000;
/// At most this many finder patterns in one picture for rxing's detector: each new one is
/// compared with all before it, and every three near each other are a group to sample.
pub(crate) const RXING_MAX_FINDER_PATTERNS: usize = 256;
/// At most this many groups of three finder patterns sampled as a grid and decoded by rxing
/// in one picture, most plausible first.
pub(crate) const RXING_MAX_GROUPS: usize = 1_000;
/// ZXing's own (Java) detector, whose work grows with the cube of the finder patterns it
/// sees and cannot be bounded from outside, runs only on pictures where zxing-cpp's found at
/// most this many (and at least one: see [`rxing_read`]).
pub(crate) const JAVA_DETECTOR_MAX_FINDER_PATTERNS: usize = 64;

/// rxing's reading of `luma` with the given binarizer; `thorough` looks for finder patterns
/// on every row instead of every few rows.
///
/// zxing-cpp's QR detector as rxing ports it (`QrReader`), driven here within the bounds
/// above; when it reads nothing, ZXing's own detector (`QRCodeReader`) on a picture where
/// zxing-cpp's found at least one finder pattern and few of them. Both work on the one
/// thresholded picture. A bound reached after a symbol was read ends the search with what was
/// read; reached before, it is the outcome.
///
/// ZXing's detector needs three finder patterns too, and over the benchmark corpus (1,928
/// pictures of codes in four rotations) it never read a symbol where zxing-cpp's found none;
/// on a picture without a code, where zxing-cpp's usually finds none, it was a fifth of the
/// work (docs/decisions.md, "Pictures without a code").
fn rxing_read<'a, B: Binarizer>(
    luma: &'a Luma,
    inverted: bool,
    binarizer: impl Fn(Luma8Source<'a>) -> B,
    thorough: bool,
) -> Result<Seen, Bound> {
    let Some(mut image) = Luma8Source::new_with_slice(luma.pixels(), luma.width(), luma.height())
        .ok()
        .map(|source| BinaryBitmap::new(binarizer(source)))
    else {
        return Ok(Seen::default());
    };
    let matrix = image.get_black_matrix();
    let mut patterns = find_finder_patterns(matrix, thorough)?;
    let pattern_count = patterns.len();

    let results = read_finder_pattern_sets(matrix, &mut patterns)?;
    let mut found: Vec<Found> = results
        .iter()
        .filter_map(|r| {
            let p = r.getPoints();
            // zxing-cpp's detector reports the outer corners as [tl, tr, bl, br], each half a
            // pixel right of and below the edge it marks, whatever the symbol's rotation.
            let corners = [p.first()?, p.get(1)?, p.get(3)?, p.get(2)?]
                .map(|q| Point::new(f64::from(q.x) - 0.5, f64::from(q.y) - 0.5));
            let mut found = rxing_found(r, Locator::Corners(corners), inverted);
            // zxing-cpp's reader gives the payload bytes as the raw bytes.
            found.bytes = Some(r.getRawBytes().to_vec());
            Some(found)
        })
        .collect();
    if found.is_empty() && (1..=JAVA_DETECTOR_MAX_FINDER_PATTERNS).contains(&pattern_count) {
        let hints = DecodeHints {
            TryHarder: Some(thorough),
            PossibleFormats: Some(HashSet::from([BarcodeFormat::QR_CODE])),
            ..DecodeHints::default()
        };
        // The ZXing (Java) detector finds some codes the zxing-cpp one misses. It thresholds
        // nothing again: the bitmap keeps the matrix made above.
        if let Ok(r) = QRCodeReader.decode_with_hints(&mut image, &hints) {
            let p: Vec<Point> = r
                .getPoints()
                .iter()
                .map(|q| Point::new(f64::from(q.x), f64::from(q.y)))
                .collect();
            if p.len() >= 3 {
                let locator = Locator::Finders {
                    bl: p[0],
                    tl: p[1],
                    tr: p[2],
                    alignment: p.get(3).copied(),
                };
                found.push(rxing_found(&r, locator, inverted));
            }
        }
    }
    Ok(Seen {
        found,
        finder_patterns: pattern_count,
    })
}

/// Half the size of a finder pattern, in pixels.
#[allow(clippy::cast_precision_loss)]
fn half_size(pattern: &ConcentricPattern) -> f32 {
    // Sizes are at most the picture's side: exact in f32.
    pattern.size as f32 / 2.0
}

/// The 1:1:3:1:1 pattern of a finder pattern, as zxing-cpp's detector states it.
const FINDER: FixedPattern<5, 7, false> = FixedPattern::new([1, 1, 3, 1, 1]);

/// The finder patterns in `matrix`, on every row (`thorough`) or every few rows.
///
/// rxing's `FindFinderPatterns` (zxing-cpp's, Apache-2.0, © ZXing authors, Nu-book Inc.,
/// Axel Waggershauser) with two bounds: on the rows crossing a pattern that are located,
/// and on the patterns found, each of which is compared with every one before it.
fn find_finder_patterns(
    matrix: &BitMatrix,
    thorough: bool,
) -> Result<Vec<ConcentricPattern>, Bound> {
    // Versions up to 20 take at least a quarter of the height: their centres are crossed
    // every `skip` rows.
    const MAX_MODULES_FAST: u32 = 20 * 4 + 17;
    let height = matrix.height();
    let skip = if thorough {
        3
    } else {
        ((3 * height) / (4 * MAX_MODULES_FAST)).max(3)
    };
    let plausible = |view: &PatternView, space: Option<f32>| {
        (view[2] as i32) >= 3
            && view[2] >= 2 as PatternType * PatternType::max(view[0], view[4])
            && view[2] >= PatternType::max(view[1], view[3])
            && IsPattern::<true, 5, 7, false>(view, &FINDER, space, 0.1, 0.0, 0.0) != 0.0
    };
    let mut found: Vec<ConcentricPattern> = Vec::new();
    let mut hits = 0usize;
    let mut y = skip - 1;
    while y < height {
        let row = pattern_row(matrix, y);
        // Rows are at most 16 384 (the side limit): exact in f32.
        #[allow(clippy::cast_precision_loss)]
        let row_centre = y as f32 + 0.5;
        let mut next = PatternView::new(&row);
        while let Ok(view) = FindLeftGuardBy::<5, _>(next, 5, plausible) {
            next = view;
            if !next.isValid() {
                break;
            }
            let centre = rxing::point(
                f32::from(next.pixelsInFront())
                    + f32::from(next[0])
                    + f32::from(next[1])
                    + f32::from(next[2]) / 2.0,
                row_centre,
            );
            let inside = found
                .iter()
                .any(|old| rxing::Point::distance(centre, old.p) < half_size(old));
            if !inside {
                hits += 1;
                if hits > RXING_MAX_ROW_HITS {
                    return Err(Bound::new(Candidates::FinderPatterns, RXING_MAX_ROW_HITS));
                }
                let range = next.iter().map(i32::from).sum::<i32>() * 3;
                if let Some(pattern) =
                    LocateConcentricPattern::<true, 5, 7>(matrix, &FINDER.into(), centre, range)
                {
                    if found.len() == RXING_MAX_FINDER_PATTERNS {
                        return Err(Bound::new(
                            Candidates::FinderPatterns,
                            RXING_MAX_FINDER_PATTERNS,
                        ));
                    }
                    found.push(pattern);
                }
            }
            next.skipPair();
            next.skipPair();
            next.extend();
        }
        y += skip;
    }
    Ok(found)
}

/// Row `y` of `matrix` as the lengths of its runs, white first (a first run of 0 when the row
/// starts black) and a last 0 after a black run: rxing's `GetPatternRowTP`, a word of 64
/// pixels at a time instead of one pixel.
fn pattern_row(matrix: &BitMatrix, y: u32) -> PatternRow {
    let width = matrix.width() as usize;
    let row = matrix.getRow(y);
    let words = row.getBitArray();
    // The first pixel from `from` on whose colour is not `black`, or the width.
    let next_change = |from: usize, black: bool| {
        let flip = if black { usize::MAX } else { 0 };
        let mut at = from / WORD_BITS;
        let mut bits =
            (words.get(at).copied().unwrap_or(0) ^ flip) & (usize::MAX << (from % WORD_BITS));
        loop {
            if bits != 0 {
                return (at * WORD_BITS + bits.trailing_zeros() as usize).min(width);
            }
            at += 1;
            match words.get(at) {
                Some(&word) if at * WORD_BITS < width => bits = word ^ flip,
                _ => return width,
            }
        }
    };
    let mut runs = Vec::new();
    let (mut at, mut black) = (0, false);
    loop {
        let next = next_change(at, black);
        // Runs are at most the width, and widths at most the side limit: they fit.
        #[allow(clippy::cast_possible_truncation)]
        runs.push((next - at) as PatternType);
        if next == width {
            break;
        }
        (at, black) = (next, !black);
    }
    if black {
        runs.push(0);
    }
    PatternRow::new(runs)
}

/// The QR symbols read from groups of three of `patterns`, most plausible group first, a
/// pattern used by one symbol not tried in another: zxing-cpp's `QrReader` for QR codes,
/// within [`RXING_MAX_GROUPS`].
fn read_finder_pattern_sets(
    matrix: &BitMatrix,
    patterns: &mut Vec<ConcentricPattern>,
) -> Result<Vec<RXingResult>, Bound> {
    let sets = GenerateFinderPatternSets(patterns);
    let mut used: Vec<ConcentricPattern> = Vec::new();
    let mut results = Vec::new();
    let mut tried = 0;
    for set in sets {
        if [set.bl, set.tl, set.tr].iter().any(|p| used.contains(p)) {
            continue;
        }
        if tried == RXING_MAX_GROUPS {
            if results.is_empty() {
                return Err(Bound::new(
                    Candidates::FinderPatternGroups,
                    RXING_MAX_GROUPS,
                ));
            }
            break;
        }
        tried += 1;
        let Ok(detected) = SampleQR(matrix, &set) else {
            continue;
        };
        let Ok(decoded) = Decode(detected.getBits()) else {
            continue;
        };
        if decoded.isValid() {
            used.extend([set.bl, set.tl, set.tr]);
            results.push(RXingResult::with_decoder_result(
                decoded,
                detected.getPoints(),
                BarcodeFormat::QR_CODE,
            ));
        }
    }
    Ok(results)
}

fn rxing_found(r: &rxing::RXingResult, locator: Locator, inverted: bool) -> Found {
    let metadata = r.getRXingResultMetadata();
    let ecc = match metadata.get(&RXingResultMetadataType::ERROR_CORRECTION_LEVEL) {
        Some(RXingResultMetadataValue::ErrorCorrectionLevel(level)) => ecc_from_name(level),
        _ => None,
    };
    let bytes = match metadata.get(&RXingResultMetadataType::BYTE_SEGMENTS) {
        Some(RXingResultMetadataValue::ByteSegments(segments)) if segments.len() == 1 => {
            segments.first().cloned()
        }
        _ => None,
    };
    Found {
        decoder: Decoder::Rxing,
        text: r.getText().to_owned(),
        bytes,
        locator,
        version: None,
        ecc,
        mask: None,
        inverted,
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rxing::common::cpp_essentials::GetPatternRowTP;

    use super::*;

    /// A matrix whose pixel (x, y) is black when `black(x, y)`.
    fn matrix(width: u32, height: u32, black: impl Fn(u32, u32) -> bool) -> BitMatrix {
        let mut matrix = BitMatrix::new(width, height).expect("size");
        for y in 0..height {
            for x in (0..width).filter(|&x| black(x, y)) {
                matrix.set(x, y);
            }
        }
        matrix
    }

    /// Our runs and rxing's, row by row.
    fn assert_rows_as_rxing(matrix: &BitMatrix) {
        for y in 0..matrix.height() {
            let mut theirs = PatternRow::default();
            GetPatternRowTP(matrix, y, &mut theirs, false);
            let ours: Vec<PatternType> = pattern_row(matrix, y).into_iter().collect();
            let theirs: Vec<PatternType> = theirs.into_iter().collect();
            assert_eq!(ours, theirs, "row {y} of a {} wide matrix", matrix.width());
        }
    }

    #[test]
    fn pattern_rows_as_rxing_makes_them() {
        for width in [1, 2, 63, 64, 65, 127, 128, 129, 200] {
            // All white, all black, each edge black, stripes across word boundaries.
            assert_rows_as_rxing(&matrix(width, 5, |x, y| match y {
                0 => false,
                1 => true,
                2 => x == 0 || x + 1 == width,
                3 => (x / 7) % 2 == 1,
                _ => x % 64 == 63 || x % 64 == 0,
            }));
        }
    }

    proptest! {
        #[test]
        fn pattern_rows_of_any_matrix_as_rxing_makes_them(
            width in 1u32..300,
            seed in any::<u64>(),
            run in 1u32..40,
        ) {
            // Runs of random colour of up to `run` pixels.
            let black = |x: u32, y: u32| {
                let cell = u64::from(x / run) * 7919 + u64::from(y) * 104_729;
                (seed ^ cell).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 63 == 1
            };
            assert_rows_as_rxing(&matrix(width, 3, black));
        }
    }
}
