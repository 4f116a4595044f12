//! The crate's error type: problems with the evaluator's inputs, never with the app under test.

use std::path::PathBuf;

/// Why a conformance run could not start or finish. An app that fails a requirement is not an
/// error: it is an outcome in the report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file or folder could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said (in the message, so not a separate source).
        error: std::io::Error,
    },
    /// A file could not be read: missing, not a regular file, too large, or outside its
    /// folder.
    #[error(transparent)]
    File(#[from] qr1405_files::Error),
    /// A file is larger than the bound for its kind.
    #[error("{}: {size} bytes is more than the {limit} allowed", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size in bytes.
        size: u64,
        /// The bound.
        limit: u64,
    },
    /// A JSON file does not parse or does not fit its schema.
    #[error("{}: line {line}, column {column}: {message}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// What serde_json said.
        message: String,
    },
    /// A public key file does not hold a key.
    #[error("{}: key: {source}", path.display())]
    Key {
        /// The file.
        path: PathBuf,
        /// Why the signature crate refused it.
        #[source]
        source: qr1405_sign::KeyError,
    },
    /// A trust list does not read, or is not signed by its root key.
    #[error("{}: list: {source}", path.display())]
    TrustList {
        /// The file.
        path: PathBuf,
        /// Why the signature crate refused it.
        #[source]
        source: qr1405_sign::TrustListError,
    },
    /// A file handed over in memory ([`SubmissionFiles`](crate::SubmissionFiles)) under a name
    /// that no file of a submission folder can have, or that was given before.
    #[error("{name:?} {problem}")]
    FileName {
        /// The name as given.
        name: String,
        /// What is wrong with it.
        problem: crate::FileNameProblem,
    },
    /// A file parses, but a value in it is wrong.
    #[error("{}: {field}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// The field, as a JSON path (e.g. `stages.verify.errors`).
        field: String,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    pub(crate) fn io(path: impl Into<PathBuf>, error: std::io::Error) -> Error {
        Error::Io {
            path: path.into(),
            error,
        }
    }

    pub(crate) fn json(path: impl Into<PathBuf>, error: &serde_json::Error) -> Error {
        let message = error.to_string();
        // serde_json appends " at line L column C"; the variant carries them apart.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head)
            .to_owned();
        Error::Json {
            path: path.into(),
            line: error.line(),
            column: error.column(),
            message,
        }
    }

    pub(crate) fn invalid(
        path: impl Into<PathBuf>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Invalid {
            path: path.into(),
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Reads a whole regular file of at most `limit` bytes.
pub(crate) fn read_bounded(path: &std::path::Path, limit: u64) -> Result<Vec<u8>, Error> {
    Ok(qr1405_files::read(path, limit)?)
}
