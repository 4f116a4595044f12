//! Reader-side evaluation: an app's reader was shown the golden images; did it accept every
//! valid code, read each field as written, and refuse every invalid one?

use std::{collections::BTreeMap, path::Path};

use serde::Deserialize;
use serde_json::Value;

use crate::{
    Case, Check, Error, Exceptions, Observed, Outcome, Report, Stage, VectorSet,
    error::read_bounded, selfcheck::verdicts,
};

/// The largest reader-results file read.
pub const MAX_READER_RESULTS_BYTES: u64 = 16 << 20;

/// One line of a reader-results file: what the app's reader did with one vector's image.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReaderResult {
    /// The vector id.
    pub vector: String,
    /// Whether the reader accepted the code as a person's identity.
    pub accepted: bool,
    /// The fields it read, named as `qr1405 parse` names them.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

/// Reads a reader-results file: one JSON object per line; blank lines are skipped.
pub fn load_reader_results(path: &Path) -> Result<Vec<ReaderResult>, Error> {
    let bytes = read_bounded(path, MAX_READER_RESULTS_BYTES)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::invalid(path, "file", format!("not utf-8: {e}")))?;
    let mut results = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let result: ReaderResult = serde_json::from_str(line).map_err(|e| Error::Json {
            path: path.into(),
            line: index + 1,
            column: e.column(),
            message: e
                .to_string()
                .rsplit_once(" at line ")
                .map_or(e.to_string(), |(h, _)| h.to_owned()),
        })?;
        results.push(result);
    }
    Ok(results)
}

/// Whether a reader must accept a vector's code: a personal code or CCCD card QR whose
/// payload, signature, trust and green stages all pass. Symbol stages do not matter: a reader
/// reads what it can.
pub fn must_accept(vectors: &VectorSet, id: &str) -> Option<bool> {
    let loaded = vectors.get(id)?;
    let vector = &loaded.vector;
    let format = vector
        .stages
        .get(&Stage::Recognise)
        .and_then(|e| e.value.as_deref());
    Some(matches!(format, Some("personal-code" | "cccd")) && vector.is_valid())
}

/// The fields a reader must report for a text: what `qr1405 parse` reports, less the raw EXT
/// and the slots after the gender, phone and insurance number (signature, claims).
pub fn expected_fields(bytes: &[u8]) -> BTreeMap<String, String> {
    let scan = qr1405_payload::recognise(bytes);
    let Ok(Value::Object(report)) = serde_json::to_value(&scan) else {
        return BTreeMap::new();
    };
    let Some(Value::Object(fields)) = report.get("fields") else {
        return BTreeMap::new();
    };
    fields
        .iter()
        .filter(|(name, _)| {
            !matches!(name.as_str(), "ext" | "signature") && !name.starts_with("ext_slot_")
        })
        .filter_map(|(name, value)| Some((name.clone(), value.as_str()?.to_owned())))
        .filter(|(_, value)| !value.is_empty())
        .collect()
}

/// Evaluates an app's reader results against the vectors.
///
/// Every vector needs a result; a result naming no vector is an error of the file.
pub fn evaluate_reader(
    app: &str,
    vectors: &VectorSet,
    results: &[ReaderResult],
    exceptions: &Exceptions,
    source: &Path,
) -> Result<Report, Error> {
    let mut by_id: BTreeMap<&str, &ReaderResult> = BTreeMap::new();
    for (index, result) in results.iter().enumerate() {
        if vectors.get(&result.vector).is_none() {
            return Err(Error::invalid(
                source,
                format!("line {}", index + 1),
                format!("{:?} is no vector of this suite", result.vector),
            ));
        }
        if by_id.insert(&result.vector, result).is_some() {
            return Err(Error::invalid(
                source,
                format!("line {}", index + 1),
                format!("a second result for {:?}", result.vector),
            ));
        }
    }
    let mut cases = Vec::new();
    for loaded in vectors.vectors() {
        let vector = &loaded.vector;
        let accept = must_accept(vectors, &vector.id).unwrap_or(false);
        let requirement = if accept { "R-01" } else { "R-02" };
        let (observed, outcome) = match by_id.get(vector.id.as_str()) {
            None => (
                None,
                Outcome::Fail {
                    reason: "the results file has no line for this vector".into(),
                },
            ),
            Some(result) => {
                let observed = judge_read(accept, &vector.bytes(), result);
                let outcome = if observed.passed {
                    Outcome::Pass
                } else {
                    Outcome::Fail {
                        reason: observed.messages.join("; "),
                    }
                };
                (Some(observed), outcome)
            }
        };
        let checks = vec![Check {
            stage: Stage::Read,
            expected: None,
            observed,
            outcome: exceptions.apply(&vector.id, Stage::Read, outcome),
        }];
        let requirements = vec![requirement.to_owned()];
        cases.push(Case {
            id: vector.id.clone(),
            description: format!(
                "{}: the reader must {} it",
                vector.description,
                if accept { "accept" } else { "refuse" }
            ),
            verdicts: verdicts(&requirements, &checks),
            requirements,
            checks,
            image: vector.image.clone(),
            image_bytes: loaded.image.clone(),
            symbols: Vec::new(),
            diff: Vec::new(),
        });
    }
    Ok(Report::new(format!("reader: {app}"), cases, Vec::new()))
}

fn judge_read(accept: bool, bytes: &[u8], result: &ReaderResult) -> Observed {
    let mut observed = Observed::passed();
    match (accept, result.accepted) {
        (true, false) => observed.error("reader-refused-valid", "the reader refused a valid code"),
        (false, true) => observed.error(
            "reader-accepted-invalid",
            "the reader accepted a code it must refuse",
        ),
        (true, true) => {
            let expected = expected_fields(bytes);
            for (name, value) in &expected {
                match result.fields.get(name) {
                    Some(read) if read == value => {}
                    Some(read) => observed.error(
                        "reader-field-mismatch",
                        format!("{name}: expected {value:?}, read {read:?}"),
                    ),
                    None => observed.error(
                        "reader-field-mismatch",
                        format!("{name}: expected {value:?}, not read"),
                    ),
                }
            }
            for (name, read) in &result.fields {
                if !expected.contains_key(name) {
                    observed.error(
                        "reader-field-mismatch",
                        format!("{name}: read {read:?}, which the code does not hold"),
                    );
                }
            }
        }
        (false, false) => {}
    }
    observed
}
