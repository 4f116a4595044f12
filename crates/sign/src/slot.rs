//! The text in EXT slot 5: profile version, key id, signing time and signature.

use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};

use crate::{KEY_ID_LEN, KeyId, Time};

/// The character that starts a signature slot of this profile.
pub const PROFILE_VERSION: char = '1';

/// The length of a signature slot of this profile, in characters: the version character
/// and 100 base64url characters.
pub const SLOT_LEN: usize = 1 + ENCODED_LEN;

/// The length of an Ed25519 signature in bytes.
pub const SIGNATURE_LEN: usize = 64;

/// Bytes of the signing time: seconds since 1970, big-endian.
const TIME_LEN: usize = 5;

/// Key id and signing time, the part of the slot that is signed with the code.
pub(crate) const HEADER_LEN: usize = KEY_ID_LEN + TIME_LEN;

/// Key id, signing time and signature.
const BLOB_LEN: usize = HEADER_LEN + SIGNATURE_LEN;

/// 75 bytes are exactly 100 base64url characters: no padding, no spare bits.
const ENCODED_LEN: usize = BLOB_LEN / 3 * 4;

/// What an Ed25519 signature of a code signs: this prefix, the slot header, then the code's
/// signing input.
pub(crate) const CODE_DOMAIN: &[u8] = b"qr1405-sig-v1\0";

/// Why the text in EXT slot 5 is not a signature of this profile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SlotError {
    /// The slot starts with a letter or digit other than `1`: a profile version this crate
    /// does not know.
    #[error("signature slot has profile version {version:?}; only version 1 is known")]
    UnsupportedVersion {
        /// The first character of the slot.
        version: char,
    },
    /// The slot starts with a character that cannot name a profile version.
    #[error("signature slot starts with {character:?}, which is no profile version")]
    Version {
        /// The first character of the slot.
        character: char,
    },
    /// A character after the version is not base64url.
    #[error("signature slot has {character:?} at byte {position}, which is not base64url")]
    Character {
        /// The character.
        character: char,
        /// Its byte offset in the slot.
        position: usize,
    },
    /// The slot is not 101 characters long.
    #[error("signature slot is {length} characters long; version 1 needs {expected}")]
    Length {
        /// The length of the slot, in characters.
        length: usize,
        /// The length version 1 needs.
        expected: usize,
    },
    /// The signing time is after 9999-12-31T23:59:59Z.
    #[error("signature slot time {seconds} is after 9999-12-31T23:59:59Z")]
    TimeRange {
        /// Seconds since 1970-01-01T00:00:00Z.
        seconds: u64,
    },
}

/// A signature slot of this profile, read but not verified.
///
/// As text it is `1` followed by the base64url encoding (no padding) of 75 bytes: the key
/// id (6 bytes), the signing time (5 bytes, seconds since 1970, big-endian) and the Ed25519
/// signature (64 bytes). `docs/signature.md` is the normative description.
#[derive(Clone, PartialEq, Eq)]
pub struct SignatureSlot {
    key_id: KeyId,
    signed_at: Time,
    signature: [u8; SIGNATURE_LEN],
}

impl SignatureSlot {
    /// Reads the text of EXT slot 5.
    pub fn parse(text: &str) -> Result<SignatureSlot, SlotError> {
        let mut chars = text.chars();
        match chars.next() {
            Some(PROFILE_VERSION) => {}
            Some(version) if version.is_ascii_alphanumeric() => {
                return Err(SlotError::UnsupportedVersion { version });
            }
            Some(character) => return Err(SlotError::Version { character }),
            None => {
                return Err(SlotError::Length {
                    length: 0,
                    expected: SLOT_LEN,
                });
            }
        }
        if let Some((position, character)) = text
            .char_indices()
            .skip(1)
            .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        {
            return Err(SlotError::Character {
                character,
                position,
            });
        }
        if text.len() != SLOT_LEN {
            return Err(SlotError::Length {
                length: text.len(),
                expected: SLOT_LEN,
            });
        }
        let mut blob = [0; BLOB_LEN];
        // 100 base64url characters always decode to 75 bytes.
        if URL_SAFE_NO_PAD.decode_slice(&text[1..], &mut blob) != Ok(BLOB_LEN) {
            return Err(SlotError::Length {
                length: text.len(),
                expected: SLOT_LEN,
            });
        }
        let mut key_id = [0; KEY_ID_LEN];
        key_id.copy_from_slice(&blob[..KEY_ID_LEN]);
        let seconds = blob[KEY_ID_LEN..HEADER_LEN]
            .iter()
            .fold(0u64, |n, &b| n << 8 | u64::from(b));
        let signed_at =
            Time::from_unix_seconds(seconds).map_err(|_| SlotError::TimeRange { seconds })?;
        let mut signature = [0; SIGNATURE_LEN];
        signature.copy_from_slice(&blob[HEADER_LEN..]);
        Ok(SignatureSlot {
            key_id: KeyId::from_bytes(key_id),
            signed_at,
            signature,
        })
    }

    pub(crate) fn new(key_id: KeyId, signed_at: Time, signature: [u8; SIGNATURE_LEN]) -> Self {
        SignatureSlot {
            key_id,
            signed_at,
            signature,
        }
    }

    /// The id of the key that made the signature.
    pub fn key_id(&self) -> KeyId {
        self.key_id
    }

    /// When the signature says it was made.
    pub fn signed_at(&self) -> Time {
        self.signed_at
    }

    pub(crate) fn signature(&self) -> &[u8; SIGNATURE_LEN] {
        &self.signature
    }

    /// Key id and signing time, as signed.
    pub(crate) fn header(&self) -> [u8; HEADER_LEN] {
        header(self.key_id, self.signed_at)
    }
}

/// Key id and signing time, as signed and as carried in the slot.
pub(crate) fn header(key_id: KeyId, signed_at: Time) -> [u8; HEADER_LEN] {
    let mut header = [0; HEADER_LEN];
    header[..KEY_ID_LEN].copy_from_slice(&key_id.to_bytes());
    header[KEY_ID_LEN..].copy_from_slice(&signed_at.unix_seconds().to_be_bytes()[8 - TIME_LEN..]);
    header
}

/// The message an Ed25519 signature of a code signs.
pub(crate) fn message(header: &[u8; HEADER_LEN], signing_input: &str) -> Vec<u8> {
    let mut message = Vec::with_capacity(CODE_DOMAIN.len() + HEADER_LEN + signing_input.len());
    message.extend_from_slice(CODE_DOMAIN);
    message.extend_from_slice(header);
    message.extend_from_slice(signing_input.as_bytes());
    message
}

impl fmt::Display for SignatureSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut blob = [0; BLOB_LEN];
        blob[..HEADER_LEN].copy_from_slice(&self.header());
        blob[HEADER_LEN..].copy_from_slice(&self.signature);
        let mut text = [0; ENCODED_LEN];
        // 75 bytes always encode to 100 characters.
        let _ = URL_SAFE_NO_PAD.encode_slice(blob, &mut text);
        write!(f, "{PROFILE_VERSION}")?;
        // base64url output is ASCII.
        f.write_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

impl fmt::Debug for SignatureSlot {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignatureSlot")
            .field("key_id", &self.key_id)
            .field("signed_at", &self.signed_at)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout() {
        assert_eq!(ENCODED_LEN, 100);
        assert_eq!(SLOT_LEN, 101);
        assert_eq!(BLOB_LEN % 3, 0);
    }

    #[test]
    fn round_trip() {
        let slot = SignatureSlot::new(
            KeyId::from_bytes([1, 2, 3, 4, 5, 6]),
            Time::from_unix_seconds(1_635_755_400).unwrap(),
            std::array::from_fn(|i| u8::try_from(i).unwrap()),
        );
        let text = slot.to_string();
        assert_eq!(text.len(), SLOT_LEN);
        assert!(text.starts_with("1AQIDBAUG"));
        assert_eq!(SignatureSlot::parse(&text).unwrap(), slot);
    }

    #[test]
    fn malformed_slots() {
        let good = SignatureSlot::new(KeyId::from_bytes([0; 6]), Time::MIN, [0; 64]).to_string();
        // The signing time bytes all ones: 2^40 - 1 seconds.
        let far = format!("1AAAAAAAA________{}", &good[17..]);
        let cases = [
            "".to_string(),
            "2abc".into(),
            "Zabc".into(),
            "-abc".into(),
            "\u{e9}abc".into(),
            "1abc.def".into(),
            "1abc\u{e9}".into(),
            good[..100].to_string(),
            format!("{good}A"),
            far,
        ];
        let messages: Vec<String> = cases
            .iter()
            .map(|text| SignatureSlot::parse(text).unwrap_err().to_string())
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @"
        signature slot is 0 characters long; version 1 needs 101
        signature slot has profile version '2'; only version 1 is known
        signature slot has profile version 'Z'; only version 1 is known
        signature slot starts with '-', which is no profile version
        signature slot starts with 'é', which is no profile version
        signature slot has '.' at byte 4, which is not base64url
        signature slot has 'é' at byte 4, which is not base64url
        signature slot is 100 characters long; version 1 needs 101
        signature slot is 102 characters long; version 1 needs 101
        signature slot time 1099511627775 is after 9999-12-31T23:59:59Z
        ");
    }
}
