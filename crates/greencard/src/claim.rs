//! The green-card claim: the compact text that carries a status in EXT slot 6 of the personal
//! code, after the signature slot, where the signature covers it.
//!
//! Grammar (ABNF, RFC 5234; every character is `A-Z`, `0-9` or `-`):
//!
//! ```text
//! claim   = "GC" version "-" code "-" status [scope] ["-" until]
//! version = "1"
//! code    = 1*8(%x41-5A / DIGIT)          ; the rule set's claim code, e.g. "KH"
//! status  = "G" / "Y" / "R" / "B" / "N"   ; green, yellow, red, pale blue, no card
//! scope   = "F" / "L"                     ; full, limited
//! until   = date [time]                   ; Vietnam time (+07:00), the first minute it no longer holds
//! date    = 8DIGIT                        ; YYYYMMDD
//! time    = 4DIGIT                        ; HHMM, never "0000": midnight is written as the date alone
//! ```

use std::{fmt, str::FromStr};

use qr1405_time::{Date, Timestamp};

/// Seconds in an hour.
const HOUR: i64 = 3600;

use crate::{
    error::ClaimError,
    evaluate::Evaluation,
    rules::{MAX_CLAIM_CODE, is_claim_code},
    status::{Scope, Status},
};

/// The EXT slot that holds the claim, counted from 1: the first slot after the signature (5).
pub const CLAIM_SLOT: usize = 6;

/// The longest claim, in bytes: `GC1-` (4), an 8-character code, `-`, status and scope (2),
/// `-` and a 12-digit until.
pub const CLAIM_MAX_LEN: usize = 4 + MAX_CLAIM_CODE + 1 + 2 + 1 + 12;

/// A green-card claim: which rule set gave which status and scope, and until when.
///
/// ```
/// use qr1405_greencard::{Claim, Status, Timestamp};
/// let claim = Claim::parse("GC1-KH-G-20220107").unwrap();
/// assert_eq!(claim.status(), Status::Green);
/// assert!(claim.holds_at("2022-01-06T23:59:59+07:00".parse().unwrap()));
/// assert!(!claim.holds_at("2022-01-07T00:00:00+07:00".parse().unwrap()));
/// assert_eq!(claim.encode(), "GC1-KH-G-20220107");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct Claim {
    rules: String,
    status: Status,
    scope: Option<Scope>,
    valid_until: Option<Timestamp>,
}

impl Claim {
    /// The claim for an evaluation. Its valid-until is rounded down to the minute, so a claim
    /// never holds longer than the evaluation.
    pub fn from_evaluation(evaluation: &Evaluation) -> Claim {
        Claim {
            rules: evaluation.claim_code().to_owned(),
            status: evaluation.status(),
            scope: evaluation.scope(),
            valid_until: evaluation.valid_until().map(Timestamp::floor_to_minute),
        }
    }

    /// Reads the text of EXT slot [`CLAIM_SLOT`]: `None` when the slot is empty.
    pub fn from_slot(slot: &str) -> Result<Option<Claim>, ClaimError> {
        if slot.is_empty() {
            Ok(None)
        } else {
            Claim::parse(slot).map(Some)
        }
    }

    /// Reads a claim; only the canonical form is accepted, so `parse(text)?.encode() == text`.
    pub fn parse(text: &str) -> Result<Claim, ClaimError> {
        let Some(rest) = text.strip_prefix("GC") else {
            return Err(ClaimError::NotAClaim {
                text: text.chars().take(40).collect(),
            });
        };
        if text.len() > CLAIM_MAX_LEN {
            return Err(ClaimError::TooLong {
                length: text.len(),
                max: CLAIM_MAX_LEN,
            });
        }
        let version = rest.split('-').next().unwrap_or_default();
        if version.is_empty() {
            return Err(malformed(text, 2, "a version number after `GC`"));
        }
        if version != "1" {
            return Err(ClaimError::UnsupportedVersion {
                version: version.to_owned(),
            });
        }
        let mut fields = text.split('-').skip(1);
        let code_at = 4;
        let code = fields.next().unwrap_or_default();
        if !is_claim_code(code) {
            return Err(malformed(
                text,
                code_at,
                "the rule set's code, 1 to 8 of A-Z and 0-9, after `GC1-`",
            ));
        }
        let status_at = code_at + code.len() + 1;
        let status_field = fields.next().unwrap_or_default().as_bytes();
        let status = (status_field.first().copied())
            .and_then(Status::from_letter)
            .ok_or_else(|| malformed(text, status_at, "a status letter: G, Y, R, B or N"))?;
        let scope = match status_field.get(1..) {
            Some([]) | None => None,
            Some([letter]) => Some(
                Scope::from_letter(*letter)
                    .ok_or_else(|| malformed(text, status_at + 1, "a scope letter F or L"))?,
            ),
            Some(_) => {
                return Err(malformed(
                    text,
                    status_at + 2,
                    "`-` or the end after the status and scope",
                ));
            }
        };
        let until_at = status_at + status_field.len() + 1;
        let (valid_until, end) = match fields.next() {
            None => (None, until_at - 1),
            Some(until) => (
                Some(parse_until(text, until, until_at)?),
                until_at + until.len(),
            ),
        };
        if end != text.len() {
            return Err(malformed(text, end, "the end of the claim"));
        }
        Ok(Claim {
            rules: code.to_owned(),
            status,
            scope,
            valid_until,
        })
    }

    /// The claim's text, at most [`CLAIM_MAX_LEN`] bytes of `A-Z`, `0-9` and `-`.
    pub fn encode(&self) -> String {
        use std::fmt::Write as _;
        let mut text = String::with_capacity(CLAIM_MAX_LEN);
        text.push_str("GC1-");
        text.push_str(&self.rules);
        text.push('-');
        text.push(self.status.letter());
        if let Some(scope) = self.scope {
            text.push(scope.letter());
        }
        if let Some(until) = self.valid_until {
            let date = until.vietnam_date();
            let (year, month, day) = (date.year(), date.month(), date.day());
            // Writing to a String cannot fail.
            let _ = write!(text, "-{year:04}{month:02}{day:02}");
            let minute_of_day = until.vietnam_seconds_of_day() / 60;
            if minute_of_day != 0 {
                let _ = write!(text, "{:02}{:02}", minute_of_day / 60, minute_of_day % 60);
            }
        }
        text
    }

    /// The claim code of the rule set that gave the status, such as `KH`.
    pub fn rules(&self) -> &str {
        &self.rules
    }

    /// The status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The scope, when the rule set gives one.
    pub fn scope(&self) -> Option<Scope> {
        self.scope
    }

    /// The first instant at which the claim no longer holds; `None` when it has no end.
    pub fn valid_until(&self) -> Option<Timestamp> {
        self.valid_until
    }

    /// Whether the claim still holds at the clock `at`: it has no end, or `at` is before it.
    pub fn holds_at(&self, at: Timestamp) -> bool {
        self.valid_until.is_none_or(|until| at < until)
    }

    /// What a reader reports at the clock `at`, in words for a checkpoint officer.
    ///
    /// ```
    /// use qr1405_greencard::Claim;
    /// let claim = Claim::parse("GC1-HC3328-GL").unwrap();
    /// assert_eq!(
    ///     claim.describe_at("2021-10-01T08:00:00+07:00".parse().unwrap()),
    ///     "green, limited scope, by rule set HC3328, with no end: holds at 2021-10-01T08:00:00+07:00"
    /// );
    /// ```
    pub fn describe_at(&self, at: Timestamp) -> String {
        let scope = match self.scope {
            Some(scope) => format!(", {scope}"),
            None => String::new(),
        };
        let until = match self.valid_until {
            Some(until) => format!("valid until {until}"),
            None => "with no end".to_owned(),
        };
        let verdict = if self.holds_at(at) {
            format!("holds at {at}")
        } else {
            format!("expired, the clock is {at}")
        };
        format!(
            "{}{scope}, by rule set {}, {until}: {verdict}",
            self.status, self.rules
        )
    }
}

impl fmt::Display for Claim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.encode())
    }
}

impl FromStr for Claim {
    type Err = ClaimError;

    fn from_str(text: &str) -> Result<Claim, ClaimError> {
        Claim::parse(text)
    }
}

fn malformed(text: &str, position: usize, expected: &'static str) -> ClaimError {
    ClaimError::Malformed {
        text: text.to_owned(),
        column: position + 1,
        expected,
    }
}

/// Reads `YYYYMMDD[HHMM]` (Vietnam time) found at byte `at` of `text`.
fn parse_until(text: &str, until: &str, at: usize) -> Result<Timestamp, ClaimError> {
    let digits = until.as_bytes();
    let all_digits = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .is_some_and(|part| part.iter().all(u8::is_ascii_digit))
    };
    let number = |range: std::ops::Range<usize>| {
        digits
            .get(range)
            .unwrap_or_default()
            .iter()
            .fold(0u16, |value, digit| value * 10 + u16::from(digit - b'0'))
    };
    if !all_digits(0..8) {
        return Err(malformed(text, at, "the valid-until date, YYYYMMDD"));
    }
    let date = Date::new(number(0..4), narrow(number(4..6)), narrow(number(6..8)))
        .map_err(|_| malformed(text, at, "a calendar date, YYYYMMDD"))?;
    let start = date.start_in_vietnam();
    match digits.len() {
        8 => Ok(start),
        12 if all_digits(8..12) => {
            let (hour, minute) = (number(8..10), number(10..12));
            if hour > 23 || minute > 59 {
                return Err(malformed(text, at + 8, "a time, HHMM from 0001 to 2359"));
            }
            if hour == 0 && minute == 0 {
                return Err(malformed(
                    text,
                    at + 8,
                    "a time other than 0000: midnight is written as the date alone",
                ));
            }
            Ok(start.saturating_add_seconds(i64::from(hour) * HOUR + i64::from(minute) * 60))
        }
        _ => Err(malformed(
            text,
            at + 8,
            "the end of the claim or a time, HHMM, after the date",
        )),
    }
}

/// Narrows a two-digit number.
fn narrow(value: u16) -> u8 {
    u8::try_from(value).unwrap_or(u8::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn canonical_claims_round_trip() {
        for text in [
            "GC1-VN-B",
            "GC1-KH-G",
            "GC1-KH-Y-202110030800",
            "GC1-HC3328-GL",
            "GC1-HC3328-GF-20220129",
            "GC1-ABCDEFGH-NL-999912312359",
        ] {
            let claim = Claim::parse(text).unwrap();
            assert_eq!(claim.encode(), text);
            assert!(text.len() <= CLAIM_MAX_LEN);
        }
        assert_eq!(CLAIM_MAX_LEN, 28);
    }

    #[test]
    fn the_empty_slot_has_no_claim() {
        assert_eq!(Claim::from_slot("").unwrap(), None);
        assert!(Claim::from_slot("GC1-KH-R").unwrap().is_some());
    }

    #[test]
    fn refused_claims() {
        let cases = [
            "",
            "HS4010120878821",
            "GC",
            "GC2-KH-G",
            "GC10-KH-G",
            "GC1",
            "GC1-",
            "GC1-kh-G",
            "GC1-ABCDEFGHI-G",
            "GC1-KH",
            "GC1-KH-",
            "GC1-KH-X",
            "GC1-KH-GX",
            "GC1-KH-GFL",
            "GC1-KH-G-",
            "GC1-KH-G-2022013",
            "GC1-KH-G-20220230",
            "GC1-KH-G-202201290000",
            "GC1-KH-G-202201292400",
            "GC1-KH-G-2022012908",
            "GC1-KH-G-20220129-X",
            "GC1-KH-G<",
            "GC1-ABCDEFGH-GF-202201290800-TOO-LONG",
        ];
        let messages: Vec<String> = cases
            .iter()
            .map(|text| Claim::parse(text).unwrap_err().to_string())
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @"
        `` is not a green-card claim: it does not start with `GC`
        `HS4010120878821` is not a green-card claim: it does not start with `GC`
        invalid green-card claim `GC`: expected a version number after `GC` at column 3
        green-card claim version `2` is not supported; this reader knows version 1
        green-card claim version `10` is not supported; this reader knows version 1
        invalid green-card claim `GC1`: expected the rule set's code, 1 to 8 of A-Z and 0-9, after `GC1-` at column 5
        invalid green-card claim `GC1-`: expected the rule set's code, 1 to 8 of A-Z and 0-9, after `GC1-` at column 5
        invalid green-card claim `GC1-kh-G`: expected the rule set's code, 1 to 8 of A-Z and 0-9, after `GC1-` at column 5
        invalid green-card claim `GC1-ABCDEFGHI-G`: expected the rule set's code, 1 to 8 of A-Z and 0-9, after `GC1-` at column 5
        invalid green-card claim `GC1-KH`: expected a status letter: G, Y, R, B or N at column 8
        invalid green-card claim `GC1-KH-`: expected a status letter: G, Y, R, B or N at column 8
        invalid green-card claim `GC1-KH-X`: expected a status letter: G, Y, R, B or N at column 8
        invalid green-card claim `GC1-KH-GX`: expected a scope letter F or L at column 9
        invalid green-card claim `GC1-KH-GFL`: expected `-` or the end after the status and scope at column 10
        invalid green-card claim `GC1-KH-G-`: expected the valid-until date, YYYYMMDD at column 10
        invalid green-card claim `GC1-KH-G-2022013`: expected the valid-until date, YYYYMMDD at column 10
        invalid green-card claim `GC1-KH-G-20220230`: expected a calendar date, YYYYMMDD at column 10
        invalid green-card claim `GC1-KH-G-202201290000`: expected a time other than 0000: midnight is written as the date alone at column 18
        invalid green-card claim `GC1-KH-G-202201292400`: expected a time, HHMM from 0001 to 2359 at column 18
        invalid green-card claim `GC1-KH-G-2022012908`: expected the end of the claim or a time, HHMM, after the date at column 18
        invalid green-card claim `GC1-KH-G-20220129-X`: expected the end of the claim at column 18
        invalid green-card claim `GC1-KH-G<`: expected a scope letter F or L at column 9
        green-card claim is 37 bytes long, more than the maximum of 28
        ");
    }

    #[test]
    fn readings() {
        let at: Timestamp = "2021-10-03T08:00:00+07:00".parse().unwrap();
        let readings: Vec<String> = ["GC1-KH-Y-202110030800", "GC1-KH-Y-202110030801", "GC1-VN-B"]
            .iter()
            .map(|text| Claim::parse(text).unwrap().describe_at(at))
            .collect();
        insta::assert_snapshot!(readings.join("\n"), @"
        yellow, by rule set KH, valid until 2021-10-03T08:00:00+07:00: expired, the clock is 2021-10-03T08:00:00+07:00
        yellow, by rule set KH, valid until 2021-10-03T08:01:00+07:00: holds at 2021-10-03T08:00:00+07:00
        pale blue, by rule set VN, with no end: holds at 2021-10-03T08:00:00+07:00
        ");
    }

    /// The first minute a claim can name, 0001-01-01T00:00+07:00.
    fn first_minute() -> Timestamp {
        Date::new(1, 1, 1).unwrap().start_in_vietnam()
    }

    /// How many minutes a claim can name: every minute from [`first_minute`] to
    /// 9999-12-31T23:59+07:00.
    fn minutes_a_claim_names() -> i64 {
        let end = Date::new(9999, 12, 31).unwrap().start_in_vietnam();
        (end.unix_seconds() - first_minute().unix_seconds()) / 60 + 24 * 60
    }

    /// The instant `minute` minutes after [`first_minute`].
    fn minute(minute: i64) -> Timestamp {
        first_minute().saturating_add_seconds(minute * 60)
    }

    fn any_claim() -> impl Strategy<Value = Claim> {
        let code = "[A-Z0-9]{1,8}";
        let status = prop::sample::select(Status::ALL.to_vec());
        let scope = prop::option::of(prop::sample::select(vec![Scope::Full, Scope::Limited]));
        let until = prop::option::of(0..minutes_a_claim_names());
        (code, status, scope, until).prop_map(|(rules, status, scope, until)| Claim {
            rules,
            status,
            scope,
            valid_until: until.map(minute),
        })
    }

    #[test]
    fn the_first_and_last_minutes_round_trip() {
        let claim = |until| Claim {
            rules: "KH".to_owned(),
            status: Status::Green,
            scope: None,
            valid_until: Some(until),
        };
        let last = minutes_a_claim_names() - 1;
        assert_eq!(last, 5_258_964_959);
        for (until, text) in [
            (minute(0), "GC1-KH-G-00010101"),
            (minute(1), "GC1-KH-G-000101010001"),
            (minute(last - 1), "GC1-KH-G-999912312358"),
            (minute(last), "GC1-KH-G-999912312359"),
        ] {
            assert_eq!(claim(until).encode(), text);
            assert_eq!(Claim::parse(text).unwrap(), claim(until));
        }
    }

    proptest! {
        #[test]
        fn parse_inverts_encode(claim in any_claim()) {
            let text = claim.encode();
            prop_assert!(text.len() <= CLAIM_MAX_LEN);
            prop_assert!(text.bytes().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert_eq!(Claim::parse(&text).unwrap(), claim);
        }

        #[test]
        fn parse_never_panics_and_accepts_only_canonical_text(text in "GC1-[A-Z0-9]{0,9}-[A-Z]{0,3}(-[0-9]{0,13})?") {
            if let Ok(claim) = Claim::parse(&text) {
                prop_assert_eq!(claim.encode(), text);
            }
        }

        #[test]
        fn expiry_is_final(
            claim in any_claim(),
            a in 0..minutes_a_claim_names(),
            b in 0..minutes_a_claim_names(),
        ) {
            let (earlier, later) = (minute(a.min(b)), minute(a.max(b)));
            if !claim.holds_at(earlier) {
                prop_assert!(!claim.holds_at(later));
            }
        }
    }
}
