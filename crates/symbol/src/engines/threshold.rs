//! ZXing's local threshold (`HybridBinarizer`), the same bits computed eight pixels at a time.
//!
//! rxing's port takes each block's extremes and sets each bit of the matrix one pixel at a
//! time, through a bounds-checked setter; over the corpus it was two fifths of rxing's reading. [`LocalThreshold`] computes the matrix rxing's `HybridBinarizer` computes,
//! bit for bit (the tests compare them), and hands it to rxing's detectors.
//!
//! The algorithm, as ZXing defines it: the picture is cut into blocks of 8 × 8 pixels (the last
//! block of a row or column overlaps its neighbour, ending at the edge). Each block's black
//! point is its mean when its pixels span more than 24 grey levels, otherwise half its
//! darkest pixel, raised to its upper and left neighbours' black points when those are above
//! that darkest pixel. A pixel is black when it is at most the mean of the black points of the
//! 5 × 5 blocks around its block (clamped at the edges). Where two blocks overlap, a pixel is
//! black when either makes it black. Pictures under 40 pixels in either direction are
//! thresholded globally, as rxing does.

use std::borrow::Cow;

use rxing::{
    Binarizer, LuminanceSource,
    common::{BitArray, BitMatrix, GlobalHistogramBinarizer, LineOrientation, Result},
};

/// The side of a block, in pixels.
const BLOCK: usize = 8;
/// Below this many pixels in either direction the threshold is global.
const MINIMUM_DIMENSION: usize = BLOCK * 5;
/// A block whose pixels span at most this many grey levels is taken as flat.
const MIN_DYNAMIC_RANGE: u8 = 24;
/// Bits in one word of rxing's bit matrix.
pub(super) const WORD_BITS: usize = usize::BITS as usize;

/// rxing's `HybridBinarizer`, with the matrix computed when the binarizer is made.
pub(super) struct LocalThreshold<LS: LuminanceSource> {
    /// Rows and lines for rxing's one-dimensional readers, and the matrix of small pictures.
    global: GlobalHistogramBinarizer<LS>,
    /// The local threshold's matrix; `None` when the picture is too small for one.
    matrix: Option<BitMatrix>,
}

impl<LS: LuminanceSource> LocalThreshold<LS> {
    pub(super) fn new(source: LS) -> Self {
        let (width, height) = (source.get_width(), source.get_height());
        let matrix = threshold(&source.get_matrix(), width, height);
        Self {
            global: GlobalHistogramBinarizer::new(source),
            matrix,
        }
    }
}

impl<LS: LuminanceSource> Binarizer for LocalThreshold<LS> {
    type Source = LS;

    fn get_luminance_source(&self) -> &LS {
        self.global.get_luminance_source()
    }

    fn get_black_row(&self, y: usize) -> Result<Cow<'_, BitArray>> {
        self.global.get_black_row(y)
    }

    fn get_black_row_from_matrix(&self, y: usize) -> Result<Cow<'_, BitArray>> {
        match (&self.matrix, u32::try_from(y)) {
            (Some(matrix), Ok(y)) => Ok(Cow::Owned(matrix.getRow(y))),
            _ => self.get_black_row(y),
        }
    }

    fn get_black_matrix(&self) -> Result<&BitMatrix> {
        match &self.matrix {
            Some(matrix) => Ok(matrix),
            None => self.global.get_black_matrix(),
        }
    }

    fn get_black_line(&self, l: usize, lt: LineOrientation) -> Result<Cow<'_, BitArray>> {
        self.global.get_black_line(l, lt)
    }

    fn create_binarizer(&self, source: LS) -> Self {
        Self::new(source)
    }

    fn get_width(&self) -> usize {
        self.global.get_width()
    }

    fn get_height(&self) -> usize {
        self.global.get_height()
    }
}

/// The local threshold's matrix of a `width` × `height` picture, `None` under
/// [`MINIMUM_DIMENSION`].
///
/// The black points from sums and extremes taken down each column of a row of blocks (loops
/// the compiler turns into vector instructions), then row by row each pixel compared with its
/// block's threshold, eight comparisons packed into a byte by one multiplication.
fn threshold(pixels: &[u8], width: usize, height: usize) -> Option<BitMatrix> {
    if width < MINIMUM_DIMENSION || height < MINIMUM_DIMENSION || pixels.len() < width * height {
        return None;
    }
    let blocks = Blocks::new(width, height);
    let points = black_points(pixels, &blocks);
    let mut matrix =
        BitMatrix::new(u32::try_from(width).ok()?, u32::try_from(height).ok()?).ok()?;
    // Each pixel's threshold: in the row of blocks of the current row, in the last row of
    // blocks (which ends at the bottom edge and may overlap the one before it), and where the
    // two overlap the higher of the two, since a pixel either makes black is black.
    let mut limits = vec![0u8; width];
    let mut last = vec![0u8; width];
    let mut both = vec![0u8; width];
    let last_top = blocks.top(blocks.down - 1);
    block_row_limits(&points, &blocks, blocks.down - 1, &mut last);
    // One row's comparisons (0 or 1), padded with zeros to whole words of bits.
    let words_per_row = width.div_ceil(WORD_BITS);
    let mut flags = vec![0u8; words_per_row * WORD_BITS];
    let mut bits = BitArray::with_size(width);
    for y in 0..height {
        let by = y / BLOCK;
        if by < blocks.down - 1 && y % BLOCK == 0 {
            block_row_limits(&points, &blocks, by, &mut limits);
        }
        let row_limits = if by >= blocks.down - 1 {
            &last
        } else if y >= last_top {
            if y == last_top {
                for ((b, &l), &m) in both.iter_mut().zip(&limits).zip(&last) {
                    *b = l.max(m);
                }
            }
            &both
        } else {
            &limits
        };
        let row = &pixels[y * width..][..width];
        for ((flag, &pixel), &limit) in flags.iter_mut().zip(row).zip(row_limits) {
            *flag = u8::from(pixel <= limit);
        }
        for (i, flags) in flags.chunks_exact(WORD_BITS).enumerate() {
            let mut word = 0usize;
            for (k, eight) in flags.chunks_exact(BLOCK).enumerate() {
                let eight: [u8; BLOCK] = eight.try_into().expect("eight flags");
                word |= usize::from(pack(u64::from_le_bytes(eight))) << (k * BLOCK);
            }
            bits.setBulk(i * WORD_BITS, word);
        }
        matrix.setRow(u32::try_from(y).ok()?, &bits);
    }
    Some(matrix)
}

/// The threshold of each pixel of the row of blocks `by`: the mean of the black points of the
/// 5 × 5 blocks around each block, the rows and columns of blocks clamped away from the edges.
fn block_row_limits(points: &[u32], blocks: &Blocks, by: usize, limits: &mut [u8]) {
    let top = by.clamp(2, blocks.down - 3);
    // The sums of the black points of five rows of blocks, down each column of blocks.
    let mut five = vec![0u32; blocks.across];
    for row in points[(top - 2) * blocks.across..][..5 * blocks.across].chunks_exact(blocks.across)
    {
        for (sum, &point) in five.iter_mut().zip(row) {
            *sum += point;
        }
    }
    for bx in 0..blocks.across {
        let left = bx.clamp(2, blocks.across - 3);
        let sum: u32 = five[left - 2..=left + 2].iter().sum();
        // A mean of black points, each at most 255.
        let limit = u8::try_from(sum / 25).unwrap_or(u8::MAX);
        let x0 = blocks.left(bx);
        let aligned = bx * BLOCK;
        // The last block may overlap its neighbour: a pixel either makes black is black.
        for l in &mut limits[x0..aligned] {
            *l = (*l).max(limit);
        }
        limits[aligned.max(x0)..x0 + BLOCK].fill(limit);
    }
}

/// Eight bytes of 0 or 1 (the first in the lowest byte) as the eight bits of a byte, the
/// first lowest: the multiplication moves byte `i`'s bit to bit 56 + `i`, and no two of its
/// partial products meet.
fn pack(flags: u64) -> u8 {
    (flags.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// How a picture is cut into blocks.
struct Blocks {
    width: usize,
    height: usize,
    across: usize,
    down: usize,
}

impl Blocks {
    fn new(width: usize, height: usize) -> Self {
        Self {
            width,
            height,
            across: width.div_ceil(BLOCK),
            down: height.div_ceil(BLOCK),
        }
    }

    /// The first column of the blocks of column `bx`: the last ends at the edge.
    fn left(&self, bx: usize) -> usize {
        (bx * BLOCK).min(self.width - BLOCK)
    }

    /// The first row of the blocks of row `by`.
    fn top(&self, by: usize) -> usize {
        (by * BLOCK).min(self.height - BLOCK)
    }
}

/// Each block's black point, row by row (ZXing's `calculateBlackPoints`).
fn black_points(pixels: &[u8], blocks: &Blocks) -> Vec<u32> {
    let width = blocks.width;
    let mut points = vec![0u32; blocks.across * blocks.down];
    // Down each column of the current row of blocks: the sum, the darkest and the lightest.
    let mut sums = vec![0u16; width];
    let mut mins = vec![0u8; width];
    let mut maxs = vec![0u8; width];
    for by in 0..blocks.down {
        let y0 = blocks.top(by);
        let (sums, mins, maxs) = (&mut sums[..width], &mut mins[..width], &mut maxs[..width]);
        let first = &pixels[y0 * width..][..width];
        for x in 0..width {
            (sums[x], mins[x], maxs[x]) = (u16::from(first[x]), first[x], first[x]);
        }
        for y in y0 + 1..y0 + BLOCK {
            let row = &pixels[y * width..][..width];
            for x in 0..width {
                sums[x] += u16::from(row[x]);
                mins[x] = mins[x].min(row[x]);
                maxs[x] = maxs[x].max(row[x]);
            }
        }
        for bx in 0..blocks.across {
            let x0 = blocks.left(bx);
            let block = |column: &[u8]| -> [u8; BLOCK] {
                column[x0..x0 + BLOCK]
                    .try_into()
                    .expect("a block's columns")
            };
            let sums: [u16; BLOCK] = sums[x0..x0 + BLOCK].try_into().expect("a block's sums");
            let sum = u32::from(sums.iter().sum::<u16>());
            let min = block(mins).into_iter().fold(u8::MAX, u8::min);
            let max = block(maxs).into_iter().fold(u8::MIN, u8::max);
            // ZXing stops taking the extremes once they span more than the range; the
            // outcome is the same as taking them over the whole block.
            let at = by * blocks.across + bx;
            points[at] = if max - min > MIN_DYNAMIC_RANGE {
                sum >> 6
            } else if by > 0 && bx > 0 {
                let neighbours = (points[at - blocks.across]
                    + 2 * points[at - 1]
                    + points[at - blocks.across - 1])
                    / 4;
                if u32::from(min) < neighbours {
                    neighbours
                } else {
                    u32::from(min) / 2
                }
            } else {
                u32::from(min) / 2
            };
        }
    }
    points
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rxing::{Luma8Source, common::HybridBinarizer};

    use super::*;

    /// rxing's own `HybridBinarizer` matrix and ours for the same pixels (`None` where the
    /// global threshold of a small picture finds no two peaks).
    fn both(pixels: &[u8], width: usize, height: usize) -> (Option<BitMatrix>, Option<BitMatrix>) {
        let (w, h) = (u32::try_from(width), u32::try_from(height));
        let (w, h) = (w.expect("width"), h.expect("height"));
        let source = || Luma8Source::new_with_slice(pixels, w, h).expect("source");
        let theirs = HybridBinarizer::new(source())
            .get_black_matrix()
            .ok()
            .cloned();
        let ours = LocalThreshold::new(source())
            .get_black_matrix()
            .ok()
            .cloned();
        (theirs, ours)
    }

    /// Pixels from a small generator: a gradient, blocks of one grey, noise of a chosen
    /// strength and dark squares, so that flat blocks, the neighbours' rule and blocks of
    /// every contrast all occur.
    fn picture(width: usize, height: usize, seed: u64, noise: u8) -> Vec<u8> {
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        (0..width * height)
            .map(|i| {
                let (x, y) = (i % width, i / width);
                let base = if (x / 11 + y / 13) % 5 == 0 {
                    20
                } else {
                    u8::try_from(60 + x * 150 / width + y * 40 / height).expect("under 256")
                };
                let jitter = if noise == 0 {
                    0
                } else {
                    u8::try_from(next() % u64::from(noise)).expect("under noise")
                };
                base.saturating_add(jitter)
            })
            .collect()
    }

    #[test]
    fn the_same_matrix_as_rxing_on_every_size_around_the_blocks() {
        for width in [1, 39, 40, 41, 47, 48, 63, 64, 65, 100, 127, 129, 200] {
            for height in [1, 39, 40, 43, 56, 71, 130] {
                for (seed, noise) in [(1, 0), (2, 8), (3, 30), (4, 120)] {
                    let pixels = picture(width, height, seed, noise);
                    let (theirs, ours) = both(&pixels, width, height);
                    assert_eq!(ours, theirs, "{width} × {height}, noise {noise}");
                    let local = width >= MINIMUM_DIMENSION && height >= MINIMUM_DIMENSION;
                    assert!(!local || ours.is_some(), "{width} × {height}: no matrix");
                }
            }
        }
    }

    #[test]
    fn a_flat_picture_and_one_of_extremes() {
        for value in [0, 1, 127, 254, 255] {
            let (theirs, ours) = both(&[value; 96 * 80], 96, 80);
            assert_eq!(ours, theirs, "all {value}");
        }
        let checker: Vec<u8> = (0..96 * 80)
            .map(|i| if (i % 96 + i / 96) % 2 == 0 { 0 } else { 255 })
            .collect();
        let (theirs, ours) = both(&checker, 96, 80);
        assert_eq!(ours, theirs, "checkerboard");
    }

    /// A flat block whose darkest pixel equals its neighbours' black points keeps half its
    /// darkest pixel: the neighbours raise it only when they are above that pixel.
    #[test]
    fn a_flat_block_as_dark_as_its_neighbours() {
        let (width, height) = (96, 80);
        let pixels: Vec<u8> = (0..width * height)
            .map(|i| {
                let (x, y) = (i % width, i / width);
                match (x < BLOCK || y < BLOCK, (x + y) % 2 == 0) {
                    // Contrasty blocks of mean 100 along the top and the left.
                    (true, true) => 0,
                    (true, false) => 200,
                    (false, _) => 100,
                }
            })
            .collect();
        let (theirs, ours) = both(&pixels, width, height);
        assert_eq!(ours, theirs);
    }

    proptest! {
        #[test]
        fn the_same_matrix_as_rxing_on_any_pixels(
            width in 40usize..150,
            height in 40usize..150,
            seed in any::<u64>(),
            noise in 0u8..=255,
        ) {
            let pixels = picture(width, height, seed, noise);
            let (theirs, ours) = both(&pixels, width, height);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn the_same_matrix_as_rxing_on_random_bytes(
            (width, height, pixels) in (40usize..90, 40usize..90).prop_flat_map(|(w, h)| {
                (Just(w), Just(h), proptest::collection::vec(any::<u8>(), w * h))
            }),
        ) {
            let (theirs, ours) = both(&pixels, width, height);
            prop_assert_eq!(ours, theirs);
        }
    }
}
