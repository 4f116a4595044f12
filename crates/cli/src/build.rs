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
    /// Embed a green-card claim in EXT slot 6: the holder's health facts (JSON).
    #[arg(long, value_name = "FILE", requires = "greencard_rules")]
    greencard_facts: Option<String>,
    /// The rule set of the claim: a shipped one (default, hcmc-pilot, hcmc-3328, khanh-hoa) or
    /// a rule file.
    #[arg(long, value_name = "NAME|FILE", requires = "greencard_facts")]
    greencard_rules: Option<String>,
    /// The clock of the green-card evaluation, RFC 3339 with an offset; default: now.
    #[arg(long, value_name = "RFC3339", requires = "greencard_facts")]
    at: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let record: Record = crate::input::json_object_file(&args.record, "a record")?;
    let code = PersonalCode::from_record(&record)
        .with_context(|| format!("{}: cannot build a code", args.record.display()))?;
    for warning in qr1405_payload::check(code.as_str().as_bytes()).diagnostics() {
        eprintln!("qr1405: {warning}");
    }
    let code = if args.masked { code.masked() } else { code };
    let code = match (&args.greencard_facts, &args.greencard_rules) {
        (Some(facts), Some(rules)) => {
            let at = crate::greencard::clock(args.at.as_deref())?;
            let evaluation = crate::greencard::evaluate(facts, rules, at)?;
            let claim = qr1405_greencard::Claim::from_evaluation(&evaluation).encode();
            code.with_further_slot(qr1405_greencard::CLAIM_SLOT, &claim)
                .context("cannot embed the green-card claim")?
        }
        _ => code,
    };
    println!("{code}");
    Ok(crate::PASS)
}
