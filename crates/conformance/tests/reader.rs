//! Reader-side evaluation: which requirement each kind of reader mistake breaks.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use qr1405_conformance::{
    Exceptions, ReaderResult, Report, Stage, bundled_vectors, certificate_judgement,
    evaluate_reader, must_accept, shown_text,
};

/// What a right reader answers for every vector: it reads the golden picture it is shown
/// and reports what `qr1405 parse` reports of that text, empty fields included, when it
/// accepts it.
fn reference_results() -> Vec<ReaderResult> {
    let vectors = bundled_vectors().unwrap();
    let certificates = vectors.certificates().vectors().iter().map(|certificate| {
        let (accepted, fields) = certificate_judgement(&vectors, certificate);
        ReaderResult {
            vector: certificate.id.clone(),
            accepted,
            fields,
        }
    });
    vectors
        .vectors()
        .iter()
        .map(|loaded| {
            let accepted = must_accept(&vectors, &loaded.vector.id).unwrap();
            let shown = shown_text(loaded);
            ReaderResult {
                vector: loaded.vector.id.clone(),
                accepted,
                fields: match shown {
                    Some(text) if accepted => parsed_fields(&text),
                    _ => Default::default(),
                },
            }
        })
        .chain(certificates)
        .collect()
}

/// The fields as `qr1405 parse` reports them, empty ones included, less the raw EXT and the
/// slots from the signature on.
fn parsed_fields(text: &[u8]) -> BTreeMap<String, String> {
    let report = serde_json::to_value(qr1405_payload::recognise(text)).unwrap();
    report["fields"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(name, _)| {
            !matches!(name.as_str(), "ext" | "signature") && !name.starts_with("ext_slot_")
        })
        .map(|(name, value)| (name.clone(), value.as_str().unwrap().to_owned()))
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
    // What was run and the counts change as the vectors grow; the rest names the mistakes.
    let summary = report.summary();
    let verdict = summary.find("\nreader: app: ").unwrap();
    let (_, mistakes) = summary[verdict + 1..].split_once('\n').unwrap();
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

#[test]
fn a_right_reader_reports_empty_fields_and_the_picture_it_was_shown() {
    let results = reference_results();
    let field = |vector: &str, name: &str| {
        let result = results.iter().find(|r| r.vector == vector).unwrap();
        result.fields.get(name).cloned()
    };
    // Empty fields are reported, as `qr1405 parse` reports them, and judged as absent.
    assert_eq!(
        field("valid-child-on-behalf-full", "document_number").as_deref(),
        Some("")
    );
    // The picture of another person's code is read as that person's.
    let shown = field("display-another-person", "full_name").unwrap();
    let expected = bundled_vectors().unwrap();
    let vector = &expected.get("display-another-person").unwrap().vector;
    assert!(
        !vector.text.contains(&shown),
        "{shown} is the vector's own name"
    );
    assert!(evaluate(&results).passed());
}

#[test]
fn blanking_a_field_the_code_holds_is_a_misreading() {
    let mut results = reference_results();
    let entry = results
        .iter_mut()
        .find(|r| r.vector == "valid-passport-full")
        .unwrap();
    entry.fields.insert("full_name".into(), String::new());
    let report = evaluate(&results);
    assert_eq!(
        broken(&report),
        BTreeSet::from([("valid-passport-full".to_owned(), "R-01".to_owned())])
    );
}

/// The reader crate and the vectors' expectations are one definition: wherever a vector's
/// picture holds its own text, the reader accepts it exactly when every stage of the vector
/// but the symbol's is expected to pass.
#[test]
fn the_reader_accepts_exactly_the_valid_vectors() {
    let vectors = bundled_vectors().unwrap();
    let mut disagreements = Vec::new();
    for loaded in vectors.vectors() {
        let vector = &loaded.vector;
        if shown_text(loaded).as_deref() != Some(vector.bytes().as_slice()) {
            continue;
        }
        let format = vector
            .stages
            .get(&Stage::Recognise)
            .and_then(|e| e.value.as_deref());
        let valid = matches!(format, Some("personal-code" | "cccd")) && vector.is_valid();
        if must_accept(&vectors, &vector.id) != Some(valid) {
            disagreements.push(format!("{}: valid {valid}", vector.id));
        }
    }
    assert!(disagreements.is_empty(), "{disagreements:#?}");
}

#[test]
fn readers_are_judged_on_the_golden_eu_certificates() {
    let vectors = bundled_vectors().unwrap();
    let certificates = vectors.certificates().vectors();
    assert!(
        certificates.len() >= 18,
        "{} certificates",
        certificates.len()
    );
    for certificate in certificates {
        assert_eq!(
            must_accept(&vectors, &certificate.id),
            Some(certificate.expect == "accept"),
            "{}",
            certificate.id
        );
    }
    // A reader that accepts a bomb and refuses Vietnam's PS256 certificate breaks R-02 and R-01.
    let mut results = reference_results();
    for result in &mut results {
        match result.vector.as_str() {
            "dcc-zlib-bomb" => result.accepted = true,
            "dcc-valid-ps256-vaccination" => {
                result.accepted = false;
                result.fields.clear();
            }
            _ => {}
        }
    }
    assert_eq!(
        broken(&evaluate(&results)),
        BTreeSet::from([
            ("dcc-valid-ps256-vaccination".to_owned(), "R-01".to_owned()),
            ("dcc-zlib-bomb".to_owned(), "R-02".to_owned()),
        ])
    );
    // One that misreads a display name breaks R-01.
    let mut results = reference_results();
    let entry = results
        .iter_mut()
        .find(|r| r.vector == "dcc-valid-es256-test")
        .unwrap();
    entry
        .fields
        .insert("test_result_name".into(), "Detected".into());
    assert_eq!(
        broken(&evaluate(&results)),
        BTreeSet::from([("dcc-valid-es256-test".to_owned(), "R-01".to_owned())])
    );
}
