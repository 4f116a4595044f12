//! Reading the text a command works on: an argument, or standard input.

use std::{io::Read, path::Path};

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

/// Files read whole at most: records, facts, rules and lists are small.
const FILE_LIMIT: u64 = 16 << 20;

/// Reads a file (or standard input for `-`), refusing one over [`FILE_LIMIT`] bytes.
pub(crate) fn file_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    let mut buffer = Vec::new();
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path).with_context(|| format!("cannot open {}", path.display()))?,
        )
    };
    reader
        .take(FILE_LIMIT + 1)
        .read_to_end(&mut buffer)
        .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        buffer.len() as u64 <= FILE_LIMIT,
        "{} is larger than {FILE_LIMIT} bytes",
        path.display()
    );
    Ok(buffer)
}

/// Reads and deserializes a JSON file, naming the file, line and column on error.
pub(crate) fn json_file<T: serde::de::DeserializeOwned>(path: &Path) -> anyhow::Result<T> {
    let bytes = file_bytes(path)?;
    serde_json::from_slice(&bytes).with_context(|| format!("{}: invalid json", path.display()))
}
