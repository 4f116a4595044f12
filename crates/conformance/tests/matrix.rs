//! The interoperability matrix over the example submissions: which reader reads which app's
//! screenshots, each seeded reader mistake found in its cell, and every bad input refused.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    sync::LazyLock,
};

use qr1405_conformance::{
    CrossRead, Plan, Report, Settings, Shows, Submission, Timestamp, VectorSet, bundled_plan,
    bundled_profile, bundled_trust, bundled_vectors, evaluate_matrix_with,
};

fn example(name: &str) -> Submission {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/submissions")
        .join(name);
    Submission::load(&dir).unwrap()
}

fn settings() -> Settings {
    Settings {
        profile: bundled_profile().unwrap(),
        trust: bundled_trust().unwrap(),
        ..Settings::default()
    }
}

fn clock() -> Timestamp {
    "2022-01-01T00:00:00+07:00".parse().unwrap()
}

/// The bundled vectors, with the golden EU certificates.
static VECTORS: LazyLock<VectorSet> = LazyLock::new(|| bundled_vectors().unwrap());

fn matrix(submissions: &[Submission], settings: &Settings) -> Report {
    evaluate_matrix_with(submissions, &VECTORS, settings, clock(), &mut |_| {}).unwrap()
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

/// Both examples, each reader against both apps.
static BOTH: LazyLock<Report> =
    LazyLock::new(|| matrix(&[example("passing"), example("failing")], &settings()));

/// Per cell: the outcome and the finding codes with the screenshots they name.
fn findings(report: &Report) -> BTreeMap<String, (String, Vec<String>)> {
    report
        .cases
        .iter()
        .map(|case| {
            let check = &case.checks[0];
            let messages = check
                .observed
                .as_ref()
                .map(|o| {
                    o.messages
                        .iter()
                        .map(|m| m.split(": ").take(2).collect::<Vec<_>>().join(": "))
                        .collect()
                })
                .unwrap_or_default();
            (case.id.clone(), (check.outcome.name().to_owned(), messages))
        })
        .collect()
}

#[test]
fn each_seeded_reader_mistake_fails_its_cell() {
    let report = &*BOTH;
    assert!(!report.passed());
    insta::assert_debug_snapshot!(findings(report), @r#"
    {
        "Example app (failing) reads Example app (failing)": (
            "fail",
            [
                "reader-accepted-invalid: unsigned-name-typo.png",
            ],
        ),
        "Example app (failing) reads Example app (passing)": (
            "fail",
            [
                "reader-refused-valid: cccd-self-masked.png",
                "reader-refused-valid: cmnd-self-masked.png",
                "reader-refused-valid: passport-masked.png",
                "reader-field-mismatch: child-on-behalf-full.png",
                "reader-field-mismatch: child-on-behalf-masked.png",
            ],
        ),
        "Example app (failing) reads certificates of Example app (failing)": (
            "fail",
            [
                "reader-accepted-invalid: unknown-signer.png",
            ],
        ),
        "Example app (failing) reads certificates of Example app (passing)": (
            "fail",
            [
                "reader-refused-valid: dcc-ps256-vaccination.png",
            ],
        ),
        "Example app (passing) reads Example app (failing)": (
            "pass",
            [],
        ),
        "Example app (passing) reads Example app (passing)": (
            "pass",
            [],
        ),
        "Example app (passing) reads certificates of Example app (failing)": (
            "pass",
            [],
        ),
        "Example app (passing) reads certificates of Example app (passing)": (
            "pass",
            [],
        ),
    }
    "#);
    let broken: Vec<(&str, &str)> = report
        .cases
        .iter()
        .flat_map(|case| case.broken().map(|r| (case.id.as_str(), r)))
        .collect();
    assert_eq!(
        broken,
        [
            ("Example app (failing) reads Example app (passing)", "R-01"),
            (
                "Example app (failing) reads certificates of Example app (passing)",
                "R-01"
            ),
            ("Example app (failing) reads Example app (failing)", "R-02"),
            (
                "Example app (failing) reads certificates of Example app (failing)",
                "R-02"
            ),
        ]
    );
}

#[test]
fn the_summary_shows_the_matrix() {
    let report = &*BOTH;
    insta::assert_snapshot!(pinned(report).summary());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(
        json["matrix"]["apps"],
        serde_json::json!(["Example app (passing)", "Example app (failing)"])
    );
    let cell = &json["matrix"]["cells"][4];
    assert_eq!(cell["reader"], "Example app (failing)");
    assert_eq!(cell["display"], "Example app (passing)");
    assert_eq!(cell["shows"], "personal-codes");
    assert_eq!((&cell["judged"], &cell["correct"]), (&8.into(), &3.into()));
    let cell = &json["matrix"]["cells"][5];
    assert_eq!(cell["shows"], "certificates");
    assert_eq!((&cell["judged"], &cell["correct"]), (&2.into(), &1.into()));
    let shot = &cell["screenshots"][1];
    assert_eq!(shot["image"], "dcc-ps256-vaccination.png");
    assert_eq!(shot["holds"]["accept"], true);
    assert_eq!(
        shot["holds"]["fields"]["certificate_issuer"],
        "Ministry of Health of Viet Nam"
    );
    assert_eq!(shot["returned"]["accepted"], false);
    let html = report.to_html();
    assert!(html.contains("href=\"#Example-app-(failing)-reads-Example-app-(passing)\""));
    assert!(html.contains("id=\"Example-app-(failing)-reads-Example-app-(passing)\""));
}

#[test]
fn the_summary_gives_each_finding_its_own_line() {
    let summary = pinned(&BOTH).summary();
    let cell = summary
        .split_once("  FAIL  Example app (failing) reads Example app (passing) [read]: ")
        .unwrap()
        .1;
    let mut lines = cell.lines();
    assert_eq!(lines.next(), Some("5 findings"));
    let findings: Vec<&str> = lines.take(5).collect();
    assert!(
        findings
            .iter()
            .all(|line| line.starts_with("        reader-")),
        "{summary}"
    );
    assert!(!summary.contains("; reader-"), "{summary}");
}

#[test]
fn the_html_shows_each_cells_screenshots_beside_what_the_reader_returned() {
    let html = BOTH.to_html();
    let start = html
        .find("<section class=\"case unexpected\" id=\"Example-app-(failing)-reads-Example-app-(passing)\">")
        .unwrap();
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    let shots = &section[section.find("<table class=\"shots\">").unwrap()..];
    // Every screenshot of the shown app, each as an embedded thumbnail.
    assert_eq!(shots.matches("<img alt=").count(), 8);
    assert_eq!(shots.matches("src=\"data:image/png;base64,").count(), 8);
    // The pictures' bytes are left out of the snapshot: the rest is what a person reads.
    insta::assert_snapshot!(without_pictures(shots));
}

#[test]
fn a_reader_need_not_read_a_symbol_short_of_the_profile() {
    // The failing reader refuses its own light-on-dark screenshot, a valid code: allowed,
    // since light-on-dark breaks the profile. Under a profile that allows it, it is a failure.
    let report = matrix(&[example("failing")], &settings());
    let cell = report.matrix.as_ref().unwrap().cells[0].clone();
    assert_eq!((cell.judged, cell.correct), (8, 7));
    let mut lenient = settings();
    lenient.profile.dark_on_light = false;
    let findings = findings(&matrix(&[example("failing")], &lenient));
    let (_, messages) = &findings["Example app (failing) reads Example app (failing)"];
    assert!(
        messages.contains(&"reader-refused-valid: light-on-dark.png".to_owned()),
        "{messages:?}"
    );
}

#[test]
fn a_reader_without_results_is_skipped_and_a_missing_line_fails() {
    let mut silent = example("passing");
    silent.reads = None;
    let report = matrix(&[silent], &settings());
    // Its cell of personal codes and its cell of certificates.
    assert_eq!(report.totals.skipped, 2);
    assert!(report.passed());
    assert_eq!(report.matrix.as_ref().unwrap().cells[0].label(), "skip");
    assert_eq!(report.matrix.as_ref().unwrap().cells[1].label(), "skip");

    let mut forgetful = example("passing");
    let reads = forgetful.reads.as_mut().unwrap();
    reads
        .lines
        .retain(|(_, read)| read.image != "passport-full.png");
    let findings = findings(&matrix(&[forgetful], &settings()));
    let (outcome, messages) = &findings["Example app (passing) reads Example app (passing)"];
    assert_eq!(outcome, "fail");
    assert_eq!(messages, &["reader-refused-valid: passport-full.png"]);
}

#[test]
fn known_divergences_apply_to_cells() {
    let mut settings = settings();
    settings.exceptions = serde_json::from_value(serde_json::json!({
        "Example app (failing) reads Example app (failing)": {
            "read": "the name check ships in the next release"
        },
        "Example app (passing) reads Example app (passing)": {
            "read": "stale: this cell passes"
        },
        "nobody reads anybody": { "read": "names no cell" }
    }))
    .unwrap();
    let report = matrix(&[example("passing"), example("failing")], &settings);
    let outcomes: Vec<String> = report
        .matrix
        .as_ref()
        .unwrap()
        .cells
        .iter()
        .map(|c| c.label())
        .collect();
    assert_eq!(
        outcomes,
        [
            "STALE 8/8",
            "pass 2/2",
            "pass 8/8",
            "pass 1/1",
            "FAIL 3/8",
            "FAIL 1/2",
            "known 7/8",
            "FAIL 0/1"
        ]
    );
    assert_eq!(report.stale_exceptions, ["nobody reads anybody"]);
}

#[test]
fn bad_inputs_are_refused_naming_the_file_and_line() {
    let errors = |submissions: &[Submission]| {
        evaluate_matrix_with(submissions, &VECTORS, &settings(), clock(), &mut |_| {})
            .unwrap_err()
            .to_string()
            .replace(env!("CARGO_MANIFEST_DIR"), "CRATE")
    };
    let twice = errors(&[example("passing"), example("passing")]);

    let with_line = |read: CrossRead| {
        let mut submission = example("passing");
        let reads = submission.reads.as_mut().unwrap();
        reads.path = PathBuf::from("reads.jsonl");
        reads.lines.push((99, read));
        submission
    };
    let line = |app: &str, image: &str| CrossRead {
        app: app.into(),
        image: image.into(),
        accepted: false,
        fields: BTreeMap::new(),
    };
    let unknown_image = errors(&[with_line(line("Example app (passing)", "x.png"))]);
    let repeated = errors(&[with_line(line(
        "Example app (passing)",
        "passport-full.png",
    ))]);
    insta::assert_snapshot!([twice, unknown_image, repeated].join("\n"), @r#"
    CRATE/../../examples/submissions/passing/manifest.json: app: "Example app (passing)" also names the submission in CRATE/../../examples/submissions/passing
    reads.jsonl: line 99: "Example app (passing)" lists no screenshot "x.png"
    reads.jsonl: line 99: a second result for "passport-full.png" of "Example app (passing)"
    "#);

    let dir = std::env::temp_dir().join(format!("qr1405-matrix-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"app": "a", "images": [], "reader_results": "../outside.jsonl"}"#,
    )
    .unwrap();
    let outside = Submission::load(&dir).unwrap_err().to_string();
    assert!(
        outside.ends_with(
            "manifest.json: reader_results: \"../outside.jsonl\" is not a path inside the submission folder"
        ),
        "{outside}"
    );
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"app": "a", "images": [], "reader_results": "r.jsonl"}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("r.jsonl"),
        "{\"app\": \"a\", \"image\": \"x.png\", \"accepted\": true, \"feilds\": {}}\n",
    )
    .unwrap();
    let misspelt = Submission::load(&dir).unwrap_err().to_string();
    assert!(misspelt.contains("r.jsonl: line 1"), "{misspelt}");
    assert!(misspelt.contains("unknown field `feilds`"), "{misspelt}");
}

#[test]
fn the_html_shows_the_certificate_cells() {
    let html = BOTH.to_html();
    let table = &html[html.find("<table class=\"matrix\">").unwrap()..];
    let table = &table[..table.find("</table>").unwrap()];
    assert_eq!(
        table.matches("<tr><th>reader \\ certificates</th>").count(),
        1
    );
    assert!(table.contains(
        "<td class=\"fail\"><a href=\"#Example-app-(failing)-reads-certificates-of-Example-app-(passing)\">FAIL 1/2</a></td>"
    ));
    let start = html
        .find("id=\"Example-app-(failing)-reads-certificates-of-Example-app-(passing)\">")
        .unwrap();
    let section = &html[start..];
    let section = &section[..section.find("</section>").unwrap()];
    // The two certificates the passing app shows, and no personal code.
    assert_eq!(section.matches("src=\"data:image/png;base64,").count(), 2);
    assert!(!section.contains("cccd-self-full.png"));
    let shots = &section[section.find("<table class=\"shots\">").unwrap()..];
    insta::assert_snapshot!(without_pictures(shots));
}

/// `html` with every embedded picture's bytes replaced by `DATA`, one table row a line: what
/// a person reads.
fn without_pictures(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(at) = rest.find("src=\"data:") {
        text.push_str(&rest[..at]);
        text.push_str("src=\"DATA\"");
        rest = &rest[at + 5..];
        rest = &rest[rest.find('"').unwrap() + 1..];
    }
    text.push_str(rest);
    text.replace("<tr>", "\n<tr>").replace("<br>", "\n  <br>")
}

#[test]
fn a_certificate_is_judged_at_its_own_clock() {
    // Long after the golden certificates expired, a screenshot of one is still judged at the
    // clock its vector names, where it is valid; the personal codes at the run's clock.
    let late: Timestamp = "2030-01-01T00:00:00+07:00".parse().unwrap();
    let report = evaluate_matrix_with(
        &[example("passing")],
        &VECTORS,
        &settings(),
        late,
        &mut |_| {},
    )
    .unwrap();
    let matrix = report.matrix.as_ref().unwrap();
    let cell = matrix
        .cell_of(
            "Example app (passing)",
            "Example app (passing)",
            Shows::Certificates,
        )
        .unwrap();
    assert_eq!(cell.label(), "pass 2/2");
    assert!(
        cell.screenshots
            .iter()
            .all(|s| s.holds.as_ref().unwrap().accept)
    );
}

#[test]
fn a_run_without_certificates_says_so() {
    // A plan naming no certificate, and apps showing none: no certificate cells, and the
    // summary and page say why.
    let without = |name: &str| {
        let mut submission = example(name);
        let keep: Vec<bool> = submission
            .manifest
            .images
            .iter()
            .map(|image| !image.shows_certificate())
            .collect();
        let mut kept = keep.iter();
        submission.images.retain(|_| *kept.next().unwrap());
        submission
            .manifest
            .images
            .retain(|image| !image.shows_certificate());
        let listed: Vec<String> = submission
            .manifest
            .images
            .iter()
            .map(|image| image.file.clone())
            .collect();
        if let Some(reads) = submission.reads.as_mut() {
            reads.lines.retain(|(_, read)| {
                read.app != submission.manifest.app || listed.contains(&read.image)
            });
        }
        submission
    };
    let mut plan = bundled_plan().unwrap();
    plan.certificates.clear();
    let settings = Settings { plan, ..settings() };
    let report = matrix(&[without("passing")], &settings);
    assert!(report.passed(), "{}", report.summary());
    let cells = report.matrix.as_ref().unwrap();
    assert!(!cells.has_certificates());
    assert_eq!(cells.cells.len(), 1);
    assert!(
        report
            .summary()
            .contains("  no EU certificate cells: the test plan names none and no app shows one\n")
    );
    assert!(report.to_html().contains("<p>No EU certificate cells"));

    // The same apps under a plan that names certificates: each app fails the plan, and the
    // certificate cells are there, skipped, since no app shows one.
    let settings = Settings {
        plan: bundled_plan().unwrap(),
        ..settings
    };
    let report = matrix(&[without("passing")], &settings);
    let ids: Vec<&str> = report.cases.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "Example app (passing) reads Example app (passing)",
            "Example app (passing) reads certificates of Example app (passing)",
            "Example app (passing): plan: certificate dcc-valid-es256-vaccination",
            "Example app (passing): plan: certificate dcc-valid-ps256-vaccination",
        ]
    );
    assert_eq!(
        report.cases[1].checks[0].outcome.reason(),
        Some("\"Example app (passing)\" shows no EU certificate")
    );
}

#[test]
fn a_screenshot_of_a_certificate_the_suite_lacks_is_an_input_error() {
    let mut submission = example("passing");
    let image = submission
        .manifest
        .images
        .iter_mut()
        .find(|image| image.shows_certificate())
        .unwrap();
    image.certificate = Some("dcc-no-such".into());
    let error = evaluate_matrix_with(&[submission], &VECTORS, &settings(), clock(), &mut |_| {})
        .unwrap_err()
        .to_string();
    assert!(
        error.ends_with(
            "manifest.json: images[8].certificate: \"dcc-no-such\" is no golden EU certificate of this suite"
        ),
        "{error}"
    );
    // A set without certificates (`--vectors DIR`) holds none.
    let bare = VectorSet::from_files(Vec::new()).unwrap();
    let error = evaluate_matrix_with(
        &[example("passing")],
        &bare,
        &settings(),
        clock(),
        &mut |_| {},
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("is no vector of this suite"), "{error}");
}

#[test]
fn a_certificate_screenshot_names_no_display_form() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.png"), [0u8; 8]).unwrap();
    let load = |images: &str| {
        std::fs::write(
            dir.path().join("manifest.json"),
            format!(r#"{{"app": "A", "images": [{images}]}}"#),
        )
        .unwrap();
        Submission::load(dir.path())
            .unwrap_err()
            .to_string()
            .rsplit_once("manifest.json: ")
            .unwrap()
            .1
            .to_owned()
    };
    let both = load(
        r#"{"file": "a.png", "display": "full", "certificate": "dcc-valid-es256-vaccination"}"#,
    );
    let neither = load(r#"{"file": "a.png", "vector": "valid-cccd-self-full"}"#);
    let two = load(
        r#"{"file": "a.png", "vector": "valid-cccd-self-full", "certificate": "dcc-valid-es256-vaccination"}"#,
    );
    insta::assert_snapshot!([both, neither, two].join("\n"), @r#"
    images[0].display: an EU certificate has one form: give no "display" with "certificate"
    images[0]: missing field `display`: "full" or "masked"
    images[0]: give exactly one of "vector", "record", "expected" or "certificate"
    "#);
}

#[test]
fn the_plan_is_checked_for_certificates() {
    let mut plan = Plan::default();
    plan.certificates.push("dcc-no-such".into());
    let error = plan
        .check(&VECTORS, Path::new("plan.json"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        error,
        "plan.json: certificates[0]: \"dcc-no-such\" is no golden EU certificate of this suite"
    );
}
