//! Keys: the secret key an issuer signs with, the public key a reader verifies with, and the
//! key id that names a public key inside a signature slot.

use std::{fmt, str::FromStr};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{
    SigningKey, VerifyingKey,
    pkcs8::{DecodePrivateKey, EncodePrivateKey, spki::der::pem::LineEnding},
};
use sha2::{Digest, Sha256};

/// The label hashed in front of a public key to derive its [`KeyId`].
pub(crate) const KEY_ID_LABEL: &[u8] = b"qr1405-key-id-v1\0";

/// The length of a key id in bytes.
pub const KEY_ID_LEN: usize = 6;

/// The length of a public key in bytes.
pub const PUBLIC_KEY_LEN: usize = 32;

/// The length of a secret key seed in bytes.
pub const SEED_LEN: usize = 32;

/// Why a key could not be read, made or used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyError {
    /// The text is not the base64url encoding of a key id.
    #[error("key id {value:?} is not 8 base64url characters")]
    KeyIdSyntax {
        /// The text.
        value: String,
    },
    /// The text is not the base64url encoding of 32 bytes.
    #[error("public key {value:?} is not 43 base64url characters")]
    PublicKeySyntax {
        /// The text.
        value: String,
    },
    /// The bytes are not the encoding of a point on the curve.
    #[error("public key {value:?} is not a point on edwards25519")]
    PublicKeyNotOnCurve {
        /// The key, base64url.
        value: String,
    },
    /// The key is a small-order point or has a small-order component, so signatures
    /// under it could be forged or judged differently by different verifiers.
    #[error("public key {value:?} is weak: it has a small-order component")]
    PublicKeyWeak {
        /// The key, base64url.
        value: String,
    },
    /// The text is not a PKCS#8 PEM Ed25519 private key.
    #[error("private key is not a pkcs#8 pem ed25519 key: {reason}")]
    Pkcs8 {
        /// What the PKCS#8 reader said; it never contains key material.
        reason: String,
    },
    /// The text is a PKCS#8 private key of another algorithm than Ed25519.
    #[error("private key is {name} (algorithm {oid}), not an ed25519 key (1.3.101.112)")]
    OtherAlgorithm {
        /// The algorithm's object identifier, as the key file gives it.
        oid: String,
        /// What the algorithm is, for people: `an ed448 key`, `an elliptic-curve key`…
        name: &'static str,
    },
    /// The operating system gave no randomness.
    #[error("the operating system gave no randomness: {reason}")]
    Randomness {
        /// What the operating system said.
        reason: String,
    },
}

/// The algorithm of a PKCS#8 PEM private key that is not Ed25519: its identifier and a name.
fn other_algorithm(pem: &str) -> Option<(String, &'static str)> {
    let (_, document) = ed25519_dalek::pkcs8::SecretDocument::from_pem(pem).ok()?;
    let info = ed25519_dalek::pkcs8::PrivateKeyInfo::try_from(document.as_bytes()).ok()?;
    let oid = info.algorithm.oid.to_string();
    let name = match oid.as_str() {
        "1.3.101.112" => return None,
        "1.3.101.113" => "an ed448 key",
        "1.3.101.110" => "an x25519 key",
        "1.3.101.111" => "an x448 key",
        "1.2.840.10045.2.1" => "an elliptic-curve (ecdsa) key",
        "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => "an rsa key",
        _ => "a key of another algorithm",
    };
    Some((oid, name))
}

/// The id of a public key: the first 6 bytes of SHA-256 over the label
/// `qr1405-key-id-v1` and a zero byte, followed by the 32 bytes of the key.
///
/// As text it is 8 base64url characters. Key ids are unique within a trust list.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KeyId([u8; KEY_ID_LEN]);

impl KeyId {
    /// The key id of `public_key`.
    pub fn of(public_key: &PublicKey) -> KeyId {
        let digest = Sha256::new()
            .chain_update(KEY_ID_LABEL)
            .chain_update(public_key.0.as_bytes())
            .finalize();
        let mut id = [0; KEY_ID_LEN];
        id.copy_from_slice(&digest[..KEY_ID_LEN]);
        KeyId(id)
    }

    /// The key id made of these bytes, as carried in a signature slot.
    pub fn from_bytes(bytes: [u8; KEY_ID_LEN]) -> KeyId {
        KeyId(bytes)
    }

    /// The bytes of the key id.
    pub fn to_bytes(self) -> [u8; KEY_ID_LEN] {
        self.0
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&URL_SAFE_NO_PAD.encode(self.0))
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({self})")
    }
}

impl FromStr for KeyId {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<KeyId, KeyError> {
        decode_exact(text)
            .map(KeyId)
            .ok_or_else(|| KeyError::KeyIdSyntax {
                value: text.to_owned(),
            })
    }
}

/// An Ed25519 public key that signatures may be verified against.
///
/// Only keys of prime order are accepted: a small-order key or one with a small-order
/// component is refused when it is read, so every check under it is a strict one. As text
/// it is 43 base64url characters (32 bytes, no padding).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct PublicKey(pub(crate) VerifyingKey);

impl PublicKey {
    /// Reads the 32-byte encoding of a public key.
    pub fn from_bytes(bytes: &[u8; PUBLIC_KEY_LEN]) -> Result<PublicKey, KeyError> {
        let encoded = || URL_SAFE_NO_PAD.encode(bytes);
        let key = VerifyingKey::from_bytes(bytes)
            .map_err(|_| KeyError::PublicKeyNotOnCurve { value: encoded() })?;
        if key.is_weak() || !key.to_edwards().is_torsion_free() {
            return Err(KeyError::PublicKeyWeak { value: encoded() });
        }
        Ok(PublicKey(key))
    }

    /// The 32-byte encoding of the key.
    pub fn to_bytes(&self) -> [u8; PUBLIC_KEY_LEN] {
        self.0.to_bytes()
    }

    /// The key's id.
    pub fn key_id(&self) -> KeyId {
        KeyId::of(self)
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&URL_SAFE_NO_PAD.encode(self.0.as_bytes()))
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({self})")
    }
}

impl FromStr for PublicKey {
    type Err = KeyError;

    fn from_str(text: &str) -> Result<PublicKey, KeyError> {
        let bytes = decode_exact(text).ok_or_else(|| KeyError::PublicKeySyntax {
            value: text.to_owned(),
        })?;
        PublicKey::from_bytes(&bytes)
    }
}

/// An Ed25519 secret key, with which an issuer signs codes and a root signs trust lists.
///
/// The key is wiped from memory when it is dropped. It is never printed: `Debug` shows
/// only its key id, and it has no `Display`.
#[derive(Clone)]
pub struct SecretKey(pub(crate) SigningKey);

impl SecretKey {
    /// A new key from the operating system's randomness (the default cargo feature
    /// `keygen`).
    ///
    /// # Errors
    ///
    /// [`KeyError::Randomness`] when the operating system gives none.
    #[cfg(feature = "keygen")]
    pub fn generate() -> Result<SecretKey, KeyError> {
        let mut seed = zeroize::Zeroizing::new([0; SEED_LEN]);
        getrandom::fill(seed.as_mut_slice()).map_err(|error| KeyError::Randomness {
            reason: error.to_string(),
        })?;
        Ok(SecretKey::from_seed(&seed))
    }

    /// The key made from a 32-byte seed (the RFC 8032 private key).
    ///
    /// The same seed always gives the same key; keep seeds secret and random.
    pub fn from_seed(seed: &[u8; SEED_LEN]) -> SecretKey {
        SecretKey(SigningKey::from_bytes(seed))
    }

    /// Reads a PKCS#8 PEM private key (`-----BEGIN PRIVATE KEY-----`).
    pub fn from_pkcs8_pem(pem: &str) -> Result<SecretKey, KeyError> {
        SigningKey::from_pkcs8_pem(pem)
            .map(SecretKey)
            .map_err(|error| match other_algorithm(pem) {
                Some((oid, name)) => KeyError::OtherAlgorithm { oid, name },
                // The PKCS#8 reader names Ed25519's identifier, the one it wanted, when the
                // key is another algorithm's; that case is handled above.
                None => KeyError::Pkcs8 {
                    reason: error.to_string(),
                },
            })
    }

    /// Writes the key as a PKCS#8 PEM private key, wiping the intermediate copies.
    pub fn write_pkcs8_pem(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        let pem = self
            .0
            .to_pkcs8_pem(LineEnding::LF)
            .map_err(|error| std::io::Error::other(error.to_string()))?;
        out.write_all(pem.as_bytes())
    }

    /// The public key that verifies this key's signatures.
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.verifying_key())
    }

    /// The id of this key's public key.
    pub fn key_id(&self) -> KeyId {
        self.public_key().key_id()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("key_id", &self.key_id())
            .finish_non_exhaustive()
    }
}

/// Decodes base64url without padding into exactly `N` bytes, refusing any other text
/// (wrong length, other alphabets, non-zero trailing bits).
pub(crate) fn decode_exact<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != (N * 4).div_ceil(3) {
        return None;
    }
    let mut bytes = [0; N];
    match URL_SAFE_NO_PAD.decode_slice(text, &mut bytes) {
        Ok(n) if n == N => Some(bytes),
        _ => None,
    }
}

macro_rules! serde_via_text {
    ($type:ty) => {
        impl serde::Serialize for $type {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> serde::Deserialize<'de> for $type {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> Result<$type, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

serde_via_text!(KeyId);
serde_via_text!(PublicKey);

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 8032, section 7.1, test 1.
    const RFC8032_SEED: &str = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const RFC8032_PUBLIC: &str = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    fn hex<const N: usize>(text: &str) -> [u8; N] {
        std::array::from_fn(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).unwrap())
    }

    #[test]
    fn public_key_and_key_id_from_a_known_seed() {
        let key = SecretKey::from_seed(&hex(RFC8032_SEED));
        assert_eq!(key.public_key().to_bytes(), hex::<32>(RFC8032_PUBLIC));
        assert_eq!(
            key.public_key().to_string(),
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
        );
        // SHA-256("qr1405-key-id-v1\0" || public key), first 6 bytes.
        let digest = Sha256::digest([KEY_ID_LABEL, &hex::<32>(RFC8032_PUBLIC)].concat());
        assert_eq!(key.key_id().to_bytes(), digest[..6]);
        assert_eq!(
            key.key_id().to_string(),
            URL_SAFE_NO_PAD.encode(&digest[..6])
        );
        assert_eq!(
            format!("{key:?}"),
            format!("SecretKey {{ key_id: KeyId({}), .. }}", key.key_id())
        );
    }

    #[test]
    fn text_forms_round_trip() {
        let key = SecretKey::from_seed(&[7; 32]).public_key();
        assert_eq!(key.to_string().parse::<PublicKey>().unwrap(), key);
        let id = key.key_id();
        assert_eq!(id.to_string().len(), 8);
        assert_eq!(id.to_string().parse::<KeyId>().unwrap(), id);
    }

    #[test]
    fn pem_round_trip() {
        let key = SecretKey::from_seed(&[9; 32]);
        let mut pem = Vec::new();
        key.write_pkcs8_pem(&mut pem).unwrap();
        let pem = String::from_utf8(pem).unwrap();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        let read = SecretKey::from_pkcs8_pem(&pem).unwrap();
        assert_eq!(read.public_key(), key.public_key());
    }

    #[test]
    #[cfg(feature = "keygen")]
    fn generated_keys_differ() {
        let a = SecretKey::generate().unwrap();
        let b = SecretKey::generate().unwrap();
        assert_ne!(a.public_key(), b.public_key());
    }

    /// Keys of other algorithms, made with `openssl genpkey`.
    const ED448_PEM: &str = "-----BEGIN PRIVATE KEY-----
MEcCAQAwBQYDK2VxBDsEOadMgpqY7ck01Z+NXNMRJAr+r2hxINdF1sGzq2/M9zpB
DEPXErplnGyAi/YrJpTFX/MMmk7TDSL/bg==
-----END PRIVATE KEY-----
";
    const P256_PEM: &str = "-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgJPJNATAY+pypLPYh
lh/Xsk9EBTAy5XUNJIuVsovCgkWhRANCAATFF2y7zu900/Hz30v3mZSHUV5l8KgN
VxueWsQe3ith2jfn19GUA/Hki6GsbHc0rElyuWySXZDiplNdJHpEknc3
-----END PRIVATE KEY-----
";

    #[test]
    fn refuses_bad_keys() {
        // The identity (order 1), a point of order 8, the order-8 point plus a valid key,
        // a y with no x, the wrong length, and the wrong alphabet.
        let identity = [1u8; 1].into_iter().chain([0; 31]).collect::<Vec<_>>();
        let order8 = hex::<32>("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a");
        let valid = SecretKey::from_seed(&[3; 32]).public_key().0.to_edwards();
        let torsion = VerifyingKey::from_bytes(&order8).unwrap().to_edwards();
        let mixed = (valid + torsion).compress().to_bytes();
        let not_on_curve =
            hex::<32>("0200000000000000000000000000000000000000000000000000000000000000");
        let texts = [
            URL_SAFE_NO_PAD.encode(&identity),
            URL_SAFE_NO_PAD.encode(order8),
            URL_SAFE_NO_PAD.encode(mixed),
            URL_SAFE_NO_PAD.encode(not_on_curve),
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR".into(),
            "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo".into(),
            "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp".into(),
        ];
        let messages: Vec<String> = texts
            .iter()
            .map(|text| text.parse::<PublicKey>().unwrap_err().to_string())
            .chain(
                ["AAAAAAA", "AAAAAAAAA", "AAAAAAA*"]
                    .map(|text| text.parse::<KeyId>().unwrap_err().to_string()),
            )
            .chain(
                [
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                    ED448_PEM,
                    P256_PEM,
                ]
                .map(|pem| SecretKey::from_pkcs8_pem(pem).unwrap_err().to_string()),
            )
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @r#"
        public key "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" is weak: it has a small-order component
        public key "xxdqcD1N2E-6PAt2DRBnDyogU_osOczGTsf9d5KsA3o" is weak: it has a small-order component
        public key "gBgV5w_6YHo5VqUflLpYelh-IDs2JVl0BAxU1ZHJCUk" is weak: it has a small-order component
        public key "AgAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" is not a point on edwards25519
        public key "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHUR" is not 43 base64url characters
        public key "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo" is not 43 base64url characters
        public key "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp" is not 43 base64url characters
        key id "AAAAAAA" is not 8 base64url characters
        key id "AAAAAAAAA" is not 8 base64url characters
        key id "AAAAAAA*" is not 8 base64url characters
        private key is not a pkcs#8 pem ed25519 key: PKCS#8 ASN.1 error: unknown/unsupported ASN.1 DER tag: 0x00
        private key is an ed448 key (algorithm 1.3.101.113), not an ed25519 key (1.3.101.112)
        private key is an elliptic-curve (ecdsa) key (algorithm 1.2.840.10045.2.1), not an ed25519 key (1.3.101.112)
        "#);
    }
}
