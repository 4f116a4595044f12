//! An instant, in whole seconds.

use std::{fmt, str::FromStr};

use crate::{DAY, Date, VIETNAM, error::TimeError, parse};

/// An instant in whole seconds, from 0000-01-01T00:00:00+07:00 (the first second of the first
/// Vietnam day) to 9999-12-31T23:59:59Z (the last second RFC 3339 writes in UTC).
///
/// As text it is an RFC 3339 date-time with an offset, as the crate documentation states. It is
/// written in Vietnam time, `+07:00`, by [`Display`](fmt::Display), and in UTC by
/// [`Timestamp::utc`].
///
/// ```
/// use qr1405_time::Timestamp;
///
/// let at: Timestamp = "2021-11-01T08:30:00Z".parse()?;
/// assert_eq!(at.to_string(), "2021-11-01T15:30:00+07:00");
/// assert_eq!(at.utc().to_string(), "2021-11-01T08:30:00Z");
/// assert_eq!(at.unix_seconds(), 1_635_755_400);
/// assert_eq!(at.vietnam_date().to_string(), "2021-11-01");
/// # Ok::<(), qr1405_time::TimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Timestamp(i64);

/// Unix seconds of [`Timestamp::MIN`]: 0000-01-01T00:00:00+07:00.
const MIN_SECONDS: i64 = -62_167_244_400;
/// Unix seconds of [`Timestamp::MAX`]: 9999-12-31T23:59:59Z.
const MAX_SECONDS: i64 = 253_402_300_799;

impl Timestamp {
    /// 0000-01-01T00:00:00+07:00.
    pub const MIN: Timestamp = Timestamp(MIN_SECONDS);
    /// 9999-12-31T23:59:59Z.
    pub const MAX: Timestamp = Timestamp(MAX_SECONDS);
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: Timestamp = Timestamp(0);

    /// The instant `seconds` after 1970-01-01T00:00:00Z (before it when negative).
    pub fn from_unix_seconds(seconds: i64) -> Result<Timestamp, TimeError> {
        if (MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
            Ok(Timestamp::from_unix_seconds_saturating(seconds))
        } else {
            Err(TimeError::SecondsOutOfRange { seconds })
        }
    }

    /// The instant `seconds` after 1970-01-01T00:00:00Z, or the nearer bound outside the range.
    pub(crate) fn from_unix_seconds_saturating(seconds: i64) -> Timestamp {
        Timestamp(seconds.clamp(MIN_SECONDS, MAX_SECONDS))
    }

    /// Seconds since 1970-01-01T00:00:00Z (negative before it).
    pub fn unix_seconds(self) -> i64 {
        self.0
    }

    /// The system clock, truncated to the second and kept within the range.
    pub fn now() -> Timestamp {
        Timestamp::from_unix_seconds_saturating(jiff::Timestamp::now().as_second())
    }

    /// The instant `seconds` later (earlier when negative), or the nearer bound of the range.
    pub fn saturating_add_seconds(self, seconds: i64) -> Timestamp {
        Timestamp::from_unix_seconds_saturating(self.unix_seconds().saturating_add(seconds))
    }

    /// The Vietnam calendar day this instant falls on; 9999-12-31 for the last seven hours of
    /// the range, which fall on a day no date names.
    pub fn vietnam_date(self) -> Date {
        let days = (self.unix_seconds() + VIETNAM).div_euclid(DAY);
        Date::from_days_since_epoch(days).unwrap_or(Date::MAX)
    }

    /// Seconds since the start of its Vietnam day, 0 to 86 399.
    pub fn vietnam_seconds_of_day(self) -> i64 {
        (self.unix_seconds() + VIETNAM).rem_euclid(DAY)
    }

    /// This instant rounded down to a whole minute.
    pub fn floor_to_minute(self) -> Timestamp {
        let seconds = self.unix_seconds();
        Timestamp::from_unix_seconds_saturating(seconds - seconds.rem_euclid(60))
    }

    /// This instant written in UTC, such as `2021-11-01T08:30:00Z`.
    pub fn utc(self) -> impl fmt::Display {
        Utc(self)
    }
}

/// A timestamp written in UTC.
struct Utc(Timestamp);

impl fmt::Display for Utc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_in(f, self.0, [(0, "Z"), (VIETNAM, "+07:00")])
    }
}

impl fmt::Display for Timestamp {
    /// Writes RFC 3339 in Vietnam time, such as `2021-10-01T08:00:00+07:00`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_in(f, *self, [(VIETNAM, "+07:00"), (0, "Z")])
    }
}

/// Writes `at` at the first of two offsets (seconds east of UTC, and how it is written) whose
/// local date is in years 0000 to 9999. The range's first seven hours are in year -0001 in UTC,
/// and its last seven in year 10000 in Vietnam: those are written at the other offset.
fn write_in(f: &mut fmt::Formatter<'_>, at: Timestamp, offsets: [(i64, &str); 2]) -> fmt::Result {
    for (offset, suffix) in offsets {
        let local = at.unix_seconds() + offset;
        if let Some(date) = Date::from_days_since_epoch(local.div_euclid(DAY)) {
            let seconds = local.rem_euclid(DAY);
            return write!(
                f,
                "{date}T{:02}:{:02}:{:02}{suffix}",
                seconds / 3600,
                seconds / 60 % 60,
                seconds % 60
            );
        }
    }
    Err(fmt::Error)
}

impl FromStr for Timestamp {
    type Err = TimeError;

    /// Reads an RFC 3339 date-time with an offset and whole seconds.
    fn from_str(text: &str) -> Result<Timestamp, TimeError> {
        parse::timestamp(text)
    }
}
