//! The `qr1405` command end to end: arguments in, output and exit code out.

mod support;
use support::qr1405;

const OFFICIAL: &str =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";

/// A `conform` summary after what was run: from the verdict line on. The record of the run
/// is its first line and the indented lines after it.
fn after_run(stdout: &str) -> &str {
    let mut rest = stdout.split_once('\n').map_or("", |(_, rest)| rest);
    while rest.starts_with("  ") {
        rest = rest.split_once('\n').map_or("", |(_, rest)| rest);
    }
    rest
}

fn temp_file(name: &str, contents: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("qr1405-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, contents).expect("temp file");
    path
}

#[test]
fn parse_the_official_example() {
    let (code, stdout, stderr) = qr1405(&["parse", OFFICIAL], b"");
    assert_eq!((code, stderr.as_str()), (0, ""));
    insta::assert_snapshot!(stdout);
}

#[test]
fn parse_reads_standard_input_without_its_line_break() {
    let from_argument = qr1405(&["parse", OFFICIAL], b"");
    let from_stdin = qr1405(&["parse"], format!("{OFFICIAL}\n").as_bytes());
    let from_dash = qr1405(&["parse", "-"], format!("{OFFICIAL}\r\n").as_bytes());
    assert_eq!(from_stdin, from_argument);
    assert_eq!(from_dash, from_argument);
}

#[test]
fn parse_fails_on_errors_and_unknown_text() {
    let (code, stdout, _) = qr1405(&["parse", "-"], b"|nguyen van a|1987-02-30|0||\n");
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
    let (code, stdout, _) = qr1405(&["parse", "-"], b"\xff\xfe binary");
    assert_eq!(code, 1);
    insta::assert_snapshot!(stdout);
}

#[test]
fn parse_usage_errors_exit_2() {
    let (code, _, stderr) = qr1405(&["parse", "a", "b"], b"");
    assert_eq!(code, 2);
    assert!(stderr.contains("unexpected argument"), "{stderr}");
}

#[test]
fn build_from_a_record() {
    let record = temp_file(
        "record.json",
        r#"{"document_number": "001087029317", "full_name": "  Nguyễn Lê  Khả Hân",
            "birth_date": "18/01/1987", "qid": "162979388586171100", "gender": "male",
            "health_insurance_number": "HS4010120878821", "phone": "+84 944 713 700"}"#,
    );
    let path = record.to_str().expect("utf-8 path");
    let (code, stdout, stderr) = qr1405(&["build", "--record", path], b"");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700\n"
    );
    let (code, stdout, _) = qr1405(&["build", "--record", path, "--masked"], b"");
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|<1<HS4010120878821<0944713700\n"
    );
}

#[test]
fn build_reports_warnings_on_stderr() {
    let (code, stdout, stderr) = qr1405(
        &["build", "--record", "-"],
        br#"{"document_number": "001093029317", "full_name": "A", "birth_date": "1987-01-18", "qid": "1"}"#,
    );
    assert_eq!(code, 0);
    assert_eq!(stdout, "001093029317|A|1987-01-18|0|1|\n");
    insta::assert_snapshot!(stderr);
}

#[test]
fn build_errors_name_the_field() {
    let cases: [(&str, &[u8]); 4] = [
        ("misspelt key", br#"{"full_name": "A", "birth_date": "2000-01-01", "qid": "1", "fone": "0"}"#),
        ("bad name", br#"{"full_name": "Anne-Marie", "birth_date": "2000-01-01", "qid": "1", "document_number": "123456789"}"#),
        ("no document", br#"{"full_name": "An", "birth_date": "2000-01-01", "qid": "1"}"#),
        ("not json", b"full_name = A"),
    ];
    let mut out = String::new();
    for (name, record) in cases {
        let (code, stdout, stderr) = qr1405(&["build", "--record", "-"], record);
        assert_eq!((code, stdout.as_str()), (2, ""), "{name}");
        out.push_str(&format!("{name}: {stderr}"));
    }
    let (code, _, stderr) = qr1405(&["build", "--record", "/nonexistent/record.json"], b"");
    assert_eq!(code, 2);
    out.push_str(&format!("missing file: {stderr}"));
    insta::assert_snapshot!(out);
}

#[test]
fn build_embeds_a_green_card_claim_in_slot_6() {
    let record = temp_file(
        "green-record.json",
        r#"{"document_number": "079187029317", "full_name": "Nguyễn Thị Minh Khai",
            "birth_date": "1987-05-19", "qid": "162979388586171501", "gender": "female"}"#,
    );
    let facts = temp_file(
        "facts.json",
        r#"{"doses": [{"product": "comirnaty", "date": "2021-08-01"},
                      {"product": "comirnaty", "date": "2021-09-01"}]}"#,
    );
    let args = [
        "build",
        "--record",
        record.to_str().expect("utf-8 path"),
        "--greencard-facts",
        facts.to_str().expect("utf-8 path"),
        "--greencard-rules",
        "khanh-hoa",
        "--at",
        "2021-10-01T08:00:00+07:00",
    ];
    let (code, stdout, stderr) = qr1405(&args, b"");
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert_eq!(
        stdout,
        "079187029317|NGUYEN THI MINH KHAI|1987-05-19|0|162979388586171501|<2<<<<GC1-KH-G\n"
    );
}

#[test]
fn conform_runs_the_self_check_and_the_examples() {
    let (code, stdout, _) = qr1405(&["conform"], b"");
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.starts_with("qr1405 "), "{stdout}");
    assert!(
        after_run(&stdout).starts_with("self-check: PASSED: "),
        "{stdout}"
    );
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/submissions");
    let dir = std::env::temp_dir().join(format!("qr1405-report-{}", std::process::id()));
    let (code, stdout, _) = qr1405(
        &[
            "conform",
            "--submission",
            &format!("{examples}/failing"),
            "--report",
            dir.to_str().expect("utf-8 path"),
        ],
        b"",
    );
    assert_eq!(code, 1);
    for file in ["report.json", "junit.xml", "report.html"] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let (_, summary) = after_run(&stdout).split_once('\n').expect("a summary line");
    let summary = summary.replace(dir.to_str().expect("utf-8 path"), "DIR");
    insta::assert_snapshot!(summary);
    let (code, _, stderr) = qr1405(&["conform", "--submission", "/nonexistent"], b"");
    assert_eq!(code, 2);
    assert!(stderr.contains("/nonexistent/manifest.json"), "{stderr}");
}

#[test]
fn conform_matrix_says_which_app_reads_which() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/submissions");
    let passing = format!("{examples}/passing");
    let failing = format!("{examples}/failing");
    let (code, stdout, stderr) = qr1405(&["conform", "--matrix", &passing], b"");
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert!(
        after_run(&stdout).starts_with("matrix: PASSED: 2 cases"),
        "{stdout}"
    );
    // Its certificates, judged at their own clock whatever the run's.
    assert!(
        stdout.contains(
            "  reader \\ certificates   Example app (passing)\n  Example app (passing)   pass 2/2\n"
        ),
        "{stdout}"
    );
    let dir = std::env::temp_dir().join(format!("qr1405-matrix-report-{}", std::process::id()));
    let (code, stdout, _) = qr1405(
        &[
            "conform",
            "--json",
            "--matrix",
            &passing,
            &failing,
            "--report",
            dir.to_str().expect("utf-8 path"),
        ],
        b"",
    );
    assert_eq!(code, 1);
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON report");
    let labels: Vec<(&str, &str, &str, &str)> = report["matrix"]["cells"]
        .as_array()
        .expect("cells")
        .iter()
        .map(|c| {
            (
                c["reader"].as_str().expect("reader"),
                c["display"].as_str().expect("display"),
                c["shows"].as_str().expect("shows"),
                c["outcome"].as_str().expect("outcome"),
            )
        })
        .collect();
    let (p, f) = ("Example app (passing)", "Example app (failing)");
    assert_eq!(
        labels,
        [
            (p, p, "personal-codes", "pass"),
            (p, p, "certificates", "pass"),
            (p, f, "personal-codes", "pass"),
            (p, f, "certificates", "pass"),
            (f, p, "personal-codes", "fail"),
            (f, p, "certificates", "fail"),
            (f, f, "personal-codes", "fail"),
            (f, f, "certificates", "fail"),
        ]
    );
    // The run records the vectors, certificates included, it judged with.
    assert_eq!(
        report["run"]["vectors"]["source"],
        "bundled vectors/ and eu-dcc/"
    );
    let junit = std::fs::read_to_string(dir.join("junit.xml")).expect("junit.xml");
    assert!(
        junit.contains(
            "<testcase classname=\"Example app (failing) reads certificates of Example app (passing)\" name=\"read\">"
        ),
        "{junit}"
    );
    let html = std::fs::read_to_string(dir.join("report.html")).expect("report.html");
    assert!(html.contains("<tr><th>reader \\ certificates</th>"));
    std::fs::remove_dir_all(&dir).expect("cleaned up");
    let (code, _, stderr) = qr1405(
        &["conform", "--matrix", &passing, "--submission", &passing],
        b"",
    );
    assert_eq!(code, 2, "{stderr}");
    // A matrix reads no vectors: naming some is a mistake, not something to ignore.
    let (code, _, stderr) = qr1405(
        &[
            "conform",
            "--matrix",
            &passing,
            "--vectors",
            "conformance-vectors",
        ],
        b"",
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("cannot be used with") && stderr.contains("--vectors"),
        "{stderr}"
    );
}

#[test]
fn conform_fails_a_submission_short_of_the_test_plan() {
    let dir = std::env::temp_dir().join(format!("qr1405-cli-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    std::fs::write(dir.join("manifest.json"), r#"{"app":"empty","images":[]}"#).expect("manifest");
    let folder = dir.to_str().expect("utf-8 path");
    let (code, stdout, _) = qr1405(&["conform", "--submission", folder], b"");
    assert_eq!(code, 1, "{stdout}");
    assert!(
        after_run(&stdout).starts_with(
            "submission: empty: FAILED: 10 cases, 10 checks: 0 passed, 10 failed, 0 skipped, 0 known divergences, 0 stale exceptions\n  test plan: 0 of 8 planned screenshots submitted, 0 of 2 planned EU certificates\n"
        ),
        "{stdout}"
    );
    // A plan of its own replaces the bundled one.
    std::fs::write(dir.join("plan.json"), r#"{"screenshots": []}"#).expect("plan");
    let plan = dir.join("plan.json");
    let args = [
        "conform",
        "--submission",
        folder,
        "--plan",
        plan.to_str().expect("utf-8"),
    ];
    let (code, stdout, _) = qr1405(&args, b"");
    assert_eq!(code, 0, "{stdout}");
    std::fs::write(
        dir.join("plan.json"),
        r#"{"screenshots": [], "certificates": ["dcc-valid-es256-vaccination", "dcc-no-such"]}"#,
    )
    .expect("plan");
    let (code, _, stderr) = qr1405(&args, b"");
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with(
            "plan.json: certificates[1]: \"dcc-no-such\" is no golden EU certificate of this suite\n"
        ),
        "{stderr}"
    );
    std::fs::write(
        dir.join("plan.json"),
        r#"{"screenshots": [{"vector": "no-such", "display": "full"}]}"#,
    )
    .expect("plan");
    let (code, _, stderr) = qr1405(&args, b"");
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("plan.json: screenshots[0].vector: \"no-such\" is no vector of this suite that names the forms an app shows\n"),
        "{stderr}"
    );
    // A screenshot naming an unknown vector is an input error, not a mismatch.
    std::fs::write(dir.join("a.png"), b"x").expect("a file");
    std::fs::write(
        dir.join("manifest.json"),
        r#"{"app":"a","images":[{"file":"a.png","display":"full","vector":"no-such"}]}"#,
    )
    .expect("manifest");
    let (code, _, stderr) = qr1405(&["conform", "--submission", folder], b"");
    assert_eq!(code, 2);
    assert!(
        stderr
            .ends_with("manifest.json: images[0].vector: \"no-such\" is no vector of this suite\n"),
        "{stderr}"
    );
    std::fs::remove_dir_all(&dir).expect("cleaned up");
}

#[test]
fn the_readme_build_example_runs_on_its_example_files() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
    let (code, stdout, stderr) = qr1405(
        &[
            "build",
            "--record",
            &format!("{examples}/person.json"),
            "--greencard-facts",
            &format!("{examples}/facts.json"),
            "--greencard-rules",
            "khanh-hoa",
            "--at",
            "2021-10-01T08:00:00+07:00",
        ],
        b"",
    );
    assert_eq!((code, stderr.as_str()), (0, ""));
    assert!(
        stdout.starts_with("079187029317|NGUYEN THI MINH KHAI|1987-05-19|0|162979388586171100|"),
        "{stdout}"
    );
}

#[test]
fn conform_reports_record_what_was_run() {
    let passing = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/submissions/passing"
    );
    let args = [
        "conform",
        "--json",
        "--submission",
        passing,
        "--at",
        "2022-01-01T00:00:00+07:00",
    ];
    let (code, stdout, stderr) = qr1405(&args, b"");
    assert_eq!(code, 0, "{stderr}");
    let mut report: serde_json::Value = serde_json::from_str(&stdout).expect("a JSON report");
    let run = report["run"].as_object_mut().expect("a run object");
    // What changes from build to build and run to run, checked for its shape.
    let commit = run.remove("commit").expect("a commit");
    let commit = commit.as_str().expect("text");
    assert!(
        commit == "unknown"
            || (commit.len() == 40 && commit.bytes().all(|b| b.is_ascii_hexdigit())),
        "{commit}"
    );
    assert!(
        run.remove("date")
            .expect("a date")
            .as_str()
            .expect("text")
            .len()
            == 25
    );
    assert_eq!(
        run.remove("version").expect("a version"),
        env!("CARGO_PKG_VERSION")
    );
    let vectors = run.remove("vectors").expect("the vectors");
    assert_eq!(vectors["source"], "bundled vectors/ and eu-dcc/");
    assert_eq!(vectors["sha256"].as_str().map(str::len), Some(64));
    let arguments = run.remove("arguments").expect("the arguments");
    assert_eq!(arguments, serde_json::json!(args));
    insta::assert_json_snapshot!(run, @r#"
    {
      "clock": "2022-01-01T00:00:00+07:00",
      "decoders": [
        "rxing",
        "rqrr"
      ],
      "graded": true,
      "plan": {
        "sha256": "e3f73a023091a24fa7a878bfb13fe7e0b27ad26eb565bb36e0b3023ad8e6ffcf",
        "source": "bundled plan.json"
      },
      "profile": {
        "dark_on_light": true,
        "max_damaged_modules": 0,
        "min_ecc": "M",
        "min_module_px": 3.0,
        "min_overall_grade": "B",
        "min_quiet_zone_modules": 4,
        "min_symbol_contrast": 0.4,
        "symbols_per_image": 1
      },
      "tool": "qr1405",
      "trust_list": {
        "sha256": "1db12043f4a4a4df8764c89b7431bf9086ae9d38a18ba971363a2f9691795fac",
        "source": "bundled trust-list.json"
      }
    }
    "#);

    // The self-check judges each vector at its own clock: a clock for it is a mistake.
    let (code, _, stderr) = qr1405(&["conform", "--at", "2022-01-01T00:00:00+07:00"], b"");
    assert_eq!(code, 2);
    insta::assert_snapshot!(stderr, @"qr1405: error: --at applies to --submission and --matrix runs: a self-check judges each vector at its own clock");
}
