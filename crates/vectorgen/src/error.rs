//! Why the vectors or the example submissions could not be made or written.

use std::path::PathBuf;

/// Why generation failed. The inputs are fixed, so every variant is a defect of the generator
/// or of a crate it drives, named with the vector or file being made.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A record or text the generator made is not a conforming code.
    #[error("{item}: the payload crate refused it: {source}")]
    Payload {
        /// The vector or file being made, and the part of it.
        item: String,
        /// What the payload crate said.
        #[source]
        source: qr1405_payload::Error,
    },
    /// A golden EU certificate could not be made.
    #[error("{item}: {reason}")]
    Certificate {
        /// The vector being made.
        item: String,
        /// What failed.
        reason: String,
    },
    /// Signing a code failed.
    #[error("{item}: signing failed: {source}")]
    Sign {
        /// The vector or file being made.
        item: String,
        /// What the signature crate said.
        #[source]
        source: qr1405_sign::SignError,
    },
    /// A fixed time of the generator does not read.
    #[error("{item}: {source}")]
    Time {
        /// The vector or file being made.
        item: String,
        /// Why the time does not read.
        #[source]
        source: qr1405_time::TimeError,
    },
    /// Drawing or encoding a picture failed.
    #[error("{item}: drawing the picture failed: {source}")]
    Symbol {
        /// The vector or file being made.
        item: String,
        /// What the symbol crate said.
        #[source]
        source: qr1405_symbol::Error,
    },
    /// A JSON file could not be read or written.
    #[error("{item}: {source}")]
    Json {
        /// The file.
        item: String,
        /// What serde_json said.
        #[source]
        source: serde_json::Error,
    },
    /// An example names a vector the generator does not make.
    #[error("{item}: no vector {id:?}")]
    NoSuchVector {
        /// The file being made.
        item: String,
        /// The vector id.
        id: String,
    },
    /// A file or folder could not be read, written or removed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}
