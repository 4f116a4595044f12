//! Calendar dates and instants, and Vietnam's civil time (UTC+07:00 all year, no daylight saving).
//!
//! Two small types, so that no date library's types appear in this crate's API:
//! [`Date`], a day of the proleptic Gregorian calendar written `YYYY-MM-DD`, and [`Timestamp`],
//! an instant written in RFC 3339 with a UTC offset. Every day count in this crate is a count of
//! Vietnam calendar days: a day starts at 00:00:00+07:00.

use std::{fmt, str::FromStr};

use crate::error::{TimeError, TimeKind};

/// Vietnam's UTC offset in seconds: +07:00, all year.
pub(crate) const VIETNAM_OFFSET: i64 = 7 * 3600;
/// Seconds in a day.
pub(crate) const DAY: i64 = 86_400;
/// Seconds in an hour.
pub(crate) const HOUR: i64 = 3600;
/// The longest date or timestamp text read, in bytes: `YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM` is 35.
const MAX_TEXT: usize = 40;

/// A calendar day, `YYYY-MM-DD`, years 0001 to 9999.
///
/// A date in health facts is a Vietnam calendar day: it starts at 00:00:00+07:00.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// The date `year-month-day`, or an error naming the field out of range.
    ///
    /// ```
    /// use qr1405_greencard::Date;
    /// assert_eq!(Date::new(2021, 10, 1).unwrap().to_string(), "2021-10-01");
    /// assert!(Date::new(2021, 2, 29).is_err());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, TimeError> {
        check_date(year, month, day).map_err(|(offset, reason)| {
            let text = format!("{year:04}-{month:02}-{day:02}");
            TimeError::from_reason(TimeKind::Date, &text, offset + 1, reason)
        })?;
        Ok(Date { year, month, day })
    }

    /// The year, 1 to 9999.
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

    /// The instant this day starts in Vietnam: 00:00:00+07:00.
    pub fn start_in_vietnam(self) -> Timestamp {
        Timestamp::from_secs(self.days_since_epoch() * DAY - VIETNAM_OFFSET)
    }

    /// Days from 1970-01-01 to this date (negative before it).
    pub(crate) fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's `days_from_civil`, with March as the first month of the year.
        let (month, day) = (i64::from(self.month), i64::from(self.day));
        let year = i64::from(self.year) - i64::from(month <= 2);
        let era = year.div_euclid(400);
        let year_of_era = year.rem_euclid(400);
        let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
        let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        era * 146_097 + day_of_era - 719_468
    }

    /// The date `days` after 1970-01-01, if its year is 1 to 9999.
    pub(crate) fn from_days_since_epoch(days: i64) -> Option<Date> {
        let days = days.checked_add(719_468)?;
        let era = days.div_euclid(146_097);
        let day_of_era = days.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let shifted_month = (5 * day_of_year + 2) / 153;
        let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
        let month = if shifted_month < 10 {
            shifted_month + 3
        } else {
            shifted_month - 9
        };
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: u16::try_from(year)
                .ok()
                .filter(|year| (1..=9999).contains(year))?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }

    /// The date `days` days later (earlier when negative), if it is in years 1 to 9999.
    pub(crate) fn add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// The same day of the month `months` months later, or the month's last day when the month
    /// is shorter (2021-08-31 plus 6 months is 2022-02-28); `None` past year 9999.
    pub(crate) fn add_months(self, months: u32) -> Option<Date> {
        let index = u32::from(self.year) * 12 + u32::from(self.month) - 1 + months;
        let year = u16::try_from(index / 12)
            .ok()
            .filter(|year| *year <= 9999)?;
        let month = u8::try_from(index % 12 + 1).ok()?;
        Some(Date {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl FromStr for Date {
    type Err = TimeError;

    /// Reads `YYYY-MM-DD` exactly (RFC 3339 `full-date`).
    fn from_str(text: &str) -> Result<Date, TimeError> {
        let mut cursor = Cursor::new(text, TimeKind::Date)?;
        let date = cursor.date()?;
        cursor.end()?;
        Ok(date)
    }
}

/// An instant, read from RFC 3339 text with a UTC offset and written in Vietnam time.
///
/// Reading accepts exactly RFC 3339 `date-time`: `YYYY-MM-DDTHH:MM:SS`, an optional fraction of
/// up to 9 digits, then `Z` or `±HH:MM` (`T` and `Z` may be lower case). A text without an
/// offset is an error, never a guess. Leap seconds (`:60`) are refused. Writing always uses
/// `+07:00`, with the fraction only when it is not zero.
///
/// ```
/// use qr1405_greencard::Timestamp;
/// let at: Timestamp = "2021-10-01T01:30:00Z".parse().unwrap();
/// assert_eq!(at.to_string(), "2021-10-01T08:30:00+07:00");
/// assert_eq!(at.vietnam_date().to_string(), "2021-10-01");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z.
    secs: i64,
    /// Nanoseconds within the second, 0 to 999 999 999.
    nanos: u32,
}

impl Timestamp {
    /// Before every timestamp read or made from a date (a bound for spans of time).
    pub(crate) const MIN: Timestamp = Timestamp::from_secs(i64::MIN / 4);
    /// After every timestamp read or made from a date (a bound for spans of time).
    pub(crate) const MAX: Timestamp = Timestamp::from_secs(i64::MAX / 4);

    /// The current time of the system clock.
    pub fn now() -> Timestamp {
        let now = std::time::SystemTime::now();
        match now.duration_since(std::time::UNIX_EPOCH) {
            Ok(since) => Timestamp {
                secs: i64::try_from(since.as_secs()).unwrap_or(i64::MAX),
                nanos: since.subsec_nanos(),
            },
            // A clock before 1970 is broken; report 1970 rather than fail.
            Err(_) => Timestamp { secs: 0, nanos: 0 },
        }
    }

    /// Whole seconds since 1970-01-01T00:00:00Z (rounded down).
    pub fn unix_seconds(self) -> i64 {
        self.secs
    }

    /// The Vietnam calendar day this instant falls on.
    pub fn vietnam_date(self) -> Date {
        let days = (self.secs + VIETNAM_OFFSET).div_euclid(DAY);
        // Timestamps are only made from dates and texts in years 1 to 9999, plus bounded
        // durations; clamp instead of failing should one ever fall outside.
        Date::from_days_since_epoch(days).unwrap_or(if days < 0 {
            Date {
                year: 1,
                month: 1,
                day: 1,
            }
        } else {
            Date {
                year: 9999,
                month: 12,
                day: 31,
            }
        })
    }

    pub(crate) const fn from_secs(secs: i64) -> Timestamp {
        Timestamp { secs, nanos: 0 }
    }

    /// This instant plus `secs` seconds (saturating).
    pub(crate) fn plus_secs(self, secs: i64) -> Timestamp {
        Timestamp {
            secs: self.secs.saturating_add(secs),
            nanos: self.nanos,
        }
    }

    /// This instant rounded down to a whole minute of Vietnam time.
    pub(crate) fn floor_to_minute(self) -> Timestamp {
        Timestamp::from_secs(self.secs - self.secs.rem_euclid(60))
    }

    /// Seconds since the start of its Vietnam day.
    pub(crate) fn vietnam_seconds_of_day(self) -> i64 {
        (self.secs + VIETNAM_OFFSET).rem_euclid(DAY)
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let date = self.vietnam_date();
        let second_of_day = self.vietnam_seconds_of_day();
        write!(
            f,
            "{date}T{:02}:{:02}:{:02}",
            second_of_day / HOUR,
            second_of_day % HOUR / 60,
            second_of_day % 60
        )?;
        if self.nanos != 0 {
            let fraction = format!("{:09}", self.nanos);
            write!(f, ".{}", fraction.trim_end_matches('0'))?;
        }
        f.write_str("+07:00")
    }
}

impl FromStr for Timestamp {
    type Err = TimeError;

    fn from_str(text: &str) -> Result<Timestamp, TimeError> {
        let mut cursor = Cursor::new(text, TimeKind::Timestamp)?;
        let date = cursor.date()?;
        cursor.separator(b"Tt", "`T` between date and time")?;
        let hour = cursor.number(2, "hour", 0, 23)?;
        cursor.separator(b":", "`:` after the hour")?;
        let minute = cursor.number(2, "minute", 0, 59)?;
        cursor.separator(b":", "`:` after the minute")?;
        let second_at = cursor.position;
        let second = cursor.digits(2, "second")?;
        if second == 60 {
            return Err(cursor.error_at(second_at, TimeErrorReason::LeapSecond));
        }
        let second = cursor.range(second, second_at, "second", 0, 59)?;
        let nanos = cursor.fraction()?;
        let offset = cursor.offset()?;
        cursor.end()?;
        let local = date.days_since_epoch() * DAY + (hour * HOUR + minute * 60 + second);
        let stamp = Timestamp {
            secs: local - offset,
            nanos,
        };
        let vietnam_day = (stamp.secs + VIETNAM_OFFSET).div_euclid(DAY);
        if Date::from_days_since_epoch(vietnam_day).is_none() {
            return Err(cursor.error_at(0, TimeErrorReason::YearRange));
        }
        Ok(stamp)
    }
}

/// Why a date or timestamp text was refused; the public error is [`TimeError`].
#[derive(Clone, Copy, Debug)]
pub(crate) enum TimeErrorReason {
    /// Something else was expected at the position.
    Expected(&'static str),
    /// A field's value is out of its range.
    Range {
        field: &'static str,
        value: u32,
        min: u32,
        max: u32,
    },
    /// Second 60.
    LeapSecond,
    /// No offset after the time.
    MissingOffset,
    /// The instant is outside years 1 to 9999 in Vietnam time.
    YearRange,
}

/// Reads a date or timestamp text from left to right.
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    position: usize,
    kind: TimeKind,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, kind: TimeKind) -> Result<Cursor<'a>, TimeError> {
        if text.len() > MAX_TEXT {
            return Err(TimeError::TooLong {
                kind,
                length: text.len(),
                max: MAX_TEXT,
            });
        }
        Ok(Cursor {
            text,
            bytes: text.as_bytes(),
            position: 0,
            kind,
        })
    }

    fn error_at(&self, position: usize, reason: TimeErrorReason) -> TimeError {
        TimeError::from_reason(self.kind, self.text, position + 1, reason)
    }

    fn date(&mut self) -> Result<Date, TimeError> {
        let start = self.position;
        let year = self.digits(4, "year")?;
        self.separator(b"-", "`-` after the year")?;
        let month = self.digits(2, "month")?;
        self.separator(b"-", "`-` after the month")?;
        let day = self.digits(2, "day")?;
        let (year, month, day) = (narrow(year), narrow(month), narrow(day));
        check_date(year, month, day)
            .map_err(|(offset, reason)| self.error_at(start + offset, reason))?;
        Ok(Date { year, month, day })
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize, field: &'static str) -> Result<u32, TimeError> {
        let mut value = 0;
        for index in 0..count {
            match self.bytes.get(self.position) {
                Some(byte) if byte.is_ascii_digit() => {
                    value = value * 10 + u32::from(byte - b'0');
                    self.position += 1;
                }
                _ => {
                    let expected = match (field, index) {
                        ("year", _) => "4 digits for the year",
                        ("month", _) => "2 digits for the month",
                        ("day", _) => "2 digits for the day",
                        ("hour", _) => "2 digits for the hour",
                        ("minute", _) => "2 digits for the minute",
                        ("second", _) => "2 digits for the second",
                        ("offset hour", _) => "2 digits for the offset hours",
                        _ => "2 digits for the offset minutes",
                    };
                    return Err(self.error_at(self.position, TimeErrorReason::Expected(expected)));
                }
            }
        }
        Ok(value)
    }

    /// `count` digits whose value lies in `min..=max`.
    fn number(
        &mut self,
        count: usize,
        field: &'static str,
        min: u32,
        max: u32,
    ) -> Result<i64, TimeError> {
        let at = self.position;
        let value = self.digits(count, field)?;
        self.range(value, at, field, min, max)?;
        Ok(i64::from(value))
    }

    fn range(
        &self,
        value: u32,
        at: usize,
        field: &'static str,
        min: u32,
        max: u32,
    ) -> Result<i64, TimeError> {
        if (min..=max).contains(&value) {
            Ok(i64::from(value))
        } else {
            Err(self.error_at(
                at,
                TimeErrorReason::Range {
                    field,
                    value,
                    min,
                    max,
                },
            ))
        }
    }

    fn separator(&mut self, allowed: &[u8], expected: &'static str) -> Result<(), TimeError> {
        match self.bytes.get(self.position) {
            Some(byte) if allowed.contains(byte) => {
                self.position += 1;
                Ok(())
            }
            _ => Err(self.error_at(self.position, TimeErrorReason::Expected(expected))),
        }
    }

    /// An optional `.` and 1 to 9 digits, as nanoseconds.
    fn fraction(&mut self) -> Result<u32, TimeError> {
        if self.bytes.get(self.position) != Some(&b'.') {
            return Ok(0);
        }
        self.position += 1;
        let start = self.position;
        let mut nanos = 0;
        let mut count = 0;
        while let Some(byte) = self.bytes.get(self.position).filter(|b| b.is_ascii_digit()) {
            if count == 9 {
                return Err(self.error_at(
                    self.position,
                    TimeErrorReason::Expected("at most 9 digits in the fraction of a second"),
                ));
            }
            nanos = nanos * 10 + u32::from(byte - b'0');
            count += 1;
            self.position += 1;
        }
        if self.position == start {
            return Err(self.error_at(
                start,
                TimeErrorReason::Expected("digits after the decimal point"),
            ));
        }
        Ok(nanos * 10u32.pow(9 - count))
    }

    /// `Z`, `z` or `±HH:MM`, as seconds east of UTC.
    fn offset(&mut self) -> Result<i64, TimeError> {
        let sign = match self.bytes.get(self.position) {
            Some(b'Z' | b'z') => {
                self.position += 1;
                return Ok(0);
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            None => return Err(self.error_at(self.position, TimeErrorReason::MissingOffset)),
            Some(_) => {
                return Err(self.error_at(
                    self.position,
                    TimeErrorReason::Expected("`Z`, `+HH:MM` or `-HH:MM` after the time"),
                ));
            }
        };
        self.position += 1;
        let hours = self.number(2, "offset hour", 0, 23)?;
        self.separator(b":", "`:` in the offset")?;
        let minutes = self.number(2, "offset minute", 0, 59)?;
        Ok(sign * (hours * HOUR + minutes * 60))
    }

    fn end(&self) -> Result<(), TimeError> {
        if self.position == self.bytes.len() {
            Ok(())
        } else {
            let expected = match self.kind {
                TimeKind::Date => "the end of the date",
                TimeKind::Timestamp => "the end of the timestamp",
            };
            Err(self.error_at(self.position, TimeErrorReason::Expected(expected)))
        }
    }
}

/// Checks a date's fields; an error is the offset of the field from the year, and why.
fn check_date(year: u16, month: u8, day: u8) -> Result<(), (usize, TimeErrorReason)> {
    let range = |offset: usize, field, value, min, max| {
        Err((
            offset,
            TimeErrorReason::Range {
                field,
                value,
                min,
                max,
            },
        ))
    };
    if !(1..=9999).contains(&year) {
        return range(0, "year", u32::from(year), 1, 9999);
    }
    if !(1..=12).contains(&month) {
        return range(5, "month", u32::from(month), 1, 12);
    }
    let last = days_in_month(year, month);
    if !(1..=last).contains(&day) {
        return range(8, "day", u32::from(day), 1, u32::from(last));
    }
    Ok(())
}

/// Narrows a value read from at most 4 digits.
fn narrow<T: TryFrom<u32> + Default>(value: u32) -> T {
    T::try_from(value).unwrap_or_default()
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

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Timestamp, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    fn stamp(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(date("1970-01-01").days_since_epoch(), 0);
        assert_eq!(date("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(date("2021-10-01").days_since_epoch(), 18_901);
        assert_eq!(date("0001-01-01").days_since_epoch(), -719_162);
        assert_eq!(date("9999-12-31").days_since_epoch(), 2_932_896);
    }

    #[test]
    fn vietnam_day_starts_at_seven_hundred_utc_the_day_before() {
        let start = date("2021-10-01").start_in_vietnam();
        assert_eq!(start, stamp("2021-09-30T17:00:00Z"));
        assert_eq!(start.to_string(), "2021-10-01T00:00:00+07:00");
        assert_eq!(start.plus_secs(-1).vietnam_date(), date("2021-09-30"));
        assert_eq!(start.vietnam_date(), date("2021-10-01"));
    }

    #[test]
    fn the_first_and_last_seconds_are_the_round_trip_bounds() {
        let first = stamp("0001-01-01T00:00:00+07:00");
        let last = stamp("9999-12-31T23:59:59+07:00");
        assert_eq!(first.unix_seconds(), -62_135_622_000);
        assert_eq!(last.unix_seconds(), 253_402_275_599);
        assert_eq!(first.to_string(), "0001-01-01T00:00:00+07:00");
        assert_eq!(last.to_string(), "9999-12-31T23:59:59+07:00");
        // The same instants, and one second outside them, written with other offsets.
        assert_eq!(stamp("0001-01-01T01:00:00+08:00"), first);
        assert!("0001-01-01T00:59:59+08:00".parse::<Timestamp>().is_err());
        assert_eq!(stamp("9999-12-31T16:59:59Z"), last);
        assert!("9999-12-31T17:00:00Z".parse::<Timestamp>().is_err());
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        assert_eq!(date("2021-08-31").add_months(6), Some(date("2022-02-28")));
        assert_eq!(date("2023-08-31").add_months(6), Some(date("2024-02-29")));
        assert_eq!(date("2021-10-15").add_months(6), Some(date("2022-04-15")));
        assert_eq!(date("9999-07-01").add_months(6), None);
    }

    #[test]
    fn timestamps_keep_fractions_and_any_offset() {
        assert_eq!(
            stamp("2021-10-01T08:00:00.5-05:30").to_string(),
            "2021-10-01T20:30:00.5+07:00"
        );
        assert_eq!(
            stamp("2021-10-01t08:00:00.123456789z").to_string(),
            "2021-10-01T15:00:00.123456789+07:00"
        );
        assert!(stamp("2021-10-01T08:00:00.1+07:00") > stamp("2021-10-01T08:00:00+07:00"));
    }

    #[test]
    fn refused_texts() {
        let cases = [
            ("2021-10-01", TimeKind::Timestamp),
            ("2021-10-01T08:00:00", TimeKind::Timestamp),
            ("2021-10-01 08:00:00Z", TimeKind::Timestamp),
            ("2021-10-01T08:00Z", TimeKind::Timestamp),
            ("2021-10-01T24:00:00Z", TimeKind::Timestamp),
            ("2021-10-01T23:59:60Z", TimeKind::Timestamp),
            ("2021-10-01T08:00:00.Z", TimeKind::Timestamp),
            ("2021-10-01T08:00:00.1234567890Z", TimeKind::Timestamp),
            ("2021-10-01T08:00:00+0700", TimeKind::Timestamp),
            ("2021-10-01T08:00:00+24:00", TimeKind::Timestamp),
            ("9999-12-31T20:00:00Z", TimeKind::Timestamp),
            ("0001-01-01T00:00:00+08:00", TimeKind::Timestamp),
            ("2021-10-01T08:00:00+07:00 ", TimeKind::Timestamp),
            ("2021-02-29", TimeKind::Date),
            ("2021-13-01", TimeKind::Date),
            ("0000-01-01", TimeKind::Date),
            ("2021-1-01", TimeKind::Date),
            ("21-10-01", TimeKind::Date),
            ("2021/10/01", TimeKind::Date),
            ("2021-10-01T00:00:00Z", TimeKind::Date),
            ("", TimeKind::Date),
            (
                "2021-10-01 but this text is far too long to be a date",
                TimeKind::Date,
            ),
        ];
        let messages: Vec<String> = cases
            .iter()
            .map(|(text, kind)| {
                let error = match kind {
                    TimeKind::Date => text.parse::<Date>().unwrap_err(),
                    TimeKind::Timestamp => text.parse::<Timestamp>().unwrap_err(),
                };
                error.to_string()
            })
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @"
        invalid timestamp `2021-10-01`: expected `T` between date and time at column 11
        invalid timestamp `2021-10-01T08:00:00`: no UTC offset at column 20; add `Z` or an offset such as `+07:00`
        invalid timestamp `2021-10-01 08:00:00Z`: expected `T` between date and time at column 11
        invalid timestamp `2021-10-01T08:00Z`: expected `:` after the minute at column 17
        invalid timestamp `2021-10-01T24:00:00Z`: hour 24 at column 12 is not in 0 to 23
        invalid timestamp `2021-10-01T23:59:60Z`: leap second 60 at column 18 is not supported
        invalid timestamp `2021-10-01T08:00:00.Z`: expected digits after the decimal point at column 21
        invalid timestamp `2021-10-01T08:00:00.1234567890Z`: expected at most 9 digits in the fraction of a second at column 30
        invalid timestamp `2021-10-01T08:00:00+0700`: expected `:` in the offset at column 23
        invalid timestamp `2021-10-01T08:00:00+24:00`: offset hour 24 at column 21 is not in 0 to 23
        invalid timestamp `9999-12-31T20:00:00Z`: outside the years 0001 to 9999 in Vietnam time
        invalid timestamp `0001-01-01T00:00:00+08:00`: outside the years 0001 to 9999 in Vietnam time
        invalid timestamp `2021-10-01T08:00:00+07:00 `: expected the end of the timestamp at column 26
        invalid date `2021-02-29`: day 29 at column 9 is not in 1 to 28
        invalid date `2021-13-01`: month 13 at column 6 is not in 1 to 12
        invalid date `0000-01-01`: year 0 at column 1 is not in 1 to 9999
        invalid date `2021-1-01`: expected 2 digits for the month at column 7
        invalid date `21-10-01`: expected 4 digits for the year at column 3
        invalid date `2021/10/01`: expected `-` after the year at column 5
        invalid date `2021-10-01T00:00:00Z`: expected the end of the date at column 11
        invalid date ``: expected 4 digits for the year at column 1
        date is 53 bytes long, more than the 40 a date can have
        ");
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (-719_162i64..=2_932_896).prop_map(|days| Date::from_days_since_epoch(days).unwrap())
    }

    proptest! {
        #[test]
        fn date_text_round_trips(date in any_date()) {
            let text = date.to_string();
            prop_assert_eq!(text.parse::<Date>().unwrap(), date);
            prop_assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), Some(date));
        }

        #[test]
        fn next_day_is_one_later(date in any_date()) {
            if let Some(next) = date.add_days(1) {
                prop_assert!(next > date);
                prop_assert_eq!(next.days_since_epoch(), date.days_since_epoch() + 1);
                prop_assert_eq!(next.start_in_vietnam().plus_secs(-DAY), date.start_in_vietnam());
            }
        }

        #[test]
        fn timestamp_text_round_trips(
            // 0001-01-01T00:00:00+07:00 to 9999-12-31T23:59:59+07:00, both included.
            secs in -62_135_622_000i64..=253_402_275_599,
            nanos in 0u32..1_000_000_000,
        ) {
            let stamp = Timestamp { secs, nanos };
            let text = stamp.to_string();
            prop_assert_eq!(text.parse::<Timestamp>().unwrap(), stamp);
        }
    }
}
