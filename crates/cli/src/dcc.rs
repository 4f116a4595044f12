//! `HC1:` texts in `qr1405 parse` and `qr1405 verify`: EU certificates through `qr1405-dcc`.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use qr1405_dcc::{Dsc, Item, NumericDate, Opened, Signers};
use serde::Serialize;

/// The `--at` option, which the personal-code commands read, as the certificate crate's clock.
pub(crate) fn time(at: qr1405_sign::Time) -> NumericDate {
    NumericDate::from_unix_seconds(i64::try_from(at.unix_seconds()).unwrap_or(i64::MAX))
}

/// Whether a scanned text is an EU certificate's.
pub(crate) fn is_hc1(bytes: &[u8]) -> bool {
    bytes.starts_with(qr1405_dcc::PREFIX.as_bytes())
}

/// One line of the person-readable view, labelled in English and Vietnamese.
#[derive(Serialize)]
struct Line<'a> {
    label: qr1405_dcc::Label,
    en: &'static str,
    vi: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    display: Option<&'a str>,
}

fn lines(items: &[Item]) -> Vec<Line<'_>> {
    items
        .iter()
        .map(|item| Line {
            label: item.label,
            en: item.label.en(),
            vi: item.label.vi(),
            value: &item.value,
            display: item.display.as_deref(),
        })
        .collect()
}

#[derive(Serialize)]
struct Event<'a> {
    kind: qr1405_dcc::CertificateType,
    en: &'static str,
    vi: &'static str,
    items: Vec<Line<'a>>,
}

#[derive(Serialize)]
struct Report<'a> {
    format: &'static str,
    accepted: bool,
    clock: String,
    stages: Vec<Stage>,
    diagnostics: &'a [qr1405_dcc::Diagnostic],
    #[serde(skip_serializing_if = "Option::is_none")]
    kid: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    alg: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    signer: Option<&'a qr1405_dcc::SignerInfo>,
    #[serde(skip_serializing_if = "Option::is_none")]
    certificate: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    person: Vec<Line<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    events: Vec<Event<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    validity: Vec<Line<'a>>,
}

#[derive(Serialize)]
struct Stage {
    stage: qr1405_dcc::Stage,
    outcome: qr1405_dcc::StageOutcome,
}

fn print(opened: &Opened) -> anyhow::Result<ExitCode> {
    let view = opened.view();
    let events = view
        .as_ref()
        .map(|v| {
            v.events
                .iter()
                .map(|event| {
                    let label = match event.kind {
                        qr1405_dcc::CertificateType::Test => qr1405_dcc::Label::Test,
                        qr1405_dcc::CertificateType::Recovery => qr1405_dcc::Label::Recovery,
                        _ => qr1405_dcc::Label::Vaccination,
                    };
                    Event {
                        kind: event.kind,
                        en: label.en(),
                        vi: label.vi(),
                        items: lines(&event.items),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let accepted = opened.is_acceptable();
    let report = Report {
        format: "eu-dcc",
        accepted,
        clock: opened.clock().to_string(),
        stages: opened
            .outcomes()
            .into_iter()
            .map(|(stage, outcome)| Stage { stage, outcome })
            .collect(),
        diagnostics: opened.diagnostics(),
        kid: opened
            .cose()
            .and_then(|c| c.kid())
            .map(|kid| kid.iter().map(|b| format!("{b:02x}")).collect()),
        alg: opened
            .cose()
            .and_then(|c| c.algorithm())
            .map(|a| a.as_str()),
        signer: opened.signer(),
        certificate: opened
            .claims()
            .and_then(|c| c.certificate_json())
            .and_then(|json| serde_json::from_str(&json).ok()),
        person: view.as_ref().map(|v| lines(&v.person)).unwrap_or_default(),
        events,
        validity: view
            .as_ref()
            .map(|v| lines(&v.validity))
            .unwrap_or_default(),
    };
    crate::output::print_json(&report)?;
    Ok(if accepted { crate::PASS } else { crate::fail() })
}

fn text(bytes: &[u8]) -> anyhow::Result<&str> {
    std::str::from_utf8(bytes).context("the text is not utf-8")
}

/// `qr1405 parse HC1:…`: every stage up to expiry, every diagnostic, the certificate.
pub(crate) fn parse(bytes: &[u8], at: Option<NumericDate>) -> anyhow::Result<ExitCode> {
    let opened = qr1405_dcc::open(text(bytes)?, at.unwrap_or_else(NumericDate::now));
    print(&opened)
}

/// `qr1405 verify --dsc FILE… | --dsc-trust-list FILE HC1:…`: every stage, signature and
/// key usage included.
pub(crate) fn verify(
    bytes: &[u8],
    dscs: &[PathBuf],
    trust_list: Option<&std::path::Path>,
    at: Option<NumericDate>,
) -> anyhow::Result<ExitCode> {
    let mut signers = match trust_list {
        Some(path) => {
            let json = qr1405_files::read(path, qr1405_dcc::MAX_TRUST_LIST_LEN as u64)?;
            Signers::from_trust_list(&json)
                .with_context(|| format!("cannot use {}", path.display()))?
        }
        None => Signers::new(),
    };
    // Every certificate of each file: one DSC, or a PEM bundle of many.
    for path in dscs {
        let bytes = qr1405_files::read(path, qr1405_dcc::MAX_CERTIFICATE_FILE_LEN as u64)?;
        let read = Dsc::all_from_file_bytes(&bytes)
            .with_context(|| format!("cannot use {} as signer certificates", path.display()))?;
        read.into_iter().for_each(|dsc| signers.add(dsc));
    }
    let mut opened = qr1405_dcc::open(text(bytes)?, at.unwrap_or_else(NumericDate::now));
    opened.verify(&signers);
    print(&opened)
}
