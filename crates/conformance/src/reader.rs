//! Reader-side evaluation: an app's reader was shown the golden images; did it accept every
//! valid code, read each field as written, and refuse every invalid one?

use std::{
    collections::BTreeMap,
    path::Path,
    sync::{Arc, OnceLock},
};

use serde::{Deserialize, de::DeserializeOwned};

use crate::{
    Case, CertificateVector, Check, Error, Exceptions, Loaded, Observed, Outcome, Report, Stage,
    VectorSet, error::read_bounded, selfcheck::verdicts,
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
    parse_json_lines(&read_bounded(read_from, limit)?, path)
}

/// The lines of a file of one JSON object per line, named `path` in errors.
pub(crate) fn parse_json_lines<T: DeserializeOwned>(
    bytes: &[u8],
    path: &Path,
) -> Result<Vec<(usize, T)>, Error> {
    let text = std::str::from_utf8(bytes)
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

/// Whether a reader must accept a vector's code: whether this project's reader
/// (`qr1405-reader`, with the bundled trust list, at the vector's clock) accepts the text the
/// vector's golden picture holds ([`shown_text`]). The symbol's quality does not matter: a
/// reader reads what it can.
/// A golden EU certificate is judged by this project's reader holding the set's signer
/// certificates, at the certificate's clock.
pub fn must_accept(vectors: &VectorSet, id: &str) -> Option<bool> {
    match vectors.get(id) {
        Some(loaded) => Some(judgement(loaded).0),
        None => Some(certificate_judgement(vectors, vectors.certificates().get(id)?).0),
    }
}

/// Whether a reader must accept a golden EU certificate, and the fields it must read.
pub fn certificate_judgement(
    vectors: &VectorSet,
    certificate: &CertificateVector,
) -> (bool, BTreeMap<String, String>) {
    let Ok(at) = qr1405_reader::clock_from_rfc3339(&certificate.clock) else {
        // Every clock was checked when the set was loaded.
        return (false, BTreeMap::new());
    };
    match vectors
        .certificates()
        .reader()
        .read_text(certificate.text.as_bytes(), at)
    {
        qr1405_reader::Reading::Accept(accept) => (true, accept.fields),
        qr1405_reader::Reading::Refuse(_) => (false, BTreeMap::new()),
    }
}

/// The text a reader is shown for a vector: what its golden picture holds, or the vector's
/// text when it has no picture; `None` when no decoder finds a code in the picture.
///
/// A vector's picture holds its text unless its decode stage is expected to fail (a picture
/// of another person's code, of the other display form, of no code): then the picture is
/// read. A reader is judged on what it was shown, not on what an app should have displayed.
pub fn shown_text(loaded: &Loaded) -> Option<Vec<u8>> {
    let vector = &loaded.vector;
    let decode_fails = vector
        .stages
        .get(&Stage::Decode)
        .is_some_and(|expectation| expectation.expect != crate::Expect::Pass);
    match (&loaded.image, decode_fails) {
        (Some(image), true) => {
            let report = qr1405_symbol::decode(image).ok()?;
            Some(report.symbols.first()?.payload().to_vec())
        }
        _ => Some(vector.bytes()),
    }
}

/// Whether a reader must accept a vector's picture, and the fields it must read there.
fn judgement(loaded: &Loaded) -> (bool, BTreeMap<String, String>) {
    static TRUST: OnceLock<Option<qr1405_sign::TrustList>> = OnceLock::new();
    let Some(text) = shown_text(loaded) else {
        return (false, BTreeMap::new());
    };
    let trust = TRUST.get_or_init(|| crate::bundled_trust().ok().flatten());
    let reader = match trust {
        Some(trust) => qr1405_reader::Reader::new(trust.clone()),
        None => qr1405_reader::Reader::without_trust_list(),
    };
    match reader.read_text(&text, crate::matrix::reader_time(loaded.vector.clock)) {
        qr1405_reader::Reading::Accept(accept) => (true, accept.fields),
        qr1405_reader::Reading::Refuse(_) => (false, BTreeMap::new()),
    }
}

/// The fields a reader must report for a text: what `qr1405 parse` reports, less the raw EXT,
/// the signature and the slots after it, and less every empty field (an empty field and an
/// absent one are the same to a reader). See [`qr1405_reader::fields`].
pub fn expected_fields(bytes: &[u8]) -> BTreeMap<String, String> {
    qr1405_reader::fields(bytes)
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
        if vectors.get(&result.vector).is_none()
            && vectors.certificates().get(&result.vector).is_none()
        {
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
    let certificates = vectors.certificates().vectors().iter().map(|certificate| {
        let (accept, fields) = certificate_judgement(vectors, certificate);
        (
            certificate.id.as_str(),
            format!("EU certificate: {}", certificate.description),
            None,
            None,
            accept,
            fields,
        )
    });
    let judged = vectors
        .vectors()
        .iter()
        .map(|loaded| {
            let vector = &loaded.vector;
            let (accept, fields) = judgement(loaded);
            (
                vector.id.as_str(),
                vector.description.clone(),
                vector.image.clone(),
                loaded.image.as_deref().map(Arc::from),
                accept,
                fields,
            )
        })
        .chain(certificates);
    for (id, description, image, image_bytes, accept, fields) in judged {
        let requirement = if accept { "R-01" } else { "R-02" };
        let (observed, outcome) = match by_id.get(id) {
            None => (
                None,
                Outcome::Fail {
                    reason: "the results file has no line for this vector".into(),
                },
            ),
            Some(result) => {
                let observed = judge_read(accept, &fields, result);
                let outcome = Outcome::of(&observed);
                (Some(observed), outcome)
            }
        };
        let checks = vec![Check {
            stage: Stage::Read,
            expected: None,
            observed,
            outcome: exceptions.apply(id, Stage::Read, outcome),
        }];
        let requirements = vec![requirement.to_owned()];
        cases.push(Case {
            id: id.to_owned(),
            description: format!(
                "{description}: the reader must {} it",
                if accept { "accept" } else { "refuse" }
            ),
            verdicts: verdicts(&requirements, &checks),
            requirements,
            checks,
            image,
            image_bytes,
            symbols: Vec::new(),
            diff: Vec::new(),
        });
    }
    // An exception naming no vector of this run is stale, as in every other run.
    let stale = exceptions.stale(cases.iter().map(|c| c.id.as_str()));
    // Pictures are read only to learn what they hold, judged with the bundled trust list at
    // each vector's clock.
    let mut run = crate::Run::new(crate::Clock::EachVector);
    run.vectors = Some(vectors.input().clone());
    run.trust_list = crate::Input::bundled("trust-list.json");
    run.decoders = crate::run::decoders();
    Ok(Report::new(format!("reader: {app}"), cases, stale).with_run(run))
}

fn judge_read(
    accept: bool,
    expected: &BTreeMap<String, String>,
    result: &ReaderResult,
) -> Observed {
    let mut observed = Observed::passed();
    for (code, message) in read_mistakes(accept, expected, result.accepted, &result.fields) {
        observed.error(code, message);
    }
    observed
}

/// What a reader did wrong with a code it must accept (`accept`) with the fields
/// `expected`, or refuse, having `accepted` it or not and read `fields`: finding codes with
/// messages. A field read as empty is a field not read: the two are the same to a reader.
pub(crate) fn read_mistakes(
    accept: bool,
    expected: &BTreeMap<String, String>,
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
            for (name, value) in expected {
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
                if !read.is_empty() && !expected.contains_key(name) {
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
