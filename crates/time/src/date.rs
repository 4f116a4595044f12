//! A day of the calendar.

use std::{fmt, str::FromStr};

use crate::{
    DAY, Timestamp, VIETNAM,
    error::{TimeError, TimeKind},
    parse,
};

/// A day of the proleptic Gregorian calendar, years 0000 to 9999, written `YYYY-MM-DD`.
///
/// A date alone names no instant; [`Date::start_in_vietnam`] gives the instant it starts in
/// Vietnam, where every day of this project is counted.
///
/// ```
/// use qr1405_time::Date;
///
/// let date: Date = "2021-10-01".parse()?;
/// assert_eq!(date, Date::new(2021, 10, 1)?);
/// assert_eq!(date.start_in_vietnam().to_string(), "2021-10-01T00:00:00+07:00");
/// assert!(Date::new(2021, 2, 29).is_err());
/// # Ok::<(), qr1405_time::TimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Date(jiff::civil::Date);

/// 1970-01-01, from which days are counted.
const EPOCH: jiff::civil::Date = jiff::civil::date(1970, 1, 1);

impl Date {
    /// The first date, 0000-01-01.
    pub const MIN: Date = Date(jiff::civil::date(0, 1, 1));
    /// The last date, 9999-12-31.
    pub const MAX: Date = Date(jiff::civil::date(9999, 12, 31));

    /// The date `year-month-day`, or an error naming the field out of range.
    pub fn new(year: u16, month: u8, day: u8) -> Result<Date, TimeError> {
        parse::check_date(year, month, day).map_err(|(offset, reason)| {
            let text = format!("{year:04}-{month:02}-{day:02}");
            TimeError::from_reason(TimeKind::Date, &text, offset + 1, reason)
        })?;
        Date::from_checked(year, month, day).ok_or_else(|| TimeError::Expected {
            kind: TimeKind::Date,
            text: format!("{year:04}-{month:02}-{day:02}"),
            column: 1,
            expected: "a date",
        })
    }

    /// The date of fields already checked.
    pub(crate) fn from_checked(year: u16, month: u8, day: u8) -> Option<Date> {
        let year = i16::try_from(year).ok()?;
        let month = i8::try_from(month).ok()?;
        let day = i8::try_from(day).ok()?;
        jiff::civil::Date::new(year, month, day).ok().map(Date)
    }

    /// The year, 0 to 9999.
    pub fn year(self) -> u16 {
        u16::try_from(self.0.year()).unwrap_or(0)
    }

    /// The month, 1 to 12.
    pub fn month(self) -> u8 {
        u8::try_from(self.0.month()).unwrap_or(0)
    }

    /// The day of the month, 1 to 31.
    pub fn day(self) -> u8 {
        u8::try_from(self.0.day()).unwrap_or(0)
    }

    /// The instant this day starts in Vietnam: 00:00:00+07:00.
    pub fn start_in_vietnam(self) -> Timestamp {
        Timestamp::from_unix_seconds_saturating(self.days_since_epoch() * DAY - VIETNAM)
    }

    /// Days from 1970-01-01 to this date (negative before it).
    pub fn days_since_epoch(self) -> i64 {
        EPOCH
            .until(self.0)
            .map_or(0, |span| i64::from(span.get_days()))
    }

    /// The date `days` after 1970-01-01 (before it when negative), if it is in years 0 to 9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Date> {
        let span = jiff::Span::new().try_days(days).ok()?;
        Date::in_range(EPOCH.checked_add(span).ok()?)
    }

    /// The date `days` days later (earlier when negative), if it is in years 0 to 9999.
    pub fn checked_add_days(self, days: i64) -> Option<Date> {
        Date::from_days_since_epoch(self.days_since_epoch().checked_add(days)?)
    }

    /// The same day of the month `months` months later, or that month's last day when it is
    /// shorter (2021-08-31 plus 6 months is 2022-02-28); `None` past year 9999.
    pub fn checked_add_months(self, months: u32) -> Option<Date> {
        let span = jiff::Span::new().try_months(i64::from(months)).ok()?;
        Date::in_range(self.0.checked_add(span).ok()?)
    }

    fn in_range(date: jiff::civil::Date) -> Option<Date> {
        let date = Date(date);
        (Date::MIN..=Date::MAX).contains(&date).then_some(date)
    }
}

/// Days of `month` (1 to 12) in `year` (1 to 9999) of the proleptic Gregorian calendar.
pub(crate) fn days_in_month(year: u16, month: u8) -> u8 {
    let first = i16::try_from(year)
        .ok()
        .zip(i8::try_from(month).ok())
        .and_then(|(year, month)| jiff::civil::Date::new(year, month, 1).ok());
    first.map_or(31, |first| {
        u8::try_from(first.days_in_month()).unwrap_or(31)
    })
}

impl fmt::Display for Date {
    /// Writes `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}-{:02}-{:02}",
            self.year(),
            self.month(),
            self.day()
        )
    }
}

impl FromStr for Date {
    type Err = TimeError;

    /// Reads `YYYY-MM-DD` exactly (RFC 3339 `full-date`).
    fn from_str(text: &str) -> Result<Date, TimeError> {
        parse::date(text)
    }
}
