//! The validation clock and the certificate's dates: the project's `qr1405-time` for instants,
//! and in this one place the date-time library for the forms the EU data also writes
//! (fractional seconds, a clock without an offset), which `qr1405-time` rightly refuses.

use std::fmt;

/// An instant, to the second: a CWT NumericDate or a validation clock.
///
/// A NumericDate may lie outside [`qr1405_time::Timestamp`]'s range (years 0 to 9999), so this
/// type holds any second and converts from and to the project's timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct NumericDate(i64);

impl From<qr1405_time::Timestamp> for NumericDate {
    fn from(timestamp: qr1405_time::Timestamp) -> NumericDate {
        NumericDate(timestamp.unix_seconds())
    }
}

/// Why a text is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not an iso 8601 date-time (e.g. 2021-05-03T18:00:00Z)")]
pub struct NumericDateError {
    text: String,
}

impl NumericDate {
    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    pub const fn from_unix_seconds(seconds: i64) -> NumericDate {
        NumericDate(seconds)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub const fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The system clock now.
    pub fn now() -> NumericDate {
        NumericDate::from(qr1405_time::Timestamp::now())
    }

    /// The project's timestamp of this instant, when it is within its range.
    pub fn timestamp(self) -> Option<qr1405_time::Timestamp> {
        qr1405_time::Timestamp::from_unix_seconds(self.0).ok()
    }

    /// Parses an ISO 8601 date-time, e.g. `2021-05-03T20:00:00+02:00`; one without an offset
    /// (`2021-05-03T18:00:00.000`, as many EU test vectors write their clock) is read as UTC.
    pub fn parse(text: &str) -> Result<NumericDate, NumericDateError> {
        let text = text.trim();
        if let Ok(t) = text.parse::<qr1405_time::Timestamp>() {
            return Ok(NumericDate::from(t));
        }
        if let Ok(t) = text.parse::<jiff::Timestamp>() {
            return Ok(NumericDate(t.as_second()));
        }
        text.parse::<jiff::civil::DateTime>()
            .ok()
            .filter(|_| text.len() >= 19)
            .and_then(|t| t.to_zoned(jiff::tz::TimeZone::UTC).ok())
            .map(|t| NumericDate(t.timestamp().as_second()))
            .ok_or_else(|| NumericDateError { text: text.into() })
    }
}

impl fmt::Display for NumericDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.timestamp() {
            Some(t) => write!(f, "{}", t.utc()),
            None => write!(f, "{} s since 1970", self.0),
        }
    }
}

/// A full date `YYYY-MM-DD` as days since 1970-01-01, when it is a calendar date.
pub(crate) fn full_date(text: &str) -> Option<i64> {
    text.parse::<qr1405_time::Date>()
        .ok()
        .map(qr1405_time::Date::days_since_epoch)
}

/// The start of a day (days since 1970) as seconds, at the earliest offset in use (UTC+14):
/// a date is after an instant only when it has begun nowhere on earth yet.
pub(crate) fn day_start_earliest(days: i64) -> i64 {
    days * 86_400 - 14 * 3600
}

/// An RFC 3339 date-time, as the schema's `date-time` format asks.
pub(crate) fn date_time(text: &str) -> Option<NumericDate> {
    let bytes = text.as_bytes();
    if bytes.len() < 20 || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    full_date(&text[..10])?;
    text.parse::<jiff::Timestamp>()
        .ok()
        .map(|t| NumericDate(t.as_second()))
}

/// Days since 1970 of a date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the first day of the
/// period when it is partial); `None` when it is none of them.
pub(crate) fn partial_date_start(text: &str) -> Option<i64> {
    match text.len() {
        4 => full_date(&format!("{text}-01-01")),
        7 => full_date(&format!("{text}-01")),
        10 => full_date(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_instants() {
        let t = NumericDate::parse("2021-05-03T20:00:00+02:00").unwrap();
        assert_eq!(t, NumericDate::from_unix_seconds(1_620_064_800));
        assert_eq!(t.to_string(), "2021-05-03T18:00:00Z");
        assert!(NumericDate::parse("2021-05-03").is_err());
        assert_eq!(NumericDate::parse("2021-05-03T18:00:00.123456").unwrap(), t);
        assert_eq!(NumericDate::parse("2021-05-03T20:00:00+0200").unwrap(), t);
    }

    #[test]
    fn dates() {
        assert_eq!(full_date("1970-01-02"), Some(1));
        assert_eq!(full_date("2021-02-29"), None);
        assert_eq!(full_date("2021-2-01"), None);
        assert!(date_time("2021-05-03T18:00:00Z").is_some());
        assert!(date_time("2021-05-03T18:00:00.123+02:00").is_some());
        assert!(date_time("2021-05-03").is_none());
        assert!(date_time("2021-05-03T18:00:00").is_none());
        assert_eq!(partial_date_start("1970"), Some(0));
        assert_eq!(partial_date_start("1970-02"), Some(31));
    }
}
