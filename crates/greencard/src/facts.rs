//! Health facts: vaccine doses, recoveries, tests and close contacts, as typed data.

use std::fmt;

use serde::{Deserialize, Serialize};

use qr1405_time::{Date, Timestamp};

use crate::{error::FactsError, json};

/// The largest facts text read, in bytes.
pub const MAX_FACTS_BYTES: usize = 64 * 1024;
/// The most entries in each list of the facts (doses, recoveries, tests, close contacts).
pub const MAX_ENTRIES: usize = 64;
/// The first year a date in the facts may lie in.
pub const FIRST_FACT_YEAR: u16 = 2000;
/// The last year a date in the facts may lie in.
pub const LAST_FACT_YEAR: u16 = 2099;

/// What is known about one person's health, as far as green-card rules ask.
///
/// Every list may be empty or left out of the JSON; order does not matter. Dates are Vietnam
/// calendar days; test times are instants with a UTC offset.
///
/// ```
/// use qr1405_greencard::Facts;
/// let facts = Facts::from_json(r#"{
///     "doses": [{"product": "comirnaty", "date": "2021-08-01"}],
///     "tests": [{"kind": "pcr", "time": "2021-09-30T08:00:00+07:00", "result": "negative"}]
/// }"#).unwrap();
/// assert_eq!(facts.doses.len(), 1);
/// ```
#[derive(Clone, PartialEq, Eq, Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Facts {
    /// Vaccine doses received.
    #[serde(default)]
    pub doses: Vec<Dose>,
    /// Recoveries from COVID-19.
    #[serde(default)]
    pub recoveries: Vec<Recovery>,
    /// Tests taken.
    #[serde(default)]
    pub tests: Vec<Test>,
    /// Close contacts with a case.
    #[serde(default)]
    pub close_contacts: Vec<CloseContact>,
    /// Whether the holder's occupation or activity requires a recent negative test (HCMC
    /// Decision 3328). Left out, it is `false`.
    #[serde(default)]
    pub test_required: bool,
}

/// One vaccine dose.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dose {
    /// The vaccine, as named in the rule set's product table.
    pub product: ProductId,
    /// The day the dose was given.
    pub date: Date,
}

/// One recovery from COVID-19.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recovery {
    /// The day of recovery (discharge).
    pub date: Date,
    /// Whether the holder has a certificate of recovery.
    pub certificate: bool,
}

/// One test for SARS-CoV-2.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Test {
    /// The kind of test.
    pub kind: TestKind,
    /// When the sample was taken.
    pub time: Timestamp,
    /// The result.
    pub result: TestResult,
}

/// One close contact with a case.
#[derive(Clone, PartialEq, Eq, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CloseContact {
    /// The day of the last contact.
    pub date: Date,
}

/// The kind of a test; in JSON `pcr` or `rapid_antigen`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum TestKind {
    /// RT-PCR.
    Pcr,
    /// Rapid antigen test.
    RapidAntigen,
}

impl TestKind {
    /// The kind as written in JSON.
    pub(crate) fn json_name(self) -> &'static str {
        match self {
            TestKind::Pcr => "pcr",
            TestKind::RapidAntigen => "rapid_antigen",
        }
    }
}

impl fmt::Display for TestKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TestKind::Pcr => "PCR",
            TestKind::RapidAntigen => "rapid antigen",
        })
    }
}

/// The result of a test; in JSON `negative` or `positive`.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TestResult {
    /// No infection found.
    Negative,
    /// Infection found.
    Positive,
}

/// A vaccine product's identifier: 1 to 32 of `a-z`, `0-9` and `-`, such as `comirnaty`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ProductId(String);

impl ProductId {
    /// The identifier, or an error saying what a product identifier is.
    pub fn new(id: &str) -> Result<ProductId, IdentifierError> {
        if identifier(id, 32) {
            Ok(ProductId(id.to_owned()))
        } else {
            Err(IdentifierError {
                value: id.chars().take(40).collect(),
                what: "product",
            })
        }
    }

    /// The identifier as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProductId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for ProductId {
    type Error = IdentifierError;

    fn try_from(id: String) -> Result<ProductId, IdentifierError> {
        ProductId::new(&id)
    }
}

impl From<ProductId> for String {
    fn from(id: ProductId) -> String {
        id.0
    }
}

/// An identifier that is not 1 to 32 of `a-z`, `0-9` and `-`.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("`{value}` is not a {what} identifier: use 1 to 32 of a-z, 0-9 and -")]
#[non_exhaustive]
pub struct IdentifierError {
    /// The value (its first 40 characters).
    pub value: String,
    /// What it should identify: `product` or `rule set`.
    pub what: &'static str,
}

/// Whether `id` is 1 to `max` of `a-z`, `0-9` and `-`.
pub(crate) fn identifier(id: &str, max: usize) -> bool {
    (1..=max).contains(&id.len())
        && id
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
}

impl Facts {
    /// Reads facts from JSON (the format of `docs/greencard.md`) and checks them with
    /// [`Facts::validate`].
    pub fn from_json(text: &str) -> Result<Facts, FactsError> {
        if text.len() > MAX_FACTS_BYTES {
            return Err(FactsError::TooLarge {
                length: text.len(),
                max: MAX_FACTS_BYTES,
            });
        }
        let lists = ["doses", "recoveries", "tests", "close_contacts"];
        let facts: Facts = json::read(text, &lists)?;
        facts.validate()?;
        Ok(facts)
    }

    /// Checks the bounds and consistency that do not depend on the clock: at most
    /// [`MAX_ENTRIES`] in each list, dates in the years [`FIRST_FACT_YEAR`] to
    /// [`LAST_FACT_YEAR`], at most one dose a day.
    pub fn validate(&self) -> Result<(), FactsError> {
        let lists = [
            ("doses", self.doses.len()),
            ("recoveries", self.recoveries.len()),
            ("tests", self.tests.len()),
            ("close_contacts", self.close_contacts.len()),
        ];
        for (list, count) in lists {
            if count > MAX_ENTRIES {
                return Err(FactsError::TooMany {
                    list,
                    count,
                    max: MAX_ENTRIES,
                });
            }
        }
        for (path, moment) in self.dated_fields() {
            if !(FIRST_FACT_YEAR..=LAST_FACT_YEAR).contains(&moment.date().year()) {
                return Err(FactsError::OutOfYears {
                    path: path.to_string(),
                    value: moment.to_string(),
                    first: FIRST_FACT_YEAR,
                    last: LAST_FACT_YEAR,
                });
            }
        }
        for (second, dose) in self.doses.iter().enumerate() {
            if let Some(first) = self.doses[..second]
                .iter()
                .position(|other| other.date == dose.date)
            {
                return Err(FactsError::SameDayDoses {
                    first,
                    second,
                    date: dose.date,
                });
            }
        }
        Ok(())
    }

    /// Checks that no fact lies after the clock: a dose, recovery or contact on a later Vietnam
    /// day, or a test taken at a later instant.
    pub fn check_clock(&self, at: Timestamp) -> Result<(), FactsError> {
        let today = at.vietnam_date();
        for (path, moment) in self.dated_fields() {
            let after = match moment {
                Moment::Day(date) => date > today,
                Moment::Instant(time) => time > at,
            };
            if after {
                return Err(FactsError::AfterClock {
                    path: path.to_string(),
                    value: moment.to_string(),
                    at,
                });
            }
        }
        Ok(())
    }

    /// Every date and time in the facts, with its path.
    fn dated_fields(&self) -> impl Iterator<Item = (FieldPath, Moment)> + '_ {
        let path = |list, index, field| FieldPath { list, index, field };
        let doses = (self.doses.iter().enumerate())
            .map(move |(index, dose)| (path("doses", index, "date"), Moment::Day(dose.date)));
        let recoveries = (self.recoveries.iter().enumerate()).map(move |(index, recovery)| {
            (
                path("recoveries", index, "date"),
                Moment::Day(recovery.date),
            )
        });
        let tests = (self.tests.iter().enumerate())
            .map(move |(index, test)| (path("tests", index, "time"), Moment::Instant(test.time)));
        let contacts = (self.close_contacts.iter().enumerate()).map(move |(index, contact)| {
            (
                path("close_contacts", index, "date"),
                Moment::Day(contact.date),
            )
        });
        doses.chain(recoveries).chain(tests).chain(contacts)
    }
}

/// The path of a date or time in the facts, such as `doses[1].date`, written only for errors.
#[derive(Clone, Copy)]
struct FieldPath {
    list: &'static str,
    index: usize,
    field: &'static str,
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}[{}].{}", self.list, self.index, self.field)
    }
}

/// A date or a time of a fact.
#[derive(Clone, Copy)]
enum Moment {
    Day(Date),
    Instant(Timestamp),
}

impl Moment {
    /// The Vietnam calendar day.
    fn date(self) -> Date {
        match self {
            Moment::Day(date) => date,
            Moment::Instant(time) => time.vietnam_date(),
        }
    }
}

impl fmt::Display for Moment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Moment::Day(date) => date.fmt(f),
            Moment::Instant(time) => time.fmt(f),
        }
    }
}

impl From<json::JsonError> for FactsError {
    fn from(error: json::JsonError) -> FactsError {
        match error {
            json::JsonError::Syntax {
                message,
                line,
                column,
            } => FactsError::Syntax {
                message,
                line,
                column,
            },
            json::JsonError::Format {
                path,
                message,
                line,
                column,
            } => FactsError::Format {
                path,
                message,
                line,
                column,
            },
            json::JsonError::NotAnObject { path } => FactsError::NotAnObject { path },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_is_no_facts() {
        assert_eq!(Facts::from_json("{}").unwrap(), Facts::default());
    }

    #[test]
    fn facts_round_trip_through_json() {
        let text = r#"{"doses":[{"product":"janssen","date":"2021-08-01"}],"recoveries":[{"date":"2021-07-01","certificate":true}],"tests":[{"kind":"rapid_antigen","time":"2021-09-30T08:00:00+07:00","result":"positive"}],"close_contacts":[{"date":"2021-09-01"}],"test_required":true}"#;
        let facts = Facts::from_json(text).unwrap();
        assert_eq!(serde_json::to_string(&facts).unwrap(), text);
    }

    #[test]
    fn refused_facts() {
        let many_doses: Vec<String> = (0..=MAX_ENTRIES)
            .map(|day| {
                let date = Date::new(2021, 1, 1)
                    .unwrap()
                    .checked_add_days(day as i64)
                    .unwrap();
                format!(r#"{{"product": "janssen", "date": "{date}"}}"#)
            })
            .collect();
        let cases = [
            "[]".to_owned(),
            "{".to_owned(),
            r#"{"doses": []} {}"#.to_owned(),
            r#"{"vaccines": []}"#.to_owned(),
            r#"{"doses": [{"product": "janssen"}]}"#.to_owned(),
            r#"{"doses": [{"product": "Janssen", "date": "2021-08-01"}]}"#.to_owned(),
            r#"{"doses": [{"product": "janssen", "date": "2021-08-01", "lot": "X1"}]}"#.to_owned(),
            r#"{"recoveries": [{"date": "2021-02-29", "certificate": true}]}"#.to_owned(),
            r#"{"recoveries": [{"date": "2021-08-01"}]}"#.to_owned(),
            r#"{"tests": [{"kind": "lamp", "time": "2021-09-30T08:00:00+07:00", "result": "negative"}]}"#.to_owned(),
            r#"{"tests": [{"kind": "pcr", "time": "2021-09-30T08:00:00", "result": "negative"}]}"#.to_owned(),
            r#"{"tests": [{"kind": "pcr", "time": "2021-09-30T08:00:00Z", "result": "unclear"}]}"#.to_owned(),
            r#"{"close_contacts": [{"date": "1999-12-31"}]}"#.to_owned(),
            r#"{"tests": [{"kind": "pcr", "time": "2099-12-31T17:00:00Z", "result": "negative"}]}"#.to_owned(),
            r#"{"doses": [{"product": "janssen", "date": "2021-08-01"}, {"product": "comirnaty", "date": "2021-09-01"}, {"product": "comirnaty", "date": "2021-08-01"}]}"#.to_owned(),
            r#"{"test_required": "yes"}"#.to_owned(),
            format!(r#"{{"doses": [{}]}}"#, many_doses.join(",")),
            format!(r#"{{"doses": [], "padding": "{}"}}"#, "x".repeat(MAX_FACTS_BYTES)),
        ];
        let messages: Vec<String> = cases
            .iter()
            .map(|text| Facts::from_json(text).unwrap_err().to_string())
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @r#"
        (top level): expected a JSON object, found a list
        facts are not JSON: EOF while parsing an object at line 1, column 1
        facts are not JSON: trailing characters at line 1, column 15
        vaccines: unknown field `vaccines`, expected one of `doses`, `recoveries`, `tests`, `close_contacts`, `test_required` at line 1, column 11
        doses[0]: missing field `date` at line 1, column 33
        doses[0].product: `Janssen` is not a product identifier: use 1 to 32 of a-z, 0-9 and - at line 1, column 32
        doses[0].lot: unknown field `lot`, expected `product` or `date` at line 1, column 61
        recoveries[0].date: invalid date `2021-02-29`: day 29 at column 9 is not in 1 to 28 at line 1, column 37
        recoveries[0]: missing field `certificate` at line 1, column 38
        tests[0].kind: unknown variant `lamp`, expected `pcr` or `rapid_antigen` at line 1, column 26
        tests[0].time: invalid timestamp `2021-09-30T08:00:00`: no UTC offset at column 20; add `Z` or an offset such as `+07:00` at line 1, column 56
        tests[0].result: unknown variant `unclear`, expected `negative` or `positive` at line 1, column 78
        close_contacts[0].date: 1999-12-31 is outside the years 2000 to 2099
        tests[0].time: 2100-01-01T00:00:00+07:00 is outside the years 2000 to 2099
        doses[2]: a second dose on 2021-08-01, the day of doses[0]; a person gets at most one dose a day
        test_required: invalid type: string "yes", expected a boolean at line 1, column 23
        doses: 65 entries, more than the maximum of 64
        facts are 65564 bytes long, more than the maximum of 65536
        "#);
    }
}
