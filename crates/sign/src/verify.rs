//! Verifying personal codes against a trust list, one at a time or in bulk.

use std::{fmt, sync::Arc};

use ed25519_dalek::Signature;
use qr1405_payload::{DisplayForm, PersonalCode};

use crate::{
    KeyId, KeyStatus, SlotError, Time, TrustList, TrustedKey,
    sign::form_name,
    slot::{self, SIGNATURE_LEN, SignatureSlot},
};

/// The longest a signing time may lie after the verification time, in seconds: five
/// minutes, for readers whose clocks run a little slow.
pub const MAX_CLOCK_SKEW_SECONDS: u64 = 300;

/// How many signatures [`TrustList::verify_batch`] checks in one batch equation.
const BATCH_LEN: usize = 32;

/// What verifying a code found.
///
/// A code without a signature is [`Verdict::Unsigned`], neither valid nor invalid: whether a
/// reader accepts it is the reader's policy. These three outcomes are the profile's and will
/// stay three, so the enum may be matched exhaustively; [`Failure`] may grow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// The signature verifies under a key the trust list trusted when the code was signed.
    Valid(Valid),
    /// EXT slot 5 is empty.
    Unsigned,
    /// The signature is not acceptable, for the reason given.
    Invalid(Failure),
}

impl Verdict {
    /// Whether the code is validly signed.
    pub fn is_valid(&self) -> bool {
        matches!(self, Verdict::Valid(_))
    }

    /// A stable name for the outcome: `valid`, `unsigned`, or the failure's
    /// [`Failure::code`].
    pub fn code(&self) -> &'static str {
        match self {
            Verdict::Valid(_) => "valid",
            Verdict::Unsigned => "unsigned",
            Verdict::Invalid(failure) => failure.code(),
        }
    }
}

/// A valid signature: who signed, with which key, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Valid {
    issuer_id: Arc<str>,
    issuer_name: Arc<str>,
    key_id: KeyId,
    signed_at: Time,
    form: DisplayForm,
}

impl Valid {
    /// The issuer's id, such as `vneid`.
    pub fn issuer_id(&self) -> &str {
        &self.issuer_id
    }

    /// The issuer's name, such as `VNeID`.
    pub fn issuer_name(&self) -> &str {
        &self.issuer_name
    }

    /// The id of the key that signed.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// When the code was signed.
    pub fn signed_at(&self) -> Time {
        self.signed_at
    }

    /// The display form the signature covers: the form of the code as read.
    pub fn display_form(&self) -> DisplayForm {
        self.form
    }
}

/// Why a signature is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// EXT slot 5 holds text that is not a signature of this profile.
    #[error("{0}")]
    MalformedSlot(SlotError),
    /// EXT slot 5 holds a signature of a profile version this crate does not know.
    #[error("signature slot has profile version {version:?}; only version 1 is known")]
    #[non_exhaustive]
    UnsupportedVersion {
        /// The version character.
        version: char,
    },
    /// The trust list has no key with the slot's key id.
    #[error("key {key_id} is not in the trust list")]
    #[non_exhaustive]
    UnknownKey {
        /// The key id the slot names.
        key_id: KeyId,
    },
    /// The code was signed outside the key's validity window, or after the key retired.
    #[error("key {key_id} of {issuer} could not sign at {signed_at}: {limit}")]
    #[non_exhaustive]
    KeyNotValidWhenSigned {
        /// The issuer's id.
        issuer: Arc<str>,
        /// The key id.
        key_id: KeyId,
        /// When the code says it was signed.
        signed_at: Time,
        /// Which limit that time breaks.
        limit: ValidityLimit,
    },
    /// The key is revoked at the verification time.
    #[error("key {key_id} of {issuer} is revoked from {from}")]
    #[non_exhaustive]
    KeyRevoked {
        /// The issuer's id.
        issuer: Arc<str>,
        /// The key id.
        key_id: KeyId,
        /// From when it is revoked.
        from: Time,
    },
    /// The code says it was signed later than the verification time, by more than
    /// [`MAX_CLOCK_SKEW_SECONDS`].
    #[error("the code says it was signed at {signed_at}, after the verification time {at}")]
    #[non_exhaustive]
    SignedInFuture {
        /// The key id.
        key_id: KeyId,
        /// When the code says it was signed.
        signed_at: Time,
        /// The verification time.
        at: Time,
    },
    /// The signature does not verify: the code was altered, or the signature was not made
    /// by the key it names. Deliberately says nothing more.
    #[error("signature does not verify")]
    SignatureInvalid,
}

impl Failure {
    /// A stable name for the failure, such as `key-revoked`.
    pub fn code(&self) -> &'static str {
        match self {
            Failure::MalformedSlot(_) => "malformed-slot",
            Failure::UnsupportedVersion { .. } => "unsupported-version",
            Failure::UnknownKey { .. } => "unknown-key",
            Failure::KeyNotValidWhenSigned { .. } => "key-not-valid-when-signed",
            Failure::KeyRevoked { .. } => "key-revoked",
            Failure::SignedInFuture { .. } => "signed-in-future",
            Failure::SignatureInvalid => "signature-invalid",
        }
    }

    /// The key id the signature slot names, where the failure concerns a key.
    pub fn key_id(&self) -> Option<KeyId> {
        match self {
            Failure::UnknownKey { key_id }
            | Failure::KeyNotValidWhenSigned { key_id, .. }
            | Failure::KeyRevoked { key_id, .. }
            | Failure::SignedInFuture { key_id, .. } => Some(*key_id),
            _ => None,
        }
    }
}

impl From<SlotError> for Failure {
    fn from(error: SlotError) -> Failure {
        match error {
            SlotError::UnsupportedVersion { version } => Failure::UnsupportedVersion { version },
            error => Failure::MalformedSlot(error),
        }
    }
}

/// Which limit of a key's validity a signing time breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValidityLimit {
    /// The key's window starts later, at this instant.
    NotBefore(Time),
    /// The key's window ended at this instant (exclusive).
    NotAfter(Time),
    /// The key is retired from this instant.
    Retired(Time),
}

impl fmt::Display for ValidityLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValidityLimit::NotBefore(time) => write!(f, "its validity starts at {time}"),
            ValidityLimit::NotAfter(time) => write!(f, "its validity ended at {time}"),
            ValidityLimit::Retired(time) => write!(f, "it is retired from {time}"),
        }
    }
}

/// A signed code read and its key found, ready for the signature check.
struct Pending<'t> {
    key: &'t TrustedKey,
    slot: SignatureSlot,
    message: Vec<u8>,
    form: DisplayForm,
}

impl TrustList {
    /// Verifies `code` at the verification time `at`.
    ///
    /// The checks, in order: the slot is read (unsigned, malformed, unsupported version);
    /// its key is found (unknown key); the key is not revoked at `at`; the signature
    /// verifies with `verify_strict`; the signing time is at most
    /// [`MAX_CLOCK_SKEW_SECONDS`] after `at`, inside the key's window and before any
    /// retirement. Times are judged only once the signature has verified, so they are
    /// the signer's.
    pub fn verify(&self, code: &PersonalCode, at: Time) -> Verdict {
        match self.prepare(code, at) {
            Ok(pending) => {
                let signature = Signature::from_bytes(pending.slot.signature());
                let verified = pending
                    .key
                    .public_key
                    .0
                    .verify_strict(&pending.message, &signature)
                    .is_ok();
                conclude(&pending, verified, at)
            }
            Err(verdict) => verdict,
        }
    }

    /// Verifies `code` now, by the system clock.
    pub fn verify_now(&self, code: &PersonalCode) -> Verdict {
        self.verify(code, Time::now())
    }

    /// Verifies many codes at `at`: the verdicts, in the order of `codes`, are those
    /// [`TrustList::verify`] gives.
    ///
    /// Signatures are checked in batches with one combined equation, which is about twice
    /// as fast per code; a batch that fails is checked again code by code to find the bad
    /// ones. Signatures whose `R` component is a small-order or non-canonical point are
    /// kept out of batches, since `verify_strict` refuses them.
    pub fn verify_batch<'c>(
        &self,
        codes: impl IntoIterator<Item = &'c PersonalCode>,
        at: Time,
    ) -> Vec<Verdict> {
        let mut verdicts = Vec::new();
        let mut pending = Vec::new();
        for (i, code) in codes.into_iter().enumerate() {
            match self.prepare(code, at) {
                Ok(p) => {
                    verdicts.push(Verdict::Unsigned);
                    pending.push((i, p));
                }
                Err(verdict) => verdicts.push(verdict),
            }
        }
        // Signatures that a batch could judge differently from `verify_strict` are
        // checked alone.
        let (batchable, alone): (Vec<_>, Vec<_>) = pending
            .into_iter()
            .partition(|(_, p)| r_is_batchable(p.slot.signature()));
        for chunk in batchable.chunks(BATCH_LEN) {
            if chunk.len() > 1 && batch_holds(chunk) {
                for (i, p) in chunk {
                    verdicts[*i] = conclude(p, true, at);
                }
            } else {
                for (i, p) in chunk {
                    verdicts[*i] = single(p, at);
                }
            }
        }
        for (i, p) in &alone {
            verdicts[*i] = single(p, at);
        }
        verdicts
    }

    /// Everything before the signature check: a verdict if one is reached already.
    fn prepare(&self, code: &PersonalCode, at: Time) -> Result<Pending<'_>, Verdict> {
        let text = code.signature().ok_or(Verdict::Unsigned)?;
        let slot = SignatureSlot::parse(text).map_err(|e| Verdict::Invalid(e.into()))?;
        let key_id = slot.key_id();
        let key = self
            .key(key_id)
            .ok_or(Verdict::Invalid(Failure::UnknownKey { key_id }))?;
        if let KeyStatus::Revoked { from } = key.status
            && at >= from
        {
            return Err(Verdict::Invalid(Failure::KeyRevoked {
                issuer: key.issuer_id.clone(),
                key_id,
                from,
            }));
        }
        let message = slot::message(&slot.header(), &code.signing_input());
        Ok(Pending {
            key,
            slot,
            message,
            form: code.display_form(),
        })
    }
}

/// Verifies one pending signature alone.
fn single(p: &Pending<'_>, at: Time) -> Verdict {
    let signature = Signature::from_bytes(p.slot.signature());
    let verified = p
        .key
        .public_key
        .0
        .verify_strict(&p.message, &signature)
        .is_ok();
    conclude(p, verified, at)
}

/// Whether every signature of `chunk` verifies, by one batch equation.
fn batch_holds(chunk: &[(usize, Pending<'_>)]) -> bool {
    let messages: Vec<&[u8]> = chunk.iter().map(|(_, p)| p.message.as_slice()).collect();
    let signatures: Vec<Signature> = chunk
        .iter()
        .map(|(_, p)| Signature::from_bytes(p.slot.signature()))
        .collect();
    let keys: Vec<_> = chunk.iter().map(|(_, p)| p.key.public_key.0).collect();
    ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
}

/// The verdict once the signature is checked: the signing time is judged only when the
/// signature verified.
fn conclude(p: &Pending<'_>, verified: bool, at: Time) -> Verdict {
    if !verified {
        return Verdict::Invalid(Failure::SignatureInvalid);
    }
    let key = p.key;
    let key_id = key.key_id;
    let signed_at = p.slot.signed_at();
    if signed_at > at.saturating_add_seconds(MAX_CLOCK_SKEW_SECONDS) {
        return Verdict::Invalid(Failure::SignedInFuture {
            key_id,
            signed_at,
            at,
        });
    }
    let limit = if signed_at < key.not_before {
        Some(ValidityLimit::NotBefore(key.not_before))
    } else if signed_at >= key.not_after {
        Some(ValidityLimit::NotAfter(key.not_after))
    } else {
        match key.status {
            KeyStatus::Retired { from } if signed_at >= from => Some(ValidityLimit::Retired(from)),
            _ => None,
        }
    };
    match limit {
        Some(limit) => Verdict::Invalid(Failure::KeyNotValidWhenSigned {
            issuer: key.issuer_id.clone(),
            key_id,
            signed_at,
            limit,
        }),
        None => Verdict::Valid(Valid {
            issuer_id: key.issuer_id.clone(),
            issuer_name: key.issuer_name.clone(),
            key_id,
            signed_at,
            form: p.form,
        }),
    }
}

/// Whether the `R` half of a signature may go into a batch: its encoding is canonical and
/// is not one of a small-order point. `verify_strict` refuses both; the batch equation
/// would not.
fn r_is_batchable(signature: &[u8; SIGNATURE_LEN]) -> bool {
    let mut y = [0; 32];
    y.copy_from_slice(&signature[..32]);
    // The sign of x is the top bit; the rest is y, little-endian.
    y[31] &= 0x7f;
    let at_least_p = y[31] == 0x7f && y[1..31].iter().all(|&b| b == 0xff) && y[0] >= 0xed;
    !at_least_p && !SMALL_ORDER_Y.contains(&y)
}

/// The y coordinates of the eight points of small order: 0 (order 4), 1 (order 1),
/// p − 1 (order 2), and the two of order 8.
const SMALL_ORDER_Y: [[u8; 32]; 5] = [
    [0; 32],
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
];

impl serde::Serialize for Verdict {
    /// `{"verdict": "valid", "issuer": …, "issuer_name": …, "key_id": …, "signed_at": …,
    /// "form": …}`, `{"verdict": "unsigned"}`, or `{"verdict": "invalid", "failure": …,
    /// "message": …}` with `key_id` where the failure concerns a key.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match self {
            Verdict::Valid(valid) => {
                map.serialize_entry("verdict", "valid")?;
                map.serialize_entry("issuer", valid.issuer_id())?;
                map.serialize_entry("issuer_name", valid.issuer_name())?;
                map.serialize_entry("key_id", &valid.key_id)?;
                map.serialize_entry("signed_at", &valid.signed_at)?;
                map.serialize_entry("form", form_name(valid.form))?;
            }
            Verdict::Unsigned => map.serialize_entry("verdict", "unsigned")?,
            Verdict::Invalid(failure) => {
                map.serialize_entry("verdict", "invalid")?;
                map.serialize_entry("failure", failure.code())?;
                map.serialize_entry("message", &failure.to_string())?;
                if let Some(key_id) = failure.key_id() {
                    map.serialize_entry("key_id", &key_id)?;
                }
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::VerifyingKey;

    #[test]
    fn small_order_list_is_the_eight_torsion_points() {
        let order8 = VerifyingKey::from_bytes(&SMALL_ORDER_Y[4])
            .unwrap()
            .to_edwards();
        let mut point = order8 - order8;
        for _ in 0..8 {
            let mut signature = [0; 64];
            signature[..32].copy_from_slice(&point.compress().to_bytes());
            assert!(!r_is_batchable(&signature), "{point:?}");
            point += order8;
        }
        for y in SMALL_ORDER_Y {
            for sign in [0, 0x80] {
                let mut bytes = y;
                bytes[31] |= sign;
                if let Ok(key) = VerifyingKey::from_bytes(&bytes) {
                    assert!(key.is_weak());
                }
            }
        }
    }

    #[test]
    fn non_canonical_r_is_kept_out() {
        let mut signature = [0xff; 64];
        signature[31] = 0x7f;
        signature[0] = 0xed;
        assert!(!r_is_batchable(&signature));
        signature[0] = 0xec;
        assert!(!r_is_batchable(&signature));
        signature[0] = 0xeb;
        assert!(r_is_batchable(&signature));
    }
}
