//! Instants, counted in whole seconds: when a code was signed, when it is verified, and the
//! limits of a key's validity.

use std::{fmt, str::FromStr};

use qr1405_time::{TimeError, Timestamp};

/// An instant of the signature profile: the time core's [`Timestamp`] from
/// 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, in whole seconds.
///
/// As text it is read by the time core's rule (RFC 3339 with an offset, whole seconds) and
/// written back in UTC, as trust lists write it. It converts to and from a [`Timestamp`]
/// without text.
///
/// ```
/// use qr1405_sign::Time;
///
/// let time: Time = "2021-11-01T15:30:00+07:00".parse()?;
/// assert_eq!(time.to_string(), "2021-11-01T08:30:00Z");
/// assert_eq!(time.unix_seconds(), 1_635_755_400);
/// assert_eq!(time.timestamp().to_string(), "2021-11-01T15:30:00+07:00");
/// # Ok::<(), qr1405_sign::TimeError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Time(Timestamp);

impl Time {
    /// 1970-01-01T00:00:00Z.
    pub const MIN: Time = Time(Timestamp::UNIX_EPOCH);

    /// 9999-12-31T23:59:59Z.
    pub const MAX: Time = Time(Timestamp::MAX);

    /// The instant `seconds` after 1970-01-01T00:00:00Z.
    pub fn from_unix_seconds(seconds: u64) -> Result<Time, TimeError> {
        let seconds = i64::try_from(seconds).unwrap_or(i64::MAX);
        Timestamp::from_unix_seconds(seconds).map(Time)
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    pub fn unix_seconds(self) -> u64 {
        u64::try_from(self.0.unix_seconds()).unwrap_or(0)
    }

    /// The instant as the time core's [`Timestamp`].
    pub fn timestamp(self) -> Timestamp {
        self.0
    }

    /// The system clock, truncated to the second.
    ///
    /// A clock set before 1970 reads as [`Time::MIN`]; one after 9999 as [`Time::MAX`].
    pub fn now() -> Time {
        Time::try_from(Timestamp::now()).unwrap_or(Time::MIN)
    }

    /// The instant `seconds` later, or [`Time::MAX`] if that is later still.
    pub fn saturating_add_seconds(self, seconds: u64) -> Time {
        Time(
            self.0
                .saturating_add_seconds(i64::try_from(seconds).unwrap_or(i64::MAX)),
        )
    }

    /// The instant `seconds` earlier, or [`Time::MIN`] if that is earlier still.
    pub fn saturating_sub_seconds(self, seconds: u64) -> Time {
        let earlier = self
            .0
            .saturating_add_seconds(-i64::try_from(seconds).unwrap_or(i64::MAX));
        Time(earlier.max(Timestamp::UNIX_EPOCH))
    }
}

impl TryFrom<Timestamp> for Time {
    type Error = TimeError;

    /// The instant, if it is not before 1970-01-01T00:00:00Z.
    fn try_from(at: Timestamp) -> Result<Time, TimeError> {
        if at < Timestamp::UNIX_EPOCH {
            Err(TimeError::BeforeUnixEpoch {
                text: at.to_string(),
            })
        } else {
            Ok(Time(at))
        }
    }
}

impl From<Time> for Timestamp {
    fn from(time: Time) -> Timestamp {
        time.0
    }
}

impl FromStr for Time {
    type Err = TimeError;

    /// Reads the time core's RFC 3339 with an offset, from 1970 on.
    fn from_str(text: &str) -> Result<Time, TimeError> {
        let at: Timestamp = text.parse()?;
        Time::try_from(at).map_err(|_| TimeError::BeforeUnixEpoch {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Time {
    /// Writes RFC 3339 in UTC, such as `2021-11-01T08:30:00Z`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.utc())
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
            assert_eq!(Time::try_from(time.timestamp()), Ok(time));
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
        insta::assert_snapshot!(messages.join("\n"), @"
            invalid timestamp ``: expected 4 digits for the year at column 1
            invalid timestamp `2021-11-01`: expected `T` between date and time at column 11
            invalid timestamp `2021-11-01T08:30Z`: expected `:` after the minute at column 17
            invalid timestamp `2021-11-01 08:30:00Z`: expected `T` between date and time at column 11
            invalid timestamp `2021-11-01T08:30:00`: no UTC offset at column 20; add `Z` or an offset such as `+07:00`
            invalid timestamp `2021-11-01T08:30:00+0700`: expected `:` in the offset at column 23
            invalid timestamp `2021-11-01T08:30:00.5Z`: a fraction of a second at column 20; times are whole seconds
            invalid timestamp `2021-11-01T08:30:00.Z`: expected digits after the decimal point at column 21
            invalid timestamp `2021-02-30T08:30:00Z`: day 30 at column 9 is not in 1 to 28
            invalid timestamp `2100-02-29T00:00:00Z`: day 29 at column 9 is not in 1 to 28
            invalid timestamp `2021-13-01T00:00:00Z`: month 13 at column 6 is not in 1 to 12
            invalid timestamp `2021-11-01T24:00:00Z`: hour 24 at column 12 is not in 0 to 23
            invalid timestamp `2016-12-31T23:59:60Z`: leap second 60 at column 18 is not supported
            invalid timestamp `2021-11-01T08:30:00+24:00`: offset hour 24 at column 21 is not in 0 to 23
            invalid timestamp `1970-01-01T00:00:00+00:01`: before 1970-01-01T00:00:00Z, where signature times begin
            invalid timestamp `9999-12-31T23:59:59-00:01`: outside 0000-01-01T00:00:00+07:00 to 9999-12-31T23:59:59Z
            invalid timestamp `1969-12-31T23:59:59Z`: before 1970-01-01T00:00:00Z, where signature times begin
            invalid timestamp `2021-11-01T08:30:00Z[Asia/Ho_Chi_Minh]`: expected the end of the timestamp at column 21
            ");
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
        assert!(Time::from_unix_seconds(u64::MAX).is_err());
        assert_eq!(Time::MAX.saturating_add_seconds(1), Time::MAX);
        assert_eq!(Time::MIN.saturating_sub_seconds(1), Time::MIN);
        assert!(Time::now() > Time::from_unix_seconds(1_600_000_000).unwrap());
        let before: Timestamp = "1969-12-31T23:59:59Z".parse().unwrap();
        assert!(Time::try_from(before).is_err());
    }
}
