//! The zlib stage: inflate with a bound checked while inflating.

use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// The most bytes a certificate's zlib stream may inflate to: 64 KiB.
///
/// The largest QR code holds 2,953 bytes; certificates in use inflate to under 2 KiB, so the
/// bound leaves room for any real one while a decompression bomb stops at 64 KiB of output.
pub const MAX_INFLATED_LEN: usize = 64 * 1024;

/// Why bytes could not be inflated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ZlibError {
    /// The bytes are not a valid zlib stream.
    #[error("not a zlib stream: {reason} ({length} bytes, starting {head})")]
    Invalid {
        /// What the inflater found wrong.
        reason: &'static str,
        /// The input's length.
        length: usize,
        /// Its first bytes in hexadecimal.
        head: String,
    },
    /// The stream inflates to more than the bound; inflating stopped there.
    #[error("the zlib stream inflates to more than {max} bytes; stopped there")]
    TooLarge {
        /// [`MAX_INFLATED_LEN`], or the bound given.
        max: usize,
    },
}

impl ZlibError {
    /// The diagnostic code of this error.
    pub fn code(&self) -> DiagnosticCode {
        match self {
            ZlibError::Invalid { .. } => DiagnosticCode::ZlibInvalid,
            ZlibError::TooLarge { .. } => DiagnosticCode::ZlibTooLarge,
        }
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        Diagnostic::new(self.code(), self.to_string())
    }
}

/// Inflates a zlib stream (RFC 1950) of at most [`MAX_INFLATED_LEN`] bytes.
pub fn inflate(bytes: &[u8]) -> Result<Vec<u8>, ZlibError> {
    inflate_bounded(bytes, MAX_INFLATED_LEN)
}

/// Inflates a zlib stream of at most `max` bytes: output grows as inflating proceeds and
/// stops at the bound, so a bomb costs `max` bytes of memory, never more.
pub fn inflate_bounded(bytes: &[u8], max: usize) -> Result<Vec<u8>, ZlibError> {
    use miniz_oxide::inflate::TINFLStatus;
    miniz_oxide::inflate::decompress_to_vec_zlib_with_limit(bytes, max).map_err(|error| match error
        .status
    {
        TINFLStatus::HasMoreOutput => ZlibError::TooLarge { max },
        status => ZlibError::Invalid {
            reason: match status {
                TINFLStatus::FailedCannotMakeProgress => "the stream ends early",
                TINFLStatus::BadParam => "bad parameters",
                TINFLStatus::Adler32Mismatch => "the adler-32 checksum does not match",
                _ => "bad header or deflate data",
            },
            length: bytes.len(),
            head: bytes.iter().take(4).map(|b| format!("{b:02x}")).collect(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflates_what_was_deflated() {
        let data = b"a certificate, more or less".repeat(10);
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 9);
        assert_eq!(inflate(&compressed).unwrap(), data);
    }

    #[test]
    fn a_bomb_stops_at_the_bound() {
        let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; 10 * 1024 * 1024], 9);
        assert!(bomb.len() < 20_000);
        assert_eq!(
            inflate(&bomb).unwrap_err(),
            ZlibError::TooLarge {
                max: MAX_INFLATED_LEN
            }
        );
        assert_eq!(
            inflate_bounded(&bomb, 100).unwrap_err().code(),
            DiagnosticCode::ZlibTooLarge
        );
    }

    #[test]
    fn raw_cose_is_not_zlib() {
        let error = inflate(&[0xd2, 0x84, 0x4d, 0xa2, 0x04]).unwrap_err();
        assert_eq!(error.code(), DiagnosticCode::ZlibInvalid);
        assert_eq!(
            error.to_string(),
            "not a zlib stream: bad header or deflate data (5 bytes, starting d2844da2)"
        );
        let mut truncated = miniz_oxide::deflate::compress_to_vec_zlib(b"hello hello", 6);
        truncated.truncate(truncated.len() - 6);
        assert_eq!(
            inflate(&truncated).unwrap_err().code(),
            DiagnosticCode::ZlibInvalid
        );
    }
}
