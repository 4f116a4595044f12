//! Calendar dates as the codes write them.

use std::fmt;

/// A calendar date in the proleptic Gregorian calendar, years 0000 to 9999.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date, if `year`-`month`-`day` exists.
    ///
    /// ```
    /// use qr1405_payload::Date;
    /// assert!(Date::new(2024, 2, 29).is_some());
    /// assert!(Date::new(2023, 2, 29).is_none());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        (year <= 9999 && (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
            .then_some(Date { year, month, day })
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        self.day
    }

    /// Parses `YYYY-MM-DD`.
    pub fn parse_iso(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        Date::new(
            digits(&b[0..4])?,
            two_digits(&b[5..7])?,
            two_digits(&b[8..10])?,
        )
    }

    /// Parses `ddmmyyyy`, as the CCCD card QR writes dates.
    pub fn parse_dmy(text: &str) -> Option<Date> {
        let b = text.as_bytes();
        if b.len() != 8 {
            return None;
        }
        Date::new(
            digits(&b[4..8])?,
            two_digits(&b[2..4])?,
            two_digits(&b[0..2])?,
        )
    }
}

impl fmt::Display for Date {
    /// Writes `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
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

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leap_years_follow_the_gregorian_rule() {
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2024, 2, 29).is_some());
        assert!(Date::new(2023, 2, 29).is_none());
    }

    #[test]
    fn parses_both_shapes() {
        assert_eq!(Date::parse_iso("1987-01-18"), Date::new(1987, 1, 18));
        assert_eq!(Date::parse_dmy("18011987"), Date::new(1987, 1, 18));
        assert_eq!(Date::parse_iso("1987-1-18"), None);
        assert_eq!(Date::parse_iso("1987-13-01"), None);
        assert_eq!(Date::parse_iso("+987-01-01"), None);
        assert_eq!(Date::parse_dmy("32011987"), None);
    }

    #[test]
    fn displays_iso() {
        assert_eq!(Date::new(7, 3, 9).unwrap().to_string(), "0007-03-09");
    }
}
