//! The EU's test vectors (eu-digital-green-certificates/dgc-testdata) as an external suite.
//!
//! Every vector names the stages it tests in `EXPECTEDRESULTS` (`EXPECTEDVERIFY: false`: the
//! signature must not verify). Each named stage is evaluated with this project's libraries —
//! the picture through `qr1405-symbol`, the rest through `qr1405-dcc` — and comes to pass,
//! fail, skip (with the reason), known divergence (listed with its reason and evidence in
//! `dgc-testdata-exceptions.json`) or stale exception. Only fail and stale fail the run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use qr1405_dcc::{Dsc, NumericDate, Signers, Stage as DccStage};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::error::read_bounded;
use crate::{Error, Outcome};

/// A stage the EU test data names, by its `EXPECTED*` key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DgcStage {
    /// `EXPECTEDVALIDOBJECT`: `JSON` is valid against the schema `TESTCTX.SCHEMA`.
    ValidObject,
    /// `EXPECTEDENCODE`: `JSON` encoded as CBOR is `CBOR`, maps compared unordered.
    Encode,
    /// `EXPECTEDPICTUREDECODE`: the picture `2DCODE` reads as `PREFIX`.
    PictureDecode,
    /// `EXPECTEDUNPREFIX`: `PREFIX` has the `HC1:` prefix and the rest is `BASE45`.
    Unprefix,
    /// `EXPECTEDB45DECODE`: `BASE45` decodes to `COMPRESSED`.
    B45Decode,
    /// `EXPECTEDCOMPRESSION`: `COMPRESSED` inflates to `COSE`.
    Compression,
    /// `EXPECTEDDECODE`: the certificate in `COSE` is `CBOR`.
    Decode,
    /// `EXPECTEDVERIFY`: the signature of `COSE` verifies with `TESTCTX.CERTIFICATE`.
    Verify,
    /// `EXPECTEDKEYUSAGE`: the signer certificate's key usage allows the certificate's type.
    KeyUsage,
    /// `EXPECTEDEXPIRATIONCHECK`: `COSE` is valid at `TESTCTX.VALIDATIONCLOCK`.
    ExpirationCheck,
    /// `EXPECTEDSCHEMAVALIDATION`: the certificate is valid against the schema.
    SchemaValidation,
    /// `EXPECTEDVALIDJSON`: the whole chain from `PREFIX` yields `JSON`.
    ValidJson,
}

impl DgcStage {
    /// Every stage, in the order they are evaluated.
    pub const ALL: &'static [DgcStage] = &[
        DgcStage::ValidObject,
        DgcStage::Encode,
        DgcStage::PictureDecode,
        DgcStage::Unprefix,
        DgcStage::B45Decode,
        DgcStage::Compression,
        DgcStage::Decode,
        DgcStage::Verify,
        DgcStage::KeyUsage,
        DgcStage::ExpirationCheck,
        DgcStage::SchemaValidation,
        DgcStage::ValidJson,
    ];

    /// The `EXPECTEDRESULTS` key naming the stage.
    pub fn key(self) -> &'static str {
        match self {
            DgcStage::ValidObject => "EXPECTEDVALIDOBJECT",
            DgcStage::Encode => "EXPECTEDENCODE",
            DgcStage::PictureDecode => "EXPECTEDPICTUREDECODE",
            DgcStage::Unprefix => "EXPECTEDUNPREFIX",
            DgcStage::B45Decode => "EXPECTEDB45DECODE",
            DgcStage::Compression => "EXPECTEDCOMPRESSION",
            DgcStage::Decode => "EXPECTEDDECODE",
            DgcStage::Verify => "EXPECTEDVERIFY",
            DgcStage::KeyUsage => "EXPECTEDKEYUSAGE",
            DgcStage::ExpirationCheck => "EXPECTEDEXPIRATIONCHECK",
            DgcStage::SchemaValidation => "EXPECTEDSCHEMAVALIDATION",
            DgcStage::ValidJson => "EXPECTEDVALIDJSON",
        }
    }

    /// The kebab-case name used in reports and the exceptions file.
    pub fn name(self) -> &'static str {
        match self {
            DgcStage::ValidObject => "valid-object",
            DgcStage::Encode => "encode",
            DgcStage::PictureDecode => "picture-decode",
            DgcStage::Unprefix => "unprefix",
            DgcStage::B45Decode => "b45-decode",
            DgcStage::Compression => "compression",
            DgcStage::Decode => "decode",
            DgcStage::Verify => "verify",
            DgcStage::KeyUsage => "key-usage",
            DgcStage::ExpirationCheck => "expiration-check",
            DgcStage::SchemaValidation => "schema-validation",
            DgcStage::ValidJson => "valid-json",
        }
    }
}

/// One known divergence: why this project's result differs from the vector's expectation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Divergence {
    /// Why, in a sentence.
    pub reason: String,
    /// What shows it: the specification's words, the vector's own content, a peer's result.
    pub evidence: String,
}

/// Known divergences of the EU test data: `{"PATH": {"STAGE": {"reason", "evidence"}}}`, by
/// the vector's path relative to the test data folder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DgcExceptions(BTreeMap<String, BTreeMap<DgcStage, Divergence>>);

/// The largest exceptions file read: 1 MiB.
const MAX_EXCEPTIONS_LEN: u64 = 1 << 20;
/// The bundled exceptions file's bytes.
pub(crate) const BUNDLED_EXCEPTIONS: &[u8] = include_bytes!("../dgc-testdata-exceptions.json");

/// The largest vector file read: 4 MiB (its picture is inside, in base64).
const MAX_VECTOR_LEN: u64 = 4 << 20;

impl DgcExceptions {
    /// The exceptions bundled with this crate: `dgc-testdata-exceptions.json`.
    pub fn bundled() -> Result<DgcExceptions, Error> {
        let path = Path::new("dgc-testdata-exceptions.json");
        DgcExceptions::from_json(BUNDLED_EXCEPTIONS, path)
    }

    /// Reads an exceptions file; every entry gives a reason and its evidence.
    pub fn load(path: &Path) -> Result<DgcExceptions, Error> {
        DgcExceptions::from_json(&read_bounded(path, MAX_EXCEPTIONS_LEN)?, path)
    }

    fn from_json(bytes: &[u8], path: &Path) -> Result<DgcExceptions, Error> {
        let exceptions: DgcExceptions =
            serde_json::from_slice(bytes).map_err(|e| Error::json(path, &e))?;
        for (id, stages) in &exceptions.0 {
            for (stage, divergence) in stages {
                if divergence.reason.trim().is_empty() || divergence.evidence.trim().is_empty() {
                    return Err(Error::invalid(
                        path,
                        format!("{id}.{}", stage.name()),
                        "every known divergence gives its reason and its evidence",
                    ));
                }
            }
        }
        Ok(exceptions)
    }

    fn get(&self, id: &str, stage: DgcStage) -> Option<&Divergence> {
        self.0.get(id)?.get(&stage)
    }
}

/// One stage of one vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DgcCheck {
    /// The stage.
    pub stage: DgcStage,
    /// What the vector expects: `true` that the stage succeeds.
    pub expected: bool,
    /// Whether it succeeded here, when it ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<bool>,
    /// What this project found, for people.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub detail: String,
    /// What it came to.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// One vector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DgcCase {
    /// Its path relative to the test data folder, e.g. `common/2DCode/raw/CO1.json`.
    pub id: String,
    /// Its `TESTCTX.DESCRIPTION`.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Every stage it names, in evaluation order.
    pub checks: Vec<DgcCheck>,
}

/// Counts of outcomes in a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct DgcTotals {
    /// Vectors read.
    pub vectors: usize,
    /// Checks as expected.
    pub passed: usize,
    /// Checks not as expected.
    pub failed: usize,
    /// Checks not run.
    pub skipped: usize,
    /// Checks listed as known divergences.
    pub known_divergences: usize,
    /// Exceptions that no longer apply: an entry that passed, or names no vector.
    pub stale_exceptions: usize,
}

/// A run over the EU test data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DgcReport {
    /// What was run: the tool, its commit, the date, the vectors' folder with the digest of
    /// its `*.json` files, the exceptions and the decoders (docs/conformance.md, What was run).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<crate::Run>,
    /// Every vector, in path order.
    pub cases: Vec<DgcCase>,
    /// Exceptions naming a vector or stage the run did not have.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale_exceptions: Vec<String>,
    /// Counts.
    pub totals: DgcTotals,
    /// Checks by stage: `[passed, failed, skipped, known divergences]`.
    pub by_stage: BTreeMap<DgcStage, [usize; 4]>,
}

impl DgcReport {
    /// Whether the run passed: no unexpected failure and no stale exception.
    pub fn passed(&self) -> bool {
        self.totals.failed == 0 && self.totals.stale_exceptions == 0
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A summary for a terminal: the counts, a line per stage, then every failure, known
    /// divergence and stale exception with its reason.
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let mut out = String::new();
        if let Some(run) = &self.run {
            out.push_str(&run.summary_header());
        }
        let verdict = if self.passed() { "PASSED" } else { "FAILED" };
        let _ = writeln!(
            out,
            "dgc-testdata: {verdict}: {} vectors, {} checks: {} passed, {} failed, {} skipped, {} known divergences, {} stale exceptions",
            t.vectors,
            t.passed + t.failed + t.skipped + t.known_divergences,
            t.passed,
            t.failed,
            t.skipped,
            t.known_divergences,
            t.stale_exceptions
        );
        for (stage, [passed, failed, skipped, known]) in &self.by_stage {
            let _ = writeln!(
                out,
                "  {:<18} {passed:>4} passed {failed:>3} failed {skipped:>3} skipped {known:>3} known",
                stage.name()
            );
        }
        for case in &self.cases {
            for check in &case.checks {
                let label = match check.outcome {
                    Outcome::Fail { .. } => "FAIL",
                    Outcome::StaleException { .. } => "STALE",
                    Outcome::KnownDivergence { .. } => "known",
                    Outcome::Skip { .. } => "skip",
                    _ => continue,
                };
                let _ = writeln!(
                    out,
                    "  {label:5} {} [{}] {}",
                    case.id,
                    check.stage.name(),
                    check.outcome.reason().unwrap_or_default()
                );
            }
        }
        for stale in &self.stale_exceptions {
            let _ = writeln!(
                out,
                "  STALE {stale}: the exceptions file names it, the run has no such check"
            );
        }
        out
    }
}

/// Every `*.json` file under `dir`, relative paths sorted.
fn vector_paths(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|e| Error::io(&folder, e))?;
        for entry in entries {
            let path = entry.map_err(|e| Error::io(&folder, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Runs every vector under `dir` at every stage it names.
pub fn run_dgc_testdata(dir: &Path, exceptions: &DgcExceptions) -> Result<DgcReport, Error> {
    run_dgc_testdata_with(dir, exceptions, &mut |_, _| {})
}

/// [`run_dgc_testdata`], calling `progress(done, total)` after each vector.
pub fn run_dgc_testdata_with(
    dir: &Path,
    exceptions: &DgcExceptions,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<DgcReport, Error> {
    let paths = vector_paths(dir)?;
    let mut cases = Vec::new();
    let mut seen: BTreeSet<(String, DgcStage)> = BTreeSet::new();
    // The digest of every `*.json` file read, named relative to `dir` (the vector set's
    // listing digest, `VectorSet::sha256`, over these files).
    let mut listing: Vec<(String, Vec<u8>)> = Vec::with_capacity(paths.len());
    for (done, path) in paths.iter().enumerate() {
        let id = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = read_bounded(path, MAX_VECTOR_LEN)?;
        let parsed = serde_json::from_slice::<Value>(&bytes);
        listing.push((id.clone(), bytes));
        let Ok(Value::Object(vector)) = parsed else {
            // Not every JSON file of the repository is a vector (schemas, a stray array).
            progress(done + 1, paths.len());
            continue;
        };
        if !vector.contains_key("EXPECTEDRESULTS") {
            progress(done + 1, paths.len());
            continue;
        }
        let case = evaluate(&id, &vector, exceptions);
        for check in &case.checks {
            seen.insert((id.clone(), check.stage));
        }
        cases.push(case);
        progress(done + 1, paths.len());
    }
    let mut stale_exceptions = Vec::new();
    for (id, stages) in &exceptions.0 {
        for stage in stages.keys() {
            if !seen.contains(&(id.clone(), *stage)) {
                stale_exceptions.push(format!("{id} [{}]", stage.name()));
            }
        }
    }
    let mut totals = DgcTotals {
        vectors: cases.len(),
        stale_exceptions: stale_exceptions.len(),
        ..DgcTotals::default()
    };
    let mut by_stage: BTreeMap<DgcStage, [usize; 4]> = BTreeMap::new();
    for check in cases.iter().flat_map(|c| &c.checks) {
        let slot = by_stage.entry(check.stage).or_default();
        match check.outcome {
            Outcome::Pass => {
                totals.passed += 1;
                slot[0] += 1;
            }
            Outcome::Fail { .. } => {
                totals.failed += 1;
                slot[1] += 1;
            }
            Outcome::Skip { .. } => {
                totals.skipped += 1;
                slot[2] += 1;
            }
            Outcome::KnownDivergence { .. } => {
                totals.known_divergences += 1;
                slot[3] += 1;
            }
            Outcome::StaleException { .. } => {
                totals.stale_exceptions += 1;
                slot[1] += 1;
            }
        }
    }
    let mut run = crate::Run::new(crate::Clock::EachVector);
    run.vectors = Some(crate::Input {
        source: dir.display().to_string(),
        sha256: crate::run::listing_sha256(
            listing
                .iter()
                .map(|(name, bytes)| (name.clone(), bytes.as_slice())),
        ),
        files: Some(listing.len()),
    });
    // Pictures are read as the conformance path reads them, not graded.
    run.decoders = crate::run::decoders();
    Ok(DgcReport {
        run: Some(run),
        cases,
        stale_exceptions,
        totals,
        by_stage,
    })
}

fn text<'a>(vector: &'a serde_json::Map<String, Value>, key: &str) -> Option<&'a str> {
    vector
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    let text = text.trim();
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// JSON equality as the test data means it: maps unordered, numbers by value.
fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// What one stage came to here: `Ok(succeeded, detail)`, or `Err(reason)` to skip it.
type Observation = Result<(bool, String), String>;

fn codes(opened: &qr1405_dcc::Opened, stages: &[DccStage]) -> String {
    opened
        .diagnostics()
        .iter()
        .filter(|d| stages.contains(&d.stage()) && d.is_error())
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

fn evaluate(
    id: &str,
    vector: &serde_json::Map<String, Value>,
    exceptions: &DgcExceptions,
) -> DgcCase {
    let context = vector.get("TESTCTX").and_then(Value::as_object);
    let context_text = |key: &str| context.and_then(|c| c.get(key)).and_then(Value::as_str);
    let description = context_text("DESCRIPTION").unwrap_or_default().to_string();
    let expected = vector.get("EXPECTEDRESULTS").and_then(Value::as_object);
    let clock = context_text("VALIDATIONCLOCK").map(NumericDate::parse);
    let json = vector.get("JSON").filter(|j| j.is_object());
    let mut checks = Vec::new();
    for &stage in DgcStage::ALL {
        let Some(expectation) = expected.and_then(|e| e.get(stage.key())) else {
            continue;
        };
        let Some(expected) = expectation.as_bool() else {
            checks.push(DgcCheck {
                stage,
                expected: false,
                observed: None,
                detail: String::new(),
                outcome: Outcome::Skip {
                    reason: format!("{} is {expectation}, not a boolean", stage.key()),
                },
            });
            continue;
        };
        let observation: Observation = match stage {
            DgcStage::ValidObject => schema(json, context_text("SCHEMA")),
            DgcStage::Encode | DgcStage::Decode => {
                let cbor = text(vector, "CBOR").ok_or("no CBOR");
                let cbor = cbor.and_then(|c| unhex(c).ok_or("CBOR is not hexadecimal"));
                match (stage, cbor) {
                    (_, Err(reason)) => Err(reason.to_string()),
                    (DgcStage::Encode, Ok(cbor)) => match json {
                        None => Err("no JSON".into()),
                        Some(json) => Ok(cbor_matches(&cbor, json)),
                    },
                    (_, Ok(cbor)) => match text(vector, "COSE").and_then(unhex) {
                        None => Err("no COSE in hexadecimal".into()),
                        Some(cose) => Ok(decode_matches(&cose, &cbor)),
                    },
                }
            }
            DgcStage::PictureDecode => picture(text(vector, "2DCODE"), text(vector, "PREFIX")),
            DgcStage::Unprefix => match (text(vector, "PREFIX"), text(vector, "BASE45")) {
                (Some(prefix), Some(base45)) => Ok(match prefix.strip_prefix(qr1405_dcc::PREFIX) {
                    Some(rest) if rest == base45 => (true, String::new()),
                    Some(_) => (false, "the text after HC1: is not BASE45".into()),
                    None => {
                        let opened = qr1405_dcc::open(prefix, NumericDate::from_unix_seconds(0));
                        (false, codes(&opened, &[DccStage::Prefix]))
                    }
                }),
                _ => Err("no PREFIX or no BASE45".into()),
            },
            DgcStage::B45Decode => match (text(vector, "BASE45"), text(vector, "COMPRESSED")) {
                (Some(base45), Some(compressed)) => Ok(match qr1405_dcc::base45_decode(base45) {
                    Ok(bytes) if Some(&bytes) == unhex(compressed).as_ref() => {
                        (true, String::new())
                    }
                    Ok(_) => (false, "decodes, but not to COMPRESSED".into()),
                    Err(error) => (false, format!("{}: {error}", error.code())),
                }),
                _ => Err("no BASE45 or no COMPRESSED".into()),
            },
            DgcStage::Compression => match (
                text(vector, "COMPRESSED").and_then(unhex),
                text(vector, "COSE").and_then(unhex),
            ) {
                (Some(compressed), Some(cose)) => Ok(match qr1405_dcc::inflate(&compressed) {
                    Ok(bytes) if bytes == cose => (true, String::new()),
                    Ok(_) => (false, "inflates, but not to COSE".into()),
                    Err(error) => (false, format!("{}: {error}", error.code())),
                }),
                _ => Err("no COMPRESSED or no COSE in hexadecimal".into()),
            },
            DgcStage::Verify | DgcStage::KeyUsage | DgcStage::ExpirationCheck => {
                match (text(vector, "COSE").and_then(unhex), &clock) {
                    (None, _) => Err("no COSE in hexadecimal".into()),
                    (_, None) if stage == DgcStage::ExpirationCheck => {
                        Err("no VALIDATIONCLOCK".into())
                    }
                    (_, Some(Err(error))) => Err(format!("VALIDATIONCLOCK: {error}")),
                    (Some(cose), clock) => {
                        let at = clock
                            .as_ref()
                            .and_then(|c| c.as_ref().ok())
                            .copied()
                            .unwrap_or_else(|| NumericDate::from_unix_seconds(0));
                        signed(stage, &cose, at, context_text("CERTIFICATE"))
                    }
                }
            }
            DgcStage::SchemaValidation => match (text(vector, "COSE").and_then(unhex), &clock) {
                (Some(cose), Some(Ok(at))) => Ok(checked(&cose, *at)),
                _ => schema(json, context_text("SCHEMA")),
            },
            DgcStage::ValidJson => match (text(vector, "PREFIX"), json) {
                (Some(prefix), Some(json)) => Ok(whole_chain(prefix, json)),
                _ => Err("no PREFIX or no JSON".into()),
            },
        };
        let (observed, detail, outcome) = match observation {
            Err(reason) => (None, String::new(), Outcome::Skip { reason }),
            Ok((observed, detail)) if observed == expected => {
                (Some(observed), detail, Outcome::Pass)
            }
            Ok((observed, detail)) => {
                let reason = if observed {
                    "succeeded where the vector expects it to fail".to_string()
                } else {
                    format!("failed where the vector expects it to succeed: {detail}")
                };
                (Some(observed), detail, Outcome::Fail { reason })
            }
        };
        let outcome = match (exceptions.get(id, stage), outcome) {
            (Some(divergence), Outcome::Fail { .. }) => Outcome::KnownDivergence {
                reason: divergence.reason.clone(),
            },
            (Some(divergence), Outcome::Pass) => Outcome::StaleException {
                reason: format!(
                    "listed as a known divergence ({}), but it passed",
                    divergence.reason
                ),
            },
            (_, outcome) => outcome,
        };
        checks.push(DgcCheck {
            stage,
            expected,
            observed,
            detail,
            outcome,
        });
    }
    DgcCase {
        id: id.to_string(),
        description,
        checks,
    }
}

fn schema(json: Option<&Value>, version: Option<&str>) -> Observation {
    let json = json.ok_or("no JSON")?;
    // The context's schema, when this project bundles it; else the certificate's own `ver`.
    let version = version.filter(|v| qr1405_dcc::SCHEMA_VERSIONS.contains(v));
    let found = qr1405_dcc::check_schema(&json.to_string(), version).map_err(|e| e.to_string())?;
    let errors: Vec<String> = found
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    Ok((errors.is_empty(), errors.join("; ")))
}

/// The schema and semantic stages of the certificate in `cose`: what the EU test data calls
/// schema validation also refuses a birth date in the future (NL) and two entries (DGC2).
fn checked(cose: &[u8], at: NumericDate) -> (bool, String) {
    let opened = qr1405_dcc::open_cose(cose, at);
    let stages = [DccStage::Schema, DccStage::Semantic];
    let passed = stages
        .iter()
        .all(|s| opened.outcome(*s) == qr1405_dcc::StageOutcome::Passed);
    (
        passed,
        codes(
            &opened,
            &[
                DccStage::Cose,
                DccStage::Cwt,
                DccStage::Schema,
                DccStage::Semantic,
            ],
        ),
    )
}

fn cbor_matches(cbor: &[u8], json: &Value) -> (bool, String) {
    match qr1405_dcc::certificate_json_from_cbor(cbor) {
        Err(found) => (
            false,
            found
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        ),
        Ok(decoded) => {
            let decoded: Value = serde_json::from_str(&decoded).unwrap_or_default();
            if json_eq(&decoded, json) {
                (true, String::new())
            } else {
                (false, "CBOR and JSON hold different certificates".into())
            }
        }
    }
}

fn decode_matches(cose: &[u8], cbor: &[u8]) -> (bool, String) {
    let opened = qr1405_dcc::open_cose(cose, NumericDate::from_unix_seconds(0));
    let Some(found) = opened.claims().and_then(|c| c.certificate_json()) else {
        return (false, codes(&opened, &[DccStage::Cose, DccStage::Cwt]));
    };
    let errors = codes(&opened, &[DccStage::Cose, DccStage::Cwt]);
    let expected = match qr1405_dcc::certificate_json_from_cbor(cbor) {
        Ok(expected) => expected,
        Err(found) => {
            let found: Vec<String> = found.iter().map(|d| d.to_string()).collect();
            return (
                false,
                format!("CBOR is not a certificate: {}", found.join("; ")),
            );
        }
    };
    let same = json_eq(
        &serde_json::from_str(&found).unwrap_or_default(),
        &serde_json::from_str(&expected).unwrap_or_default(),
    );
    match (same, errors.is_empty()) {
        (true, true) => (true, String::new()),
        (true, false) => (false, errors),
        (false, _) => (false, "the certificate in COSE is not CBOR".into()),
    }
}

fn picture(picture: Option<&str>, prefix: Option<&str>) -> Observation {
    let (Some(picture), Some(prefix)) = (picture, prefix) else {
        return Err("no 2DCODE or no PREFIX".into());
    };
    let Ok(bytes) = BASE64.decode(picture.trim()) else {
        return Ok((false, "2DCODE is not base64".into()));
    };
    match qr1405_symbol::decode(&bytes) {
        Err(error) => Ok((false, format!("the picture cannot be read: {error}"))),
        Ok(report) => {
            let texts: Vec<&str> = report.symbols.iter().map(|s| s.text.as_str()).collect();
            if texts.contains(&prefix) {
                Ok((true, String::new()))
            } else if texts.is_empty() {
                Ok((false, "no symbol found in the picture".into()))
            } else {
                Ok((false, "the symbol's text is not PREFIX".into()))
            }
        }
    }
}

fn signed(stage: DgcStage, cose: &[u8], at: NumericDate, certificate: Option<&str>) -> Observation {
    let mut opened = qr1405_dcc::open_cose(cose, at);
    if stage == DgcStage::ExpirationCheck {
        let passed = opened.outcome(DccStage::Expiry) == qr1405_dcc::StageOutcome::Passed;
        return Ok((passed, codes(&opened, &[DccStage::Cwt, DccStage::Expiry])));
    }
    let certificate = certificate
        .filter(|c| !c.is_empty())
        .ok_or("no TESTCTX.CERTIFICATE")?;
    let mut signers = Signers::new();
    match Dsc::from_text(certificate) {
        Ok(dsc) => signers.add(dsc),
        Err(error) => {
            return Ok((
                false,
                format!("the signer certificate cannot be used: {error}"),
            ));
        }
    }
    opened.verify(&signers);
    let (dcc_stage, shown) = match stage {
        DgcStage::KeyUsage => (
            DccStage::KeyUsage,
            vec![DccStage::Signature, DccStage::KeyUsage],
        ),
        _ => (
            DccStage::Signature,
            vec![DccStage::Cose, DccStage::Signature],
        ),
    };
    let passed = opened.outcome(dcc_stage) == qr1405_dcc::StageOutcome::Passed;
    Ok((passed, codes(&opened, &shown)))
}

fn whole_chain(prefix: &str, json: &Value) -> (bool, String) {
    let opened = qr1405_dcc::open(prefix, NumericDate::from_unix_seconds(0));
    let chain = [
        DccStage::Prefix,
        DccStage::Base45,
        DccStage::Zlib,
        DccStage::Cose,
        DccStage::Cwt,
    ];
    let Some(found) = opened.claims().and_then(|c| c.certificate_json()) else {
        return (false, codes(&opened, &chain));
    };
    let found: Value = serde_json::from_str(&found).unwrap_or_default();
    if json_eq(&found, json) {
        (true, String::new())
    } else {
        (
            false,
            "the chain yields a certificate other than JSON".into(),
        )
    }
}
