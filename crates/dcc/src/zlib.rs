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
///
/// The output starts at twice the compressed length (certificates inflate to about their
/// compressed length, their signature and identifiers being incompressible) and doubles up to
/// `max` while the stream has more; the inflater's state (some 11 KiB of Huffman tables) is
/// kept for the thread and reset for each stream instead of allocated and zeroed each time.
pub fn inflate_bounded(bytes: &[u8], max: usize) -> Result<Vec<u8>, ZlibError> {
    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

    thread_local! {
        static INFLATER: std::cell::RefCell<Box<DecompressorOxide>> =
            std::cell::RefCell::new(Box::default());
    }
    let flags = inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER
        | inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let status = INFLATER.with(|inflater| {
        let mut inflater = inflater.borrow_mut();
        inflater.init();
        let mut input = bytes;
        let mut out = vec![0; bytes.len().saturating_mul(2).min(max)];
        let mut position = 0;
        loop {
            let (status, read, written) =
                decompress(&mut inflater, input, &mut out, position, flags);
            position += written;
            match status {
                TINFLStatus::Done => {
                    out.truncate(position);
                    return Ok(out);
                }
                TINFLStatus::HasMoreOutput if read <= input.len() && out.len() < max => {
                    input = &input[read..];
                    out.resize(out.len().saturating_mul(2).min(max), 0);
                }
                status => return Err(status),
            }
        }
    });
    status.map_err(|status| match status {
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
    fn output_grows_past_twice_the_input_and_the_state_is_reset_between_streams() {
        let data: Vec<u8> = (0..5000u32).map(|i| (i % 7) as u8).collect();
        let compressed = miniz_oxide::deflate::compress_to_vec_zlib(&data, 9);
        assert!(compressed.len() * 8 < data.len());
        assert_eq!(inflate(&compressed).unwrap(), data);
        // A failure half-way leaves nothing behind for the next stream.
        let mut broken = compressed.clone();
        broken.truncate(broken.len() / 2);
        assert!(inflate(&broken).is_err());
        assert_eq!(inflate(&compressed).unwrap(), data);
        assert_eq!(
            inflate_bounded(&compressed, data.len()).unwrap().len(),
            data.len()
        );
        assert_eq!(
            inflate_bounded(&compressed, data.len() - 1).unwrap_err(),
            ZlibError::TooLarge {
                max: data.len() - 1
            }
        );
        assert_eq!(
            inflate(&[]).unwrap_err().to_string(),
            "not a zlib stream: the stream ends early (0 bytes, starting )"
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
