//! What was run: the tool and the commit it was built from, when and at which clock, the
//! profile's values, every input with its SHA-256 digest, and the decoders. An evaluation can
//! be reproduced from its report (`docs/conformance.md`, What was run).

use std::{fmt::Write as _, path::Path};

use serde::{Serialize, Serializer};
use sha2::{Digest as _, Sha256};

use crate::{Error, Profile, Timestamp, error::read_bounded};

/// The commit this crate was built from: `git rev-parse HEAD` of the checkout it was built in,
/// the `QR1405_COMMIT` environment variable of the build, or `unknown`.
pub const COMMIT: &str = env!("QR1405_COMMIT");

/// This crate's version, which every crate of the workspace shares.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// The largest input file whose digest [`Input::read`] takes; larger than any trust list,
/// plan, profile or exceptions file the runner reads.
const MAX_INPUT_BYTES: u64 = 16 << 20;

/// What a run was: enough to run it again and to know that it is the same run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Run {
    /// The tool that ran: `qr1405-conformance`, or `qr1405` from the command line.
    pub tool: String,
    /// Its version.
    pub version: String,
    /// The commit it was built from, or `unknown` (see [`COMMIT`]).
    pub commit: String,
    /// When the run happened.
    pub date: Timestamp,
    /// The command line's arguments after the program name, when it ran from one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub arguments: Vec<String>,
    /// The clock signatures, key validity and green-card claims were judged at.
    pub clock: Clock,
    /// The evaluation profile's values, when the run judges symbols.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub profile: Option<Profile>,
    /// The vector set, when the run uses one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vectors: Option<Input>,
    /// The known divergences, when the caller names them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exceptions: Option<Input>,
    /// The signed trust list signatures were checked against, when the caller names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trust_list: Option<Input>,
    /// The test plan, when the caller names it (submission and matrix runs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<Input>,
    /// The decoders that read the pictures, in the order their readings are preferred.
    pub decoders: Vec<String>,
    /// Whether each symbol read was measured and graded against the profile.
    pub graded: bool,
}

/// The clock a run judged signatures and claims at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// Each vector's own `clock` (self-check and reader runs): JSON `"each vector's own"`.
    EachVector,
    /// One instant for every case (submission and matrix runs): JSON, the RFC 3339 instant.
    At(Timestamp),
}

impl Serialize for Clock {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Clock::EachVector => serializer.serialize_str(EACH_VECTOR),
            Clock::At(at) => at.serialize(serializer),
        }
    }
}

const EACH_VECTOR: &str = "each vector's own";

impl std::fmt::Display for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Clock::EachVector => f.write_str(EACH_VECTOR),
            Clock::At(at) => write!(f, "{at}"),
        }
    }
}

/// An input of a run: where it came from and the SHA-256 of its bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Input {
    /// `bundled NAME` for a file bundled into the tool, else the path it was read from.
    pub source: String,
    /// The SHA-256 digest in lowercase hexadecimal: of the file's bytes, or for a vector set
    /// of its listing (see [`VectorSet::sha256`](crate::VectorSet::sha256)).
    pub sha256: String,
    /// The files it is made of, for a vector set.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub files: Option<usize>,
}

impl Input {
    /// An input of these bytes, from `source`.
    pub fn of_bytes(source: impl Into<String>, bytes: &[u8]) -> Input {
        Input {
            source: source.into(),
            sha256: sha256_hex(bytes),
            files: None,
        }
    }

    /// The bundled file `name` (`trust-list.json`, `exceptions.json`, `profile.json`,
    /// `plan.json`), when the tool bundles it.
    pub fn bundled(name: &str) -> Option<Input> {
        let bytes = match name {
            "plan.json" => Some(crate::plan::BUNDLED.as_bytes()),
            "dgc-testdata-exceptions.json" => Some(crate::dgc_testdata::BUNDLED_EXCEPTIONS),
            _ => crate::bundled_file(name),
        };
        bytes.map(|bytes| Input::of_bytes(format!("bundled {name}"), bytes))
    }

    /// The file at `path`, read again for its digest (at most 16 MiB).
    pub fn read(path: &Path) -> Result<Input, Error> {
        let bytes = read_bounded(path, MAX_INPUT_BYTES)?;
        Ok(Input::of_bytes(path.display().to_string(), &bytes))
    }
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::report::printable(&self.source))?;
        match self.files {
            Some(1) => f.write_str(", 1 file")?,
            Some(files) => write!(f, ", {files} files")?,
            None => {}
        }
        write!(f, ", sha256 {}", self.sha256)
    }
}

impl Run {
    /// A run of this crate happening now, judged at `clock`, with nothing else recorded yet.
    pub fn new(clock: Clock) -> Run {
        Run {
            tool: "qr1405-conformance".to_owned(),
            version: VERSION.to_owned(),
            commit: COMMIT.to_owned(),
            date: Timestamp::now(),
            arguments: Vec::new(),
            clock,
            profile: None,
            vectors: None,
            exceptions: None,
            trust_list: None,
            plan: None,
            decoders: Vec::new(),
            graded: false,
        }
    }

    /// The same run reading pictures as the conformance path does: every decoder, each
    /// symbol measured and graded against `profile`.
    pub(crate) fn conformance_path(mut self, profile: &Profile) -> Run {
        self.decoders = decoders();
        self.graded = true;
        self.profile = Some(profile.clone());
        self
    }

    /// A terminal summary's header: the first of [`summary_lines`](Self::summary_lines) as
    /// it is, the others indented by two spaces, each ending in a line break.
    pub fn summary_header(&self) -> String {
        let mut out = String::new();
        for (i, line) in self.summary_lines().iter().enumerate() {
            let indent = if i == 0 { "" } else { "  " };
            out.push_str(indent);
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// The lines of a terminal summary's header: the tool, then one line per thing recorded.
    pub fn summary_lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "{} {}, commit {}, run {}",
            crate::report::printable(&self.tool),
            crate::report::printable(&self.version),
            crate::report::printable(&self.commit),
            self.date.utc()
        )];
        if !self.arguments.is_empty() {
            let arguments: Vec<String> = self
                .arguments
                .iter()
                .map(|a| crate::report::printable(a))
                .collect();
            lines.push(format!("arguments: {}", arguments.join(" ")));
        }
        lines.push(format!("clock: {}", self.clock));
        if let Some(profile) = &self.profile {
            lines.push(format!("profile: {}", profile_values(profile)));
        }
        for (name, input) in [
            ("vectors", &self.vectors),
            ("exceptions", &self.exceptions),
            ("trust list", &self.trust_list),
            ("test plan", &self.plan),
        ] {
            if let Some(input) = input {
                lines.push(format!("{name}: {input}"));
            }
        }
        let decoders = if self.decoders.is_empty() {
            "none".to_owned()
        } else {
            self.decoders.join(", ")
        };
        lines.push(format!(
            "decoders: {decoders}; symbols {}",
            if self.graded { "graded" } else { "not graded" }
        ));
        lines
    }
}

/// The decoders of the conformance path, by name, in the order their readings are preferred.
pub(crate) fn decoders() -> Vec<String> {
    qr1405_symbol::Decoder::ALL
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// A profile's values as `key value` pairs, keys in alphabetical order.
pub(crate) fn profile_values(profile: &Profile) -> String {
    let value = serde_json::to_value(profile).unwrap_or_default();
    let Some(object) = value.as_object() else {
        return String::new();
    };
    let mut out = String::new();
    for (key, value) in object {
        if !out.is_empty() {
            out.push_str(", ");
        }
        match value {
            serde_json::Value::String(text) => {
                let _ = write!(out, "{key} {text}");
            }
            other => {
                let _ = write!(out, "{key} {other}");
            }
        }
    }
    out
}

/// The SHA-256 of `bytes` in lowercase hexadecimal.
pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        let _ = write!(out, "{byte:02x}");
    }
    out
}

/// The digest of a set of files, `(path relative to the set's folder, bytes)`: the SHA-256 of
/// the listing `sha256sum` prints for them in byte order of their paths, one line
/// `HEX␣␣PATH\n` per file, paths with `/` between folders. In a shell, in the set's folder:
/// `find . -type f | cut -c3- | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`.
pub(crate) fn listing_sha256<'a>(files: impl IntoIterator<Item = (String, &'a [u8])>) -> String {
    let mut files: Vec<(String, &[u8])> = files.into_iter().collect();
    files.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
    let mut listing = String::new();
    for (path, bytes) in files {
        let _ = writeln!(listing, "{}  {path}", sha256_hex(bytes));
    }
    sha256_hex(listing.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_digest_is_the_sha256sum_of_the_sorted_listing() {
        // sha256sum prints `HEX  PATH`; the digest is over those lines, paths in byte order.
        let files = [
            ("b/z.png".to_owned(), &b"z"[..]),
            ("a.json".to_owned(), b"{}"),
        ];
        let listing = format!(
            "{}  a.json\n{}  b/z.png\n",
            sha256_hex(b"{}"),
            sha256_hex(b"z")
        );
        assert_eq!(listing_sha256(files), sha256_hex(listing.as_bytes()));
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn the_profile_is_written_with_its_values() {
        insta::assert_snapshot!(profile_values(&Profile::default()), @"dark_on_light true, max_damaged_modules 0, min_ecc M, min_module_px 3.0, min_overall_grade B, min_quiet_zone_modules 4, min_symbol_contrast 0.4, symbols_per_image 1");
    }
}
