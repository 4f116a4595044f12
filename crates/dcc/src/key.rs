//! Signer keys, made ready to verify once, when the signer certificate is read, and the
//! signature arithmetic itself.
//!
//! By default the pure-Rust p256 and rsa crates verify, on every target. With the `ring`
//! feature, on targets other than WebAssembly, ring verifies instead: the same ES256 and PS256
//! signatures in a quarter to a sixth of the instructions (docs/decisions.md, "Which code verifies an EU
//! certificate's signature?"). A key that ring would refuse to load (an RSA modulus outside
//! 2048 to 8192 bits, an exponent outside 3 to 2^33 − 1) is verified by the pure-Rust crates
//! under either build, so that both builds accept the same signatures.

use p256::ecdsa::signature::Verifier as _;
use sha2::Sha256;

use crate::cose::Algorithm;
use crate::verify::SignerError;

/// The code that verifies signatures in this build: `"ring"` with the `ring` feature on a
/// target other than WebAssembly, `"rustcrypto"` (the p256 and rsa crates) otherwise.
///
/// ```
/// assert!(["ring", "rustcrypto"].contains(&qr1405_dcc::SIGNATURE_BACKEND));
/// ```
pub const SIGNATURE_BACKEND: &str = if cfg!(all(feature = "ring", not(target_arch = "wasm32"))) {
    "ring"
} else {
    "rustcrypto"
};

/// A signer's public key, ready to verify.
#[derive(Clone)]
pub(crate) enum PublicKey {
    /// An ES256 key.
    P256(P256Key),
    /// A PS256 key.
    Rsa(RsaKey),
}

/// A P-256 key: the curve point, checked to be on the curve when it was read.
#[derive(Clone)]
pub(crate) struct P256Key {
    #[cfg_attr(
        all(feature = "ring", not(target_arch = "wasm32"), not(test)),
        allow(dead_code, reason = "ring verifies; the key is the tests' reference")
    )]
    key: p256::ecdsa::VerifyingKey,
    /// The point in uncompressed SEC 1 form, the one ring reads.
    #[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
    uncompressed: Box<[u8]>,
}

/// An RSA key for RSASSA-PSS with SHA-256 and a salt as long as the hash (hcert_spec 3.3.2).
#[derive(Clone)]
pub(crate) struct RsaKey {
    key: rsa::pss::VerifyingKey<Sha256>,
    /// The key as ring reads it, when ring accepts it.
    #[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
    ring: Option<RingRsa>,
}

/// An RSA key's modulus and exponent, big-endian.
#[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
#[derive(Clone)]
struct RingRsa {
    n: Box<[u8]>,
    e: Box<[u8]>,
}

/// Why a key did not verify a signature.
pub(crate) enum Fit {
    /// The key cannot verify the algorithm (a P-256 key and PS256, say).
    WrongKey,
    /// The signature is not a good one of the message by this key.
    BadSignature,
}

impl PublicKey {
    /// A P-256 key from the SEC 1 encoding of its point.
    pub(crate) fn p256(sec1: &[u8]) -> Result<PublicKey, SignerError> {
        let key =
            p256::ecdsa::VerifyingKey::from_sec1_bytes(sec1).map_err(|_| SignerError::Key {
                kind: "p-256",
                reason: "not a point on the curve".into(),
            })?;
        Ok(PublicKey::P256(P256Key {
            #[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
            uncompressed: key.to_encoded_point(false).as_bytes().into(),
            key,
        }))
    }

    /// An RSA key from its PKCS #1 `RSAPublicKey` DER.
    pub(crate) fn rsa(pkcs1: &[u8]) -> Result<PublicKey, SignerError> {
        use rsa::pkcs1::DecodeRsaPublicKey as _;
        let key = rsa::RsaPublicKey::from_pkcs1_der(pkcs1).map_err(|error| SignerError::Key {
            kind: "rsa",
            reason: error.to_string().to_lowercase(),
        })?;
        Ok(PublicKey::Rsa(RsaKey {
            #[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
            ring: ring_rsa_components(&key),
            key: rsa::pss::VerifyingKey::<Sha256>::new(key),
        }))
    }

    /// `p-256` or `rsa`.
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            PublicKey::P256(_) => "p-256",
            PublicKey::Rsa(_) => "rsa",
        }
    }

    /// Verifies `signature` of `message` under `algorithm` with the build's backend.
    pub(crate) fn verify(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Fit> {
        let good = match (self, algorithm) {
            (PublicKey::P256(key), Algorithm::Es256) => key.verify(message, signature),
            (PublicKey::Rsa(key), Algorithm::Ps256) => key.verify(message, signature),
            _ => return Err(Fit::WrongKey),
        };
        if good { Ok(()) } else { Err(Fit::BadSignature) }
    }

    /// Verifies with the pure-Rust crates whatever the build: the reference the ring backend
    /// is tested against.
    #[cfg(all(test, feature = "ring", not(target_arch = "wasm32")))]
    pub(crate) fn verify_rustcrypto(
        &self,
        algorithm: Algorithm,
        message: &[u8],
        signature: &[u8],
    ) -> Result<(), Fit> {
        let good = match (self, algorithm) {
            (PublicKey::P256(key), Algorithm::Es256) => {
                es256_rustcrypto(&key.key, message, signature)
            }
            (PublicKey::Rsa(key), Algorithm::Ps256) => {
                ps256_rustcrypto(&key.key, message, signature)
            }
            _ => return Err(Fit::WrongKey),
        };
        if good { Ok(()) } else { Err(Fit::BadSignature) }
    }
}

impl P256Key {
    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        #[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
        {
            ring::signature::UnparsedPublicKey::new(
                &ring::signature::ECDSA_P256_SHA256_FIXED,
                &self.uncompressed,
            )
            .verify(message, signature)
            .is_ok()
        }
        #[cfg(not(all(feature = "ring", not(target_arch = "wasm32"))))]
        {
            es256_rustcrypto(&self.key, message, signature)
        }
    }
}

impl RsaKey {
    fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        #[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
        if let Some(RingRsa { n, e }) = &self.ring {
            return ring::signature::RsaPublicKeyComponents { n, e }
                .verify(
                    &ring::signature::RSA_PSS_2048_8192_SHA256,
                    message,
                    signature,
                )
                .is_ok();
        }
        ps256_rustcrypto(&self.key, message, signature)
    }
}

#[cfg_attr(
    all(feature = "ring", not(target_arch = "wasm32"), not(test)),
    allow(dead_code, reason = "ring verifies; this is the tests' reference")
)]
fn es256_rustcrypto(key: &p256::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    p256::ecdsa::Signature::from_slice(signature)
        .is_ok_and(|signature| key.verify(message, &signature).is_ok())
}

fn ps256_rustcrypto(
    key: &rsa::pss::VerifyingKey<Sha256>,
    message: &[u8],
    signature: &[u8],
) -> bool {
    rsa::pss::Signature::try_from(signature)
        .is_ok_and(|signature| key.verify(message, &signature).is_ok())
}

/// The modulus and exponent of an RSA key, big-endian, when ring's `RSA_PSS_2048_8192_SHA256`
/// accepts the key: an odd modulus of 2048 to 8192 bits, an odd exponent of 3 to 2^33 − 1.
/// Other keys stay with the pure-Rust crate.
#[cfg(all(feature = "ring", not(target_arch = "wasm32")))]
fn ring_rsa_components(key: &rsa::RsaPublicKey) -> Option<RingRsa> {
    use rsa::traits::PublicKeyParts as _;
    let n = key.n().to_bytes_be();
    let e = key.e().to_bytes_be();
    let e_value = e.iter().try_fold(0u64, |value, byte| {
        value.checked_mul(256).map(|v| v + u64::from(*byte))
    })?;
    let fits = (2048..=8192).contains(&key.n().bits())
        && n.last().is_some_and(|byte| byte & 1 == 1)
        && (3..=(1 << 33) - 1).contains(&e_value)
        && e_value & 1 == 1;
    fits.then(|| RingRsa {
        n: n.into_boxed_slice(),
        e: e.into_boxed_slice(),
    })
}

/// The ring backend against the pure-Rust crates on every EU test vector with a signer
/// certificate (`shared/corpus/dgc-testdata` beside or above the repository, or
/// `$QR1405_CORPUS`; the test fails when they are absent): the same verdict on each
/// signature as it is, and on each with one bit flipped.
#[cfg(all(test, feature = "ring", not(target_arch = "wasm32")))]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

    use std::path::{Path, PathBuf};

    use super::{Fit, PublicKey};
    use crate::{Dsc, NumericDate, open};
    use qr1405_testkeys::dgc_testdata;

    fn vectors(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                vectors(&path, found);
            } else if path.extension().is_some_and(|e| e == "json") {
                found.push(path);
            }
        }
    }

    fn verdict(result: Result<(), Fit>) -> &'static str {
        match result {
            Ok(()) => "good",
            Err(Fit::BadSignature) => "bad signature",
            Err(Fit::WrongKey) => "wrong key",
        }
    }

    #[test]
    fn ring_and_the_pure_rust_crates_agree_on_every_eu_vector() {
        let mut files = Vec::new();
        vectors(&dgc_testdata(), &mut files);
        files.sort();
        let (mut compared, mut good, mut rsa) = (0, 0, 0);
        for file in &files {
            let Ok(json) =
                serde_json::from_slice::<serde_json::Value>(&std::fs::read(file).unwrap())
            else {
                continue;
            };
            let (Some(prefix), Some(certificate)) = (
                json["PREFIX"].as_str(),
                json["TESTCTX"]["CERTIFICATE"].as_str(),
            ) else {
                continue;
            };
            let Ok(dsc) = Dsc::from_text(certificate) else {
                continue;
            };
            let opened = open(prefix, NumericDate::from_unix_seconds(0));
            let Some(cose) = opened.cose() else {
                continue;
            };
            let Some(algorithm) = cose.algorithm() else {
                continue;
            };
            let key: &PublicKey = &dsc.key;
            let message = cose.signed_bytes();
            let mut flipped = cose.signature().to_vec();
            if let Some(byte) = flipped.get_mut(7) {
                *byte ^= 0x10;
            }
            for signature in [cose.signature(), &flipped[..]] {
                let native = verdict(key.verify(algorithm, &message, signature));
                let reference = verdict(key.verify_rustcrypto(algorithm, &message, signature));
                assert_eq!(native, reference, "{}", file.display());
                good += usize::from(native == "good");
            }
            rsa += usize::from(key.kind() == "rsa");
            compared += 1;
        }
        assert!(compared > 300, "only {compared} vectors compared");
        assert!(
            good > 250,
            "only {good} good signatures among {compared} vectors"
        );
        assert!(rsa > 0, "no rsa signer among {compared} vectors");
    }
}
