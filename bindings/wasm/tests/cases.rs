//! The golden vectors' readings by the Rust reader, written to `tests/reader-cases.jsonl` for
//! the Node.js tests (`test/vectors.test.mjs`) to compare the WebAssembly build with, byte
//! for byte. The file must match what the Rust reader says today; rewrite it with
//! `QR1405_UPDATE_CASES=1 cargo test -p qr1405-wasm --test cases`.

use std::{fmt::Write as _, path::PathBuf};

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut out, b| {
        let _ = write!(out, "{b:02x}");
        out
    })
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).expect("hex"))
        .collect()
}

/// One line a vector: its input, its clock, and what the Rust reader reads from its text and
/// from its picture.
fn cases() -> String {
    let dir = root().join("conformance-vectors");
    let reader = qr1405_wasm::reader(
        &std::fs::read_to_string(dir.join("trust-list.json")).expect("trust list"),
        &std::fs::read_to_string(dir.join("root.pub")).expect("root key"),
    )
    .expect("reader");
    let mut paths: Vec<_> = std::fs::read_dir(dir.join("vectors"))
        .expect("vectors folder")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "json"))
        .collect();
    paths.sort();
    assert!(paths.len() > 100, "only {} vectors found", paths.len());
    let mut out = String::new();
    for path in paths {
        let vector: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("vector")).expect("json");
        let id = vector["id"].as_str().expect("id");
        let text = match vector["text_hex"].as_str() {
            Some(h) => unhex(h),
            None => vector["text"].as_str().expect("text").as_bytes().to_vec(),
        };
        let clock = vector["clock"].as_str().expect("clock");
        let at = qr1405_reader::clock_from_rfc3339(clock).expect("clock");
        let text_reading = qr1405_wasm::read_text_json(&reader, &text, at);
        let image = vector["image"].as_str();
        let image_reading = image.map(|name| {
            let bytes = std::fs::read(dir.join("vectors").join(name)).expect("image");
            qr1405_wasm::read_image_json(&reader, &bytes, at)
        });
        let line = json!({
            "id": id,
            "clock": clock,
            "text_hex": hex(&text),
            "utf8": vector.get("text_hex").is_none(),
            "image": image,
            "text_reading": text_reading,
            "image_reading": image_reading,
        });
        out.push_str(&line.to_string());
        out.push('\n');
    }
    out
}

#[test]
fn the_cases_file_is_what_the_rust_reader_reads() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/reader-cases.jsonl");
    let now = cases();
    if std::env::var_os("QR1405_UPDATE_CASES").is_some() {
        std::fs::write(&path, &now).expect("write the cases");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    for (line, (was, is)) in committed.lines().zip(now.lines()).enumerate() {
        let id = |l: &str| {
            serde_json::from_str::<Value>(l)
                .map(|v| v["id"].clone())
                .ok()
        };
        assert_eq!(
            was,
            is,
            "line {}: vector {:?} reads otherwise now; rewrite the file with \
             QR1405_UPDATE_CASES=1 cargo test -p qr1405-wasm --test cases",
            line + 1,
            id(is)
        );
    }
    assert_eq!(
        committed.lines().count(),
        now.lines().count(),
        "{} holds another number of vectors than the bundle; rewrite it with \
         QR1405_UPDATE_CASES=1",
        path.display()
    );
}
