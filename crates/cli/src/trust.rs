//! `qr1405 trust`: manage trust lists.

use std::{io::Write, path::PathBuf, process::ExitCode};

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
    let root = crate::input::secret_key(&args.key)?;
    let list = crate::input::bytes(&args.list, qr1405_sign::MAX_TRUST_LIST_LEN as u64)?;
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
