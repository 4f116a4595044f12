//! Loading and signing trust lists: every refusal names what is wrong and where.

use qr1405_sign::{MAX_TRUST_LIST_LEN, TrustList, TrustListError, sign_trust_list};
use qr1405_testkeys::{TestKey, signed_trust_list, unsigned_trust_list};

fn load(json: &str) -> Result<TrustList, TrustListError> {
    TrustList::from_json(json.as_bytes(), &TestKey::Root.public_key())
}

fn sign(json: &str) -> Result<String, TrustListError> {
    sign_trust_list(json.as_bytes(), &TestKey::Root.secret_key())
}

#[test]
fn the_shipped_list_loads() {
    let shipped = include_str!("../testdata/trust-list.json");
    let list = load(shipped).unwrap();
    assert_eq!(list.sequence(), 1);
    assert_eq!(list.issued_at().to_string(), "2022-06-01T00:00:00Z");
    let names: Vec<&str> = list.issuers().iter().map(|i| i.name()).collect();
    assert_eq!(names, ["QRQG", "PC-Covid", "VNeID", "Sổ Sức khỏe điện tử"]);
    let statuses: Vec<String> = list
        .issuers()
        .iter()
        .flat_map(|i| i.keys())
        .map(|k| {
            format!(
                "{} {} {}..{} {}",
                k.issuer_id(),
                k.key_id(),
                k.not_before(),
                k.not_after(),
                k.status()
            )
        })
        .collect();
    insta::assert_snapshot!(statuses.join("\n"), @"
    qrqg y6gkIoj9 2021-09-11T00:00:00Z..2031-09-11T00:00:00Z active
    pc-covid bv5jBH5F 2021-09-11T00:00:00Z..2031-09-11T00:00:00Z retired from 2022-06-01T00:00:00Z
    pc-covid 27UZKf7U 2022-05-01T00:00:00Z..2032-05-01T00:00:00Z active
    vneid OnZ16qsk 2021-09-11T00:00:00Z..2031-09-11T00:00:00Z active
    vneid PbN96mPr 2021-09-11T00:00:00Z..2031-09-11T00:00:00Z revoked from 2022-03-01T00:00:00Z
    so-suc-khoe-dien-tu CMi-vmHj 2021-10-01T00:00:00Z..2024-10-01T00:00:00Z active
    ");
}

#[test]
fn reformatting_keeps_the_signature() {
    // The signature covers the canonical form, not the layout.
    let value: serde_json::Value = serde_json::from_str(&signed_trust_list()).unwrap();
    assert!(load(&serde_json::to_string(&value).unwrap()).is_ok());
    let escaped = signed_trust_list().replace("\"qrqg\"", "\"\\u0071rqg\"");
    assert!(load(&escaped).is_ok());
}

#[test]
fn refusals() {
    let signed = signed_trust_list();
    let other_root = sign_trust_list(
        unsigned_trust_list().as_bytes(),
        &TestKey::Stranger.secret_key(),
    )
    .unwrap();
    // A change the signature does not cover: the key id names the root, the value is forged.
    let forged_signature = {
        let mut value: serde_json::Value = serde_json::from_str(&other_root).unwrap();
        value["signature"]["key_id"] = TestKey::Root.public_key().key_id().to_string().into();
        serde_json::to_string_pretty(&value).unwrap()
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "tampered date",
            signed.replacen("2031-09-11T00:00:00Z", "2041-09-11T00:00:00Z", 1),
        ),
        (
            "tampered status",
            signed.replacen(
                "\"revoked\": \"2022-03-01T00:00:00Z\"",
                "\"revoked\": \"2032-03-01T00:00:00Z\"",
                1,
            ),
        ),
        (
            "same instant, other text",
            signed.replacen(
                "\"2021-09-11T00:00:00Z\"",
                "\"2021-09-11T07:00:00+07:00\"",
                1,
            ),
        ),
        ("signed by another root", other_root),
        ("forged signature", forged_signature),
        (
            "unknown field",
            signed.replacen(
                "\"sequence\": 1,",
                "\"sequence\": 1,\n    \"comment\": \"x\",",
                1,
            ),
        ),
        (
            "missing field",
            signed.replacen("    \"sequence\": 1,\n", "", 1),
        ),
        (
            "misspelt field",
            signed.replacen("\"status\": \"active\"", "\"state\": \"active\"", 1),
        ),
        (
            "duplicate field",
            signed.replacen(
                "\"sequence\": 1,",
                "\"sequence\": 1,\n    \"sequence\": 2,",
                1,
            ),
        ),
        (
            "bad status",
            signed.replacen("\"status\": \"active\"", "\"status\": \"paused\"", 1),
        ),
        (
            "bad time",
            signed.replacen("2031-09-11T00:00:00Z", "2031-09-11", 1),
        ),
        (
            "bad key id",
            signed.replacen("\"key_id\": \"y6gkIoj9\"", "\"key_id\": \"y6gkIoj\"", 1),
        ),
        (
            "bad public key",
            signed.replacen(
                "Zrmh6o2nzFqgpO-6Km90fTQF3nNbQCnnavjdLPaH06g",
                "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                1,
            ),
        ),
        (
            "bad issuer id",
            signed.replacen("\"id\": \"qrqg\"", "\"id\": \"QRQG\"", 1),
        ),
        (
            "version 2",
            signed.replacen("\"version\": 1", "\"version\": 2", 1),
        ),
        (
            "float",
            signed.replacen("\"sequence\": 1", "\"sequence\": 1.0", 1),
        ),
        (
            "huge sequence",
            signed.replacen("\"sequence\": 1", "\"sequence\": 9007199254740993", 1),
        ),
        ("not json", "{\"list\": ".to_owned()),
        ("too large", " ".repeat(MAX_TRUST_LIST_LEN + 1)),
    ];
    let mut lines = Vec::new();
    for (name, json) in cases {
        let error = load(&json).unwrap_err();
        lines.push(format!("{name}: {error}"));
    }
    insta::assert_snapshot!(lines.join("\n"), @r#"
    tampered date: trust list signature does not verify under the root key 0tLZ5K4-
    tampered status: trust list signature does not verify under the root key 0tLZ5K4-
    same instant, other text: trust list signature does not verify under the root key 0tLZ5K4-
    signed by another root: trust list is signed by key l5tL89uG, not by the root key 0tLZ5K4-
    forged signature: trust list signature does not verify under the root key 0tLZ5K4-
    unknown field: trust list at line 5, column 13: unknown field `comment`, expected one of `version`, `sequence`, `issued_at`, `issuers`
    missing field: trust list at line 77, column 3: missing field `sequence`
    misspelt field: trust list at line 16, column 19: unknown field `state`, expected one of `key_id`, `public_key`, `not_before`, `not_after`, `status`
    duplicate field: trust list at line 5, column 14: duplicate field `sequence`
    bad status: trust list at line 16, column 30: unknown variant `paused`, expected one of `active`, `retired`, `revoked`
    bad time: trust list at line 15, column 37: invalid timestamp `2031-09-11`: expected `T` between date and time at column 11
    bad key id: trust list at line 12, column 31: key id "y6gkIoj" is not 8 base64url characters
    bad public key: trust list at line 13, column 71: public key "AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" is weak: it has a small-order component
    bad issuer id: trust list at line 8, column 20: issuer id "QRQG" is not 1 to 32 lowercase letters, digits and '-'
    version 2: trust list version 2 is not supported; this reader knows version 1
    float: trust list at line 4, column 19: invalid type: floating point `1.0`, expected u64
    huge sequence: trust list at line 4, column 32: sequence 9007199254740993 is greater than 2^53
    not json: trust list at line 1, column 9: EOF while parsing a value
    too large: trust list is 1048577 bytes long; the limit is 1048576
    "#);
}

#[test]
fn signing_refuses_a_list_that_contradicts_itself() {
    let unsigned = unsigned_trust_list();
    let qrqg_key = TestKey::Qrqg2021.public_key();
    let vneid_key = TestKey::Vneid2021.public_key();
    let cases: Vec<(&str, String)> = vec![
        (
            "duplicate issuer",
            unsigned.replacen("\"id\": \"pc-covid\"", "\"id\": \"qrqg\"", 1),
        ),
        (
            "key id of another key",
            unsigned.replacen(
                &format!("\"key_id\": \"{}\"", qrqg_key.key_id()),
                &format!("\"key_id\": \"{}\"", vneid_key.key_id()),
                1,
            ),
        ),
        (
            "duplicate key",
            unsigned
                .replacen(
                    &qrqg_key.key_id().to_string(),
                    &vneid_key.key_id().to_string(),
                    1,
                )
                .replacen(&qrqg_key.to_string(), &vneid_key.to_string(), 1),
        ),
        (
            "empty window",
            unsigned.replacen(
                "\"not_after\": \"2031-09-11T00:00:00Z\"",
                "\"not_after\": \"2021-09-11T00:00:00Z\"",
                1,
            ),
        ),
        ("the signed document", signed_trust_list()),
    ];
    let mut lines = Vec::new();
    for (name, json) in cases {
        lines.push(format!("{name}: {}", sign(&json).unwrap_err()));
    }
    insta::assert_snapshot!(lines.join("\n"), @r#"
    duplicate issuer: trust list issuers[1].id: issuer id "qrqg" is already used
    key id of another key: trust list issuers[0].keys[0].key_id: key id OnZ16qsk does not match the public key, whose id is y6gkIoj9
    duplicate key: trust list issuers[2].keys[0].key_id: key id OnZ16qsk is already used at issuers[0].keys[0].key_id
    empty window: trust list issuers[0].keys[0].not_after: not_after 2021-09-11T00:00:00Z is not after not_before 2021-09-11T00:00:00Z
    the signed document: trust list at line 2, column 8: unknown field `list`, expected one of `version`, `sequence`, `issued_at`, `issuers`
    "#);
}

#[test]
fn signing_is_reproducible() {
    assert_eq!(sign(&unsigned_trust_list()).unwrap(), signed_trust_list());
    assert_eq!(
        sign(&unsigned_trust_list()).unwrap(),
        include_str!("../testdata/trust-list.json")
    );
}
