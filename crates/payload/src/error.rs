//! The crate's error type.

use crate::diagnostic::Diagnostic;

/// Why a personal code could not be read or made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not a conforming personal code; every problem is listed.
    #[error("{}", summarise(.diagnostics))]
    NotConforming {
        /// Every error found, in the order of the text ([`crate::check`] also lists warnings).
        diagnostics: Vec<Diagnostic>,
    },
    /// A field of a record cannot be written into a conforming code.
    #[error("record field {field} {value:?}: {problem}")]
    Record {
        /// The record field, as `qr1405 build` names it (e.g. `full_name`).
        field: &'static str,
        /// The value as the record gave it.
        value: String,
        /// What is wrong with it.
        problem: String,
    },
    /// The code would be longer than any QR code holds.
    #[error("the code would be {length} bytes long; no qr code holds more than {max}")]
    TooLong {
        /// The length it would have.
        length: usize,
        /// [`crate::MAX_INPUT_LEN`].
        max: usize,
    },
    /// A value cannot go into an EXT slot: it holds a separator, `*`, white space or a
    /// character outside printable ASCII.
    #[error("ext slot {slot} cannot hold {value:?}: {character:?} at byte {position}")]
    SlotValue {
        /// The 1-based EXT slot.
        slot: usize,
        /// The value.
        value: String,
        /// The first character that cannot be written.
        character: char,
        /// Its byte offset in `value`.
        position: usize,
    },
}

fn summarise(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    match diagnostics.iter().find(|d| d.is_error()) {
        None => "text does not conform".into(),
        Some(first) if errors == 1 => format!("text does not conform: {}", first.message()),
        Some(first) => format!(
            "text does not conform: {} (and {} more error{})",
            first.message(),
            errors - 1,
            crate::personal::plural(errors - 1)
        ),
    }
}
