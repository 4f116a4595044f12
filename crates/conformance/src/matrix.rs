//! The interoperability matrix: which app's reader reads which app's codes.
//!
//! Every app submits the screenshots of its display side (a [`Submission`]) and, in the same
//! folder, what its reader did when the evaluator showed it every app's screenshots (a
//! [`CrossReads`] file). A cell of the matrix is one reader against one app's screenshots of
//! personal codes; apps that show EU certificates have a second cell per reader, over their
//! screenshots of certificates.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    sync::Arc,
};

use serde::{Deserialize, Serialize};

use crate::{
    Case, CertificateSet, CertificateVector, Check, Error, MAX_READER_RESULTS_BYTES, Observed,
    Outcome, Report, Settings, Stage, Submission, Timestamp, VectorSet,
    reader::{read_json_lines, read_mistakes},
    selfcheck, stage,
};

/// One line of a cross-reading file: what the app's reader did with one screenshot of an app.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossRead {
    /// The app whose screenshot it was shown, as its manifest names it.
    pub app: String,
    /// The screenshot's file, as that app's manifest names it.
    pub image: String,
    /// Whether the reader accepted the code as a person's identity.
    pub accepted: bool,
    /// The fields it read, named as `qr1405 parse` names them; each name once.
    #[serde(default, deserialize_with = "crate::unique::map")]
    pub fields: BTreeMap<String, String>,
}

/// A cross-reading file: its path and its lines, each with its line number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CrossReads {
    /// The file.
    pub path: PathBuf,
    /// The lines, with their numbers (from 1).
    pub lines: Vec<(usize, CrossRead)>,
}

impl CrossReads {
    /// Reads a cross-reading file: one JSON object per line; blank lines are skipped.
    pub fn load(path: &Path) -> Result<CrossReads, Error> {
        CrossReads::load_from(path, path)
    }

    /// [`CrossReads::load`] of the file at `read_from` (a resolved path), named `path`.
    pub(crate) fn load_from(read_from: &Path, path: &Path) -> Result<CrossReads, Error> {
        Ok(CrossReads {
            path: path.to_owned(),
            lines: read_json_lines(read_from, path, MAX_READER_RESULTS_BYTES)?,
        })
    }
}

/// The matrix of a run: its apps and one cell per reader and displaying app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Matrix {
    /// The apps, in the order given.
    pub apps: Vec<String>,
    /// The cells, reader by reader, each over every displaying app in order: the cell of its
    /// personal codes, then, when the run has certificate cells, that of its certificates.
    pub cells: Vec<MatrixCell>,
}

impl Matrix {
    /// The cell of `reader` against `display`'s screenshots of personal codes.
    pub fn cell(&self, reader: &str, display: &str) -> Option<&MatrixCell> {
        self.cell_of(reader, display, Shows::PersonalCodes)
    }

    /// The cell of `reader` against `display`'s screenshots of `shows`.
    pub fn cell_of(&self, reader: &str, display: &str, shows: Shows) -> Option<&MatrixCell> {
        self.cells
            .iter()
            .find(|c| c.reader == reader && c.display == display && c.shows == shows)
    }

    /// Whether the run has certificate cells: when the test plan names EU certificates or an
    /// app shows one.
    pub fn has_certificates(&self) -> bool {
        self.cells.iter().any(|c| c.shows == Shows::Certificates)
    }

    /// The matrix as a terminal table: a row per reader, a column per displaying app; then,
    /// when the run has certificate cells, a row per reader over each app's certificates, or
    /// a line saying there are none.
    pub fn grid(&self) -> String {
        let header = |corner: &str| {
            std::iter::once(corner.to_owned())
                .chain(self.apps.iter().map(|app| crate::report::printable(app)))
                .collect::<Vec<_>>()
        };
        let mut rows = vec![header("reader \\ shown")];
        let blocks = if self.has_certificates() {
            &[Shows::PersonalCodes, Shows::Certificates][..]
        } else {
            &[Shows::PersonalCodes][..]
        };
        for &shows in blocks {
            if shows == Shows::Certificates {
                rows.push(header("reader \\ certificates"));
            }
            for reader in &self.apps {
                let mut row = vec![crate::report::printable(reader)];
                for display in &self.apps {
                    row.push(
                        self.cell_of(reader, display, shows)
                            .map_or_else(String::new, MatrixCell::label),
                    );
                }
                rows.push(row);
            }
        }
        let widths: Vec<usize> = (0..=self.apps.len())
            .map(|column| {
                rows.iter()
                    .map(|row| row[column].chars().count())
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        for row in rows {
            out.push(' ');
            for (cell, width) in row.iter().zip(&widths) {
                let pad = width - cell.chars().count();
                out.push_str(&format!(" {cell}{}  ", " ".repeat(pad)));
            }
            out.truncate(out.trim_end().len());
            out.push('\n');
        }
        if !self.has_certificates() {
            out.push_str(
                "  no EU certificate cells: the test plan names none and no app shows one\n",
            );
        }
        out
    }
}

/// What the screenshots of a cell show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Shows {
    /// Personal codes (and whatever else an app shows where one was asked for).
    PersonalCodes,
    /// Golden EU certificates, as the manifest's `certificate` entries name them.
    Certificates,
}

/// One reader against one app's screenshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixCell {
    /// The reading app.
    pub reader: String,
    /// The app whose screenshots it was shown.
    pub display: String,
    /// What those screenshots show: `personal-codes` or `certificates`.
    pub shows: Shows,
    /// `pass`, `fail`, `skip`, `known-divergence` or `stale-exception`.
    pub outcome: String,
    /// The screenshots judged.
    pub judged: usize,
    /// Of those, the ones the reader handled as required.
    pub correct: usize,
    /// Screenshots not judged: no decoder of this suite finds a code in them.
    pub unreadable: usize,
    /// Each screenshot the reader was shown, what it holds beside what the reader returned.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub screenshots: Vec<CellScreenshot>,
}

/// One screenshot of a cell: what the picture holds, as this suite reads it, beside what the
/// reader returned for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellScreenshot {
    /// The screenshot's file, as its app's manifest names it.
    pub image: String,
    /// The picture, for the HTML report's thumbnail; shared with the submission, not copied.
    #[serde(skip)]
    pub image_bytes: Option<Arc<[u8]>>,
    /// What the picture holds; `None` when no decoder of this suite finds a code in it.
    pub holds: Option<Held>,
    /// What the reader returned; `None` when its results have no line for the screenshot.
    pub returned: Option<Returned>,
    /// What the reader got wrong with it, one finding each; none when it did as required.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
}

/// What a screenshot's code holds, and so what a reader must do with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Held {
    /// Whether a reader must accept it.
    pub accept: bool,
    /// Why a reader must refuse it: the refusal's codes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reasons: Option<String>,
    /// The fields a reader must read, when it must accept it.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Whether the symbol meets the evaluation profile; one that does not need not be read.
    pub conforming_symbol: bool,
}

/// What a reader returned for a screenshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Returned {
    /// Whether it accepted the code.
    pub accepted: bool,
    /// The fields it read.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

impl MatrixCell {
    /// The id of the cell's case in the report: `READER reads DISPLAY`, and `READER reads
    /// certificates of DISPLAY` for a certificate cell.
    pub fn case_id(&self) -> String {
        match self.shows {
            Shows::PersonalCodes => format!("{} reads {}", self.reader, self.display),
            Shows::Certificates => {
                format!("{} reads certificates of {}", self.reader, self.display)
            }
        }
    }

    /// The cell as a terminal shows it: `pass 8/8`, `FAIL 6/8`, `skip`.
    pub fn label(&self) -> String {
        let mark = match self.outcome.as_str() {
            "pass" => "pass",
            "fail" => "FAIL",
            "skip" => return "skip".to_owned(),
            "known-divergence" => "known",
            _ => "STALE",
        };
        let mut label = format!("{mark} {}/{}", self.correct, self.judged);
        if self.unreadable > 0 {
            label.push_str(&format!(" ({} unreadable)", self.unreadable));
        }
        label
    }
}

/// What a readable screenshot holds, as this suite reads it, and what a reader must do
/// with it.
struct Shown {
    /// Why a reader must refuse it; `None` when it must accept it.
    refuse_because: Option<String>,
    /// The fields a reader must read when it must accept it.
    fields: BTreeMap<String, String>,
    /// Whether the symbol meets the evaluation profile.
    conforming_symbol: bool,
}

/// Evaluates which app reads which: every submission's reader against every submission's
/// screenshots (its own included), one case per cell, named `READER reads DISPLAY`; and,
/// when the test plan names EU certificates or a submission shows one, a second cell per
/// pair over the screenshots of certificates, `READER reads certificates of DISPLAY`.
///
/// A reader must accept a screenshot whose code is valid: a personal code or an ID-card code
/// without error diagnostics, whose signature (when the settings hold a trust list) verifies
/// or is absent, and whose green-card claim (when there is one) holds now; and it must read
/// every field as written. It must refuse every other code. It need not read a symbol that
/// falls short of the evaluation profile, but when it accepts one it must read it right.
/// Screenshots in which no decoder of this suite finds a code are not judged.
///
/// A screenshot of a certificate is judged the same way, by what it holds, with the golden
/// DSC trust list of `vectors` and at the clock of the certificate its manifest entry names:
/// a valid certificate must be accepted with its fields, anything else refused.
///
/// Lines about apps outside the run are left alone. Errors: two submissions with one app
/// name, a screenshot naming a vector or certificate `vectors` does not hold, and
/// cross-reading lines that name no screenshot of their app or repeat one.
pub fn evaluate_matrix(
    submissions: &[Submission],
    vectors: &VectorSet,
    settings: &Settings,
) -> Result<Report, Error> {
    evaluate_matrix_with(
        submissions,
        vectors,
        settings,
        Timestamp::now(),
        &mut |_| {},
    )
}

/// [`evaluate_matrix`] with signatures and green-card claims of personal codes judged at
/// `clock`, calling `progress` with the number of screenshots read as each one is done.
pub fn evaluate_matrix_with(
    submissions: &[Submission],
    vectors: &VectorSet,
    settings: &Settings,
    clock: Timestamp,
    progress: &mut dyn FnMut(usize),
) -> Result<Report, Error> {
    let mut apps = BTreeMap::new();
    for (index, submission) in submissions.iter().enumerate() {
        if let Some(first) = apps.insert(submission.app(), index) {
            return Err(Error::invalid(
                submission.dir.join("manifest.json"),
                "app",
                format!(
                    "{:?} also names the submission in {}",
                    submission.app(),
                    submissions[first].dir.display()
                ),
            ));
        }
    }
    for submission in submissions {
        submission.check_vectors(vectors)?;
    }
    let certificates = vectors.certificates();
    let screenshots: Vec<(&[u8], Option<&CertificateVector>)> = submissions
        .iter()
        .flat_map(|submission| {
            submission
                .images
                .iter()
                .zip(&submission.manifest.images)
                .map(|(bytes, image)| {
                    let certificate = image
                        .certificate
                        .as_deref()
                        .and_then(|id| certificates.get(id));
                    (&**bytes, certificate)
                })
        })
        .collect();
    let shown = selfcheck::in_parallel(
        &screenshots,
        |(image, certificate)| match certificate {
            None => judge_screenshot(image, settings, clock),
            Some(certificate) => {
                judge_certificate_screenshot(image, settings, certificates, certificate)
            }
        },
        progress,
    );
    let with_certificates = !settings.plan.certificates.is_empty()
        || submissions.iter().any(|submission| {
            submission
                .manifest
                .images
                .iter()
                .any(crate::SubmittedImage::shows_certificate)
        });
    let kinds: &[Shows] = if with_certificates {
        &[Shows::PersonalCodes, Shows::Certificates]
    } else {
        &[Shows::PersonalCodes]
    };
    // Each submission's screenshots, in manifest order.
    let mut rest = shown.as_slice();
    let shown_by: Vec<&[Option<Shown>]> = submissions
        .iter()
        .map(|submission| {
            let (own, others) = rest.split_at(submission.images.len());
            rest = others;
            own
        })
        .collect();

    let mut cases = Vec::new();
    let mut cells = Vec::new();
    for reader in submissions {
        let reads = match &reader.reads {
            Some(reads) => Some(index_reads(reads, &apps, submissions)?),
            None => None,
        };
        for ((d, display), &shows) in submissions
            .iter()
            .enumerate()
            .flat_map(|pair| kinds.iter().map(move |shows| (pair, shows)))
        {
            let mut cell = MatrixCell {
                reader: reader.app().to_owned(),
                display: display.app().to_owned(),
                shows,
                outcome: String::new(),
                judged: 0,
                correct: 0,
                unreadable: 0,
                screenshots: Vec::new(),
            };
            let id = cell.case_id();
            let shows_none = shows == Shows::Certificates
                && !display
                    .manifest
                    .images
                    .iter()
                    .any(crate::SubmittedImage::shows_certificate);
            let (observed, outcome) = match &reads {
                None => (
                    None,
                    Outcome::Skip {
                        reason: format!(
                            "the submission of {:?} names no reader results",
                            reader.app()
                        ),
                    },
                ),
                Some(_) if shows_none => (
                    None,
                    Outcome::Skip {
                        reason: format!("{:?} shows no EU certificate", display.app()),
                    },
                ),
                Some(reads) => {
                    let observed = judge_cell(display, d, shown_by[d], reads, &mut cell);
                    let outcome = Outcome::of(&observed);
                    (Some(observed), outcome)
                }
            };
            let outcome = settings.exceptions.apply(&id, Stage::Read, outcome);
            cell.outcome = outcome.name().to_owned();
            let checks = vec![Check {
                stage: Stage::Read,
                expected: None,
                observed,
                outcome,
            }];
            let requirements = vec!["R-01".to_owned(), "R-02".to_owned()];
            cases.push(Case {
                description: format!(
                    "the reader of {} shown the screenshots of {}{}",
                    reader.app(),
                    match shows {
                        Shows::PersonalCodes => "",
                        Shows::Certificates => "EU certificates of ",
                    },
                    display.app()
                ),
                verdicts: selfcheck::verdicts(&requirements, &checks),
                id,
                requirements,
                checks,
                image: None,
                image_bytes: None,
                symbols: Vec::new(),
                diff: Vec::new(),
            });
            cells.push(cell);
        }
    }
    // Every app's screenshots of the plan: the matrix is only as complete as they are.
    for submission in submissions {
        cases.extend(
            settings
                .plan
                .missing_cases(&submission.manifest, &format!("{}: ", submission.app())),
        );
    }
    let stale = settings
        .exceptions
        .stale(cases.iter().map(|c| c.id.as_str()));
    let matrix = Matrix {
        apps: submissions.iter().map(|s| s.app().to_owned()).collect(),
        cells,
    };
    let mut run = crate::Run::new(crate::Clock::At(clock)).conformance_path(&settings.profile);
    run.vectors = Some(vectors.input().clone());
    Ok(Report::new("matrix", cases, stale)
        .with_run(run)
        .with_matrix(matrix))
}

/// A reader's lines by (displaying app, screenshot), each checked against the run.
fn index_reads<'a>(
    reads: &'a CrossReads,
    apps: &BTreeMap<&str, usize>,
    submissions: &[Submission],
) -> Result<BTreeMap<(usize, &'a str), &'a CrossRead>, Error> {
    let mut by_image = BTreeMap::new();
    for (line, read) in &reads.lines {
        let at = format!("line {line}");
        // Lines about apps outside this run are left alone: a reader's file covers every
        // app it was shown, a run may compare a few. A misspelt name shows as missing lines.
        let Some(&app) = apps.get(read.app.as_str()) else {
            continue;
        };
        let listed = &submissions[app].manifest.images;
        if !listed.iter().any(|image| image.file == read.image) {
            return Err(Error::invalid(
                &reads.path,
                at,
                format!("{:?} lists no screenshot {:?}", read.app, read.image),
            ));
        }
        if by_image.insert((app, read.image.as_str()), read).is_some() {
            return Err(Error::invalid(
                &reads.path,
                at,
                format!("a second result for {:?} of {:?}", read.image, read.app),
            ));
        }
    }
    Ok(by_image)
}

/// One reader against one app's screenshots of what `cell` shows; counts go into `cell`.
fn judge_cell(
    display: &Submission,
    d: usize,
    shown: &[Option<Shown>],
    reads: &BTreeMap<(usize, &str), &CrossRead>,
    cell: &mut MatrixCell,
) -> Observed {
    let mut observed = Observed::passed();
    for ((image, screenshot), bytes) in display
        .manifest
        .images
        .iter()
        .zip(shown)
        .zip(&display.images)
    {
        let shows = if image.shows_certificate() {
            Shows::Certificates
        } else {
            Shows::PersonalCodes
        };
        if shows != cell.shows {
            continue;
        }
        let file = image.file.as_str();
        let read = reads.get(&(d, file));
        let findings_before = observed.messages.len();
        judge_screenshot_read(
            file,
            screenshot.as_ref(),
            read.copied(),
            &mut observed,
            cell,
        );
        cell.screenshots.push(CellScreenshot {
            image: image.file.clone(),
            image_bytes: Some(Arc::clone(bytes)),
            holds: screenshot.as_ref().map(|shown| Held {
                accept: shown.refuse_because.is_none(),
                reasons: shown.refuse_because.clone(),
                fields: shown.fields.clone(),
                conforming_symbol: shown.conforming_symbol,
            }),
            returned: read.map(|read| Returned {
                accepted: read.accepted,
                fields: read.fields.clone(),
            }),
            findings: observed.messages[findings_before..].to_vec(),
        });
    }
    observed
}

/// One screenshot of a cell: its findings go into `observed`, its counts into `cell`.
fn judge_screenshot_read(
    file: &str,
    screenshot: Option<&Shown>,
    read: Option<&CrossRead>,
    observed: &mut Observed,
    cell: &mut MatrixCell,
) {
    let Some(screenshot) = screenshot else {
        cell.unreadable += 1;
        return;
    };
    cell.judged += 1;
    let Some(read) = read else {
        observed.error(
            "reader-refused-valid",
            format!("{file}: the reader's results have no line for it"),
        );
        return;
    };
    let accept = screenshot.refuse_because.is_none();
    if accept && !read.accepted && !screenshot.conforming_symbol {
        // A symbol short of the profile need not be read.
        cell.correct += 1;
        return;
    }
    let mistakes = read_mistakes(accept, &screenshot.fields, read.accepted, &read.fields);
    if mistakes.is_empty() {
        cell.correct += 1;
    }
    for (code, message) in mistakes {
        let why = match (&screenshot.refuse_because, code) {
            (Some(why), "reader-accepted-invalid") => format!(" ({why})"),
            _ => String::new(),
        };
        observed.error(code, format!("{file}: {message}{why}"));
    }
}

/// Reads one screenshot with every decoder and decides what a reader must do with it;
/// `None` when no decoder finds a code.
fn judge_screenshot(image: &[u8], settings: &Settings, clock: Timestamp) -> Option<Shown> {
    let report = qr1405_symbol::decode(image).ok()?;
    let bytes = report.symbols.first()?.payload();
    let (refuse_because, fields) = match reader(settings).read_text(bytes, reader_time(clock)) {
        qr1405_reader::Reading::Accept(accept) => (None, accept.fields),
        qr1405_reader::Reading::Refuse(refuse) => (Some(refuse.codes()), BTreeMap::new()),
    };
    Some(Shown {
        refuse_because,
        fields,
        conforming_symbol: stage::symbol_stage(&report, &settings.profile).passed,
    })
}

/// Reads one screenshot of a golden EU certificate with every decoder and decides what a
/// reader must do with what it holds: this project's reader holding the golden DSC trust
/// list, at the certificate's clock; `None` when no decoder finds a code.
fn judge_certificate_screenshot(
    image: &[u8],
    settings: &Settings,
    certificates: &CertificateSet,
    certificate: &CertificateVector,
) -> Option<Shown> {
    let report = qr1405_symbol::decode(image).ok()?;
    let bytes = report.symbols.first()?.payload();
    let (refuse_because, fields) = certificate_reading(bytes, settings, certificates, certificate);
    Some(Shown {
        refuse_because,
        fields,
        conforming_symbol: stage::symbol_stage(&report, &settings.profile).passed,
    })
}

/// What this project's reader, holding the run's trust list and the golden DSC trust list,
/// makes of `bytes` at `certificate`'s clock: why it refuses, or the fields it reads.
fn certificate_reading(
    bytes: &[u8],
    settings: &Settings,
    certificates: &CertificateSet,
    certificate: &CertificateVector,
) -> (Option<String>, BTreeMap<String, String>) {
    let Ok(at) = qr1405_reader::clock_from_rfc3339(&certificate.clock) else {
        // Every clock was checked when the set was loaded.
        return (
            Some("certificate-clock-invalid".to_owned()),
            BTreeMap::new(),
        );
    };
    let reader = reader(settings).with_certificate_signers(certificates.signers().clone());
    match reader.read_text(bytes, at) {
        qr1405_reader::Reading::Accept(accept) => (None, accept.fields),
        qr1405_reader::Reading::Refuse(refuse) => (Some(refuse.codes()), BTreeMap::new()),
    }
}

/// What a correct reader does with a screenshot of the golden EU certificate `certificate`
/// holding `bytes`: whether it accepts it, and the fields it reports (none when it refuses),
/// judged with the golden DSC trust list of `certificates` at the certificate's clock.
pub fn correct_certificate_read(
    bytes: &[u8],
    settings: &Settings,
    certificates: &CertificateSet,
    certificate: &CertificateVector,
) -> (bool, BTreeMap<String, String>) {
    let (refuse_because, fields) = certificate_reading(bytes, settings, certificates, certificate);
    (refuse_because.is_none(), fields)
}

/// This project's reader, with the run's trust list: the one definition of what a reader
/// must accept (`docs/reader.md`).
pub(crate) fn reader(settings: &Settings) -> qr1405_reader::Reader {
    match &settings.trust {
        Some(trust) => qr1405_reader::Reader::new(trust.clone()),
        None => qr1405_reader::Reader::without_trust_list(),
    }
}

/// The reader's clock for a validation clock; a clock before 1970 reads as 1970, one after
/// 9999 as 9999.
pub(crate) fn reader_time(clock: Timestamp) -> qr1405_sign::Time {
    let seconds = u64::try_from(clock.unix_seconds()).unwrap_or(0);
    qr1405_sign::Time::from_unix_seconds(seconds).unwrap_or(qr1405_sign::Time::MAX)
}

/// What a correct reader does with a screenshot's code at `clock`: whether it accepts it, and
/// the fields it reports (none when it refuses).
pub fn correct_read(
    bytes: &[u8],
    settings: &Settings,
    clock: Timestamp,
) -> (bool, BTreeMap<String, String>) {
    match reader(settings).read_text(bytes, reader_time(clock)) {
        qr1405_reader::Reading::Accept(accept) => (true, accept.fields),
        qr1405_reader::Reading::Refuse(_) => (false, BTreeMap::new()),
    }
}
