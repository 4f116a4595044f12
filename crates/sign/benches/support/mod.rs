//! Codes and raw inputs shared by the benchmarks.

#![allow(dead_code, unreachable_pub)]

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use ed25519_dalek::{Signature, VerifyingKey};
use qr1405_payload::PersonalCode;
use qr1405_sign::{SignatureSlot, Time};
use qr1405_testkeys::TestIssuer;

/// Codes of distinct people, each signed by one of the four issuers' active keys.
pub fn signed_codes(count: usize) -> Vec<PersonalCode> {
    let at: Time = "2022-06-01T00:00:00Z".parse().expect("time");
    (0..count)
        .map(|i| {
            let text = format!(
                "{:012}|NGUYEN VAN A|1990-01-01|0|{:018}|<1<HS4010120878821<0944713700",
                100_000_000_000u64 + i as u64,
                162_979_388_586_171_100u64 + i as u64
            );
            let code = PersonalCode::parse(&text).expect("conforming");
            let issuer = TestIssuer::ALL[i % 4].active_key().secret_key();
            issuer.sign(&code, at).expect("signs")
        })
        .collect()
}

/// What `verify_strict` is given for a code signed by QRQG's active key: the key, the
/// message of `docs/signature.md` section 3, and the signature.
pub fn raw_parts(code: &PersonalCode) -> (VerifyingKey, Vec<u8>, Signature) {
    let text = code.signature().expect("signed");
    let slot = SignatureSlot::parse(text).expect("a slot");
    let blob = URL_SAFE_NO_PAD.decode(&text[1..]).expect("base64url");
    let mut message = b"qr1405-sig-v1\0".to_vec();
    message.extend_from_slice(&slot.key_id().to_bytes());
    message.extend_from_slice(&slot.signed_at().unix_seconds().to_be_bytes()[3..]);
    message.extend_from_slice(code.signing_input().as_bytes());
    let signature = Signature::from_slice(&blob[11..]).expect("64 bytes");
    let key = VerifyingKey::from_bytes(&TestIssuer::Qrqg.active_key().public_key().to_bytes())
        .expect("a key");
    key.verify_strict(&message, &signature)
        .expect("the raw call verifies");
    (key, message, signature)
}
