//! Pictures made from the picture for the fallback passes and the windows: shrunk, stretched,
//! smoothed, enlarged.

use crate::{Luma, Point};

/// The part of `luma` around a symbol centred at `centre` with sides of about `side` px, with
/// a margin wide enough for its quiet zone, shrunk by `factor` (each pixel the mean of a
/// `factor` × `factor` block); with the window's top-left corner in the picture.
pub(super) fn window(
    luma: &Luma,
    centre: Point,
    side: f64,
    factor: u32,
) -> Option<(Luma, u32, u32)> {
    if !centre.is_finite() || !side.is_finite() || side <= 0.0 {
        return None;
    }
    // The symbol and a fifth of its side around it (at least 7 modules for version 5).
    let half = side * 0.7 + 8.0;
    let clamp = |v: f64, max: u32| crate::num::saturating_u32(v.max(0.0)).min(max);
    let (x0, y0) = (
        clamp(centre.x - half, luma.width()),
        clamp(centre.y - half, luma.height()),
    );
    let (x1, y1) = (
        clamp((centre.x + half).ceil(), luma.width()),
        clamp((centre.y + half).ceil(), luma.height()),
    );
    let (w, h) = ((x1 - x0) / factor, (y1 - y0) / factor);
    if w < 21 || h < 21 {
        return None;
    }
    Some((shrink(luma, x0, y0, w, h, factor), x0, y0))
}

/// The `w` × `h` picture whose pixel `(x, y)` is the mean of the `factor` × `factor` block of
/// `luma` at `(x0 + factor·x, y0 + factor·y)`. The blocks must lie inside `luma`.
fn shrink(luma: &Luma, x0: u32, y0: u32, w: u32, h: u32, factor: u32) -> Luma {
    let stride = luma.width() as usize;
    let (x0, y0, w, h, k) = (
        x0 as usize,
        y0 as usize,
        w as usize,
        h as usize,
        factor.max(1) as usize,
    );
    let p = luma.pixels();
    let mut pixels = Vec::with_capacity(w * h);
    let row = |y: usize| {
        let start = y * stride + x0;
        p.get(start..start + w * k).unwrap_or_default()
    };
    if k == 1 {
        for y in y0..y0 + h {
            pixels.extend_from_slice(row(y));
        }
        return sized(w, h, pixels);
    }
    if k == 2 {
        // Column sums of the two rows first (vectorises), then pairs of them.
        let mut columns = vec![0u16; 2 * w];
        for y in 0..h {
            let (a, b) = (row(y0 + 2 * y), row(y0 + 2 * y + 1));
            for ((c, &a), &b) in columns.iter_mut().zip(a).zip(b) {
                *c = u16::from(a) + u16::from(b);
            }
            pixels.extend(columns.chunks_exact(2).map(|c| mean_of_sum4(c[0] + c[1])));
        }
        return sized(w, h, pixels);
    }
    let area = factor.max(1) * factor.max(1);
    let shift = area.trailing_zeros();
    let mut sums = vec![0u32; w];
    for y in 0..h {
        sums.fill(0);
        for dy in 0..k {
            for (sum, block) in sums.iter_mut().zip(row(y0 + y * k + dy).chunks_exact(k)) {
                *sum += block.iter().map(|&v| u32::from(v)).sum::<u32>();
            }
        }
        let mean = |s: u32| {
            let m = if area.is_power_of_two() {
                (s + area / 2) >> shift
            } else {
                (s + area / 2) / area
            };
            u8::try_from(m).unwrap_or(u8::MAX)
        };
        pixels.extend(sums.iter().map(|&s| mean(s)));
    }
    sized(w, h, pixels)
}

/// A `w` × `h` picture from `pixels`, padded with white or cut to exactly that many (a
/// block outside the picture would have left rows short).
fn sized(w: usize, h: usize, mut pixels: Vec<u8>) -> Luma {
    pixels.resize(w * h, u8::MAX);
    Luma::from_parts(
        u32::try_from(w).unwrap_or(0),
        u32::try_from(h).unwrap_or(0),
        pixels,
    )
}

/// The picture with its 1st–99th percentile range stretched to 0–255, when that range is
/// less than half the scale; `None` otherwise.
pub(super) fn stretch(luma: &Luma) -> Option<Luma> {
    let mut histogram = [0u64; 256];
    for &p in luma.pixels() {
        histogram[usize::from(p)] += 1;
    }
    let total = luma.pixels().len() as u64;
    let percentile = |fraction: u64| {
        let mut seen = 0;
        for (value, &count) in histogram.iter().enumerate() {
            seen += count;
            if seen * 100 >= total * fraction {
                return value;
            }
        }
        255
    };
    let (lo, hi) = (percentile(1), percentile(99));
    if hi <= lo || hi - lo >= 128 {
        return None;
    }
    let span = (hi - lo) as f64;
    let table: Vec<u8> = (0..256usize)
        .map(|v| {
            let s = (v.saturating_sub(lo) as f64 * 255.0 / span).round();
            crate::num::saturating_u32(s.min(255.0))
                .try_into()
                .unwrap_or(u8::MAX)
        })
        .collect();
    Luma::new(
        luma.width(),
        luma.height(),
        luma.pixels()
            .iter()
            .map(|&p| table[usize::from(p)])
            .collect(),
    )
    .ok()
}

/// The picture smoothed with a 3 × 3 box filter (edges repeat): each pixel the rounded mean
/// of the nine around it. Row sums first, then sums of three row sums, slice by slice.
pub(super) fn smooth(luma: &Luma) -> Luma {
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    if w == 0 || h == 0 {
        return luma.clone();
    }
    let mut rows = vec![0u16; w * h];
    for (sums, row) in rows.chunks_exact_mut(w).zip(luma.pixels().chunks_exact(w)) {
        row_sums(row, sums);
    }
    let mut out = vec![0u8; w * h];
    for (y, line) in out.chunks_exact_mut(w).enumerate() {
        let row = |y: usize| &rows[y * w..(y + 1) * w];
        let (above, here, below) = (row(y.saturating_sub(1)), row(y), row((y + 1).min(h - 1)));
        for (((o, &a), &b), &c) in line.iter_mut().zip(above).zip(here).zip(below) {
            *o = mean_of_sum9(a + b + c);
        }
    }
    Luma::from_parts(luma.width(), luma.height(), out)
}

/// Each pixel's sum with its left and right neighbours (edges repeat).
fn row_sums(row: &[u8], sums: &mut [u16]) {
    let w = row.len();
    let at = |x: usize| u16::from(row[x]);
    if w == 1 {
        sums[0] = 3 * at(0);
        return;
    }
    sums[0] = 2 * at(0) + at(1);
    for (sum, three) in sums[1..w - 1].iter_mut().zip(row.windows(3)) {
        *sum = u16::from(three[0]) + u16::from(three[1]) + u16::from(three[2]);
    }
    sums[w - 1] = at(w - 2) + 2 * at(w - 1);
}

/// The rounded mean of nine pixels, given their sum.
#[allow(clippy::cast_possible_truncation)]
fn mean_of_sum9(sum: u16) -> u8 {
    // At most (9 · 255 + 4) / 9 = 255: the cast keeps every bit.
    ((sum.min(2295) + 4) / 9) as u8
}

/// The picture `factor` times wider and higher, bilinearly interpolated (pixel centres
/// aligned, edges repeated).
///
/// Output pixel `i` of a row lies at `(2i + 1 − factor) / (2·factor)` source pixels (clamped
/// at 0), so every weight is a whole number of `1 / (2·factor)`: the interpolation is done in
/// integers, each source row once per output row pair of weights, and rounded half up once at
/// the end, which for the factor used (3, weights in thirds) is the exact rounding of the
/// real-valued interpolation.
pub(super) fn enlarge(luma: &Luma, factor: u32) -> Luma {
    let (w, h) = (luma.width() as usize, luma.height() as usize);
    let k = factor.clamp(1, 64) as usize;
    if w == 0 || h == 0 {
        return luma.clone();
    }
    let p = luma.pixels();
    let unit = 2 * k;
    // Source index and weight (in units of 1 / (2k)) of the next pixel, per output position.
    let steps = |n: usize| -> Vec<(usize, u32)> {
        (0..n * k)
            .map(|i| {
                let at = (2 * i + 1).saturating_sub(k);
                let (i0, frac) = (at / unit, at % unit);
                // Past the last pixel the edge repeats: the weight of the next one is void.
                if i0 + 1 >= n {
                    (n - 1, 0)
                } else {
                    (i0, u32::try_from(frac).unwrap_or(0))
                }
            })
            .collect()
    };
    let (xs, ys) = (steps(w), steps(h));
    let unit32 = u32::try_from(unit).unwrap_or(u32::MAX);
    // Each source row interpolated across, once: at most 255 · 2k.
    let across = |y: usize| -> Vec<u32> {
        let row = &p[y * w..(y + 1) * w];
        xs.iter()
            .map(|&(x0, ax)| {
                let a = u32::from(row[x0]);
                let b = u32::from(row[(x0 + 1).min(w - 1)]);
                a * (unit32 - ax) + b * ax
            })
            .collect()
    };
    let denominator = unit32 * unit32;
    let mut pixels = Vec::with_capacity(xs.len() * ys.len());
    let mut cached: Option<(usize, Vec<u32>, Vec<u32>)> = None;
    for &(y0, ay) in &ys {
        if cached.as_ref().is_none_or(|(row, _, _)| *row != y0) {
            cached = Some((y0, across(y0), across((y0 + 1).min(h - 1))));
        }
        let Some((_, top, bottom)) = cached.as_ref() else {
            continue;
        };
        pixels.extend(top.iter().zip(bottom).map(|(&t, &b)| {
            let v = (t * (unit32 - ay) + b * ay + denominator / 2) / denominator;
            u8::try_from(v).unwrap_or(u8::MAX)
        }));
    }
    Luma::from_parts(
        u32::try_from(xs.len()).unwrap_or(0),
        u32::try_from(ys.len()).unwrap_or(0),
        pixels,
    )
}

/// The rounded mean of four pixels, given their sum.
#[allow(clippy::cast_possible_truncation)]
fn mean_of_sum4(sum: u16) -> u8 {
    // At most (4 · 255 + 2) / 4 = 255: the cast keeps every bit.
    ((sum.min(1020) + 2) >> 2) as u8
}

/// The picture at half size, each pixel the mean of a 2 × 2 block.
pub(crate) fn halve(luma: &Luma) -> Luma {
    shrink(luma, 0, 0, luma.width() / 2, luma.height() / 2, 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinking_averages_blocks_inside_the_window() {
        let pixels: Vec<u8> = (0..36u8).map(|v| v * 7).collect();
        let luma = Luma::from_parts(6, 6, pixels);
        let half = halve(&luma);
        assert_eq!((half.width(), half.height()), (3, 3));
        // (0 + 7 + 42 + 49 + 2) / 4 = 25
        assert_eq!(half.pixels()[0], 25);
        let third = shrink(&luma, 3, 3, 1, 1, 3);
        let block: u32 = [21u32, 22, 23, 27, 28, 29, 33, 34, 35]
            .iter()
            .map(|v| v * 7)
            .sum();
        assert_eq!(u32::from(third.pixels()[0]), (block + 4) / 9);
        let same = shrink(&luma, 1, 2, 4, 3, 1);
        assert_eq!(same.pixels()[0], 13 * 7);
        assert_eq!(same.pixels().len(), 12);
    }

    /// The 3 × 3 mean, pixel by pixel, as the definition reads.
    fn smooth_by_definition(luma: &Luma) -> Vec<u8> {
        let (w, h) = (luma.width() as usize, luma.height() as usize);
        let p = luma.pixels();
        let mut out = Vec::new();
        for y in 0..h {
            for x in 0..w {
                let mut sum = 0u32;
                for yy in [y.saturating_sub(1), y, (y + 1).min(h - 1)] {
                    for xx in [x.saturating_sub(1), x, (x + 1).min(w - 1)] {
                        sum += u32::from(p[yy * w + xx]);
                    }
                }
                out.push(u8::try_from((sum + 4) / 9).unwrap());
            }
        }
        out
    }

    /// `n` pixels from a linear congruential generator at `seed`, which it advances.
    fn noise(seed: &mut u32, n: u32) -> Vec<u8> {
        (0..n)
            .map(|_| {
                *seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                u8::try_from(*seed >> 24).unwrap()
            })
            .collect()
    }

    #[test]
    fn smoothing_is_the_mean_of_nine_with_edges_repeated() {
        let mut seed = 0x1405_u32;
        for (w, h) in [(1, 1), (1, 5), (5, 1), (2, 2), (7, 3), (31, 17)] {
            let pixels = noise(&mut seed, w * h);
            let luma = Luma::from_parts(w, h, pixels);
            assert_eq!(
                smooth(&luma).pixels(),
                smooth_by_definition(&luma),
                "{w} × {h}"
            );
        }
        let white = Luma::from_parts(4, 4, vec![255; 16]);
        assert_eq!(smooth(&white).pixels(), &[255; 16]);
    }

    /// Bilinear enlargement as the definition reads, in real numbers.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    fn enlarge_by_definition(luma: &Luma, factor: u32) -> Vec<u8> {
        let (w, h) = (luma.width() as usize, luma.height() as usize);
        let k = factor as usize;
        let p = luma.pixels();
        let at = |x: usize, y: usize| f64::from(p[y.min(h - 1) * w + x.min(w - 1)]);
        let steps = |n: usize| -> Vec<(usize, f64)> {
            (0..n * k)
                .map(|i| {
                    let f = ((i as f64 + 0.5) / k as f64 - 0.5).max(0.0);
                    (f.floor() as usize, f - f.floor())
                })
                .collect()
        };
        let mut out = Vec::new();
        for &(y0, ay) in &steps(h) {
            for &(x0, ax) in &steps(w) {
                let top = at(x0, y0) * (1.0 - ax) + at(x0 + 1, y0) * ax;
                let bottom = at(x0, y0 + 1) * (1.0 - ax) + at(x0 + 1, y0 + 1) * ax;
                out.push((top * (1.0 - ay) + bottom * ay).round() as u8);
            }
        }
        out
    }

    #[test]
    fn enlarging_by_three_is_the_rounded_bilinear_interpolation() {
        let mut seed = 0x0e1a_u32;
        for (w, h) in [(1, 1), (1, 4), (4, 1), (2, 2), (9, 5), (33, 21)] {
            let pixels = noise(&mut seed, w * h);
            let luma = Luma::from_parts(w, h, pixels);
            let big = enlarge(&luma, 3);
            assert_eq!((big.width(), big.height()), (3 * w, 3 * h));
            assert_eq!(big.pixels(), enlarge_by_definition(&luma, 3), "{w} × {h}");
        }
    }

    #[test]
    fn enlarging_interpolates_between_pixel_centres() {
        let luma = Luma::from_parts(2, 1, vec![0, 240]);
        let big = enlarge(&luma, 3);
        assert_eq!((big.width(), big.height()), (6, 3));
        assert_eq!(&big.pixels()[..6], &[0, 0, 80, 160, 240, 240]);
    }

    #[test]
    fn windows_stay_inside_the_picture() {
        let luma = Luma::from_parts(100, 80, vec![200; 8000]);
        let (w, x0, y0) = window(&luma, Point::new(10.0, 70.0), 40.0, 2).unwrap();
        assert_eq!((x0, y0), (0, 34));
        assert_eq!((w.width(), w.height()), (23, 23));
        assert!(window(&luma, Point::new(f64::NAN, 1.0), 40.0, 1).is_none());
        assert!(window(&luma, Point::new(500.0, 500.0), 40.0, 1).is_none());
    }
}
