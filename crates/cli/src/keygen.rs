//! `qr1405 keygen`: a new signing key.

use std::{fs::OpenOptions, path::PathBuf, process::ExitCode};

use anyhow::Context;
use qr1405_sign::SecretKey;

/// Make a new Ed25519 signing key: write it to a PKCS#8 PEM file that only its owner can
/// read, and print its public key and key id (JSON). The secret key is never printed.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The file to create; an existing file is never overwritten.
    #[arg(long, value_name = "KEY.pem")]
    out: PathBuf,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let key = SecretKey::generate()?;
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options
        .open(&args.out)
        .with_context(|| format!("cannot create {}", args.out.display()))?;
    key.write_pkcs8_pem(&mut file)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    let public = serde_json::json!({
        "public_key": key.public_key().to_string(),
        "key_id": key.key_id().to_string(),
    });
    crate::output::print_json(&public)?;
    Ok(crate::PASS)
}
