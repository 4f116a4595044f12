//! `HC1:` codes in `qr1405 parse`, `verify` and `decode`, on the EU's own test vectors
//! (`shared/corpus/dgc-testdata` beside or above the repository, or `$QR1405_CORPUS`): the test
//! fails when they are absent.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{
    io::Write,
    path::{Path, PathBuf},
    process::{Command, Stdio},
};

fn qr1405(args: &[&str], stdin: &[u8]) -> (i32, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qr1405"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_default();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), json, stderr)
}

fn vector(name: &str) -> serde_json::Value {
    let dir = match std::env::var_os("QR1405_CORPUS") {
        Some(dir) => PathBuf::from(dir).join("dgc-testdata"),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .ancestors()
            .map(|dir| dir.join("shared/corpus/dgc-testdata"))
            .find(|dir| dir.is_dir())
            .expect(
                "the EU test vectors: shared/corpus/dgc-testdata beside or above the repository",
            ),
    };
    serde_json::from_str(&std::fs::read_to_string(dir.join(name)).unwrap()).unwrap()
}

fn stages(json: &serde_json::Value) -> Vec<String> {
    json["stages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            format!(
                "{} {}",
                s["stage"].as_str().unwrap(),
                s["outcome"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn parse_opens_a_certificate_with_bilingual_labels() {
    let v = vector("common/2DCode/raw/CO3.json");
    let prefix = v["PREFIX"].as_str().unwrap();
    let (code, json, _) = qr1405(&["parse", "--at", "2021-05-03T18:00:00Z", prefix], b"");
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["format"], "eu-dcc");
    assert_eq!(json["alg"], "ES256");
    assert!(stages(&json).contains(&"expiry passed".to_string()));
    assert!(stages(&json).contains(&"signature not-run".to_string()));
    let vaccine = json["events"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["label"] == "vaccine")
        .unwrap();
    assert_eq!(vaccine["display"], "Comirnaty");
    assert_eq!(vaccine["vi"], "Vắc xin");
}

#[test]
fn parse_reports_every_stage_of_a_broken_certificate() {
    let v = vector("common/2DCode/raw/Z2.json");
    let (code, json, _) = qr1405(&["parse", "-"], v["PREFIX"].as_str().unwrap().as_bytes());
    assert_eq!(code, 1);
    assert_eq!(
        stages(&json)[..4],
        [
            "prefix passed",
            "base45 passed",
            "zlib failed",
            "cose not-run"
        ]
    );
    assert_eq!(json["diagnostics"][0]["code"], "dcc-zlib-invalid");
}

#[test]
fn verify_takes_signer_certificates_or_a_trust_list() {
    let v = vector("common/2DCode/raw/CO1.json");
    let prefix = v["PREFIX"].as_str().unwrap();
    let clock = v["TESTCTX"]["VALIDATIONCLOCK"].as_str().unwrap();
    let at = format!("{}Z", &clock[..19]);
    let dir = std::env::temp_dir().join(format!("qr1405-cli-dcc-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dsc = dir.join("dsc.b64");
    std::fs::write(&dsc, v["TESTCTX"]["CERTIFICATE"].as_str().unwrap()).unwrap();
    let list = dir.join("signers.json");
    let entry = serde_json::json!({"signers": [{"country": "AT", "certificate": v["TESTCTX"]["CERTIFICATE"]}]});
    std::fs::write(&list, entry.to_string()).unwrap();
    let other = dir.join("other.b64");
    let other_vector = vector("common/2DCode/raw/CO3.json");
    std::fs::write(
        &other,
        other_vector["TESTCTX"]["CERTIFICATE"].as_str().unwrap(),
    )
    .unwrap();

    let (code, json, _) = qr1405(
        &[
            "verify",
            "--at",
            &at,
            "--dsc",
            dsc.to_str().unwrap(),
            "--",
            prefix,
        ],
        b"",
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["alg"], "PS256");
    assert!(stages(&json).contains(&"signature passed".to_string()));
    let (code, json, _) = qr1405(
        &[
            "verify",
            "--at",
            &at,
            "--dsc-trust-list",
            list.to_str().unwrap(),
            prefix,
        ],
        b"",
    );
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["signer"]["country"], "AT");
    let (code, json, _) = qr1405(
        &[
            "verify",
            "--at",
            &at,
            "--dsc",
            other.to_str().unwrap(),
            "--",
            prefix,
        ],
        b"",
    );
    assert_eq!(code, 1);
    assert_eq!(json["diagnostics"][0]["code"], "dcc-signer-unknown");
    let (code, _, stderr) = qr1405(
        &["verify", "--dsc", dsc.to_str().unwrap(), "--", "NGUYEN"],
        b"",
    );
    assert_eq!(code, 2, "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn decode_then_parse_reads_a_certificate_picture() {
    use base64::Engine as _;
    let v = vector("common/2DCode/raw/CO28.json");
    let png = base64::engine::general_purpose::STANDARD
        .decode(v["2DCODE"].as_str().unwrap())
        .unwrap();
    let path = std::env::temp_dir().join(format!("qr1405-cli-dcc-{}.png", std::process::id()));
    std::fs::write(&path, png).unwrap();
    let (code, json, _) = qr1405(&["decode", path.to_str().unwrap()], b"");
    std::fs::remove_file(&path).unwrap();
    assert_eq!(code, 0);
    let text = json["symbols"][0]["text"].as_str().unwrap();
    assert_eq!(text, v["PREFIX"].as_str().unwrap());
    let (_, json, _) = qr1405(&["parse", text], b"");
    assert_eq!(json["format"], "eu-dcc");
    assert_eq!(stages(&json)[4], "cwt passed");
}

/// `qr1405 args…` run in `dir`, so that the file names it prints are the relative ones given.
fn qr1405_in(dir: &Path, args: &[&str]) -> (i32, serde_json::Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_qr1405"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    let json = serde_json::from_str(&stdout).unwrap_or_default();
    let stderr = String::from_utf8(output.stderr).unwrap();
    (output.status.code().unwrap(), json, stderr)
}

#[test]
fn verify_reads_every_certificate_of_a_pem_bundle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let pem = |name: &str| {
        std::fs::read_to_string(root.join("crates/testkeys/certificates").join(name)).unwrap()
    };
    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root.join("conformance-vectors/eu-dcc/index.json")).unwrap(),
    )
    .unwrap();
    let golden = |id: &str| {
        let vector = index["vectors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|v| v["id"] == id)
            .unwrap_or_else(|| panic!("golden certificate {id}"));
        let text = vector["text"].as_str().unwrap().to_owned();
        (text, vector["clock"].as_str().unwrap().to_owned())
    };
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "signers.pem",
            [
                pem("es256-dsc.pem"),
                pem("ps256-dsc.pem"),
                pem("es256-tests-only-dsc.pem"),
            ]
            .concat(),
        ),
        ("es256.pem", pem("es256-dsc.pem")),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    // One bundle holds the signers of ES256 and PS256 certificates, and the tests-only DSC.
    for (id, dsc, status, codes) in [
        ("dcc-valid-es256-vaccination", "signers.pem", 0, ""),
        ("dcc-valid-ps256-vaccination", "signers.pem", 0, ""),
        (
            "dcc-wrong-key-usage",
            "signers.pem",
            1,
            "dcc-key-usage-mismatch",
        ),
        // Without the bundle, the PS256 signer is unknown.
        (
            "dcc-valid-ps256-vaccination",
            "es256.pem",
            1,
            "dcc-signer-unknown",
        ),
    ] {
        let (text, clock) = golden(id);
        let (code, json, stderr) = qr1405_in(
            dir.path(),
            &["verify", "--at", &clock, "--dsc", dsc, "--", &text],
        );
        let found: Vec<&str> = json["diagnostics"]
            .as_array()
            .unwrap_or_else(|| panic!("{id} with {dsc}: {stderr}"))
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert_eq!(
            (code, found.join(" ")),
            (status, codes.to_owned()),
            "{id} with {dsc}"
        );
    }

    // A file that holds no certificate is a usage error (exit 2) naming the file and why.
    let cut = pem("ps256-dsc.pem");
    let bad: [(&str, Vec<u8>); 6] = [
        ("empty.pem", Vec::new()),
        ("key.pem", pem("es256-key.pem").into_bytes()),
        (
            "with-key.pem",
            [pem("es256-dsc.pem"), pem("es256-key.pem")]
                .concat()
                .into_bytes(),
        ),
        ("cut.pem", cut.as_bytes()[..cut.len() / 2].to_vec()),
        ("garbage.txt", b"not a certificate".to_vec()),
        ("picture.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec()),
    ];
    let (text, clock) = golden("dcc-valid-es256-vaccination");
    let mut messages = Vec::new();
    for (name, bytes) in &bad {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let (code, json, stderr) = qr1405_in(
            dir.path(),
            &[
                "verify",
                "--at",
                &clock,
                "--dsc",
                "es256.pem",
                name,
                "--",
                &text,
            ],
        );
        assert_eq!(
            (code, json),
            (2, serde_json::Value::Null),
            "{name}: {stderr}"
        );
        messages.push(stderr);
    }
    insta::assert_snapshot!(messages.concat(), @r#"
    qr1405: error: cannot use empty.pem as signer certificates: the file is empty
    qr1405: error: cannot use key.pem as signer certificates: pem block 1: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's certificate, never its private key
    qr1405: error: cannot use with-key.pem as signer certificates: pem block 2: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's certificate, never its private key
    qr1405: error: cannot use cut.pem as signer certificates: pem block 1: BEGIN CERTIFICATE on line 1 without its END
    qr1405: error: cannot use garbage.txt as signer certificates: not pem or base64 of a certificate: invalid padding
    qr1405: error: cannot use picture.png as signer certificates: binary data beginning with byte 0x89: neither der (a certificate begins with 0x30) nor pem or base64 text
    "#);
}

#[test]
fn a_trust_list_entry_that_cannot_be_read_is_named_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("signers.json"),
        r#"{"signers": [{"certificate": "MIIB"}]}"#,
    )
    .unwrap();
    let (code, _, stderr) = qr1405_in(
        dir.path(),
        &["verify", "--dsc-trust-list", "signers.json", "--", "HC1:"],
    );
    assert_eq!(code, 2, "{stderr}");
    insta::assert_snapshot!(stderr, @"qr1405: error: cannot use signers.json: trust list entry 0: not an x.509 certificate: asn.1 der message is incomplete: expected 4, actual 3 at der byte 3");
}
