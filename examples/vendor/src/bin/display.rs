//! A display app's side: a person's record → the signed canonical code → a PNG at a printed
//! size.
//!
//! ```sh
//! vendor-display --record person.json --key ISSUER.pem --size-mm 50 [--dpi 300] \
//!     [--masked] [--at RFC3339] -o code.png
//! ```
//!
//! Prints the signed code's text. The key is a PKCS#8 PEM Ed25519 key (`qr1405 keygen`) read
//! from the path given, never compiled in.

use std::{ffi::OsString, path::PathBuf, process::ExitCode};

use anyhow::Context;
use qr1405_examples::{clock, no_more, take_flag, take_value};
use qr1405_payload::{PersonalCode, Record};
use qr1405_reader::Size;
use qr1405_sign::SecretKey;

const USAGE: &str = "vendor-display --record FILE.json --key KEY.pem --size-mm N [--dpi N] \
                     [--masked] [--at RFC3339] -o OUT.png";

fn main() -> ExitCode {
    match run(std::env::args_os().skip(1).collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("vendor-display: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(mut args: Vec<OsString>) -> anyhow::Result<()> {
    let required = |value: Option<OsString>, name: &str| {
        value.with_context(|| format!("{name} is required\nusage: {USAGE}"))
    };
    let record = PathBuf::from(required(take_value(&mut args, "--record")?, "--record")?);
    let key = PathBuf::from(required(take_value(&mut args, "--key")?, "--key")?);
    let out = PathBuf::from(required(take_value(&mut args, "-o")?, "-o")?);
    let size_mm: f64 = required(take_value(&mut args, "--size-mm")?, "--size-mm")?
        .to_string_lossy()
        .parse()
        .context("--size-mm is a number of millimetres")?;
    let dpi: u32 = match take_value(&mut args, "--dpi")? {
        Some(dpi) => dpi
            .to_string_lossy()
            .parse()
            .context("--dpi is a whole number of dots per inch")?,
        None => 300,
    };
    let masked = take_flag(&mut args, "--masked");
    let at = clock(&mut args)?;
    no_more(&args, USAGE)?;

    // 1. The record, as a person typed it: names may carry diacritics.
    let json = std::fs::read_to_string(&record)
        .with_context(|| format!("cannot read {}", record.display()))?;
    let record: Record = serde_json::from_str(&json)
        .with_context(|| format!("{}: not a record", record.display()))?;
    let code = PersonalCode::from_record(&record).context("cannot build a code")?;
    let code = if masked { code.masked() } else { code };

    // 2. Signed with the issuer's key, read from its file.
    let pem = std::fs::read_to_string(&key)
        .with_context(|| format!("cannot read the key {}", key.display()))?;
    let key = SecretKey::from_pkcs8_pem(&pem)
        .with_context(|| format!("{}: not a PKCS#8 PEM Ed25519 key", key.display()))?;
    let signed = key.sign(&code, at).context("cannot sign")?;

    // 3. Drawn at least `size_mm` a side at `dpi`, quiet zone around it.
    let png = qr1405_reader::render_png(signed.as_str(), Size::Print { size_mm, dpi })?;
    std::fs::write(&out, png).with_context(|| format!("cannot write {}", out.display()))?;
    println!("{signed}");
    Ok(())
}
