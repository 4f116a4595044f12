//! The reader of Vietnam's personal health QR code (Decision 1405/QĐ-BTTTT), as one call.
//!
//! Every reader app asks the same question of a scanned code: is it valid, and whose is it?
//! [`Reader::read_text`] (or [`Reader::read_image`] from a picture, [`Reader::read_pixels`]
//! from a camera frame's [`Pixels`]) answers it, composing the payload, signature and
//! green-card crates: [`Reading::Accept`] with the person's fields, the signature's verdict
//! and issuer and the green-card status, or [`Reading::Refuse`] with every reason under a
//! stable code. Either way it says what
//! [`Kind`] of code it was, so that the app shows the right screen. A [`Policy`] says what
//! the reader accepts beyond the rules, with documented defaults.
//!
//! The conformance suite judges app readers with this same crate, so there is one
//! definition of "a reader must accept this"; `docs/reader.md` in the repository writes its
//! rules down for vendors. The display side ([`display_codes`], [`render_png`],
//! [`render_svg`]) gives an app the full and masked codes of a record, drawn at a size in
//! pixels or millimetres.
//!
//! ```
//! use qr1405_reader::{Kind, Reader, Reading, clock_from_rfc3339};
//!
//! // The trust list and its root key, as a reader app ships them.
//! let reader = Reader::from_trust_list_json(
//!     include_bytes!("../../../conformance-vectors/trust-list.json"),
//!     include_str!("../../../conformance-vectors/root.pub"),
//! )?;
//! let at = clock_from_rfc3339("2022-06-01T08:00:00+07:00")?;
//!
//! // An unsigned personal code is accepted by default.
//! let text = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
//! match reader.read_text(text.as_bytes(), at) {
//!     Reading::Accept(accept) => {
//!         assert_eq!(accept.kind, Kind::PersonalCode);
//!         assert_eq!(accept.fields["full_name"], "NGUYEN LE KHA HAN");
//!         assert_eq!(accept.fields["gender"], "1");
//!         assert_eq!(accept.signature.as_str(), "unsigned");
//!     }
//!     Reading::Refuse(refuse) => panic!("refused: {}", refuse.codes()),
//! }
//!
//! // A lower-case name and an impossible date: every reason at once.
//! let reading = reader.read_text(b"001093029317|nguyen le|1987-02-30|0|162979388586171100|", at);
//! let refuse = reading.refused().expect("refused");
//! assert_eq!(refuse.codes(), "full-name-lowercase, birth-date-invalid");
//!
//! // A check-in URL is recognised, and refused: it names a place, not a person.
//! let reading = reader.read_text(
//!     b"https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b2c1a9e8d7f6a5b4c3d2e",
//!     at,
//! );
//! assert_eq!(reading.kind(), Kind::CheckIn);
//! assert!(!reading.is_accept());
//! # Ok::<(), qr1405_reader::Error>(())
//! ```

mod certificate;
mod display;
mod error;
mod picture;
mod read;

pub use certificate::CertificateSigners;
pub use display::{
    DisplayCodes, Size, display_codes, display_codes_from_json, render_png, render_svg,
};
pub use error::Error;
pub use picture::Pixels;
pub use qr1405_sign::Time;
pub use read::{
    Accept, Green, Kind, Policy, Reader, Reading, Reason, Refuse, Signature, Signer,
    clock_from_rfc3339, clock_from_unix_seconds, fields,
};
