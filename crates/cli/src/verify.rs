//! `qr1405 verify`: check a code's signature against a trust list.

use std::{path::PathBuf, process::ExitCode};

use qr1405_payload::PersonalCode;
use qr1405_sign::{Time, Verdict};

/// Verify a personal code's signature against a trust list and print the verdict (JSON); an EU
/// certificate (`HC1:`) against signer certificates (`--dsc`) or a signer trust list.
///
/// Exit 0 when the signature is valid, 1 when it is not valid or the code is unsigned.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The signed trust list.
    #[arg(long, value_name = "TRUST.json", required_unless_present_any = ["dsc", "dsc_trust_list"])]
    trust: Option<PathBuf>,
    /// The root key the trust list must be signed by: its public key (43 base64url
    /// characters) or a file holding it.
    #[arg(long, value_name = "KEY|FILE", required_unless_present_any = ["dsc", "dsc_trust_list"])]
    root: Option<String>,
    /// For an EU certificate (`HC1:`): signer certificate files, every certificate of each:
    /// DER, base64 of DER, or PEM with one or more CERTIFICATE blocks (a bundle).
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["trust", "root"])]
    dsc: Vec<PathBuf>,
    /// For an EU certificate (`HC1:`): a signer trust list (docs/eu-dcc.md, "Trust lists").
    #[arg(long, value_name = "FILE.json", conflicts_with_all = ["trust", "root"])]
    dsc_trust_list: Option<PathBuf>,
    /// The verification time, RFC 3339 (default: now).
    #[arg(long, value_name = "RFC3339")]
    at: Option<Time>,
    /// The code, or `-` for standard input.
    text: Option<String>,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (Some(trust), Some(root)) = (&args.trust, &args.root) else {
        let bytes = crate::input::text_bytes(args.text.as_deref())?;
        anyhow::ensure!(
            crate::dcc::is_hc1(&bytes),
            "--dsc and --dsc-trust-list verify EU certificates (HC1:); a personal code needs --trust and --root"
        );
        let at = args.at.map(crate::dcc::time);
        return crate::dcc::verify(&bytes, &args.dsc, args.dsc_trust_list.as_deref(), at);
    };
    let list = crate::input::trust_list(trust, root)?;
    let bytes = crate::input::text_bytes(args.text.as_deref())?;
    let at = args.at.unwrap_or_else(Time::now);
    let code = std::str::from_utf8(&bytes)
        .map_err(|_| "the text is not UTF-8".to_owned())
        .and_then(|text| PersonalCode::parse(text).map_err(|error| error.to_string()));
    let (verdict, message) = match &code {
        Ok(code) => (Some(list.verify(code, at)), None),
        Err(message) => (None, Some(message.as_str())),
    };
    let passed = matches!(verdict, Some(Verdict::Valid(_)));
    let report = Report {
        verdict: verdict.as_ref(),
        not_conforming: message.map(|message| NotConforming {
            verdict: "not-conforming",
            message,
        }),
        at,
    };
    crate::output::print_json(&report)?;
    Ok(if passed { crate::PASS } else { crate::fail() })
}

/// The JSON printed: the verdict's members, then the verification time.
#[derive(serde::Serialize)]
struct Report<'a> {
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    verdict: Option<&'a Verdict>,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    not_conforming: Option<NotConforming<'a>>,
    at: Time,
}

/// The verdict for a text that is not a conforming personal code.
#[derive(serde::Serialize)]
struct NotConforming<'a> {
    verdict: &'static str,
    message: &'a str,
}
