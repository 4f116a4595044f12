//! The EU test vectors of `common/` (`shared/corpus/dgc-testdata` beside or above the
//! repository, or `$QR1405_CORPUS`), run with the bundled exceptions that name them. The test
//! fails when the vectors are absent; `.ci/run` runs the whole suite.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::path::Path;

use qr1405_conformance::{DgcExceptions, DgcStage, Outcome, run_dgc_testdata};
use qr1405_testkeys::dgc_testdata;

/// The bundled exceptions for `common/`, renamed relative to it.
fn common_exceptions(dir: &Path) -> DgcExceptions {
    let all: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(include_str!("../dgc-testdata-exceptions.json")).unwrap();
    let common: serde_json::Map<String, serde_json::Value> = all
        .into_iter()
        .filter_map(|(id, v)| Some((id.strip_prefix("common/")?.to_string(), v)))
        .collect();
    let path = dir.join("exceptions.json");
    std::fs::write(&path, serde_json::to_string(&common).unwrap()).unwrap();
    DgcExceptions::load(&path).unwrap()
}

#[test]
fn the_common_vectors_pass_every_stage_they_name() {
    let scratch = std::env::temp_dir().join(format!("qr1405-dgc-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let exceptions = common_exceptions(&scratch);
    let report = run_dgc_testdata(&dgc_testdata().join("common"), &exceptions).unwrap();
    std::fs::remove_dir_all(&scratch).unwrap();
    assert!(report.passed(), "{}", report.summary());
    assert!(report.totals.vectors >= 35, "{}", report.summary());
    let check = |id: &str, stage: DgcStage| {
        let case = report.cases.iter().find(|c| c.id.ends_with(id)).unwrap();
        case.checks
            .iter()
            .find(|c| c.stage == stage)
            .unwrap()
            .clone()
    };
    // A broken signature, a clock after expiry and a picture no decoder reads are refused.
    for (id, stage) in [
        ("/CO5.json", DgcStage::Verify),
        ("/CO17.json", DgcStage::ExpirationCheck),
        ("/CO16.json", DgcStage::ExpirationCheck),
        ("/Q1.json", DgcStage::PictureDecode),
        ("/Z2.json", DgcStage::Compression),
        ("/H2.json", DgcStage::Unprefix),
    ] {
        let check = check(id, stage);
        assert_eq!(
            (check.expected, check.observed),
            (false, Some(false)),
            "{id}"
        );
        assert_eq!(check.outcome, Outcome::Pass, "{id}");
    }
    let valid = check("/CO28.json", DgcStage::PictureDecode);
    assert_eq!((valid.expected, valid.observed), (true, Some(true)));
}

#[test]
fn exceptions_need_a_reason_and_evidence() {
    let scratch = std::env::temp_dir().join(format!("qr1405-dgc-ex-{}.json", std::process::id()));
    std::fs::write(
        &scratch,
        r#"{"X.json": {"verify": {"reason": "r", "evidence": " "}}}"#,
    )
    .unwrap();
    let error = DgcExceptions::load(&scratch).unwrap_err().to_string();
    std::fs::remove_file(&scratch).unwrap();
    assert!(
        error.contains("every known divergence gives its reason and its evidence"),
        "{error}"
    );
    DgcExceptions::bundled().unwrap();
}

#[test]
fn the_report_records_what_was_run() {
    let dir = dgc_testdata().join("common");
    let report = run_dgc_testdata(&dir, &DgcExceptions::bundled().unwrap()).unwrap();
    let run = report.run.as_ref().expect("a run record");
    assert_eq!(run.clock.to_string(), "each vector's own");
    assert!(!run.decoders.is_empty());
    assert!(!run.graded);
    let vectors = run.vectors.as_ref().expect("the vectors' input");
    assert_eq!(vectors.source, dir.display().to_string());
    // Every `*.json` file is in the digest, vectors or not.
    assert!(vectors.files.unwrap() >= report.totals.vectors);
    assert_eq!(vectors.sha256.len(), 64);
    // The digest is of the files' bytes: the same folder gives the same digest.
    let again = run_dgc_testdata(&dir, &DgcExceptions::bundled().unwrap()).unwrap();
    assert_eq!(again.run.unwrap().vectors.unwrap().sha256, vectors.sha256);
    // The summary and the JSON start with it.
    assert!(report.summary().starts_with("qr1405-conformance "));
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["run"]["clock"], "each vector's own");
}
