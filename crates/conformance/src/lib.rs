//! Golden vectors and the conformance runner for Vietnam's personal health QR code.
//!
//! Before an app may show or read the Decision 1405 personal code it is evaluated: the
//! evaluator hands the vendor test identities, the vendor returns screenshots of its app
//! showing each code, and its reader is shown golden codes. This crate does that evaluation.
//! It is the only crate that composes the payload, signature and symbol crates.
//!
//! - [`VectorSet`] loads golden vectors: one strict JSON file per vector, with its images.
//! - [`self_check`] runs this project's libraries against every stage of every vector.
//! - [`evaluate_submission`] judges an app's screenshots, [`evaluate_reader`] its reader on
//!   the golden images and certificates, and [`evaluate_matrix`] which app's reader reads
//!   which app's screenshots, of personal codes and of golden EU certificates.
//! - [`Report`] holds the outcomes (pass, fail, skip, known divergence, stale exception) and
//!   writes JSON, JUnit XML, HTML and a terminal summary; its [`Run`] records what was run
//!   (tool, commit, date, clock, profile, every input's digest, decoders).
//! - [`CATALOGUE`] is the requirements catalogue.
//!
//! ```
//! use std::collections::BTreeMap;
//! use qr1405_conformance::{Expectation, Settings, Stage, Vector, VectorSet, self_check};
//!
//! let vector = Vector {
//!     id: "official-example".into(),
//!     description: "the example printed with the guidance".into(),
//!     provenance: "Decision 1405 guidance, synthetic data".into(),
//!     requirements: vec!["P-01".into(), "P-14".into()],
//!     record: None,
//!     text: "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700".into(),
//!     text_hex: None,
//!     image: None,
//!     expected: None,
//!     key_id: None,
//!     clock: "2021-10-01T08:00:00+07:00".parse()?,
//!     stages: BTreeMap::from([
//!         (Stage::Recognise, Expectation::pass([]).with_value("personal-code")),
//!         (Stage::Validate, Expectation::pass(["cccd-birth-year-mismatch"])),
//!     ]),
//! };
//! let json = serde_json::to_vec(&vector).unwrap();
//! let set = VectorSet::from_files(vec![("official-example.json".into(), json)]).unwrap();
//! let report = self_check(&set, &Settings::default());
//! assert!(report.passed());
//! assert_eq!(report.totals.passed, 2);
//! # Ok::<(), qr1405_time::TimeError>(())
//! ```

mod bundle;
mod coverage;
mod dgc_testdata;
mod error;
mod html;
mod matrix;
mod outcome;
mod plan;
mod profile;
mod reader;
mod report;
mod requirement;
mod run;
mod selfcheck;
mod stage;
mod submission;
mod unique;
mod vector;

pub use bundle::{
    bundled_exceptions, bundled_file, bundled_profile, bundled_trust, bundled_vectors,
};
pub use coverage::{Coverage, coverage, requirements_markdown};
pub use dgc_testdata::{
    DgcCase, DgcCheck, DgcExceptions, DgcReport, DgcStage, DgcTotals, Divergence, run_dgc_testdata,
    run_dgc_testdata_with,
};
pub use error::Error;
pub use html::{MAX_EMBEDDED_BYTES, MAX_EMBEDDED_PICTURE_BYTES};
pub use matrix::{
    CellScreenshot, CrossRead, CrossReads, Held, Matrix, MatrixCell, Returned, Shows,
    correct_certificate_read, correct_read, evaluate_matrix, evaluate_matrix_with,
};
pub use outcome::{Exceptions, Outcome};
pub use plan::{Plan, PlanCoverage, PlannedScreenshot, bundled_plan};
pub use profile::{EccLevel, GradeLetter, Profile};
pub use reader::{
    MAX_READER_RESULTS_BYTES, ReaderResult, certificate_judgement, evaluate_reader,
    expected_fields, load_reader_results, must_accept, shown_text,
};
pub use report::{
    Case, Check, FieldDiff, Observed, Report, RequirementVerdict, SymbolOutline, Totals, visible,
};
pub use requirement::{CATALOGUE, Compliance, Level, Requirement, Source, broken_by, requirement};
pub use run::{COMMIT, Clock, Input, Run, VERSION};
pub use selfcheck::{Settings, self_check, self_check_with_progress};
pub use submission::{
    FileNameProblem, MAX_SUBMISSION_BYTES, MAX_SUBMISSION_IMAGES, Manifest, RequestedForm,
    Submission, SubmissionFiles, SubmittedImage, evaluate_submission, evaluate_submission_at,
    evaluate_submission_with_progress,
};
// The project's time core: the validation clock of a vector or a run is its `Timestamp`.
pub use qr1405_time::Timestamp;
pub use vector::{
    CertificateSet, CertificateVector, Expect, Expectation, Forms, Loaded, MAX_IMAGE_BYTES,
    MAX_VECTOR_BYTES, MAX_VECTORS, Stage, Stages, Vector, VectorSet,
};
