//! Choosing the data mask: the `qrcode` crate's penalty rules, computed on bit rows.
//!
//! The `qrcode` crate masks a copy of the whole symbol for each of the eight patterns and
//! scores it module by module (its finder-pattern rule compares seven modules at every
//! position of every row and column); that was three quarters of the time it took to encode
//! and render a code. This module scores the same symbols with the same rules on rows and
//! columns held as bits, a few word operations for each rule and line, and builds the chosen
//! symbol itself. The rules are the crate's, not ISO/IEC 18004's text where the two differ
//! (docs/decisions.md, Encoding: the mask), so the mask chosen is the crate's for every input
//! whose penalties fit the crate's 16-bit arithmetic; the tests compare the two.

use qrcode::{
    EcLevel, Version,
    canvas::{Canvas as QrCanvas, Module},
    types::Color,
};

use crate::{Ecc, spec};

/// Words of a line: 192 bits hold a 177-module line with four light modules on its left and
/// the ten the finder rule looks at beyond its right end.
const WORDS: usize = 3;

/// A row or a column of the symbol, module `i` at bit `i % 64` of word `i / 64`.
type Line = [u64; WORDS];

/// The period of every mask pattern, along rows and along columns.
const PERIOD: usize = 12;

/// `ROW_PATTERNS[mask][phase]`: bit `x` set where `mask` inverts the module in column `x` of
/// a row `y` with `y % 12 == phase`.
const ROW_PATTERNS: [[Line; PERIOD]; 8] = patterns(false);
/// `COLUMN_PATTERNS[mask][phase]`: bit `y` set where `mask` inverts the module in row `y` of a
/// column `x` with `x % 12 == phase` (patterns 1, 2 and 4 are not symmetric in `x` and `y`).
const COLUMN_PATTERNS: [[Line; PERIOD]; 8] = patterns(true);

/// Whether `mask` inverts the module in column `x`, row `y`, written as ISO/IEC 18004 table 10.
#[allow(clippy::manual_is_multiple_of)]
const fn inverts(mask: usize, x: usize, y: usize) -> bool {
    match mask {
        0 => (x + y) % 2 == 0,
        1 => y % 2 == 0,
        2 => x % 3 == 0,
        3 => (x + y) % 3 == 0,
        4 => (x / 3 + y / 2) % 2 == 0,
        5 => (x * y) % 2 + (x * y) % 3 == 0,
        6 => ((x * y) % 2 + (x * y) % 3) % 2 == 0,
        _ => ((x + y) % 2 + (x * y) % 3) % 2 == 0,
    }
}

const fn patterns(columns: bool) -> [[Line; PERIOD]; 8] {
    let mut table = [[[0u64; WORDS]; PERIOD]; 8];
    let mut mask = 0;
    while mask < 8 {
        let mut phase = 0;
        while phase < PERIOD {
            let mut i = 0;
            while i < 64 * WORDS {
                let (x, y) = if columns { (phase, i) } else { (i, phase) };
                if inverts(mask, x, y) {
                    table[mask][phase][i / 64] |= 1 << (i % 64);
                }
                i += 1;
            }
            phase += 1;
        }
        mask += 1;
    }
    table
}

/// Bit `i` of the result is bit `i + k` of `line` (0 past the end), for `k < 64`.
#[inline]
fn down(line: &Line, k: u32) -> Line {
    if k == 0 {
        return *line;
    }
    let mut out = [0u64; WORDS];
    for w in 0..WORDS {
        out[w] = line[w] >> k;
        if w + 1 < WORDS {
            out[w] |= line[w + 1] << (64 - k);
        }
    }
    out
}

/// Bit `i` of the result is bit `i - k` of `line` (0 before the start), for `k < 64`.
#[inline]
fn up(line: &Line, k: u32) -> Line {
    if k == 0 {
        return *line;
    }
    let mut out = [0u64; WORDS];
    for w in 0..WORDS {
        out[w] = line[w] << k;
        if w > 0 {
            out[w] |= line[w - 1] >> (64 - k);
        }
    }
    out
}

#[inline]
fn and(a: &Line, b: &Line) -> Line {
    std::array::from_fn(|w| a[w] & b[w])
}

#[inline]
fn and_not(a: &Line, b: &Line) -> Line {
    std::array::from_fn(|w| a[w] & !b[w])
}

#[inline]
fn or(a: &Line, b: &Line) -> Line {
    std::array::from_fn(|w| a[w] | b[w])
}

#[inline]
fn same(a: &Line, b: &Line) -> Line {
    std::array::from_fn(|w| !(a[w] ^ b[w]))
}

#[inline]
fn ones(line: &Line) -> u32 {
    line.iter().map(|w| w.count_ones()).sum()
}

/// The first `n` bits set.
fn first(n: usize) -> Line {
    std::array::from_fn(|w| {
        let lo = 64 * w;
        if n >= lo + 64 {
            u64::MAX
        } else if n > lo {
            (1u64 << (n - lo)) - 1
        } else {
            0
        }
    })
}

fn set(line: &mut Line, i: usize) {
    line[i / 64] |= 1 << (i % 64);
}

/// One direction of an unmasked symbol: its rows, or its columns as rows.
#[derive(Clone)]
struct Layers {
    /// Dark function modules (finder, timing, alignment, version information, the dark
    /// module); the format information is added per mask.
    fixed: Vec<Line>,
    /// The modules that the mask applies to: data, error correction and remainder bits.
    data: Vec<Line>,
    /// Dark data modules before masking.
    value: Vec<Line>,
}

impl Layers {
    fn new(size: usize) -> Self {
        Self {
            fixed: vec![[0; WORDS]; size],
            data: vec![[0; WORDS]; size],
            value: vec![[0; WORDS]; size],
        }
    }

    /// The lines with the mask of `patterns` applied, into `out`.
    fn masked(&self, patterns: &[Line; PERIOD], out: &mut [Line]) {
        for (i, line) in out.iter_mut().enumerate() {
            let pattern = &patterns[i % PERIOD];
            *line = std::array::from_fn(|w| {
                self.fixed[i][w] | (self.data[i][w] & (self.value[i][w] ^ pattern[w]))
            });
        }
    }
}

/// An unmasked symbol, ready to be scored under each mask.
pub(crate) struct Unmasked {
    size: usize,
    ecc: Ecc,
    rows: Layers,
    columns: Layers,
}

/// The penalty of one masked symbol, rule by rule, as the `qrcode` crate counts it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Penalty {
    /// Runs of five or more modules of one colour in rows: length − 2 each.
    pub(crate) runs_rows: u32,
    /// The same in columns.
    pub(crate) runs_columns: u32,
    /// 2 × 2 blocks of one colour, overlapping ones included: 3 each.
    pub(crate) blocks: u32,
    /// `1011101` in a row with four light modules before or after it (outside the symbol
    /// counts as light): 40 each, less the 360 of the finder patterns' own nine rows.
    pub(crate) finders_rows: u32,
    /// The same in columns.
    pub(crate) finders_columns: u32,
    /// `|⌊200 × dark / all⌋ − 100|`.
    pub(crate) balance: u32,
}

impl Penalty {
    pub(crate) fn total(&self) -> u32 {
        self.runs_rows
            + self.runs_columns
            + self.blocks
            + self.finders_rows
            + self.finders_columns
            + self.balance
    }
}

impl Unmasked {
    /// Reads the modules of a `qrcode` canvas after `draw_all_functional_patterns` and
    /// `draw_data`, before any mask: function modules are `Masked`, data modules `Unmasked`,
    /// remainder modules `Empty` (masked as light data, as the crate does).
    pub(crate) fn from_canvas(canvas: &QrCanvas, size: usize, ecc: Ecc) -> Self {
        let mut rows = Layers::new(size);
        let mut columns = Layers::new(size);
        let side = i16::try_from(size).unwrap_or(i16::MAX);
        for y in 0..side {
            for x in 0..side {
                let (xu, yu) = (usize::from(x.unsigned_abs()), usize::from(y.unsigned_abs()));
                let (data, dark) = match canvas.get(x, y) {
                    Module::Masked(color) => (false, color == Color::Dark),
                    Module::Unmasked(color) => (true, color == Color::Dark),
                    Module::Empty => (true, false),
                };
                if data {
                    set(&mut rows.data[yu], xu);
                    set(&mut columns.data[xu], yu);
                }
                if dark {
                    let (row, column) = if data {
                        (&mut rows.value[yu], &mut columns.value[xu])
                    } else {
                        (&mut rows.fixed[yu], &mut columns.fixed[xu])
                    };
                    set(row, xu);
                    set(column, yu);
                }
            }
        }
        Self {
            size,
            ecc,
            rows,
            columns,
        }
    }

    /// Encodes the unmasked symbol for `data` (the terminated and padded bit stream of
    /// `version` at `level`) as the `qrcode` crate does, up to the mask.
    pub(crate) fn encode(data: &[u8], version: Version, ecc: Ecc) -> Option<Self> {
        let level: EcLevel = crate::code::to_qrcode_level(ecc);
        let (codewords, correction) = qrcode::ec::construct_codewords(data, version, level).ok()?;
        let mut canvas = QrCanvas::new(version, level);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&codewords, &correction);
        let size = usize::try_from(version.width()).ok()?;
        Some(Self::from_canvas(&canvas, size, ecc))
    }

    /// The rows and the columns of the symbol under `mask`.
    fn lines(&self, mask: u8, rows: &mut [Line], columns: &mut [Line]) {
        let m = usize::from(mask & 7);
        self.rows.masked(&ROW_PATTERNS[m], rows);
        self.columns.masked(&COLUMN_PATTERNS[m], columns);
        // The format information, reserved light in the unmasked symbol.
        let word = spec::format_word(self.ecc, mask);
        let main = spec::format_positions_main();
        let side = spec::format_positions_side(self.size);
        for (i, &(x, y)) in main.iter().chain(side.iter()).enumerate() {
            if word >> (i % 15) & 1 == 1 {
                set(&mut rows[y], x);
                set(&mut columns[x], y);
            }
        }
    }

    /// The penalty of the symbol under `mask`, 0–7.
    #[cfg(test)]
    pub(crate) fn penalty(&self, mask: u8) -> Penalty {
        let mut rows = vec![[0; WORDS]; self.size];
        let mut columns = vec![[0; WORDS]; self.size];
        self.lines(mask, &mut rows, &mut columns);
        penalty(&rows, &columns, self.size)
    }

    /// The mask with the lowest penalty, the first of equals (the `qrcode` crate takes the
    /// first minimum too), and the symbol under it, row by row, `true` for dark.
    pub(crate) fn best(&self) -> (u8, Vec<bool>) {
        let mut rows = vec![[0; WORDS]; self.size];
        let mut columns = vec![[0; WORDS]; self.size];
        let mut best = (0u8, u32::MAX);
        for mask in 0..8u8 {
            self.lines(mask, &mut rows, &mut columns);
            let total = penalty(&rows, &columns, self.size).total();
            if total < best.1 {
                best = (mask, total);
            }
        }
        (best.0, self.modules(best.0))
    }

    /// The symbol under `mask`, row by row, `true` for dark.
    pub(crate) fn modules(&self, mask: u8) -> Vec<bool> {
        let mut rows = vec![[0; WORDS]; self.size];
        let mut columns = vec![[0; WORDS]; self.size];
        self.lines(mask, &mut rows, &mut columns);
        let mut dark = Vec::with_capacity(self.size * self.size);
        for row in &rows {
            dark.extend((0..self.size).map(|x| row[x / 64] >> (x % 64) & 1 == 1));
        }
        dark
    }
}

/// The penalty of a symbol of `size` modules a side given as its rows and its columns.
fn penalty(rows: &[Line], columns: &[Line], size: usize) -> Penalty {
    // Bit i of a pair mask: module i and module i + 1 both exist.
    let pairs = first(size - 1);
    let mut p = Penalty::default();
    let mut dark = 0u32;
    let mut previous: Option<(&Line, Line)> = None;
    for row in rows {
        dark += ones(row);
        let next = and(&same(row, &down(row, 1)), &pairs);
        p.runs_rows += runs(&next);
        p.finders_rows += finders(row);
        if let Some((above, above_next)) = previous {
            let blocks = and(&and(&above_next, &next), &same(above, row));
            p.blocks += 3 * ones(&blocks);
        }
        previous = Some((row, next));
    }
    for column in columns {
        let next = and(&same(column, &down(column, 1)), &pairs);
        p.runs_columns += runs(&next);
        p.finders_columns += finders(column);
    }
    // Each direction crosses the three finder patterns' middle rows nine times, always with
    // light on the outer side; the crate subtracts them.
    p.finders_rows = p.finders_rows.saturating_sub(360);
    p.finders_columns = p.finders_columns.saturating_sub(360);
    let all = u32::try_from(size * size).unwrap_or(u32::MAX);
    let ratio = dark * 200 / all;
    p.balance = ratio.abs_diff(100);
    p
}

/// Penalty of the runs in a line given as `next` (bit `i`: module `i` has the colour of module
/// `i + 1`): a run of `n ≥ 5` modules scores `n − 2`, which is one for each of its `n − 4`
/// windows of five plus two for its first window.
#[inline]
fn runs(next: &Line) -> u32 {
    let five = and(
        &and(next, &down(next, 1)),
        &and(&down(next, 2), &down(next, 3)),
    );
    let starts = and_not(&five, &up(&five, 1));
    ones(&five) + 2 * ones(&starts)
}

/// Penalty of the finder-like patterns of a line: 40 for each `1011101` with four light
/// modules before it or after it, outside the symbol counting as light.
#[inline]
fn finders(line: &Line) -> u32 {
    // Four light modules before the symbol, so that position p is module p - 4.
    let l = up(line, 4);
    let d = |k| down(&l, k);
    let pattern = and(
        &and(&and(&l, &d(2)), &and(&d(3), &d(4))),
        &and_not(&d(6), &or(&d(1), &d(5))),
    );
    let before = or(&or(&up(&l, 1), &up(&l, 2)), &or(&up(&l, 3), &up(&l, 4)));
    let after = or(&or(&d(7), &d(8)), &or(&d(9), &d(10)));
    let light_around: Line = std::array::from_fn(|w| !(before[w] & after[w]));
    40 * ones(&and(&pattern, &light_around))
}

#[cfg(test)]
mod tests {
    use super::*;
    use qrcode::canvas::MaskPattern;

    const PATTERNS: [MaskPattern; 8] = [
        MaskPattern::Checkerboard,
        MaskPattern::HorizontalLines,
        MaskPattern::VerticalLines,
        MaskPattern::DiagonalLines,
        MaskPattern::LargeCheckerboard,
        MaskPattern::Fields,
        MaskPattern::Diamonds,
        MaskPattern::Meadow,
    ];

    /// The symbol of the `qrcode` crate's own penalty tests (`canvas.rs`, `penalty_tests`).
    fn crate_test_canvas() -> QrCanvas {
        let mut c = QrCanvas::new(Version::Normal(1), EcLevel::Q);
        c.draw_all_functional_patterns();
        c.draw_data(
            b"\x20\x5b\x0b\x78\xd1\x72\xdc\x4d\x43\x40\xec\x11\x00",
            b"\xa8\x48\x16\x52\xd9\x36\x9c\x00\x2e\x0f\xb4\x7a\x10",
        );
        c
    }

    #[test]
    fn penalties_are_the_qrcode_crates_on_its_own_test_symbol() {
        let unmasked = Unmasked::from_canvas(&crate_test_canvas(), 21, Ecc::Q);
        // The figures of the crate's tests `test_penalty_score_*`, mask 000.
        assert_eq!(
            unmasked.penalty(0),
            Penalty {
                runs_rows: 88,
                runs_columns: 92,
                blocks: 90,
                finders_rows: 0,
                finders_columns: 40,
                balance: 2,
            }
        );
    }

    #[test]
    fn each_masked_symbol_is_the_qrcode_crates() {
        for (version, ecc) in [(1, Ecc::Q), (7, Ecc::L), (40, Ecc::H)] {
            let v = Version::Normal(version);
            let level = crate::code::to_qrcode_level(ecc);
            let mut canvas = QrCanvas::new(v, level);
            canvas.draw_all_functional_patterns();
            let (data_len, ec_len) = {
                let blocks = spec::Blocks::of(u8::try_from(version).unwrap(), ecc);
                let data = blocks.data_codewords();
                (data, blocks.total - data)
            };
            let data: Vec<u8> = (0..data_len)
                .map(|i| u8::try_from(i * 37 % 251).unwrap())
                .collect();
            let ec: Vec<u8> = (0..ec_len)
                .map(|i| u8::try_from(i * 91 % 241).unwrap())
                .collect();
            canvas.draw_data(&data, &ec);
            let size = usize::try_from(v.width()).unwrap();
            let unmasked = Unmasked::from_canvas(&canvas, size, ecc);
            for (mask, pattern) in PATTERNS.into_iter().enumerate() {
                let mut masked = canvas.clone();
                masked.apply_mask(pattern);
                let expected: Vec<bool> = masked
                    .into_colors()
                    .into_iter()
                    .map(|c| c == Color::Dark)
                    .collect();
                let mask = u8::try_from(mask).unwrap();
                assert!(
                    unmasked.modules(mask) == expected,
                    "version {version} level {ecc} mask {mask}"
                );
            }
        }
    }

    #[test]
    fn penalties_beyond_16_bits_are_compared_whole() {
        // 2,953 × "f" at level L: data of 0x66 bytes lie as a checkerboard, which mask 0
        // turns into large light areas. The qrcode crate adds penalties in 16 bits: its debug
        // build panics on this text and its release build compares 65,804 as 268, choosing
        // the worst mask. Here the penalties are whole and the best mask is chosen.
        let data = vec![b'f'; Ecc::L.max_bytes()];
        let code = crate::EncodedSymbol::new(&data, Ecc::L).unwrap();
        assert_eq!((code.version(), code.mask()), (40, 2));
        let mut bits = qrcode::bits::Bits::new(Version::Normal(40));
        bits.push_byte_data(&data).unwrap();
        bits.push_terminator(EcLevel::L).unwrap();
        let unmasked = Unmasked::encode(&bits.into_bytes(), Version::Normal(40), Ecc::L).unwrap();
        let totals: Vec<u32> = (0..8).map(|m| unmasked.penalty(m).total()).collect();
        assert_eq!(
            totals,
            [65804, 60815, 7835, 20807, 28225, 21839, 23945, 26540]
        );
        assert_eq!(unmasked.best().0, 2);
    }

    #[test]
    fn runs_count_length_minus_two() {
        // Runs of 4, 5 and 9 dark modules, then 6 light ones to the end of a 30-module line.
        let mut line = [0u64; WORDS];
        for i in (0..4).chain(5..10).chain(15..24) {
            set(&mut line, i);
        }
        let next = and(&same(&line, &down(&line, 1)), &first(29));
        // Light runs: 1 (4), 5 (10..15) and 6 (24..30); dark runs: 4, 5 and 9.
        assert_eq!(runs(&next), (5 - 2) + (9 - 2) + (5 - 2) + (6 - 2));
    }

    #[test]
    fn finder_lookalikes_need_four_light_modules_on_one_side() {
        let line_of = |modules: &str| {
            let mut line = [0u64; WORDS];
            for (i, c) in modules.chars().enumerate() {
                if c == '#' {
                    set(&mut line, i);
                }
            }
            line
        };
        // At the edge: the outside is light.
        assert_eq!(finders(&line_of("#.###.####")), 40);
        assert_eq!(finders(&line_of("...#.###.#...#")), 40);
        assert_eq!(finders(&line_of("#..#.###.#...#")), 0);
        assert_eq!(finders(&line_of("#...#.###.#....")), 40);
        // Two lookalikes sharing a module.
        assert_eq!(finders(&line_of("....#.###.#.###.#....")), 80);
    }
}
