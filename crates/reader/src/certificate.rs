//! EU Digital COVID Certificates (`HC1:`) in the reader: opened, checked and verified with
//! `qr1405-dcc`, against the signer certificates (DSCs) the reader holds.

use std::{collections::BTreeMap, sync::Arc};

use qr1405_dcc::{Diagnostic, Label, NumericDate, Opened, Severity, Signers, open};
use qr1405_sign::Time;
use serde_json::Value;

use crate::read::{Accept, Kind, Reader, Reading, Reason, Refuse, Signature};
use crate::{Error, error::cut};

/// The signer certificates (DSCs) a reader verifies EU certificates with, each found by its
/// key identifier.
///
/// Built from a DSC trust list file (`docs/eu-dcc.md`, "Signer certificates and trust
/// lists") or from X.509 certificates one by one, as DER, PEM or base64 of DER.
///
/// ```
/// use qr1405_reader::CertificateSigners;
///
/// let signers = CertificateSigners::from_trust_list(br#"{"signers": []}"#)?;
/// assert!(signers.is_empty());
/// let error = CertificateSigners::new().add_certificate(b"not a certificate").unwrap_err();
/// assert!(error.to_string().starts_with("signer certificate 0:"));
/// # Ok::<(), qr1405_reader::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct CertificateSigners {
    signers: Signers,
}

impl CertificateSigners {
    /// No signer certificates: every EU certificate's signature is unknown to it.
    pub fn new() -> CertificateSigners {
        CertificateSigners::default()
    }

    /// The signers of a DSC trust list file's bytes (JSON, at most 16 MiB).
    ///
    /// # Errors
    ///
    /// [`Error::CertificateTrustList`] for a file that is not such a list, naming the entry.
    pub fn from_trust_list(json: &[u8]) -> Result<CertificateSigners, Error> {
        let signers = Signers::from_trust_list(json).map_err(|e| Error::CertificateTrustList {
            reason: e.to_string(),
        })?;
        Ok(CertificateSigners { signers })
    }

    /// The signers of X.509 certificates, each as a file's bytes: DER, PEM or base64 of DER.
    /// Each is found by its own key identifier (the first 8 bytes of the SHA-256 of its DER)
    /// and its subject's country.
    ///
    /// # Errors
    ///
    /// [`Error::SignerCertificate`] for the first one that cannot be read, with its index.
    pub fn from_certificates<'a>(
        certificates: impl IntoIterator<Item = &'a [u8]>,
    ) -> Result<CertificateSigners, Error> {
        let mut signers = CertificateSigners::new();
        for certificate in certificates {
            signers.add_certificate(certificate)?;
        }
        Ok(signers)
    }

    /// Adds one X.509 certificate: DER, PEM or base64 of DER.
    ///
    /// # Errors
    ///
    /// [`Error::SignerCertificate`] when it cannot be read (its index is the number of
    /// signers already held).
    pub fn add_certificate(&mut self, certificate: &[u8]) -> Result<(), Error> {
        let dsc = qr1405_dcc::Dsc::from_file_bytes(certificate).map_err(|e| {
            Error::SignerCertificate {
                index: self.signers.len(),
                reason: e.to_string(),
            }
        })?;
        self.signers.add(dsc);
        Ok(())
    }

    /// How many signer certificates there are.
    pub fn len(&self) -> usize {
        self.signers.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.signers.is_empty()
    }
}

impl Reader {
    /// The same reader, verifying EU certificates (`HC1:`) with these signer certificates.
    ///
    /// Without them, an EU certificate's signature cannot be verified, and the default
    /// [`crate::Policy`] refuses it (`certificate-signature-not-checked`).
    #[must_use]
    pub fn with_certificate_signers(mut self, signers: CertificateSigners) -> Reader {
        self.certificate_signers = Some(Arc::new(signers));
        self
    }

    /// The signer certificates EU certificates are verified with, when the reader has them.
    pub fn certificate_signers(&self) -> Option<&CertificateSigners> {
        self.certificate_signers.as_deref()
    }
}

/// The reason code of an EU certificate whose signature the reader could not verify, because
/// it holds no signer certificates.
const NOT_CHECKED: &str = "certificate-signature-not-checked";

/// Reads an `HC1:` text: every stage of `docs/eu-dcc.md`, then the reader's policy.
pub(crate) fn read(reader: &Reader, text: &[u8], at: Time) -> Reading {
    let kind = Kind::EuCertificate;
    let text = String::from_utf8_lossy(text).into_owned();
    let clock = NumericDate::from_unix_seconds(i64::try_from(at.unix_seconds()).unwrap_or(0));
    let mut opened = open(&text, clock);
    let mut reasons = Vec::new();
    let signature = match reader.certificate_signers.as_deref() {
        Some(signers) => {
            opened.verify(&signers.signers);
            None
        }
        None => Some(Signature::NotChecked),
    };
    reasons.extend(
        opened
            .diagnostics()
            .iter()
            .filter(|d| d.is_error())
            .map(reason_of),
    );
    if signature.is_some()
        && opened.cose().is_some()
        && !reader.policy().accept_unverified_certificates
    {
        reasons.push(
            Reason::new(
                NOT_CHECKED,
                "the reader holds no signer certificates to verify an eu certificate with, and \
                 its policy accepts verified certificates only",
            )
            .at(Some("signature".to_owned()), None),
        );
    }
    if !reasons.is_empty() || !opened.is_acceptable() {
        if reasons.is_empty() {
            // Every stage that stops the chain reports an error; should one not, say so.
            reasons.push(Reason::new(
                "dcc-not-opened",
                "the certificate could not be opened",
            ));
        }
        return Reading::Refuse(Refuse { kind, reasons });
    }
    let signature = signature.unwrap_or_else(|| signed_by(&opened));
    let warnings = opened
        .diagnostics()
        .iter()
        .filter(|d| d.severity() == Severity::Warning)
        .map(reason_of)
        .collect();
    Reading::Accept(Box::new(Accept {
        kind,
        display_form: None,
        fields: fields(&opened),
        signature,
        green: None,
        warnings,
        text,
    }))
}

fn reason_of(diagnostic: &Diagnostic) -> Reason {
    Reason::new(diagnostic.code().as_str(), diagnostic.message()).at(
        diagnostic.json_path().map(str::to_owned),
        diagnostic.position(),
    )
}

/// The verdict of a verified certificate: the signer's country as the issuer's id, its
/// subject as the name, its key identifier (hexadecimal) and the certificate's issue time.
fn signed_by(opened: &Opened) -> Signature {
    let Some(signer) = opened.signer() else {
        // `verify` ran and found no error, so a signer was found; should none be, say so.
        return Signature::NotChecked;
    };
    Signature::Valid {
        issuer_id: signer.country.clone().unwrap_or_default(),
        issuer_name: signer.subject.clone(),
        key_id: signer.kid.clone(),
        signed_at: opened
            .claims()
            .and_then(|c| c.issued_at())
            .map(|t| t.to_string())
            .unwrap_or_default(),
    }
}

/// The name of a view's value in the reading's fields.
fn key(label: Label, kind: &str) -> Option<&'static str> {
    Some(match label {
        Label::Surname => "family_name",
        Label::Forename => "given_name",
        Label::BirthDate => "birth_date",
        Label::Disease => "disease",
        Label::VaccineType => "vaccine_type",
        Label::Vaccine => "vaccine",
        // A test's `ma` is the rapid test's device.
        Label::Manufacturer if kind == "test" => "test_device",
        Label::Manufacturer => "manufacturer",
        Label::Dose => "dose",
        Label::VaccinationDate => "vaccination_date",
        Label::TestType => "test_type",
        Label::TestName => "test_name",
        Label::SampleTime => "sample_time",
        Label::TestResult => "test_result",
        Label::TestCentre => "test_centre",
        Label::FirstPositive => "first_positive_test",
        Label::ValidFrom => "valid_from",
        Label::ValidUntil => "valid_until",
        Label::Country => "country",
        Label::CertificateIssuer => "certificate_issuer",
        Label::CertificateId => "certificate_id",
        Label::IssuingCountry => "issuing_country",
        Label::IssuedAt => "issued_at",
        Label::Expires => "expires",
        _ => return None,
    })
}

/// The fields of an accepted certificate (`docs/reader.md`, "EU certificates"): the person,
/// the one vaccination, test or recovery with the value sets' display names (`…_name`), and
/// the claims' issuer, issue and expiry.
fn fields(opened: &Opened) -> BTreeMap<String, String> {
    let mut fields = BTreeMap::new();
    let Some(view) = opened.view() else {
        return fields;
    };
    let certificate: Option<Value> = opened
        .claims()
        .and_then(|c| c.certificate_json())
        .and_then(|json| serde_json::from_str(&json).ok());
    let text = |pointer: &str| {
        certificate
            .as_ref()
            .and_then(|c| c.pointer(pointer))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    for (name, pointer) in [
        ("schema_version", "/ver"),
        ("family_name_icao", "/nam/fnt"),
        ("given_name_icao", "/nam/gnt"),
    ] {
        if let Some(value) = text(pointer) {
            fields.insert(name.to_owned(), value);
        }
    }
    let event = view.events.first();
    let kind = event.map_or("", |e| e.kind.as_str());
    if event.is_some() {
        fields.insert("certificate_type".to_owned(), kind.to_owned());
    }
    let items = view
        .person
        .iter()
        .chain(event.into_iter().flat_map(|e| &e.items))
        .chain(&view.validity);
    for item in items {
        let Some(name) = key(item.label, kind) else {
            continue;
        };
        if item.value.is_empty() {
            continue;
        }
        fields.insert(name.to_owned(), cut(&item.value, 256));
        if let Some(display) = &item.display {
            fields.insert(format!("{name}_name"), display.clone());
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Policy, clock_from_rfc3339};

    fn at() -> Time {
        clock_from_rfc3339("2021-10-01T08:00:00+07:00").expect("clock")
    }

    #[test]
    fn without_signers_a_certificate_is_refused_by_default() {
        assert!(!Policy::default().accept_unverified_certificates);
        // The bundled vector `hc1-prefix`: an `HC1:` text whose base45 holds no certificate.
        let vector: Value = serde_json::from_str(include_str!(
            "../../../conformance-vectors/vectors/hc1-prefix.json"
        ))
        .expect("vector");
        let text = vector["text"].as_str().expect("text");
        let reading = Reader::without_trust_list().read_text(text.as_bytes(), at());
        let refuse = reading.refused().expect("refused");
        assert_eq!(refuse.kind, Kind::EuCertificate);
        assert_eq!(refuse.codes(), "dcc-base45-value");
    }

    #[test]
    fn every_error_of_a_broken_text_is_a_reason_with_its_position() {
        let reader = Reader::without_trust_list();
        let reading = reader.read_text(b"HC1:NCF~", at());
        let refuse = reading.refused().expect("refused");
        assert_eq!(refuse.kind, Kind::EuCertificate);
        assert_eq!(refuse.codes(), "dcc-base45-character");
        assert!(refuse.reasons[0].position().is_some());
        let reading = reader.read_text(b"HC1:", at());
        assert!(!reading.is_accept());
        let reading = reader.read_text(b"HC1:NCF\xff", at());
        assert_eq!(reading.kind(), Kind::EuCertificate);
        assert!(!reading.is_accept());
    }

    #[test]
    fn signer_errors_name_what_is_wrong() {
        let error = CertificateSigners::from_trust_list(b"{\"signers\": 1}").unwrap_err();
        assert!(
            matches!(error, Error::CertificateTrustList { .. }),
            "{error}"
        );
        let error = CertificateSigners::from_certificates([b"junk".as_slice()]).unwrap_err();
        assert!(
            matches!(error, Error::SignerCertificate { index: 0, .. }),
            "{error}"
        );
    }
}
