//! Known answers from the fixed test seeds: the same key, code and time always give the same
//! signature, byte for byte.

mod common;

use common::{EXAMPLE, code, time};
use qr1405_sign::{SLOT_LEN, SignatureSlot, Verdict};
use qr1405_testkeys::{TestKey, trust_list};

#[test]
fn test_key_ids() {
    let ids: Vec<String> = TestKey::ALL
        .iter()
        .map(|key| {
            format!(
                "{:<17} {} {}",
                key.label(),
                key.public_key().key_id(),
                key.public_key()
            )
        })
        .collect();
    insta::assert_snapshot!(ids.join("\n"), @"
    root              0tLZ5K4- PesM3W2IKpZXWnFcqbPkjrW3ikFWVjl7g3-X-4DAo90
    qrqg-2021         y6gkIoj9 Zrmh6o2nzFqgpO-6Km90fTQF3nNbQCnnavjdLPaH06g
    pc-covid-2021     bv5jBH5F 1oyDyO-_ZGsHnf2ybrqBojb-q4p7D3frIFxhO3g-zJE
    pc-covid-2022     27UZKf7U Q0sKAAOeOjET2yW5B4BKeIzziBs4UBGUM5hH7yR5-E0
    vneid-2021        OnZ16qsk gUuYBU5iV9CcI-pyyEzLNcHk2awKOnzcR8QQap4mOug
    vneid-revoked     PbN96mPr L5CpOV_CWPoIUkJZcOjTWGa5XAh7TPOsVoZcwt-p-qE
    so-suc-khoe-2021  CMi-vmHj BcX8S548c22SKJXWBlXBkBXl6AiPQ5W-ydWAWY4eh7E
    stranger          l5tL89uG dyRzKCNqYP3YKmjHlGYs1CrXTB0aDcZMqbnPFyecBwE
    ");
}

#[test]
fn the_official_example_signed_by_vneid() {
    let forms = TestKey::Vneid2021
        .secret_key()
        .sign_display_forms(&code(EXAMPLE), time("2021-11-02T08:00:00Z"))
        .unwrap();
    insta::assert_snapshot!(format!("{}\n{}", forms.full, forms.masked), @"
    001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700<1OnZ16qskAGGA8ADO4AUjhqjT3rpljyQ1eTM9p8_qVuoD8WV7cWycwYejEPIv_4DzgzfIiXEq8XXubpiatqEkcl8N3za81d83JUsH
    ******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|<1<HS4010120878821<0944713700<1OnZ16qskAGGA8ADadedsuQ1Y8Q2R8B5ikFr0kXqShdBWnuOKsV6rss6B5bM37I2Ovz1T303hRkL-RjM1HmI5m58ARMzijqTJzeAA
    ");

    // The slot is 101 characters; with the `<` that opens slot 5 the code grows by 102.
    assert_eq!(forms.full.signature().unwrap().len(), SLOT_LEN);
    assert_eq!(forms.full.as_str().len(), EXAMPLE.len() + 102);
    assert_eq!(forms.full.as_str().len(), 194);

    let slot = SignatureSlot::parse(forms.full.signature().unwrap()).unwrap();
    assert_eq!(slot.key_id(), TestKey::Vneid2021.public_key().key_id());
    assert_eq!(slot.signed_at(), time("2021-11-02T08:00:00Z"));

    let verdicts =
        trust_list().verify_batch([&forms.full, &forms.masked], time("2022-01-01T00:00:00Z"));
    insta::assert_json_snapshot!(verdicts, @r#"
    [
      {
        "verdict": "valid",
        "issuer": "vneid",
        "issuer_name": "VNeID",
        "key_id": "OnZ16qsk",
        "signed_at": "2021-11-02T08:00:00Z",
        "form": "full"
      },
      {
        "verdict": "valid",
        "issuer": "vneid",
        "issuer_name": "VNeID",
        "key_id": "OnZ16qsk",
        "signed_at": "2021-11-02T08:00:00Z",
        "form": "masked"
      }
    ]
    "#);
}

#[test]
fn signing_twice_gives_the_same_code_and_replaces_the_signature() {
    let key = TestKey::Qrqg2021.secret_key();
    let at = time("2021-12-01T00:00:00Z");
    let once = key.sign(&code(EXAMPLE), at).unwrap();
    let twice = key.sign(&once, at).unwrap();
    assert_eq!(once, twice);
    let later = key.sign(&once, time("2021-12-02T00:00:00Z")).unwrap();
    assert_ne!(once, later);
    assert_eq!(later.signing_input(), once.signing_input());
    assert!(matches!(
        trust_list().verify(&later, time("2022-01-01T00:00:00Z")),
        Verdict::Valid(_)
    ));
}

#[test]
fn slots_after_the_signature_are_signed() {
    let key = TestKey::Qrqg2021.secret_key();
    let with_claim = code(EXAMPLE).with_further_slot(6, "GREEN-2022").unwrap();
    let signed = key.sign(&with_claim, time("2021-12-01T00:00:00Z")).unwrap();
    assert!(signed.as_str().ends_with("<GREEN-2022"));
    let at = time("2022-01-01T00:00:00Z");
    assert!(trust_list().verify(&signed, at).is_valid());

    // Changing, emptying, adding or removing a slot after the signature breaks it.
    let slot = signed.signature().unwrap();
    for changed in [
        signed.with_further_slot(6, "GREEN-2023").unwrap(),
        signed.with_further_slot(6, "").unwrap(),
        signed.with_further_slot(7, "X").unwrap(),
        code(EXAMPLE).with_signature(slot).unwrap(),
        code(&format!("{}<", signed.as_str())),
    ] {
        assert_eq!(
            trust_list().verify(&changed, at).code(),
            "signature-invalid",
            "{changed}"
        );
    }
}

#[test]
fn a_code_too_long_for_a_signature_is_refused() {
    let long = code(EXAMPLE)
        .with_further_slot(6, &"A".repeat(2953 - EXAMPLE.len() - 2))
        .unwrap();
    let error = TestKey::Qrqg2021
        .secret_key()
        .sign(&long, time("2021-12-01T00:00:00Z"))
        .unwrap_err();
    insta::assert_snapshot!(error, @"the signed code is not a conforming code: the code would be 3054 bytes long; no qr code holds more than 2953");
}
