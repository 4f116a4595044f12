//! A reader app's side: a picture file → a verdict with the person's fields.
//!
//! ```sh
//! vendor-reader PICTURE [--trust TRUST.json --root ROOT.pub] [--at RFC3339]
//! ```
//!
//! Prints `ACCEPT` with the kind of code, the signature's verdict and the person's fields, or
//! `REFUSE` with every reason; exits 0 on accept, 1 on refuse, 2 when it could not run. Without
//! a trust list, signatures are not checked: a reader at a checkpoint always has one.

use std::{ffi::OsString, path::PathBuf, process::ExitCode};

use anyhow::Context;
use qr1405_examples::{clock, no_more, take_value};
use qr1405_reader::{Reader, Reading};

const USAGE: &str = "vendor-reader PICTURE [--trust TRUST.json --root ROOT.pub] [--at RFC3339]";

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("vendor-reader: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

/// Reads the picture; whether the code was accepted.
fn run(mut args: Vec<OsString>) -> anyhow::Result<bool> {
    let trust = take_value(&mut args, "--trust")?.map(PathBuf::from);
    let root = take_value(&mut args, "--root")?.map(PathBuf::from);
    let at = clock(&mut args)?;
    anyhow::ensure!(!args.is_empty(), "a picture is required\nusage: {USAGE}");
    let picture = PathBuf::from(args.remove(0));
    no_more(&args, USAGE)?;

    // The reader: with the trust list and the root key that signs it, as an app ships them.
    let reader = match (trust, root) {
        (Some(trust), Some(root)) => {
            let list = std::fs::read(&trust)
                .with_context(|| format!("cannot read {}", trust.display()))?;
            let root = std::fs::read_to_string(&root)
                .with_context(|| format!("cannot read {}", root.display()))?;
            Reader::from_trust_list_json(&list, &root)?
        }
        (None, None) => Reader::without_trust_list(),
        _ => anyhow::bail!("--trust and --root go together\nusage: {USAGE}"),
    };

    let image =
        std::fs::read(&picture).with_context(|| format!("cannot read {}", picture.display()))?;
    match reader.read_image(&image, at) {
        Reading::Accept(accept) => {
            println!(
                "ACCEPT {} {}, signature {}",
                accept.kind.as_str(),
                accept.display_form.unwrap_or(""),
                accept.signature.as_str()
            );
            for (name, value) in &accept.fields {
                println!("  {name}: {value}");
            }
            for warning in &accept.warnings {
                println!("  warning: {}", warning.code());
            }
            Ok(true)
        }
        Reading::Refuse(refuse) => {
            println!("REFUSE {}: {}", refuse.kind.as_str(), refuse.codes());
            Ok(false)
        }
    }
}
