//! `qr1405 keygen`, `sign`, `verify` and `trust sign`, run as a user runs them.

mod support;
use support::qr1405;

use std::path::{Path, PathBuf};

const EXAMPLE: &str =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";

/// The shipped test data of `qr1405-sign`.
fn testdata(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sign/testdata")
        .join(path)
        .display()
        .to_string()
}

/// A fresh empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("qr1405-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temporary folder");
    dir
}

fn sign(key: &str, at: &str, text: &str) -> String {
    let (code, stdout, stderr) = qr1405(&["sign", "--key", &testdata(key), "--at", at, text], "");
    assert_eq!(code, 0, "{stderr}");
    stdout.trim_end().to_owned()
}

fn verify(at: &str, text: &str) -> (i32, String) {
    let (code, stdout, stderr) = qr1405(
        &[
            "verify",
            "--trust",
            &testdata("trust-list.json"),
            "--root",
            &testdata("root.pub"),
            "--at",
            at,
            text,
        ],
        "",
    );
    assert!(stderr.is_empty(), "{stderr}");
    (code, stdout)
}

#[test]
fn keygen_writes_a_private_file_and_prints_only_public_values() {
    let dir = scratch("keygen");
    let path = dir.join("issuer.pem");
    let (code, stdout, stderr) = qr1405(&["keygen", "--out", path.to_str().unwrap()], "");
    assert_eq!((code, stderr.as_str()), (0, ""));
    let printed: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let public_key = printed["public_key"].as_str().unwrap();
    let key_id = printed["key_id"].as_str().unwrap();
    assert_eq!(public_key.len(), 43);
    assert_eq!(key_id.len(), 8);
    insta::assert_snapshot!(
        stdout.replace(public_key, "[public key]").replace(key_id, "[key id]"),
        @r#"
    {
      "key_id": "[key id]",
      "public_key": "[public key]"
    }
    "#
    );
    assert!(!stdout.contains("PRIVATE"));

    let pem = std::fs::read_to_string(&path).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    // The new key signs, and the slot names its key id.
    let (code, signed, _) = qr1405(&["sign", "--key", path.to_str().unwrap(), EXAMPLE], "");
    assert_eq!(code, 0);
    let slot = signed.trim_end().rsplit('<').next().unwrap();
    assert_eq!(&slot[1..9], key_id);

    // An existing file is never overwritten.
    let (code, _, stderr) = qr1405(&["keygen", "--out", path.to_str().unwrap()], "");
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(&format!(
            "qr1405: error: cannot create {}: ",
            path.display()
        )),
        "{stderr}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), pem);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn sign_prints_the_code_with_its_signature() {
    let signed = sign("keys/vneid-2021.pem", "2021-11-02T08:00:00Z", EXAMPLE);
    insta::assert_snapshot!(signed, @"001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700<1OnZ16qskAGGA8ADO4AUjhqjT3rpljyQ1eTM9p8_qVuoD8WV7cWycwYejEPIv_4DzgzfIiXEq8XXubpiatqEkcl8N3za81d83JUsH");
    // Signing a signed code replaces the signature.
    assert_eq!(
        sign("keys/vneid-2021.pem", "2021-11-02T08:00:00Z", &signed),
        signed
    );
    // From standard input, with both display forms.
    let (code, both, _) = qr1405(
        &[
            "sign",
            "--key",
            &testdata("keys/vneid-2021.pem"),
            "--at",
            "2021-11-02T08:00:00Z",
            "--both",
        ],
        format!("{EXAMPLE}\n"),
    );
    assert_eq!(code, 0);
    let lines: Vec<&str> = both.lines().collect();
    assert_eq!(lines[0], signed);
    assert!(lines[1].starts_with("******029317|NGUYEN LE KHA HAN|1987-**-**|"));
}

#[test]
fn sign_refusals() {
    let key = testdata("keys/vneid-2021.pem");
    let cases: [&[&str]; 5] = [
        &["sign", "--key", &key, "NOT A CODE"],
        &[
            "sign",
            "--key",
            &key,
            "--both",
            "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|",
        ],
        &["sign", "--key", &key, "--at", "2021-11-02", EXAMPLE],
        &["sign", "--key", "/nonexistent/key.pem", EXAMPLE],
        &["sign", "--key", &testdata("root.pub"), EXAMPLE],
    ];
    let mut lines = Vec::new();
    for args in cases {
        let (code, stdout, stderr) = qr1405(args, "");
        assert!(stdout.is_empty());
        let stderr = stderr.replace(&testdata(""), "testdata/");
        // The first line that is not the published-test-key warning.
        lines.push(format!(
            "exit {code}: {}",
            stderr
                .lines()
                .find(|line| !line.contains(": warning: "))
                .unwrap_or_default()
        ));
    }
    insta::assert_snapshot!(lines.join("\n"), @r#"
    exit 1: qr1405: error: cannot sign: text does not conform: expected 6 fields separated by '|', found 1
    exit 1: qr1405: error: cannot sign: the code is in the masked display form; both forms are made from the full form
    exit 2: error: invalid value '2021-11-02' for '--at <RFC3339>': invalid timestamp `2021-11-02`: expected `T` between date and time at column 11
    exit 2: qr1405: error: cannot open /nonexistent/key.pem: No such file or directory (os error 2)
    exit 2: qr1405: error: testdata/root.pub is not a PEM file: it has no "-----BEGIN PRIVATE KEY-----" line
    "#);
}

#[test]
fn verify_prints_a_json_verdict() {
    let valid = sign("keys/vneid-2021.pem", "2021-11-02T08:00:00Z", EXAMPLE);
    let revoked = sign("keys/vneid-revoked.pem", "2021-11-02T08:00:00Z", EXAMPLE);
    let unknown = sign("keys/stranger.pem", "2021-11-02T08:00:00Z", EXAMPLE);
    let altered = valid.replace("HAN", "HAO");
    let cases = [
        ("valid", valid.as_str()),
        ("unsigned", EXAMPLE),
        ("revoked", revoked.as_str()),
        ("unknown key", unknown.as_str()),
        ("altered", altered.as_str()),
        ("not a code", "HELLO"),
    ];
    let mut out = Vec::new();
    for (name, text) in cases {
        let (code, stdout) = verify("2022-06-01T00:00:00Z", text);
        out.push(format!("{name}: exit {code}\n{stdout}"));
    }
    insta::assert_snapshot!(out.join("\n"), @r#"
    valid: exit 0
    {
      "verdict": "valid",
      "issuer": "vneid",
      "issuer_name": "VNeID",
      "key_id": "OnZ16qsk",
      "signed_at": "2021-11-02T08:00:00Z",
      "form": "full",
      "at": "2022-06-01T00:00:00Z"
    }

    unsigned: exit 1
    {
      "verdict": "unsigned",
      "at": "2022-06-01T00:00:00Z"
    }

    revoked: exit 1
    {
      "verdict": "invalid",
      "failure": "key-revoked",
      "message": "key PbN96mPr of vneid is revoked from 2022-03-01T00:00:00Z",
      "key_id": "PbN96mPr",
      "at": "2022-06-01T00:00:00Z"
    }

    unknown key: exit 1
    {
      "verdict": "invalid",
      "failure": "unknown-key",
      "message": "key l5tL89uG is not in the trust list",
      "key_id": "l5tL89uG",
      "at": "2022-06-01T00:00:00Z"
    }

    altered: exit 1
    {
      "verdict": "invalid",
      "failure": "signature-invalid",
      "message": "signature does not verify",
      "at": "2022-06-01T00:00:00Z"
    }

    not a code: exit 1
    {
      "verdict": "not-conforming",
      "message": "text does not conform: expected 6 fields separated by '|', found 1",
      "at": "2022-06-01T00:00:00Z"
    }
    "#);
}

#[test]
fn verify_refuses_a_trust_list_it_cannot_trust() {
    let dir = scratch("verify");
    let tampered = dir.join("tampered.json");
    let shipped = std::fs::read_to_string(testdata("trust-list.json")).unwrap();
    std::fs::write(&tampered, shipped.replacen("2031-09-11", "2041-09-11", 1)).unwrap();
    let stranger = qr1405_testkeys::TestKey::Stranger.public_key().to_string();
    let cases: [(&str, &str); 3] = [
        (tampered.to_str().unwrap(), &testdata("root.pub")),
        (&testdata("trust-list.json"), &stranger),
        (&testdata("trust-list.json"), "not-a-key"),
    ];
    let mut lines = Vec::new();
    for (trust, root) in cases {
        let (code, stdout, stderr) =
            qr1405(&["verify", "--trust", trust, "--root", root, EXAMPLE], "");
        assert!(stdout.is_empty());
        let stderr = stderr
            .replace(&testdata(""), "testdata/")
            .replace(&dir.display().to_string(), "TMP");
        lines.push(format!("exit {code}: {}", stderr.trim_end()));
    }
    insta::assert_snapshot!(lines.join("\n"), @r#"
    exit 2: qr1405: error: cannot use TMP/tampered.json: trust list signature does not verify under the root key 0tLZ5K4-
    exit 2: qr1405: error: cannot use testdata/trust-list.json: trust list is signed by key 0tLZ5K4-, not by the root key l5tL89uG
    exit 2: qr1405: error: --root "not-a-key" is neither a public key nor a readable file: cannot open not-a-key: No such file or directory (os error 2)
    "#);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn trust_sign_reproduces_the_shipped_list() {
    let (code, stdout, stderr) = qr1405(
        &[
            "trust",
            "sign",
            "--key",
            &testdata("keys/root.pem"),
            &testdata("trust-list.unsigned.json"),
        ],
        "",
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.ends_with(
            "root.pem is a published test key: what it signs is for tests only and no reader \
             of real codes trusts it\n"
        ),
        "{stderr}"
    );
    assert_eq!(
        stdout,
        std::fs::read_to_string(testdata("trust-list.json")).unwrap()
    );

    let dir = scratch("trust");
    let bad = dir.join("bad.json");
    let unsigned = std::fs::read_to_string(testdata("trust-list.unsigned.json")).unwrap();
    std::fs::write(
        &bad,
        unsigned.replacen("\"id\": \"pc-covid\"", "\"id\": \"qrqg\"", 1),
    )
    .unwrap();
    let (code, stdout, stderr) = qr1405(
        &[
            "trust",
            "sign",
            "--key",
            &testdata("keys/root.pem"),
            bad.to_str().unwrap(),
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let error = stderr.lines().last().unwrap_or_default();
    insta::assert_snapshot!(error.replace(&dir.display().to_string(), "TMP"), @r#"qr1405: error: cannot sign TMP/bad.json: trust list issuers[1].id: issuer id "qrqg" is already used"#);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn signing_with_a_published_test_key_warns() {
    for key in qr1405_testkeys::TestKey::ALL {
        let path = testdata(&format!("keys/{}.pem", key.label()));
        let (code, stdout, stderr) = qr1405(&["sign", "--key", &path, EXAMPLE], "");
        assert_eq!(code, 0, "{stderr}");
        assert!(!stdout.is_empty());
        assert!(
            stderr.contains("is a published test key"),
            "{}: {stderr:?}",
            key.label()
        );
    }
    let dir = scratch("own-key");
    let path = dir.join("own.pem");
    let (code, _, stderr) = qr1405(&["keygen", "--out", path.to_str().unwrap()], "");
    assert_eq!(code, 0, "{stderr}");
    let (code, _, stderr) = qr1405(&["sign", "--key", path.to_str().unwrap(), EXAMPLE], "");
    assert_eq!(code, 0);
    assert!(stderr.is_empty(), "{stderr}");
}
