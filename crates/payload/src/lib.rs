//! The Decision 1405 personal QR payload, and the other codes a reader in Vietnam meets.
//!
//! Decision 1405/QĐ-BTTTT gives every person one QR code, shown the same way by every COVID-19
//! app. Its text is six `|`-separated fields,
//!
//! ```text
//! SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT
//! ```
//!
//! where EXT holds `<`-separated slots in a fixed order (declarer's QID, gender, health
//! insurance number, phone, signature, then further values). This crate reads, writes and
//! checks that text; it knows nothing of images or keys. `docs/payload.md` in the repository
//! is the normative description, with every diagnostic code.
//!
//! - [`check`] reports every problem in any bytes, each with a stable [`DiagnosticCode`], a
//!   [`Severity`], the [`Field`] and the byte position.
//! - [`PersonalCode`] is a conforming code: parsed, typed, and written back byte for byte; it
//!   derives the masked display form and the bytes a signature covers.
//! - [`Record`] and [`PersonalCode::from_record`] build the canonical code from what people type.
//! - [`recognise`] says what a scanned text is: a personal code, a CCCD card QR, a legacy
//!   check-in URL, an EU vaccine passport, or unknown, with the reason.
//!
//! ```
//! use qr1405_payload::{PersonalCode, Record, Severity, check};
//!
//! // Build the canonical code from a record typed with diacritics.
//! let mut record = Record::new("Nguyễn Lê Khả Hân", "1987-01-18", "162979388586171100");
//! record.document_number = Some("001087029317".into());
//! let code = PersonalCode::from_record(&record)?;
//! assert_eq!(code.as_str(), "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|");
//!
//! // Check a hand-typed text: every problem at once.
//! let checked = check(b"001087029317|Nguyen Le|1987-02-30|2|162979388586171100|");
//! let found: Vec<_> = checked
//!     .diagnostics()
//!     .iter()
//!     .map(|d| (d.code().as_str(), d.severity(), d.position()))
//!     .collect();
//! assert_eq!(
//!     found,
//!     [
//!         ("full-name-lowercase", Severity::Error, Some(14)),
//!         ("birth-date-invalid", Severity::Error, Some(23)),
//!         ("declaration-invalid", Severity::Error, Some(34)),
//!     ]
//! );
//! # Ok::<(), qr1405_payload::Error>(())
//! ```

mod card;
mod code;
mod date;
mod diagnostic;
mod error;
mod personal;
mod province;
mod recognise;
mod record;
mod text;

pub use card::{CARD_MIN_FIELDS, CardScan, CitizenCard};
pub use code::{DisplayForm, PersonalCode};
pub use diagnostic::{Diagnostic, DiagnosticCode, Field, Severity};
pub use error::Error;
pub use personal::{
    BirthDate, Checked, Declaration, DocumentKind, FIELD_COUNT, Fields, Gender, MAX_INPUT_LEN,
    SIGNATURE_SLOT, check,
};
pub use recognise::{CheckIn, EuCertificate, Format, Scan, Unknown, recognise};
pub use record::Record;

// The project's time core: dates in this crate's API are its `Date`.
pub use qr1405_time::Date;
