//! Writing results for machines.

use std::io::Write;

use anyhow::Context;

/// Writes `value` as pretty JSON and a line break to standard output.
pub(crate) fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value).context("cannot write the report")?;
    writeln!(out).context("cannot write the report")?;
    Ok(())
}
