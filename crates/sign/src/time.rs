//! Instants, counted in whole seconds: when a code was signed, when it is verified, and the
//! limits of a key's validity.

use std::{fmt, str::FromStr};

/// An instant in UTC, in whole seconds since 1970-01-01T00:00:00Z.
///
/// The profile counts time in whole seconds from 1970-01-01T00:00:00Z to
/// 9999-12-31T23:59:59Z. As text it is an RFC 3339 date-time with seconds and an offset and
/// without a fraction, such as `2021-11-01T08:30:00Z` or `2021-11-01T15:30:00+07:00`; it
/// is written back in UTC.
///
/// ```
/// use qr1405_sign::Time;
///
/// let time: Time = "2021-11-01T15:30:00+07:00".parse()?;
/// assert_eq!(time.to_string(), "2021-11-01T08:30:00Z");
/// assert_eq!(time.unix_seconds(), 1_635_755_400);
/// # Ok::<(), qr1405_sign::TimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(u64);

/// Why a text or a number is not a [`Time`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is not an RFC 3339 date-time with seconds and an offset.
    #[error("time {value:?} is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: {reason}")]
    Syntax {
        /// The text.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The text has a fraction of a second; the profile counts whole seconds.
    #[error("time {value:?} has a fraction of a second; times are whole seconds")]
    Fraction {
        /// The text.
        value: String,
    },
    /// The instant is before 1970-01-01T00:00:00Z or after 9999-12-31T23:59:59Z.
    #[error("time {value:?} is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z")]
    Range {
        /// The text, or the number of seconds since 1970-01-01T00:00:00Z.
        value: String,
    },
}

impl Time {
    /// 1970-01-01T00:00:00Z.
    pub const MIN: Time = Time(0);

    /// 9999-12-31T23:59:59Z.
    pub const MAX: Time = Time(253_402_300_799);

    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(seconds: u64) -> Result<Time, TimeError> {
        if seconds > Time::MAX.0 {
            return Err(TimeError::Range {
                value: seconds.to_string(),
            });
        }
        Ok(Time(seconds))
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> u64 {
        self.0
    }

    /// The system clock, truncated to the second.
    ///
    /// A clock set before 1970 reads as [`Time::MIN`]; one after 9999 as [`Time::MAX`].
    pub fn now() -> Time {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_secs());
        Time(seconds.min(Time::MAX.0))
    }

    /// The instant `seconds` later, or [`Time::MAX`] if that is later still.
    pub fn saturating_add_seconds(self, seconds: u64) -> Time {
        Time(self.0.saturating_add(seconds).min(Time::MAX.0))
    }

    /// The instant `seconds` earlier, or [`Time::MIN`] if that is earlier still.
    pub fn saturating_sub_seconds(self, seconds: u64) -> Time {
        Time(self.0.saturating_sub(seconds))
    }
}

impl FromStr for Time {
    type Err = TimeError;

    /// Reads an RFC 3339 date-time with seconds and an offset, without a fraction.
    fn from_str(text: &str) -> Result<Time, TimeError> {
        let syntax = |reason: &str| TimeError::Syntax {
            value: text.to_owned(),
            reason: reason.to_owned(),
        };
        let bytes = text.as_bytes();
        // `YYYY-MM-DDTHH:MM:SS`, then an optional fraction, then `Z` or `±HH:MM`.
        let shape = b"dddd-dd-ddTdd:dd:dd";
        if bytes.len() < shape.len() + 1 {
            return Err(syntax("too short"));
        }
        for (i, (&b, &s)) in bytes.iter().zip(shape).enumerate() {
            let fits = match s {
                b'd' => b.is_ascii_digit(),
                b'T' => b == b'T' || b == b't',
                _ => b == s,
            };
            if !fits {
                return Err(syntax(&format!("unexpected character at byte {i}")));
            }
        }
        let mut rest = &bytes[shape.len()..];
        if let [b'.', fraction @ ..] = rest {
            let digits = fraction.iter().take_while(|b| b.is_ascii_digit()).count();
            if digits == 0 {
                return Err(syntax("a fraction needs digits after the dot"));
            }
            if fraction[..digits].iter().any(|&b| b != b'0') {
                return Err(TimeError::Fraction {
                    value: text.to_owned(),
                });
            }
            rest = &fraction[digits..];
        }
        match rest {
            [b'Z' | b'z'] => {}
            [b'+' | b'-', h1, h2, b':', m1, m2]
                if [h1, h2, m1, m2].iter().all(|b| b.is_ascii_digit()) => {}
            _ => return Err(syntax("the offset must be Z or +HH:MM or -HH:MM")),
        }
        let number = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .fold(0i64, |n, &b| n * 10 + i64::from(b - b'0'))
        };
        let (year, month, day) = (number(0..4), number(5..7), number(8..10));
        let (hour, minute, second) = (number(11..13), number(14..16), number(17..19));
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return Err(syntax("no such date"));
        }
        if hour > 23 || minute > 59 || second > 59 {
            return Err(syntax("no such time of day (leap seconds are not counted)"));
        }
        let offset = match rest {
            [sign @ (b'+' | b'-'), ..] => {
                let (h, m) = (
                    number(bytes.len() - 5..bytes.len() - 3),
                    number(bytes.len() - 2..bytes.len()),
                );
                if h > 23 || m > 59 {
                    return Err(syntax("no such offset"));
                }
                let minutes = h * 60 + m;
                if *sign == b'-' { -minutes } else { minutes }
            }
            _ => 0,
        };
        let seconds =
            days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second
                - offset * 60;
        u64::try_from(seconds)
            .ok()
            .filter(|&seconds| seconds <= Time::MAX.0)
            .map(Time)
            .ok_or_else(|| TimeError::Range {
                value: text.to_owned(),
            })
    }
}

/// Days of `month` in `year` of the proleptic Gregorian calendar.
fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day counted from 1970-01-01 (H. Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

impl fmt::Display for Time {
    /// Writes RFC 3339 in UTC, such as `2021-11-01T08:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Every `Time` fits in an i64.
        let seconds = i64::try_from(self.0).unwrap_or(i64::MAX);
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        let second_of_day = seconds.rem_euclid(86_400);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
            second_of_day / 3_600,
            second_of_day / 60 % 60,
            second_of_day % 60
        )
    }
}

impl fmt::Debug for Time {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Time({self})")
    }
}

impl serde::Serialize for Time {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Time {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Time, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_rfc_3339_and_writes_utc() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("2021-11-01T08:30:00Z", 1_635_755_400),
            ("2021-11-01t08:30:00z", 1_635_755_400),
            ("2021-11-01T15:30:00+07:00", 1_635_755_400),
            ("2021-11-01T08:30:00.000Z", 1_635_755_400),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
            ("2000-02-29T00:00:00Z", 951_782_400),
            ("2024-12-31T23:59:59-00:01", 1_735_689_659),
            ("1970-01-01T07:00:00+07:00", 0),
        ];
        for (text, seconds) in cases {
            let time: Time = text.parse().unwrap();
            assert_eq!(time.unix_seconds(), seconds, "{text}");
            assert_eq!(time.to_string().parse::<Time>().unwrap(), time);
        }
        assert_eq!(Time::MAX.to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(Time::MIN.to_string(), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn refuses_other_shapes() {
        let messages: Vec<String> = [
            "",
            "2021-11-01",
            "2021-11-01T08:30Z",
            "2021-11-01 08:30:00Z",
            "2021-11-01T08:30:00",
            "2021-11-01T08:30:00+0700",
            "2021-11-01T08:30:00.5Z",
            "2021-11-01T08:30:00.Z",
            "2021-02-30T08:30:00Z",
            "2100-02-29T00:00:00Z",
            "2021-13-01T00:00:00Z",
            "2021-11-01T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2021-11-01T08:30:00+24:00",
            "1970-01-01T00:00:00+00:01",
            "9999-12-31T23:59:59-00:01",
            "1969-12-31T23:59:59Z",
            "2021-11-01T08:30:00Z[Asia/Ho_Chi_Minh]",
        ]
        .iter()
        .map(|text| text.parse::<Time>().unwrap_err().to_string())
        .collect();
        insta::assert_snapshot!(messages.join("\n"), @r#"
        time "" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: too short
        time "2021-11-01" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: too short
        time "2021-11-01T08:30Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: too short
        time "2021-11-01 08:30:00Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: unexpected character at byte 10
        time "2021-11-01T08:30:00" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: too short
        time "2021-11-01T08:30:00+0700" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: the offset must be Z or +HH:MM or -HH:MM
        time "2021-11-01T08:30:00.5Z" has a fraction of a second; times are whole seconds
        time "2021-11-01T08:30:00.Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: a fraction needs digits after the dot
        time "2021-02-30T08:30:00Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: no such date
        time "2100-02-29T00:00:00Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: no such date
        time "2021-13-01T00:00:00Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: no such date
        time "2021-11-01T24:00:00Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: no such time of day (leap seconds are not counted)
        time "2016-12-31T23:59:60Z" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: no such time of day (leap seconds are not counted)
        time "2021-11-01T08:30:00+24:00" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: no such offset
        time "1970-01-01T00:00:00+00:01" is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z
        time "9999-12-31T23:59:59-00:01" is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z
        time "1969-12-31T23:59:59Z" is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z
        time "2021-11-01T08:30:00Z[Asia/Ho_Chi_Minh]" is not an rfc 3339 date-time such as 2021-11-01T08:30:00Z: the offset must be Z or +HH:MM or -HH:MM
        "#);
    }

    #[test]
    fn every_day_round_trips() {
        let mut day = Time::MIN;
        while day < Time::MAX {
            assert_eq!(day.to_string().parse::<Time>().unwrap(), day);
            day = day.saturating_add_seconds(10 * 86_400 + 3_661);
        }
    }

    #[test]
    fn numbers_and_arithmetic_stay_in_range() {
        assert!(Time::from_unix_seconds(253_402_300_800).is_err());
        assert_eq!(Time::MAX.saturating_add_seconds(1), Time::MAX);
        assert_eq!(Time::MIN.saturating_sub_seconds(1), Time::MIN);
        assert!(Time::now() > Time::from_unix_seconds(1_600_000_000).unwrap());
    }
}
