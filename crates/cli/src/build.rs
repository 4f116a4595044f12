//! `qr1405 build`: the canonical personal code from a person's record.

use std::{path::PathBuf, process::ExitCode};

/// Print the canonical personal code for a person's record (JSON).
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The record, a JSON file.
    #[arg(long)]
    record: PathBuf,
    /// Print the masked display form.
    #[arg(long)]
    masked: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    anyhow::bail!("build is not available yet ({})", args.record.display())
}
