//! `qr1405 parse`: say what a scanned text is and what is wrong with it.

use std::process::ExitCode;

/// Say what a scanned text is (personal code, CCCD card, check-in URL, EU certificate) and
/// list every problem in it, as JSON. An EU certificate (`HC1:`) is opened and checked at
/// every stage (docs/eu-dcc.md) and shown with English and Vietnamese labels.
///
/// Exit 0 when the text is of a known format without errors, 1 otherwise.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The text, or `-` (the default) for standard input, one trailing line break removed.
    text: Option<String>,
    /// The validation clock for an EU certificate (`HC1:`), RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    at: Option<qr1405_sign::Time>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = crate::input::text_bytes(args.text.as_deref())?;
    if crate::dcc::is_hc1(&bytes) {
        return crate::dcc::parse(&bytes, args.at.map(crate::dcc::time));
    }
    let scan = qr1405_payload::recognise(&bytes);
    crate::output::print_json(&scan)?;
    Ok(if scan.is_accepted() {
        crate::PASS
    } else {
        crate::fail()
    })
}
