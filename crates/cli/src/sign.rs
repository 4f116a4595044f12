//! `qr1405 sign`: fill the signature slot of a personal code.

use std::{io::Write, path::PathBuf, process::ExitCode};

use qr1405_payload::PersonalCode;
use qr1405_sign::Time;

/// Sign a personal code: print it with EXT slot 5 filled, replacing any signature there.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The issuer's private key, a PKCS#8 PEM file.
    #[arg(long, value_name = "KEY.pem")]
    key: PathBuf,
    /// The signing time, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    at: Option<Time>,
    /// Sign both display forms of a full code: print the full form, then the masked form.
    #[arg(long)]
    both: bool,
    /// The code, or `-` for standard input.
    text: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let key = crate::input::secret_key(&args.key)?;
    let bytes = crate::input::text_bytes(args.text.as_deref())?;
    let code = match std::str::from_utf8(&bytes)
        .map_err(|_| "the text is not UTF-8".to_owned())
        .and_then(|text| PersonalCode::parse(text).map_err(|error| error.to_string()))
    {
        Ok(code) => code,
        Err(message) => {
            eprintln!("qr1405: cannot sign: {message}");
            return Ok(crate::fail());
        }
    };
    let at = args.at.unwrap_or_else(Time::now);
    let signed = if args.both {
        key.sign_display_forms(&code, at)
            .map(|forms| vec![forms.full, forms.masked])
    } else {
        key.sign(&code, at).map(|code| vec![code])
    };
    match signed {
        Ok(codes) => {
            let mut stdout = std::io::stdout().lock();
            for code in codes {
                writeln!(stdout, "{code}")?;
            }
            Ok(crate::PASS)
        }
        Err(error) => {
            eprintln!("qr1405: cannot sign: {error}");
            Ok(crate::fail())
        }
    }
}
