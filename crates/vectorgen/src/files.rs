//! The files the generator writes: each vector's JSON and picture, the suite's files beside
//! them, the requirements page and the example submissions.

use std::{collections::BTreeSet, path::Path};

use qr1405_testkeys::TestKey;

use crate::{Error, Generated};

/// The files of a vector folder: `(file name, bytes)`, each vector as pretty JSON beside its
/// image.
pub fn vector_files(generated: &[Generated]) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut files = Vec::new();
    for Generated { vector, image } in generated {
        let mut json = serde_json::to_vec_pretty(vector).map_err(|source| Error::Json {
            item: format!("{}.json", vector.id),
            source,
        })?;
        json.push(b'\n');
        files.push((format!("{}.json", vector.id), json));
        if let (Some(name), Some(png)) = (&vector.image, image) {
            files.push((name.clone(), png.clone()));
        }
    }
    Ok(files)
}

/// The suite's files beside the vectors: the test trust list, its root key and the default
/// evaluation profile, as `(file name, bytes)`.
pub fn suite_files() -> Result<Vec<(String, Vec<u8>)>, Error> {
    let mut profile =
        serde_json::to_vec_pretty(&qr1405_conformance::Profile::default()).map_err(|source| {
            Error::Json {
                item: "profile.json".to_owned(),
                source,
            }
        })?;
    profile.push(b'\n');
    Ok(vec![
        ("profile.json".to_owned(), profile),
        (
            "root.pub".to_owned(),
            format!("{}\n", TestKey::Root.public_key()).into_bytes(),
        ),
        (
            "trust-list.json".to_owned(),
            qr1405_testkeys::signed_trust_list().into_bytes(),
        ),
    ])
}

/// Writes the conformance suite into `out` (vectors into `out/vectors/`, which is made to hold
/// exactly the generated files: others are removed), and, when given, the requirements page
/// and the example submissions. Returns how many vectors were written.
pub fn write(
    out: &Path,
    requirements: Option<&Path>,
    examples: Option<&Path>,
) -> Result<usize, Error> {
    let generated = crate::generate()?;
    let files = vector_files(&generated)?;
    let vectors: Vec<_> = generated.into_iter().map(|g| g.vector).collect();
    let dir = out.join("vectors");
    std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
    let names: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for entry in std::fs::read_dir(&dir).map_err(|e| io(&dir, e))? {
        let path = entry.map_err(|e| io(&dir, e))?.path();
        let stale = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| !names.contains(n));
        if stale && path.is_file() {
            std::fs::remove_file(&path).map_err(|e| io(&path, e))?;
        }
    }
    for (name, bytes) in &files {
        put(&dir.join(name), bytes)?;
    }
    for (name, bytes) in suite_files()? {
        put(&out.join(name), &bytes)?;
    }
    let certificates = out.join("eu-dcc");
    std::fs::create_dir_all(&certificates).map_err(|e| io(&certificates, e))?;
    for (name, bytes) in crate::certificate_files()? {
        put(&certificates.join(name), &bytes)?;
    }
    if let Some(path) = requirements {
        put(
            path,
            qr1405_conformance::requirements_markdown(&vectors).as_bytes(),
        )?;
    }
    if let Some(examples) = examples {
        for (name, bytes) in crate::example_submissions()? {
            let path = examples.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
            }
            put(&path, &bytes)?;
        }
    }
    Ok(vectors.len())
}

fn put(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| io(path, e))
}

fn io(path: &Path, source: std::io::Error) -> Error {
    Error::Io {
        path: path.to_owned(),
        source,
    }
}
