//! The evaluator's call: the files of a submission folder, handed over by a page, evaluated
//! as `qr1405 conform --submission` evaluates the folder, with the same bundled vectors,
//! profile, test trust list and test plan, into the same reports.

use std::path::Path;

use qr1405_conformance::{
    MAX_READER_RESULTS_BYTES, MAX_SUBMISSION_BYTES, Settings, Submission, SubmissionFiles,
};
use qr1405_reader::Time;

/// The most bytes the files handed over may hold together: the pictures a submission may
/// hold, its manifest and its reader results.
pub const MAX_HANDED_OVER_BYTES: u64 = MAX_SUBMISSION_BYTES + (1 << 20) + MAX_READER_RESULTS_BYTES;

/// Why a submission could not be evaluated: its files, never the app under evaluation (an app
/// that fails is a report that did not pass). In JavaScript each is thrown as an `Error`
/// with this message.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluateError {
    /// No file was handed over.
    #[error("no files: give a submission folder's manifest.json and the screenshots it lists")]
    NoFiles,
    /// The files together hold more than [`MAX_HANDED_OVER_BYTES`].
    #[error("the files hold {total} bytes, more than the {limit} a submission may")]
    TooLarge {
        /// Their bytes together, counted up to the file that went past the bound.
        total: u64,
        /// The bound.
        limit: u64,
    },
    /// The files, the manifest or a name in it were refused, as the command refuses the
    /// folder (the suite's own error, with the file and the key concerned).
    #[error(transparent)]
    Submission(#[from] qr1405_conformance::Error),
}

/// A submission's reports: what `qr1405 conform --submission` prints and writes.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Evaluation {
    /// Whether the submission passed (the command's exit status 0).
    pub passed: bool,
    /// The JSON report (`--json`, `report.json`).
    pub json: String,
    /// The HTML report (`report.html`), a self-contained page.
    pub html: String,
    /// The terminal summary (what the command prints without `--json`).
    pub summary: String,
}

/// Counts the bytes of files as they are handed over and refuses the one that goes past
/// [`MAX_HANDED_OVER_BYTES`], before it is copied.
#[derive(Debug, Default)]
pub struct HandedOver {
    total: u64,
}

impl HandedOver {
    /// Counts a file of `len` bytes.
    ///
    /// # Errors
    ///
    /// [`EvaluateError::TooLarge`] once the files counted hold more than the bound.
    pub fn count(&mut self, len: u64) -> Result<(), EvaluateError> {
        self.total = self.total.saturating_add(len);
        if self.total > MAX_HANDED_OVER_BYTES {
            return Err(EvaluateError::TooLarge {
                total: self.total,
                limit: MAX_HANDED_OVER_BYTES,
            });
        }
        Ok(())
    }
}

/// Evaluates the submission whose files are `files`, by their names relative to the
/// submission folder, at `at` (the clock the signatures are verified at).
///
/// A folder as a browser lists it, every name under the folder's own name
/// (`passing/manifest.json`, `passing/a.png`, with no `manifest.json` at the top), is taken
/// from inside that folder, and the folder's name is used in error messages.
///
/// # Errors
///
/// [`EvaluateError`] for no files, too many bytes, a name given twice or not inside the
/// folder, a manifest that is missing or wrong, a file it lists that is missing or too
/// large, or a vector it names that the suite does not hold.
pub fn evaluate_submission(
    files: Vec<(String, Vec<u8>)>,
    at: Time,
) -> Result<Evaluation, EvaluateError> {
    if files.is_empty() {
        return Err(EvaluateError::NoFiles);
    }
    let mut counted = HandedOver::default();
    for (_, bytes) in &files {
        counted.count(bytes.len() as u64)?;
    }
    let folder = common_folder(&files);
    let mut submission_files = SubmissionFiles::new();
    for (name, bytes) in files {
        let name = match &folder {
            Some(folder) => name[folder.len() + 1..].to_owned(),
            None => name,
        };
        submission_files.insert(&name, bytes)?;
    }
    let dir = folder.unwrap_or_else(|| "submission".to_owned());
    let submission = Submission::from_files(Path::new(&dir), &submission_files)?;
    // As `qr1405 conform --submission`: the bundled vectors, profile, trust list and plan,
    // and no known divergences (the bundled ones name the bundled vectors' cases).
    let vectors = qr1405_conformance::bundled_vectors()?;
    submission.check_vectors(&vectors)?;
    let settings = Settings {
        exceptions: qr1405_conformance::Exceptions::default(),
        profile: qr1405_conformance::bundled_profile()?,
        trust: qr1405_conformance::bundled_trust()?,
        plan: qr1405_conformance::bundled_plan()?,
    };
    let report = qr1405_conformance::evaluate_submission_at(
        &submission,
        &vectors,
        &settings,
        at.into(),
        &mut |_| {},
    );
    Ok(Evaluation {
        passed: report.passed(),
        json: report.to_json(),
        html: report.to_html(),
        summary: report.summary(),
    })
}

/// The folder every name lies in, when there is no `manifest.json` at the top and every name
/// starts with the same `FOLDER/`.
fn common_folder(files: &[(String, Vec<u8>)]) -> Option<String> {
    if files.iter().any(|(name, _)| name == "manifest.json") {
        return None;
    }
    let (first, _) = files.first()?;
    let folder = first.split_once('/')?.0;
    let prefix = format!("{folder}/");
    (!folder.is_empty() && files.iter().all(|(name, _)| name.starts_with(&prefix)))
        .then(|| folder.to_owned())
}

#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/**
 * A submission folder's files by their names relative to the folder (`manifest.json`,
 * `shots/a.png`), or as a browser lists a chosen folder (`passing/manifest.json`): an object
 * or a `Map` of name to bytes, or a list of `{ name, bytes }` (a `File`'s
 * `webkitRelativePath` and the bytes of its `arrayBuffer()`).
 */
export type SubmissionFiles =
  | Record<string, Uint8Array | ArrayBuffer>
  | Map<string, Uint8Array | ArrayBuffer>
  | { name: string; bytes: Uint8Array | ArrayBuffer }[];

/** One check of a case: a stage and what it came to. */
export interface ReportCheck {
  stage: string;
  outcome: "pass" | "fail" | "skip" | "known-divergence" | "stale-exception";
  /** Why, for every outcome but a pass. */
  reason?: string;
  observed?: { passed: boolean; errors?: string[]; warnings?: string[]; value?: string; messages?: string[] };
}

/** One case of a report: a screenshot, or a screenshot the test plan asks for and none shows. */
export interface ReportCase {
  id: string;
  description: string;
  requirements: string[];
  checks: ReportCheck[];
  image?: string;
  verdicts: { requirement: string; level: string; verdict: "met" | "broken"; findings?: string[] }[];
}

/** The JSON report of `qr1405 conform --submission --json`, as an object. */
export interface SubmissionReport {
  suite: string;
  cases: ReportCase[];
  stale_exceptions?: string[];
  totals: { passed: number; failed: number; skipped: number; known_divergences: number; stale_exceptions: number };
  plan?: { planned: number; submitted: number; [key: string]: unknown };
}

/** A submission's verdict and reports, as `qr1405 conform --submission` gives them. */
export interface SubmissionEvaluation {
  /** Whether it passed (the command's exit status 0). */
  passed: boolean;
  /** The JSON report as an object. */
  report: SubmissionReport;
  /** The JSON report's text (`--json`, `report.json`). */
  json: string;
  /** The HTML report's text (`report.html`): a page with every screenshot embedded. */
  html: string;
  /** The terminal summary, as the command prints it. */
  summary: string;
}
"#;

/// Evaluates a submission folder's files as `qr1405 conform --submission` does; the
/// signatures are verified at `at` (default: now). Throws on files that cannot be
/// evaluated, naming the file and the problem; an app that fails is a report that did not
/// pass, never thrown.
#[wasm_bindgen::prelude::wasm_bindgen(
    js_name = evaluateSubmission,
    unchecked_return_type = "SubmissionEvaluation"
)]
pub fn evaluate_submission_js(
    #[wasm_bindgen(unchecked_param_type = "SubmissionFiles")] files: wasm_bindgen::JsValue,
    #[wasm_bindgen(unchecked_param_type = "Clock | undefined")] at: wasm_bindgen::JsValue,
) -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsError> {
    use js_sys::{Array, Map, Object, Reflect};
    use wasm_bindgen::{JsCast, JsError, JsValue};

    let thrown = |error: EvaluateError| JsError::new(&error.to_string());
    let argument = |reason: String| {
        JsError::new(
            &crate::Error::Argument {
                name: "files",
                reason,
            }
            .to_string(),
        )
    };
    let at = if at.is_undefined() {
        crate::Clock::UnixMillis(js_sys::Date::now())
            .time()
            .map_err(|e| JsError::new(&e.to_string()))?
    } else {
        crate::js::clock(&at)?
    };
    // Name and bytes of each file, counted before its bytes are copied.
    let pairs: Vec<(JsValue, JsValue)> = if Array::is_array(&files) {
        Array::from(&files)
            .iter()
            .map(|item| {
                let get = |key: &str| {
                    Reflect::get(&item, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
                };
                (get("name"), get("bytes"))
            })
            .collect()
    } else if let Some(map) = files.dyn_ref::<Map>() {
        let mut pairs = Vec::new();
        map.for_each(&mut |value, key| pairs.push((key, value)));
        pairs
    } else if files.is_object() {
        Object::entries(files.unchecked_ref::<Object>())
            .iter()
            .map(|entry| {
                let entry = Array::from(&entry);
                (entry.get(0), entry.get(1))
            })
            .collect()
    } else {
        return Err(argument(
            "neither an object, a Map nor a list of { name, bytes }".to_owned(),
        ));
    };
    let mut counted = HandedOver::default();
    let mut copied = Vec::with_capacity(pairs.len());
    for (name, bytes) in pairs {
        let Some(name) = name.as_string() else {
            return Err(argument(format!("a file name that is not text: {name:?}")));
        };
        let bytes = if let Some(array) = bytes.dyn_ref::<js_sys::Uint8Array>() {
            array.clone()
        } else if bytes.is_instance_of::<js_sys::ArrayBuffer>() {
            js_sys::Uint8Array::new(&bytes)
        } else {
            return Err(argument(format!(
                "{name:?}: bytes that are not a Uint8Array or an ArrayBuffer"
            )));
        };
        counted.count(u64::from(bytes.length())).map_err(thrown)?;
        copied.push((name, bytes.to_vec()));
    }
    let evaluation = evaluate_submission(copied, at).map_err(thrown)?;
    let result = Object::new();
    let set = |key: &str, value: &JsValue| {
        Reflect::set(&result, &JsValue::from_str(key), value)
            .map(|_| ())
            .map_err(|_| JsError::new("internal: cannot build the result"))
    };
    set("passed", &JsValue::from_bool(evaluation.passed))?;
    set("report", &crate::js::object(&evaluation.json)?)?;
    set("json", &JsValue::from_str(&evaluation.json))?;
    set("html", &JsValue::from_str(&evaluation.html))?;
    set("summary", &JsValue::from_str(&evaluation.summary))?;
    Ok(result.into())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn at() -> Time {
        qr1405_reader::clock_from_rfc3339("2022-06-01T08:00:00+07:00").unwrap()
    }

    /// The example's files, each name under `prefix`.
    fn example(name: &str, prefix: &str) -> Vec<(String, Vec<u8>)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../examples/submissions")
            .join(name);
        std::fs::read_dir(&dir)
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                let file = path.file_name().unwrap().to_str().unwrap();
                (format!("{prefix}{file}"), std::fs::read(&path).unwrap())
            })
            .collect()
    }

    #[test]
    fn a_folder_as_a_browser_lists_it_is_evaluated_from_inside() {
        let plain = evaluate_submission(example("failing", ""), at()).unwrap();
        let listed = evaluate_submission(example("failing", "failing/"), at()).unwrap();
        assert!(!plain.passed);
        assert_eq!(listed.passed, plain.passed);
        // The same report, but for the date of the run each records.
        let without_run = |json: &str| {
            let mut report: serde_json::Value = serde_json::from_str(json).unwrap();
            report.as_object_mut().unwrap().remove("run");
            report
        };
        assert_eq!(without_run(&listed.json), without_run(&plain.json));
        assert!(plain.summary.lines().any(|line| line.starts_with(
            "submission: Example app (failing): FAILED: 16 cases, 56 checks: 39 passed, 17 failed"
        )));
        assert!(
            plain.html.starts_with("<!DOCTYPE html>") || plain.html.starts_with("<!doctype html>")
        );
    }

    #[test]
    fn bad_files_are_refused_with_the_problem_named() {
        let refused = |files: Vec<(String, Vec<u8>)>| {
            evaluate_submission(files, at()).unwrap_err().to_string()
        };
        insta::assert_snapshot!(refused(Vec::new()), @"no files: give a submission folder's manifest.json and the screenshots it lists");
        let mut twice = example("passing", "");
        twice.push(("./manifest.json".to_owned(), Vec::new()));
        insta::assert_snapshot!(refused(twice), @r#""./manifest.json" is not a path inside the submission folder"#);
        let mut twice = example("passing", "");
        twice.push(("cmnd-self-full.png".to_owned(), Vec::new()));
        insta::assert_snapshot!(refused(twice), @r#""cmnd-self-full.png" names the same file as "cmnd-self-full.png", given before"#);
        let mut missing = example("passing", "passing/");
        missing.retain(|(name, _)| name != "passing/passport-full.png");
        insta::assert_snapshot!(refused(missing), @"cannot open passing/passport-full.png: not among the submission's files");
        let unknown = vec![(
            "manifest.json".to_owned(),
            br#"{"app": "A", "images": [{"file": "a.png", "display": "full", "vector": "nope"}]}"#.to_vec(),
        ), ("a.png".to_owned(), b"png".to_vec())];
        insta::assert_snapshot!(refused(unknown), @r#"submission/manifest.json: images[0].vector: "nope" is no vector of this suite"#);
    }

    #[test]
    fn the_bytes_handed_over_are_bounded_before_they_are_copied() {
        let mut counted = HandedOver::default();
        counted.count(MAX_HANDED_OVER_BYTES).unwrap();
        let error = counted.count(1).unwrap_err();
        assert!(
            matches!(error, EvaluateError::TooLarge { total, .. } if total == MAX_HANDED_OVER_BYTES + 1)
        );
    }
}
