//! Signatures and key usage, on the EU's own test vectors (`shared/corpus/dgc-testdata`
//! beside or above the repository, or `$QR1405_CORPUS`): the test fails when they are absent.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use qr1405_dcc::{
    CertificateType, DiagnosticCode, Dsc, NumericDate, SignerError, Signers, Stage, StageOutcome,
    open,
};
use qr1405_testkeys::dgc_testdata;
use serde_json::Value;

struct Vector {
    prefix: String,
    clock: NumericDate,
    dsc: String,
}

fn vector(name: &str) -> Vector {
    let path = dgc_testdata().join(name);
    let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    Vector {
        prefix: json["PREFIX"].as_str().unwrap().into(),
        clock: NumericDate::parse(json["TESTCTX"]["VALIDATIONCLOCK"].as_str().unwrap()).unwrap(),
        dsc: json["TESTCTX"]["CERTIFICATE"].as_str().unwrap().into(),
    }
}

fn verified(name: &str) -> (qr1405_dcc::Opened, Vec<DiagnosticCode>) {
    let vector = vector(name);
    let mut signers = Signers::new();
    signers.add(Dsc::from_text(&vector.dsc).unwrap());
    let mut opened = open(&vector.prefix, vector.clock);
    opened.verify(&signers);
    let codes = opened
        .diagnostics()
        .iter()
        .filter(|d| d.stage() >= Stage::Signature)
        .map(|d| d.code())
        .collect();
    (opened, codes)
}

#[test]
fn es256_verifies() {
    let (opened, codes) = verified("common/2DCode/raw/CO3.json");
    assert_eq!(codes, []);
    assert_eq!(opened.outcome(Stage::Signature), StageOutcome::Passed);
    assert_eq!(opened.outcome(Stage::KeyUsage), StageOutcome::Passed);
    assert!(opened.signer().is_some());
}

#[test]
fn ps256_verifies() {
    for name in ["common/2DCode/raw/CO1.json", "common/2DCode/raw/CO2.json"] {
        let (opened, codes) = verified(name);
        assert_eq!(codes, [], "{name}");
        let algorithm = opened.cose().unwrap().algorithm();
        assert_eq!(algorithm, Some(qr1405_dcc::Algorithm::Ps256), "{name}");
        assert_eq!(
            opened.outcome(Stage::Signature),
            StageOutcome::Passed,
            "{name}"
        );
    }
}

#[test]
fn a_broken_signature_fails() {
    let (opened, codes) = verified("common/2DCode/raw/CO5.json");
    assert_eq!(codes, [DiagnosticCode::SignatureInvalid]);
    assert_eq!(opened.outcome(Stage::KeyUsage), StageOutcome::NotRun);
}

#[test]
fn the_protected_kid_wins_over_the_unprotected_one() {
    assert_eq!(
        verified("common/2DCode/raw/CO22.json").1,
        [DiagnosticCode::SignerUnknown]
    );
    assert_eq!(
        verified("common/2DCode/raw/CO23.json").1,
        [DiagnosticCode::SignerUnknown]
    );
}

#[test]
fn key_usage_is_checked_against_the_certificate_type() {
    let vector = vector("common/2DCode/raw/CO3.json");
    let dsc = Dsc::from_text(&vector.dsc).unwrap();
    assert_eq!(
        dsc.usages(),
        [
            CertificateType::Test,
            CertificateType::Vaccination,
            CertificateType::Recovery
        ]
    );
    let mut failing = 0;
    for entry in std::fs::read_dir(dgc_testdata().join("NL/2DCode/raw")).unwrap() {
        let path = entry.unwrap().path();
        let json: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        if json["EXPECTEDRESULTS"]["EXPECTEDKEYUSAGE"] != Value::Bool(false) {
            continue;
        }
        let name = path
            .strip_prefix(dgc_testdata())
            .unwrap()
            .to_str()
            .unwrap()
            .to_string();
        let (opened, codes) = verified(&name);
        assert_eq!(codes, [DiagnosticCode::KeyUsageMismatch], "{name}");
        assert_eq!(
            opened.outcome(Stage::Signature),
            StageOutcome::Passed,
            "{name}"
        );
        failing += 1;
    }
    assert!(failing > 10, "only {failing} key usage vectors");
}

#[test]
fn a_key_of_the_wrong_kind_is_named() {
    let es256 = vector("common/2DCode/raw/CO3.json");
    let rsa = Dsc::from_text(&vector("common/2DCode/raw/CO1.json").dsc).unwrap();
    let mut opened = open(&es256.prefix, es256.clock);
    let kid = opened.cose().unwrap().kid().unwrap().to_vec();
    let mut signers = Signers::new();
    signers.add_with(&kid, Some("AT"), rsa);
    opened.verify(&signers);
    let codes: Vec<DiagnosticCode> = opened.diagnostics().iter().map(|d| d.code()).collect();
    assert_eq!(codes, [DiagnosticCode::SignerKeyMismatch]);
}

#[test]
fn an_issue_before_the_signer_certificate_is_a_warning() {
    let (opened, codes) = verified("BG/2DCode/raw/4.json");
    assert_eq!(codes, [DiagnosticCode::SignerValidity]);
    assert_eq!(opened.outcome(Stage::Signature), StageOutcome::Passed);
}

#[test]
fn trust_lists_name_signers_by_kid_and_country() {
    let es256 = vector("common/2DCode/raw/CO3.json");
    let list = format!(
        r#"{{"signers": [{{"country": "AT", "certificate": "{}"}}]}}"#,
        es256.dsc
    );
    let signers = Signers::from_trust_list(list.as_bytes()).unwrap();
    assert_eq!(signers.len(), 1);
    let mut opened = open(&es256.prefix, es256.clock);
    opened.verify(&signers);
    assert_eq!(opened.signer().unwrap().country.as_deref(), Some("AT"));

    let bad_kid = r#"{"signers": [{"kid": "AAA=", "certificate": "MIIB"}]}"#;
    assert!(matches!(
        Signers::from_trust_list(bad_kid.as_bytes()),
        Err(SignerError::Entry { index: 0, .. })
    ));
    let unknown_key = r#"{"signers": [], "extra": 1}"#;
    insta::assert_snapshot!(
        Signers::from_trust_list(unknown_key.as_bytes()).unwrap_err(),
        @"trust list: unknown field `extra`, expected `signers` at line 1 column 23"
    );
    insta::assert_snapshot!(
        Dsc::from_text("not base64!").unwrap_err(),
        @"not pem or base64 of a certificate: invalid symbol 33, offset 9"
    );
}

#[test]
fn every_signature_and_key_usage_code_has_a_case() {
    let mut seen = std::collections::BTreeSet::new();
    for name in [
        "common/2DCode/raw/CO5.json",
        "common/2DCode/raw/CO22.json",
        "BG/2DCode/raw/4.json",
        "NL/2DCode/raw/216-NL-test+wrong_key.json",
    ] {
        seen.extend(verified(name).1);
    }
    let es256 = vector("common/2DCode/raw/CO3.json");
    let mut opened = open(&es256.prefix, es256.clock);
    let kid = opened.cose().unwrap().kid().unwrap().to_vec();
    let mut signers = Signers::new();
    signers.add_with(
        &kid,
        None,
        Dsc::from_text(&vector("common/2DCode/raw/CO1.json").dsc).unwrap(),
    );
    opened.verify(&signers);
    seen.extend(opened.diagnostics().iter().map(|d| d.code()));
    let missing: Vec<&str> = DiagnosticCode::ALL
        .iter()
        .filter(|code| code.stage() >= Stage::Signature && !seen.contains(code))
        .map(|code| code.as_str())
        .collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}
