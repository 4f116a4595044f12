//! Why a date or an instant was refused.

use std::fmt;

/// Which kind of time text was being read.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
#[non_exhaustive]
pub enum TimeKind {
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An RFC 3339 timestamp with a UTC offset.
    Timestamp,
}

impl fmt::Display for TimeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeKind::Date => "date",
            TimeKind::Timestamp => "timestamp",
        })
    }
}

/// A date or timestamp that was refused. Columns count bytes from 1.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TimeError {
    /// The text is longer than any date or timestamp can be.
    #[error("{kind} is {length} bytes long, more than the {max} a {kind} can have")]
    TooLong {
        /// What was being read.
        kind: TimeKind,
        /// The length of the text in bytes.
        length: usize,
        /// The longest text read.
        max: usize,
    },
    /// Something else was expected at a column.
    #[error("invalid {kind} `{text}`: expected {expected} at column {column}")]
    Expected {
        /// What was being read.
        kind: TimeKind,
        /// The text.
        text: String,
        /// The column where the text went wrong.
        column: usize,
        /// What the column should hold.
        expected: &'static str,
    },
    /// A field's value is out of its range.
    #[error("invalid {kind} `{text}`: {field} {value} at column {column} is not in {min} to {max}")]
    OutOfRange {
        /// What was being read.
        kind: TimeKind,
        /// The text.
        text: String,
        /// The column where the field starts.
        column: usize,
        /// The field: `year`, `month`, `day`, `hour`, `minute`, `second`, `offset hour` or
        /// `offset minute`.
        field: &'static str,
        /// Its value.
        value: u32,
        /// The smallest value allowed.
        min: u32,
        /// The largest value allowed.
        max: u32,
    },
    /// A leap second (`:60`), which no time of this project represents.
    #[error("invalid timestamp `{text}`: leap second 60 at column {column} is not supported")]
    LeapSecond {
        /// The text.
        text: String,
        /// The column of the second.
        column: usize,
    },
    /// A fraction of a second that is not zero: times are whole seconds.
    #[error(
        "invalid timestamp `{text}`: a fraction of a second at column {column}; times are whole seconds"
    )]
    Fraction {
        /// The text.
        text: String,
        /// The column of the decimal point.
        column: usize,
    },
    /// The time has no UTC offset; a local time is never guessed.
    #[error(
        "invalid timestamp `{text}`: no UTC offset at column {column}; add `Z` or an offset such as `+07:00`"
    )]
    MissingOffset {
        /// The text.
        text: String,
        /// The column where the offset should start.
        column: usize,
    },
    /// The instant a text names is outside the range of [`Timestamp`](crate::Timestamp).
    #[error(
        "invalid timestamp `{text}`: outside 0000-01-01T00:00:00+07:00 to 9999-12-31T23:59:59Z"
    )]
    InstantOutOfRange {
        /// The text.
        text: String,
    },
    /// A count of seconds is outside the range of [`Timestamp`](crate::Timestamp).
    #[error(
        "{seconds} seconds since 1970-01-01T00:00:00Z is outside 0000-01-01T00:00:00+07:00 to 9999-12-31T23:59:59Z"
    )]
    SecondsOutOfRange {
        /// The seconds since 1970-01-01T00:00:00Z.
        seconds: i64,
    },
}

/// Why a text was refused, before the text and column are attached.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Reason {
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
    /// A fraction that is not zero.
    Fraction,
    /// No offset after the time.
    MissingOffset,
    /// The instant is outside the range of a timestamp.
    InstantRange,
}

impl TimeError {
    pub(crate) fn from_reason(kind: TimeKind, text: &str, column: usize, reason: Reason) -> Self {
        let text = text.to_owned();
        match reason {
            Reason::Expected(expected) => TimeError::Expected {
                kind,
                text,
                column,
                expected,
            },
            Reason::Range {
                field,
                value,
                min,
                max,
            } => TimeError::OutOfRange {
                kind,
                text,
                column,
                field,
                value,
                min,
                max,
            },
            Reason::LeapSecond => TimeError::LeapSecond { text, column },
            Reason::Fraction => TimeError::Fraction { text, column },
            Reason::MissingOffset => TimeError::MissingOffset { text, column },
            Reason::InstantRange => TimeError::InstantOutOfRange { text },
        }
    }
}
