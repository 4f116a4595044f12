//! The chain from an `HC1:` text to a checked certificate, every stage reported.

use serde::Serialize;

use crate::base45::base45_decode;
use crate::clock::NumericDate;
use crate::cose::CoseSign1;
use crate::cwt::{Claims, read_claims};
use crate::diagnostic::{Diagnostic, DiagnosticCode, Stage};
use crate::zlib::inflate;

/// The context identifier of an EU certificate's text (hcert_spec 4.2.3).
pub const PREFIX: &str = "HC1:";

/// The longest text read, in bytes. A version-40 QR code holds 4,296 alphanumeric characters;
/// twice that leaves room for other carriers while bounding the work done on junk.
pub const MAX_TEXT_LEN: usize = 8192;

/// How a stage went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum StageOutcome {
    /// The stage ran and found no error (warnings may remain).
    Passed,
    /// The stage ran and found at least one error.
    Failed,
    /// The stage did not run: an earlier stage failed in a way that leaves it no input, or
    /// (signature and key usage) nothing was given to verify with.
    NotRun,
}

/// An EU certificate taken through the chain as far as it goes.
///
/// Every stage that ran is reported, also when a later one fails; [`Opened::diagnostics`]
/// lists every problem in stage order.
#[derive(Debug, Clone)]
pub struct Opened {
    pub(crate) at: NumericDate,
    /// The first stage that ran.
    first: Stage,
    compressed: Option<Vec<u8>>,
    cose_bytes: Option<Vec<u8>>,
    pub(crate) cose: Option<CoseSign1>,
    pub(crate) claims: Option<Claims>,
    /// The first stage that could not run, if one could not.
    pub(crate) stopped: Option<Stage>,
    pub(crate) verified: bool,
    pub(crate) signer: Option<crate::verify::SignerInfo>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Opens and checks an `HC1:` text at the validation clock `at`: prefix, base45, zlib, COSE,
/// CWT, schema, semantic checks and expiry. [`Opened::verify`] checks the signature.
///
/// ```
/// use qr1405_dcc::{DiagnosticCode, StageOutcome, Stage, NumericDate, open};
///
/// let opened = open("HC1:NCF", NumericDate::from_unix_seconds(1_620_064_800));
/// assert_eq!(opened.outcome(Stage::Prefix), StageOutcome::Passed);
/// assert_eq!(opened.outcome(Stage::Base45), StageOutcome::Passed);
/// assert_eq!(opened.outcome(Stage::Zlib), StageOutcome::Failed);
/// assert_eq!(opened.outcome(Stage::Cose), StageOutcome::NotRun);
/// assert_eq!(opened.diagnostics()[0].code(), DiagnosticCode::ZlibInvalid);
/// ```
pub fn open(text: &str, at: NumericDate) -> Opened {
    let mut opened = Opened::empty(at);
    if text.len() > MAX_TEXT_LEN {
        opened.fail(
            Stage::Prefix,
            Diagnostic::new(
                DiagnosticCode::TextTooLong,
                format!(
                    "the text is {} bytes long; at most {MAX_TEXT_LEN} are read",
                    text.len()
                ),
            ),
        );
        return opened;
    }
    let Some(rest) = text.strip_prefix(PREFIX) else {
        let head: String = text.chars().take(4).collect();
        let message = match text.find(':') {
            Some(colon) if colon <= 4 => format!(
                "the text starts {:?}, not the context identifier {PREFIX:?}",
                &text[..=colon]
            ),
            _ => format!("the text starts {head:?}, without the context identifier {PREFIX:?}"),
        };
        opened.fail(
            Stage::Prefix,
            Diagnostic::new(DiagnosticCode::PrefixMissing, message),
        );
        return opened;
    };
    let compressed = match base45_decode(rest) {
        Ok(bytes) => bytes,
        Err(error) => {
            opened.fail(Stage::Base45, error.diagnostic());
            return opened;
        }
    };
    let cose = match inflate(&compressed) {
        Ok(bytes) => bytes,
        Err(error) => {
            opened.compressed = Some(compressed);
            opened.fail(Stage::Zlib, error.diagnostic());
            return opened;
        }
    };
    opened.compressed = Some(compressed);
    opened.read_cose(cose);
    opened
}

/// Opens the COSE bytes of a certificate (what the zlib stage yields) and checks them as
/// [`open`] does from the COSE stage on; the stages before it are reported as not run.
pub fn open_cose(bytes: &[u8], at: NumericDate) -> Opened {
    let mut opened = Opened::empty(at);
    opened.first = Stage::Cose;
    opened.read_cose(bytes.to_vec());
    opened
}

impl Opened {
    fn empty(at: NumericDate) -> Opened {
        Opened {
            at,
            first: Stage::Prefix,
            compressed: None,
            cose_bytes: None,
            cose: None,
            claims: None,
            stopped: None,
            verified: false,
            signer: None,
            diagnostics: Vec::new(),
        }
    }

    fn fail(&mut self, stage: Stage, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
        self.stopped = Stage::ALL.iter().copied().find(|s| *s > stage);
    }

    fn read_cose(&mut self, bytes: Vec<u8>) {
        let cose = CoseSign1::from_bytes(&bytes);
        self.cose_bytes = Some(bytes);
        let cose = match cose {
            Ok(cose) => cose,
            Err(error) => {
                self.fail(Stage::Cose, error.diagnostic());
                return;
            }
        };
        self.diagnostics.extend_from_slice(cose.findings());
        let claims = read_claims(cose.payload(), &mut self.diagnostics);
        self.cose = Some(cose);
        let Some(claims) = claims else {
            self.stopped = Some(Stage::Schema);
            return;
        };
        if let Some(certificate) = &claims.certificate {
            crate::schema::check(certificate, &mut self.diagnostics);
        }
        crate::semantic::check(&claims, self.at, &mut self.diagnostics);
        self.check_expiry(&claims);
        self.claims = Some(claims);
    }

    fn check_expiry(&mut self, claims: &Claims) {
        let at = self.at;
        if let Some(issued) = claims.issued_at()
            && at < issued
        {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::NotYetValid,
                    format!("issued at {issued}, after the validation clock, {at}"),
                )
                .path("cwt.iat"),
            );
        }
        if let Some(expiry) = claims.expiry()
            && at > expiry
        {
            self.diagnostics.push(
                Diagnostic::new(
                    DiagnosticCode::Expired,
                    format!("expired at {expiry}, before the validation clock, {at}"),
                )
                .path("cwt.exp"),
            );
        }
    }

    /// How a stage went.
    pub fn outcome(&self, stage: Stage) -> StageOutcome {
        let ran = match stage {
            Stage::Signature | Stage::KeyUsage => self.verified,
            // The schema and semantic stages need the certificate, the expiry stage the claims.
            Stage::Schema | Stage::Semantic => self
                .claims
                .as_ref()
                .is_some_and(|c| c.certificate.is_some()),
            Stage::Expiry => self.claims.is_some(),
            _ => stage >= self.first && self.stopped.is_none_or(|stopped| stage < stopped),
        };
        let ran = ran && !(stage == Stage::KeyUsage && self.signer.is_none());
        if self
            .diagnostics
            .iter()
            .any(|d| d.stage() == stage && d.is_error())
        {
            StageOutcome::Failed
        } else if ran {
            StageOutcome::Passed
        } else {
            StageOutcome::NotRun
        }
    }

    /// Every stage with its outcome, in order.
    pub fn outcomes(&self) -> Vec<(Stage, StageOutcome)> {
        Stage::ALL.iter().map(|&s| (s, self.outcome(s))).collect()
    }

    /// Every problem found, in stage order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Whether no stage found an error. Before [`Opened::verify`] this says nothing of the
    /// signature.
    pub fn is_acceptable(&self) -> bool {
        self.stopped.is_none() && !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    /// The validation clock the certificate was checked at.
    pub fn clock(&self) -> NumericDate {
        self.at
    }

    /// The zlib stream (what base45 yields), when the text got that far.
    pub fn compressed(&self) -> Option<&[u8]> {
        self.compressed.as_deref()
    }

    /// The COSE bytes (what zlib yields), when the text got that far.
    pub fn cose_bytes(&self) -> Option<&[u8]> {
        self.cose_bytes.as_deref()
    }

    /// The COSE_Sign1 structure, when it could be read.
    pub fn cose(&self) -> Option<&CoseSign1> {
        self.cose.as_ref()
    }

    /// The CWT claims, when they could be read.
    pub fn claims(&self) -> Option<&Claims> {
        self.claims.as_ref()
    }
}
