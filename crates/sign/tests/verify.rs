//! Verification outcomes: every trust-list status at its boundary instants, altered codes,
//! both display forms, and batch verification agreeing with single verification.

mod common;

use common::{EXAMPLE, code, time};
use qr1405_payload::{DisplayForm, PersonalCode};
use qr1405_sign::{Failure, Verdict};
use qr1405_testkeys::{TestKey, trust_list};

fn signed(key: TestKey, signed_at: &str) -> PersonalCode {
    key.secret_key()
        .sign(&code(EXAMPLE), time(signed_at))
        .expect("the example signs")
}

/// Each status of the test trust list, one second either side of its boundary.
#[test]
fn every_status_at_its_boundary_instants() {
    let cases = [
        // The validity window starts at not_before (inclusive).
        (
            "qrqg not_before - 1s",
            TestKey::Qrqg2021,
            "2021-09-10T23:59:59Z",
            "2022-01-01T00:00:00Z",
        ),
        (
            "qrqg at not_before",
            TestKey::Qrqg2021,
            "2021-09-11T00:00:00Z",
            "2022-01-01T00:00:00Z",
        ),
        // The window ends at not_after (exclusive); codes signed inside it stay valid.
        (
            "so-suc-khoe not_after - 1s",
            TestKey::SoSucKhoe2021,
            "2024-09-30T23:59:59Z",
            "2025-01-01T00:00:00Z",
        ),
        (
            "so-suc-khoe at not_after",
            TestKey::SoSucKhoe2021,
            "2024-10-01T00:00:00Z",
            "2025-01-01T00:00:00Z",
        ),
        // Retirement judges the signing time.
        (
            "pc-covid retired - 1s",
            TestKey::PcCovid2021,
            "2022-05-31T23:59:59Z",
            "2023-01-01T00:00:00Z",
        ),
        (
            "pc-covid at retired",
            TestKey::PcCovid2021,
            "2022-06-01T00:00:00Z",
            "2023-01-01T00:00:00Z",
        ),
        (
            "pc-covid successor",
            TestKey::PcCovid2022,
            "2022-06-01T00:00:00Z",
            "2023-01-01T00:00:00Z",
        ),
        // Revocation judges the verification time, whatever the signing time.
        (
            "vneid verified at revoked - 1s",
            TestKey::VneidRevoked,
            "2021-12-01T00:00:00Z",
            "2022-02-28T23:59:59Z",
        ),
        (
            "vneid verified at revoked",
            TestKey::VneidRevoked,
            "2021-12-01T00:00:00Z",
            "2022-03-01T00:00:00Z",
        ),
        (
            "vneid backdated, verified later",
            TestKey::VneidRevoked,
            "2021-09-11T00:00:00Z",
            "2030-01-01T00:00:00Z",
        ),
        // A signing time up to five minutes after the verification time is allowed.
        (
            "signed at + 300s",
            TestKey::Vneid2021,
            "2022-01-01T00:05:00Z",
            "2022-01-01T00:00:00Z",
        ),
        (
            "signed at + 301s",
            TestKey::Vneid2021,
            "2022-01-01T00:05:01Z",
            "2022-01-01T00:00:00Z",
        ),
        (
            "unknown key",
            TestKey::Stranger,
            "2022-01-01T00:00:00Z",
            "2022-01-01T00:00:00Z",
        ),
    ];
    let list = trust_list();
    let mut lines = Vec::new();
    for (name, key, signed_at, at) in cases {
        let code = signed(key, signed_at);
        let verdict = list.verify(&code, time(at));
        assert_eq!(
            list.verify_batch([&code], time(at)),
            std::slice::from_ref(&verdict),
            "{name}"
        );
        lines.push(format!(
            "{name:<32} {}",
            serde_json::to_string(&verdict).unwrap()
        ));
    }
    insta::assert_snapshot!(lines.join("\n"), @r#"
    qrqg not_before - 1s             {"verdict":"invalid","failure":"key-not-valid-when-signed","message":"key y6gkIoj9 of qrqg could not sign at 2021-09-10T23:59:59Z: its validity starts at 2021-09-11T00:00:00Z","key_id":"y6gkIoj9"}
    qrqg at not_before               {"verdict":"valid","issuer":"qrqg","issuer_name":"QRQG","key_id":"y6gkIoj9","signed_at":"2021-09-11T00:00:00Z","form":"full"}
    so-suc-khoe not_after - 1s       {"verdict":"valid","issuer":"so-suc-khoe-dien-tu","issuer_name":"Sổ Sức khỏe điện tử","key_id":"CMi-vmHj","signed_at":"2024-09-30T23:59:59Z","form":"full"}
    so-suc-khoe at not_after         {"verdict":"invalid","failure":"key-not-valid-when-signed","message":"key CMi-vmHj of so-suc-khoe-dien-tu could not sign at 2024-10-01T00:00:00Z: its validity ended at 2024-10-01T00:00:00Z","key_id":"CMi-vmHj"}
    pc-covid retired - 1s            {"verdict":"valid","issuer":"pc-covid","issuer_name":"PC-Covid","key_id":"bv5jBH5F","signed_at":"2022-05-31T23:59:59Z","form":"full"}
    pc-covid at retired              {"verdict":"invalid","failure":"key-not-valid-when-signed","message":"key bv5jBH5F of pc-covid could not sign at 2022-06-01T00:00:00Z: it is retired from 2022-06-01T00:00:00Z","key_id":"bv5jBH5F"}
    pc-covid successor               {"verdict":"valid","issuer":"pc-covid","issuer_name":"PC-Covid","key_id":"27UZKf7U","signed_at":"2022-06-01T00:00:00Z","form":"full"}
    vneid verified at revoked - 1s   {"verdict":"valid","issuer":"vneid","issuer_name":"VNeID","key_id":"PbN96mPr","signed_at":"2021-12-01T00:00:00Z","form":"full"}
    vneid verified at revoked        {"verdict":"invalid","failure":"key-revoked","message":"key PbN96mPr of vneid is revoked from 2022-03-01T00:00:00Z","key_id":"PbN96mPr"}
    vneid backdated, verified later  {"verdict":"invalid","failure":"key-revoked","message":"key PbN96mPr of vneid is revoked from 2022-03-01T00:00:00Z","key_id":"PbN96mPr"}
    signed at + 300s                 {"verdict":"valid","issuer":"vneid","issuer_name":"VNeID","key_id":"OnZ16qsk","signed_at":"2022-01-01T00:05:00Z","form":"full"}
    signed at + 301s                 {"verdict":"invalid","failure":"signed-in-future","message":"the code says it was signed at 2022-01-01T00:05:01Z, after the verification time 2022-01-01T00:00:00Z","key_id":"OnZ16qsk"}
    unknown key                      {"verdict":"invalid","failure":"unknown-key","message":"key l5tL89uG is not in the trust list","key_id":"l5tL89uG"}
    "#);
}

#[test]
fn flipping_any_bit_of_a_signed_code_makes_it_fail() {
    let list = trust_list();
    let at = time("2022-01-01T00:00:00Z");
    for original in [signed(TestKey::Vneid2021, "2021-11-02T08:00:00Z"), {
        let key = TestKey::Vneid2021.secret_key();
        key.sign(&code(EXAMPLE).masked(), time("2021-11-02T08:00:00Z"))
            .unwrap()
    }] {
        assert!(list.verify(&original, at).is_valid());
        let bytes = original.as_str().as_bytes();
        let mut checked = 0;
        for i in 0..bytes.len() {
            for bit in 0..8 {
                let mut altered = bytes.to_vec();
                altered[i] ^= 1 << bit;
                let Ok(text) = std::str::from_utf8(&altered) else {
                    continue;
                };
                let Ok(altered) = PersonalCode::parse(text) else {
                    continue;
                };
                checked += 1;
                let verdict = list.verify(&altered, at);
                assert!(!verdict.is_valid(), "byte {i} bit {bit}: {text}");
                assert_eq!(list.verify_batch([&altered], at), [verdict]);
            }
        }
        // Most flips keep a conforming code; every one of those fails verification.
        assert!(checked > bytes.len(), "{checked}");
    }
}

#[test]
fn both_display_forms_verify_and_say_which_they_are() {
    let list = trust_list();
    let at = time("2022-01-01T00:00:00Z");
    let forms = TestKey::Qrqg2021
        .secret_key()
        .sign_display_forms(&code(EXAMPLE), time("2021-12-01T00:00:00Z"))
        .unwrap();
    let form_of = |code: &PersonalCode| match list.verify(code, at) {
        Verdict::Valid(valid) => valid.display_form(),
        other => panic!("{other:?}"),
    };
    assert_eq!(form_of(&forms.full), DisplayForm::Full);
    assert_eq!(form_of(&forms.masked), DisplayForm::Masked);

    // A signature covers one form only: moved to the other form, it fails.
    let moved = forms
        .masked
        .with_signature(forms.full.signature().unwrap())
        .unwrap();
    assert_eq!(
        list.verify(&moved, at),
        Verdict::Invalid(Failure::SignatureInvalid)
    );
    // Masking a signed full code empties the slot: the result is unsigned, not forged.
    assert_eq!(list.verify(&forms.full.masked(), at), Verdict::Unsigned);

    // Only the full form gives both forms.
    let error = TestKey::Qrqg2021
        .secret_key()
        .sign_display_forms(&forms.masked, time("2021-12-01T00:00:00Z"))
        .unwrap_err();
    insta::assert_snapshot!(error, @"the code is in the masked display form; both forms are made from the full form");
    // A mixed form can still be signed and verified as it is.
    let mixed = code("001093029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|<1");
    let mixed = TestKey::Qrqg2021
        .secret_key()
        .sign(&mixed, time("2021-12-01T00:00:00Z"))
        .unwrap();
    assert_eq!(form_of(&mixed), DisplayForm::Mixed);
}

#[test]
fn unsigned_and_malformed_slots() {
    let list = trust_list();
    let at = time("2022-01-01T00:00:00Z");
    let good = signed(TestKey::Vneid2021, "2021-11-02T08:00:00Z");
    let slot = good.signature().unwrap().to_owned();
    let texts = [
        EXAMPLE.to_owned(),
        format!("{EXAMPLE}<"),
        format!("{EXAMPLE}<<SIG-NOT-HERE"),
        format!("{EXAMPLE}<2{}", &slot[1..]),
        format!("{EXAMPLE}<-{}", &slot[1..]),
        format!("{EXAMPLE}<{}", &slot[..100]),
        format!("{EXAMPLE}<{}.", &slot[..100]),
        format!("{EXAMPLE}<{slot}A"),
        format!("{EXAMPLE}<1AAAAAAAA________{}", &slot[17..]),
    ];
    let verdicts: Vec<Verdict> = texts.iter().map(|t| list.verify(&code(t), at)).collect();
    let batch = list.verify_batch(&texts.iter().map(|t| code(t)).collect::<Vec<_>>(), at);
    assert_eq!(verdicts, batch);
    insta::assert_json_snapshot!(verdicts, @r#"
    [
      {
        "verdict": "unsigned"
      },
      {
        "verdict": "unsigned"
      },
      {
        "verdict": "unsigned"
      },
      {
        "verdict": "invalid",
        "failure": "unsupported-version",
        "message": "signature slot has profile version '2'; only version 1 is known"
      },
      {
        "verdict": "invalid",
        "failure": "malformed-slot",
        "message": "signature slot starts with '-', which is no profile version"
      },
      {
        "verdict": "invalid",
        "failure": "malformed-slot",
        "message": "signature slot is 100 characters long; version 1 needs 101"
      },
      {
        "verdict": "invalid",
        "failure": "malformed-slot",
        "message": "signature slot has '.' at byte 100, which is not base64url"
      },
      {
        "verdict": "invalid",
        "failure": "malformed-slot",
        "message": "signature slot is 102 characters long; version 1 needs 101"
      },
      {
        "verdict": "invalid",
        "failure": "malformed-slot",
        "message": "signature slot time 1099511627775 is after 9999-12-31T23:59:59Z"
      }
    ]
    "#);
}

#[test]
fn batch_agrees_with_single_verification() {
    let list = trust_list();
    let at = time("2023-01-01T00:00:00Z");
    let keys = [
        TestKey::Qrqg2021,
        TestKey::PcCovid2022,
        TestKey::Vneid2021,
        TestKey::SoSucKhoe2021,
        TestKey::PcCovid2021,
        TestKey::VneidRevoked,
        TestKey::Stranger,
    ];
    let mut codes = Vec::new();
    for i in 0..300u64 {
        let text = format!(
            "{:012}|NGUYEN VAN A|1990-01-01|0|{:018}|<1",
            100_000_000_000 + i,
            162_979_388_586_171_100 + i
        );
        let key = keys[(i % 7) as usize];
        let signed_at = if i % 11 == 0 {
            "2022-07-01T00:00:00Z"
        } else {
            "2022-05-01T00:00:00Z"
        };
        let mut signed = key
            .secret_key()
            .sign(&code(&text), time(signed_at))
            .unwrap();
        if i % 13 == 0 {
            // Another code's signature by the same key.
            if let Some(other) = codes
                .iter()
                .rev()
                .find_map(|c: &PersonalCode| c.signature())
            {
                signed = signed.with_signature(other).unwrap();
            }
        }
        if i % 17 == 0 {
            signed = code(&text);
        }
        codes.push(signed);
    }
    let single: Vec<Verdict> = codes.iter().map(|c| list.verify(c, at)).collect();
    let batch = list.verify_batch(&codes, at);
    assert_eq!(batch, single);
    let valid = single.iter().filter(|v| v.is_valid()).count();
    let invalid = single
        .iter()
        .filter(|v| v.code() == "signature-invalid")
        .count();
    assert!(
        valid > 100 && invalid > 5,
        "{valid} valid, {invalid} invalid"
    );
    assert!(
        list.verify_batch(Vec::<&PersonalCode>::new(), at)
            .is_empty()
    );
}

#[test]
fn no_personal_code_holds_a_zero_byte() {
    // The message prefix ends in a zero byte that no code can imitate.
    for text in [
        format!("{EXAMPLE}\0"),
        EXAMPLE.replacen('|', "\0|", 1),
        EXAMPLE.replace(' ', "\0"),
    ] {
        assert!(PersonalCode::parse(&text).is_err(), "{text:?}");
    }
}
