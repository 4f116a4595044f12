//! Reading the text a command works on: an argument, or standard input.

use std::io::Read;

use anyhow::Context;

/// Bytes read from standard input at most; a QR symbol holds far less.
const STDIN_LIMIT: u64 = 1 << 20;

/// Returns the bytes of `arg`, or of standard input when `arg` is `-` or absent.
///
/// From standard input one trailing line ending (`\n` or `\r\n`) is removed, since a shell
/// adds it; everything else is kept byte for byte.
pub(crate) fn text_bytes(arg: Option<&str>) -> anyhow::Result<Vec<u8>> {
    match arg {
        Some(text) if text != "-" => Ok(text.as_bytes().to_vec()),
        _ => {
            let mut buffer = Vec::new();
            std::io::stdin()
                .take(STDIN_LIMIT + 1)
                .read_to_end(&mut buffer)
                .context("cannot read standard input")?;
            anyhow::ensure!(
                buffer.len() as u64 <= STDIN_LIMIT,
                "standard input is longer than {STDIN_LIMIT} bytes"
            );
            if buffer.ends_with(b"\n") {
                buffer.pop();
                if buffer.ends_with(b"\r") {
                    buffer.pop();
                }
            }
            Ok(buffer)
        }
    }
}
