//! Ed25519 signatures for the Decision 1405 personal QR code.
//!
//! Decision 1405 reserves EXT slot 5 of the personal code for an electronic signature and
//! says nothing more. This crate is the profile that fills it: issuers sign codes with it,
//! and every reader verifies them offline against a trust list, so that a code one app shows
//! is trusted by every other. `docs/signature.md` in the repository is the normative
//! description; in short:
//!
//! - EXT slot 5 holds `1` and 100 base64url characters: the id of the signing key, the
//!   signing time in seconds and an Ed25519 signature ([`SignatureSlot`]). It adds 102
//!   characters to the official example, slot separators included.
//! - The signature covers every byte of the code except its own value, EXT slots after
//!   slot 5 included, behind a domain-separation prefix; it is checked with
//!   `verify_strict`. The full and the masked display form are signed separately
//!   ([`SecretKey::sign_display_forms`]) and each verifies on its own.
//! - A [`TrustList`] names the issuers, their keys, each key's validity window and status;
//!   it is itself signed by a root key, and refused unless that signature verifies.
//! - [`TrustList::verify`] answers with a [`Verdict`]: valid (issuer, key, time),
//!   unsigned, or invalid with a typed [`Failure`]. [`TrustList::verify_batch`] checks many
//!   codes at once.
//!
//! ```
//! use qr1405_payload::PersonalCode;
//! use qr1405_sign::{SecretKey, Time, TrustList, Verdict, sign_trust_list};
//!
//! // Keys: a root that signs the trust list, and an issuer's key that signs codes.
//! // Real keys come from `SecretKey::generate`; fixed seeds keep this example repeatable.
//! let root = SecretKey::from_seed(&[1; 32]);
//! let issuer = SecretKey::from_seed(&[2; 32]);
//!
//! // The trust list, signed by the root.
//! let list = format!(
//!     r#"{{"version": 1, "sequence": 1, "issued_at": "2021-11-01T00:00:00Z",
//!         "issuers": [{{"id": "vneid", "name": "VNeID", "keys": [{{
//!             "key_id": "{}", "public_key": "{}",
//!             "not_before": "2021-10-01T00:00:00Z", "not_after": "2031-10-01T00:00:00Z",
//!             "status": "active"}}]}}]}}"#,
//!     issuer.key_id(),
//!     issuer.public_key(),
//! );
//! let signed_list = sign_trust_list(list.as_bytes(), &root)?;
//! let trust = TrustList::from_json(signed_list.as_bytes(), &root.public_key())?;
//!
//! // The issuer signs both display forms of a code.
//! let code = PersonalCode::parse(
//!     "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700",
//! )?;
//! let signed_at: Time = "2021-11-02T08:00:00Z".parse()?;
//! let forms = issuer.sign_display_forms(&code, signed_at)?;
//! assert_eq!(forms.full.as_str().len(), code.as_str().len() + 102);
//!
//! // Any reader verifies either form offline.
//! let at: Time = "2022-01-01T00:00:00Z".parse()?;
//! for form in [&forms.full, &forms.masked] {
//!     match trust.verify(form, at) {
//!         Verdict::Valid(valid) => {
//!             assert_eq!(valid.issuer_name(), "VNeID");
//!             assert_eq!(valid.signed_at(), signed_at);
//!         }
//!         other => panic!("{other:?}"),
//!     }
//! }
//!
//! // The unsigned code is unsigned, not invalid; a changed byte is invalid.
//! assert_eq!(trust.verify(&code, at), Verdict::Unsigned);
//! let altered = PersonalCode::parse(&forms.full.as_str().replace("HAN", "HAO"))?;
//! assert_eq!(trust.verify(&altered, at).code(), "signature-invalid");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod jcs;
mod key;
mod sign;
mod slot;
mod time;
mod trust;
mod verify;

pub use key::{KEY_ID_LEN, KeyError, KeyId, PUBLIC_KEY_LEN, PublicKey, SEED_LEN, SecretKey};
pub use sign::{DisplayForms, SignError};
pub use slot::{PROFILE_VERSION, SIGNATURE_LEN, SLOT_LEN, SignatureSlot, SlotError};
pub use time::Time;
pub use trust::{
    Issuer, KeyStatus, MAX_TRUST_LIST_LEN, TRUST_LIST_VERSION, TrustList, TrustListError,
    TrustedKey, sign_trust_list,
};
// The project's time core: why a time was refused.
pub use qr1405_time::TimeError;
pub use verify::{Failure, MAX_CLOCK_SKEW_SECONDS, Valid, ValidityLimit, Verdict};
