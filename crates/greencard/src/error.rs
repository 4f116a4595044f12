//! The errors of this crate: one enum for each kind of input.

use qr1405_time::{Date, Timestamp};

/// Health facts that were refused: not JSON, not the facts format, out of bounds, or
/// contradicting themselves or the clock. Paths such as `doses[1].date` name the field.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FactsError {
    /// The text is larger than [`MAX_FACTS_BYTES`](crate::MAX_FACTS_BYTES).
    #[error("facts are {length} bytes long, more than the maximum of {max}")]
    TooLarge {
        /// The length of the text in bytes.
        length: usize,
        /// The maximum.
        max: usize,
    },
    /// The text is not JSON.
    #[error("facts are not JSON: {message} at line {line}, column {column}")]
    Syntax {
        /// The JSON parser's description.
        message: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// The JSON does not follow the facts format: an unknown or missing key, a wrong type, an
    /// invalid date, timestamp or product.
    #[error("{path}: {message} at line {line}, column {column}")]
    Format {
        /// The field, such as `doses[1].date`, or `(top level)`.
        path: String,
        /// What is wrong.
        message: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A JSON list stands where an object belongs (serde would read it as the object's fields
    /// in order; the format does not allow that).
    #[error("{path}: expected a JSON object, found a list")]
    NotAnObject {
        /// The field, such as `doses[0]`, or `(top level)`.
        path: String,
    },
    /// A list has more entries than [`MAX_ENTRIES`](crate::MAX_ENTRIES).
    #[error("{list}: {count} entries, more than the maximum of {max}")]
    TooMany {
        /// The list, such as `doses`.
        list: &'static str,
        /// Its number of entries.
        count: usize,
        /// The maximum.
        max: usize,
    },
    /// A date outside the years the facts may cover.
    #[error("{path}: {value} is outside the years {first} to {last}")]
    OutOfYears {
        /// The field, such as `doses[1].date`.
        path: String,
        /// The date or timestamp as written in Vietnam time.
        value: String,
        /// The first year allowed.
        first: u16,
        /// The last year allowed.
        last: u16,
    },
    /// Two doses on the same day, which is a duplicated record.
    #[error(
        "doses[{second}]: a second dose on {date}, the day of doses[{first}]; a person gets at most one dose a day"
    )]
    SameDayDoses {
        /// The index of the first dose that day.
        first: usize,
        /// The index of the other dose that day.
        second: usize,
        /// The day.
        date: Date,
    },
    /// A fact lies after the clock: the record or the clock is wrong, so nothing is evaluated.
    #[error("{path}: {value} is after the clock, {at}; facts cannot lie in the future")]
    AfterClock {
        /// The field, such as `tests[0].time`.
        path: String,
        /// Its value.
        value: String,
        /// The clock.
        at: Timestamp,
    },
}

/// A rule set that was refused: not JSON, not the rule format, or inconsistent.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RulesError {
    /// The text is larger than [`MAX_RULES_BYTES`](crate::MAX_RULES_BYTES).
    #[error("rules are {length} bytes long, more than the maximum of {max}")]
    TooLarge {
        /// The length of the text in bytes.
        length: usize,
        /// The maximum.
        max: usize,
    },
    /// The text is not JSON.
    #[error("rules are not JSON: {message} at line {line}, column {column}")]
    Syntax {
        /// The JSON parser's description.
        message: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// The JSON does not follow the rule format: an unknown or missing key, a wrong type, a
    /// value out of its range.
    #[error("{path}: {message} at line {line}, column {column}")]
    Format {
        /// The field, such as `outcomes[0].when_any[1].recovered.within_days`.
        path: String,
        /// What is wrong.
        message: String,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// The rule format version is not one this library reads.
    #[error("format: version {version} is not supported; this library reads version 1")]
    UnsupportedFormat {
        /// The version in the file.
        version: u32,
    },
    /// A list that must not be empty is empty.
    #[error("{path}: the list is empty; {hint}")]
    Empty {
        /// The list, such as `outcomes[0].when_any`.
        path: String,
        /// What to do instead.
        hint: &'static str,
    },
    /// A JSON list stands where an object belongs (serde would read it as the object's fields
    /// in order; the format does not allow that).
    #[error("{path}: expected a JSON object, found a list")]
    NotAnObject {
        /// The field, such as `outcomes[0].when_any[0].recovered`, or `(top level)`.
        path: String,
    },
    /// A list has more entries than allowed.
    #[error("{path}: {count} entries, more than the maximum of {max}")]
    TooMany {
        /// The list, such as `products`.
        path: String,
        /// Its number of entries.
        count: usize,
        /// The maximum.
        max: usize,
    },
    /// A value that must be unique appears twice.
    #[error("{path}: {value} repeats {first}")]
    Duplicate {
        /// Where it appears the second time.
        path: String,
        /// The value.
        value: String,
        /// Where it appears first.
        first: String,
    },
    /// The last outcome has conditions, so some people would get no status.
    #[error("{path}: the last outcome must have no conditions, so that everyone gets a status")]
    NoFallback {
        /// The last outcome, such as `outcomes[2]`.
        path: String,
    },
    /// An outcome before the last has no conditions, so the outcomes after it never apply.
    #[error(
        "{path}: an outcome without conditions must be the last; the outcomes after it could never apply"
    )]
    Unreachable {
        /// The outcome, such as `outcomes[1]`.
        path: String,
    },
    /// A vaccination condition in a rule set without products, which no dose could meet.
    #[error("{path}: a vaccination condition needs at least one entry in `products`")]
    NoProducts {
        /// The condition, such as `outcomes[0].when_any[0]`.
        path: String,
    },
}

/// A green-card claim text that was refused. Columns count bytes from 1.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimError {
    /// The text is longer than [`CLAIM_MAX_LEN`](crate::CLAIM_MAX_LEN).
    #[error("green-card claim is {length} bytes long, more than the maximum of {max}")]
    TooLong {
        /// The length of the text in bytes.
        length: usize,
        /// The maximum.
        max: usize,
    },
    /// The text does not start with `GC`, so it is not a green-card claim.
    #[error("`{text}` is not a green-card claim: it does not start with `GC`")]
    NotAClaim {
        /// The text.
        text: String,
    },
    /// A claim of a version this reader does not know.
    #[error("green-card claim version `{version}` is not supported; this reader knows version 1")]
    UnsupportedVersion {
        /// The version as written.
        version: String,
    },
    /// Something else was expected at a column.
    #[error("invalid green-card claim `{text}`: expected {expected} at column {column}")]
    Malformed {
        /// The text.
        text: String,
        /// The column where the text went wrong.
        column: usize,
        /// What the column should hold.
        expected: &'static str,
    },
}
