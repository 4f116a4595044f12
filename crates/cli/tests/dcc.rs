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
