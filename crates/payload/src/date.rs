//! Dates as the codes write them. A date is the time core's [`Date`]; this module reads the
//! shapes the codes use and the digits inside them.

use qr1405_time::Date;

/// Reads `YYYY-MM-DD`, the shape of a personal code's date of birth.
pub(crate) fn parse_iso(text: &str) -> Option<Date> {
    text.parse().ok()
}

/// Reads `ddmmyyyy`, as the CCCD card QR writes dates.
pub(crate) fn parse_dmy(text: &str) -> Option<Date> {
    let b = text.as_bytes();
    if b.len() != 8 {
        return None;
    }
    Date::new(
        digits(&b[4..8])?,
        two_digits(&b[2..4])?,
        two_digits(&b[0..2])?,
    )
    .ok()
}

/// The value of a run of one to four ASCII digits.
pub(crate) fn digits(bytes: &[u8]) -> Option<u16> {
    if bytes.is_empty() || bytes.len() > 4 {
        return None;
    }
    bytes.iter().try_fold(0u16, |value, &b| {
        b.is_ascii_digit().then(|| value * 10 + u16::from(b - b'0'))
    })
}

/// The value of one or two ASCII digits.
pub(crate) fn two_digits(bytes: &[u8]) -> Option<u8> {
    u8::try_from(digits(bytes.get(..2.min(bytes.len()))?).filter(|_| bytes.len() <= 2)?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(parse_iso("2000-02-29").is_some());
        assert!(parse_iso("1900-02-29").is_none());
        assert!(parse_iso("2024-02-29").is_some());
        assert!(parse_iso("2023-02-29").is_none());
    }

    #[test]
    fn parses_both_shapes() {
        let date = Date::new(1987, 1, 18).ok();
        assert_eq!(parse_iso("1987-01-18"), date);
        assert_eq!(parse_dmy("18011987"), date);
        assert_eq!(parse_iso("1987-1-18"), None);
        assert_eq!(parse_iso("1987-13-01"), None);
        assert_eq!(parse_iso("+987-01-01"), None);
        assert_eq!(parse_dmy("32011987"), None);
        assert_eq!(parse_dmy("01010000"), Date::new(0, 1, 1).ok());
    }

    #[test]
    fn displays_iso() {
        assert_eq!(Date::new(7, 3, 9).unwrap().to_string(), "0007-03-09");
    }
}
