//! The vectors, exceptions and profile bundled into the binary.

use std::path::PathBuf;

use crate::{CertificateSet, Error, Exceptions, Profile, VectorSet};

include!(concat!(env!("OUT_DIR"), "/bundle.rs"));

/// The folder of `conformance-vectors/` that holds the vectors.
const VECTORS: &str = "vectors/";

/// The bundled golden vectors, with the golden EU certificates of `eu-dcc/`; the set's
/// digest covers both folders.
pub fn bundled_vectors() -> Result<VectorSet, Error> {
    let vectors = VectorSet::from_files_under(
        FILES
            .iter()
            .filter(|(path, _)| path.starts_with(VECTORS))
            .map(|(path, bytes)| (PathBuf::from(path), bytes.to_vec()))
            .collect(),
        "bundled vectors/",
        std::path::Path::new(VECTORS),
    )?;
    match (
        bundled_file("eu-dcc/index.json"),
        bundled_file("eu-dcc/signers.json"),
    ) {
        (Some(index), Some(signers)) => {
            let vectors = vectors.with_certificates(CertificateSet::from_files(
                index,
                signers,
                "eu-dcc/index.json".as_ref(),
            )?)?;
            // The set is both folders: its digest covers the certificates too, each file
            // named by its path in `conformance-vectors/` (docs/conformance.md, What was run).
            let files: Vec<(PathBuf, Vec<u8>)> = FILES
                .iter()
                .filter(|(path, _)| path.starts_with(VECTORS) || path.starts_with(CERTIFICATES))
                .map(|(path, bytes)| (PathBuf::from(path), bytes.to_vec()))
                .collect();
            Ok(vectors.with_input(crate::vector::set_input(
                format!("bundled {VECTORS} and {CERTIFICATES}"),
                &files,
                std::path::Path::new(""),
            )))
        }
        _ => Ok(vectors),
    }
}

/// The folder of `conformance-vectors/` that holds the golden EU certificates.
const CERTIFICATES: &str = "eu-dcc/";

/// A bundled file other than a vector, e.g. `exceptions.json`.
pub fn bundled_file(name: &str) -> Option<&'static [u8]> {
    FILES
        .iter()
        .find(|(path, _)| *path == name)
        .map(|(_, bytes)| *bytes)
}

/// The bundled known divergences (`exceptions.json`), or none.
pub fn bundled_exceptions() -> Result<Exceptions, Error> {
    match bundled_file("exceptions.json") {
        Some(bytes) => {
            serde_json::from_slice(bytes).map_err(|e| Error::json("exceptions.json", &e))
        }
        None => Ok(Exceptions::default()),
    }
}

/// The bundled evaluation profile (`profile.json`), or the defaults.
pub fn bundled_profile() -> Result<Profile, Error> {
    match bundled_file("profile.json") {
        Some(bytes) => serde_json::from_slice(bytes).map_err(|e| Error::json("profile.json", &e)),
        None => Ok(Profile::default()),
    }
}

/// The bundled trust list (`trust-list.json`, signed by the key in `root.pub`), when the
/// bundle has one.
pub fn bundled_trust() -> Result<Option<qr1405_sign::TrustList>, Error> {
    let (Some(list), Some(root)) = (bundled_file("trust-list.json"), bundled_file("root.pub"))
    else {
        return Ok(None);
    };
    let root_text = String::from_utf8_lossy(root);
    let root: qr1405_sign::PublicKey = root_text.trim().parse().map_err(|source| Error::Key {
        path: "root.pub".into(),
        source,
    })?;
    qr1405_sign::TrustList::from_json(list, &root)
        .map(Some)
        .map_err(|source| Error::TrustList {
            path: "trust-list.json".into(),
            source,
        })
}
