//! Golden vectors: one JSON file each, with its images beside it.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use serde::{Deserialize, Serialize};

use qr1405_time::Timestamp;

use crate::{Error, error::read_bounded, requirement};

/// The largest vector file read.
pub const MAX_VECTOR_BYTES: u64 = 1 << 20;

/// The largest image file read.
pub const MAX_IMAGE_BYTES: u64 = 16 << 20;

/// The most vectors in one set.
pub const MAX_VECTORS: usize = 10_000;

/// The stages a vector can expect something of, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// The image decodes to the vector's text.
    Decode,
    /// The text is recognised as the expected format.
    Recognise,
    /// The text splits into the fields of its format.
    Parse,
    /// Every field follows its rules.
    Validate,
    /// The signature verifies.
    Verify,
    /// The signing key is trusted at the clock.
    Trust,
    /// The QR symbol meets the evaluation profile.
    Symbol,
    /// The green-card claim holds at the clock.
    Green,
    /// An app's reader read the code as expected (reader results only, never in a vector).
    Read,
    /// An app showed the expected code (submissions only, never in a vector).
    Display,
}

impl Stage {
    /// Every stage, in pipeline order.
    pub const ALL: [Stage; 10] = [
        Stage::Decode,
        Stage::Recognise,
        Stage::Parse,
        Stage::Validate,
        Stage::Verify,
        Stage::Trust,
        Stage::Symbol,
        Stage::Green,
        Stage::Read,
        Stage::Display,
    ];

    /// The lowercase name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Decode => "decode",
            Stage::Recognise => "recognise",
            Stage::Parse => "parse",
            Stage::Validate => "validate",
            Stage::Verify => "verify",
            Stage::Trust => "trust",
            Stage::Symbol => "symbol",
            Stage::Green => "green",
            Stage::Read => "read",
            Stage::Display => "display",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a stage must do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Expect {
    /// The stage must succeed.
    Pass,
    /// The stage must fail, with exactly the listed errors.
    Fail,
}

/// The expectation of one stage. A stage absent from [`Stages`] is not tested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expectation {
    /// Succeed or fail.
    pub expect: Expect,
    /// Exactly these error codes; empty when the stage must pass.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub errors: BTreeSet<String>,
    /// Exactly these warning codes.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub warnings: BTreeSet<String>,
    /// A stage-specific value: the format for `recognise`, the status for `green`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl Expectation {
    /// The stage must pass, with these warnings.
    pub fn pass<'a>(warnings: impl IntoIterator<Item = &'a str>) -> Expectation {
        Expectation {
            expect: Expect::Pass,
            errors: BTreeSet::new(),
            warnings: warnings.into_iter().map(str::to_owned).collect(),
            value: None,
        }
    }

    /// The stage must fail with these errors and warnings.
    pub fn fail<'a>(
        errors: impl IntoIterator<Item = &'a str>,
        warnings: impl IntoIterator<Item = &'a str>,
    ) -> Expectation {
        Expectation {
            expect: Expect::Fail,
            errors: errors.into_iter().map(str::to_owned).collect(),
            warnings: warnings.into_iter().map(str::to_owned).collect(),
            value: None,
        }
    }

    /// The same expectation with a stage-specific value.
    pub fn with_value(mut self, value: impl Into<String>) -> Expectation {
        self.value = Some(value.into());
        self
    }
}

/// Per stage, what must happen; an absent stage is not tested.
pub type Stages = BTreeMap<Stage, Expectation>;

/// The full and masked forms an app must show for a vector's identity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Forms {
    /// The full display form, signed when the vector has a key.
    pub full: String,
    /// The masked display form, signed when the vector has a key.
    pub masked: String,
}

/// One golden vector.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vector {
    /// The stable id, also the file name without `.json`.
    pub id: String,
    /// What the vector shows, for people.
    pub description: String,
    /// Where it comes from and under what licence.
    pub provenance: String,
    /// The requirement ids it covers.
    pub requirements: Vec<String>,
    /// The identity record the code was built from, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record: Option<qr1405_payload::Record>,
    /// The text in the QR symbol.
    pub text: String,
    /// The text's bytes in hexadecimal, when they are not UTF-8 (then `text` is lossy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text_hex: Option<String>,
    /// The image file beside the vector, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The forms an app must show for the record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected: Option<Forms>,
    /// The key id of the signature, when the code is signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The validation clock.
    pub clock: Timestamp,
    /// Per stage, what must happen.
    pub stages: Stages,
}

impl Vector {
    /// The bytes in the QR symbol.
    pub fn bytes(&self) -> Vec<u8> {
        match &self.text_hex {
            Some(hex) => decode_hex(hex).unwrap_or_default(),
            None => self.text.clone().into_bytes(),
        }
    }

    /// Whether every tested stage must pass: a code a reader must accept.
    pub fn is_valid(&self) -> bool {
        self.stages
            .iter()
            .filter(|(stage, _)| **stage != Stage::Symbol)
            .all(|(_, e)| e.expect == Expect::Pass)
    }

    /// Checks what serde cannot: codes and requirement ids exist, verdicts agree with codes.
    fn check(&self, path: &Path) -> Result<(), Error> {
        let stem = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default();
        if self.id != stem {
            return Err(Error::invalid(
                path,
                "id",
                format!("{:?} differs from the file name {stem:?}", self.id),
            ));
        }
        for id in &self.requirements {
            if requirement::requirement(id).is_none() {
                return Err(Error::invalid(
                    path,
                    "requirements",
                    format!("{id:?} is no requirement of the catalogue"),
                ));
            }
        }
        if let Some(hex) = &self.text_hex
            && decode_hex(hex).is_none()
        {
            return Err(Error::invalid(path, "text_hex", "is not hexadecimal bytes"));
        }
        for (stage, expectation) in &self.stages {
            let field = |name: &str| format!("stages.{stage}.{name}");
            match (expectation.expect, expectation.errors.is_empty()) {
                (Expect::Pass, false) => {
                    return Err(Error::invalid(
                        path,
                        field("errors"),
                        "a stage that must pass lists no errors",
                    ));
                }
                (Expect::Fail, true) => {
                    return Err(Error::invalid(
                        path,
                        field("errors"),
                        "a stage that must fail lists the errors it fails with",
                    ));
                }
                _ => {}
            }
            for code in expectation.errors.iter().chain(&expectation.warnings) {
                if requirement::broken_by(code).next().is_none() {
                    return Err(Error::invalid(
                        path,
                        field("errors"),
                        format!("{code:?} is no finding code"),
                    ));
                }
            }
            if matches!(stage, Stage::Read | Stage::Display) {
                return Err(Error::invalid(
                    path,
                    field("expect"),
                    "the read and display stages come from an app's results, not from a vector",
                ));
            }
            if matches!(stage, Stage::Decode | Stage::Symbol) && self.image.is_none() {
                return Err(Error::invalid(
                    path,
                    field("expect"),
                    "an image stage needs an image",
                ));
            }
        }
        Ok(())
    }
}

/// A vector with its image bytes, as loaded.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The vector.
    pub vector: Vector,
    /// Where it was read from (a path inside the bundle for bundled vectors).
    pub path: PathBuf,
    /// The image bytes, when the vector has an image.
    pub image: Option<Vec<u8>>,
}

/// A set of vectors, sorted by id.
#[derive(Debug, Clone, Default)]
pub struct VectorSet {
    vectors: Vec<Loaded>,
    certificates: CertificateSet,
    /// Where the set came from, its files and their digest (see [`VectorSet::sha256`]).
    input: crate::Input,
}

impl VectorSet {
    /// Loads every `*.json` below `dir`, at any depth, with the images they name.
    ///
    /// Every other file must be an image a vector names: a stray file is an error, so no
    /// vector can sit where the runner does not look.
    pub fn load(dir: &Path) -> Result<VectorSet, Error> {
        let mut files = Vec::new();
        walk(dir, &mut files)?;
        files.sort();
        let mut sources = Vec::new();
        for path in files {
            let bytes = read_bounded(&path, MAX_IMAGE_BYTES.max(MAX_VECTOR_BYTES))?;
            sources.push((path, bytes));
        }
        let input = set_input(dir.display().to_string(), &sources, dir);
        VectorSet::assemble(sources, input)
    }

    /// Builds a set from files already in memory: `(path, bytes)`, vectors and images mixed.
    pub fn from_files(files: Vec<(PathBuf, Vec<u8>)>) -> Result<VectorSet, Error> {
        let input = set_input("in memory".to_owned(), &files, Path::new(""));
        VectorSet::assemble(files, input)
    }

    /// [`VectorSet::from_files`], recording `input` as where the set came from.
    fn assemble(files: Vec<(PathBuf, Vec<u8>)>, input: crate::Input) -> Result<VectorSet, Error> {
        let (jsons, others): (Vec<_>, Vec<_>) = files
            .into_iter()
            .partition(|(path, _)| path.extension().is_some_and(|e| e == "json"));
        let mut images: BTreeMap<PathBuf, Vec<u8>> = others.into_iter().collect();
        if jsons.len() > MAX_VECTORS {
            return Err(Error::invalid(
                jsons[MAX_VECTORS].0.clone(),
                "id",
                format!("a set holds at most {MAX_VECTORS} vectors"),
            ));
        }
        let mut vectors: Vec<Loaded> = Vec::with_capacity(jsons.len());
        for (path, bytes) in jsons {
            if bytes.len() as u64 > MAX_VECTOR_BYTES {
                return Err(Error::TooLarge {
                    path,
                    size: bytes.len() as u64,
                    limit: MAX_VECTOR_BYTES,
                });
            }
            let vector: Vector =
                serde_json::from_slice(&bytes).map_err(|e| Error::json(&path, &e))?;
            vector.check(&path)?;
            let image = match &vector.image {
                Some(name) => {
                    let image_path = path.with_file_name(name);
                    Some(images.remove(&image_path).ok_or_else(|| {
                        Error::invalid(&path, "image", format!("no file {}", image_path.display()))
                    })?)
                }
                None => None,
            };
            vectors.push(Loaded {
                vector,
                path,
                image,
            });
        }
        if let Some((stray, _)) = images.into_iter().next() {
            return Err(Error::invalid(
                stray,
                "file",
                "no vector names this file; vectors are *.json files, images are named by one",
            ));
        }
        vectors.sort_by(|a, b| a.vector.id.cmp(&b.vector.id));
        if let Some(pair) = vectors
            .windows(2)
            .find(|w| w[0].vector.id == w[1].vector.id)
        {
            return Err(Error::invalid(
                &pair[1].path,
                "id",
                format!(
                    "{:?} is also the id of {}",
                    pair[1].vector.id,
                    pair[0].path.display()
                ),
            ));
        }
        Ok(VectorSet {
            vectors,
            certificates: CertificateSet::default(),
            input,
        })
    }

    /// The same set, said to come from `source` (`bundled vectors/`), its files named
    /// relative to `root` in its digest.
    pub(crate) fn from_files_under(
        files: Vec<(PathBuf, Vec<u8>)>,
        source: &str,
        root: &Path,
    ) -> Result<VectorSet, Error> {
        let input = set_input(source.to_owned(), &files, root);
        VectorSet::assemble(files, input)
    }

    /// The SHA-256 of the set's files: of the listing `sha256sum` prints for every file of the
    /// set (vectors and images), in byte order of their paths relative to the set's folder,
    /// `HEX␣␣PATH` a line. In the set's folder:
    /// `find . -type f | cut -c3- | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`.
    /// The bundled set holds the golden EU certificates too: its listing is that of both
    /// folders, in `conformance-vectors/`:
    /// `find vectors eu-dcc -type f | LC_ALL=C sort | xargs -d '\n' sha256sum | sha256sum`.
    pub fn sha256(&self) -> &str {
        &self.input.sha256
    }

    /// Where the set came from, how many files it holds and their digest, for a report.
    pub fn input(&self) -> &crate::Input {
        &self.input
    }

    /// The vectors, sorted by id.
    pub fn vectors(&self) -> &[Loaded] {
        &self.vectors
    }

    /// The vector with this id.
    pub fn get(&self, id: &str) -> Option<&Loaded> {
        self.vectors
            .binary_search_by(|l| l.vector.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.vectors[i])
    }

    /// How many vectors there are.
    pub fn len(&self) -> usize {
        self.vectors.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }
}

/// A set's input record: `files` named relative to `root`, `/` between folders.
pub(crate) fn set_input(source: String, files: &[(PathBuf, Vec<u8>)], root: &Path) -> crate::Input {
    let named = files.iter().map(|(path, bytes)| {
        let relative = path.strip_prefix(root).unwrap_or(path);
        let parts: Vec<String> = relative
            .components()
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect();
        (parts.join("/"), bytes.as_slice())
    });
    crate::Input {
        source,
        sha256: crate::run::listing_sha256(named),
        files: Some(files.len()),
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Error> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    for entry in entries {
        let entry = entry.map_err(|e| Error::io(dir, e))?;
        let path = entry.path();
        let kind = entry.file_type().map_err(|e| Error::io(&path, e))?;
        if kind.is_dir() {
            walk(&path, files)?;
        } else if kind.is_file() {
            files.push(path);
        }
    }
    Ok(())
}

/// Bytes from pairs of hexadecimal digits.
pub(crate) fn decode_hex(hex: &str) -> Option<Vec<u8>> {
    if !hex.len().is_multiple_of(2) {
        return None;
    }
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok())
        .collect()
}

/// One golden EU certificate (`conformance-vectors/eu-dcc/index.json`, `docs/eu-dcc.md`,
/// "Golden certificates"): a text, its clock, and what a reader holding the set's DSC trust
/// list must do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateVector {
    /// A stable id, such as `dcc-valid-ps256-vaccination`.
    pub id: String,
    /// What it is, in a sentence.
    pub description: String,
    /// The scanned text.
    pub text: String,
    /// The validation clock, RFC 3339.
    pub clock: String,
    /// The test signer it is signed with.
    pub signer: String,
    /// `accept` or `refuse`.
    pub expect: String,
    /// The error codes of `docs/eu-dcc.md` a refusal has, in stage order.
    pub codes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CertificateIndex {
    #[allow(dead_code, reason = "read to refuse an index without it")]
    description: String,
    #[allow(dead_code, reason = "read to refuse an index without it")]
    provenance: String,
    #[allow(
        dead_code,
        reason = "the bundled set's trust list is always signers.json"
    )]
    trust_list: String,
    vectors: Vec<CertificateVector>,
}

/// The golden EU certificates and the DSC trust list they verify against.
#[derive(Debug, Clone, Default)]
pub struct CertificateSet {
    vectors: Vec<CertificateVector>,
    signers: qr1405_reader::CertificateSigners,
}

impl CertificateSet {
    /// A set from its index file (`index.json`) and DSC trust list (`signers.json`); `path`
    /// names the index in errors.
    pub fn from_files(index: &[u8], signers: &[u8], path: &Path) -> Result<CertificateSet, Error> {
        let index: CertificateIndex =
            serde_json::from_slice(index).map_err(|e| Error::json(path, &e))?;
        let signers = qr1405_reader::CertificateSigners::from_trust_list(signers)
            .map_err(|e| Error::invalid(path, "trust_list", e.to_string()))?;
        let mut vectors = index.vectors;
        for vector in &vectors {
            if !matches!(vector.expect.as_str(), "accept" | "refuse") {
                return Err(Error::invalid(
                    path,
                    "expect",
                    format!(
                        "{}: {:?} is neither accept nor refuse",
                        vector.id, vector.expect
                    ),
                ));
            }
            qr1405_reader::clock_from_rfc3339(&vector.clock)
                .map_err(|e| Error::invalid(path, "clock", format!("{}: {e}", vector.id)))?;
        }
        vectors.sort_by(|a, b| a.id.cmp(&b.id));
        if let Some(pair) = vectors.windows(2).find(|w| w[0].id == w[1].id) {
            return Err(Error::invalid(
                path,
                "id",
                format!("{:?} is the id of two certificates", pair[0].id),
            ));
        }
        Ok(CertificateSet { vectors, signers })
    }

    /// The certificates, sorted by id.
    pub fn vectors(&self) -> &[CertificateVector] {
        &self.vectors
    }

    /// The certificate with this id.
    pub fn get(&self, id: &str) -> Option<&CertificateVector> {
        self.vectors
            .binary_search_by(|v| v.id.as_str().cmp(id))
            .ok()
            .map(|i| &self.vectors[i])
    }

    /// The set's signer certificates (`signers.json`).
    pub(crate) fn signers(&self) -> &qr1405_reader::CertificateSigners {
        &self.signers
    }

    /// This project's reader holding the set's signer certificates: what a reader must make
    /// of each certificate.
    pub fn reader(&self) -> qr1405_reader::Reader {
        qr1405_reader::Reader::without_trust_list().with_certificate_signers(self.signers.clone())
    }
}

impl VectorSet {
    /// The same set, with golden EU certificates to judge readers on as well.
    ///
    /// # Errors
    ///
    /// [`Error::Invalid`] when a certificate has the id of a vector.
    pub fn with_certificates(mut self, certificates: CertificateSet) -> Result<VectorSet, Error> {
        if let Some(clash) = certificates
            .vectors()
            .iter()
            .find(|c| self.get(&c.id).is_some())
        {
            return Err(Error::invalid(
                "eu-dcc/index.json",
                "id",
                format!("{:?} is also the id of a vector", clash.id),
            ));
        }
        self.certificates = certificates;
        Ok(self)
    }

    /// The same set, recorded as `input` (where it came from, its files and their digest).
    pub(crate) fn with_input(mut self, input: crate::Input) -> VectorSet {
        self.input = input;
        self
    }

    /// The golden EU certificates of the set (none unless added).
    pub fn certificates(&self) -> &CertificateSet {
        &self.certificates
    }
}
