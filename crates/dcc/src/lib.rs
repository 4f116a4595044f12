//! EU Digital COVID Certificates (`HC1:`): opened, checked and verified.
//!
//! Vietnam's vaccine passport (hộ chiếu vắc xin, Decision 5772/QĐ-BYT) is an EU Digital COVID
//! Certificate, signed with PS256; most other issuers sign with ES256. This crate takes the
//! text of such a code through every stage of the chain the EU specification defines —
//! prefix, base45, zlib, COSE_Sign1, CWT claims, the JSON schema of the certificate's version,
//! the checks readers make beyond it, expiry — and verifies its signature against signer
//! certificates (DSCs). It knows nothing of images: the symbol crate reads the text from a
//! picture. `docs/eu-dcc.md` in the repository describes every stage and diagnostic code.
//!
//! Signatures are verified by the pure-Rust p256 and rsa crates, on every target. The `ring`
//! feature verifies them with ring instead on targets other than WebAssembly, in a quarter to
//! a sixth of the instructions; both accept the same signatures ([`SIGNATURE_BACKEND`] names
//! the one a build uses).
//!
//! ```
//! use qr1405_dcc::{DiagnosticCode, StageOutcome, Stage, NumericDate, base45_encode, open};
//!
//! // A zlib stream of an empty CBOR map: not a COSE_Sign1 structure.
//! let text = format!("HC1:{}", base45_encode(&[0x78, 0xda, 0x5b, 0, 0, 0, 0xa1, 0, 0xa1]));
//! let opened = open(&text, NumericDate::parse("2021-06-01T00:00:00Z")?);
//! let stages: Vec<_> = opened.outcomes().into_iter().take(5).collect();
//! assert_eq!(
//!     stages,
//!     [
//!         (Stage::Prefix, StageOutcome::Passed),
//!         (Stage::Base45, StageOutcome::Passed),
//!         (Stage::Zlib, StageOutcome::Passed),
//!         (Stage::Cose, StageOutcome::Failed),
//!         (Stage::Cwt, StageOutcome::NotRun),
//!     ]
//! );
//! assert_eq!(opened.diagnostics()[0].code(), DiagnosticCode::CoseStructure);
//! # Ok::<(), qr1405_dcc::NumericDateError>(())
//! ```

mod base45;
mod clock;
mod cose;
mod cwt;
mod diagnostic;
mod file;
mod key;
mod open;
mod path;
mod schema;
mod semantic;
mod verify;
mod view;
mod zlib;

pub use base45::{Base45Error, base45_decode, base45_encode};
pub use clock::{NumericDate, NumericDateError};
pub use cose::{Algorithm, CoseError, CoseSign1};
pub use cwt::{Claims, certificate_json_from_cbor};
pub use diagnostic::{Diagnostic, DiagnosticCode, Severity, Stage};
pub use file::MAX_CERTIFICATE_FILE_LEN;
pub use key::SIGNATURE_BACKEND;
pub use open::{MAX_TEXT_LEN, Opened, PREFIX, StageOutcome, open, open_cose};
pub use schema::{SCHEMA_VERSIONS, SchemaError, check_schema};
pub use verify::{CertificateType, Dsc, MAX_TRUST_LIST_LEN, SignerError, SignerInfo, Signers};
pub use view::{Event, Item, Label, View};
pub use zlib::{MAX_INFLATED_LEN, ZlibError, inflate, inflate_bounded};
