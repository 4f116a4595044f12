//! Both vendor examples, run as a vendor runs them: a record to a signed 50 mm code, the code
//! read back with the test trust list, and a golden vector's picture read.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{path::Path, process::Command};

const AT: &str = "2022-06-01T08:00:00+07:00";

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

/// Runs an example program; its exit code and standard output.
fn run(program: &str, args: &[&Path]) -> (i32, String, String) {
    let output = Command::new(program).args(args).output().unwrap();
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn reader(picture: &Path) -> (i32, String, String) {
    let trust = root().join("conformance-vectors/trust-list.json");
    let key = root().join("conformance-vectors/root.pub");
    run(
        env!("CARGO_BIN_EXE_vendor-reader"),
        &[
            picture,
            Path::new("--trust"),
            &trust,
            Path::new("--root"),
            &key,
            Path::new("--at"),
            Path::new(AT),
        ],
    )
}

#[test]
fn a_record_becomes_a_signed_printed_code_that_reads_back() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("code.png");
    let (code, stdout, stderr) = run(
        env!("CARGO_BIN_EXE_vendor-display"),
        &[
            Path::new("--record"),
            &root().join("examples/person.json"),
            Path::new("--key"),
            &root().join("crates/sign/testdata/keys/pc-covid-2022.pem"),
            Path::new("--size-mm"),
            Path::new("50"),
            Path::new("--at"),
            Path::new(AT),
            Path::new("-o"),
            &png,
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("079187029317|NGUYEN THI MINH KHAI|1987-05-19|0|162979388586171100|<2<"),
        "{stdout}"
    );
    // 50 mm at 300 dpi is 591 pixels; the quiet zone adds to it.
    let bytes = std::fs::read(&png).unwrap();
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    assert!(width >= 591, "{width} pixels");
    let (code, stdout, stderr) = reader(&png);
    assert_eq!(code, 0, "{stdout}{stderr}");
    insta::assert_snapshot!(stdout, @"
    ACCEPT personal-code full, signature valid
      birth_date: 1987-05-19
      declaration: 0
      document_number: 079187029317
      full_name: NGUYEN THI MINH KHAI
      gender: 2
      health_insurance_number: HS4010120878821
      phone: 0944713700
      qid: 162979388586171100
    ");
}

#[test]
fn a_golden_picture_is_read_and_a_bad_one_refused() {
    let vectors = root().join("conformance-vectors/vectors");
    let (code, stdout, _) = reader(&vectors.join("signed-official-example-full.png"));
    assert_eq!(code, 0, "{stdout}");
    assert!(
        stdout.contains("\n  full_name: NGUYEN LE KHA HAN\n"),
        "{stdout}"
    );
    let (code, stdout, _) = reader(&vectors.join("sig-unknown-key.png"));
    assert_eq!(code, 1, "{stdout}");
    insta::assert_snapshot!(stdout, @"REFUSE personal-code: unknown-key");
    let (code, _, stderr) = run(env!("CARGO_BIN_EXE_vendor-reader"), &[]);
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"
    vendor-reader: error: a picture is required
    usage: vendor-reader PICTURE [--trust TRUST.json --root ROOT.pub] [--at RFC3339]
    ");
}
