//! Reed–Solomon decoding over GF(256) as QR Code uses it (primitive polynomial 0x11d,
//! generator roots α⁰ … α^(n−k−1)).
//!
//! The grader needs what a decoder hides: how many codewords of each block were in error.

/// Exponent and logarithm tables of GF(256).
struct Field {
    exp: [u8; 512],
    log: [u8; 256],
}

const fn field() -> Field {
    let mut exp = [0u8; 512];
    let mut log = [0u8; 256];
    let mut x: u8 = 1;
    let mut power: u8 = 0;
    while power < 255 {
        exp[power as usize] = x;
        log[x as usize] = power;
        let carry = x & 0x80 != 0;
        x <<= 1;
        if carry {
            x ^= 0x1d;
        }
        power += 1;
    }
    let mut i = 255;
    while i < 512 {
        exp[i] = exp[i - 255];
        i += 1;
    }
    Field { exp, log }
}

static GF: Field = field();

fn mul(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        GF.exp[usize::from(GF.log[usize::from(a)]) + usize::from(GF.log[usize::from(b)])]
    }
}

fn div(a: u8, b: u8) -> u8 {
    if a == 0 || b == 0 {
        0
    } else {
        GF.exp[usize::from(GF.log[usize::from(a)]) + 255 - usize::from(GF.log[usize::from(b)])]
    }
}

/// α^power.
fn pow_alpha(power: usize) -> u8 {
    GF.exp[power % 255]
}

/// Evaluates a polynomial given lowest degree first.
fn eval_low_first(poly: &[u8], x: u8) -> u8 {
    poly.iter().rev().fold(0, |acc, &c| mul(acc, x) ^ c)
}

/// Corrects `block` (data then `ecc_len` error-correction codewords, highest degree first) in
/// place. Returns the number of codewords corrected, or `None` when the block has more errors
/// than the code can correct.
pub(crate) fn correct(block: &mut [u8], ecc_len: usize) -> Option<usize> {
    let n = block.len();
    if ecc_len == 0 || n > 255 || ecc_len >= n {
        return None;
    }
    // Syndromes S_j = R(α^j), j = 0 … ecc_len − 1.
    let syndromes: Vec<u8> = (0..ecc_len)
        .map(|j| {
            let x = pow_alpha(j);
            block.iter().fold(0, |acc, &c| mul(acc, x) ^ c)
        })
        .collect();
    if syndromes.iter().all(|&s| s == 0) {
        return Some(0);
    }
    // Berlekamp–Massey: error locator Λ, lowest degree first.
    let mut lambda = vec![1u8];
    let mut previous = vec![1u8];
    let mut length = 0usize;
    let mut shift = 1usize;
    let mut previous_discrepancy = 1u8;
    for k in 0..ecc_len {
        let mut discrepancy = syndromes[k];
        for i in 1..=length.min(lambda.len() - 1) {
            discrepancy ^= mul(lambda[i], syndromes[k - i]);
        }
        if discrepancy == 0 {
            shift += 1;
            continue;
        }
        let factor = div(discrepancy, previous_discrepancy);
        let mut next = lambda.clone();
        if next.len() < previous.len() + shift {
            next.resize(previous.len() + shift, 0);
        }
        for (i, &p) in previous.iter().enumerate() {
            next[i + shift] ^= mul(factor, p);
        }
        if 2 * length <= k {
            length = k + 1 - length;
            previous = std::mem::replace(&mut lambda, next);
            previous_discrepancy = discrepancy;
            shift = 1;
        } else {
            lambda = next;
            shift += 1;
        }
    }
    while lambda.len() > 1 && lambda.last() == Some(&0) {
        lambda.pop();
    }
    let errors = lambda.len() - 1;
    if errors == 0 || 2 * errors > ecc_len {
        return None;
    }
    // Chien search: position p (power of x, p = n − 1 − index) is in error when Λ(α^−p) = 0.
    let mut positions = Vec::with_capacity(errors);
    for p in 0..n {
        if eval_low_first(&lambda, pow_alpha(255 - p % 255)) == 0 {
            positions.push(p);
        }
    }
    if positions.len() != errors {
        return None;
    }
    // Forney: Ω = S·Λ mod x^ecc_len; e = X · Ω(X⁻¹) / Λ'(X⁻¹) for first root α⁰.
    let mut omega = vec![0u8; ecc_len];
    for (i, &s) in syndromes.iter().enumerate() {
        for (j, &l) in lambda.iter().enumerate() {
            if i + j < ecc_len {
                omega[i + j] ^= mul(s, l);
            }
        }
    }
    let derivative: Vec<u8> = lambda
        .iter()
        .enumerate()
        .skip(1)
        .map(|(i, &c)| if i % 2 == 1 { c } else { 0 })
        .collect();
    for &p in &positions {
        let x = pow_alpha(p);
        let x_inv = pow_alpha(255 - p % 255);
        let denominator = eval_low_first(&derivative, x_inv);
        if denominator == 0 {
            return None;
        }
        let magnitude = mul(x, div(eval_low_first(&omega, x_inv), denominator));
        block[n - 1 - p] ^= magnitude;
    }
    Some(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encoded(data: &[u8], ecc_len: usize) -> Vec<u8> {
        let mut block = data.to_vec();
        block.extend(qrcode::ec::create_error_correction_code(data, ecc_len));
        block
    }

    #[test]
    fn clean_block_has_no_errors() {
        let mut block = encoded(b"hello, world", 10);
        assert_eq!(correct(&mut block, 10), Some(0));
    }

    #[test]
    fn corrects_up_to_half_the_ecc_codewords() {
        let original = encoded(b"0123456789abcdefghij", 16);
        for errors in 1..=8 {
            let mut block = original.clone();
            for k in 0..errors {
                block[k * 3] ^= 0x5a ^ u8::try_from(k).unwrap();
            }
            assert_eq!(correct(&mut block, 16), Some(errors), "{errors} errors");
            assert_eq!(block, original);
        }
    }

    #[test]
    fn too_many_errors_are_reported_not_miscorrected_silently() {
        let original = encoded(b"0123456789abcdefghij", 10);
        let mut block = original.clone();
        for b in block.iter_mut().take(9) {
            *b ^= 0xff;
        }
        let outcome = correct(&mut block, 10);
        assert!(outcome.is_none() || block != original);
    }

    proptest::proptest! {
        #[test]
        fn corrects_random_errors(
            data in proptest::collection::vec(proptest::num::u8::ANY, 1..100),
            ecc_len in 2usize..31,
            errors in proptest::collection::vec((0usize..130, 1u8..=255), 0..15),
        ) {
            let original = encoded(&data, ecc_len);
            let mut block = original.clone();
            let mut touched = std::collections::BTreeSet::new();
            for (position, value) in errors {
                let position = position % block.len();
                if touched.len() < ecc_len / 2 && touched.insert(position) {
                    block[position] ^= value;
                }
            }
            proptest::prop_assert_eq!(correct(&mut block, ecc_len), Some(touched.len()));
            proptest::prop_assert_eq!(block, original);
        }
    }
}
