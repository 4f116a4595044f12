//! `qr1405 build`: the canonical personal code from a person's record.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use qr1405_payload::{PersonalCode, Record};

/// Print the canonical personal code for a person's record.
///
/// The record is JSON: `document_number`, `full_name`, `birth_date`, `declared_on_behalf`,
/// `qid`, `on_behalf_qid`, `gender` (`unknown`, `male`, `female`), `health_insurance_number`,
/// `phone`. Names may carry diacritics; unknown keys are refused.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The record, a JSON file (`-` for standard input).
    #[arg(long, value_name = "FILE.json")]
    record: PathBuf,
    /// Print the masked display form instead of the full form.
    #[arg(long)]
    masked: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let record: Record = crate::input::json_file(&args.record)?;
    let code = PersonalCode::from_record(&record)
        .with_context(|| format!("{}: cannot build a code", args.record.display()))?;
    for warning in qr1405_payload::check(code.as_str().as_bytes()).diagnostics() {
        eprintln!("qr1405: {warning}");
    }
    let code = if args.masked { code.masked() } else { code };
    println!("{code}");
    Ok(crate::PASS)
}
