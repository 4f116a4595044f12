//! Any text: reading it as a signature slot never panics, and a slot that reads writes back
//! byte for byte. A text that is a personal code is verified against the test trust list:
//!
//! - the verdict is never valid unless the named key really made that signature (Ed25519
//!   signatures are deterministic, so re-signing the code must give the same bytes);
//! - signed with a test key, the code gets the verdict that key's entry calls for: valid
//!   with the right issuer, time and form for active keys; revoked, retired or unknown for
//!   the others; "signed in the future" before the signing time;
//! - a byte changed anywhere in a signed code, or its signature moved to the other display
//!   form, never stays valid;
//! - batch verification gives the verdicts one-by-one verification gives.
//!
//! Bytes after a 0xFF byte (never part of UTF-8) choose the key, the byte to change and how.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use qr1405_payload::{DisplayForm, MAX_INPUT_LEN, PersonalCode};
use qr1405_sign::{
    Failure, KeyId, KeyStatus, SLOT_LEN, SecretKey, SignError, SignatureSlot, Time, TrustList,
    ValidityLimit, Verdict,
};
use qr1405_testkeys::{TestKey, trust_list};

static TRUST: LazyLock<TrustList> = LazyLock::new(trust_list);
static KEYS: LazyLock<Vec<(TestKey, KeyId, SecretKey)>> = LazyLock::new(|| {
    TestKey::ALL
        .iter()
        .map(|&key| (key, key.public_key().key_id(), key.secret_key()))
        .collect()
});

/// Every active test key is inside its window then; the retired one is retired, the revoked
/// one revoked.
fn signed_at() -> Time {
    time("2022-07-01T00:00:00Z")
}

fn verified_at() -> Time {
    time("2022-07-02T00:00:00Z")
}

fn time(text: &str) -> Time {
    text.parse().expect("a fixed time")
}

fn secret(key_id: KeyId) -> Option<&'static SecretKey> {
    KEYS.iter()
        .find(|(_, id, _)| *id == key_id)
        .map(|(_, _, secret)| secret)
}

/// The verdict, checked against what only a real signature can give.
fn verify(code: &PersonalCode, at: Time) -> Verdict {
    let verdict = TRUST.verify(code, at);
    assert_eq!(
        verdict == Verdict::Unsigned,
        code.signature().is_none(),
        "{verdict:?}"
    );
    if let Verdict::Valid(valid) = &verdict {
        let key = secret(valid.key_id()).expect("the trust list holds test keys only");
        let again = key
            .sign(code, valid.signed_at())
            .expect("a signed code signs again");
        assert_eq!(
            again.as_str(),
            code.as_str(),
            "valid, but the key did not make this signature"
        );
        assert_eq!(valid.display_form(), code.display_form());
        let entry = TRUST.key(valid.key_id()).expect("the key is trusted");
        assert_eq!(valid.issuer_id(), entry.issuer_id());
        assert!(entry.not_before() <= valid.signed_at() && valid.signed_at() < entry.not_after());
        match entry.status() {
            KeyStatus::Active => {}
            KeyStatus::Retired { from } => assert!(valid.signed_at() < from),
            KeyStatus::Revoked { from } => assert!(at < from),
            other => panic!("a key status the target does not know: {other}"),
        }
    }
    verdict
}

fuzz_target!(|data: &[u8]| {
    let (text, choice) = match data.iter().position(|&b| b == 0xff) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    if let Ok(slot) = SignatureSlot::parse(text) {
        assert_eq!(slot.to_string(), text);
    }
    let Ok(code) = PersonalCode::parse(text) else {
        return;
    };
    let at = verified_at();
    let read = verify(&code, at);

    let pick = |i: usize, default: usize| choice.get(i).map_or(default, |&b| usize::from(b));
    let key = TestKey::ALL[pick(0, text.len()) % TestKey::ALL.len()];
    let secret = &KEYS[TestKey::ALL.iter().position(|&k| k == key).unwrap_or(0)].2;
    let signed = match secret.sign(&code, signed_at()) {
        Ok(signed) => signed,
        Err(SignError::Code {
            source: qr1405_payload::Error::TooLong { length, max },
        }) => {
            assert_eq!(max, MAX_INPUT_LEN);
            assert!(length > MAX_INPUT_LEN);
            assert!(code.signing_input().len() + SLOT_LEN > MAX_INPUT_LEN);
            return;
        }
        Err(error) => panic!("a conforming code could not be signed: {error}"),
    };
    assert_eq!(signed.signing_input(), code.signing_input());
    assert_eq!(signed.display_form(), code.display_form());
    let verdict = verify(&signed, at);
    let key_id = key.public_key().key_id();
    match key {
        TestKey::Root | TestKey::Stranger => {
            assert!(
                matches!(verdict, Verdict::Invalid(Failure::UnknownKey { key_id: named, .. }) if named == key_id),
                "{verdict:?}"
            );
        }
        TestKey::VneidRevoked => assert_eq!(verdict.code(), "key-revoked"),
        TestKey::PcCovid2021 => match verdict {
            Verdict::Invalid(Failure::KeyNotValidWhenSigned {
                limit: ValidityLimit::Retired(_),
                ..
            }) => {}
            other => panic!("a retired key's signature gave {other:?}"),
        },
        _ => match &verdict {
            Verdict::Valid(valid) => {
                let entry = key.entry().expect("an issuer's key");
                assert_eq!(valid.issuer_id(), entry.issuer.id());
                assert_eq!(valid.key_id(), key_id);
                assert_eq!(valid.signed_at(), signed_at());
            }
            other => panic!("an active key's signature gave {other:?}"),
        },
    }
    if verdict.is_valid() {
        // Replayed before it was made.
        let early = verify(&signed, time("2022-06-30T23:00:00Z"));
        assert_eq!(early.code(), "signed-in-future");
    }

    // One byte changed.
    let mut bytes = signed.as_str().as_bytes().to_vec();
    let position = (pick(1, 0) << 8 | pick(2, bytes.len() / 2)) % bytes.len();
    bytes[position] ^= u8::try_from(pick(3, 1)).unwrap_or(1).max(1);
    let altered = std::str::from_utf8(&bytes)
        .ok()
        .and_then(|t| PersonalCode::parse(t).ok());
    if let Some(altered) = &altered {
        assert!(
            !verify(altered, at).is_valid(),
            "byte {position} changed and still valid"
        );
    }

    // The signature moved to the other display form.
    let masked = signed.masked();
    let moved = signed
        .signature()
        .and_then(|slot| masked.with_signature(slot).ok());
    if let Some(moved) = &moved
        && moved.signing_input() != signed.signing_input()
    {
        assert!(!verify(moved, at).is_valid(), "valid in the other form");
    }
    if code.display_form() == DisplayForm::Full
        && let Ok(forms) = secret.sign_display_forms(&code, signed_at())
    {
        assert_eq!(forms.full, signed);
        assert_eq!(forms.masked.display_form(), DisplayForm::Masked);
        assert_eq!(verify(&forms.masked, at).code(), verdict.code());
    }

    let codes: Vec<&PersonalCode> = [Some(&code), Some(&signed), altered.as_ref(), moved.as_ref()]
        .into_iter()
        .flatten()
        .collect();
    let one_by_one: Vec<Verdict> = codes.iter().map(|c| TRUST.verify(c, at)).collect();
    assert_eq!(TRUST.verify_batch(codes.iter().copied(), at), one_by_one);
    assert_eq!(one_by_one[0], read);
});
