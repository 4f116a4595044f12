//! EU certificates (`HC1:`) through the reader, over the EU's own test vectors
//! (`shared/corpus/dgc-testdata` beside or above the repository, or `$QR1405_CORPUS`): the
//! tests fail when they are absent.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::path::{Path, PathBuf};

use qr1405_reader::{CertificateSigners, Kind, Policy, Reader, Reading, clock_from_unix_seconds};
use qr1405_testkeys::dgc_testdata;
use serde_json::Value;

/// One EU test vector: its text, its signer certificate, its clock and what it expects.
struct Vector {
    id: String,
    prefix: String,
    certificate: String,
    clock: i64,
    expected: serde_json::Map<String, Value>,
}

fn vector(path: &Path) -> Option<Vector> {
    let json: Value = serde_json::from_slice(&std::fs::read(path).ok()?).ok()?;
    let prefix = json.get("PREFIX")?.as_str().filter(|p| !p.is_empty())?;
    let context = json.get("TESTCTX")?;
    let clock = qr1405_dcc_clock(context.get("VALIDATIONCLOCK")?.as_str()?)?;
    let expected = json.get("EXPECTEDRESULTS")?.as_object()?.clone();
    Some(Vector {
        id: path
            .strip_prefix(dgc_testdata())
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/"),
        prefix: prefix.to_owned(),
        certificate: context.get("CERTIFICATE")?.as_str()?.to_owned(),
        clock,
        expected,
    })
}

/// The vector's clock in seconds since 1970, as the conformance runner reads it.
fn qr1405_dcc_clock(text: &str) -> Option<i64> {
    qr1405_dcc::NumericDate::parse(text)
        .ok()
        .map(qr1405_dcc::NumericDate::unix_seconds)
}

fn vectors(dir: &Path, out: &mut Vec<Vector>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            vectors(&path, out);
        } else if path.extension().is_some_and(|e| e == "json")
            && let Some(vector) = vector(&path)
        {
            out.push(vector);
        }
    }
}

fn read(vector: &Vector) -> Reading {
    let signers = CertificateSigners::from_certificates([vector.certificate.as_bytes()]);
    let reader = match signers {
        Ok(signers) => Reader::without_trust_list().with_certificate_signers(signers),
        // A signer certificate this project cannot use (a P-384 key): no signer.
        Err(_) => Reader::without_trust_list().with_certificate_signers(CertificateSigners::new()),
    };
    reader.read_text(
        vector.prefix.as_bytes(),
        clock_from_unix_seconds(vector.clock.max(0)).unwrap(),
    )
}

/// The stages of the text's chain: a vector that expects any of them to fail is a
/// certificate a reader must refuse.
const CHAIN: [&str; 9] = [
    "EXPECTEDUNPREFIX",
    "EXPECTEDB45DECODE",
    "EXPECTEDCOMPRESSION",
    "EXPECTEDDECODE",
    "EXPECTEDVERIFY",
    "EXPECTEDKEYUSAGE",
    "EXPECTEDEXPIRATIONCHECK",
    "EXPECTEDSCHEMAVALIDATION",
    "EXPECTEDVALIDJSON",
];

/// Vectors that name every stage they test as passing, and that a reader still refuses, with
/// the reason: the stage that refuses them is one they do not name.
const REFUSED_BEYOND_THE_VECTOR: [(&str, &str, &str); 1] = [(
    "LI/2DCode/raw/4.json",
    "dcc-key-usage-mismatch",
    "the vector does not name EXPECTEDKEYUSAGE; its signer certificate's extended key usage \
     does not allow a vaccination certificate, which a reader refuses (hcert_spec A.4)",
)];

/// The vectors on which this project knowingly diverges from the EU test data, with the
/// reason and evidence, in the conformance crate's exceptions file.
fn exceptions() -> Value {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../conformance/dgc-testdata-exceptions.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

#[test]
fn the_reader_accepts_each_valid_eu_vector_and_refuses_each_broken_one() {
    let mut all = Vec::new();
    vectors(&dgc_testdata(), &mut all);
    assert!(all.len() >= 300, "only {} EU vectors found", all.len());
    let exceptions = exceptions();
    let (mut accepted, mut refused, mut diverging) = (0, 0, 0);
    let mut wrong = Vec::new();
    for vector in &all {
        // What this project finds at a stage: what the vector expects, or the opposite where
        // the exceptions file lists a known divergence at that stage.
        // A divergence at `valid-json` is about the vector's JSON, not about its code.
        let excepted = |key: &str| {
            if key == "EXPECTEDVALIDJSON" {
                return false;
            }
            let stage = key.trim_start_matches("EXPECTED").to_lowercase();
            exceptions
                .get(&vector.id)
                .and_then(Value::as_object)
                .is_some_and(|stages| stages.keys().any(|name| name.replace('-', "") == stage))
        };
        let says = |key: &str| {
            vector
                .expected
                .get(key)
                .and_then(Value::as_bool)
                .map(|expected| expected != excepted(key))
        };
        let broken = CHAIN.iter().any(|key| says(key) == Some(false));
        let valid = !broken && says("EXPECTEDVERIFY") == Some(true);
        if !broken && !valid {
            continue;
        }
        if CHAIN.iter().any(|key| excepted(key)) {
            diverging += 1;
        }
        let reading = read(vector);
        if let Some((_, codes, _)) = REFUSED_BEYOND_THE_VECTOR
            .iter()
            .find(|(id, _, _)| *id == vector.id)
        {
            let refuse = reading.refused();
            if refuse.map(qr1405_reader::Refuse::codes).as_deref() != Some(*codes) {
                wrong.push(format!("{}: not refused with {codes} alone", vector.id));
            }
            continue;
        }
        if vector.prefix.starts_with("HC1:") && reading.kind() != Kind::EuCertificate {
            wrong.push(format!("{}: read as {}", vector.id, reading.kind()));
        }
        match (&reading, valid) {
            (Reading::Accept(_), true) => accepted += 1,
            (Reading::Refuse(_), false) => refused += 1,
            // A vector that does not name the expiration check says nothing of its
            // certificate at its clock: several were issued after it.
            (Reading::Refuse(refuse), true)
                if !vector.expected.contains_key("EXPECTEDEXPIRATIONCHECK")
                    && refuse
                        .reasons
                        .iter()
                        .all(|r| matches!(r.code(), "dcc-not-yet-valid" | "dcc-expired")) =>
            {
                accepted += 1;
            }
            (Reading::Refuse(refuse), true) => wrong.push(format!(
                "{}: a valid certificate refused: {}",
                vector.id,
                refuse.codes()
            )),
            (Reading::Accept(_), false) => {
                let failing: Vec<&str> = CHAIN
                    .iter()
                    .filter(|key| says(key) == Some(false))
                    .copied()
                    .collect();
                wrong.push(format!(
                    "{}: a broken certificate ({}: false) accepted",
                    vector.id,
                    failing.join(", ")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} vectors:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(accepted >= 290, "only {accepted} valid vectors accepted");
    assert!(refused >= 270, "only {refused} broken vectors refused");
    eprintln!(
        "{accepted} accepted, {refused} refused, {diverging} of them as the exceptions file says"
    );
}

fn common(name: &str) -> Vector {
    vector(&dgc_testdata().join("common/2DCode/raw").join(name)).unwrap()
}

#[test]
fn an_es256_certificate_is_accepted_with_its_person_and_signer() {
    let reading = read(&common("CO3.json"));
    let accept = reading.accepted().expect("accepted");
    assert_eq!(accept.kind, Kind::EuCertificate);
    assert_eq!(accept.display_form, None);
    assert_eq!(accept.signature.as_str(), "valid");
    insta::assert_snapshot!(reading.to_json());
}

#[test]
fn a_ps256_certificate_is_accepted() {
    let reading = read(&common("CO1.json"));
    assert_eq!(
        reading.accepted().expect("accepted").signature.as_str(),
        "valid"
    );
}

#[test]
fn without_signers_the_policy_decides() {
    let vector = common("CO3.json");
    let at = clock_from_unix_seconds(vector.clock).unwrap();
    let reading = Reader::without_trust_list().read_text(vector.prefix.as_bytes(), at);
    assert_eq!(
        reading.refused().expect("refused").codes(),
        "certificate-signature-not-checked"
    );
    let mut policy = Policy::default();
    policy.accept_unverified_certificates = true;
    let reading = Reader::without_trust_list()
        .with_policy(policy)
        .read_text(vector.prefix.as_bytes(), at);
    assert_eq!(
        reading.accepted().expect("accepted").signature.as_str(),
        "not-checked"
    );
    let reading = Reader::without_trust_list()
        .with_certificate_signers(CertificateSigners::new())
        .read_text(vector.prefix.as_bytes(), at);
    assert_eq!(
        reading.refused().expect("refused").codes(),
        "dcc-signer-unknown"
    );
}

#[test]
fn an_expired_certificate_is_refused_with_every_reason() {
    let mut vector = common("CO3.json");
    vector.clock += 400 * 86_400;
    let reading = read(&vector);
    insta::assert_snapshot!(reading.to_json());
}

/// One golden EU certificate of `conformance-vectors/eu-dcc/index.json`.
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Golden {
    id: String,
    description: String,
    text: String,
    clock: String,
    signer: String,
    expect: String,
    codes: Vec<String>,
}

#[test]
fn the_golden_certificates_read_as_their_vectors_say() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../conformance-vectors/eu-dcc");
    let index: Value =
        serde_json::from_slice(&std::fs::read(dir.join("index.json")).unwrap()).unwrap();
    let golden: Vec<Golden> = serde_json::from_value(index["vectors"].clone()).unwrap();
    assert!(
        golden.len() >= 18,
        "only {} golden certificates",
        golden.len()
    );
    let trust_list = std::fs::read(dir.join("signers.json")).unwrap();
    let reader = Reader::without_trust_list()
        .with_certificate_signers(CertificateSigners::from_trust_list(&trust_list).unwrap());
    let signers = qr1405_dcc::Signers::from_trust_list(&trust_list).unwrap();
    let mut wrong = Vec::new();
    for vector in &golden {
        let at = qr1405_reader::clock_from_rfc3339(&vector.clock).unwrap();
        let reading = reader.read_text(vector.text.as_bytes(), at);
        let verdict = if reading.is_accept() {
            "accept"
        } else {
            "refuse"
        };
        if verdict != vector.expect {
            wrong.push(format!(
                "{} ({}, signed {}): expected {}, the reader gave {}",
                vector.id,
                vector.description,
                vector.signer,
                vector.expect,
                reading.to_json()
            ));
        }
        // The codes of every failed stage, as the certificate crate reports them (a text under
        // another context identifier is no `HC1:` text to the reader, which says
        // `unknown-format`).
        let mut opened = qr1405_dcc::open(
            &vector.text,
            qr1405_dcc::NumericDate::parse(&vector.clock).unwrap(),
        );
        opened.verify(&signers);
        let codes: Vec<&str> = opened
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.code().as_str())
            .collect();
        if codes != vector.codes {
            wrong.push(format!(
                "{}: codes {codes:?}, expected {:?}",
                vector.id, vector.codes
            ));
        }
        if let Some(refuse) = reading.refused()
            && refuse.kind == Kind::EuCertificate
        {
            let reasons: Vec<&str> = refuse.reasons.iter().map(|r| r.code()).collect();
            if reasons != vector.codes {
                wrong.push(format!(
                    "{}: the reader's reasons {reasons:?}, expected {:?}",
                    vector.id, vector.codes
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
