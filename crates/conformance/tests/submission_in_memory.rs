//! A submission handed over in memory, as a page is handed a dropped folder, is evaluated
//! exactly as the same folder on disk: the same reports, and the same refusals of a bad
//! manifest, name or size.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::path::{Path, PathBuf};

use qr1405_conformance::{
    Error, Settings, Submission, SubmissionFiles, Timestamp, bundled_plan, bundled_profile,
    bundled_trust, bundled_vectors, evaluate_submission_at,
};

fn example(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/submissions")
        .join(name)
}

/// Every file under `dir`, by its name relative to `dir`, as a browser lists a dropped folder.
fn files_of(dir: &Path) -> SubmissionFiles {
    fn walk(root: &Path, dir: &Path, files: &mut SubmissionFiles) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, files);
            } else {
                let name = path.strip_prefix(root).unwrap().to_str().unwrap();
                files.insert(name, std::fs::read(&path).unwrap()).unwrap();
            }
        }
    }
    let mut files = SubmissionFiles::new();
    walk(dir, dir, &mut files);
    files
}

/// The settings of `qr1405 conform --submission`: the bundled profile, trust list and plan.
fn settings() -> Settings {
    Settings {
        profile: bundled_profile().unwrap(),
        trust: bundled_trust().unwrap(),
        plan: bundled_plan().unwrap(),
        ..Settings::default()
    }
}

#[test]
fn the_examples_give_the_same_reports_from_memory_as_from_their_folders() {
    let clock: Timestamp = "2022-06-01T08:00:00+07:00".parse().unwrap();
    let (vectors, settings) = (bundled_vectors().unwrap(), settings());
    for (name, passed, cases) in [("passing", true, 10), ("failing", false, 16)] {
        let dir = example(name);
        let files = files_of(&dir);
        assert!(
            files.len() > 8,
            "{name}: the example folder is missing files"
        );
        let on_disk = Submission::load(&dir).unwrap();
        let in_memory = Submission::from_files(&dir, &files).unwrap();
        assert_eq!(in_memory.manifest, on_disk.manifest, "{name}");
        assert_eq!(in_memory.images, on_disk.images, "{name}");
        assert_eq!(in_memory.reads, on_disk.reads, "{name}");
        in_memory.check_vectors(&vectors).unwrap();

        // Each report records the moment it was made: the same moment for both.
        let report = |s: &Submission| {
            let mut report = evaluate_submission_at(s, &vectors, &settings, clock, &mut |_| {});
            if let Some(run) = &mut report.run {
                run.date = clock;
            }
            report
        };
        let (from_disk, from_memory) = (report(&on_disk), report(&in_memory));
        assert_eq!(from_memory.passed(), passed, "{name}");
        assert_eq!(from_memory.cases.len(), cases, "{name}");
        assert_eq!(
            from_memory.to_json(),
            from_disk.to_json(),
            "{name}: JSON reports differ"
        );
        assert_eq!(
            from_memory.to_html(),
            from_disk.to_html(),
            "{name}: HTML reports differ"
        );
        assert_eq!(from_memory.summary(), from_disk.summary(), "{name}");
    }
}

/// The message of a refusal, the same in memory as on disk when the folder is named alike.
fn both(manifest: &str, files: &[(&str, &[u8])]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut memory = SubmissionFiles::new();
    memory.insert("manifest.json", manifest.as_bytes()).unwrap();
    std::fs::write(dir.path().join("manifest.json"), manifest).unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
        memory.insert(name, *bytes).unwrap();
    }
    let on_disk = Submission::load(dir.path()).map(|_| ()).unwrap_err();
    let in_memory = Submission::from_files(dir.path(), &memory)
        .map(|_| ())
        .unwrap_err();
    let strip = |e: Error| {
        e.to_string()
            .replace(&dir.path().display().to_string(), "DIR")
    };
    (strip(on_disk), strip(in_memory))
}

fn image(file: &str) -> String {
    format!(r#"{{"display": "full", "file": {file:?}, "expected": "x"}}"#)
}

#[test]
fn a_bad_manifest_or_name_is_refused_alike_in_memory_and_on_disk() {
    let one = |file: &str| format!(r#"{{"app": "A", "images": [{}]}}"#, image(file));
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "a key given twice",
            r#"{"app": "A", "app": "B", "images": []}"#.into(),
            "DIR/manifest.json: line 1, column 18: duplicate field `app`",
        ),
        (
            "an unknown key",
            r#"{"app": "A", "images": [], "extra": 1}"#.into(),
            "DIR/manifest.json: line 1, column 34: unknown field `extra`, expected one of `app`, `images`, `reader_results`",
        ),
        (
            "two sources",
            r#"{"app": "A", "images": [{"file": "a.png", "display": "full", "vector": "v", "expected": "x"}]}"#.into(),
            r#"DIR/manifest.json: images[0]: give exactly one of "vector", "record", "expected" or "certificate""#,
        ),
        (
            "a name out of the folder",
            one("../a.png"),
            r#"DIR/manifest.json: images[0].file: "../a.png" is not a path inside the submission folder"#,
        ),
        (
            "an absolute name",
            one("/etc/passwd"),
            r#"DIR/manifest.json: images[0].file: "/etc/passwd" is not a path inside the submission folder"#,
        ),
        (
            "an empty name",
            one(""),
            r#"DIR/manifest.json: images[0].file: "" is not a path inside the submission folder"#,
        ),
        (
            "a name starting with a dot",
            one("./a.png"),
            r#"DIR/manifest.json: images[0].file: "./a.png" is not a path inside the submission folder"#,
        ),
        (
            "a folder for a picture",
            one("shots"),
            "DIR/shots is a directory, not a regular file",
        ),
        (
            "reader results that do not parse",
            r#"{"app": "A", "images": [], "reader_results": "shots/a.png"}"#.into(),
            "DIR/shots/a.png: file: not utf-8: invalid utf-8 sequence of 1 bytes from index 0",
        ),
    ];
    for (what, manifest, expected) in cases {
        let (on_disk, in_memory) = both(&manifest, &[("shots/a.png", &[0xff; 8])]);
        assert_eq!(on_disk, expected, "{what}, on disk");
        assert_eq!(in_memory, expected, "{what}, in memory");
    }
}

#[test]
fn a_missing_file_is_named_in_memory_as_on_disk() {
    let manifest = format!(r#"{{"app": "A", "images": [{}]}}"#, image("shots/b.png"));
    let (on_disk, in_memory) = both(&manifest, &[("shots/a.png", b"png")]);
    assert!(
        on_disk.starts_with("cannot open DIR/shots/b.png: "),
        "{on_disk}"
    );
    insta::assert_snapshot!(in_memory, @"cannot open DIR/shots/b.png: not among the submission's files");
    let mut files = SubmissionFiles::new();
    files.insert("a.png", b"png".as_slice()).unwrap();
    let error = Submission::from_files(Path::new("dropped"), &files).unwrap_err();
    insta::assert_snapshot!(error, @"cannot open dropped/manifest.json: not among the submission's files");
}

#[test]
fn a_picture_larger_than_the_bound_is_refused_alike() {
    let manifest = format!(r#"{{"app": "A", "images": [{}]}}"#, image("big.png"));
    let big = vec![0u8; usize::try_from(qr1405_conformance::MAX_IMAGE_BYTES).unwrap() + 1];
    let (on_disk, in_memory) = both(&manifest, &[("big.png", &big)]);
    assert_eq!(in_memory, on_disk);
    assert!(in_memory.ends_with("bytes allowed"), "{in_memory}");
    let huge = vec![b' '; (1 << 20) + 1];
    let mut files = SubmissionFiles::new();
    files.insert("manifest.json", huge).unwrap();
    let error = Submission::from_files(Path::new("dropped"), &files).unwrap_err();
    insta::assert_snapshot!(error, @"dropped/manifest.json is larger than the 1048576 bytes allowed");
}

#[test]
fn a_file_listed_twice_is_held_once_and_spellings_of_one_name_agree() {
    let manifest = format!(
        r#"{{"app": "A", "images": [{}, {}, {}]}}"#,
        image("shots/a.png"),
        image("shots//a.png"),
        image("shots/./a.png")
    );
    let mut files = SubmissionFiles::new();
    files
        .insert("manifest.json", manifest.into_bytes())
        .unwrap();
    files.insert("shots/a.png", b"png".as_slice()).unwrap();
    let submission = Submission::from_files(Path::new("dropped"), &files).unwrap();
    assert_eq!(submission.images.len(), 3);
    assert!(std::sync::Arc::ptr_eq(
        &submission.images[0],
        &submission.images[2]
    ));
}

#[test]
fn a_name_handed_over_twice_or_out_of_the_folder_is_refused() {
    let mut files = SubmissionFiles::new();
    files.insert("shots/a.png", b"1".as_slice()).unwrap();
    let refused = |files: &mut SubmissionFiles, name: &str| {
        files.insert(name, b"2".as_slice()).unwrap_err().to_string()
    };
    insta::assert_snapshot!(refused(&mut files, "shots/a.png"), @r#""shots/a.png" names the same file as "shots/a.png", given before"#);
    insta::assert_snapshot!(refused(&mut files, "shots//a.png"), @r#""shots//a.png" names the same file as "shots/a.png", given before"#);
    insta::assert_snapshot!(refused(&mut files, "../a.png"), @r#""../a.png" is not a path inside the submission folder"#);
    insta::assert_snapshot!(refused(&mut files, "/a.png"), @r#""/a.png" is not a path inside the submission folder"#);
    insta::assert_snapshot!(refused(&mut files, ""), @r#""" is not a path inside the submission folder"#);
    assert_eq!(files.len(), 1);
    assert_eq!(files.total_bytes(), 1);
}
