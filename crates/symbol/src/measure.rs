//! Sampling a located symbol's module grid from the picture and measuring it.
//!
//! Independent of the decoders: they say where a symbol is, this module reads the modules
//! itself, corrects the codewords with its own Reed–Solomon decoder, re-encodes the corrected
//! content and compares module by module.

use crate::{
    Ecc, Luma, Point,
    engines::Locator,
    geometry::Homography,
    grade::{self, Grade, Grades, Measured},
    rs,
    spec::{self, Blocks, Role},
};

/// The widest quiet zone measured, in modules.
pub(crate) const MAX_QUIET_ZONE: u32 = 10;

/// What sampling and measuring a symbol found.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Measurement {
    pub(crate) version: u8,
    pub(crate) ecc: Ecc,
    pub(crate) mask: u8,
    pub(crate) mirrored: bool,
    pub(crate) inverted: bool,
    /// Outer corners: top-left, top-right, bottom-right, bottom-left.
    pub(crate) corners: [Point; 4],
    pub(crate) module_px: f64,
    pub(crate) contrast: f64,
    pub(crate) quiet_zone_modules: u32,
    /// Modules whose colour differs from the re-encoding, when error correction succeeded.
    pub(crate) damaged_modules: Option<usize>,
    pub(crate) modules: usize,
    /// Codewords corrected, when error correction succeeded.
    pub(crate) corrected_codewords: Option<usize>,
    pub(crate) grades: Grades,
}

/// Hints from the decoders for the same symbol.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Hints {
    pub(crate) version: Option<u8>,
    pub(crate) ecc: Option<Ecc>,
    pub(crate) mask: Option<u8>,
}

/// Offsets of a module's sample points from its centre, in modules, along each axis.
const OFFSETS: [f64; 3] = [-0.2, 0.0, 0.2];

/// Reads module reflectances from a picture through one module-to-pixel transform.
///
/// The reflectance of a module is the mean of 9 bilinear samples within ±0.2 module of its
/// centre (`OFFSETS` along each axis), 0 (black) to 1 (white). Two things make it cheaper than
/// mapping and interpolating 9 points independently, without changing the value:
///
/// - the transform's products with the 3 column and the 3 row coordinates are computed once
///   per module instead of once per point, and added in the order [`Homography::map`] adds
///   them, so every point is the same to the bit;
/// - where the picture is sharp, a module lies on pixels of one value: when every pixel the 9
///   samples can touch (the box around the 4 outer points, which hold the other 5 between
///   them) has the same value, that value is the reflectance, and the 9 samples are not
///   interpolated. A bilinear sample between 4 equal pixels is that value exactly
///   ([`Sampler::bilinear`]), so both ways give the same bits.
struct Sampler<'a> {
    pixels: &'a [u8],
    width: usize,
    height: usize,
    m: [f64; 9],
}

impl<'a> Sampler<'a> {
    fn new(luma: &'a Luma, h: &Homography) -> Self {
        Self {
            pixels: luma.pixels(),
            width: luma.width() as usize,
            height: luma.height() as usize,
            m: *h.matrix(),
        }
    }

    /// Reflectance of module `(mx, my)` (module coordinates, may be outside the symbol), 0 to
    /// 1. `None` when a sample point is off the picture.
    fn module(&self, mx: f64, my: f64) -> Option<f64> {
        self.module_where(mx, my, true)
    }

    /// [`module`](Self::module), taking the value of a module on pixels of one value without
    /// interpolating only when `shortcut`.
    fn module_where(&self, mx: f64, my: f64, shortcut: bool) -> Option<f64> {
        let m = &self.m;
        let (cx, cy) = (mx + 0.5, my + 0.5);
        let u = OFFSETS.map(|d| {
            let x = cx + d;
            [m[0] * x, m[3] * x, m[6] * x]
        });
        let v = OFFSETS.map(|d| {
            let y = cy + d;
            [m[1] * y, m[4] * y, m[7] * y]
        });
        // `Homography::map` of (x, y): the same operations in the same order.
        let w = |i: usize, j: usize| u[i][2] + v[j][2] + m[8];
        let point = |i: usize, j: usize| {
            let (a, b, w) = (&u[i], &v[j], w(i, j));
            Point::new((a[0] + b[0] + m[2]) / w, (a[1] + b[1] + m[5]) / w)
        };
        // The module's image is the quadrilateral of its outer points only when no point of it
        // is at infinity: the denominator has one sign over it (it is linear).
        let corners = [(0, 0), (2, 0), (0, 2), (2, 2)];
        let ws = corners.map(|(i, j)| w(i, j));
        if shortcut && (ws.iter().all(|&w| w > 0.0) || ws.iter().all(|&w| w < 0.0)) {
            let outer = corners.map(|(i, j)| point(i, j));
            if let Some(value) = self.uniform(&outer) {
                return Some(f64::from(value) / 255.0);
            }
        }
        let mut sum = 0.0;
        for j in 0..3 {
            for i in 0..3 {
                sum += self.bilinear(point(i, j))?;
            }
        }
        Some(sum / 9.0 / 255.0)
    }

    /// The one value of every pixel a bilinear sample inside the quadrilateral `outer` can
    /// read, if there is one value; `None` otherwise or when a corner is off the picture.
    fn uniform(&self, outer: &[Point; 4]) -> Option<u8> {
        let (w, h) = (self.width as f64, self.height as f64);
        let (mut x_min, mut y_min, mut x_max, mut y_max) = (w, h, 0.0f64, 0.0f64);
        for p in outer {
            // Inside the picture (NaN fails too); the picture is convex, so is every point
            // between the corners.
            if !(p.x >= 0.0 && p.y >= 0.0 && p.x < w && p.y < h) {
                return None;
            }
            x_min = x_min.min(p.x);
            y_min = y_min.min(p.y);
            x_max = x_max.max(p.x);
            y_max = y_max.max(p.y);
        }
        // The pixels `bilinear` reads for points in that box.
        let column = |x: f64| crate::num::saturating_u32((x - 0.5).max(0.0)) as usize;
        let (x0, y0) = (column(x_min), column(y_min));
        let x1 = (column(x_max) + 1).min(self.width - 1);
        let y1 = (column(y_max) + 1).min(self.height - 1);
        let value = self.pixels[y0 * self.width + x0];
        for y in y0..=y1 {
            let row = &self.pixels[y * self.width + x0..=y * self.width + x1];
            if row.iter().any(|&p| p != value) {
                return None;
            }
        }
        Some(value)
    }

    /// The picture at `p`, interpolated between the 4 nearest pixel centres; `None` off the
    /// picture. Between 4 equal pixels, their value (interpolating could miss it by a bit).
    fn bilinear(&self, p: Point) -> Option<f64> {
        let (w, h) = (self.width as f64, self.height as f64);
        if !p.is_finite() || p.x < 0.0 || p.y < 0.0 || p.x >= w || p.y >= h {
            return None;
        }
        let fx = (p.x - 0.5).max(0.0);
        let fy = (p.y - 0.5).max(0.0);
        // Finite and not negative: rounding toward zero is the floor (without a library call),
        // and below the width and height.
        let (x0, y0) = (
            crate::num::saturating_u32(fx) as usize,
            crate::num::saturating_u32(fy) as usize,
        );
        let (ax, ay) = (fx - x0 as f64, fy - y0 as f64);
        let (x1, y1) = ((x0 + 1).min(self.width - 1), (y0 + 1).min(self.height - 1));
        let at = |x: usize, y: usize| self.pixels[y * self.width + x];
        let (a, b, c, d) = (at(x0, y0), at(x1, y0), at(x0, y1), at(x1, y1));
        if a == b && a == c && a == d {
            return Some(f64::from(a));
        }
        let (a, b, c, d) = (f64::from(a), f64::from(b), f64::from(c), f64::from(d));
        let top = a * (1.0 - ax) + b * ax;
        let bottom = c * (1.0 - ax) + d * ax;
        Some(top * (1.0 - ay) + bottom * ay)
    }
}

/// The module-to-pixel transform for a symbol of `size` modules.
fn transform(locator: &Locator, size: usize) -> Option<Homography> {
    let n = size as f64;
    match *locator {
        Locator::Corners(c) => Homography::from_points(
            [
                Point::new(0.0, 0.0),
                Point::new(n, 0.0),
                Point::new(n, n),
                Point::new(0.0, n),
            ],
            c,
        ),
        Locator::Finders {
            tl,
            tr,
            bl,
            alignment,
        } => {
            let (a, b) = (3.5, n - 3.5);
            match alignment {
                Some(ap) if size > 21 => Homography::from_points(
                    [
                        Point::new(a, a),
                        Point::new(b, a),
                        Point::new(a, b),
                        Point::new(n - 6.5, n - 6.5),
                    ],
                    [tl, tr, bl, ap],
                ),
                _ => Homography::affine(
                    [Point::new(a, a), Point::new(b, a), Point::new(a, b)],
                    [tl, tr, bl],
                ),
            }
        }
    }
}

/// A sampled grid: reflectance per module, row by row.
struct Grid {
    size: usize,
    h: Homography,
    reflectance: Vec<f64>,
}

impl Grid {
    fn at(&self, x: usize, y: usize) -> f64 {
        self.reflectance[y * self.size + x]
    }
}

fn sample_grid(luma: &Luma, h: Homography, size: usize) -> Option<Grid> {
    let sampler = Sampler::new(luma, &h);
    let mut reflectance = Vec::with_capacity(size * size);
    for y in 0..size {
        for x in 0..size {
            reflectance.push(sampler.module(x as f64, y as f64)?);
        }
    }
    Some(Grid {
        size,
        h,
        reflectance,
    })
}

/// Mean reflectance of the dark and the light modules of the top-left finder pattern.
fn finder_levels(grid: &Grid) -> (f64, f64) {
    let (mut dark, mut nd, mut light, mut nl) = (0.0, 0.0, 0.0, 0.0);
    for y in 0..7 {
        for x in 0..7 {
            if spec::finder_dark(grid.size, x, y) {
                dark += grid.at(x, y);
                nd += 1.0;
            } else {
                light += grid.at(x, y);
                nl += 1.0;
            }
        }
    }
    (dark / nd, light / nl)
}

/// How well the timing patterns of a candidate grid alternate, 0–1, with polarity taken from
/// the finder pattern. Used to find the symbol size when no decoder gave the version.
fn timing_score(luma: &Luma, locator: &Locator, size: usize) -> Option<f64> {
    let h = transform(locator, size)?;
    let sampler = Sampler::new(luma, &h);
    let mut finder = Vec::with_capacity(49);
    for y in 0..7 {
        for x in 0..7 {
            finder.push((
                spec::finder_dark(size, x, y),
                sampler.module(x as f64, y as f64)?,
            ));
        }
    }
    let mean = |want: bool| {
        let v: Vec<f64> = finder.iter().filter(|f| f.0 == want).map(|f| f.1).collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let (dark, light) = (mean(true), mean(false));
    if (light - dark).abs() < 0.05 {
        return None;
    }
    let threshold = (dark + light) / 2.0;
    let (mut good, mut total) = (0usize, 0usize);
    for i in 8..size - 8 {
        for (x, y) in [(i, 6), (6, i)] {
            let r = sampler.module(x as f64, y as f64)?;
            let is_dark = (r < threshold) == (dark < light);
            good += usize::from(is_dark == (i % 2 == 0));
            total += 1;
        }
    }
    Some(good as f64 / total as f64)
}

/// Reads the format information from a binarised grid: (level, mask, Hamming distance).
fn read_format(dark: &[bool], size: usize) -> (Ecc, u8, u32) {
    let word = |positions: [(usize, usize); 15]| {
        positions.iter().enumerate().fold(0u16, |w, (i, &(x, y))| {
            w | (u16::from(dark[y * size + x]) << i)
        })
    };
    let main = spec::nearest_format(word(spec::format_positions_main()));
    let side = spec::nearest_format(word(spec::format_positions_side(size)));
    if side.2 < main.2 { side } else { main }
}

fn read_version(dark: &[bool], size: usize) -> (u8, u32) {
    spec::version_positions(size)
        .iter()
        .map(|positions| {
            let word = positions.iter().enumerate().fold(0u32, |w, (i, &(x, y))| {
                w | (u32::from(dark[y * size + x]) << i)
            });
            spec::nearest_version(word)
        })
        .min_by_key(|&(_, d)| d)
        .unwrap_or((0, u32::MAX))
}

/// The sizes to try, best candidate first.
fn candidate_sizes(luma: &Luma, locator: &Locator, hints: &Hints) -> Vec<usize> {
    if let Some(v) = hints.version.filter(|v| (1..=40).contains(v)) {
        return vec![spec::side(v)];
    }
    let side_px = locator.side();
    let mut scored: Vec<(usize, f64)> = (1..=40u8)
        .map(spec::side)
        .filter(|&n| side_px / n as f64 >= 0.8)
        .filter_map(|n| Some((n, timing_score(luma, locator, n)?)))
        .filter(|&(_, s)| s >= 0.8)
        .collect();
    // A grid sampled at an odd multiple of the true pitch also alternates; prefer the finest
    // grid among the good ones, then the best score.
    scored.sort_by_key(|s| std::cmp::Reverse(s.0));
    let best = scored.iter().map(|s| s.1).fold(0.0, f64::max);
    let mut sizes: Vec<usize> = scored
        .iter()
        .filter(|s| s.1 >= best - 0.1)
        .map(|s| s.0)
        .collect();
    sizes.extend(
        scored
            .iter()
            .map(|s| s.0)
            .filter(|n| !sizes.contains(n))
            .collect::<Vec<_>>(),
    );
    sizes
}

/// Samples and measures the symbol `locator` points at.
pub(crate) fn measure(luma: &Luma, locator: &Locator, hints: &Hints) -> Option<Measurement> {
    for size in candidate_sizes(luma, locator, hints).into_iter().take(4) {
        if let Some(m) = measure_size(luma, locator, hints, size) {
            return Some(m);
        }
    }
    None
}

/// Samples and measures the symbol at `locator` as one of `size` modules a side: `None` when
/// the grid sampled there is no QR symbol of that size.
fn measure_size(luma: &Luma, locator: &Locator, hints: &Hints, size: usize) -> Option<Measurement> {
    let version = spec::version_of_side(size)?;
    let h = transform(locator, size)?;
    let mut grid = sample_grid(luma, h, size)?;
    let (finder_dark, finder_light) = finder_levels(&grid);
    let inverted = finder_dark > finder_light;
    if inverted {
        for r in &mut grid.reflectance {
            *r = 1.0 - *r;
        }
    }
    let sampler = Sampler::new(luma, &grid.h);
    let near = near_rings(&sampler, size, inverted);
    let levels = Levels::of(&grid, &near, |k| ring(&sampler, size, k, inverted))?;
    let modules = Modules::read(&mut grid, size, version, levels.threshold, hints)?;
    let content = Content::correct(&modules.dark, size, version, modules.ecc, modules.mask);
    let (modulation, uec) = error_correction_grades(&grid, &modules.dark, &levels, &content, size);
    let (fixed_errors, fixed_grade) = fixed_pattern_damage(&modules.dark, size, version);
    let geometry = Geometry::of(&grid.h, size);

    let measured = |value: f64, grade: Grade| Measured {
        value: round(value, 4),
        grade,
    };
    let contrast = levels.contrast;
    let quiet_zone_modules = levels.quiet_zone_modules;
    let grades_list = [
        Some(Grade::at_least(contrast, grade::CONTRAST)),
        modulation.map(|m| m.grade),
        Some(fixed_grade),
        uec.map(|m| m.grade),
        Some(Grade::at_most(geometry.axial, grade::AXIAL)),
        Some(Grade::at_most(geometry.grid_nonuniformity, grade::GRID)),
        Some(Grade::at_least(
            f64::from(quiet_zone_modules),
            grade::QUIET_ZONE,
        )),
    ];
    let overall = grades_list
        .iter()
        .flatten()
        .copied()
        .min()
        .unwrap_or(Grade::F);
    let grades = Grades {
        symbol_contrast: measured(contrast, Grade::at_least(contrast, grade::CONTRAST)),
        modulation,
        fixed_pattern_damage: measured(fixed_errors as f64, fixed_grade),
        unused_error_correction: uec,
        axial_nonuniformity: measured(geometry.axial, Grade::at_most(geometry.axial, grade::AXIAL)),
        grid_nonuniformity: measured(
            geometry.grid_nonuniformity,
            Grade::at_most(geometry.grid_nonuniformity, grade::GRID),
        ),
        quiet_zone: measured(
            f64::from(quiet_zone_modules),
            Grade::at_least(f64::from(quiet_zone_modules), grade::QUIET_ZONE),
        ),
        overall,
    };
    let corners = geometry.corners;
    let corners = if modules.mirrored {
        [corners[0], corners[3], corners[2], corners[1]]
    } else {
        corners
    };
    Some(Measurement {
        version,
        ecc: modules.ecc,
        mask: modules.mask,
        mirrored: modules.mirrored,
        inverted,
        corners: corners.map(|p| Point::new(round(p.x, 2), round(p.y, 2))),
        module_px: round(geometry.module_px, 3),
        contrast: round(contrast, 4),
        quiet_zone_modules,
        damaged_modules: content.ideal.as_ref().map(|ideal| {
            ideal
                .iter()
                .zip(&modules.dark)
                .filter(|(a, b)| a != b)
                .count()
        }),
        modules: size * size,
        corrected_codewords: content.corrected.map(|e| e.iter().sum()),
        grades,
    })
}

/// The rings nearest the symbol, which count in its contrast: sampled whole, before the
/// threshold is known. The rings beyond are sampled only while every ring inside them is light,
/// and each only up to its first module that is not.
const NEAR_RINGS: u32 = 4;

/// The modules of the ring `k` modules out around a symbol of `size` modules, in module
/// coordinates, in the order they are sampled.
fn ring_modules(size: usize, k: u32) -> Vec<(f64, f64)> {
    let k = f64::from(k);
    let n = size as f64;
    let mut modules = Vec::new();
    let mut i = -k;
    while i < n + k {
        modules.push((i, -k));
        modules.push((i, n - 1.0 + k));
        if i > -k && i < n - 1.0 + k {
            modules.push((-k, i));
            modules.push((n - 1.0 + k, i));
        }
        i += 1.0;
    }
    modules
}

/// The modules of the ring `k` modules out around a symbol of `size` modules, sampled with
/// the symbol's polarity (`None` off the picture), one by one as they are taken.
fn ring<'s>(
    sampler: &'s Sampler<'_>,
    size: usize,
    k: u32,
    inverted: bool,
) -> impl Iterator<Item = Option<f64>> + 's {
    ring_modules(size, k).into_iter().map(move |(x, y)| {
        let r = sampler.module(x, y);
        if inverted { r.map(|r| 1.0 - r) } else { r }
    })
}

/// The [`NEAR_RINGS`] rings around a symbol, sampled whole.
fn near_rings(sampler: &Sampler<'_>, size: usize, inverted: bool) -> Vec<Vec<Option<f64>>> {
    (1..=NEAR_RINGS)
        .map(|k| ring(sampler, size, k, inverted).collect())
        .collect()
}

/// The reflectance levels of a symbol and its surroundings.
struct Levels {
    /// Symbol contrast: the widest spread of the symbol's and its four nearest rings' modules.
    contrast: f64,
    /// The middle of that spread: darker modules are dark.
    threshold: f64,
    /// Rings of light modules around the symbol.
    quiet_zone_modules: u32,
}

impl Levels {
    /// The levels of the symbol `grid`, with the rings `near` around it (the
    /// [`NEAR_RINGS`] nearest) and `far(k)` sampling the ring `k` modules out, from
    /// `NEAR_RINGS + 1` to [`MAX_QUIET_ZONE`], as far as the quiet zone reaches. `None` when
    /// the symbol has almost no contrast (under 0.02).
    fn of<I: Iterator<Item = Option<f64>>>(
        grid: &Grid,
        near: &[Vec<Option<f64>>],
        mut far: impl FnMut(u32) -> I,
    ) -> Option<Self> {
        let near_modules = near.iter().flatten().flatten();
        let r_max = grid
            .reflectance
            .iter()
            .chain(near_modules.clone())
            .copied()
            .fold(f64::MIN, f64::max);
        let r_min = grid
            .reflectance
            .iter()
            .chain(near_modules)
            .copied()
            .fold(f64::MAX, f64::min);
        let contrast = (r_max - r_min).max(0.0);
        if contrast < 0.02 {
            return None;
        }
        let threshold = (r_max + r_min) / 2.0;
        let light = |r: Option<f64>| r.is_some_and(|r| r >= threshold);
        let mut quiet_zone_modules = 0;
        for ring in near {
            if !ring.iter().all(|&r| light(r)) {
                break;
            }
            quiet_zone_modules += 1;
        }
        if quiet_zone_modules == NEAR_RINGS {
            for k in NEAR_RINGS + 1..=MAX_QUIET_ZONE {
                if !far(k).all(light) {
                    break;
                }
                quiet_zone_modules = k;
            }
        }
        Some(Self {
            contrast,
            threshold,
            quiet_zone_modules,
        })
    }
}

/// The dark modules of a symbol and the format they carry.
struct Modules {
    dark: Vec<bool>,
    /// Drawn mirror-image (the grid, and `dark`, are transposed back).
    mirrored: bool,
    ecc: Ecc,
    mask: u8,
}

impl Modules {
    /// Thresholds the grid, reads the format information (from the transposed grid when the
    /// symbol is mirrored, which transposes `grid` too, or from the decoders' hints when
    /// neither reads) and checks the version information of version 7 and up. `None` when
    /// the format or the version does not read.
    fn read(
        grid: &mut Grid,
        size: usize,
        version: u8,
        threshold: f64,
        hints: &Hints,
    ) -> Option<Self> {
        let mut dark: Vec<bool> = grid.reflectance.iter().map(|&r| r < threshold).collect();
        let mut mirrored = false;
        let (mut ecc, mut mask, mut distance) = read_format(&dark, size);
        if distance > 3 {
            let transposed: Vec<bool> = (0..size * size)
                .map(|i| dark[(i % size) * size + i / size])
                .collect();
            let t = read_format(&transposed, size);
            if t.2 <= 3 {
                dark = transposed;
                grid.reflectance = (0..size * size)
                    .map(|i| grid.reflectance[(i % size) * size + i / size])
                    .collect();
                mirrored = true;
                (ecc, mask, distance) = t;
            }
        }
        if distance > 3 {
            match (hints.ecc, hints.mask) {
                (Some(e), Some(m)) => (ecc, mask) = (e, m),
                _ => return None,
            }
        }
        if version >= 7 && hints.version.is_none() {
            let (v, d) = read_version(&dark, size);
            if d > 3 || v != version {
                return None;
            }
        }
        Some(Self {
            dark,
            mirrored,
            ecc,
            mask,
        })
    }
}

/// The codewords of a symbol after this crate's own error correction.
struct Content {
    blocks: Blocks,
    /// Module positions in placement order.
    order: Vec<(usize, usize)>,
    /// Codewords corrected in each block, when every block corrected.
    corrected: Option<Vec<usize>>,
    /// The dark modules of the corrected content re-encoded, when it corrected.
    ideal: Option<Vec<bool>>,
}

impl Content {
    fn correct(dark: &[bool], size: usize, version: u8, ecc: Ecc, mask: u8) -> Self {
        let roles = spec::roles(version);
        let order = spec::placement_order(version, &roles);
        let blocks = Blocks::of(version, ecc);
        let mut codewords = vec![0u8; blocks.total];
        for (bit, &(x, y)) in order.iter().enumerate().take(blocks.total * 8) {
            if dark[y * size + x] != spec::mask_bit(mask, x, y) {
                codewords[bit / 8] |= 0x80 >> (bit % 8);
            }
        }
        let mut split = blocks.deinterleave(&codewords);
        let mut errors = Vec::with_capacity(blocks.count);
        for block in &mut split {
            errors.push(rs::correct(block, blocks.ecc_per_block));
        }
        let corrected: Option<Vec<usize>> = errors.iter().copied().collect();
        let ideal = corrected.as_ref().and_then(|_| {
            let data: Vec<u8> = split
                .iter()
                .enumerate()
                .flat_map(|(i, b)| b[..blocks.data_len(i)].iter().copied())
                .collect();
            reencode(&data, version, ecc, mask)
        });
        Self {
            blocks,
            order,
            corrected,
            ideal,
        }
    }
}

/// Modulation (ISO/IEC 15415 5.6.3.3) and unused error correction, when the content
/// corrected.
fn error_correction_grades(
    grid: &Grid,
    dark: &[bool],
    levels: &Levels,
    content: &Content,
    size: usize,
) -> (Option<Measured>, Option<Measured>) {
    let blocks = &content.blocks;
    // Module grades for modulation: wrong-coloured modules get 0.
    let module_grade = |i: usize| -> Grade {
        if content
            .ideal
            .as_ref()
            .is_some_and(|ideal| ideal[i] != dark[i])
        {
            return Grade::F;
        }
        let m = 2.0 * (grid.reflectance[i] - levels.threshold).abs() / levels.contrast;
        Grade::at_least(m, grade::MODULATION)
    };
    let owner = blocks.block_of_codeword();
    let mut codeword_grade = vec![Grade::A; blocks.total];
    for (bit, &(x, y)) in content.order.iter().enumerate().take(blocks.total * 8) {
        let g = module_grade(y * size + x);
        let c = &mut codeword_grade[bit / 8];
        *c = (*c).min(g);
    }
    let capacity = blocks
        .ecc_per_block
        .saturating_sub(blocks.misdecode_protection)
        .max(1) as f64;
    let modulation = content.ideal.as_ref().map(|_| {
        let mut best = Measured {
            value: 0.0,
            grade: Grade::F,
        };
        for level in [Grade::A, Grade::B, Grade::C, Grade::D] {
            let mut erasures = vec![0usize; blocks.count];
            for (c, g) in codeword_grade.iter().enumerate() {
                if *g < level {
                    erasures[owner[c]] += 1;
                }
            }
            let uec = (0..blocks.count)
                .map(|b| 1.0 - erasures[b] as f64 / capacity)
                .fold(1.0, f64::min)
                .max(0.0);
            let g = level.min(Grade::at_least(uec, grade::UEC));
            if g > best.grade {
                best = Measured {
                    value: round(uec, 4),
                    grade: g,
                };
            }
        }
        best
    });
    let uec = content.corrected.as_ref().map(|errors| {
        let value = errors
            .iter()
            .map(|&e| 1.0 - 2.0 * e as f64 / capacity)
            .fold(1.0, f64::min)
            .max(0.0);
        Measured {
            value: round(value, 4),
            grade: Grade::at_least(value, grade::UEC),
        }
    });
    (modulation, uec)
}

/// Modules of the finder, alignment and timing patterns drawn wrong, and the worst grade of
/// any one pattern.
fn fixed_pattern_damage(dark: &[bool], size: usize, version: u8) -> (usize, Grade) {
    let roles = spec::roles(version);
    let mut worst = Grade::A;
    let mut fixed_errors = 0usize;
    for (ox, oy) in [(0, 0), (size - 8, 0), (0, size - 8)] {
        let mut e = 0usize;
        for y in oy..oy + 8 {
            for x in ox..ox + 8 {
                e += usize::from(dark[y * size + x] != spec::finder_dark(size, x, y));
            }
        }
        fixed_errors += e;
        worst = worst.min(Grade::at_most(e as f64, grade::PATTERN_ERRORS));
    }
    for &(cx, cy) in &spec::alignment_centres(version) {
        let mut e = 0usize;
        for y in cy - 2..=cy + 2 {
            for x in cx - 2..=cx + 2 {
                let d = x.abs_diff(cx).max(y.abs_diff(cy));
                e += usize::from(dark[y * size + x] != (d != 1));
            }
        }
        fixed_errors += e;
        worst = worst.min(Grade::at_most(e as f64, grade::PATTERN_ERRORS));
    }
    let (mut timing_errors, mut timing_total) = (0usize, 0usize);
    for i in 8..size - 8 {
        for (x, y) in [(i, 6), (6, i)] {
            if roles[y * size + x] == Role::Timing {
                timing_errors += usize::from(dark[y * size + x] != (i % 2 == 0));
                timing_total += 1;
            }
        }
    }
    fixed_errors += timing_errors;
    worst = worst.min(Grade::at_most(
        timing_errors as f64 / timing_total.max(1) as f64,
        grade::TIMING,
    ));
    (fixed_errors, worst)
}

/// Where the symbol lies and how regular its grid is.
struct Geometry {
    /// Outer corners: top-left, top-right, bottom-right, bottom-left (before un-mirroring).
    corners: [Point; 4],
    module_px: f64,
    /// Axial non-uniformity: the difference of the two pitches over the mean.
    axial: f64,
    /// Grid non-uniformity: the largest distance of a grid point from the affine grid through
    /// the three finder centres, in modules.
    grid_nonuniformity: f64,
}

impl Geometry {
    fn of(h: &Homography, size: usize) -> Self {
        let n = size as f64;
        let corners = [h.map(0.0, 0.0), h.map(n, 0.0), h.map(n, n), h.map(0.0, n)];
        let x_pitch =
            (corners[0].distance(corners[1]) + corners[3].distance(corners[2])) / (2.0 * n);
        let y_pitch =
            (corners[0].distance(corners[3]) + corners[1].distance(corners[2])) / (2.0 * n);
        let module_px = (x_pitch + y_pitch) / 2.0;
        let axial = (x_pitch - y_pitch).abs() / module_px;
        let (a, b) = (3.5, n - 3.5);
        let grid_nonuniformity = Homography::affine(
            [Point::new(a, a), Point::new(b, a), Point::new(a, b)],
            [h.map(a, a), h.map(b, a), h.map(a, b)],
        )
        .map_or(0.0, |affine| {
            let mut worst: f64 = 0.0;
            for y in 0..=size {
                for x in 0..=size {
                    let (x, y) = (x as f64, y as f64);
                    worst = worst.max(h.map(x, y).distance(affine.map(x, y)));
                }
            }
            worst / module_px
        });
        Self {
            corners,
            module_px,
            axial,
            grid_nonuniformity,
        }
    }
}

/// `value` rounded to `digits` decimals, for stable reports.
fn round(value: f64, digits: i32) -> f64 {
    let scale = 10f64.powi(digits);
    let r = (value * scale).round() / scale;
    if r == 0.0 { 0.0 } else { r }
}

/// The module grid a correct encoder draws for these data codewords.
fn reencode(data: &[u8], version: u8, ecc: Ecc, mask: u8) -> Option<Vec<bool>> {
    use qrcode::canvas::{Canvas, MaskPattern};
    let v = qrcode::Version::Normal(i16::from(version));
    let level = crate::code::to_qrcode_level(ecc);
    let (data, ec) = qrcode::ec::construct_codewords(data, v, level).ok()?;
    let pattern = match mask {
        0 => MaskPattern::Checkerboard,
        1 => MaskPattern::HorizontalLines,
        2 => MaskPattern::VerticalLines,
        3 => MaskPattern::DiagonalLines,
        4 => MaskPattern::LargeCheckerboard,
        5 => MaskPattern::Fields,
        6 => MaskPattern::Diamonds,
        _ => MaskPattern::Meadow,
    };
    let mut canvas = Canvas::new(v, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(pattern);
    Some(
        canvas
            .into_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Canvas, EncodedSymbol, Style};

    /// The reflectance of a module as this crate first computed it: 9 points mapped one by
    /// one, each interpolated from its 4 pixels.
    fn reference(luma: &Luma, h: &Homography, mx: f64, my: f64) -> Option<f64> {
        let mut sum = 0.0;
        for dy in [-0.2, 0.0, 0.2] {
            for dx in [-0.2, 0.0, 0.2] {
                let p = h.map(mx + 0.5 + dx, my + 0.5 + dy);
                let (w, hh) = (f64::from(luma.width()), f64::from(luma.height()));
                if !p.is_finite() || p.x < 0.0 || p.y < 0.0 || p.x >= w || p.y >= hh {
                    return None;
                }
                let fx = (p.x - 0.5).max(0.0);
                let fy = (p.y - 0.5).max(0.0);
                let (x0, y0) = (
                    crate::num::saturating_i64(fx),
                    crate::num::saturating_i64(fy),
                );
                let (ax, ay) = (fx - x0 as f64, fy - y0 as f64);
                let at = |x: i64, y: i64| {
                    let x = x.min(i64::from(luma.width()) - 1);
                    let y = y.min(i64::from(luma.height()) - 1);
                    luma.get(x, y).map_or(255.0, f64::from)
                };
                let top = at(x0, y0) * (1.0 - ax) + at(x0 + 1, y0) * ax;
                let bottom = at(x0, y0 + 1) * (1.0 - ax) + at(x0 + 1, y0 + 1) * ax;
                sum += top * (1.0 - ay) + bottom * ay;
            }
        }
        Some(sum / 9.0 / 255.0)
    }

    /// Pictures of one code: sharp at 3 and 8 px a module, blurred, and noisy.
    fn pictures() -> Vec<Luma> {
        let code = EncodedSymbol::new(b"079187029317|NGUYEN THI MINH KHAI|1987-05-19|0", Ecc::M)
            .expect("fits");
        let mut out = Vec::new();
        for px in [3, 8] {
            let sharp = Canvas::with_code(&code, &Style::new(px))
                .expect("size")
                .to_luma_image();
            let (w, h) = (sharp.width() as usize, sharp.height() as usize);
            let p = sharp.pixels();
            let blurred: Vec<u8> = (0..w * h)
                .map(|i| {
                    let (x, y) = (i % w, i / w);
                    let (x1, y1) = ((x + 1).min(w - 1), (y + 1).min(h - 1));
                    let sum = u32::from(p[i])
                        + u32::from(p[y * w + x1])
                        + u32::from(p[y1 * w + x])
                        + u32::from(p[y1 * w + x1]);
                    u8::try_from(sum / 4).expect("mean of bytes")
                })
                .collect();
            let mut state = 0x1405_u64;
            let noisy: Vec<u8> = p
                .iter()
                .map(|&v| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    let n = i16::try_from(state % 61).expect("small") - 30;
                    u8::try_from((i16::from(v) + n).clamp(0, 255)).expect("clamped")
                })
                .collect();
            let size = (sharp.width(), sharp.height());
            out.push(sharp);
            out.push(Luma::new(size.0, size.1, blurred).expect("size"));
            out.push(Luma::new(size.0, size.1, noisy).expect("size"));
        }
        out
    }

    /// Transforms from module coordinates of a 25-module grid onto the picture: straight,
    /// rotated, in perspective, and one reaching off the picture.
    fn transforms(luma: &Luma) -> Vec<Homography> {
        let (w, h) = (f64::from(luma.width()), f64::from(luma.height()));
        let square = [
            Point::new(0.0, 0.0),
            Point::new(25.0, 0.0),
            Point::new(25.0, 25.0),
            Point::new(0.0, 25.0),
        ];
        let quads = [
            [(0.1, 0.1), (0.9, 0.1), (0.9, 0.9), (0.1, 0.9)],
            [(0.2, 0.05), (0.95, 0.2), (0.8, 0.95), (0.05, 0.8)],
            [(0.13, 0.17), (0.83, 0.08), (0.91, 0.94), (0.07, 0.77)],
            [(-0.2, 0.1), (0.9, -0.1), (1.1, 0.9), (0.1, 1.2)],
        ];
        quads
            .iter()
            .map(|q| {
                let to = q.map(|(x, y)| Point::new(x * w, y * h));
                Homography::from_points(square, to).expect("general position")
            })
            .collect()
    }

    #[test]
    fn a_module_samples_as_nine_points_mapped_one_by_one_do() {
        let mut checked = 0;
        for luma in pictures() {
            for h in transforms(&luma) {
                let sampler = Sampler::new(&luma, &h);
                for y in -12..37 {
                    for x in -12..37 {
                        let (x, y) = (f64::from(x), f64::from(y));
                        let (new, old) = (sampler.module(x, y), reference(&luma, &h, x, y));
                        assert_eq!(new.is_some(), old.is_some(), "module ({x}, {y})");
                        if let (Some(new), Some(old)) = (new, old) {
                            // The same to the last bits of a double: interpolating between
                            // equal pixels could miss their value by one.
                            assert!((new - old).abs() < 1e-12, "module ({x}, {y}): {new} {old}");
                            checked += 1;
                        }
                    }
                }
            }
        }
        assert!(checked > 20_000, "{checked} modules compared");
    }

    #[test]
    fn a_module_on_pixels_of_one_value_takes_it_without_interpolating_to_the_bit() {
        let (mut shortcut, mut total) = (0, 0);
        for luma in pictures() {
            for h in transforms(&luma) {
                let sampler = Sampler::new(&luma, &h);
                for y in -12..37 {
                    for x in -12..37 {
                        let (x, y) = (f64::from(x), f64::from(y));
                        let fast = sampler.module_where(x, y, true);
                        let slow = sampler.module_where(x, y, false);
                        assert_eq!(
                            fast.map(f64::to_bits),
                            slow.map(f64::to_bits),
                            "module ({x}, {y})"
                        );
                        total += usize::from(slow.is_some());
                        shortcut += usize::from(slow.is_some_and(|r| {
                            let v = r * 255.0;
                            v == v.round()
                        }));
                    }
                }
            }
        }
        // The sharp pictures put most modules on pixels of one value.
        assert!(shortcut * 4 > total, "{shortcut} of {total} on one value");
    }

    #[test]
    fn the_quiet_zone_counts_light_rings_out_to_the_first_that_is_not() {
        // A grid of one dark module in a light picture: every ring is light, up to the widest
        // measured; a dark frame 6 modules out stops the count at 5.
        let size = 21;
        let px = 4;
        let side = (size + 2 * 12) * px;
        let frame = |with_frame: bool| {
            let pixels = (0..side * side)
                .map(|i| {
                    let (x, y) = (i % side / px, i / side / px);
                    let (x, y) = (i64::from(x) - 12, i64::from(y) - 12);
                    let ring = (-x).max(y - 20).max(x - 20).max(-y);
                    if (x, y) == (0, 0) || (with_frame && ring == 6) {
                        0
                    } else {
                        255
                    }
                })
                .collect();
            Luma::new(side, side, pixels).expect("size")
        };
        for (with_frame, expected) in [(false, MAX_QUIET_ZONE), (true, 5)] {
            let luma = frame(with_frame);
            let o = 12.0 * f64::from(px);
            let n = (size * px) as f64;
            let h = Homography::from_points(
                [
                    Point::new(0.0, 0.0),
                    Point::new(21.0, 0.0),
                    Point::new(21.0, 21.0),
                    Point::new(0.0, 21.0),
                ],
                [
                    Point::new(o, o),
                    Point::new(o + n, o),
                    Point::new(o + n, o + n),
                    Point::new(o, o + n),
                ],
            )
            .expect("square");
            let grid = sample_grid(&luma, h, size as usize).expect("on the picture");
            let sampler = Sampler::new(&luma, &grid.h);
            let near = near_rings(&sampler, size as usize, false);
            let levels = Levels::of(&grid, &near, |k| ring(&sampler, size as usize, k, false))
                .expect("contrast");
            assert_eq!(levels.quiet_zone_modules, expected, "frame {with_frame}");
        }
    }
}
