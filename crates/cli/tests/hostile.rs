//! Hostile input to the `qr1405` command: files that are no files, submissions that reach out
//! of their folder, names that bend terminals and XML, reports that must never look complete
//! when they are not.

mod support;
use support::qr1405;

use std::{
    path::{Path, PathBuf},
    process::Command,
};

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/submissions")
}

fn testkey(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../sign/testdata/keys")
        .join(name)
}

fn text(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 path")
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn files_that_are_no_files_are_refused_without_reading_them() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fifo = dir.path().join("fifo");
    mkfifo(&fifo);
    // Before, /dev/zero grew to gigabytes and a FIFO blocked for ever.
    let (code, _, stderr) = qr1405(&["decode", "/dev/zero"], b"");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "qr1405: error: /dev/zero is a character device, not a regular file\n"
    );
    for args in [
        vec!["decode", text(&fifo)],
        vec!["sign", "--key", text(&fifo), "x"],
        vec!["build", "--record", text(&fifo)],
        vec!["verify", "--trust", text(&fifo), "--root", text(&fifo), "x"],
        vec!["greencard", "--facts", text(&fifo), "--rules", "default"],
    ] {
        let (code, _, stderr) = qr1405(&args, b"");
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stderr.contains("fifo is a named pipe, not a regular file"),
            "{args:?}: {stderr}"
        );
    }
    // A sparse file larger than the limit is refused from its size, not read.
    let sparse = dir.path().join("sparse.png");
    std::fs::File::create(&sparse)
        .and_then(|file| file.set_len(2 << 30))
        .expect("a sparse file");
    let (code, _, stderr) = qr1405(&["decode", text(&sparse)], b"");
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("sparse.png is larger than the 67108864 bytes allowed\n"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn a_submission_cannot_read_the_evaluators_files() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().expect("a temporary folder");
    std::fs::write(outside.path().join("secret.pem"), "PRIVATE").expect("a secret");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let submission = dir.path().join("s");
    std::fs::create_dir(&submission).expect("a submission folder");
    symlink(outside.path().join("secret.pem"), submission.join("x.png")).expect("a link");
    std::fs::write(
        submission.join("manifest.json"),
        r#"{"app":"A","images":[{"display":"full","file":"x.png","expected":"x"}]}"#,
    )
    .expect("a manifest");
    let report = dir.path().join("r");
    let (code, stdout, stderr) = qr1405(
        &[
            "conform",
            "--submission",
            text(&submission),
            "--report",
            text(&report),
        ],
        b"",
    );
    assert_eq!(code, 2, "{stdout}");
    assert!(
        stderr.contains("images[0].file: \"x.png\" leads outside the submission folder"),
        "{stderr}"
    );
    assert!(!stdout.contains("PRIVATE") && !report.exists());
}

#[cfg(unix)]
#[test]
fn reports_replace_links_and_never_write_through_them() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let precious = dir.path().join("precious.txt");
    std::fs::write(&precious, "keep me").expect("a precious file");
    let report = dir.path().join("r");
    std::fs::create_dir(&report).expect("a report folder");
    symlink(&precious, report.join("junit.xml")).expect("a link");
    let (code, _, stderr) = qr1405(
        &[
            "conform",
            "--submission",
            text(&examples().join("passing")),
            "--report",
            text(&report),
        ],
        b"",
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(&precious).expect("still there"),
        "keep me"
    );
    let junit = report.join("junit.xml");
    assert!(
        std::fs::symlink_metadata(&junit)
            .expect("a junit report")
            .is_file()
    );
    let names: Vec<String> = std::fs::read_dir(&report)
        .expect("the report folder")
        .map(|entry| {
            entry
                .expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names.len(), 3, "no temporary file is left: {names:?}");
}

#[test]
fn hostile_names_reach_neither_the_terminal_nor_broken_xml() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let results = dir.path().join("r.jsonl");
    std::fs::write(&results, "").expect("a results file");
    let report = dir.path().join("r");
    let app = "A\u{ffff}\u{1b}]0;owned\u{7}\u{1b}[2J";
    let (code, stdout, stderr) = qr1405(
        &[
            "conform",
            "--reader-results",
            text(&results),
            "--app",
            app,
            "--report",
            text(&report),
        ],
        b"",
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !stdout.contains('\u{1b}') && !stdout.contains('\u{7}'),
        "{stdout}"
    );
    assert!(
        stdout.lines().any(|line| line
            .starts_with("reader: A\u{ffff}\\u{001b}]0;owned\\u{0007}\\u{001b}[2J: FAILED")),
        "{stdout}"
    );
    let junit = std::fs::read_to_string(report.join("junit.xml")).expect("a junit report");
    roxmltree::Document::parse(&junit).expect("well-formed XML");
}

#[test]
fn exceptions_naming_no_case_or_a_key_twice_fail_the_run() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let exceptions = dir.path().join("g.json");
    std::fs::write(&exceptions, r#"{"no-such.png":{"display":"x"}}"#).expect("exceptions");
    let passing = examples().join("passing");
    let args = [
        "conform",
        "--submission",
        text(&passing),
        "--exceptions",
        text(&exceptions),
    ];
    let (code, stdout, _) = qr1405(&args, b"");
    assert_eq!(code, 1, "{stdout}");
    assert!(
        stdout.contains("STALE exceptions file names no-such.png, which is no case of this run"),
        "{stdout}"
    );
    std::fs::write(
        &exceptions,
        r#"{"cccd-self-full.png":{"display":"x"},"cccd-self-full.png":{"decode":"y"}}"#,
    )
    .expect("exceptions");
    let (code, _, stderr) = qr1405(&args, b"");
    assert_eq!(code, 2);
    assert!(
        stderr.ends_with("duplicate key \"cccd-self-full.png\"\n"),
        "{stderr}"
    );
}

#[cfg(unix)]
#[test]
fn sign_warns_of_a_key_open_to_others_and_of_a_test_key() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a temporary folder");
    let code = "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
    let sign = |key: &Path| qr1405(&["sign", "--key", text(key), code], b"");
    // A key of its own, as keygen writes it (mode 600), draws no warning.
    let own = dir.path().join("own.pem");
    let (status, _, stderr) = qr1405(&["keygen", "--out", text(&own)], b"");
    assert_eq!(status, 0, "{stderr}");
    let (status, _, stderr) = sign(&own);
    assert_eq!((status, stderr.as_str()), (0, ""));
    std::fs::set_permissions(&own, std::fs::Permissions::from_mode(0o644)).expect("mode");
    let (status, _, stderr) = sign(&own);
    assert_eq!(status, 0, "{stderr}");
    // A published test key is public whatever its mode: it draws its own warning only.
    let test = dir.path().join("test.pem");
    std::fs::copy(testkey("qrqg-2021.pem"), &test).expect("a key");
    std::fs::set_permissions(&test, std::fs::Permissions::from_mode(0o644)).expect("mode");
    let (status, _, test_stderr) = sign(&test);
    assert_eq!(status, 0, "{test_stderr}");
    let stderr = [stderr, test_stderr]
        .concat()
        .replace(text(dir.path()), "DIR");
    insta::assert_snapshot!(stderr, @"
    qr1405: warning: DIR/own.pem is open to others than its owner (mode 044 of 077); a secret key should be readable by its owner only (chmod 600)
    qr1405: warning: DIR/test.pem is a published test key: what it signs is for tests only and no reader of real codes trusts it
    ");
}

#[test]
fn keys_of_other_algorithms_and_other_files_are_named() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let ed448 = dir.path().join("ed448.pem");
    std::fs::write(
        &ed448,
        "-----BEGIN PRIVATE KEY-----\nMEcCAQAwBQYDK2VxBDsEOadMgpqY7ck01Z+NXNMRJAr+r2hxINdF1sGzq2/M9zpB\nDEPXErplnGyAi/YrJpTFX/MMmk7TDSL/bg==\n-----END PRIVATE KEY-----\n",
    )
    .expect("a key");
    let person = dir.path().join("person.json");
    std::fs::write(&person, r#"{"full_name": "A"}"#).expect("a record");
    let mut messages = Vec::new();
    for key in [&ed448, &person] {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(key, std::fs::Permissions::from_mode(0o600)).expect("mode");
        }
        let (code, _, stderr) = qr1405(&["sign", "--key", text(key), "x"], b"");
        assert_eq!(code, 2);
        messages.push(stderr.replace(text(dir.path()), "DIR"));
    }
    insta::assert_snapshot!(messages.concat(), @r#"
    qr1405: error: cannot read key DIR/ed448.pem: private key is an ed448 key (algorithm 1.3.101.113), not an ed25519 key (1.3.101.112)
    qr1405: error: DIR/person.json is not a PEM file: it has no "-----BEGIN PRIVATE KEY-----" line
    "#);
}
