//! `qr1405 parse`: say what a scanned text is and what is wrong with it.

use std::process::ExitCode;

/// Say what a scanned text is and list every problem in it, as JSON.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The text, or `-` for standard input.
    text: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let _bytes = crate::input::text_bytes(args.text.as_deref())?;
    anyhow::bail!("parse is not available yet")
}
