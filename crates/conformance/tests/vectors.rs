//! The bundled vectors: strict, and passed by this project's libraries. That they are what
//! the generator makes is tested in `crates/vectorgen`.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::path::PathBuf;

use qr1405_conformance::{
    Error, Exceptions, Outcome, Settings, VectorSet, bundled_vectors, self_check,
};

#[test]
fn every_bundled_vector_passes_the_self_check() {
    let report = self_check(&bundled_vectors().unwrap(), &Settings::default());
    let failures: Vec<String> = report
        .cases
        .iter()
        .flat_map(|case| {
            case.checks
                .iter()
                .filter(|c| c.outcome.is_unexpected())
                .map(move |c| {
                    format!(
                        "{} [{}]: {}",
                        case.id,
                        c.stage,
                        c.outcome.reason().unwrap_or_default()
                    )
                })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "failing vectors:\n{}",
        failures.join("\n")
    );
    assert!(report.totals.passed > 0);
}

fn set_of(files: &[(&str, &str)]) -> Result<VectorSet, Error> {
    VectorSet::from_files(
        files
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.as_bytes().to_vec()))
            .collect(),
    )
}

const MINIMAL: &str = r#"{"id": "v", "description": "d", "provenance": "p", "requirements": ["P-01"],
    "text": "x", "clock": "2021-10-01T08:00:00+07:00", "stages": {"recognise": {"expect": "fail", "errors": ["unknown-format"]}}}"#;

#[test]
fn the_schema_is_strict() {
    assert!(set_of(&[("v.json", MINIMAL)]).is_ok());
    let cases = [
        ("misspelt key", MINIMAL.replace("\"stages\"", "\"stage\"")),
        (
            "unknown stage",
            MINIMAL.replace("\"recognise\"", "\"recognize\""),
        ),
        (
            "clock without offset",
            MINIMAL.replace("08:00:00+07:00", "08:00:00"),
        ),
        (
            "date-only clock",
            MINIMAL.replace("2021-10-01T08:00:00+07:00", "2021-10-01"),
        ),
        (
            "unknown code",
            MINIMAL.replace("unknown-format", "unknown-fromat"),
        ),
        ("unknown requirement", MINIMAL.replace("P-01", "P-99")),
        (
            "fail without errors",
            MINIMAL.replace(", \"errors\": [\"unknown-format\"]", ""),
        ),
        ("pass with errors", MINIMAL.replace("\"fail\"", "\"pass\"")),
        (
            "image stage without image",
            MINIMAL.replace("\"recognise\"", "\"symbol\""),
        ),
        (
            "id and file name differ",
            MINIMAL.replace("\"id\": \"v\"", "\"id\": \"w\""),
        ),
        (
            "missing image",
            MINIMAL.replace("\"text\": \"x\"", "\"text\": \"x\", \"image\": \"v.png\""),
        ),
    ];
    let mut out = String::new();
    for (name, json) in cases {
        let error = set_of(&[("v.json", &json)]).expect_err(name);
        out.push_str(&format!("{name}: {error}\n"));
    }
    let stray = set_of(&[("v.json", MINIMAL), ("notes.txt", "x")]).unwrap_err();
    out.push_str(&format!("stray file: {stray}\n"));
    let twice = set_of(&[("a/v.json", MINIMAL), ("b/v.json", MINIMAL)]).unwrap_err();
    out.push_str(&format!("duplicate id: {twice}\n"));
    insta::assert_snapshot!(out);
}

#[test]
fn vectors_in_sub_folders_are_found() {
    let dir = std::env::temp_dir().join(format!("qr1405-vectors-{}", std::process::id()));
    let nested = dir.join("a/b");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(nested.join("v.json"), MINIMAL).unwrap();
    let set = VectorSet::load(&dir).unwrap();
    assert_eq!(set.len(), 1);
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn exceptions_turn_failures_into_known_divergences_and_flag_stale_ones() {
    let broken = MINIMAL.replace("\"text\": \"x\"", "\"text\": \"a|b\"");
    let set = set_of(&[("v.json", &broken)]).unwrap();
    let plain = self_check(&set, &Settings::default());
    assert!(!plain.passed());
    let exceptions: Exceptions =
        serde_json::from_str(r#"{"v": {"recognise": "a reason"}, "gone": {"parse": "x"}}"#)
            .unwrap();
    let report = self_check(
        &set,
        &Settings {
            exceptions,
            ..Settings::default()
        },
    );
    assert!(matches!(
        report.cases[0].checks[0].outcome,
        Outcome::KnownDivergence { .. }
    ));
    assert_eq!(report.stale_exceptions, ["gone"]);
    assert!(!report.passed());
}
