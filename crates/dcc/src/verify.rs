//! The signature and key-usage stages: signer certificates (DSCs), trust lists, verification.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use const_oid::ObjectIdentifier;
use der::Decode as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest as _, Sha256};
use x509_cert::Certificate;

use crate::clock::NumericDate;
use crate::cose::hex;
use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::file::MAX_CERTIFICATE_FILE_LEN;
use crate::key::{Fit, PublicKey};
use crate::open::Opened;

/// The types of certificate, as the extended key usage OIDs name them (hcert_spec A.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum CertificateType {
    /// A test result: group `t`, OID 1.3.6.1.4.1.1847.2021.1.1.
    Test,
    /// A vaccination: group `v`, OID 1.3.6.1.4.1.1847.2021.1.2.
    Vaccination,
    /// A recovery: group `r`, OID 1.3.6.1.4.1.1847.2021.1.3.
    Recovery,
}

impl CertificateType {
    /// The lowercase name: `test`, `vaccination` or `recovery`.
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateType::Test => "test",
            CertificateType::Vaccination => "vaccination",
            CertificateType::Recovery => "recovery",
        }
    }

    /// The type of a certificate by the group it holds.
    pub(crate) fn of_group(group: &str) -> Option<CertificateType> {
        match group {
            "t" => Some(CertificateType::Test),
            "v" => Some(CertificateType::Vaccination),
            "r" => Some(CertificateType::Recovery),
            _ => None,
        }
    }

    /// The type an extended key usage OID names: the specification's arc
    /// 1.3.6.1.4.1.1847.2021.1, or the arc 1.3.6.1.4.1.0.1847.2021.1 of its first drafts, which
    /// signer certificates in the EU test data still carry.
    fn of_oid(oid: &ObjectIdentifier) -> Option<CertificateType> {
        let oid = oid.to_string();
        let last = oid
            .strip_prefix("1.3.6.1.4.1.1847.2021.1.")
            .or_else(|| oid.strip_prefix("1.3.6.1.4.1.0.1847.2021.1."))?;
        match last {
            "1" => Some(CertificateType::Test),
            "2" => Some(CertificateType::Vaccination),
            "3" => Some(CertificateType::Recovery),
            _ => None,
        }
    }
}

/// Why a signer certificate or trust list could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignerError {
    /// The bytes are not an X.509 certificate.
    #[error("not an x.509 certificate: {reason}")]
    Certificate {
        /// What the DER reader found wrong.
        reason: String,
    },
    /// The text is neither PEM, nor base64 of DER.
    #[error("not pem or base64 of a certificate: {reason}")]
    Encoding {
        /// What the base64 reader found wrong, with its offset.
        reason: String,
    },
    /// A certificate file that is empty or holds only white space.
    #[error("the file is empty")]
    EmptyFile,
    /// A certificate file larger than [`MAX_CERTIFICATE_FILE_LEN`].
    #[error("{len} bytes; at most {MAX_CERTIFICATE_FILE_LEN} are read")]
    FileTooLarge {
        /// The file's length in bytes.
        len: usize,
    },
    /// A certificate file that is neither DER (which begins with byte 0x30) nor text.
    #[error(
        "binary data beginning with byte {first:#04x}: neither der (a certificate begins with \
         0x30) nor pem or base64 text"
    )]
    Binary {
        /// The file's first byte.
        first: u8,
    },
    /// Several certificates where exactly one is read ([`Dsc::from_file_bytes`],
    /// [`Dsc::from_text`]); [`Dsc::all_from_file_bytes`] reads them all.
    #[error("{count} certificates, where one is read")]
    Bundle {
        /// How many certificates the file or text holds.
        count: usize,
    },
    /// A PEM block that is wrong, or holds no certificate that can be read.
    #[error("pem block {}: {error}", block + 1)]
    PemBlock {
        /// The 0-based block, in the order of the text (messages count from 1).
        block: usize,
        /// What is wrong with it (a part of this error's message, not a separate source).
        error: Box<SignerError>,
    },
    /// A line beginning with five dashes that is neither `-----BEGIN LABEL-----` nor
    /// `-----END LABEL-----`.
    #[error("line {line}: {text:?} is neither a pem begin nor end line")]
    PemBoundary {
        /// The 1-based line.
        line: usize,
        /// The line as written, cut to 64 characters.
        text: String,
    },
    /// A BEGIN line inside a block that has not ended.
    #[error("BEGIN {label} on line {line} before the END of the block before")]
    PemNested {
        /// The label of the BEGIN line.
        label: String,
        /// Its 1-based line.
        line: usize,
    },
    /// An END line whose label is not that of its BEGIN line.
    #[error("BEGIN {begun} ended by END {ended} on line {line}")]
    PemMismatch {
        /// The label of the BEGIN line.
        begun: String,
        /// The label of the END line.
        ended: String,
        /// The END line's 1-based line.
        line: usize,
    },
    /// An END line without a BEGIN line before it.
    #[error("END {label} on line {line} without its BEGIN")]
    PemUnopened {
        /// The label of the END line.
        label: String,
        /// Its 1-based line.
        line: usize,
    },
    /// A BEGIN line without an END line after it: a cut file.
    #[error("BEGIN {label} on line {line} without its END")]
    PemUnterminated {
        /// The label of the BEGIN line.
        label: String,
        /// Its 1-based line.
        line: usize,
    },
    /// A PEM block's body that is not base64.
    #[error("its body is not base64: {reason}")]
    PemBody {
        /// What the base64 reader found wrong, with its offset in the body.
        reason: String,
    },
    /// A PEM block of a private key: a reader is given signer certificates, never keys.
    #[error(
        "a {label}, not a CERTIFICATE; a reader needs the signer's certificate, never its \
         private key"
    )]
    PrivateKey {
        /// The block's label, such as `PRIVATE KEY` or `EC PRIVATE KEY`.
        label: String,
    },
    /// A PEM block of something other than a certificate or a private key.
    #[error("a {label}, not a CERTIFICATE")]
    PemLabel {
        /// The block's label, such as `PUBLIC KEY`.
        label: String,
    },
    /// The certificate's key is neither a P-256 nor an RSA key.
    #[error("the certificate's key (algorithm {algorithm}) is neither p-256 nor rsa")]
    KeyAlgorithm {
        /// The key's algorithm OID.
        algorithm: String,
    },
    /// The certificate's key could not be read.
    #[error("the certificate's {kind} key cannot be read: {reason}")]
    Key {
        /// `p-256` or `rsa`.
        kind: &'static str,
        /// Why.
        reason: String,
    },
    /// The trust list file is not the JSON format `docs/eu-dcc.md` describes.
    #[error("trust list: {reason}")]
    TrustList {
        /// What is wrong, with the JSON path or entry number.
        reason: String,
    },
    /// A trust list entry's key identifier is not base64 of 8 bytes.
    #[error("trust list entry {index}: kid {kid:?} is not base64 of 8 bytes")]
    Kid {
        /// The 0-based entry.
        index: usize,
        /// The kid as written.
        kid: String,
    },
    /// A trust list entry's certificate could not be loaded.
    #[error("trust list entry {index}: {error}")]
    Entry {
        /// The 0-based entry.
        index: usize,
        /// Why (a part of this error's message, not a separate source).
        error: Box<SignerError>,
    },
}

/// A document signer certificate (DSC): the X.509 certificate whose key signs certificates.
#[derive(Clone)]
pub struct Dsc {
    der: Vec<u8>,
    kid: [u8; 8],
    pub(crate) key: PublicKey,
    subject: String,
    country: Option<String>,
    not_before: NumericDate,
    not_after: NumericDate,
    usages: Vec<CertificateType>,
}

impl std::fmt::Debug for Dsc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dsc")
            .field("kid", &hex(&self.kid))
            .field("key", &self.key.kind())
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

const EC_PUBLIC_KEY: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const P256_CURVE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const RSASSA_PSS: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
const EXTENDED_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const COUNTRY_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");

impl Dsc {
    /// Reads a DER-encoded X.509 certificate.
    pub fn from_der(der: &[u8]) -> Result<Dsc, SignerError> {
        let certificate = Certificate::from_der(der).map_err(|error| SignerError::Certificate {
            reason: error.to_string().to_lowercase(),
        })?;
        let tbs = &certificate.tbs_certificate;
        let spki = &tbs.subject_public_key_info;
        let bits = spki.subject_public_key.raw_bytes();
        let algorithm = spki.algorithm.oid;
        let key = if algorithm == EC_PUBLIC_KEY {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
            if curve != Some(P256_CURVE) {
                return Err(SignerError::KeyAlgorithm {
                    algorithm: format!(
                        "ec on curve {}",
                        curve.map_or("unknown".into(), |c| c.to_string())
                    ),
                });
            }
            PublicKey::p256(bits)?
        } else if algorithm == RSA_ENCRYPTION || algorithm == RSASSA_PSS {
            PublicKey::rsa(bits)?
        } else {
            return Err(SignerError::KeyAlgorithm {
                algorithm: algorithm.to_string(),
            });
        };
        let mut usages = Vec::new();
        for extension in tbs.extensions.iter().flatten() {
            if extension.extn_id == EXTENDED_KEY_USAGE {
                let eku = x509_cert::ext::pkix::ExtendedKeyUsage::from_der(
                    extension.extn_value.as_bytes(),
                )
                .map_err(|error| SignerError::Certificate {
                    reason: format!("extended key usage: {}", error.to_string().to_lowercase()),
                })?;
                usages.extend(eku.0.iter().filter_map(CertificateType::of_oid));
            }
        }
        usages.sort();
        usages.dedup();
        let country = tbs
            .subject
            .0
            .iter()
            .flat_map(|rdn| rdn.0.iter())
            .find_map(|atv| {
                (atv.oid == COUNTRY_NAME).then(|| {
                    der::asn1::PrintableStringRef::try_from(&atv.value)
                        .map(|s| s.as_str().to_string())
                        .unwrap_or_default()
                })
            });
        let time = |t: x509_cert::time::Time| {
            NumericDate::from_unix_seconds(
                i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX),
            )
        };
        let digest = Sha256::digest(der);
        let mut kid = [0u8; 8];
        kid.copy_from_slice(&digest[..8]);
        Ok(Dsc {
            der: der.to_vec(),
            kid,
            key,
            subject: tbs.subject.to_string(),
            country: country.filter(|c| !c.is_empty()),
            not_before: time(tbs.validity.not_before),
            not_after: time(tbs.validity.not_after),
            usages,
        })
    }

    /// Reads one certificate written as text: PEM (one `CERTIFICATE` block), or bare base64
    /// of DER (the form of the EU test data's `CERTIFICATE` and of a trust list entry).
    ///
    /// # Errors
    ///
    /// As [`Dsc::all_from_file_bytes`] reading text; [`SignerError::Bundle`] for a PEM text of
    /// more than one certificate.
    pub fn from_text(text: &str) -> Result<Dsc, SignerError> {
        crate::file::one(crate::file::text_certificates(text)?)
    }

    /// Reads a certificate file's bytes that hold exactly one certificate: DER, PEM or base64
    /// of DER. [`Dsc::all_from_file_bytes`] reads a bundle of any number.
    ///
    /// # Errors
    ///
    /// As [`Dsc::all_from_file_bytes`]; [`SignerError::Bundle`] for a file of more than one
    /// certificate.
    pub fn from_file_bytes(bytes: &[u8]) -> Result<Dsc, SignerError> {
        crate::file::one(Dsc::all_from_file_bytes(bytes)?)
    }

    /// The certificate's DER, as read.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// The key identifier: the first 8 bytes of the SHA-256 of the certificate's DER
    /// (hcert_spec 3.3.3).
    pub fn kid(&self) -> [u8; 8] {
        self.kid
    }

    /// The subject's distinguished name.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// The subject's country (C), when it has one.
    pub fn country(&self) -> Option<&str> {
        self.country.as_deref()
    }

    /// The start of the certificate's validity.
    pub fn not_before(&self) -> NumericDate {
        self.not_before
    }

    /// The end of the certificate's validity.
    pub fn not_after(&self) -> NumericDate {
        self.not_after
    }

    /// The certificate types its extended key usage allows; empty when it names none of
    /// the EU's, which allows every type.
    pub fn usages(&self) -> &[CertificateType] {
        &self.usages
    }
}

/// One trusted signer: a certificate, the key identifier it is found by and its country.
#[derive(Debug, Clone)]
struct Signer {
    kid: Vec<u8>,
    country: Option<String>,
    dsc: Dsc,
}

/// The signer certificates a reader trusts, found by key identifier.
///
/// A trust list file is JSON (`docs/eu-dcc.md`, "Trust lists"):
///
/// ```json
/// {"signers": [{"kid": "2Rk3X8HntrI=", "country": "VN", "certificate": "MIIB…"}]}
/// ```
#[derive(Debug, Clone, Default)]
pub struct Signers {
    signers: Vec<Signer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustListFile {
    signers: Vec<TrustListEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TrustListEntry {
    kid: Option<String>,
    country: Option<String>,
    certificate: String,
}

/// The largest trust list read: 16 MiB, more than the EU gateway's few thousand DSCs.
pub const MAX_TRUST_LIST_LEN: usize = 16 * 1024 * 1024;

impl Signers {
    /// No signers.
    pub fn new() -> Signers {
        Signers::default()
    }

    /// Adds a signer certificate under its own key identifier and its subject's country.
    pub fn add(&mut self, dsc: Dsc) {
        self.signers.push(Signer {
            kid: dsc.kid.to_vec(),
            country: dsc.country.clone(),
            dsc,
        });
    }

    /// Adds a signer certificate under a key identifier and country given by a trust list.
    pub fn add_with(&mut self, kid: &[u8], country: Option<&str>, dsc: Dsc) {
        self.signers.push(Signer {
            kid: kid.to_vec(),
            country: country.map(str::to_string),
            dsc,
        });
    }

    /// Reads a trust list file.
    pub fn from_trust_list(json: &[u8]) -> Result<Signers, SignerError> {
        if json.len() > MAX_TRUST_LIST_LEN {
            return Err(SignerError::TrustList {
                reason: format!(
                    "{} bytes; at most {MAX_TRUST_LIST_LEN} are read",
                    json.len()
                ),
            });
        }
        let file: TrustListFile =
            serde_json::from_slice(json).map_err(|error| SignerError::TrustList {
                reason: error.to_string(),
            })?;
        let mut signers = Signers::new();
        for (index, entry) in file.signers.into_iter().enumerate() {
            let dsc = Dsc::from_text(&entry.certificate).map_err(|error| SignerError::Entry {
                index,
                error: Box::new(error),
            })?;
            let kid = match &entry.kid {
                None => dsc.kid.to_vec(),
                Some(text) => match BASE64.decode(text) {
                    Ok(kid) if kid.len() == 8 => kid,
                    _ => {
                        return Err(SignerError::Kid {
                            index,
                            kid: text.clone(),
                        });
                    }
                },
            };
            let country = entry.country.or_else(|| dsc.country.clone());
            signers.signers.push(Signer { kid, country, dsc });
        }
        Ok(signers)
    }

    /// How many signers there are.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }
}

/// Who signed a verified certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignerInfo {
    /// The key identifier, in hexadecimal.
    pub kid: String,
    /// The signer's country, from the trust list or the certificate's subject.
    pub country: Option<String>,
    /// The signer certificate's subject.
    pub subject: String,
    /// The types of certificate its key usage allows; empty allows all.
    pub usages: Vec<CertificateType>,
}

impl Opened {
    /// Verifies the signature with the signers and checks the signer's key usage: the
    /// `signature` and `key-usage` stages. Does nothing when the COSE stage did not read a
    /// structure.
    pub fn verify(&mut self, signers: &Signers) {
        let Some(cose) = &self.cose else {
            return;
        };
        self.verified = true;
        let mut found = Vec::new();
        let Some(algorithm) = cose.algorithm() else {
            found.push(Diagnostic::new(
                DiagnosticCode::SignatureInvalid,
                "the signature cannot be verified without an allowed alg",
            ));
            self.diagnostics.extend(found);
            return;
        };
        let Some(kid) = cose.kid() else {
            found.push(Diagnostic::new(
                DiagnosticCode::SignerUnknown,
                "no kid: no signer certificate can be looked up",
            ));
            self.diagnostics.extend(found);
            return;
        };
        let candidates: Vec<&Signer> = signers.signers.iter().filter(|s| s.kid == kid).collect();
        if candidates.is_empty() {
            let issuer = self
                .claims
                .as_ref()
                .and_then(|c| c.issuer())
                .map_or(String::new(), |iss| format!(" (issuer {iss})"));
            found.push(Diagnostic::new(
                DiagnosticCode::SignerUnknown,
                format!(
                    "no signer certificate has the kid {}{issuer} among {} trusted",
                    hex(kid),
                    signers.len()
                ),
            ));
            self.diagnostics.extend(found);
            return;
        }
        let message = cose.signed_bytes();
        let mut wrong_keys = Vec::new();
        let mut signer = None;
        for candidate in &candidates {
            match candidate
                .dsc
                .key
                .verify(algorithm, &message, cose.signature())
            {
                Ok(()) => {
                    signer = Some(*candidate);
                    break;
                }
                Err(Fit::WrongKey) => wrong_keys.push(candidate.dsc.key.kind()),
                Err(Fit::BadSignature) => {}
            }
        }
        let Some(signer) = signer else {
            let diagnostic = if wrong_keys.len() == candidates.len() {
                Diagnostic::new(
                    DiagnosticCode::SignerKeyMismatch,
                    format!(
                        "the signer certificate with kid {} has a {} key, which cannot verify {}",
                        hex(kid),
                        wrong_keys.join(", "),
                        algorithm.as_str()
                    ),
                )
            } else {
                Diagnostic::new(
                    DiagnosticCode::SignatureInvalid,
                    format!(
                        "the {} signature does not verify with the signer certificate{} of kid {}",
                        algorithm.as_str(),
                        if candidates.len() == 1 { "" } else { "s" },
                        hex(kid)
                    ),
                )
            };
            self.diagnostics.push(diagnostic);
            return;
        };
        let dsc = &signer.dsc;
        if let Some(issued) = self.claims.as_ref().and_then(|c| c.issued_at())
            && (issued < dsc.not_before || issued > dsc.not_after)
        {
            found.push(Diagnostic::new(
                DiagnosticCode::SignerValidity,
                format!(
                    "issued at {issued}, outside the signer certificate's validity, {} to {}",
                    dsc.not_before, dsc.not_after
                ),
            ));
        }
        let kind = self
            .claims
            .as_ref()
            .and_then(|c| c.certificate.as_ref())
            .and_then(|c| c.as_object())
            .and_then(|c| {
                ["v", "t", "r"]
                    .into_iter()
                    .find(|g| c.contains_key(*g))
                    .and_then(CertificateType::of_group)
            });
        if let Some(kind) = kind
            && !dsc.usages.is_empty()
            && !dsc.usages.contains(&kind)
        {
            let allowed: Vec<&str> = dsc.usages.iter().map(|u| u.as_str()).collect();
            found.push(Diagnostic::new(
                DiagnosticCode::KeyUsageMismatch,
                format!(
                    "a {} certificate, signed by a certificate whose key usage allows {} only",
                    kind.as_str(),
                    allowed.join(", ")
                ),
            ));
        }
        self.signer = Some(SignerInfo {
            kid: hex(kid),
            country: signer.country.clone(),
            subject: dsc.subject.clone(),
            usages: dsc.usages.clone(),
        });
        self.diagnostics.extend(found);
    }

    /// Who signed the certificate, once [`Opened::verify`] found the signature good.
    pub fn signer(&self) -> Option<&SignerInfo> {
        self.signer.as_ref()
    }
}
