//! Reader-side evaluation: an app's reader was shown the golden images; did it accept every
//! valid code, read each field as written, and refuse every invalid one?

use std::{collections::BTreeMap, path::Path, sync::Arc};

use serde::{Deserialize, de::DeserializeOwned};
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
    /// The fields it read, named as `qr1405 parse` names them; each name once.
    #[serde(default, deserialize_with = "crate::unique::map")]
    pub fields: BTreeMap<String, String>,
}

/// Reads a reader-results file: one JSON object per line; blank lines are skipped.
pub fn load_reader_results(path: &Path) -> Result<Vec<ReaderResult>, Error> {
    Ok(read_json_lines(path, path, MAX_READER_RESULTS_BYTES)?
        .into_iter()
        .map(|(_, result)| result)
        .collect())
}

/// Reads a file of one JSON object per line, each with its line number (from 1); blank lines
/// are skipped.
pub(crate) fn read_json_lines<T: DeserializeOwned>(
    read_from: &Path,
    path: &Path,
    limit: u64,
) -> Result<Vec<(usize, T)>, Error> {
    let bytes = read_bounded(read_from, limit)?;
    let text = std::str::from_utf8(&bytes)
        .map_err(|e| Error::invalid(path, "file", format!("not utf-8: {e}")))?;
    let mut lines = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: T = serde_json::from_str(line).map_err(|e| Error::Json {
            path: path.into(),
            line: index + 1,
            column: e.column(),
            message: e
                .to_string()
                .rsplit_once(" at line ")
                .map_or(e.to_string(), |(h, _)| h.to_owned()),
        })?;
        lines.push((index + 1, value));
    }
    Ok(lines)
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
                let outcome = Outcome::of(&observed);
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
            image_bytes: loaded.image.as_deref().map(Arc::from),
            symbols: Vec::new(),
            diff: Vec::new(),
        });
    }
    // An exception naming no vector of this run is stale, as in every other run.
    let stale = exceptions.stale(cases.iter().map(|c| c.id.as_str()));
    Ok(Report::new(format!("reader: {app}"), cases, stale))
}

fn judge_read(accept: bool, bytes: &[u8], result: &ReaderResult) -> Observed {
    let mut observed = Observed::passed();
    for (code, message) in read_mistakes(accept, bytes, result.accepted, &result.fields) {
        observed.error(code, message);
    }
    observed
}

/// What a reader did wrong with a code it must accept (`accept`) or refuse, having
/// `accepted` it or not and read `fields`: finding codes with messages.
pub(crate) fn read_mistakes(
    accept: bool,
    bytes: &[u8],
    accepted: bool,
    fields: &BTreeMap<String, String>,
) -> Vec<(&'static str, String)> {
    let mut mistakes = Vec::new();
    match (accept, accepted) {
        (true, false) => mistakes.push((
            "reader-refused-valid",
            "the reader refused a valid code".to_owned(),
        )),
        (false, true) => mistakes.push((
            "reader-accepted-invalid",
            "the reader accepted a code it must refuse".to_owned(),
        )),
        (true, true) => {
            let expected = expected_fields(bytes);
            for (name, value) in &expected {
                match fields.get(name) {
                    Some(read) if read == value => {}
                    Some(read) => mistakes.push((
                        "reader-field-mismatch",
                        format!("{name}: expected {value:?}, read {read:?}"),
                    )),
                    None => mistakes.push((
                        "reader-field-mismatch",
                        format!("{name}: expected {value:?}, not read"),
                    )),
                }
            }
            for (name, read) in fields {
                if !expected.contains_key(name) {
                    mistakes.push((
                        "reader-field-mismatch",
                        format!("{name}: read {read:?}, which the code does not hold"),
                    ));
                }
            }
        }
        (false, false) => {}
    }
    mistakes
}
