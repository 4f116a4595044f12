//! Display-side evaluation of the example submissions: each seeded defect breaks exactly the
//! requirements it should.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{collections::BTreeMap, path::Path};

use qr1405_conformance::{
    Report, Settings, Submission, bundled_profile, bundled_trust, bundled_vectors,
    evaluate_submission, evaluate_submission_at,
};

fn evaluate(name: &str) -> Report {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/submissions")
        .join(name);
    let submission = Submission::load(&dir).unwrap();
    let settings = Settings {
        profile: bundled_profile().unwrap(),
        trust: bundled_trust().unwrap(),
        ..Settings::default()
    };
    let clock = "2022-01-01T00:00:00+07:00".parse().unwrap();
    evaluate_submission_at(
        &submission,
        &bundled_vectors().unwrap(),
        &settings,
        clock,
        &mut |_| {},
    )
}

/// The report with what changes from build to build fixed: the run's date, commit and
/// version, and the bundled vectors' digest, which changes with every vector added.
fn pinned(report: &Report) -> Report {
    let mut report = report.clone();
    let run = report.run.as_mut().expect("every report records its run");
    run.date = "2026-11-25T09:00:00+07:00".parse().unwrap();
    run.commit = "COMMIT".to_owned();
    run.version = "VERSION".to_owned();
    if let Some(vectors) = &mut run.vectors {
        vectors.sha256 = "SHA256".to_owned();
        vectors.files = None;
    }
    report
}

/// Per image, the MUST and SHOULD requirements it breaks.
fn broken(report: &Report) -> BTreeMap<String, Vec<String>> {
    report
        .cases
        .iter()
        .map(|case| (case.id.clone(), case.broken().map(str::to_owned).collect()))
        .collect()
}

#[test]
fn the_passing_example_passes() {
    let report = evaluate("passing");
    assert!(report.passed(), "{}", report.summary());
    assert!(broken(&report).values().all(Vec::is_empty));
}

#[test]
fn each_seeded_defect_breaks_its_requirements() {
    let report = evaluate("failing");
    assert!(!report.passed());
    let expected: BTreeMap<String, Vec<String>> = [
        ("badge.png", &["Q-08", "Q-09"][..]),
        ("ecc-l.png", &["Q-02"]),
        ("light-on-dark.png", &["Q-03"]),
        ("no-quiet-zone.png", &["Q-04", "Q-09"]),
        ("small-modules.png", &["Q-05"]),
        ("two-codes.png", &["Q-07"]),
        ("unknown-signer.png", &["D-01"]),
        ("unmasked.png", &["D-01", "D-02"]),
        ("unsigned-name-typo.png", &["D-01", "P-04"]),
    ]
    .into_iter()
    .map(|(image, ids)| {
        (
            image.to_owned(),
            ids.iter().map(|s| (*s).to_owned()).collect(),
        )
    })
    .collect();
    assert_eq!(broken(&report), expected);
    insta::assert_snapshot!(pinned(&report).summary());
}

#[test]
fn the_reports_name_every_verdict() {
    let report = evaluate("failing");
    let junit = report.to_junit();
    assert!(junit.contains("<testcase classname=\"badge.png\" name=\"symbol\">"));
    assert!(junit.contains("failures=\"10\""));
    let html = report.to_html();
    assert!(html.contains("data:image/png;base64,"));
    assert!(html.contains("<polygon"));
    assert!(html.contains("******029317"));
    // Requirements carry their text and link to the catalogue; the broken ones come first,
    // the met ones folded.
    assert!(html.contains(
        "<a href=\"docs/requirements.md#d-01\">D-01</a></td><td>The code an app shows for a test identity is"
    ));
    let typo = &html[html.find("<h2>unsigned-name-typo.png</h2>").unwrap()..];
    let typo = &typo[..typo.find("</section>").unwrap()];
    let broken = typo.find("class=\"broken\"").unwrap();
    let folded = typo.find("<details><summary>").unwrap();
    assert!(broken < folded && !typo[folded..].contains("class=\"broken\""));
    // The trailing space the typo added is visible, with where the values part.
    assert!(html.contains("<code>&quot;NGUYEN THI MINH KHAI␣&quot;</code></td><td>20</td>"));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    let verdicts: Vec<serde_json::Value> = json["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|case| {
            serde_json::json!({
                "id": case["id"],
                "diff": case["diff"],
                "broken": case["verdicts"].as_array().unwrap().iter()
                    .filter(|v| v["verdict"] == "broken").collect::<Vec<_>>(),
            })
        })
        .collect();
    insta::assert_json_snapshot!(verdicts);
}

#[test]
fn a_manifest_with_two_sources_names_the_image() {
    let dir = std::env::temp_dir().join(format!("qr1405-sub-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"app": "x", "images": [{"file": "a.png", "display": "full", "vector": "v", "expected": "t"}]}"#,
    )
    .unwrap();
    let error = Submission::load(&dir).unwrap_err().to_string();
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(
        error.ends_with(
            "images[0]: give exactly one of \"vector\", \"record\", \"expected\" or \"certificate\""
        ),
        "{error}"
    );
}

#[test]
fn a_submission_missing_planned_screenshots_fails_naming_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.json"),
        r#"{"app": "empty", "images": []}"#,
    )
    .unwrap();
    let submission = Submission::load(dir.path()).unwrap();
    let vectors = bundled_vectors().unwrap();
    // Without a plan nothing is asked for; the evaluator's plan asks for every test identity.
    let report = evaluate_submission(&submission, &vectors, &Settings::default());
    assert!(report.passed() && report.plan.is_none());
    let settings = Settings {
        plan: qr1405_conformance::bundled_plan().unwrap(),
        ..Settings::default()
    };
    let report = evaluate_submission(&submission, &vectors, &settings);
    assert!(!report.passed());
    let plan = report.plan.unwrap();
    assert_eq!((plan.submitted, plan.planned), (0, 8));
    assert_eq!(
        (plan.certificates_submitted, plan.certificates_planned),
        (0, 2)
    );
    assert_eq!(report.cases.len(), 10);
    assert!(report.summary().contains(
        "FAIL  plan: valid-passport-full masked [display] no screenshot shows the masked form \
         of vector valid-passport-full, which the test plan asks for"
    ));
    assert!(report.summary().contains(
        "FAIL  plan: certificate dcc-valid-ps256-vaccination [display] no screenshot shows EU \
         certificate dcc-valid-ps256-vaccination, which the test plan asks for"
    ));
    // A plan naming no certificate still holds a submission to its screenshots, and says so.
    let mut codes_only = settings.clone();
    codes_only.plan.certificates.clear();
    let report = evaluate_submission(&submission, &vectors, &codes_only);
    assert_eq!(report.cases.len(), 8);
    assert!(report.summary().contains(
        "  test plan: 0 of 8 planned screenshots submitted; the plan names no EU certificate\n"
    ));
    // The passing example holds the whole plan.
    let passing = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/submissions/passing");
    let report = evaluate_submission(&Submission::load(&passing).unwrap(), &vectors, &settings);
    assert!(report.passed(), "{}", report.summary());
    assert!(report.summary().contains(
        "test plan: 8 of 8 planned screenshots submitted, 2 of 2 planned EU certificates\n"
    ));
    let certificate = report
        .cases
        .iter()
        .find(|case| case.id == "dcc-ps256-vaccination.png")
        .unwrap();
    let stages: Vec<String> = certificate
        .checks
        .iter()
        .map(|check| format!("{} {}", check.stage, check.outcome.name()))
        .collect();
    assert_eq!(stages, ["decode pass", "display pass", "symbol pass"]);
    assert_eq!(
        certificate.description,
        "EU certificate dcc-valid-ps256-vaccination"
    );
}

#[test]
fn a_screenshot_naming_an_unknown_vector_is_an_input_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.json"),
        r#"{"app": "a", "images": [{"file": "m", "display": "full", "vector": "valid-cccd-self-full"},
            {"file": "m", "display": "full", "vector": "no-such-vector"}]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("m"), b"x").unwrap();
    let submission = Submission::load(dir.path()).unwrap();
    let error = submission
        .check_vectors(&bundled_vectors().unwrap())
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with(
            "manifest.json: images[1].vector: \"no-such-vector\" is no vector of this suite"
        ),
        "{error}"
    );
}
