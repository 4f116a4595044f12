//! The one reading rule for dates and instants, left to right, with the column of any fault.
//!
//! A date is RFC 3339 `full-date`, `YYYY-MM-DD`. An instant is RFC 3339 `date-time`:
//! `YYYY-MM-DDTHH:MM:SS`, an optional fraction of at most 9 digits that must be zero, then `Z`
//! or `±HH:MM` (`T` and `Z` may be lower case). No offset is an error, never a guess; leap
//! seconds are refused.

use crate::{
    Date, Timestamp,
    error::{Reason, TimeError, TimeKind},
};

/// The longest date or timestamp text read, in bytes: `YYYY-MM-DDTHH:MM:SS.fffffffff+HH:MM` is 35.
const MAX_TEXT: usize = 40;

/// Seconds in an hour.
const HOUR: i64 = 3600;

/// Reads `YYYY-MM-DD` exactly.
pub(crate) fn date(text: &str) -> Result<Date, TimeError> {
    let mut cursor = Cursor::new(text, TimeKind::Date)?;
    let date = cursor.date()?;
    cursor.end()?;
    Ok(date)
}

/// Reads an RFC 3339 date-time with an offset and whole seconds.
pub(crate) fn timestamp(text: &str) -> Result<Timestamp, TimeError> {
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
        return Err(cursor.error_at(second_at, Reason::LeapSecond));
    }
    let second = cursor.range(second, second_at, "second", 0, 59)?;
    cursor.fraction()?;
    let offset = cursor.offset()?;
    cursor.end()?;
    let local = date.days_since_epoch() * crate::DAY + hour * HOUR + minute * 60 + second;
    Timestamp::from_unix_seconds(local - offset)
        .map_err(|_| cursor.error_at(0, Reason::InstantRange))
}

/// Checks a date's fields; an error is the offset of the field from the year, and why.
pub(crate) fn check_date(year: u16, month: u8, day: u8) -> Result<(), (usize, Reason)> {
    let range = |offset: usize, field, value, min, max| {
        Err((
            offset,
            Reason::Range {
                field,
                value,
                min,
                max,
            },
        ))
    };
    if year > 9999 {
        return range(0, "year", u32::from(year), 0, 9999);
    }
    if !(1..=12).contains(&month) {
        return range(5, "month", u32::from(month), 1, 12);
    }
    let last = crate::date::days_in_month(year, month);
    if !(1..=last).contains(&day) {
        return range(8, "day", u32::from(day), 1, u32::from(last));
    }
    Ok(())
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

    fn error_at(&self, position: usize, reason: Reason) -> TimeError {
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
        Date::from_checked(year, month, day)
            .ok_or_else(|| self.error_at(start, Reason::Expected("a date")))
    }

    /// Exactly `count` ASCII digits.
    fn digits(&mut self, count: usize, field: &'static str) -> Result<u32, TimeError> {
        let mut value = 0;
        for _ in 0..count {
            match self.bytes.get(self.position) {
                Some(byte) if byte.is_ascii_digit() => {
                    value = value * 10 + u32::from(byte - b'0');
                    self.position += 1;
                }
                _ => {
                    let expected = match field {
                        "year" => "4 digits for the year",
                        "month" => "2 digits for the month",
                        "day" => "2 digits for the day",
                        "hour" => "2 digits for the hour",
                        "minute" => "2 digits for the minute",
                        "second" => "2 digits for the second",
                        "offset hour" => "2 digits for the offset hours",
                        _ => "2 digits for the offset minutes",
                    };
                    return Err(self.error_at(self.position, Reason::Expected(expected)));
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
        self.range(value, at, field, min, max)
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
                Reason::Range {
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
            _ => Err(self.error_at(self.position, Reason::Expected(expected))),
        }
    }

    /// An optional `.` and 1 to 9 digits, all zero: times are whole seconds.
    fn fraction(&mut self) -> Result<(), TimeError> {
        if self.bytes.get(self.position) != Some(&b'.') {
            return Ok(());
        }
        let dot = self.position;
        self.position += 1;
        let start = self.position;
        let mut zero = true;
        while let Some(byte) = self.bytes.get(self.position).filter(|b| b.is_ascii_digit()) {
            if self.position - start == 9 {
                return Err(self.error_at(
                    self.position,
                    Reason::Expected("at most 9 digits in the fraction of a second"),
                ));
            }
            zero &= *byte == b'0';
            self.position += 1;
        }
        if self.position == start {
            return Err(self.error_at(start, Reason::Expected("digits after the decimal point")));
        }
        if zero {
            Ok(())
        } else {
            Err(self.error_at(dot, Reason::Fraction))
        }
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
            None => return Err(self.error_at(self.position, Reason::MissingOffset)),
            Some(_) => {
                return Err(self.error_at(
                    self.position,
                    Reason::Expected("`Z`, `+HH:MM` or `-HH:MM` after the time"),
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
            Err(self.error_at(self.position, Reason::Expected(expected)))
        }
    }
}

/// Narrows a value read from at most 4 digits.
fn narrow<T: TryFrom<u32> + Default>(value: u32) -> T {
    T::try_from(value).unwrap_or_default()
}
