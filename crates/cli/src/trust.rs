//! `qr1405 trust`: manage trust lists.

use std::{
    io::{Read, Write},
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::Context;

/// Manage trust lists: the issuers and keys a reader accepts.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Sign a trust list with the root key and print the signed list.
    Sign(SignArgs),
}

#[derive(Debug, clap::Args)]
struct SignArgs {
    /// The root's private key, a PKCS#8 PEM file.
    #[arg(long, value_name = "ROOT.pem")]
    key: PathBuf,
    /// The unsigned list: the JSON object that becomes the `list` member.
    #[arg(value_name = "LIST.json")]
    list: PathBuf,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Sign(args) => sign(args),
    }
}

fn sign(args: SignArgs) -> anyhow::Result<ExitCode> {
    let root = crate::keygen::read_secret_key(&args.key)?;
    let list = read_limited(&args.list, qr1405_sign::MAX_TRUST_LIST_LEN)?;
    match qr1405_sign::sign_trust_list(&list, &root) {
        Ok(signed) => {
            std::io::stdout().lock().write_all(signed.as_bytes())?;
            Ok(crate::PASS)
        }
        Err(error) => {
            eprintln!("qr1405: cannot sign {}: {error}", args.list.display());
            Ok(crate::fail())
        }
    }
}

/// Reads a file of at most `limit` bytes; a longer one is an error, read no further.
pub(crate) fn read_limited(path: &Path, limit: usize) -> anyhow::Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    anyhow::ensure!(
        bytes.len() <= limit,
        "{} is longer than {limit} bytes",
        path.display()
    );
    Ok(bytes)
}
