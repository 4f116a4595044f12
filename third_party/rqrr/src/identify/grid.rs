use std::{cmp, mem};

use crate::{
    geometry,
    identify::match_capstones::CapStoneGroup,
    limits::{Budget, LimitExceeded},
    prepare::PreparedImage,
    prepare::{AreaFiller, ColoredRegion, ImageBuffer, PixelColor, Row},
    version_db::VERSION_DATA_BASE,
    BitGrid, CapStone, Point,
};

/// Location of a skewed square in an image
///
/// A skewed square formed by 3 [CapStones](struct.CapStone.html) and possibly
/// an alignment pattern located in the 4th corner. This can be converted into a
/// normal [Grid](trait.Grid.html) that can be decoded.
#[derive(Debug, Clone)]
pub struct SkewedGridLocation {
    pub grid_size: usize,
    pub c: geometry::Perspective,
}

impl SkewedGridLocation {
    /// Create a SkewedGridLocation from corners
    ///
    /// Given 3 corners of a grid, this tries to match the expected features of
    /// a QR code such that the SkewedGridLocation maps onto those features.
    ///
    /// For all grids this includes searching for timing patterns between
    /// capstones to determine the grid size.
    ///
    /// For bigger grids this includes searching for an alignment pattern in the
    /// 4 corner.
    ///
    /// If no sufficient match could be produces, return `None` instead. The
    /// search for the alignment pattern stops with an error when its steps or
    /// the pixels touched exceed the limits of `budget`.
    pub fn from_group<S>(
        img: &mut PreparedImage<S>,
        mut group: CapStoneGroup,
        budget: &mut Budget,
    ) -> Result<Option<Self>, LimitExceeded>
    where
        S: ImageBuffer,
    {
        /* Construct the hypotenuse line from A to C. B should be to
         * the left of this line.
         */
        let h0 = group.0.center;
        let mut hd = Point {
            x: group.2.center.x - group.0.center.x,
            y: group.2.center.y - group.0.center.y,
        };

        /* Make sure A-B-C is clockwise */
        if (group.1.center.x - h0.x) * -hd.y + (group.1.center.y - h0.y) * hd.x > 0 {
            mem::swap(&mut group.0, &mut group.2);
            hd.x = -hd.x;
            hd.y = -hd.y
        }

        /* Rotate each capstone so that corner 0 is top-left with respect
         * to the grid.
         */
        rotate_capstone(&mut group.0, &h0, &hd);
        rotate_capstone(&mut group.1, &h0, &hd);
        rotate_capstone(&mut group.2, &h0, &hd);

        /* Check the timing pattern. This doesn't require a perspective
         * transform.
         */
        let grid_size = measure_timing_pattern(img, &group);

        /* Make an estimate based for the alignment pattern based on extending
         * lines from capstones A and C.
         */

        let Some(mut align) = geometry::line_intersect(
            &group.0.corners[0],
            &group.0.corners[1],
            &group.2.corners[0],
            &group.2.corners[3],
        ) else {
            return Ok(None);
        };

        /* On V2+ grids, we should use the alignment pattern. */
        if grid_size > 21 {
            /* Try to find the actual location of the alignment pattern. */
            align = match find_alignment_pattern(img, align, &group.0, &group.2, budget)? {
                Some(align) => align,
                None => return Ok(None),
            };
            let score = -hd.y * align.x + hd.x * align.y;
            let finder = LeftMostFinder {
                line_p: hd,
                best: align,
                score,
            };
            let found = img.repaint_and_apply(
                (align.x as usize, align.y as usize),
                PixelColor::Alignment,
                finder,
            );
            align = found.best;
        }

        if version_from_grid_size(grid_size) >= VERSION_DATA_BASE.len() {
            return Ok(None);
        }

        let Some(c) = setup_perspective(img, &group, align, grid_size) else {
            return Ok(None);
        };

        Ok(Some(SkewedGridLocation { grid_size, c }))
    }

    /// Convert into a grid referencing the underlying image as source
    pub fn into_grid_image<'a, S>(self, img: &'a PreparedImage<S>) -> RefGridImage<'a, S> {
        RefGridImage { grid: self, img }
    }
}

/// Get the version for a given grid size.
///
/// The returned version can be used to fetch the VersionInfo for the given grid
/// size.
fn version_from_grid_size(grid_size: usize) -> usize {
    (grid_size - 17) / 4
}

/// A Grid that references a bigger image
///
/// Given a grid location and an image, implement the [Grid
/// trait](trait.Grid.html) so that it may be decoded by
/// [decode](fn.decode.html)
pub struct RefGridImage<'a, S> {
    grid: SkewedGridLocation,
    img: &'a PreparedImage<S>,
}

impl<S> BitGrid for RefGridImage<'_, S>
where
    S: ImageBuffer,
{
    fn size(&self) -> usize {
        self.grid.grid_size
    }

    fn bit(&self, y: usize, x: usize) -> bool {
        let p = self.grid.c.map(x as f64 + 0.5, y as f64 + 0.5);
        PixelColor::White != self.img.get_pixel_at_point(p)
    }
}

fn setup_perspective<S>(
    img: &PreparedImage<S>,
    caps: &CapStoneGroup,
    align: Point,
    grid_size: usize,
) -> Option<geometry::Perspective>
where
    S: ImageBuffer,
{
    let initial = geometry::Perspective::create(
        &[
            caps.1.corners[0],
            caps.2.corners[0],
            align,
            caps.0.corners[0],
        ],
        (grid_size - 7) as f64,
        (grid_size - 7) as f64,
    )?;

    Some(jiggle_perspective(img, initial, grid_size))
}

fn rotate_capstone(cap: &mut CapStone, h0: &Point, hd: &Point) {
    let (best_idx, _) = cap
        .corners
        .iter()
        .enumerate()
        .min_by_key(|(_, a)| (a.x - h0.x) * (-hd.y) + (a.y - h0.y) * hd.x)
        .expect("corners cannot be empty");

    /* Rotate the capstone */
    cap.corners.rotate_left(best_idx);
    cap.c = geometry::Perspective::create(&cap.corners, 7.0, 7.0)
        .expect("rotated perspective can't fail");
}

//* Try the measure the timing pattern for a given QR code. This does
// * not require the global perspective to have been set up, but it
// * does require that the capstone corners have been set to their
// * canonical rotation.
// *
// * For each capstone, we find a point in the middle of the ring band
// * which is nearest the centre of the code. Using these points, we do
// * a horizontal and a vertical timing scan.
// */
fn measure_timing_pattern<S>(img: &PreparedImage<S>, caps: &CapStoneGroup) -> usize
where
    S: ImageBuffer,
{
    const US: [f64; 3] = [6.5f64, 6.5f64, 0.5f64];
    const VS: [f64; 3] = [0.5f64, 6.5f64, 6.5f64];
    let tpet0 = caps.0.c.map(US[0], VS[0]);
    let tpet1 = caps.1.c.map(US[1], VS[1]);
    let tpet2 = caps.2.c.map(US[2], VS[2]);

    let hscan = timing_scan(img, &tpet1, &tpet2);
    let vscan = timing_scan(img, &tpet1, &tpet0);

    let scan = cmp::max(hscan, vscan);

    /* Choose the nearest allowable grid size */
    assert!(scan >= 1);
    let size = scan + 13;
    let ver = (size as f64 - 15.0).floor() as usize / 4;
    ver * 4 + 17
}

fn timing_scan<S>(img: &PreparedImage<S>, p0: &Point, p1: &Point) -> usize
where
    S: ImageBuffer,
{
    let mut count = 0;
    let mut previous = None;
    for p in geometry::BresenhamScan::new(p0, p1) {
        let pixel = img.get_pixel_at_point(p);
        if let Some(previous) = previous {
            if previous != pixel {
                count += 1;
            }
        }
        previous = Some(pixel);
    }

    count
}

fn find_alignment_pattern<S>(
    img: &mut PreparedImage<S>,
    mut align_seed: Point,
    c0: &CapStone,
    c2: &CapStone,
    budget: &mut Budget,
) -> Result<Option<Point>, LimitExceeded>
where
    S: ImageBuffer,
{
    /* Guess another two corners of the alignment pattern so that we
     * can estimate its size.
     */
    let (u, v) = c0.c.unmap(&align_seed);
    let a = c0.c.map(u, v + 1.0);
    let (u, v) = c2.c.unmap(&align_seed);
    let c = c2.c.map(u + 1.0, v);
    let size_estimate = ((a.x - align_seed.x) * -(c.y - align_seed.y)
        + (a.y - align_seed.y) * (c.x - align_seed.x))
        .unsigned_abs() as usize;

    /* Spiral outwards from the estimate point until we find something
     * roughly the right size. Don't look too far from the estimate
     * point.
     */
    let mut dir = 0;
    let mut step_size = 1;

    while step_size * step_size < size_estimate * 100 {
        const DX_MAP: [i32; 4] = [1, 0, -1, 0];
        const DY_MAP: [i32; 4] = [0, -1, 0, 1];
        for _pass in 0..step_size {
            budget.alignment_step()?;
            let x = align_seed.x as usize;
            let y = align_seed.y as usize;

            // Alignment pattern should not be white
            if x < img.width() && y < img.height() && PixelColor::White != img.get_pixel_at(x, y) {
                let region = img.get_region((x, y));
                budget.touched(img.touched())?;
                let count = match region {
                    ColoredRegion::Unclaimed { pixel_count, .. } => pixel_count,
                    _ => continue,
                };

                // Matches expected size of alignment pattern
                if count >= size_estimate / 2 && count <= size_estimate * 2 {
                    return Ok(Some(align_seed));
                }
            }

            align_seed.x += DX_MAP[dir];
            align_seed.y += DY_MAP[dir];
        }

        // Cycle directions
        dir = (dir + 1) % 4;
        if dir & 1 == 0 {
            step_size += 1
        }
    }
    Ok(None)
}

struct LeftMostFinder {
    line_p: Point,
    best: Point,
    score: i32,
}

impl AreaFiller for LeftMostFinder {
    fn update(&mut self, row: Row) {
        let left_d = -self.line_p.y * (row.left as i32) + self.line_p.x * row.y as i32;
        let right_d = -self.line_p.y * (row.right as i32) + self.line_p.x * row.y as i32;

        if left_d < self.score {
            self.score = left_d;
            self.best.x = row.left as i32;
            self.best.y = row.y as i32;
        }

        if right_d < self.score {
            self.score = right_d;
            self.best.x = row.right as i32;
            self.best.y = row.y as i32;
        }
    }
}

fn jiggle_perspective<S>(
    img: &PreparedImage<S>,
    mut perspective: geometry::Perspective,
    grid_size: usize,
) -> geometry::Perspective
where
    S: ImageBuffer,
{
    let mut best = fitness_all(img, &perspective, grid_size);
    // No adjustment is kept unless it scores higher, so once every sample agrees the fit is done.
    let perfect = fitness_perfect(grid_size);
    if best == perfect {
        return perspective;
    }
    let mut adjustments: [f64; 8] = [
        perspective.0[0] * 0.02f64,
        perspective.0[1] * 0.02f64,
        perspective.0[2] * 0.02f64,
        perspective.0[3] * 0.02f64,
        perspective.0[4] * 0.02f64,
        perspective.0[5] * 0.02f64,
        perspective.0[6] * 0.02f64,
        perspective.0[7] * 0.02f64,
    ];

    for _pass in 0..5 {
        for i in 0..16 {
            let j = i >> 1;
            let old = perspective.0[j];
            let step = adjustments[j];

            let new = if i & 1 != 0 { old + step } else { old - step };

            perspective.0[j] = new;
            let test = fitness_all(img, &perspective, grid_size);
            if test > best {
                best = test;
                if best == perfect {
                    return perspective;
                }
            } else {
                perspective.0[j] = old
            }
        }

        #[allow(clippy::needless_range_loop)]
        for i in 0..8 {
            adjustments[i] *= 0.5f64;
        }
    }
    perspective
}
/// The score of `fitness_all` when every sample agrees with the pattern: 9 per cell.
fn fitness_perfect(grid_size: usize) -> i32 {
    let info = &VERSION_DATA_BASE[version_from_grid_size(grid_size)];
    let ap_count = info.apat.iter().take(7).take_while(|&&a| a != 0).count() as i32;
    let timing = 2 * (grid_size as i32 - 14);
    let capstones = 3 * 49;
    let apats = 25 * (2 * (ap_count - 2).max(0) + (ap_count - 1).max(0).pow(2));
    9 * (timing + capstones + apats)
}
/* Compute a fitness score for the currently configured perspective
 * transform, using the features we expect to find by scanning the
 * grid.
 */
fn fitness_all<S>(
    img: &PreparedImage<S>,
    perspective: &geometry::Perspective,
    grid_size: usize,
) -> i32
where
    S: ImageBuffer,
{
    let version = version_from_grid_size(grid_size);
    let info = &VERSION_DATA_BASE[version];
    let mut score = 0;

    /* Check the timing pattern */
    for i in 0..(grid_size as i32 - 14) {
        let expect = if 0 != i & 1 { 1 } else { -1 };
        score += fitness_cell(img, perspective, i + 7, 6) * expect;
        score += fitness_cell(img, perspective, 6, i + 7) * expect;
    }

    /* Check capstones */
    score += fitness_capstone(img, perspective, 0, 0);
    score += fitness_capstone(img, perspective, grid_size as i32 - 7, 0);
    score += fitness_capstone(img, perspective, 0, grid_size as i32 - 7);

    /* Check alignment patterns */
    let mut ap_count = 0;
    while ap_count < 7 && info.apat[ap_count] != 0 {
        ap_count += 1
    }
    for i in 1..(ap_count.saturating_sub(1)) {
        score += fitness_apat(img, perspective, 6, info.apat[i] as i32);
        score += fitness_apat(img, perspective, info.apat[i] as i32, 6);
    }
    for i in 1..ap_count {
        for j in 1..ap_count {
            score += fitness_apat(img, perspective, info.apat[i] as i32, info.apat[j] as i32);
        }
    }
    score
}

fn fitness_apat<S>(
    img: &PreparedImage<S>,
    perspective: &geometry::Perspective,
    cx: i32,
    cy: i32,
) -> i32
where
    S: ImageBuffer,
{
    fitness_cell(img, perspective, cx, cy) - fitness_ring(img, perspective, cx, cy, 1)
        + fitness_ring(img, perspective, cx, cy, 2)
}

fn fitness_ring<S>(
    img: &PreparedImage<S>,
    perspective: &geometry::Perspective,
    cx: i32,
    cy: i32,
    radius: i32,
) -> i32
where
    S: ImageBuffer,
{
    let mut score = 0;
    for i in 0..(radius * 2) {
        score += fitness_cell(img, perspective, cx - radius + i, cy - radius);
        score += fitness_cell(img, perspective, cx - radius, cy + radius - i);
        score += fitness_cell(img, perspective, cx + radius, cy - radius + i);
        score += fitness_cell(img, perspective, cx + radius - i, cy + radius);
    }
    score
}

/// Score a cell against the image: +1 for every one of its 3 × 3 samples on a dark pixel, -1 on
/// a white one, nothing outside the image.
///
/// This is `perspective.map` for each sample, done with less work and the same bits: the nine
/// samples are a lattice, so the products of the coefficients with a column's `u` and a row's
/// `v` are each computed once and added in the order `map` adds them; the two divisions by the
/// same denominator are written side by side (one packed division where the target has one);
/// a sample whose quotients lie within the image is rounded and read without the range
/// assertions and clamps, which cannot fail there. Any other sample (outside the image, or a
/// value `map` would reject) is scored as before, by `fitness_sample`.
fn fitness_cell<S>(
    img: &PreparedImage<S>,
    perspective: &geometry::Perspective,
    x: i32,
    y: i32,
) -> i32
where
    S: ImageBuffer,
{
    const OFFSETS: [f64; 3] = [0.3f64, 0.5f64, 0.7f64];
    #[cfg(test)]
    tests::CELLS.with(|cells| cells.set(cells.get() + 1));
    let c = &perspective.0;
    // A quotient q rounds to a column within the image exactly when -0.5 < q < width - 0.5
    // (`round` takes halves away from zero). Both bounds are exact for sizes below 2^30, which
    // also keeps every quotient that passes the test within i32.
    let limit = |size: usize| size.min(1 << 30) as f64 - 0.5;
    let (x_limit, y_limit) = (limit(img.width()), limit(img.height()));
    let us = OFFSETS.map(|offset| x as f64 + offset);
    let vs = OFFSETS.map(|offset| y as f64 + offset);
    let columns = us.map(|u| [c[0] * u, c[3] * u, c[6] * u]);
    let rows = vs.map(|v| [c[1] * v, c[4] * v, c[7] * v]);
    let mut score = 0;
    for (row, &v) in rows.iter().zip(&vs) {
        for (column, &u) in columns.iter().zip(&us) {
            // `map`'s sums, in its order: (c6 u + c7 v) + 1, (c0 u + c1 v) + c2, (c3 u + c4 v) + c5.
            let den = column[2] + row[2] + 1.0f64;
            let numerators = [column[0] + row[0] + c[2], column[1] + row[1] + c[5]];
            let [qx, qy] = numerators.map(|n| n / den);
            if qx > -0.5 && qx < x_limit && qy > -0.5 && qy < y_limit {
                let dark =
                    PixelColor::White != img.get_pixel_at(round_within(qx), round_within(qy));
                score += if dark { 1 } else { -1 };
            } else {
                score += fitness_sample(img, perspective, u, v);
            }
        }
    }
    score
}

/// A sample's score as `fitness_cell` scored every sample before: `map` (which panics on a
/// coordinate beyond i32), the bounds test, and the pixel.
#[cold]
#[inline(never)]
fn fitness_sample<S>(
    img: &PreparedImage<S>,
    perspective: &geometry::Perspective,
    u: f64,
    v: f64,
) -> i32
where
    S: ImageBuffer,
{
    let p = perspective.map(u, v);
    if p.y < 0 || p.y as usize >= img.height() || p.x < 0 || p.x as usize >= img.width() {
        0
    } else if PixelColor::White != img.get_pixel_at_point(p) {
        1
    } else {
        -1
    }
}

/// `q.round()` as an index, for -0.5 < q < 2^30, without a conversion instruction's range
/// checks: adding 1.5 × 2^52 leaves q's nearest whole number (ties to even) in the low bits,
/// and the fraction that rounding left, exact here, says whether `round` (halves away from
/// zero) differs from it by one.
fn round_within(q: f64) -> usize {
    const SHIFT: f64 = 6_755_399_441_055_744.0;
    let shifted = q + SHIFT;
    let fraction = q - (shifted - SHIFT);
    let nearest = shifted.to_bits() as u32 as i32;
    (nearest + i32::from(fraction >= 0.5f64) - i32::from(fraction < -0.5f64)) as usize
}

fn fitness_capstone<S>(
    img: &PreparedImage<S>,
    perspective: &geometry::Perspective,
    x: i32,
    y: i32,
) -> i32
where
    S: ImageBuffer,
{
    fitness_cell(img, perspective, x + 3, y + 3) + fitness_ring(img, perspective, x + 3, y + 3, 1)
        - fitness_ring(img, perspective, x + 3, y + 3, 2)
        + fitness_ring(img, perspective, x + 3, y + 3, 3)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// How many cells `fitness_cell` has scored on this thread.
        pub(super) static CELLS: Cell<usize> = const { Cell::new(0) };
    }

    /// `Perspective::map` as it was before `fitness_cell` shared its work: `None` where it
    /// panics (a coordinate that rounds outside i32, or NaN).
    fn reference_map(c: &[f64; 8], u: f64, v: f64) -> Option<Point> {
        let den = c[6] * u + c[7] * v + 1.0f64;
        let x = ((c[0] * u + c[1] * v + c[2]) / den).round();
        let y = ((c[3] * u + c[4] * v + c[5]) / den).round();
        let range = i32::MIN as f64..=i32::MAX as f64;
        (range.contains(&x) && range.contains(&y)).then_some(Point {
            x: x as i32,
            y: y as i32,
        })
    }

    /// `fitness_cell` as it was: `map` for each of the nine samples, the bounds test, and
    /// `get_pixel_at_point`. `None` where it panics.
    fn reference_fitness_cell<S: ImageBuffer>(
        img: &PreparedImage<S>,
        c: &[f64; 8],
        x: i32,
        y: i32,
    ) -> Option<i32> {
        const OFFSETS: [f64; 3] = [0.3f64, 0.5f64, 0.7f64];
        let mut score = 0;
        #[allow(clippy::needless_range_loop)]
        for v in 0..3 {
            for u in 0..3 {
                let p = reference_map(c, x as f64 + OFFSETS[u], y as f64 + OFFSETS[v])?;
                if !(p.y < 0
                    || p.y as usize >= img.height()
                    || p.x < 0
                    || p.x as usize >= img.width())
                {
                    if PixelColor::White != img.get_pixel_at_point(p) {
                        score += 1
                    } else {
                        score -= 1
                    }
                }
            }
        }
        Some(score)
    }

    /// A fixed sequence of pseudo-random numbers (PCG's multiplier), so a failure is repeatable.
    struct Sequence(u64);

    impl Sequence {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0 >> 11
        }
        /// A number in `from..to`.
        fn between(&mut self, from: f64, to: f64) -> f64 {
            from + (to - from) * (self.next() as f64 / (1u64 << 53) as f64)
        }
        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
        /// `value` moved by up to 4 units in the last place, either way.
        fn nudge(&mut self, value: f64) -> f64 {
            let steps = self.below(9) as i64 - 4;
            if value == 0.0 || steps == 0 {
                return value;
            }
            f64::from_bits((value.to_bits() as i64 + steps) as u64)
        }
    }

    /// A picture of `w` × `h`, white and black, with some dark regions repainted in the other
    /// colours detection leaves (capstone, alignment, temporary).
    fn random_picture(seq: &mut Sequence, w: usize, h: usize) -> PreparedImage<Picture> {
        let pixels = (0..w * h).map(|_| seq.below(2) as u8).collect();
        let mut img = PreparedImage::without_preparation(Picture { w, h, pixels });
        for _ in 0..seq.below(4) {
            let at = (seq.below(w as u64) as usize, seq.below(h as u64) as usize);
            let colour = [
                PixelColor::CapStone,
                PixelColor::Alignment,
                PixelColor::Tmp1,
            ][seq.below(3) as usize];
            let current = img.get_pixel_at(at.0, at.1);
            if current != PixelColor::White && current != colour {
                let _ = img.repaint_and_apply(at, colour, |_: Row| ());
            }
        }
        img
    }

    /// Pixels as they are, for pictures with every colour.
    struct Picture {
        w: usize,
        h: usize,
        pixels: Vec<u8>,
    }

    impl ImageBuffer for Picture {
        fn width(&self) -> usize {
            self.w
        }
        fn height(&self) -> usize {
            self.h
        }
        fn get_pixel(&self, x: usize, y: usize) -> u8 {
            self.pixels[y * self.w + x]
        }
        fn set_pixel(&mut self, x: usize, y: usize, val: u8) {
            self.pixels[y * self.w + x] = val
        }
    }

    /// A perspective of one of four kinds: fitted to a random quadrilateral (as
    /// `setup_perspective` makes them), that with jiggled coefficients, an affine map, or one
    /// whose denominator can reach zero or change sign within the grid. Half of them are moved
    /// so that one sample of `cell` lands on or next to half a pixel, where rounding decides.
    fn random_perspective(seq: &mut Sequence, w: usize, h: usize, cell: (i32, i32)) -> [f64; 8] {
        let (wf, hf) = (w as f64, h as f64);
        let corner = |seq: &mut Sequence| Point {
            x: seq.between(-0.5 * wf, 1.5 * wf) as i32,
            y: seq.between(-0.5 * hf, 1.5 * hf) as i32,
        };
        let mut c = match seq.below(4) {
            0 | 1 => {
                let rect = [corner(seq), corner(seq), corner(seq), corner(seq)];
                let size = (14 + 4 * seq.below(20)) as f64;
                let Some(mut p) = geometry::Perspective::create(&rect, size, size) else {
                    return random_perspective(seq, w, h, cell);
                };
                if seq.below(2) == 1 {
                    for c in &mut p.0 {
                        *c += *c * 0.02 * seq.between(-1.0, 1.0);
                    }
                }
                p.0
            }
            2 => {
                let scale = [1.0, 0.5, 2.0, 3.0, seq.between(0.2, 6.0)][seq.below(5) as usize];
                let shear = if seq.below(2) == 0 {
                    0.0
                } else {
                    seq.between(-0.5, 0.5)
                };
                let (c2, c5) = (seq.between(-wf, wf), seq.between(-hf, hf));
                [scale, shear, c2, shear, scale, c5, 0.0, 0.0]
            }
            _ => {
                let mut c = [0.0; 8];
                for (i, c) in c.iter_mut().enumerate() {
                    *c = match i {
                        2 | 5 => seq.between(-wf, 2.0 * wf),
                        6 | 7 => seq.between(-0.2, 0.2),
                        _ => seq.between(-4.0, 4.0),
                    };
                }
                c
            }
        };
        if seq.below(2) == 0 {
            // Move the picture so that the quotients of one sample are halves, give or take
            // the rounding of the sums and a few units in the last place.
            let u = cell.0 as f64 + [0.3, 0.5, 0.7][seq.below(3) as usize];
            let v = cell.1 as f64 + [0.3, 0.5, 0.7][seq.below(3) as usize];
            let den = c[6] * u + c[7] * v + 1.0;
            let half_x = seq.below(w as u64 + 2) as f64 - 1.5;
            let half_y = seq.below(h as u64 + 2) as f64 - 1.5;
            c[2] = seq.nudge(half_x * den - (c[0] * u + c[1] * v));
            c[5] = seq.nudge(half_y * den - (c[3] * u + c[4] * v));
        }
        c
    }

    #[test]
    fn fitness_cell_is_map_per_sample() {
        let mut seq = Sequence(0x9e37_79b9_7f4a_7c15);
        let (mut compared, mut inside, mut outside, mut panicking) = (0, 0, 0, 0);
        for case in 0..4_000 {
            let (w, h) = (1 + seq.below(48) as usize, 1 + seq.below(48) as usize);
            let img = random_picture(&mut seq, w, h);
            for _ in 0..8 {
                let cell = (seq.below(60) as i32 - 10, seq.below(60) as i32 - 10);
                let c = random_perspective(&mut seq, w, h, cell);
                let expected = reference_fitness_cell(&img, &c, cell.0, cell.1);
                let perspective = geometry::Perspective(c);
                match expected {
                    Some(score) => {
                        let got = fitness_cell(&img, &perspective, cell.0, cell.1);
                        assert_eq!(got, score, "case {case}, {w} × {h}, cell {cell:?}, {c:?}");
                        compared += 1;
                        match score.abs() {
                            9 => inside += 1,
                            0 => outside += 1,
                            _ => {}
                        }
                    }
                    None => panicking += 1,
                }
            }
        }
        // The cases cover what they are meant to: cells within, across and outside the edge.
        assert!(compared > 31_000, "{compared} compared");
        assert!(
            inside > 1_000 && outside > 1_000,
            "{inside} inside, {outside} outside"
        );
        assert!(panicking > 0, "no perspective that map rejects");
    }

    #[test]
    fn fitness_cell_panics_where_map_panics() {
        let img = PreparedImage::without_preparation(Picture {
            w: 4,
            h: 4,
            pixels: vec![1; 16],
        });
        // The centre sample of cell (0, 0) has u = v = 0.5: a zero denominator there, and a
        // coordinate beyond i32 at another sample.
        let zero_den = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, -1.0, -1.0];
        let huge = [1e10, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0];
        for c in [zero_den, huge] {
            assert_eq!(reference_fitness_cell(&img, &c, 0, 0), None);
            let perspective = geometry::Perspective(c);
            let result = std::panic::catch_unwind(|| fitness_cell(&img, &perspective, 0, 0));
            assert!(result.is_err(), "{c:?} scored {result:?}");
        }
    }

    #[test]
    fn round_within_is_round() {
        let mut values = vec![-0.49999999999999994, -0.0, 0.0, 0.49999999999999994];
        for i in 0..100_000 {
            let half = i as f64 + 0.5;
            let next = |steps: i64| f64::from_bits((half.to_bits() as i64 + steps) as u64);
            values.extend([half, next(1), next(-1), i as f64]);
        }
        let mut seq = Sequence(7);
        for _ in 0..200_000 {
            values.push(seq.between(-0.5, 4096.0));
        }
        let top = (1u64 << 30) as f64 - 0.5;
        values.push(f64::from_bits(top.to_bits() - 1));
        for q in values.into_iter().filter(|&q| q > -0.5) {
            assert_eq!(round_within(q) as f64, q.round(), "{q:e}");
        }
    }

    #[test]
    fn fitness_perfect_is_nine_per_scored_cell() {
        let img = PreparedImage::prepare_from_greyscale(8, 8, |_, _| 0);
        let perspective = geometry::Perspective([1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0]);
        for version in 1..=40 {
            let grid_size = 17 + 4 * version;
            CELLS.with(|cells| cells.set(0));
            fitness_all(&img, &perspective, grid_size);
            let cells = CELLS.with(Cell::get) as i32;
            assert_eq!(fitness_perfect(grid_size), 9 * cells, "version {version}");
        }
    }
}
