//! Display-side evaluation: an app's screenshots of each test identity, judged against the
//! codes it should show.

use std::{
    collections::{BTreeMap, HashMap},
    path::{Path, PathBuf},
    sync::Arc,
};

use qr1405_payload::{DisplayForm, PersonalCode, Record};
use serde::Deserialize;

use crate::{
    Case, Check, CrossReads, Error, FieldDiff, Observed, Outcome, Report, Settings, Stage,
    Timestamp, VectorSet, error::read_bounded, selfcheck, stage,
};

/// The most images one submission may list.
pub const MAX_SUBMISSION_IMAGES: usize = 2_000;

/// Which display form a screenshot was asked to show: the full or the masked form, never the
/// mixed form a code can be in ([`DisplayForm`](qr1405_payload::DisplayForm)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestedForm {
    /// The full form.
    Full,
    /// The masked form, as the annex shows codes by default.
    Masked,
}

impl RequestedForm {
    /// `full` or `masked`.
    pub fn name(self) -> &'static str {
        match self {
            RequestedForm::Full => "full",
            RequestedForm::Masked => "masked",
        }
    }
}

/// One screenshot of a submission and what it should show: exactly one of `vector`, `record`,
/// `expected` (a personal code, in the `display` form) or `certificate` (a golden EU
/// certificate, which has one form and no `display`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SubmittedImage {
    /// The image file, relative to the submission folder.
    pub file: String,
    /// The display form shown: given for a personal code, absent for an EU certificate.
    #[serde(default)]
    pub display: Option<RequestedForm>,
    /// The vector whose identity it shows.
    #[serde(default)]
    pub vector: Option<String>,
    /// The identity record it shows (as `qr1405 build` reads it).
    #[serde(default)]
    pub record: Option<Record>,
    /// The exact string it shows.
    #[serde(default)]
    pub expected: Option<String>,
    /// The golden EU certificate it shows (an id of `conformance-vectors/eu-dcc/index.json`),
    /// as the app holds it: byte for byte the certificate's text.
    #[serde(default)]
    pub certificate: Option<String>,
}

impl SubmittedImage {
    /// Whether the screenshot shows an EU certificate rather than a personal code.
    pub fn shows_certificate(&self) -> bool {
        self.certificate.is_some()
    }
}

/// `manifest.json` of a submission folder.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The app's name.
    pub app: String,
    /// The screenshots.
    pub images: Vec<SubmittedImage>,
    /// The file, relative to the submission folder, of what the app's reader did when shown
    /// other apps' screenshots: one [`CrossRead`] a line (see [`evaluate_matrix`]).
    ///
    /// [`CrossRead`]: crate::CrossRead
    /// [`evaluate_matrix`]: crate::evaluate_matrix
    #[serde(default)]
    pub reader_results: Option<String>,
}

/// The most bytes of pictures one submission may hold, each distinct file counted once.
pub const MAX_SUBMISSION_BYTES: u64 = 512 << 20;

/// A submission read from its folder: the manifest and the image bytes.
#[derive(Debug, Clone)]
pub struct Submission {
    /// The folder.
    pub dir: PathBuf,
    /// The manifest.
    pub manifest: Manifest,
    /// Each image's bytes, in manifest order; a file listed twice is read and held once.
    pub images: Vec<Arc<[u8]>>,
    /// What the app's reader did with other apps' screenshots, when the manifest names a file.
    pub reads: Option<CrossReads>,
}

impl Submission {
    /// Reads `DIR/manifest.json` and every image it lists.
    ///
    /// Every file the manifest names must be a regular file inside `DIR`, also once symbolic
    /// links are resolved; each is read once however often it is listed, and together they
    /// hold at most [`MAX_SUBMISSION_BYTES`].
    pub fn load(dir: &Path) -> Result<Submission, Error> {
        Submission::load_bounded(dir, MAX_SUBMISSION_BYTES)
    }

    /// A submission from files held in memory, as a browser hands over a dropped folder:
    /// `manifest.json` and every file it names, by their names relative to the folder.
    ///
    /// The manifest, names and bounds are checked exactly as [`Submission::load`] checks the
    /// folder's: a name the manifest gives must be a plain relative path, a file listed twice
    /// is held once, and the pictures hold at most [`MAX_SUBMISSION_BYTES`] in all. `dir` is
    /// the folder's name in error messages (the [`Submission::dir`]); it is never read.
    ///
    /// ```
    /// use qr1405_conformance::{Submission, SubmissionFiles};
    ///
    /// let mut files = SubmissionFiles::new();
    /// files.insert("manifest.json", br#"{"app": "A", "images": [{"file": "shots/a.png", "display": "full", "expected": "x"}]}"#.to_vec())?;
    /// files.insert("shots/a.png", vec![0u8; 16])?;
    /// let submission = Submission::from_files("dropped".as_ref(), &files)?;
    /// assert_eq!(submission.app(), "A");
    /// assert_eq!(submission.images[0].len(), 16);
    ///
    /// // Names are checked as a folder's are.
    /// assert!(files.insert("../b.png", Vec::new()).is_err());
    /// # Ok::<(), qr1405_conformance::Error>(())
    /// ```
    pub fn from_files(dir: &Path, files: &SubmissionFiles) -> Result<Submission, Error> {
        Submission::read(dir, &Source::Memory(files), MAX_SUBMISSION_BYTES)
    }

    /// [`Submission::load`] with pictures of at most `max_bytes` in all.
    fn load_bounded(dir: &Path, max_bytes: u64) -> Result<Submission, Error> {
        Submission::read(dir, &Source::Folder, max_bytes)
    }

    /// The submission in `dir`, its files read from `source`: every check of the manifest,
    /// the names and the bounds is here, whichever the source.
    fn read(dir: &Path, source: &Source<'_>, max_bytes: u64) -> Result<Submission, Error> {
        let path = dir.join("manifest.json");
        let manifest_file = source.locate(dir, &path, "manifest.json", "manifest.json")?;
        let bytes = source.read(&manifest_file, 1 << 20)?;
        let manifest: Manifest =
            serde_json::from_slice(&bytes).map_err(|e| Error::json(&path, &e))?;
        if manifest.images.len() > MAX_SUBMISSION_IMAGES {
            return Err(Error::invalid(
                &path,
                "images",
                format!("a submission lists at most {MAX_SUBMISSION_IMAGES} images"),
            ));
        }
        let mut images = Vec::with_capacity(manifest.images.len());
        let mut read: HashMap<PathBuf, Arc<[u8]>> = HashMap::new();
        let mut total: u64 = 0;
        for (index, image) in manifest.images.iter().enumerate() {
            let given = [
                image.vector.is_some(),
                image.record.is_some(),
                image.expected.is_some(),
                image.certificate.is_some(),
            ]
            .iter()
            .filter(|g| **g)
            .count();
            if given != 1 {
                return Err(Error::invalid(
                    &path,
                    format!("images[{index}]"),
                    "give exactly one of \"vector\", \"record\", \"expected\" or \"certificate\"",
                ));
            }
            match (image.certificate.is_some(), image.display.is_some()) {
                (true, true) => {
                    return Err(Error::invalid(
                        &path,
                        format!("images[{index}].display"),
                        "an EU certificate has one form: give no \"display\" with \"certificate\"",
                    ));
                }
                (false, false) => {
                    return Err(Error::invalid(
                        &path,
                        format!("images[{index}]"),
                        "missing field `display`: \"full\" or \"masked\"",
                    ));
                }
                _ => {}
            }
            let key = format!("images[{index}].file");
            let file = source.locate(dir, &path, &key, &image.file)?;
            if let Some(bytes) = read.get(&file.identity) {
                images.push(Arc::clone(bytes));
                continue;
            }
            let bytes = source.read(&file, crate::MAX_IMAGE_BYTES)?;
            total += bytes.len() as u64;
            if total > max_bytes {
                return Err(Error::invalid(
                    &path,
                    key,
                    format!(
                        "the pictures listed up to here hold {total} bytes, more than the \
                         {max_bytes} a submission may"
                    ),
                ));
            }
            read.insert(file.identity, Arc::clone(&bytes));
            images.push(bytes);
        }
        let reads = match &manifest.reader_results {
            None => None,
            Some(file) => {
                let located = source.locate(dir, &path, "reader_results", file)?;
                let bytes = source.read(&located, crate::MAX_READER_RESULTS_BYTES)?;
                let named = dir.join(file);
                Some(CrossReads {
                    lines: crate::reader::parse_json_lines(&bytes, &named)?,
                    path: named,
                })
            }
        };
        Ok(Submission {
            dir: dir.to_owned(),
            manifest,
            images,
            reads,
        })
    }

    /// The app's name.
    pub fn app(&self) -> &str {
        &self.manifest.app
    }

    /// Refuses a screenshot naming a vector that is not in `vectors`, one that names no
    /// forms an app shows, or a certificate that is none of the set's golden EU certificates:
    /// an input error, not a failure of the app.
    pub fn check_vectors(&self, vectors: &VectorSet) -> Result<(), Error> {
        for (index, image) in self.manifest.images.iter().enumerate() {
            if let Some(id) = &image.certificate {
                if vectors.certificates().get(id).is_none() {
                    return Err(Error::invalid(
                        self.dir.join("manifest.json"),
                        format!("images[{index}].certificate"),
                        format!("{id:?} is no golden EU certificate of this suite"),
                    ));
                }
                continue;
            }
            let Some(id) = &image.vector else { continue };
            let reason = match vectors.get(id) {
                None => "is no vector of this suite",
                Some(loaded) if loaded.vector.expected.is_none() => "names no forms an app shows",
                Some(_) => continue,
            };
            return Err(Error::invalid(
                self.dir.join("manifest.json"),
                format!("images[{index}].vector"),
                format!("{id:?} {reason}"),
            ));
        }
        Ok(())
    }
}

/// Where a submission's files are read from.
enum Source<'a> {
    /// The folder itself, on disk.
    Folder,
    /// Files handed over in memory.
    Memory(&'a SubmissionFiles),
}

/// A file of a submission, found.
struct Located {
    /// What makes two names one file: the resolved path on disk, the normal name in memory.
    identity: PathBuf,
    /// The path error messages name.
    path: PathBuf,
    /// The bytes, when they are in memory.
    bytes: Option<Arc<[u8]>>,
}

impl Source<'_> {
    /// The file `file`, named by `key` of `manifest`: refused when it is not a plain relative
    /// path, when a symbolic link leads it out of the submission folder `dir`, or when it is
    /// not among the files in memory.
    fn locate(&self, dir: &Path, manifest: &Path, key: &str, file: &str) -> Result<Located, Error> {
        let not_inside = || {
            Error::invalid(
                manifest,
                key,
                format!("{file:?} {}", FileNameProblem::NotInside),
            )
        };
        match self {
            Source::Folder => {
                let resolved =
                    qr1405_files::resolve_inside(dir, file).map_err(|error| match error {
                        qr1405_files::Error::NotAPlainPath { .. } => not_inside(),
                        qr1405_files::Error::Outside { target, .. } => Error::invalid(
                            manifest,
                            key,
                            format!(
                                "{file:?} leads outside the submission folder, to {}",
                                target.display()
                            ),
                        ),
                        other => Error::File(other),
                    })?;
                Ok(Located {
                    identity: resolved.clone(),
                    path: resolved,
                    bytes: None,
                })
            }
            Source::Memory(files) => {
                let name = normal_name(file).ok_or_else(not_inside)?;
                let path = dir.join(&name);
                match files.files.get(&name) {
                    // A name with a trailing slash names a folder, as it does on disk.
                    Some((_, bytes)) if !file.ends_with('/') => Ok(Located {
                        identity: PathBuf::from(&name),
                        path,
                        bytes: Some(Arc::clone(bytes)),
                    }),
                    _ if files.holds_folder(&name) => {
                        Err(Error::File(qr1405_files::Error::NotAFile {
                            path,
                            kind: qr1405_files::FileKind::Directory,
                        }))
                    }
                    _ => Err(Error::File(qr1405_files::Error::Open {
                        path,
                        error: std::io::Error::new(
                            std::io::ErrorKind::NotFound,
                            "not among the submission's files",
                        ),
                    })),
                }
            }
        }
    }

    /// The bytes of a located file of at most `limit` bytes.
    fn read(&self, file: &Located, limit: u64) -> Result<Arc<[u8]>, Error> {
        match &file.bytes {
            None => Ok(read_bounded(&file.path, limit)?.into()),
            Some(bytes) if bytes.len() as u64 > limit => {
                Err(Error::File(qr1405_files::Error::TooLarge {
                    path: file.path.clone(),
                    limit,
                }))
            }
            Some(bytes) => Ok(Arc::clone(bytes)),
        }
    }
}

/// `name`'s parts joined by `/` (`a//./b.png` is `a/b.png`), or `None` when it is not a plain
/// relative path: empty, absolute, or starting with `.` or holding `..`. The rule is
/// [`qr1405_files::resolve_inside`]'s, so a name means the same in memory as in a folder.
fn normal_name(name: &str) -> Option<String> {
    let mut parts = Vec::new();
    for component in Path::new(name).components() {
        match component {
            std::path::Component::Normal(part) => parts.push(part.to_str()?),
            _ => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// Why a name cannot be that of a file in a submission folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FileNameProblem {
    /// Empty, absolute, starting with `.` or holding `..`.
    #[error("is not a path inside the submission folder")]
    NotInside,
    /// The name, or another spelling of it (`a//b.png` for `a/b.png`), was given before.
    #[error("names the same file as {earlier:?}, given before")]
    GivenTwice {
        /// The name as given the first time.
        earlier: String,
    },
}

/// The files of a submission folder held in memory, by their names relative to the folder
/// (`manifest.json`, `shots/a.png`): what a page is handed when a folder is dropped on it.
/// Read into a [`Submission`] by [`Submission::from_files`].
#[derive(Debug, Clone, Default)]
pub struct SubmissionFiles {
    /// By normal name: the name as first given, and the bytes.
    files: BTreeMap<String, (String, Arc<[u8]>)>,
}

impl SubmissionFiles {
    /// No files.
    pub fn new() -> SubmissionFiles {
        SubmissionFiles::default()
    }

    /// Adds the file `name`.
    ///
    /// # Errors
    ///
    /// [`Error::FileName`] when `name` is not a plain relative path, or names a file given
    /// before (also when spelt another way: `a//b.png` is `a/b.png`), which a folder cannot
    /// hold twice.
    pub fn insert(&mut self, name: &str, bytes: impl Into<Arc<[u8]>>) -> Result<(), Error> {
        let refuse = |problem| Error::FileName {
            name: name.to_owned(),
            problem,
        };
        let normal = normal_name(name).ok_or_else(|| refuse(FileNameProblem::NotInside))?;
        if let Some((earlier, _)) = self.files.get(&normal) {
            return Err(refuse(FileNameProblem::GivenTwice {
                earlier: earlier.clone(),
            }));
        }
        self.files.insert(normal, (name.to_owned(), bytes.into()));
        Ok(())
    }

    /// How many files there are.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The bytes of all the files together.
    pub fn total_bytes(&self) -> u64 {
        self.files.values().map(|(_, b)| b.len() as u64).sum()
    }

    /// Whether some file lies inside the folder `name`.
    fn holds_folder(&self, name: &str) -> bool {
        let prefix = format!("{name}/");
        self.files
            .range(prefix.clone()..)
            .next()
            .is_some_and(|(key, _)| key.starts_with(&prefix))
    }
}

/// The expected text of a screenshot, or why there is none.
/// Why a screenshot has no expected code to compare with.
#[derive(Debug, thiserror::Error)]
enum NoExpectedCode {
    /// The manifest names a vector this suite does not hold.
    #[error("{0:?} is no vector of this suite")]
    UnknownVector(String),
    /// The vector names no display forms an app shows.
    #[error("vector {0:?} names no forms an app shows")]
    NoForms(String),
    /// The expected text, or the code built from the record, does not parse.
    #[error(transparent)]
    Code(#[from] qr1405_payload::Error),
}

fn expected_text(
    image: &SubmittedImage,
    form: RequestedForm,
    vectors: &VectorSet,
) -> Result<PersonalCode, NoExpectedCode> {
    let code = if let Some(id) = &image.vector {
        let loaded = vectors
            .get(id)
            .ok_or_else(|| NoExpectedCode::UnknownVector(id.clone()))?;
        let forms = loaded
            .vector
            .expected
            .as_ref()
            .ok_or_else(|| NoExpectedCode::NoForms(id.clone()))?;
        let text = match form {
            RequestedForm::Full => &forms.full,
            RequestedForm::Masked => &forms.masked,
        };
        return Ok(PersonalCode::parse(text)?);
    } else if let Some(record) = &image.record {
        PersonalCode::from_record(record)?
    } else {
        let text = image.expected.as_deref().unwrap_or_default();
        return Ok(PersonalCode::parse(text)?);
    };
    Ok(match form {
        RequestedForm::Full => code,
        RequestedForm::Masked => code.masked(),
    })
}

/// Evaluates a submission: decode, compare with the expected code field by field, verify,
/// check the symbol against the profile.
pub fn evaluate_submission(
    submission: &Submission,
    vectors: &VectorSet,
    settings: &Settings,
) -> Report {
    evaluate_submission_with_progress(submission, vectors, settings, &mut |_| {})
}

/// [`evaluate_submission`], calling `progress` with the number of screenshots done as each
/// one ends.
pub fn evaluate_submission_with_progress(
    submission: &Submission,
    vectors: &VectorSet,
    settings: &Settings,
    progress: &mut dyn FnMut(usize),
) -> Report {
    evaluate_submission_at(submission, vectors, settings, Timestamp::now(), progress)
}

/// [`evaluate_submission_with_progress`] with signatures and key validity judged at `clock`,
/// so that a run can be repeated as its report records it.
pub fn evaluate_submission_at(
    submission: &Submission,
    vectors: &VectorSet,
    settings: &Settings,
    clock: Timestamp,
    progress: &mut dyn FnMut(usize),
) -> Report {
    let work: Vec<(&SubmittedImage, &Arc<[u8]>)> = submission
        .manifest
        .images
        .iter()
        .zip(&submission.images)
        .collect();
    let cases = selfcheck::in_parallel(
        &work,
        |(image, bytes)| image_case(image, bytes, vectors, settings, clock),
        progress,
    );
    let mut cases = cases;
    cases.extend(settings.plan.missing_cases(&submission.manifest, ""));
    // An exception naming no screenshot of this submission is stale, as in every other run.
    let stale = settings
        .exceptions
        .stale(cases.iter().map(|c| c.id.as_str()));
    let mut run = crate::Run::new(crate::Clock::At(clock)).conformance_path(&settings.profile);
    run.vectors = Some(vectors.input().clone());
    let report =
        Report::new(format!("submission: {}", submission.app()), cases, stale).with_run(run);
    if settings.plan.is_empty() {
        report
    } else {
        report.with_plan_coverage(settings.plan.coverage(&submission.manifest))
    }
}

fn image_case(
    image: &SubmittedImage,
    bytes: &Arc<[u8]>,
    vectors: &VectorSet,
    settings: &Settings,
    clock: Timestamp,
) -> Case {
    let id = image.file.clone();
    // Checked when the manifest was read: a personal code's screenshot names its form.
    let form = image.display.unwrap_or(RequestedForm::Full);
    let certificate = image
        .certificate
        .as_deref()
        .map(|id| vectors.certificates().get(id).ok_or(id));
    let expected = expected_text(image, form, vectors);
    let options = qr1405_symbol::DecodeOptions::default();
    // No threads where there are none (WebAssembly in a browser); the report is the same.
    #[cfg(target_family = "wasm")]
    let options = options.with_parallel(false);
    let picture = qr1405_symbol::decode_with(bytes, &options);
    let mut checks = Vec::new();
    let mut diff = Vec::new();
    let mut push = |stage: Stage, observed: Observed, exceptions: &crate::Exceptions| {
        let outcome = Outcome::of(&observed);
        let outcome = exceptions.apply(&id, stage, outcome);
        checks.push(Check {
            stage,
            expected: None,
            observed: Some(observed),
            outcome,
        });
    };
    let report = match picture {
        Ok(report) => report,
        Err(error) => {
            let mut failed = Observed::passed();
            failed.error("no-symbol", error.to_string());
            push(Stage::Decode, failed, &settings.exceptions);
            return finish_case(image, bytes, checks, Vec::new(), Vec::new());
        }
    };
    let decoded: Option<&[u8]> = report.symbols.first().map(qr1405_symbol::Symbol::payload);
    // The screenshot is judged on what it shows: its first symbol's payload is the expectation.
    let decode = stage::decode_stage(&report, decoded.unwrap_or_default());
    push(Stage::Decode, decode, &settings.exceptions);
    let outlines = selfcheck::outlines(&report);
    if let (Some(text), Some(certificate)) = (decoded, certificate) {
        // An EU certificate is shown as the app holds it: the issuer's text, byte for byte,
        // since re-encoding it would break its signature.
        let mut display = Observed::passed();
        match certificate {
            Err(id) => display.error(
                "text-mismatch",
                format!("no expected code: {id:?} is no golden EU certificate of this suite"),
            ),
            Ok(certificate) if certificate.text.as_bytes() != text => {
                display.error(
                    "text-mismatch",
                    format!(
                        "the screenshot holds another text than EU certificate {}",
                        certificate.id
                    ),
                );
                let found = String::from_utf8_lossy(text);
                diff.push(FieldDiff::new(
                    "text".to_owned(),
                    certificate.text.clone(),
                    found.into_owned(),
                    vec!["D-01".to_owned()],
                ));
            }
            Ok(_) => {}
        }
        push(Stage::Display, display, &settings.exceptions);
    } else if let Some(text) = decoded {
        let (_, [_, _, validated]) = stage::payload_stages(text);
        push(Stage::Validate, validated, &settings.exceptions);
        let mut display = Observed::passed();
        match &expected {
            Err(reason) => display.error("text-mismatch", format!("no expected code: {reason}")),
            Ok(expected) => {
                let shown = std::str::from_utf8(text)
                    .ok()
                    .and_then(|t| PersonalCode::parse(t).ok());
                diff = field_diff(expected, text, form);
                let wanted = match form {
                    RequestedForm::Full => DisplayForm::Full,
                    RequestedForm::Masked => DisplayForm::Masked,
                };
                if let Some(shown) = &shown
                    && shown.display_form() != wanted
                    && expected.display_form() == wanted
                {
                    display.error(
                        "display-form-mismatch",
                        format!(
                            "the {} form was shown, the {} form asked for",
                            form_name(shown.display_form()),
                            form_name(wanted)
                        ),
                    );
                }
                if !diff.is_empty() {
                    let fields: Vec<&str> = diff.iter().map(|d| d.field.as_str()).collect();
                    display.error(
                        "text-mismatch",
                        format!(
                            "fields differ from the expected code: {}",
                            fields.join(", ")
                        ),
                    );
                }
            }
        }
        push(Stage::Display, display, &settings.exceptions);
        let conforming = std::str::from_utf8(text).is_ok_and(|t| PersonalCode::parse(t).is_ok());
        if let Some(trust) = settings.trust.as_ref().filter(|_| conforming) {
            let verdict = stage::verdict(text, trust, clock);
            push(
                Stage::Verify,
                stage::verify_stage(&verdict),
                &settings.exceptions,
            );
            if matches!(
                verdict,
                Ok(qr1405_sign::Verdict::Valid(_)) | Ok(qr1405_sign::Verdict::Invalid(_))
            ) {
                push(
                    Stage::Trust,
                    stage::trust_stage(&verdict),
                    &settings.exceptions,
                );
            }
        }
    }
    push(
        Stage::Symbol,
        stage::symbol_stage(&report, &settings.profile),
        &settings.exceptions,
    );
    finish_case(image, bytes, checks, outlines, diff)
}

fn form_name(form: DisplayForm) -> &'static str {
    match form {
        DisplayForm::Full => "full",
        DisplayForm::Masked => "masked",
        _ => "mixed",
    }
}

fn finish_case(
    image: &SubmittedImage,
    bytes: &Arc<[u8]>,
    checks: Vec<Check>,
    symbols: Vec<crate::SymbolOutline>,
    diff: Vec<FieldDiff>,
) -> Case {
    // A certificate is neither masked nor signed with the personal code's profile.
    let judged: &[&str] = if image.shows_certificate() {
        &[
            "D-01", "Q-01", "Q-02", "Q-03", "Q-04", "Q-05", "Q-06", "Q-07", "Q-08", "Q-09",
        ]
    } else {
        &[
            "D-01", "D-02", "Q-01", "Q-02", "Q-03", "Q-04", "Q-05", "Q-06", "Q-07", "Q-08", "Q-09",
            "S-01", "S-02", "S-03", "S-04",
        ]
    };
    let mut requirements: Vec<String> = judged.iter().map(|r| (*r).to_owned()).collect();
    requirements.extend(
        checks
            .iter()
            .filter_map(|c| c.observed.as_ref())
            .flat_map(|o| o.errors.iter().chain(&o.warnings))
            .flat_map(|code| crate::broken_by(code).map(|r| r.id.to_owned()))
            .collect::<std::collections::BTreeSet<_>>(),
    );
    requirements.sort();
    requirements.dedup();
    let verdicts = selfcheck::verdicts(&requirements, &checks);
    let source = image
        .vector
        .as_deref()
        .map(|v| format!("vector {v}"))
        .unwrap_or_else(|| {
            if image.record.is_some() {
                "a record".into()
            } else {
                "an expected text".into()
            }
        });
    let description = match (&image.certificate, image.display) {
        (Some(certificate), _) => format!("EU certificate {certificate}"),
        (None, form) => format!(
            "the {} form of {source}",
            form.unwrap_or(RequestedForm::Full).name()
        ),
    };
    Case {
        id: image.file.clone(),
        description,
        requirements,
        checks,
        image: Some(image.file.clone()),
        image_bytes: Some(Arc::clone(bytes)),
        symbols,
        diff,
        verdicts,
    }
}

/// The fields of the shown text that differ from the expected code, the signature aside (an
/// app signs with its own key).
fn field_diff(expected: &PersonalCode, shown: &[u8], display: RequestedForm) -> Vec<FieldDiff> {
    let want = fields_of(expected.as_str().as_bytes());
    let got = fields_of(shown);
    let names: std::collections::BTreeSet<&String> = want.keys().chain(got.keys()).collect();
    names
        .into_iter()
        .filter(|name| !matches!(name.as_str(), "signature" | "ext"))
        .filter_map(|name| {
            let expected = want.get(name).cloned().unwrap_or_default();
            let found = got.get(name).cloned().unwrap_or_default();
            (expected != found).then(|| {
                let mut requirements = vec!["D-01".to_owned()];
                if display == RequestedForm::Masked
                    && matches!(name.as_str(), "document_number" | "birth_date")
                {
                    requirements.push("D-02".to_owned());
                }
                FieldDiff::new(name.clone(), expected, found, requirements)
            })
        })
        .collect()
}

/// The named fields of a text, as `qr1405 parse` reports them; the whole text when it does not
/// split.
fn fields_of(bytes: &[u8]) -> BTreeMap<String, String> {
    let value = serde_json::to_value(qr1405_payload::recognise(bytes)).unwrap_or_default();
    match value.get("fields").and_then(|f| f.as_object()) {
        Some(fields) => fields
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
            .filter(|(_, v)| !v.is_empty())
            .collect(),
        None => BTreeMap::from([(
            "text".to_owned(),
            String::from_utf8_lossy(bytes).into_owned(),
        )]),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_pictures_of_a_submission_are_bounded_in_all() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a.png", "b.png"] {
            std::fs::write(dir.path().join(name), [0u8; 600]).unwrap();
        }
        let image =
            |file: &str| format!(r#"{{"display": "full", "file": "{file}", "expected": "x"}}"#);
        let manifest = |files: &[&str]| {
            let images: Vec<String> = files.iter().map(|f| image(f)).collect();
            std::fs::write(
                dir.path().join("manifest.json"),
                format!(r#"{{"app": "A", "images": [{}]}}"#, images.join(",")),
            )
            .unwrap();
        };
        // The same file listed again counts once.
        manifest(&["a.png", "a.png", "a.png"]);
        assert!(Submission::load_bounded(dir.path(), 1000).is_ok());
        manifest(&["a.png", "b.png"]);
        let error = Submission::load_bounded(dir.path(), 1000)
            .unwrap_err()
            .to_string();
        assert!(
            error.ends_with(
                "images[1].file: the pictures listed up to here hold 1200 bytes, more than the \
                 1000 a submission may"
            ),
            "{error}"
        );
    }
}
