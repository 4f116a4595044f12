//! The qr1405 reader and display calls, compiled to WebAssembly for browsers and Node.js.
//!
//! This crate is thin glue over [`qr1405_reader`]: the page in `web/` and any JavaScript app
//! run exactly the code that the conformance suite judges readers with. `build.sh` beside
//! this crate turns it into the npm package `qr1405` (JavaScript, the `.wasm` module and
//! TypeScript types); `docs/web.md` in the repository describes it.
//!
//! From JavaScript:
//!
//! ```js
//! import init, { CertificateSigners, Reader } from "qr1405";
//! await init();
//! const reader = new Reader(trustListJson, rootPub);
//! const reading = reader.readText(scannedText, new Date());
//! if (reading.verdict === "accept") show(reading.fields.full_name);
//! else explain(reading.reasons);
//! // EU certificates (`HC1:`): verified with signer certificates from a DSC trust list or
//! // PEM and DER files (`CertificateSigners`, `SignerList` in Rust).
//! const signers = CertificateSigners.fromTrustList(dscTrustListJson, "signers.json");
//! const euReader = reader.withCertificateSigners(signers);
//! ```
//!
//! Every reading is the JSON shape of [`qr1405_reader::Reading::to_json`], as a plain
//! object: the same result, field for field, as the Rust crate and every other binding. The
//! calls are also plain Rust functions, usable (and tested) on any target:
//!
//! ```
//! use qr1405_wasm::{Clock, read_text_json};
//!
//! let reader = qr1405_wasm::reader(
//!     include_str!("../../../conformance-vectors/trust-list.json"),
//!     include_str!("../../../conformance-vectors/root.pub"),
//! )?;
//! let at = Clock::Rfc3339("2022-06-01T08:00:00+07:00".into()).time()?;
//! let text = "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|";
//! let json = read_text_json(&reader, text.as_bytes(), at);
//! assert!(json.starts_with(r#"{"verdict":"accept","kind":"personal-code""#));
//! # Ok::<(), qr1405_wasm::Error>(())
//! ```

mod evaluate;
mod frame;
mod js;
mod signers;

pub use evaluate::{
    EvaluateError, Evaluation, HandedOver, MAX_HANDED_OVER_BYTES, evaluate_submission,
    evaluate_submission_js,
};
pub use frame::{read_camera_frame_json, read_frame_json};
pub use js::{CertificateSigners, Reader, display_codes, render_png, render_svg};
pub use signers::{Added, SignerList};

use qr1405_reader::Time;

/// Why a call could not be made: the arguments, never a scanned code (a bad code is a
/// refusal). In JavaScript each is thrown as an `Error` with this message.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The reader crate refused an argument (trust list, root key, clock, record, size, a
    /// frame's pixels).
    #[error("{0}")]
    Reader(#[from] qr1405_reader::Error),
    /// A clock that is neither a `Date` nor RFC 3339 text, or a `Date` that is invalid.
    #[error("clock {value}: {reason}")]
    Clock {
        /// The value given, as JavaScript shows it.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// An argument of the wrong shape, such as a policy or a size.
    #[error("{name}: {reason}")]
    Argument {
        /// The argument's name.
        name: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// A DSC trust list file (`docs/eu-dcc.md`) that cannot be read: not JSON, not that
    /// format, or an entry whose certificate or key identifier cannot be read.
    #[error("dsc trust list {file}: {}{reason}", entry_at(*.entry))]
    SignerTrustList {
        /// The file's name, as the caller gave it.
        file: String,
        /// The 0-based entry of `signers` that is wrong, when one is.
        entry: Option<usize>,
        /// What is wrong.
        reason: String,
    },
    /// A signer certificate file that holds no readable X.509 certificate (DER, PEM or
    /// base64 of DER), or a PEM block that is no certificate.
    #[error("signer certificate {file}: {}{reason}", block_at(*.block))]
    SignerCertificate {
        /// The file's name, as the caller gave it.
        file: String,
        /// The 0-based PEM block that is wrong, when the file is PEM.
        block: Option<usize>,
        /// What is wrong.
        reason: String,
    },
}

fn entry_at(entry: Option<usize>) -> String {
    entry.map_or_else(String::new, |i| format!("signers[{i}]: "))
}

fn block_at(block: Option<usize>) -> String {
    block.map_or_else(String::new, |i| format!("pem block {}: ", i + 1))
}

/// The clock a code is judged at, as JavaScript gives it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Clock {
    /// Milliseconds since 1970-01-01T00:00:00Z (a `Date`'s `getTime()`).
    UnixMillis(f64),
    /// RFC 3339 text with seconds and an offset, such as `2021-10-01T08:00:00+07:00`.
    Rfc3339(String),
}

impl Clock {
    /// The instant, to the second (a `Date`'s milliseconds are dropped).
    ///
    /// # Errors
    ///
    /// [`Error::Clock`] for an invalid `Date`, [`Error::Reader`] for an instant out of range
    /// or text that is not RFC 3339.
    pub fn time(&self) -> Result<Time, Error> {
        match self {
            Clock::UnixMillis(ms) if ms.is_finite() => {
                // Range-checked by the reader crate; a float beyond i64 saturates.
                #[allow(clippy::cast_possible_truncation)]
                let seconds = (ms / 1000.0).floor() as i64;
                Ok(qr1405_reader::clock_from_unix_seconds(seconds)?)
            }
            Clock::UnixMillis(ms) => Err(Error::Clock {
                value: ms.to_string(),
                reason: "an invalid date".to_owned(),
            }),
            Clock::Rfc3339(text) => Ok(qr1405_reader::clock_from_rfc3339(text)?),
        }
    }
}

/// A reader from a signed trust list's JSON and its root public key (the text of
/// `root.pub`), with the default policy.
///
/// # Errors
///
/// [`Error::Reader`] for a root key that is not one, or a list that is malformed or not
/// signed by it.
pub fn reader(
    trust_list_json: &str,
    root_public_key: &str,
) -> Result<qr1405_reader::Reader, Error> {
    Ok(qr1405_reader::Reader::from_trust_list_json(
        trust_list_json.as_bytes(),
        root_public_key,
    )?)
}

/// [`qr1405_reader::Reader::read_text`] as the JSON every binding returns.
pub fn read_text_json(reader: &qr1405_reader::Reader, text: &[u8], at: Time) -> String {
    reader.read_text(text, at).to_json()
}

/// [`qr1405_reader::Reader::read_image`] as the JSON every binding returns.
pub fn read_image_json(reader: &qr1405_reader::Reader, image: &[u8], at: Time) -> String {
    reader.read_image(image, at).to_json()
}

/// What a page shows of the trust list in force: its sequence, issue date and issuers with
/// their keys' windows, as JSON.
pub fn trust_list_json(reader: &qr1405_reader::Reader) -> Option<String> {
    let list = reader.trust_list()?;
    let issuers: Vec<_> = list
        .issuers()
        .iter()
        .map(|issuer| {
            let keys: Vec<_> = issuer
                .keys()
                .iter()
                .map(|key| {
                    serde_json::json!({
                        "key_id": key.key_id().to_string(),
                        "not_before": key.not_before().to_string(),
                        "not_after": key.not_after().to_string(),
                        "status": key.status().to_string(),
                    })
                })
                .collect();
            serde_json::json!({ "id": issuer.id(), "name": issuer.name(), "keys": keys })
        })
        .collect();
    let not_after = list
        .issuers()
        .iter()
        .flat_map(|issuer| issuer.keys())
        .map(|key| key.not_after())
        .max()
        .map(|t| t.to_string());
    Some(
        serde_json::json!({
            "sequence": list.sequence(),
            "issued_at": list.issued_at().to_string(),
            "last_key_expires": not_after,
            "issuers": issuers,
        })
        .to_string(),
    )
}
