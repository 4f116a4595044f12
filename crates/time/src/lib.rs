//! Dates and instants for Vietnam's personal health QR code, stated once for every crate.
//!
//! - [`Date`]: a day of the calendar, years 0000 to 9999, written `YYYY-MM-DD`.
//! - [`Timestamp`]: an instant in whole seconds, read from RFC 3339 with an offset and written
//!   in Vietnam time (`+07:00`) or in UTC.
//! - [`TimeError`]: why a text or number was refused, with the column of the fault.
//!
//! The domain's rules, stated here and nowhere else:
//!
//! - **Vietnam's civil day.** Vietnam keeps UTC+07:00 all year, with no daylight saving. A
//!   date in a code or in health facts is a Vietnam day: it starts at 00:00:00+07:00
//!   ([`Date::start_in_vietnam`], [`Timestamp::vietnam_date`]).
//! - **Whole seconds.** Signatures count whole seconds, and so does every instant here: a
//!   fraction of a second is read only when it is zero.
//! - **RFC 3339 with an offset.** An instant is `YYYY-MM-DDTHH:MM:SS`, an optional zero
//!   fraction of at most 9 digits, then `Z` or `±HH:MM` (`T` and `Z` may be lower case). A
//!   text without an offset is an error, never a guess; a leap second (`:60`) is refused.
//!
//! The calendar is [jiff](https://docs.rs/jiff)'s; no jiff type appears in this API.
//!
//! ```
//! use qr1405_time::{Date, Timestamp};
//!
//! let signed: Timestamp = "2021-10-01T00:30:00Z".parse()?;
//! assert_eq!(signed.to_string(), "2021-10-01T07:30:00+07:00");
//! assert_eq!(signed.vietnam_date(), Date::new(2021, 10, 1)?);
//!
//! let error = "2021-10-01T08:00:00".parse::<Timestamp>().unwrap_err();
//! assert_eq!(
//!     error.to_string(),
//!     "invalid timestamp `2021-10-01T08:00:00`: no UTC offset at column 20; add `Z` or an offset such as `+07:00`"
//! );
//! # Ok::<(), qr1405_time::TimeError>(())
//! ```

mod date;
mod error;
mod parse;
#[cfg(feature = "serde")]
mod serde;
mod timestamp;

pub use date::Date;
pub use error::{TimeError, TimeKind};
pub use timestamp::Timestamp;

/// Vietnam's UTC offset in seconds: +07:00, all year.
pub const VIETNAM: i64 = 7 * 3600;
/// Seconds in a day.
pub const DAY: i64 = 86_400;

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

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
        assert_eq!(date("0000-01-01").days_since_epoch(), -719_528);
        assert_eq!(date("9999-12-31").days_since_epoch(), 2_932_896);
        assert_eq!(Date::from_days_since_epoch(-719_529), None);
        assert_eq!(Date::from_days_since_epoch(2_932_897), None);
    }

    #[test]
    fn vietnam_day_starts_at_seventeen_hundred_utc_the_day_before() {
        let start = date("2021-10-01").start_in_vietnam();
        assert_eq!(start, stamp("2021-09-30T17:00:00Z"));
        assert_eq!(start.to_string(), "2021-10-01T00:00:00+07:00");
        assert_eq!(
            start.saturating_add_seconds(-1).vietnam_date(),
            date("2021-09-30")
        );
        assert_eq!(start.vietnam_date(), date("2021-10-01"));
        assert_eq!(start.vietnam_seconds_of_day(), 0);
    }

    #[test]
    fn reads_any_offset_and_writes_vietnam_time_or_utc() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0),
            ("2021-11-01T08:30:00Z", 1_635_755_400),
            ("2021-11-01t08:30:00z", 1_635_755_400),
            ("2021-11-01T15:30:00+07:00", 1_635_755_400),
            ("2021-11-01T08:30:00.000Z", 1_635_755_400),
            ("2021-11-01T02:00:00-06:30", 1_635_755_400),
            ("2000-02-29T00:00:00Z", 951_782_400),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
            ("0000-01-01T00:00:00+07:00", -62_167_244_400),
        ];
        for (text, seconds) in cases {
            let at = stamp(text);
            assert_eq!(at.unix_seconds(), seconds, "{text}");
            assert_eq!(stamp(&at.to_string()), at, "{text}");
            assert_eq!(stamp(&at.utc().to_string()), at, "{text}");
        }
        assert_eq!(Timestamp::MAX.utc().to_string(), "9999-12-31T23:59:59Z");
        assert_eq!(Timestamp::MIN.to_string(), "0000-01-01T00:00:00+07:00");
        assert_eq!(
            Timestamp::UNIX_EPOCH.utc().to_string(),
            "1970-01-01T00:00:00Z"
        );
        // The last seven hours fall on a Vietnam day of year 10000, which no date names.
        assert_eq!(Timestamp::MAX.vietnam_date(), Date::MAX);
    }

    #[test]
    fn numbers_and_arithmetic_stay_in_range() {
        assert!(Timestamp::from_unix_seconds(253_402_300_800).is_err());
        assert!(Timestamp::from_unix_seconds(-62_167_244_401).is_err());
        assert_eq!(Timestamp::MAX.saturating_add_seconds(1), Timestamp::MAX);
        assert_eq!(Timestamp::MIN.saturating_add_seconds(-1), Timestamp::MIN);
        assert!(Timestamp::now() > Timestamp::from_unix_seconds(1_600_000_000).unwrap());
        assert_eq!(
            stamp("2021-10-01T08:00:59+07:00").floor_to_minute(),
            stamp("2021-10-01T08:00:00+07:00")
        );
    }

    #[test]
    fn months_clamp_to_the_last_day() {
        assert_eq!(
            date("2021-08-31").checked_add_months(6),
            Some(date("2022-02-28"))
        );
        assert_eq!(
            date("2023-08-31").checked_add_months(6),
            Some(date("2024-02-29"))
        );
        assert_eq!(
            date("2021-10-15").checked_add_months(6),
            Some(date("2022-04-15"))
        );
        assert_eq!(date("9999-07-01").checked_add_months(6), None);
        assert_eq!(date("9999-12-31").checked_add_days(1), None);
        assert_eq!(
            date("2021-12-31").checked_add_days(1),
            Some(date("2022-01-01"))
        );
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
            ("2021-10-01T08:00:00.5Z", TimeKind::Timestamp),
            ("2021-10-01T08:00:00.1234567890Z", TimeKind::Timestamp),
            ("2021-10-01T08:00:00+0700", TimeKind::Timestamp),
            ("2021-10-01T08:00:00+24:00", TimeKind::Timestamp),
            ("9999-12-31T23:59:59-00:01", TimeKind::Timestamp),
            ("0000-01-01T00:00:00+08:00", TimeKind::Timestamp),
            ("2021-10-01T08:00:00+07:00 ", TimeKind::Timestamp),
            (
                "2021-11-01T08:30:00Z[Asia/Ho_Chi_Minh]",
                TimeKind::Timestamp,
            ),
            ("2021-02-29", TimeKind::Date),
            ("2100-02-29", TimeKind::Date),
            ("2021-13-01", TimeKind::Date),
            ("10000-01-01", TimeKind::Date),
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
            invalid timestamp `2021-10-01T08:00:00.5Z`: a fraction of a second at column 20; times are whole seconds
            invalid timestamp `2021-10-01T08:00:00.1234567890Z`: expected at most 9 digits in the fraction of a second at column 30
            invalid timestamp `2021-10-01T08:00:00+0700`: expected `:` in the offset at column 23
            invalid timestamp `2021-10-01T08:00:00+24:00`: offset hour 24 at column 21 is not in 0 to 23
            invalid timestamp `9999-12-31T23:59:59-00:01`: outside 0000-01-01T00:00:00+07:00 to 9999-12-31T23:59:59Z
            invalid timestamp `0000-01-01T00:00:00+08:00`: outside 0000-01-01T00:00:00+07:00 to 9999-12-31T23:59:59Z
            invalid timestamp `2021-10-01T08:00:00+07:00 `: expected the end of the timestamp at column 26
            invalid timestamp `2021-11-01T08:30:00Z[Asia/Ho_Chi_Minh]`: expected the end of the timestamp at column 21
            invalid date `2021-02-29`: day 29 at column 9 is not in 1 to 28
            invalid date `2100-02-29`: day 29 at column 9 is not in 1 to 28
            invalid date `2021-13-01`: month 13 at column 6 is not in 1 to 12
            invalid date `10000-01-01`: expected `-` after the year at column 5
            invalid date `2021-1-01`: expected 2 digits for the month at column 7
            invalid date `21-10-01`: expected 4 digits for the year at column 3
            invalid date `2021/10/01`: expected `-` after the year at column 5
            invalid date `2021-10-01T00:00:00Z`: expected the end of the date at column 11
            invalid date ``: expected 4 digits for the year at column 1
            date is 53 bytes long, more than the 40 a date can have
            ");
    }

    #[test]
    fn numbers_out_of_range_name_the_number() {
        let error = Timestamp::from_unix_seconds(i64::MAX).unwrap_err();
        insta::assert_snapshot!(error.to_string(), @"9223372036854775807 seconds since 1970-01-01T00:00:00Z is outside 0000-01-01T00:00:00+07:00 to 9999-12-31T23:59:59Z");
        let error = Date::new(2021, 2, 29).unwrap_err();
        insta::assert_snapshot!(error.to_string(), @"invalid date `2021-02-29`: day 29 at column 9 is not in 1 to 28");
    }

    #[cfg(feature = "serde")]
    #[test]
    fn serde_uses_the_text_forms() {
        let json =
            serde_json::to_string(&(date("2021-10-01"), stamp("2021-10-01T01:00:00Z"))).unwrap();
        assert_eq!(json, r#"["2021-10-01","2021-10-01T08:00:00+07:00"]"#);
        let back: (Date, Timestamp) = serde_json::from_str(&json).unwrap();
        assert_eq!(back, (date("2021-10-01"), stamp("2021-10-01T01:00:00Z")));
        assert!(serde_json::from_str::<Timestamp>(r#""2021-10-01T08:00:00""#).is_err());
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (-719_528i64..=2_932_896).prop_map(|days| Date::from_days_since_epoch(days).unwrap())
    }

    proptest! {
        #[test]
        fn date_text_round_trips(date in any_date()) {
            let text = date.to_string();
            prop_assert_eq!(text.parse::<Date>().unwrap(), date);
            prop_assert_eq!(Date::from_days_since_epoch(date.days_since_epoch()), Some(date));
            prop_assert_eq!(Date::new(date.year(), date.month(), date.day()), Ok(date));
        }

        #[test]
        fn next_day_is_one_later(date in any_date()) {
            if let Some(next) = date.checked_add_days(1) {
                prop_assert!(next > date);
                prop_assert_eq!(next.days_since_epoch(), date.days_since_epoch() + 1);
                prop_assert_eq!(
                    next.start_in_vietnam().saturating_add_seconds(-DAY),
                    date.start_in_vietnam()
                );
            }
        }

        #[test]
        fn timestamp_text_round_trips(seconds in -62_167_244_400i64..=253_402_300_799) {
            let at = Timestamp::from_unix_seconds(seconds).unwrap();
            prop_assert_eq!(at.to_string().parse::<Timestamp>().unwrap(), at);
            prop_assert_eq!(at.utc().to_string().parse::<Timestamp>().unwrap(), at);
        }

        #[test]
        fn any_text_is_read_or_refused_with_a_message(text in "\\PC{0,45}") {
            if let Err(error) = text.parse::<Timestamp>() {
                prop_assert!(!error.to_string().is_empty());
            }
            if let Err(error) = text.parse::<Date>() {
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }
}
