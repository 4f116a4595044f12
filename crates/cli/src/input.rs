//! Reading what a command is given: text, files, JSON, keys and trust lists.
//!
//! Every file goes through `qr1405_files::read`: it refuses what is not a regular file (a
//! directory, a FIFO, `/dev/zero`) without waiting on it and stops reading at the limit of the
//! file's kind. Standard input is read only when a command is given `-` (or, for a code's
//! text, nothing).

use std::path::Path;

use anyhow::Context;
use qr1405_sign::{PublicKey, SecretKey, TrustList};
use zeroize::Zeroizing;

/// Bytes read from standard input at most; a QR symbol holds far less.
const STDIN_LIMIT: u64 = 1 << 20;

/// Files read whole at most: records, facts, rules and lists are small.
pub(crate) const FILE_LIMIT: u64 = 16 << 20;

/// A picture file read at most: the symbol crate's default byte limit.
pub(crate) const IMAGE_LIMIT: u64 = 64 << 20;

/// A secret key file read at most; a PKCS#8 PEM Ed25519 key is about 120 bytes.
const SECRET_KEY_LIMIT: u64 = 16 << 10;

/// A public key file read at most: 43 characters and some white space.
const PUBLIC_KEY_LIMIT: u64 = 1 << 10;

/// Returns the bytes of `arg`, or of standard input when `arg` is `-` or absent.
///
/// From standard input one trailing line ending (`\n` or `\r\n`) is removed, since a shell
/// adds it; everything else is kept byte for byte.
pub(crate) fn text_bytes(arg: Option<&str>) -> anyhow::Result<Vec<u8>> {
    match arg {
        Some(text) if text != "-" => Ok(text.as_bytes().to_vec()),
        _ => {
            let mut buffer = qr1405_files::read_stdin(STDIN_LIMIT)?;
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

/// Reads a file of at most `limit` bytes (standard input for `-`).
pub(crate) fn bytes(path: &Path, limit: u64) -> anyhow::Result<Vec<u8>> {
    Ok(qr1405_files::read_arg(path, limit)?)
}

/// Reads a file of at most [`FILE_LIMIT`] bytes (standard input for `-`).
pub(crate) fn file_bytes(path: &Path) -> anyhow::Result<Vec<u8>> {
    bytes(path, FILE_LIMIT)
}

/// Reads a UTF-8 text file of at most `limit` bytes, naming a byte order mark as such.
pub(crate) fn text_file(path: &Path, limit: u64) -> anyhow::Result<String> {
    let bytes = bytes(path, limit)?;
    refuse_bom(path, &bytes)?;
    String::from_utf8(bytes).map_err(|error| {
        anyhow::anyhow!(
            "{} is not UTF-8 text: byte {} is invalid",
            path.display(),
            error.utf8_error().valid_up_to()
        )
    })
}

/// A byte order mark is refused by name: JSON parsers call it "expected value".
fn refuse_bom(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    anyhow::ensure!(
        !bytes.starts_with(b"\xef\xbb\xbf"),
        "{} starts with a byte order mark (EF BB BF): save it as UTF-8 without one",
        path.display()
    );
    Ok(())
}

/// Reads a JSON file that must hold one object (a record, facts): an array or another value
/// is refused by name before its fields are read.
pub(crate) fn json_object_file<T: serde::de::DeserializeOwned>(
    path: &Path,
    what: &str,
) -> anyhow::Result<T> {
    let bytes = file_bytes(path)?;
    refuse_bom(path, &bytes)?;
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) != Some(&b'{') {
        // Name what the file holds when it is JSON, or the syntax error when it is not.
        let value: serde_json::Value = serde_json::from_slice(&bytes)
            .with_context(|| format!("{}: invalid json", path.display()))?;
        let kind = match value {
            serde_json::Value::Array(_) => "an array",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::Bool(_) => "a boolean",
            _ => "null",
        };
        anyhow::bail!(
            "{}: {what} is a JSON object, and the file holds {kind}",
            path.display()
        );
    }
    serde_json::from_slice(&bytes).with_context(|| format!("{}: invalid json", path.display()))
}

/// Reads a PKCS#8 PEM private key file, wiping the bytes read once the key is made.
///
/// Warns on standard error, as ssh does, when the file's permissions let others than its
/// owner read or change it, and when the key is one of the published test keys.
pub(crate) fn secret_key(path: &Path) -> anyhow::Result<SecretKey> {
    let file = qr1405_files::read_secret(path, SECRET_KEY_LIMIT)?;
    let bytes = Zeroizing::new(file.bytes);
    if let Some(mode) = file.open_to_others {
        eprintln!(
            "qr1405: warning: {} is open to others than its owner (mode {mode:03o} of 077); \
             a secret key should be readable by its owner only (chmod 600)",
            path.display()
        );
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| anyhow::anyhow!("{} is not a PEM file: it is not text", path.display()))?;
    anyhow::ensure!(
        text.contains("-----BEGIN "),
        "{} is not a PEM file: it has no \"-----BEGIN PRIVATE KEY-----\" line",
        path.display()
    );
    let key = SecretKey::from_pkcs8_pem(text)
        .with_context(|| format!("cannot read key {}", path.display()))?;
    if is_published_test_key(&key) {
        eprintln!(
            "qr1405: warning: {} is a published test key: what it signs is for tests only and \
             no reader of real codes trusts it",
            path.display()
        );
    }
    Ok(key)
}

/// The key ids of the test keys whose seeds are published with this project
/// (`qr1405-testkeys`); the binary does not link them, and a test proves the list is theirs.
const PUBLISHED_TEST_KEY_IDS: [&str; 8] = [
    "0tLZ5K4-", "27UZKf7U", "CMi-vmHj", "OnZ16qsk", "PbN96mPr", "bv5jBH5F", "l5tL89uG", "y6gkIoj9",
];

/// Whether `key` is one of the published test keys.
fn is_published_test_key(key: &SecretKey) -> bool {
    PUBLISHED_TEST_KEY_IDS.contains(&key.key_id().to_string().as_str())
}

/// A public key given as text, or as a file that holds the text.
pub(crate) fn public_key(value: &str) -> anyhow::Result<PublicKey> {
    if let Ok(key) = value.parse() {
        return Ok(key);
    }
    let bytes = bytes(Path::new(value), PUBLIC_KEY_LIMIT)
        .with_context(|| format!("--root {value:?} is neither a public key nor a readable file"))?;
    Ok(String::from_utf8_lossy(&bytes).trim().parse()?)
}

/// Reads a signed trust list and checks it against `root` (a key or a file holding it).
pub(crate) fn trust_list(path: &Path, root: &str) -> anyhow::Result<TrustList> {
    let root = public_key(root)?;
    let json = bytes(path, qr1405_sign::MAX_TRUST_LIST_LEN as u64)?;
    TrustList::from_json(&json, &root).with_context(|| format!("cannot use {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_test_key_ids_are_the_test_keys() {
        let mut ids: Vec<String> = qr1405_testkeys::TestKey::ALL
            .iter()
            .map(|key| key.secret_key().key_id().to_string())
            .collect();
        ids.sort();
        let mut listed: Vec<String> = PUBLISHED_TEST_KEY_IDS.map(str::to_owned).to_vec();
        listed.sort();
        assert_eq!(ids, listed);
    }
}
