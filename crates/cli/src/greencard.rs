//! `qr1405 greencard`: evaluate a holder's health facts against green-card rules, or read a
//! green-card claim.

use std::{path::Path, process::ExitCode};

use anyhow::Context;
use qr1405_greencard::{
    Claim, Facts, MAX_FACTS_BYTES, MAX_RULES_BYTES, RuleSet, Scope, Status, Timestamp,
};

/// Evaluate health facts against green-card rules and print the status as JSON; or, with
/// `--claim`, say whether a green-card claim still holds.
///
/// Exit 0 when the status is green (any scope) or pale blue (and, for a claim, it still holds),
/// 1 for any other status or an expired claim, 2 when the input cannot be read.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The holder's health facts, a JSON file (format in docs/greencard.md).
    #[arg(long, value_name = "FILE", required_unless_present = "claim")]
    facts: Option<String>,
    /// A shipped rule set (default, hcmc-pilot, hcmc-3328, khanh-hoa) or a rule file; write
    /// `./NAME` for a file named like a shipped rule set.
    #[arg(long, value_name = "NAME|FILE", required_unless_present = "claim")]
    rules: Option<String>,
    /// A green-card claim (the text of EXT slot 6) to read instead of evaluating facts.
    #[arg(long, value_name = "TEXT", conflicts_with_all = ["facts", "rules"])]
    claim: Option<String>,
    /// The clock, RFC 3339 with a UTC offset (e.g. 2021-10-01T08:00:00+07:00); default: now.
    #[arg(long, value_name = "RFC3339")]
    at: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let at = clock(args.at.as_deref())?;
    if let Some(text) = &args.claim {
        return read_claim(text, at);
    }
    let (Some(facts_path), Some(rules_arg)) = (&args.facts, &args.rules) else {
        anyhow::bail!("--facts and --rules are both needed unless --claim is given");
    };
    let evaluation = evaluate(facts_path, rules_arg, at)?;
    crate::output::print_json(&evaluation)?;
    Ok(if evaluation.status().passes() {
        crate::PASS
    } else {
        crate::fail()
    })
}

/// The clock of `--at`, or now.
pub(crate) fn clock(at: Option<&str>) -> anyhow::Result<Timestamp> {
    match at {
        Some(text) => text
            .parse::<Timestamp>()
            .with_context(|| "--at is not a clock"),
        None => Ok(Timestamp::now()),
    }
}

/// Evaluates a facts file against a shipped rule set or a rule file.
pub(crate) fn evaluate(
    facts_path: &str,
    rules_arg: &str,
    at: Timestamp,
) -> anyhow::Result<qr1405_greencard::Evaluation> {
    let rules = match RuleSet::builtin(rules_arg) {
        Some(rules) => rules,
        None => {
            let text = crate::input::text_file(Path::new(rules_arg), MAX_RULES_BYTES as u64)
                .with_context(|| {
                    let shipped: Vec<&str> = RuleSet::builtin_ids().collect();
                    format!(
                        "`{rules_arg}` is neither a shipped rule set ({}) nor a readable rule file",
                        shipped.join(", ")
                    )
                })?;
            RuleSet::from_json(&text).with_context(|| format!("rule file `{rules_arg}`"))?
        }
    };
    let text = crate::input::text_file(Path::new(facts_path), MAX_FACTS_BYTES as u64)?;
    let facts = Facts::from_json(&text).with_context(|| format!("facts file `{facts_path}`"))?;
    rules
        .evaluate(&facts, at)
        .with_context(|| format!("facts file `{facts_path}`"))
}

/// Prints what a reader makes of a claim at the clock.
fn read_claim(text: &str, at: Timestamp) -> anyhow::Result<ExitCode> {
    let claim = Claim::parse(text).context("--claim")?;
    let holds = claim.holds_at(at);
    let report = ClaimReport {
        claim: claim.encode(),
        rules: claim.rules(),
        status: claim.status(),
        scope: claim.scope(),
        valid_until: claim.valid_until(),
        at,
        holds,
        reading: claim.describe_at(at),
    };
    crate::output::print_json(&report)?;
    Ok(if holds && claim.status().passes() {
        crate::PASS
    } else {
        crate::fail()
    })
}

/// What `--claim` prints.
#[derive(serde::Serialize)]
struct ClaimReport<'a> {
    claim: String,
    rules: &'a str,
    status: Status,
    scope: Option<Scope>,
    valid_until: Option<Timestamp>,
    at: Timestamp,
    holds: bool,
    reading: String,
}
