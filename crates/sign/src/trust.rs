//! The trust list: which issuers' keys a reader accepts, signed by a root key.

use std::{collections::HashMap, fmt, sync::Arc};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, Signer};

use crate::{KeyId, PublicKey, SecretKey, Time, jcs, key::decode_exact, slot::SIGNATURE_LEN};

/// The longest trust list read, in bytes. A list of a few dozen issuers is a few kilobytes.
pub const MAX_TRUST_LIST_LEN: usize = 1 << 20;

/// The trust list format this crate reads and writes.
pub const TRUST_LIST_VERSION: u32 = 1;

/// What the root key signs: this prefix, then the canonical form (RFC 8785) of the `list`
/// member.
pub(crate) const LIST_DOMAIN: &[u8] = b"qr1405-trust-list-v1\0";

/// Why a trust list was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TrustListError {
    /// The document is longer than [`MAX_TRUST_LIST_LEN`].
    #[error("trust list is {length} bytes long; the limit is {limit}")]
    TooLarge {
        /// Its length in bytes.
        length: usize,
        /// The limit.
        limit: usize,
    },
    /// The document is not JSON of the trust list's shape, or a value in it is not valid.
    #[error("trust list at line {line}, column {column}: {message}")]
    Json {
        /// The 1-based line of the problem.
        line: usize,
        /// The 1-based column of the problem.
        column: usize,
        /// What is wrong there.
        message: String,
    },
    /// The list's `version` is not one this crate reads.
    #[error("trust list version {version} is not supported; this reader knows version 1")]
    UnsupportedVersion {
        /// The version the list gives.
        version: u32,
    },
    /// The list is signed by another key than the root key the reader trusts.
    #[error("trust list is signed by key {signed_by}, not by the root key {root}")]
    WrongRoot {
        /// The key id the list's signature names.
        signed_by: KeyId,
        /// The key id of the root key the reader trusts.
        root: KeyId,
    },
    /// The list's signature does not verify under the root key: it was altered or is not
    /// the root's.
    #[error("trust list signature does not verify under the root key {root}")]
    SignatureInvalid {
        /// The key id of the root key.
        root: KeyId,
    },
    /// Two issuers have the same id.
    #[error("trust list {path}: issuer id {id:?} is already used")]
    DuplicateIssuer {
        /// Where, such as `issuers[2].id`.
        path: String,
        /// The id.
        id: String,
    },
    /// A key's `key_id` is not the id derived from its `public_key`.
    #[error(
        "trust list {path}: key id {stated} does not match the public key, whose id is {derived}"
    )]
    KeyIdMismatch {
        /// Where, such as `issuers[0].keys[1].key_id`.
        path: String,
        /// The key id the list gives.
        stated: KeyId,
        /// The key id derived from the public key.
        derived: KeyId,
    },
    /// Two keys have the same key id.
    #[error("trust list {path}: key id {key_id} is already used at {first}")]
    DuplicateKeyId {
        /// Where, such as `issuers[3].keys[0].key_id`.
        path: String,
        /// The key id.
        key_id: KeyId,
        /// Where it was first used.
        first: String,
    },
    /// A key's validity window is empty: `not_after` is not after `not_before`.
    #[error("trust list {path}: not_after {not_after} is not after not_before {not_before}")]
    EmptyWindow {
        /// Where, such as `issuers[0].keys[0].not_after`.
        path: String,
        /// The start of the window.
        not_before: Time,
        /// The end of the window.
        not_after: Time,
    },
}

/// Whether a key may still be used, as the trust list says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyStatus {
    /// The key is in use.
    Active,
    /// The key stopped signing at `from`: signatures made at or after `from` are not valid,
    /// those made before stay valid.
    Retired {
        /// From when.
        from: Time,
    },
    /// The key must not be trusted from `from` on: every verification at or after `from`
    /// fails, whenever the code says it was signed, since a stolen key can sign with any
    /// time.
    Revoked {
        /// From when.
        from: Time,
    },
}

/// An issuer of personal codes: QRQG or an app that shows codes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issuer {
    id: Arc<str>,
    name: Arc<str>,
    keys: Vec<TrustedKey>,
}

impl Issuer {
    /// The issuer's id, such as `vneid`: lowercase letters, digits and `-`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The issuer's name, such as `VNeID`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The issuer's keys, in the order of the list.
    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }
}

/// A key an issuer signs codes with, and when it may be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    pub(crate) public_key: PublicKey,
    pub(crate) key_id: KeyId,
    pub(crate) not_before: Time,
    pub(crate) not_after: Time,
    pub(crate) status: KeyStatus,
    pub(crate) issuer_id: Arc<str>,
    pub(crate) issuer_name: Arc<str>,
}

impl TrustedKey {
    /// The public key.
    pub fn public_key(&self) -> &PublicKey {
        &self.public_key
    }

    /// Its id.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// The first instant at which the key may sign.
    pub fn not_before(&self) -> Time {
        self.not_before
    }

    /// The first instant at which the key may no longer sign: the window is
    /// `not_before <= signed_at < not_after`.
    pub fn not_after(&self) -> Time {
        self.not_after
    }

    /// Whether it is active, retired or revoked.
    pub fn status(&self) -> KeyStatus {
        self.status
    }

    /// The id of the issuer that holds the key.
    pub fn issuer_id(&self) -> &str {
        &self.issuer_id
    }
}

/// A trust list whose signature was checked against the root key: the issuers and their
/// keys that a reader accepts.
///
/// `docs/signature.md` describes the JSON document. [`TrustList::verify`] and
/// [`TrustList::verify_batch`] check codes against it.
#[derive(Debug, Clone)]
pub struct TrustList {
    sequence: u64,
    issued_at: Time,
    issuers: Vec<Issuer>,
    /// Where each key is: issuer index, key index.
    index: HashMap<KeyId, (usize, usize)>,
}

impl TrustList {
    /// Reads a signed trust list and checks its signature against `root`.
    ///
    /// A list that is too long, is not of the documented shape, is signed by another key,
    /// fails its signature, or contradicts itself (duplicate ids, a key id that does not
    /// match its key, an empty validity window) is refused with the reason.
    pub fn from_json(json: &[u8], root: &PublicKey) -> Result<TrustList, TrustListError> {
        check_len(json)?;
        let document: model::Signed = serde_json::from_slice(json).map_err(json_error)?;
        check_version(document.list.version)?;
        let root_id = root.key_id();
        if document.signature.key_id != root_id {
            return Err(TrustListError::WrongRoot {
                signed_by: document.signature.key_id,
                root: root_id,
            });
        }
        // The signature covers the canonical form of the `list` member as the document
        // gives it; the typed reading above refused anything it does not hold.
        let raw: model::RawSigned = serde_json::from_slice(json).map_err(json_error)?;
        let invalid = || TrustListError::SignatureInvalid { root: root_id };
        let canonical = jcs::canonical(&raw.list).ok_or_else(invalid)?;
        let signature = Signature::from_bytes(&document.signature.value.0);
        root.0
            .verify_strict(&list_message(&canonical), &signature)
            .map_err(|_| invalid())?;
        TrustList::from_body(document.list)
    }

    fn from_body(list: model::List) -> Result<TrustList, TrustListError> {
        let mut issuers = Vec::with_capacity(list.issuers.len());
        let mut index = HashMap::new();
        let mut issuer_ids = HashMap::new();
        for (i, issuer) in list.issuers.into_iter().enumerate() {
            if issuer_ids.insert(issuer.id.clone(), i).is_some() {
                return Err(TrustListError::DuplicateIssuer {
                    path: format!("issuers[{i}].id"),
                    id: issuer.id,
                });
            }
            let id: Arc<str> = issuer.id.into();
            let name: Arc<str> = issuer.name.into();
            let mut keys = Vec::with_capacity(issuer.keys.len());
            for (k, key) in issuer.keys.into_iter().enumerate() {
                let path = format!("issuers[{i}].keys[{k}]");
                let derived = key.public_key.key_id();
                if key.key_id != derived {
                    return Err(TrustListError::KeyIdMismatch {
                        path: format!("{path}.key_id"),
                        stated: key.key_id,
                        derived,
                    });
                }
                if let Some(&(fi, fk)) = index.get(&derived) {
                    return Err(TrustListError::DuplicateKeyId {
                        path: format!("{path}.key_id"),
                        key_id: derived,
                        first: format!("issuers[{fi}].keys[{fk}].key_id"),
                    });
                }
                if key.not_after <= key.not_before {
                    return Err(TrustListError::EmptyWindow {
                        path: format!("{path}.not_after"),
                        not_before: key.not_before,
                        not_after: key.not_after,
                    });
                }
                index.insert(derived, (i, k));
                keys.push(TrustedKey {
                    public_key: key.public_key,
                    key_id: derived,
                    not_before: key.not_before,
                    not_after: key.not_after,
                    status: match key.status {
                        model::Status::Active => KeyStatus::Active,
                        model::Status::Retired(from) => KeyStatus::Retired { from },
                        model::Status::Revoked(from) => KeyStatus::Revoked { from },
                    },
                    issuer_id: id.clone(),
                    issuer_name: name.clone(),
                });
            }
            issuers.push(Issuer { id, name, keys });
        }
        Ok(TrustList {
            sequence: list.sequence,
            issued_at: list.issued_at,
            issuers,
            index,
        })
    }

    /// The list's sequence number: a later list has a greater one.
    pub fn sequence(&self) -> u64 {
        self.sequence
    }

    /// When the list was issued.
    pub fn issued_at(&self) -> Time {
        self.issued_at
    }

    /// The issuers, in the order of the list.
    pub fn issuers(&self) -> &[Issuer] {
        &self.issuers
    }

    /// The key with id `key_id`, if the list has it.
    pub fn key(&self, key_id: KeyId) -> Option<&TrustedKey> {
        let &(i, k) = self.index.get(&key_id)?;
        self.issuers.get(i)?.keys.get(k)
    }
}

/// Signs an unsigned trust list (the JSON of the `list` member) with the root key, and
/// returns the signed document.
///
/// The list is checked as [`TrustList::from_json`] checks it, then written in a fixed
/// layout, so the same list and key always give the same bytes.
pub fn sign_trust_list(list_json: &[u8], root: &SecretKey) -> Result<String, TrustListError> {
    check_len(list_json)?;
    let list: model::List = serde_json::from_slice(list_json).map_err(json_error)?;
    check_version(list.version)?;
    TrustList::from_body(list.clone())?;
    let value = serde_json::to_value(&list).map_err(json_error)?;
    // The typed list holds strings and integers up to 2^53 only, which always canonicalise.
    let canonical = jcs::canonical(&value).ok_or(TrustListError::Json {
        line: 0,
        column: 0,
        message: "the list holds a number rfc 8785 cannot write".into(),
    })?;
    let signature = root.0.sign(&list_message(&canonical)).to_bytes();
    let document = model::Signed {
        list,
        signature: model::ListSignature {
            key_id: root.key_id(),
            value: model::SignatureValue(signature),
        },
    };
    let mut text = serde_json::to_string_pretty(&document).map_err(json_error)?;
    text.push('\n');
    Ok(text)
}

fn list_message(canonical: &[u8]) -> Vec<u8> {
    [LIST_DOMAIN, canonical].concat()
}

fn check_len(json: &[u8]) -> Result<(), TrustListError> {
    if json.len() > MAX_TRUST_LIST_LEN {
        return Err(TrustListError::TooLarge {
            length: json.len(),
            limit: MAX_TRUST_LIST_LEN,
        });
    }
    Ok(())
}

fn check_version(version: u32) -> Result<(), TrustListError> {
    if version != TRUST_LIST_VERSION {
        return Err(TrustListError::UnsupportedVersion { version });
    }
    Ok(())
}

fn json_error(error: serde_json::Error) -> TrustListError {
    let (line, column) = (error.line(), error.column());
    let mut message = error.to_string();
    let suffix = format!(" at line {line} column {column}");
    if message.ends_with(&suffix) {
        message.truncate(message.len() - suffix.len());
    }
    TrustListError::Json {
        line,
        column,
        message,
    }
}

/// The JSON documents, as read and written.
mod model {
    use super::*;

    /// A signed trust list.
    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Signed {
        pub(super) list: List,
        pub(super) signature: ListSignature,
    }

    /// A signed trust list with the list kept as JSON, to be canonicalised.
    #[derive(serde::Deserialize)]
    pub(super) struct RawSigned {
        pub(super) list: serde_json::Value,
    }

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct List {
        pub(super) version: u32,
        #[serde(deserialize_with = "sequence")]
        pub(super) sequence: u64,
        pub(super) issued_at: Time,
        pub(super) issuers: Vec<Issuer>,
    }

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Issuer {
        #[serde(deserialize_with = "issuer_id")]
        pub(super) id: String,
        #[serde(deserialize_with = "issuer_name")]
        pub(super) name: String,
        pub(super) keys: Vec<Key>,
    }

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct Key {
        pub(super) key_id: KeyId,
        pub(super) public_key: PublicKey,
        pub(super) not_before: Time,
        pub(super) not_after: Time,
        pub(super) status: Status,
    }

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub(super) enum Status {
        Active,
        Retired(Time),
        Revoked(Time),
    }

    #[derive(serde::Serialize, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    pub(super) struct ListSignature {
        pub(super) key_id: KeyId,
        pub(super) value: SignatureValue,
    }

    /// An Ed25519 signature, 86 base64url characters.
    pub(super) struct SignatureValue(pub(super) [u8; SIGNATURE_LEN]);

    impl serde::Serialize for SignatureValue {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.serialize_str(&URL_SAFE_NO_PAD.encode(self.0))
        }
    }

    impl<'de> serde::Deserialize<'de> for SignatureValue {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
            decode_exact(&text).map(SignatureValue).ok_or_else(|| {
                serde::de::Error::custom(format_args!(
                    "signature {text:?} is not 86 base64url characters"
                ))
            })
        }
    }

    /// An integer that every JSON reader holds exactly: at most 2^53.
    fn sequence<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
        let sequence = <u64 as serde::Deserialize>::deserialize(deserializer)?;
        if sequence > 1 << 53 {
            return Err(serde::de::Error::custom(format_args!(
                "sequence {sequence} is greater than 2^53"
            )));
        }
        Ok(sequence)
    }

    /// 1 to 32 characters: lowercase letters, digits and `-`.
    fn issuer_id<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let id = <String as serde::Deserialize>::deserialize(deserializer)?;
        let fits = (1..=32).contains(&id.len())
            && id
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if !fits {
            return Err(serde::de::Error::custom(format_args!(
                "issuer id {id:?} is not 1 to 32 lowercase letters, digits and '-'"
            )));
        }
        Ok(id)
    }

    /// 1 to 100 characters, no control characters.
    fn issuer_name<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        let name = <String as serde::Deserialize>::deserialize(deserializer)?;
        let fits = (1..=100).contains(&name.chars().count()) && !name.chars().any(char::is_control);
        if !fits {
            return Err(serde::de::Error::custom(format_args!(
                "issuer name {name:?} is not 1 to 100 characters without control characters"
            )));
        }
        Ok(name)
    }
}

impl fmt::Display for KeyStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyStatus::Active => f.write_str("active"),
            KeyStatus::Retired { from } => write!(f, "retired from {from}"),
            KeyStatus::Revoked { from } => write!(f, "revoked from {from}"),
        }
    }
}
