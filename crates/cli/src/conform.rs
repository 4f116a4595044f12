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
    /// The EU's test vectors (a dgc-testdata clone): every vector at every stage its
    /// EXPECTEDRESULTS names, EU certificates through qr1405-dcc (docs/eu-dcc.md).
    #[arg(
        long,
        value_name = "DIR",
        conflicts_with_all = ["reader_results", "submission", "matrix", "vectors", "exceptions"]
    )]
    dgc_testdata: Option<PathBuf>,
    /// The clock signatures and key validity are judged at in submission and matrix runs
    /// (RFC 3339, e.g. `2026-11-25T09:00:00+07:00`); default: now. The report records it, so a
    /// run can be repeated as it was.
    #[arg(long, value_name = "RFC3339", conflicts_with_all = ["reader_results", "dgc_testdata"])]
    at: Option<qr1405_conformance::Timestamp>,
    /// Known divergences of the EU test vectors (JSON `{"PATH": {"STAGE": {"reason",
    /// "evidence"}}}`); default: the bundled list.
    #[arg(long, value_name = "FILE.json", requires = "dgc_testdata")]
    dgc_exceptions: Option<PathBuf>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    if let Some(dir) = &args.dgc_testdata {
        return dgc_testdata(dir, args.dgc_exceptions.as_deref(), args.json);
    }
    // The bundled exceptions name bundled vectors: they serve the runs whose cases those are.
    let exceptions = match &args.exceptions {
        Some(path) => Exceptions::load(path)?,
        None if args.vectors.is_some() || args.submission.is_some() || !args.matrix.is_empty() => {
            Exceptions::default()
        }
        None => qr1405_conformance::bundled_exceptions()?,
    };
    anyhow::ensure!(
        args.at.is_none() || args.submission.is_some() || !args.matrix.is_empty(),
        "--at applies to --submission and --matrix runs: a self-check judges each vector at its \
         own clock"
    );
    let inputs = Inputs::of(&args)?;
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
        return finish(&inputs.record(report), &args.report, args.json);
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
    let clock = args.at.unwrap_or_else(qr1405_conformance::Timestamp::now);
    let settings = Settings {
        exceptions,
        profile,
        trust,
        plan,
    };
    let vectors = vectors(&args)?;
    if !args.matrix.is_empty() {
        let submissions = args
            .matrix
            .iter()
            .map(|dir| qr1405_conformance::Submission::load(dir))
            .collect::<Result<Vec<_>, _>>()?;
        let total = submissions.iter().map(|s| s.images.len()).sum();
        let mut progress = Progress::new(total, "screenshots");
        let report = qr1405_conformance::evaluate_matrix_with(
            &submissions,
            &vectors,
            &settings,
            clock,
            &mut |done| progress.update(done),
        );
        progress.finish();
        let report = report?;
        return finish(&inputs.record(report), &args.report, args.json);
    }
    if let Some(dir) = &args.submission {
        let submission = qr1405_conformance::Submission::load(dir)?;
        submission.check_vectors(&vectors)?;
        let mut progress = Progress::new(submission.images.len(), "screenshots");
        let report = qr1405_conformance::evaluate_submission_at(
            &submission,
            &vectors,
            &settings,
            clock,
            &mut |done| progress.update(done),
        );
        progress.finish();
        return finish(&inputs.record(report), &args.report, args.json);
    }
    let mut progress = Progress::new(vectors.len(), "vectors");
    let report = qr1405_conformance::self_check_with_progress(&vectors, &settings, &mut |done| {
        progress.update(done)
    });
    progress.finish();
    finish(&inputs.record(report), &args.report, args.json)
}

/// The inputs a run names besides its vectors, for its report: each with its source and
/// digest (docs/conformance.md, What was run).
struct Inputs {
    exceptions: Option<qr1405_conformance::Input>,
    trust_list: Option<qr1405_conformance::Input>,
    plan: Option<qr1405_conformance::Input>,
}

impl Inputs {
    /// The inputs as `args` chooses them, the same choice `run` makes.
    fn of(args: &Args) -> anyhow::Result<Inputs> {
        use qr1405_conformance::Input;
        let custom = args.vectors.is_some() || args.submission.is_some() || !args.matrix.is_empty();
        let exceptions = match &args.exceptions {
            Some(path) => Some(Input::read(path)?),
            None if custom => None,
            None => Input::bundled("exceptions.json"),
        };
        let trust_list = match &args.trust {
            Some(path) => Some(Input::read(path)?),
            None => Input::bundled("trust-list.json"),
        };
        // Only submission and matrix runs hold screenshots to a plan.
        let planned = args.submission.is_some() || !args.matrix.is_empty();
        let plan = match &args.plan {
            Some(path) if planned => Some(Input::read(path)?),
            None if planned && args.vectors.is_none() => Input::bundled("plan.json"),
            _ => None,
        };
        Ok(Inputs {
            exceptions,
            trust_list,
            plan,
        })
    }

    /// `report` with the command line, its inputs and this tool recorded in what was run.
    fn record(self, mut report: Report) -> Report {
        if let Some(run) = &mut report.run {
            "qr1405".clone_into(&mut run.tool);
            run.arguments = std::env::args().skip(1).collect();
            run.exceptions = self.exceptions;
            // A reader run judges with the bundled list whatever `--trust` says.
            if run.trust_list.is_none() {
                run.trust_list = self.trust_list;
            }
            run.plan = self.plan;
        }
        report
    }
}

/// `--dgc-testdata`: the EU's test vectors as an external suite.
fn dgc_testdata(dir: &Path, exceptions: Option<&Path>, json: bool) -> anyhow::Result<ExitCode> {
    let (exceptions, exceptions_input) = match exceptions {
        Some(path) => (
            qr1405_conformance::DgcExceptions::load(path)?,
            Some(qr1405_conformance::Input::read(path)?),
        ),
        None => (
            qr1405_conformance::DgcExceptions::bundled()?,
            qr1405_conformance::Input::bundled("dgc-testdata-exceptions.json"),
        ),
    };
    anyhow::ensure!(dir.is_dir(), "{} is not a folder", dir.display());
    let mut progress = Progress::new(0, "EU test vectors");
    let mut report =
        qr1405_conformance::run_dgc_testdata_with(dir, &exceptions, &mut |done, total| {
            progress.total = total;
            progress.update(done);
        })?;
    progress.finish();
    if let Some(run) = &mut report.run {
        "qr1405".clone_into(&mut run.tool);
        run.arguments = std::env::args().skip(1).collect();
        run.exceptions = exceptions_input;
    }
    anyhow::ensure!(
        report.totals.vectors > 0,
        "no test vectors under {}",
        dir.display()
    );
    if json {
        println!("{}", report.to_json());
    } else {
        print!("{}", report.summary());
    }
    Ok(if report.passed() {
        crate::PASS
    } else {
        crate::fail()
    })
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
        crate::output::print(&report.summary())?;
        if let Some(dir) = dir {
            crate::output::print_line(&format!("reports written to {}", dir.display()))?;
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
    what: &'static str,
    started: Instant,
    shown: bool,
    terminal: bool,
}

impl Progress {
    fn new(total: usize, what: &'static str) -> Progress {
        Progress {
            total,
            what,
            started: Instant::now(),
            shown: false,
            terminal: std::io::stderr().is_terminal(),
        }
    }

    fn update(&mut self, done: usize) {
        if !self.terminal || self.started.elapsed() < Duration::from_secs(1) {
            return;
        }
        let line = progress_line(done, self.total, self.what, self.started.elapsed());
        let mut err = std::io::stderr().lock();
        // The line is padded so that a shorter one wipes the end of the last.
        let _ = write!(err, "\r{line:<80}");
        let _ = err.flush();
        self.shown = true;
    }

    fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}

/// The progress bar's line: the bar, what is counted, and the time left at the pace so far.
fn progress_line(done: usize, total: usize, what: &str, elapsed: Duration) -> String {
    const WIDTH: usize = 30;
    let filled = (done.min(total) * WIDTH)
        .checked_div(total)
        .unwrap_or(WIDTH);
    let left = match u32::try_from(total.saturating_sub(done)) {
        Ok(remaining) if done > 0 => {
            let per_item = elapsed / u32::try_from(done).unwrap_or(u32::MAX);
            let seconds = (per_item * remaining).as_secs();
            match seconds {
                0 => "finishing".to_owned(),
                s if s < 60 => format!("about {s} s left"),
                s => format!("about {} min {} s left", s / 60, s % 60),
            }
        }
        _ => "estimating the time left".to_owned(),
    };
    format!(
        "[{}{}] {done}/{total} {what} evaluated, {left}",
        "=".repeat(filled),
        " ".repeat(WIDTH - filled)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_line_says_what_it_counts_and_the_time_left() {
        let lines = [
            progress_line(0, 48, "screenshots", Duration::from_secs(1)),
            progress_line(12, 48, "screenshots", Duration::from_secs(6)),
            progress_line(100, 200, "vectors", Duration::from_secs(90)),
            progress_line(200, 200, "vectors", Duration::from_secs(180)),
        ];
        insta::assert_snapshot!(lines.join("\n"), @"
        [                              ] 0/48 screenshots evaluated, estimating the time left
        [=======                       ] 12/48 screenshots evaluated, about 18 s left
        [===============               ] 100/200 vectors evaluated, about 1 min 30 s left
        [==============================] 200/200 vectors evaluated, finishing
        ");
    }
}
