//! `qr1405 conform`: evaluate against the golden vectors, the way the national centre does.

use std::{
    io::{IsTerminal, Write},
    path::{Path, PathBuf},
    process::ExitCode,
    time::{Duration, Instant},
};

use anyhow::Context;
use qr1405_conformance::{Exceptions, Plan, Profile, Report, Settings, VectorSet};

/// Evaluate conformance and print a summary; exit 0 without unexpected outcomes, 1 with one.
///
/// With no options: the self-check of this project's libraries against every stage of every
/// bundled vector.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Read the vectors from this folder instead of the bundled ones.
    #[arg(long, value_name = "DIR")]
    vectors: Option<PathBuf>,
    /// Known divergences (JSON `{"CASE": {"STAGE": "reason"}}`); default: the bundled list for
    /// runs over the bundled vectors, none for other runs.
    #[arg(long, value_name = "FILE.json")]
    exceptions: Option<PathBuf>,
    /// The evaluation profile (JSON; absent keys take their defaults); default: the bundled
    /// profile.
    #[arg(long, value_name = "FILE.json")]
    profile: Option<PathBuf>,
    /// The test plan: the screenshots a submission must hold (JSON
    /// `{"screenshots": [{"vector", "display"}]}`); default: the bundled plan, every test
    /// identity in the full and the masked form.
    #[arg(long, value_name = "FILE.json", conflicts_with = "reader_results")]
    plan: Option<PathBuf>,
    /// The signed trust list of the signature stages; default: the bundled test list.
    #[arg(long, value_name = "TRUST.json", requires = "root")]
    trust: Option<PathBuf>,
    /// The root key the trust list must be signed by: its public key or a file holding it.
    #[arg(long, value_name = "KEY|FILE", requires = "trust")]
    root: Option<String>,
    /// Write report.json, junit.xml and report.html into this folder.
    #[arg(long, value_name = "DIR")]
    report: Option<PathBuf>,
    /// Print the JSON report on standard output instead of the summary.
    #[arg(long)]
    json: bool,
    /// Reader-side evaluation: a JSON line per vector, `{"vector", "accepted", "fields"}`, of
    /// what the app's reader did when shown the vector's image.
    #[arg(long, value_name = "FILE.jsonl")]
    reader_results: Option<PathBuf>,
    /// Display-side evaluation: a folder with `manifest.json` and the app's screenshots.
    #[arg(long, value_name = "DIR", conflicts_with = "reader_results")]
    submission: Option<PathBuf>,
    /// Which app reads which: submission folders whose manifests name the file of what each
    /// app's reader did with every app's screenshots (`reader_results`).
    #[arg(
        long,
        value_name = "DIR",
        num_args = 1..,
        conflicts_with_all = ["reader_results", "submission", "app", "vectors"]
    )]
    matrix: Vec<PathBuf>,
    /// The app's name in reports (default: the file or folder name).
    #[arg(long, value_name = "NAME")]
    app: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    // The bundled exceptions name bundled vectors: they serve the runs whose cases those are.
    let exceptions = match &args.exceptions {
        Some(path) => Exceptions::load(path)?,
        None if args.vectors.is_some() || args.submission.is_some() || !args.matrix.is_empty() => {
            Exceptions::default()
        }
        None => qr1405_conformance::bundled_exceptions()?,
    };
    if let Some(path) = &args.reader_results {
        let results = qr1405_conformance::load_reader_results(path)?;
        let app = app_name(args.app.as_deref(), path);
        let report = qr1405_conformance::evaluate_reader(
            &app,
            &vectors(&args)?,
            &results,
            &exceptions,
            path,
        )?;
        return finish(&report, &args.report, args.json);
    }
    let profile = match &args.profile {
        Some(path) => Profile::load(path)?,
        None => qr1405_conformance::bundled_profile()?,
    };
    let trust = match (&args.trust, &args.root) {
        (Some(path), Some(root)) => Some(crate::input::trust_list(path, root)?),
        _ => qr1405_conformance::bundled_trust()?,
    };
    let plan = match &args.plan {
        Some(path) => {
            let plan = Plan::load(path)?;
            let vectors = match &args.vectors {
                Some(dir) => VectorSet::load(dir)?,
                None => qr1405_conformance::bundled_vectors()?,
            };
            plan.check(&vectors, path)?;
            plan
        }
        None if args.vectors.is_some() => Plan::default(),
        None => qr1405_conformance::bundled_plan()?,
    };
    let settings = Settings {
        exceptions,
        profile,
        trust,
        plan,
    };
    if !args.matrix.is_empty() {
        let submissions = args
            .matrix
            .iter()
            .map(|dir| qr1405_conformance::Submission::load(dir))
            .collect::<Result<Vec<_>, _>>()?;
        let total = submissions.iter().map(|s| s.images.len()).sum();
        let mut progress = Progress::new(total);
        let report = qr1405_conformance::evaluate_matrix_with(
            &submissions,
            &settings,
            qr1405_conformance::Timestamp::now(),
            &mut |done| progress.update(done),
        );
        progress.finish();
        let report = report?;
        return finish(&report, &args.report, args.json);
    }
    let vectors = vectors(&args)?;
    if let Some(dir) = &args.submission {
        let submission = qr1405_conformance::Submission::load(dir)?;
        submission.check_vectors(&vectors)?;
        let mut progress = Progress::new(submission.images.len());
        let report = qr1405_conformance::evaluate_submission_with_progress(
            &submission,
            &vectors,
            &settings,
            &mut |done| progress.update(done),
        );
        progress.finish();
        return finish(&report, &args.report, args.json);
    }
    let mut progress = Progress::new(vectors.len());
    let report = qr1405_conformance::self_check_with_progress(&vectors, &settings, &mut |done| {
        progress.update(done)
    });
    progress.finish();
    finish(&report, &args.report, args.json)
}

/// The vectors of the run: `--vectors`, else the bundled ones. A matrix run needs none.
fn vectors(args: &Args) -> anyhow::Result<VectorSet> {
    let vectors = match &args.vectors {
        Some(dir) => VectorSet::load(dir)?,
        None => qr1405_conformance::bundled_vectors().context("the bundled vectors")?,
    };
    anyhow::ensure!(!vectors.is_empty(), "no vectors to evaluate against");
    Ok(vectors)
}

/// The app's name: given, or the file or folder name without its extension.
fn app_name(given: Option<&str>, path: &Path) -> String {
    given.map(str::to_owned).unwrap_or_else(|| {
        path.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "app".to_owned())
    })
}

/// Prints the report and writes its files; the exit code says whether it passed.
fn finish(report: &Report, dir: &Option<PathBuf>, json: bool) -> anyhow::Result<ExitCode> {
    if let Some(dir) = dir {
        write_reports(report, dir)?;
    }
    if json {
        crate::output::print_json(report)?;
    } else {
        print!("{}", report.summary());
        if let Some(dir) = dir {
            println!("reports written to {}", dir.display());
        }
    }
    Ok(if report.passed() {
        crate::PASS
    } else {
        crate::fail()
    })
}

/// Writes the three reports all or none: each to a temporary file in `dir`, synced, then renamed
/// over its name, so that a full disk or a killed run never leaves one that looks complete and
/// a link already in `dir` is replaced, not written through.
fn write_reports(report: &Report, dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let (json, junit, html) = (report.to_json(), report.to_junit(), report.to_html());
    qr1405_files::write_atomic(
        dir,
        &[
            ("report.json", json.as_bytes()),
            ("junit.xml", junit.as_bytes()),
            ("report.html", html.as_bytes()),
        ],
    )?;
    Ok(())
}

/// A progress bar on standard error, shown once a run has taken a second and only on a
/// terminal.
struct Progress {
    total: usize,
    started: Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    fn new(total: usize) -> Progress {
        Progress {
            total,
            started: Instant::now(),
            shown: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, done: usize) {
        if !self.terminal || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        const WIDTH: usize = 40;
        let filled = (done * WIDTH).checked_div(self.total).unwrap_or(WIDTH);
        let mut err = std::io::stderr().lock();
        let _ = write!(
            err,
            "\r[{}{}] {done}/{}",
            "=".repeat(filled),
            " ".repeat(WIDTH - filled),
            self.total
        );
        let _ = err.flush();
        self.shown = true;
    }

    fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}
