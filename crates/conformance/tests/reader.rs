//! Reader-side evaluation: which requirement each kind of reader mistake breaks.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{collections::BTreeSet, path::Path};

use qr1405_conformance::{
    Exceptions, ReaderResult, Report, bundled_vectors, evaluate_reader, expected_fields,
    must_accept,
};

/// What a correct reader answers: accept what must be accepted, with exactly its fields.
fn reference_results() -> Vec<ReaderResult> {
    let vectors = bundled_vectors().unwrap();
    vectors
        .vectors()
        .iter()
        .map(|loaded| {
            let accepted = must_accept(&vectors, &loaded.vector.id).unwrap();
            ReaderResult {
                vector: loaded.vector.id.clone(),
                accepted,
                fields: if accepted {
                    expected_fields(&loaded.vector.bytes())
                } else {
                    Default::default()
                },
            }
        })
        .collect()
}

fn evaluate(results: &[ReaderResult]) -> Report {
    let vectors = bundled_vectors().unwrap();
    evaluate_reader(
        "app",
        &vectors,
        results,
        &Exceptions::default(),
        Path::new("r.jsonl"),
    )
    .unwrap()
}

/// The requirement ids broken in a report, with the case ids.
fn broken(report: &Report) -> BTreeSet<(String, String)> {
    report
        .cases
        .iter()
        .flat_map(|case| case.broken().map(|r| (case.id.clone(), r.to_owned())))
        .collect()
}

#[test]
fn a_correct_reader_passes() {
    let report = evaluate(&reference_results());
    assert!(report.passed(), "{}", report.summary());
    assert!(broken(&report).is_empty());
}

#[test]
fn accepting_a_tampered_code_breaks_r02() {
    let mut results = reference_results();
    let entry = results
        .iter_mut()
        .find(|r| r.vector == "field-gender-3")
        .unwrap();
    entry.accepted = true;
    let report = evaluate(&results);
    assert!(!report.passed());
    assert_eq!(
        broken(&report),
        BTreeSet::from([("field-gender-3".to_owned(), "R-02".to_owned())])
    );
}

#[test]
fn refusing_or_misreading_a_valid_code_breaks_r01() {
    let mut results = reference_results();
    let refused = results
        .iter_mut()
        .find(|r| r.vector == "valid-passport-full")
        .unwrap();
    refused.accepted = false;
    let misread = results
        .iter_mut()
        .find(|r| r.vector == "valid-official-example-full")
        .unwrap();
    misread
        .fields
        .insert("full_name".into(), "NGUYEN LE KHA HAN ".into());
    let report = evaluate(&results);
    assert_eq!(
        broken(&report),
        BTreeSet::from([
            ("valid-official-example-full".to_owned(), "R-01".to_owned()),
            ("valid-passport-full".to_owned(), "R-01".to_owned()),
        ])
    );
    // The first line counts the vectors, which grow; the rest names the mistakes.
    let summary = report.summary();
    let (_, mistakes) = summary.split_once('\n').unwrap();
    insta::assert_snapshot!(mistakes);
}

#[test]
fn a_missing_result_fails_and_an_unknown_one_is_an_input_error() {
    let mut results = reference_results();
    results.retain(|r| r.vector != "cccd-valid");
    let report = evaluate(&results);
    assert!(!report.passed());
    results.push(ReaderResult {
        vector: "no-such-vector".into(),
        accepted: true,
        fields: Default::default(),
    });
    let vectors = bundled_vectors().unwrap();
    let error = evaluate_reader(
        "app",
        &vectors,
        &results,
        &Exceptions::default(),
        Path::new("r.jsonl"),
    )
    .unwrap_err();
    let message = error
        .to_string()
        .replace(&format!("line {}", results.len()), "line N");
    insta::assert_snapshot!(message, @r#"r.jsonl: line N: "no-such-vector" is no vector of this suite"#);
}
