//! The rough edges of the command line: closed pipes, empty input, options that would be
//! ignored, and messages that name the real problem.

mod support;
use support::qr1405;

use std::{
    path::Path,
    process::{Command, Stdio},
};

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let picture = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples/submissions/passing/cccd-self-full.png");
    let picture = picture.to_str().expect("a UTF-8 path");
    let mut child = Command::new(env!("CARGO_BIN_EXE_qr1405"))
        .arg("decode")
        .args([picture; 20])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qr1405 starts");
    // The reader goes before the first line is written, as `head` does after its lines.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("qr1405 finishes");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!((output.status.code(), stderr.as_ref()), (Some(0), ""));
}

#[test]
fn misleading_input_gets_a_message_naming_the_real_problem() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let file = |name: &str, contents: &[u8]| {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).expect("a file");
        path.to_str().expect("a UTF-8 path").to_owned()
    };
    let array = file(
        "array.json",
        br#"["079187029317", "NGUYEN VAN A", "1987-05-19", false, "", "", "male", "", ""]"#,
    );
    let bom = file("bom.json", b"\xef\xbb\xbf{\"full_name\": \"A\"}");
    let missing = dir.path().join("nosuchdir");
    let cases: Vec<(&str, Vec<&str>, &[u8])> = vec![
        ("build an array", vec!["build", "--record", &array], b""),
        ("build with a BOM", vec!["build", "--record", &bom], b""),
        ("render nothing", vec!["render", ""], b""),
        ("render empty stdin", vec!["render", "-o", "x.png"], b""),
        (
            "render too long",
            vec!["render", "--ecc", "H"],
            &[b'a'; 2000][..],
        ),
        (
            "a missing submission",
            vec!["conform", "--submission", missing.to_str().expect("utf-8")],
            b"",
        ),
    ];
    let mut messages = Vec::new();
    for (name, args, stdin) in cases {
        let (code, _, stderr) = qr1405(&args, stdin);
        messages.push(format!(
            "{name}: {code}: {}",
            stderr.replace(dir.path().to_str().expect("utf-8"), "DIR")
        ));
    }
    insta::assert_snapshot!(messages.concat(), @"
    build an array: 2: qr1405: error: DIR/array.json: a record is a JSON object, and the file holds an array
    build with a BOM: 2: qr1405: error: DIR/bom.json starts with a byte order mark (EF BB BF): save it as UTF-8 without one
    render nothing: 2: qr1405: error: the text is empty: there is nothing to draw (give it as an argument or on standard input)
    render empty stdin: 2: qr1405: error: the text is empty: there is nothing to draw (give it as an argument or on standard input)
    render too long: 1: qr1405: error: 2000 bytes do not fit in a QR symbol at error-correction level H (at most 1273 bytes of binary data)
    a missing submission: 2: qr1405: error: cannot open DIR/nosuchdir/manifest.json: No such file or directory (os error 2)
    ");
}

#[test]
fn options_that_would_be_ignored_are_refused() {
    for args in [
        ["render", "x", "--size-mm", "50"],
        ["render", "x", "--module-px", "4"],
    ] {
        let (code, _, stderr) = qr1405(&args, b"");
        assert_eq!(code, 2, "{args:?}");
        assert!(
            stderr.contains("the following required arguments were not provided")
                && stderr.contains("--output"),
            "{args:?}: {stderr}"
        );
    }
}
