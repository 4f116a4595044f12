//! Hostile inputs to the runner: a vendor's submission must not read the evaluator's files,
//! hold unbounded memory, or bend the reports; every input refuses a key given twice.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{path::Path, sync::Arc};

use qr1405_conformance::{
    Case, Check, CrossReads, Exceptions, MAX_EMBEDDED_BYTES, MAX_EMBEDDED_PICTURE_BYTES, Outcome,
    Report, Settings, Stage, Submission, bundled_vectors, evaluate_reader, evaluate_submission,
    load_reader_results,
};

/// The passing example's first screenshot, to build submissions around.
fn a_screenshot() -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/submissions/passing/cccd-self-full.png"),
    )
    .unwrap()
}

fn manifest(dir: &Path, files: &[&str]) {
    let images: Vec<serde_json::Value> = files
        .iter()
        .map(|file| serde_json::json!({"display": "full", "file": file, "expected": "x"}))
        .collect();
    std::fs::write(
        dir.join("manifest.json"),
        serde_json::json!({"app": "A", "images": images}).to_string(),
    )
    .unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_out_of_the_submission_folder_is_refused() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("passwd"), b"root:x:0:0").unwrap();
    let dir = tempfile::tempdir().unwrap();
    symlink(outside.path().join("passwd"), dir.path().join("x.png")).unwrap();
    symlink(outside.path(), dir.path().join("sub")).unwrap();
    for file in ["x.png", "sub/passwd"] {
        manifest(dir.path(), &[file]);
        let error = Submission::load(dir.path()).unwrap_err().to_string();
        assert!(
            error.contains(&format!(
                "images[0].file: \"{file}\" leads outside the submission folder"
            )),
            "{error}"
        );
    }
    // The manifest itself and the reader results may not lead out either.
    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();
    std::fs::write(
        outside.path().join("m.json"),
        r#"{"app": "A", "images": []}"#,
    )
    .unwrap();
    symlink(
        outside.path().join("m.json"),
        dir.path().join("manifest.json"),
    )
    .unwrap();
    let error = Submission::load(dir.path()).unwrap_err().to_string();
    assert!(
        error.contains("leads outside the submission folder"),
        "{error}"
    );
    std::fs::remove_file(dir.path().join("manifest.json")).unwrap();
    std::fs::write(
        dir.path().join("manifest.json"),
        r#"{"app": "A", "images": [], "reader_results": "sub/passwd"}"#,
    )
    .unwrap();
    let error = Submission::load(dir.path()).unwrap_err().to_string();
    assert!(
        error.contains("reader_results: \"sub/passwd\" leads outside"),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn a_pipe_or_a_folder_named_as_a_picture_is_refused_without_waiting() {
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(dir.path().join("pipe.png"))
        .status()
        .unwrap();
    assert!(status.success());
    std::fs::create_dir(dir.path().join("folder.png")).unwrap();
    for (file, kind) in [("pipe.png", "a named pipe"), ("folder.png", "a directory")] {
        manifest(dir.path(), &[file]);
        let error = Submission::load(dir.path()).unwrap_err().to_string();
        assert!(
            error.ends_with(&format!("{file} is {kind}, not a regular file")),
            "{error}"
        );
    }
}

#[test]
fn a_picture_listed_many_times_is_read_and_held_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.png"), a_screenshot()).unwrap();
    manifest(dir.path(), &["a.png"; 300]);
    let submission = Submission::load(dir.path()).unwrap();
    assert_eq!(submission.images.len(), 300);
    assert!(
        submission
            .images
            .iter()
            .all(|image| Arc::ptr_eq(image, &submission.images[0]))
    );
}

/// A case showing `bytes`, as a submission's screenshot.
fn case_with_picture(id: &str, bytes: &Arc<[u8]>) -> Case {
    Case {
        id: id.into(),
        description: "a picture".into(),
        requirements: Vec::new(),
        checks: Vec::new(),
        image: Some(id.into()),
        image_bytes: Some(Arc::clone(bytes)),
        symbols: Vec::new(),
        diff: Vec::new(),
        verdicts: Vec::new(),
    }
}

#[test]
fn the_html_report_stays_bounded_however_many_pictures_it_shows() {
    let large: Arc<[u8]> = vec![0u8; MAX_EMBEDDED_PICTURE_BYTES + 1].into();
    let report = Report::new(
        "s",
        vec![case_with_picture("large.png", &large)],
        Vec::new(),
    );
    let html = report.to_html();
    assert!(html.len() < 10_000, "{} bytes", html.len());
    assert!(html.contains("large.png (4194305 bytes) is not embedded"));

    let picture: Arc<[u8]> = vec![0u8; 1 << 20].into();
    let count = MAX_EMBEDDED_BYTES / (1 << 20) + 50;
    let cases = (0..count)
        .map(|i| case_with_picture(&format!("{i}.png"), &picture))
        .collect();
    let html = Report::new("s", cases, Vec::new()).to_html();
    let embedded = html.matches("base64,").count();
    assert_eq!(embedded, MAX_EMBEDDED_BYTES / (1 << 20));
    assert!(html.len() < MAX_EMBEDDED_BYTES / 3 * 4 + (1 << 20));
}

#[test]
fn an_exception_naming_no_screenshot_fails_a_submission_run() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/submissions/passing");
    let submission = Submission::load(&dir).unwrap();
    let settings = Settings {
        exceptions: serde_json::from_str(r#"{"no-such.png": {"display": "x"}}"#).unwrap(),
        ..Settings::default()
    };
    let report = evaluate_submission(&submission, &bundled_vectors().unwrap(), &settings);
    assert!(!report.passed());
    assert_eq!(report.stale_exceptions, ["no-such.png"]);
}

#[test]
fn an_exception_naming_no_vector_fails_a_reader_run() {
    let vectors = bundled_vectors().unwrap();
    let exceptions: Exceptions =
        serde_json::from_str(r#"{"no-such-vector": {"read": "x"}}"#).unwrap();
    let report = evaluate_reader("app", &vectors, &[], &exceptions, Path::new("r.jsonl")).unwrap();
    assert_eq!(report.stale_exceptions, ["no-such-vector"]);
    assert!(!report.passed());
}

#[test]
fn a_key_given_twice_is_refused_in_exceptions_and_reader_results() {
    let dir = tempfile::tempdir().unwrap();
    let exceptions = dir.path().join("exceptions.json");
    std::fs::write(
        &exceptions,
        r#"{"a": {"read": "x"}, "a": {"display": "y"}}"#,
    )
    .unwrap();
    let error = Exceptions::load(&exceptions).unwrap_err().to_string();
    assert!(
        error.ends_with("line 1, column 24: duplicate key \"a\""),
        "{error}"
    );
    std::fs::write(&exceptions, r#"{"a": {"read": "x", "read": "y"}}"#).unwrap();
    let error = Exceptions::load(&exceptions).unwrap_err().to_string();
    assert!(error.ends_with("duplicate key \"read\""), "{error}");

    let results = dir.path().join("r.jsonl");
    let line =
        r#"{"vector": "v", "accepted": true, "fields": {"full_name": "A", "full_name": "B"}}"#;
    std::fs::write(&results, line).unwrap();
    let error = load_reader_results(&results).unwrap_err().to_string();
    assert!(error.ends_with("duplicate key \"full_name\""), "{error}");
    let line =
        r#"{"app": "A", "image": "a.png", "accepted": true, "fields": {"sex": "0", "sex": "1"}}"#;
    std::fs::write(&results, line).unwrap();
    let error = CrossReads::load(&results).unwrap_err().to_string();
    assert!(error.ends_with("duplicate key \"sex\""), "{error}");
}

#[test]
fn junit_is_well_formed_for_any_name() {
    let picture: Arc<[u8]> = a_screenshot().into();
    let hostile = "A\u{ffff}\u{fffe}\u{1b}]0;title\u{7}\u{0}<&\"'>\r\u{85}";
    let report = Report::new(
        format!("submission: {hostile}"),
        vec![case_with_picture(hostile, &picture)],
        vec![hostile.to_owned()],
    );
    let junit = report.to_junit();
    let document = roxmltree::Document::parse(&junit).unwrap();
    let suite = document
        .descendants()
        .find(|n| n.has_tag_name("testsuite"))
        .unwrap();
    assert_eq!(
        suite.attribute("name").unwrap(),
        "submission: A\\u{ffff}\\u{fffe}\\u{001b}]0;title\\u{0007}\\u{0000}<&\"'>\\u{000d}\\u{0085}"
    );
}

#[test]
fn the_summary_prints_no_terminal_escape() {
    let picture: Arc<[u8]> = a_screenshot().into();
    let hostile = "\u{1b}]0;owned\u{7}\u{1b}[2J\u{202e}gnp.exe";
    let mut case = case_with_picture(hostile, &picture);
    case.checks.push(Check {
        stage: Stage::Decode,
        expected: None,
        observed: None,
        outcome: Outcome::Fail {
            reason: format!("read {hostile}"),
        },
    });
    let report = Report::new(
        format!("submission: {hostile}"),
        vec![case],
        vec![hostile.to_owned()],
    );
    let summary = report.summary();
    assert!(
        !summary
            .chars()
            .any(|c| (c.is_control() && c != '\n') || c == '\u{202e}'),
        "{summary:?}"
    );
    insta::assert_snapshot!(summary, @r"
    submission: \u{001b}]0;owned\u{0007}\u{001b}[2J\u{202e}gnp.exe: FAILED: 1 cases, 2 checks: 0 passed, 1 failed, 0 skipped, 0 known divergences, 1 stale exceptions
      FAIL  \u{001b}]0;owned\u{0007}\u{001b}[2J\u{202e}gnp.exe [decode] read \u{001b}]0;owned\u{0007}\u{001b}[2J\u{202e}gnp.exe
      STALE exceptions file names \u{001b}]0;owned\u{0007}\u{001b}[2J\u{202e}gnp.exe, which is no case of this run
    ");
}
