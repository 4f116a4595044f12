//! The crate's error type: wrong arguments, never a scanned code (a bad code is a refusal).

/// Why a reader could not be set up, or a code could not be made or drawn.
///
/// A scanned code that is wrong is not an error: [`crate::Reader::read_text`] refuses it
/// with its reasons. These errors are about what the caller passed in.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The root public key is not 43 base64url characters of an Ed25519 key.
    #[error("root public key {value:?}: {reason}")]
    RootKey {
        /// The text given, cut to 64 characters.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The trust list is malformed, or its signature does not verify under the root key.
    #[error("trust list: {reason}")]
    TrustList {
        /// What is wrong with it.
        reason: String,
    },
    /// A DSC trust list (`docs/eu-dcc.md`) that is malformed, or one of whose certificates
    /// cannot be read.
    #[error("signer trust list: {reason}")]
    CertificateTrustList {
        /// What is wrong with it, naming the entry.
        reason: String,
    },
    /// A signer certificate (DSC) that is not a P-256 or RSA X.509 certificate in DER, PEM or
    /// base64 of DER.
    #[error("signer certificate {index}: {reason}")]
    SignerCertificate {
        /// Its 0-based place among the certificates given.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A clock outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z, or unreadable text.
    #[error("clock {value:?}: {reason}")]
    Clock {
        /// The clock as given.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A person's record that cannot be written as a conforming code.
    #[error("record: {reason}")]
    Record {
        /// What is wrong with it, naming the field.
        reason: String,
    },
    /// A text that is not a conforming personal code where one is needed.
    #[error("not a conforming personal code: {reason}")]
    NotConforming {
        /// Every error found, as one line.
        reason: String,
    },
    /// Decoded pixels (a camera frame) of a size with a side of 0, or more pixels than a
    /// picture file may hold.
    #[error("a {width} × {height} px picture is outside 1 × 1 to {max_pixels} pixels")]
    PictureSize {
        /// The width given, in pixels.
        width: u32,
        /// The height given, in pixels.
        height: u32,
        /// The most pixels a picture may hold.
        max_pixels: u64,
    },
    /// Decoded pixels whose bytes are not the stated size's.
    #[error("a {width} × {height} px picture has {expected} bytes of {layout} pixels, not {len}")]
    PixelBytes {
        /// The width given, in pixels.
        width: u32,
        /// The height given, in pixels.
        height: u32,
        /// How the pixels are laid out: `rgba` (4 bytes a pixel) or `greyscale` (1).
        layout: &'static str,
        /// The bytes given.
        len: usize,
        /// The bytes the size needs.
        expected: u64,
    },
    /// A size or text the renderer cannot draw.
    #[error("cannot draw the code: {reason}")]
    Render {
        /// What is out of range.
        reason: String,
    },
}

/// `text` cut to at most `max` characters, for quoting in a message.
pub(crate) fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}
