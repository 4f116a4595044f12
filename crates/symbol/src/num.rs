//! Numeric conversions the standard library leaves to `as`.

/// `value` as `u32`, rounded toward zero; NaN and negatives give 0, too large gives `u32::MAX`.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
pub(crate) fn saturating_u32(value: f64) -> u32 {
    // `as` from float saturates and maps NaN to 0, which is the behaviour wanted here.
    value as u32
}

/// `value` as `i64`, rounded toward zero; NaN gives 0, out of range saturates.
#[cfg(test)]
#[allow(clippy::cast_possible_truncation)]
pub(crate) fn saturating_i64(value: f64) -> i64 {
    value as i64
}
