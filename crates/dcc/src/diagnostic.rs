//! Diagnostics: every problem found in a certificate, with a stable code and its stage.

use std::fmt;

use serde::Serialize;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Legal, but worth telling: a reader accepts the certificate.
    Warning,
    /// The certificate does not conform: a reader must not accept it.
    Error,
}

impl Severity {
    /// The lowercase name used in reports: `warning` or `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A step of the chain from an `HC1:` text to a verified certificate, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Stage {
    /// The `HC1:` context identifier is removed.
    Prefix,
    /// The rest is decoded from base45.
    Base45,
    /// The bytes are inflated as a zlib stream, within [`crate::MAX_INFLATED_LEN`].
    Zlib,
    /// The bytes are read as a COSE_Sign1 structure with its headers.
    Cose,
    /// The COSE payload is read as CWT claims: issuer, issued at, expiry, hcert.
    Cwt,
    /// The certificate is checked against the JSON schema of its declared version.
    Schema,
    /// The checks a reader makes beyond the schema (one group, dose numbers, dates).
    Semantic,
    /// The claims' issue and expiry times are compared with the validation clock.
    Expiry,
    /// The COSE signature is verified with a signer certificate (DSC).
    Signature,
    /// The signer certificate's extended key usage allows this type of certificate.
    KeyUsage,
}

impl Stage {
    /// Every stage, in the order they run.
    pub const ALL: &'static [Stage] = &[
        Stage::Prefix,
        Stage::Base45,
        Stage::Zlib,
        Stage::Cose,
        Stage::Cwt,
        Stage::Schema,
        Stage::Semantic,
        Stage::Expiry,
        Stage::Signature,
        Stage::KeyUsage,
    ];

    /// The kebab-case name used in reports, e.g. `key-usage`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::Prefix => "prefix",
            Stage::Base45 => "base45",
            Stage::Zlib => "zlib",
            Stage::Cose => "cose",
            Stage::Cwt => "cwt",
            Stage::Schema => "schema",
            Stage::Semantic => "semantic",
            Stage::Expiry => "expiry",
            Stage::Signature => "signature",
            Stage::KeyUsage => "key-usage",
        }
    }
}

impl fmt::Display for Stage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, $stage:ident, $severity:ident; )+) => {
        /// The stable identifier of a kind of problem.
        ///
        /// The string form ([`DiagnosticCode::as_str`]) never changes meaning once published; the
        /// catalogue is in `docs/eu-dcc.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl DiagnosticCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant),+];

            /// The stable kebab-case identifier, e.g. `dcc-zlib-too-large`.
            pub fn as_str(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $name,)+ }
            }

            /// The stage that reports this kind of problem.
            pub fn stage(self) -> Stage {
                match self { $(DiagnosticCode::$variant => Stage::$stage,)+ }
            }

            /// Whether this kind of problem makes a certificate unacceptable.
            pub fn severity(self) -> Severity {
                match self { $(DiagnosticCode::$variant => Severity::$severity,)+ }
            }

            /// The code with this identifier, if there is one.
            pub fn from_name(name: &str) -> Option<DiagnosticCode> {
                match name { $($name => Some(DiagnosticCode::$variant),)+ _ => None }
            }
        }
    };
}

codes! {
    /// The text is longer than [`crate::MAX_TEXT_LEN`] bytes; nothing else was read.
    TextTooLong = "dcc-text-too-long", Prefix, Error;
    /// The text does not start with the context identifier `HC1:`.
    PrefixMissing = "dcc-prefix-missing", Prefix, Error;
    /// A character outside the base45 alphabet.
    Base45Character = "dcc-base45-character", Base45, Error;
    /// The base45 text's length leaves one character over (length modulo 3 is 1).
    Base45Length = "dcc-base45-length", Base45, Error;
    /// A base45 group whose value does not fit its bytes (over 65535, or 255 for the last pair).
    Base45Value = "dcc-base45-value", Base45, Error;
    /// The bytes are not a zlib stream (header, deflate data or checksum is wrong).
    ZlibInvalid = "dcc-zlib-invalid", Zlib, Error;
    /// The zlib stream inflates to more than [`crate::MAX_INFLATED_LEN`] bytes.
    ZlibTooLarge = "dcc-zlib-too-large", Zlib, Error;
    /// The bytes are not one well-formed CBOR item, or bytes follow it.
    CoseCbor = "dcc-cose-cbor", Cose, Error;
    /// The CBOR is tagged with a tag other than 18 (COSE_Sign1), or 61 (CWT) around it.
    CoseTag = "dcc-cose-tag", Cose, Error;
    /// The CBOR is not a four-element COSE_Sign1 array of the right types.
    CoseStructure = "dcc-cose-structure", Cose, Error;
    /// A header map, or the protected header's bytes, is not what COSE allows.
    CoseHeader = "dcc-cose-header", Cose, Error;
    /// No `alg` header, or an algorithm other than ES256 (-7) and PS256 (-37).
    CoseAlgorithm = "dcc-cose-algorithm", Cose, Error;
    /// `alg` is in the unprotected header only, where the signature does not cover it.
    CoseAlgorithmUnprotected = "dcc-cose-algorithm-unprotected", Cose, Warning;
    /// No key identifier (`kid`) in either header, or one that is not a byte string.
    CoseKid = "dcc-cose-kid", Cose, Error;
    /// Both headers have a `kid` and they differ; the protected one is used.
    CoseKidConflict = "dcc-cose-kid-conflict", Cose, Warning;
    /// The payload is absent (detached) or not a byte string.
    CosePayload = "dcc-cose-payload", Cose, Error;
    /// The payload is not a CBOR map of claims.
    CwtCbor = "dcc-cwt-cbor", Cwt, Error;
    /// The issuer claim (1) is not a text.
    CwtIssuer = "dcc-cwt-issuer", Cwt, Error;
    /// The issued-at claim (6) is missing or not an integer NumericDate.
    CwtIssuedAt = "dcc-cwt-issued-at", Cwt, Error;
    /// The expiry claim (4) is missing or not an integer NumericDate.
    CwtExpiry = "dcc-cwt-expiry", Cwt, Error;
    /// The issued-at or expiry claim is a float; the specification asks for an integer.
    CwtFloatDate = "dcc-cwt-float-date", Cwt, Warning;
    /// The hcert claim (-260) or its certificate (key 1) is missing or not a map.
    CwtHcert = "dcc-cwt-hcert", Cwt, Error;
    /// A value in the certificate that JSON cannot hold (bytes, a non-text key, a bad float).
    CwtValue = "dcc-cwt-value", Cwt, Error;
    /// `ver` is missing, or names a schema version this crate does not have.
    SchemaVersion = "dcc-schema-version", Schema, Error;
    /// A value has the wrong JSON type.
    SchemaType = "dcc-schema-type", Schema, Error;
    /// A required key is missing.
    SchemaRequired = "dcc-schema-required", Schema, Error;
    /// A key the schema does not define.
    SchemaUnknownKey = "dcc-schema-unknown-key", Schema, Warning;
    /// A text does not match the schema's pattern.
    SchemaPattern = "dcc-schema-pattern", Schema, Error;
    /// A text is not a date or date-time as the schema's format asks.
    SchemaFormat = "dcc-schema-format", Schema, Error;
    /// A text, number or array is too long, too short, too large or too small.
    SchemaRange = "dcc-schema-range", Schema, Error;
    /// Not exactly one of the schema's alternatives (`oneOf`, `anyOf`) holds.
    SchemaAlternative = "dcc-schema-alternative", Schema, Error;
    /// A code that is not in the value set the schema names.
    SchemaValueSet = "dcc-schema-value-set", Schema, Warning;
    /// Not exactly one group: vaccination `v`, test `t` or recovery `r`, with one entry.
    SemanticGroup = "dcc-semantic-group", Semantic, Error;
    /// The dose number is zero, or above the total in the series.
    SemanticDose = "dcc-semantic-dose", Semantic, Warning;
    /// A date of vaccination, sample or positive test is after the validation clock.
    SemanticFutureDate = "dcc-semantic-future-date", Semantic, Error;
    /// The claims expire at or before they were issued.
    SemanticExpiryBeforeIssue = "dcc-semantic-expiry-before-issue", Semantic, Error;
    /// A recovery certificate's validity ends before it begins, or a birth date is after it.
    SemanticDateOrder = "dcc-semantic-date-order", Semantic, Error;
    /// The validation clock is after the claims' expiry (an instant equal to it is not).
    Expired = "dcc-expired", Expiry, Error;
    /// The claims were issued after the validation clock.
    NotYetValid = "dcc-not-yet-valid", Expiry, Error;
    /// No signer certificate has the key identifier of the certificate.
    SignerUnknown = "dcc-signer-unknown", Signature, Error;
    /// The signer certificate's key does not fit the algorithm (e.g. RSA key for ES256).
    SignerKeyMismatch = "dcc-signer-key-mismatch", Signature, Error;
    /// The signature does not verify with any signer certificate of that key identifier.
    SignatureInvalid = "dcc-signature-invalid", Signature, Error;
    /// The certificate was issued outside the signer certificate's validity period.
    SignerValidity = "dcc-signer-validity", Signature, Warning;
    /// The signer certificate's key usage does not allow this type of certificate.
    KeyUsageMismatch = "dcc-key-usage-mismatch", KeyUsage, Error;
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem in a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    code: DiagnosticCode,
    stage: Stage,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    message: String,
}

impl Diagnostic {
    pub(crate) fn new(code: DiagnosticCode, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            stage: code.stage(),
            severity: code.severity(),
            path: None,
            position: None,
            message: message.into(),
        }
    }

    pub(crate) fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }

    pub(crate) fn path(mut self, path: impl Into<String>) -> Self {
        self.path = Some(path.into());
        self
    }

    /// What kind of problem this is.
    pub fn code(&self) -> DiagnosticCode {
        self.code
    }

    /// The stage that found it.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// Whether the problem makes the certificate unacceptable.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The JSON path in the certificate (e.g. `$.v[0].dn`) or the claim (`cwt.exp`).
    pub fn json_path(&self) -> Option<&str> {
        self.path.as_deref()
    }

    /// The offset in the stage's input (a character of the text, a byte of the bytes).
    pub fn position(&self) -> Option<usize> {
        self.position
    }

    /// A lowercase sentence for people, naming the offending value.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.severity, self.code)?;
        if let Some(path) = &self.path {
            write!(f, " at {path}")?;
        }
        if let Some(position) = self.position {
            write!(f, " at offset {position}")?;
        }
        write!(f, ": {}", self.message)
    }
}
