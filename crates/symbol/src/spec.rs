//! The parts of ISO/IEC 18004 (QR Code) that reading a module grid needs: block structure,
//! format and version information, function patterns, data placement and masks.
//!
//! Coordinates are `(x, y)` = (column, row), origin at the top-left module.

use crate::Ecc;

/// Error-correction codewords per block, indexed `[level][version]` (level order L, M, Q, H).
const ECC_PER_BLOCK: [[u8; 41]; 4] = [
    [
        0, 7, 10, 15, 20, 26, 18, 20, 24, 30, 18, 20, 24, 26, 30, 22, 24, 28, 30, 28, 28, 28, 28,
        30, 30, 26, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ],
    [
        0, 13, 22, 18, 26, 18, 24, 18, 22, 20, 24, 28, 26, 24, 20, 30, 24, 28, 28, 26, 30, 28, 30,
        30, 30, 30, 28, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
    [
        0, 17, 28, 22, 16, 22, 28, 26, 26, 24, 28, 24, 28, 22, 24, 24, 30, 28, 28, 26, 28, 30, 24,
        30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30, 30,
    ],
];

/// Number of error-correction blocks, indexed `[level][version]` (level order L, M, Q, H).
const BLOCKS: [[u8; 41]; 4] = [
    [
        0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 4, 4, 4, 4, 4, 6, 6, 6, 6, 7, 8, 8, 9, 9, 10, 12, 12, 12, 13,
        14, 15, 16, 17, 18, 19, 19, 20, 21, 22, 24, 25,
    ],
    [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21,
        23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ],
    [
        0, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8, 8, 10, 12, 16, 12, 17, 16, 18, 21, 20, 23, 23, 25, 27, 29,
        34, 34, 35, 38, 40, 43, 45, 48, 51, 53, 56, 59, 62, 65, 68,
    ],
    [
        0, 1, 1, 2, 4, 4, 4, 5, 6, 8, 8, 11, 11, 16, 16, 18, 16, 19, 21, 25, 25, 25, 34, 30, 32,
        35, 37, 40, 42, 45, 48, 51, 54, 57, 60, 63, 66, 70, 74, 77, 81,
    ],
];

/// Index of a level in the tables above.
fn level_index(ecc: Ecc) -> usize {
    match ecc {
        Ecc::L => 0,
        Ecc::M => 1,
        Ecc::Q => 2,
        Ecc::H => 3,
    }
}

/// Side of a version's symbol in modules.
pub(crate) fn side(version: u8) -> usize {
    usize::from(version) * 4 + 17
}

/// The version whose symbol is `side` modules wide, if any.
pub(crate) fn version_of_side(side: usize) -> Option<u8> {
    if (21..=177).contains(&side) && (side - 17).is_multiple_of(4) {
        u8::try_from((side - 17) / 4).ok()
    } else {
        None
    }
}

/// Modules available for codewords (data, error correction and remainder bits).
fn raw_data_modules(version: u8) -> usize {
    let v = usize::from(version);
    let mut result = (16 * v + 128) * v + 64;
    if v >= 2 {
        let align = v / 7 + 2;
        result -= (25 * align - 10) * align - 55;
        if v >= 7 {
            result -= 36;
        }
    }
    result
}

/// How a version and level split codewords into Reed–Solomon blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Blocks {
    /// Codewords in the symbol.
    pub(crate) total: usize,
    /// Blocks.
    pub(crate) count: usize,
    /// Error-correction codewords per block.
    pub(crate) ecc_per_block: usize,
    /// Blocks that have one data codeword fewer than the rest; they come first.
    pub(crate) short: usize,
    /// Data codewords in a short block.
    pub(crate) short_data: usize,
    /// Misdecode-protection codewords (ISO/IEC 18004 table 9 `p`).
    pub(crate) misdecode_protection: usize,
}

impl Blocks {
    /// The block structure of `version` (1–40) at `ecc`.
    pub(crate) fn of(version: u8, ecc: Ecc) -> Self {
        let level = level_index(ecc);
        let v = usize::from(version.clamp(1, 40));
        let total = raw_data_modules(version.clamp(1, 40)) / 8;
        let count = usize::from(BLOCKS[level][v]);
        let ecc_per_block = usize::from(ECC_PER_BLOCK[level][v]);
        let short = count - total % count;
        let short_data = total / count - ecc_per_block;
        let misdecode_protection = match (v, ecc) {
            (1, Ecc::L) => 3,
            (1, Ecc::M) | (2, Ecc::L) => 2,
            (1, _) | (3, Ecc::L) => 1,
            _ => 0,
        };
        Self {
            total,
            count,
            ecc_per_block,
            short,
            short_data,
            misdecode_protection,
        }
    }

    /// Data codewords in the whole symbol.
    pub(crate) fn data_codewords(&self) -> usize {
        self.total - self.count * self.ecc_per_block
    }

    /// Data codewords in block `index`.
    pub(crate) fn data_len(&self, index: usize) -> usize {
        self.short_data + usize::from(index >= self.short)
    }

    /// Splits interleaved codewords (as read from the symbol) into blocks, each data then ECC.
    pub(crate) fn deinterleave(&self, codewords: &[u8]) -> Vec<Vec<u8>> {
        let mut blocks: Vec<Vec<u8>> = (0..self.count)
            .map(|i| Vec::with_capacity(self.data_len(i) + self.ecc_per_block))
            .collect();
        let mut source = codewords.iter().copied();
        for i in 0..=self.short_data {
            for (b, block) in blocks.iter_mut().enumerate() {
                if i < self.data_len(b) {
                    block.push(source.next().unwrap_or(0));
                }
            }
        }
        for _ in 0..self.ecc_per_block {
            for block in &mut blocks {
                block.push(source.next().unwrap_or(0));
            }
        }
        blocks
    }

    /// For each codeword position in reading order, the block it belongs to.
    pub(crate) fn block_of_codeword(&self) -> Vec<usize> {
        let mut owner = Vec::with_capacity(self.total);
        for i in 0..=self.short_data {
            for b in 0..self.count {
                if i < self.data_len(b) {
                    owner.push(b);
                }
            }
        }
        for _ in 0..self.ecc_per_block {
            owner.extend(0..self.count);
        }
        owner
    }
}

/// Centres of the alignment patterns along one axis (ISO/IEC 18004 annex E).
pub(crate) fn alignment_positions(version: u8) -> Vec<usize> {
    if version <= 1 {
        return Vec::new();
    }
    let v = usize::from(version);
    let count = v / 7 + 2;
    let step = if v == 32 {
        26
    } else {
        (v * 4 + count * 2 + 1) / (count * 2 - 2) * 2
    };
    let mut result = vec![6];
    for i in 0..count - 1 {
        result.insert(1, side(version) - 7 - i * step);
    }
    result
}

/// Centres of the alignment patterns actually drawn (those not overlapping a finder).
pub(crate) fn alignment_centres(version: u8) -> Vec<(usize, usize)> {
    let positions = alignment_positions(version);
    let last = positions.len().saturating_sub(1);
    let mut centres = Vec::new();
    for (i, &y) in positions.iter().enumerate() {
        for (j, &x) in positions.iter().enumerate() {
            let on_finder = (i == 0 && (j == 0 || j == last)) || (i == last && j == 0);
            if !on_finder {
                centres.push((x, y));
            }
        }
    }
    centres
}

/// The 15 modules of the first copy of the format information, bit 0 first.
pub(crate) fn format_positions_main() -> [(usize, usize); 15] {
    let mut p = [(0, 0); 15];
    for (i, slot) in p.iter_mut().enumerate().take(6) {
        *slot = (8, i);
    }
    p[6] = (8, 7);
    p[7] = (8, 8);
    p[8] = (7, 8);
    for (i, slot) in p.iter_mut().enumerate().skip(9) {
        *slot = (14 - i, 8);
    }
    p
}

/// The 15 modules of the second copy of the format information, bit 0 first.
pub(crate) fn format_positions_side(size: usize) -> [(usize, usize); 15] {
    let mut p = [(0, 0); 15];
    for (i, slot) in p.iter_mut().enumerate() {
        *slot = if i < 8 {
            (size - 1 - i, 8)
        } else {
            (8, size - 15 + i)
        };
    }
    p
}

/// The 18 modules of each copy of the version information, bit 0 first: (bottom-left, top-right).
pub(crate) fn version_positions(size: usize) -> [[(usize, usize); 18]; 2] {
    let mut bl = [(0, 0); 18];
    let mut tr = [(0, 0); 18];
    for i in 0..18 {
        let a = size - 11 + i % 3;
        let b = i / 3;
        tr[i] = (a, b);
        bl[i] = (b, a);
    }
    [bl, tr]
}

/// The format-information code word for a level and mask, masked as drawn.
pub(crate) fn format_word(ecc: Ecc, mask: u8) -> u16 {
    let level_bits: u16 = match ecc {
        Ecc::L => 1,
        Ecc::M => 0,
        Ecc::Q => 3,
        Ecc::H => 2,
    };
    let data = (level_bits << 3) | u16::from(mask & 7);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    ((data << 10) | (rem & 0x3ff)) ^ 0x5412
}

/// The version-information code word for versions 7–40.
pub(crate) fn version_word(version: u8) -> u32 {
    let data = u32::from(version);
    let mut rem = data;
    for _ in 0..12 {
        rem = (rem << 1) ^ ((rem >> 11) * 0x1f25);
    }
    (data << 12) | (rem & 0xfff)
}

/// The level and mask whose format word is nearest to `word`, with the Hamming distance.
pub(crate) fn nearest_format(word: u16) -> (Ecc, u8, u32) {
    let mut best = (Ecc::M, 0, u32::MAX);
    for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
        for mask in 0..8 {
            let distance = (format_word(ecc, mask) ^ word).count_ones();
            if distance < best.2 {
                best = (ecc, mask, distance);
            }
        }
    }
    best
}

/// The version whose version word is nearest to `word`, with the Hamming distance.
pub(crate) fn nearest_version(word: u32) -> (u8, u32) {
    (7..=40)
        .map(|v| (v, (version_word(v) ^ word).count_ones()))
        .min_by_key(|&(_, d)| d)
        .unwrap_or((7, u32::MAX))
}

/// Whether mask pattern `mask` inverts module `(x, y)`, written as ISO/IEC 18004 table 10.
#[allow(clippy::manual_is_multiple_of)]
pub(crate) fn mask_bit(mask: u8, x: usize, y: usize) -> bool {
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

/// What a module of the symbol is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Finder pattern or its separator.
    Finder,
    /// Timing pattern.
    Timing,
    /// Alignment pattern.
    Alignment,
    /// Format information or the dark module.
    Format,
    /// Version information.
    VersionInfo,
    /// Data and error-correction codewords (and remainder bits).
    Data,
}

/// The role of every module of a version's symbol, row by row.
pub(crate) fn roles(version: u8) -> Vec<Role> {
    let size = side(version);
    let mut map = vec![Role::Data; size * size];
    let mut set = |x: usize, y: usize, role: Role| map[y * size + x] = role;
    for i in 0..size {
        set(6, i, Role::Timing);
        set(i, 6, Role::Timing);
    }
    for &(cx, cy) in &alignment_centres(version) {
        for dy in 0..5 {
            for dx in 0..5 {
                set(cx + dx - 2, cy + dy - 2, Role::Alignment);
            }
        }
    }
    for (x, y) in format_positions_main()
        .into_iter()
        .chain(format_positions_side(size))
    {
        set(x, y, Role::Format);
    }
    set(8, size - 8, Role::Format);
    if version >= 7 {
        for (x, y) in version_positions(size).into_iter().flatten() {
            set(x, y, Role::VersionInfo);
        }
    }
    // Finders with separators, drawn last: they take the corners' overlap with the timing rows.
    for (ox, oy) in [(0, 0), (size - 8, 0), (0, size - 8)] {
        for dy in 0..8 {
            for dx in 0..8 {
                set(ox + dx, oy + dy, Role::Finder);
            }
        }
    }
    map
}

/// Whether the module at `(x, y)` of a finder pattern with separator (8 × 8 corner) is dark.
pub(crate) fn finder_dark(size: usize, x: usize, y: usize) -> bool {
    // Mirror the right and bottom corners onto the top-left one; the pattern is symmetric.
    let local = |v: usize| if v >= size - 8 { size - 1 - v } else { v };
    let (lx, ly) = (local(x), local(y));
    // Distance from the finder centre (3, 3) in the Chebyshev sense.
    let d = lx.abs_diff(3).max(ly.abs_diff(3));
    d != 2 && d != 4
}

/// The data modules in codeword placement order (ISO/IEC 18004 7.7.3).
pub(crate) fn placement_order(version: u8, roles: &[Role]) -> Vec<(usize, usize)> {
    let size = side(version);
    let mut order = Vec::with_capacity(raw_data_modules(version));
    let mut right = size - 1;
    loop {
        if right == 6 {
            right = 5;
        }
        let upward = (right + 1) & 2 == 0;
        for vert in 0..size {
            let y = if upward { size - 1 - vert } else { vert };
            for j in 0..2 {
                let x = right - j;
                if roles[y * size + x] == Role::Data {
                    order.push((x, y));
                }
            }
        }
        if right < 2 {
            break;
        }
        right -= 2;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_tables_agree_with_the_encoder() {
        for version in 1..=40u8 {
            for ecc in [Ecc::L, Ecc::M, Ecc::Q, Ecc::H] {
                let blocks = Blocks::of(version, ecc);
                let level = crate::code::to_qrcode_level(ecc);
                let v = qrcode::Version::Normal(i16::from(version));
                let allowed = qrcode::ec::max_allowed_errors(v, level).unwrap();
                let ec_total = blocks.count * blocks.ecc_per_block;
                assert_eq!(allowed, (ec_total - blocks.misdecode_protection) / 2);
                let data: Vec<u8> = vec![0; blocks.data_codewords()];
                let (d, e) = qrcode::ec::construct_codewords(&data, v, level).unwrap();
                assert_eq!((d.len(), e.len()), (blocks.data_codewords(), ec_total));
            }
        }
    }

    #[test]
    fn placement_covers_every_codeword_bit() {
        for version in 1..=40u8 {
            let roles = roles(version);
            let order = placement_order(version, &roles);
            assert_eq!(order.len(), raw_data_modules(version), "version {version}");
        }
    }

    #[test]
    fn format_words_match_the_standard_example() {
        // ISO/IEC 18004 annex C: level M, mask 101 → 100000011001110.
        assert_eq!(format_word(Ecc::M, 5), 0b100_0000_1100_1110);
        assert_eq!(version_word(7), 0x07c94);
        assert_eq!(
            nearest_format(format_word(Ecc::Q, 3) ^ 0b101),
            (Ecc::Q, 3, 2)
        );
        assert_eq!(nearest_version(version_word(23) ^ 1), (23, 1));
    }

    #[test]
    fn alignment_positions_match_the_standard_table() {
        assert_eq!(alignment_positions(2), vec![6, 18]);
        assert_eq!(alignment_positions(7), vec![6, 22, 38]);
        assert_eq!(alignment_positions(32), vec![6, 34, 60, 86, 112, 138]);
        assert_eq!(alignment_positions(40), vec![6, 30, 58, 86, 114, 142, 170]);
        assert_eq!(version_of_side(25), Some(2));
        assert_eq!(version_of_side(26), None);
    }
}
