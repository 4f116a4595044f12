//! `qr1405 read`: what a reader app makes of a scanned code (`qr1405-reader`).

use std::{io::Write, path::PathBuf, process::ExitCode};

use qr1405_reader::{Policy, Reader, Time};

/// Read a scanned code as a reader app does: accept with the person's fields, or refuse with
/// every reason (JSON, `docs/reader.md`).
///
/// Exit 0 when the code is accepted, 1 when it is refused.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The scanned text, or `-` for standard input.
    #[arg(conflicts_with = "image")]
    text: Option<String>,
    /// Read the first code in this picture instead (PNG, JPEG, WebP, BMP or GIF).
    #[arg(long, value_name = "FILE")]
    image: Option<PathBuf>,
    /// The signed trust list signatures are checked against (without it they are not checked).
    #[arg(long, value_name = "TRUST.json", requires = "root")]
    trust: Option<PathBuf>,
    /// The root key the trust list must be signed by: its public key or a file holding it.
    #[arg(long, value_name = "KEY|FILE", requires = "trust")]
    root: Option<String>,
    /// The reader's clock, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    at: Option<Time>,
    /// Refuse codes without a signature.
    #[arg(long)]
    signed_only: bool,
    /// Refuse ID-card (CCCD) codes.
    #[arg(long)]
    no_citizen_card: bool,
    /// Refuse codes without a green-card claim that lets the holder through.
    #[arg(long)]
    require_green: bool,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let reader = match (&args.trust, &args.root) {
        (Some(path), Some(root)) => Reader::new(crate::input::trust_list(path, root)?),
        _ => Reader::without_trust_list(),
    };
    let mut policy = Policy::default();
    policy.accept_unsigned = !args.signed_only;
    policy.accept_citizen_card = !args.no_citizen_card;
    policy.require_green = args.require_green;
    let reader = reader.with_policy(policy);
    let at = args.at.unwrap_or_else(Time::now);
    let reading = match &args.image {
        Some(path) => reader.read_image(&crate::input::file_bytes(path)?, at),
        None => reader.read_text(&crate::input::text_bytes(args.text.as_deref())?, at),
    };
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &reading)?;
    writeln!(stdout)?;
    Ok(if reading.is_accept() {
        crate::PASS
    } else {
        crate::fail()
    })
}
