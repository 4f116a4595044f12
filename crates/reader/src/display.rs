//! The display side: a person's record to the codes an app shows, and those codes drawn.

use qr1405_payload::{PersonalCode, Record};
use qr1405_symbol::{Ecc, EncodedSymbol, RenderOptions};
use serde::Serialize;

use crate::{Error, error::cut};

/// The two display forms of a person's code (Decision 1405, annex): full, and masked (the
/// document number's first six characters and the day and month of birth replaced by `*`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DisplayCodes {
    /// The full form.
    pub full: String,
    /// The masked form.
    pub masked: String,
}

/// The canonical full and masked codes of a person's record (names and dates as people type
/// them; `docs/payload.md` says how each is written).
///
/// # Errors
///
/// [`Error::Record`] naming the field that cannot be written.
pub fn display_codes(record: &Record) -> Result<DisplayCodes, Error> {
    let code = PersonalCode::from_record(record).map_err(|e| Error::Record {
        reason: e.to_string(),
    })?;
    Ok(DisplayCodes {
        masked: code.masked().into_string(),
        full: code.into_string(),
    })
}

/// [`display_codes`] from a record in JSON, the shape `qr1405 build --record` reads.
///
/// # Errors
///
/// [`Error::Record`] for JSON that is not a record, or a record that cannot be written.
pub fn display_codes_from_json(json: &str) -> Result<DisplayCodes, Error> {
    let value: serde_json::Value = serde_json::from_str(json).map_err(|e| Error::Record {
        reason: format!("not json: {e}"),
    })?;
    if !value.is_object() {
        return Err(Error::Record {
            reason: "a record is a json object of named fields, not an array or a value".to_owned(),
        });
    }
    let record: Record = serde_json::from_value(value).map_err(|e| Error::Record {
        reason: e.to_string(),
    })?;
    display_codes(&record)
}

/// How large to draw a code.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Size {
    /// Each module this many pixels (a screen).
    ModulePx(u32),
    /// The symbol at least this many millimetres a side at this printer resolution (print).
    Print {
        /// The side in millimetres, quiet zone excluded.
        size_mm: f64,
        /// The resolution in dots per inch.
        dpi: u32,
    },
}

impl Size {
    fn options(self) -> RenderOptions {
        match self {
            Size::ModulePx(px) => RenderOptions::module_px(px),
            Size::Print { size_mm, dpi } => RenderOptions::print(size_mm, dpi),
        }
    }
}

fn symbol(text: &str) -> Result<EncodedSymbol, Error> {
    if text.is_empty() {
        return Err(Error::Render {
            reason: "the text is empty: there is no code to draw".to_owned(),
        });
    }
    EncodedSymbol::new(text.as_bytes(), Ecc::M).map_err(|e| Error::Render {
        reason: format!("{} ({})", e, cut(text, 40)),
    })
}

/// A code drawn as PNG, at error-correction level M (the evaluation profile's minimum) with
/// a quiet zone of four modules.
///
/// # Errors
///
/// [`Error::Render`] for an empty text, a text too long for a QR code, or a size out of range.
pub fn render_png(text: &str, size: Size) -> Result<Vec<u8>, Error> {
    symbol(text)?
        .to_png(&size.options())
        .map_err(|e| Error::Render {
            reason: e.to_string(),
        })
}

/// A code drawn as SVG; see [`render_png`].
///
/// # Errors
///
/// As [`render_png`].
pub fn render_svg(text: &str, size: Size) -> Result<String, Error> {
    symbol(text)?
        .to_svg(&size.options())
        .map_err(|e| Error::Render {
            reason: e.to_string(),
        })
}
