//! The bundled suite, the requirements page and the example submissions are exactly what the
//! generator makes. CI also regenerates them and diffs the folders (`.ci/run`).
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::path::Path;

use qr1405_conformance::{bundled_vectors, coverage};
use qr1405_vectorgen::{example_submissions, generate, suite_files, vector_files};

/// The top of the repository.
fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

#[test]
fn bundled_vectors_are_what_the_generator_makes() {
    let bundled = bundled_vectors().unwrap();
    let generated: Vec<_> = generate().unwrap().into_iter().map(|g| g.vector).collect();
    let bundled_ids: Vec<&str> = bundled
        .vectors()
        .iter()
        .map(|l| l.vector.id.as_str())
        .collect();
    let generated_ids: Vec<&str> = generated.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(
        bundled_ids, generated_ids,
        "run `cargo run -p qr1405-vectorgen -- --requirements docs/requirements.md --examples examples/submissions`"
    );
    for (loaded, vector) in bundled.vectors().iter().zip(&generated) {
        assert_eq!(
            &loaded.vector, vector,
            "vector {} differs from the generator's",
            vector.id
        );
    }
}

#[test]
fn requirements_page_is_up_to_date() {
    let page = include_str!("../../../docs/requirements.md");
    let vectors: Vec<_> = generate().unwrap().into_iter().map(|g| g.vector).collect();
    let expected = qr1405_conformance::requirements_markdown(&vectors);
    assert!(
        page == expected,
        "docs/requirements.md is stale: run `cargo run -p qr1405-vectorgen -- --requirements docs/requirements.md --examples examples/submissions`"
    );
}

#[test]
fn every_requirement_is_covered_both_ways() {
    let vectors: Vec<_> = generate().unwrap().into_iter().map(|g| g.vector).collect();
    assert!(vectors.len() >= 200, "only {} vectors", vectors.len());
    let coverage = coverage(&vectors);
    // The reader requirements are judged on reader results, not on vectors.
    for (id, c) in coverage.iter().filter(|(id, _)| !id.starts_with("R-")) {
        assert!(
            !c.passing.is_empty() && !c.failing.is_empty(),
            "{id}: {c:?}"
        );
    }
}

#[test]
fn vector_files_are_the_bundled_files() {
    let files = vector_files(&generate().unwrap()).unwrap();
    let dir = root().join("conformance-vectors/vectors");
    for (name, bytes) in &files {
        let on_disk = std::fs::read(dir.join(name)).unwrap();
        assert!(
            on_disk == *bytes,
            "conformance-vectors/vectors/{name} differs"
        );
    }
    let on_disk = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(
        on_disk,
        files.len(),
        "stray files in conformance-vectors/vectors"
    );
    assert!(
        files
            .iter()
            .filter(|(name, _)| name.ends_with(".json"))
            .all(|(_, bytes)| bytes.ends_with(b"\n"))
    );
    for (name, bytes) in suite_files().unwrap() {
        let on_disk = std::fs::read(root().join("conformance-vectors").join(&name)).unwrap();
        assert!(on_disk == bytes, "conformance-vectors/{name} differs");
    }
}

#[test]
fn example_submissions_are_what_the_generator_draws() {
    for (name, bytes) in example_submissions().unwrap() {
        let on_disk = std::fs::read(root().join("examples/submissions").join(&name)).unwrap();
        assert!(on_disk == bytes, "examples/submissions/{name} differs");
    }
}
