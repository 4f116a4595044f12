//! The signer certificates (DSCs) a page verifies EU certificates with, gathered from DSC
//! trust list files and single certificate files into one DSC trust list in the format of
//! `docs/eu-dcc.md` ("Signer certificates and trust lists"): what the page keeps in browser
//! storage, what it shows, and what its reader is built with.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use qr1405_dcc::{Dsc, MAX_TRUST_LIST_LEN, NumericDate, SignerError, Signers};
use qr1405_reader::{CertificateSigners, Time};
use serde_json::{Value, json};

use crate::Error;

/// One signer certificate held: the key identifier certificates name it by, its issuing
/// country and the certificate (with its DER).
#[derive(Debug, Clone)]
struct Entry {
    kid: Vec<u8>,
    country: Option<String>,
    dsc: Dsc,
}

impl Entry {
    fn of(dsc: Dsc) -> Entry {
        Entry {
            kid: dsc.kid().to_vec(),
            country: dsc.country().map(str::to_owned),
            dsc,
        }
    }

    fn same(&self, other: &Entry) -> bool {
        self.kid == other.kid && self.dsc.der() == other.dsc.der()
    }
}

/// How many signer certificates a file added, and how many of its certificates were held
/// already (the same key identifier and certificate) and so not added again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Added {
    /// Certificates newly held.
    pub added: usize,
    /// Certificates the list held already.
    pub already_held: usize,
}

/// A DSC trust list being gathered: every signer certificate loaded, in the order loaded,
/// each once.
///
/// ```
/// use qr1405_wasm::SignerList;
///
/// let pem = include_bytes!("../../../crates/testkeys/certificates/es256-dsc.pem");
/// let mut list = SignerList::new();
/// let added = list.add_file("es256-dsc.pem", pem)?;
/// assert_eq!((added.added, list.len()), (1, 1));
/// // The same certificate again is held once.
/// assert_eq!(list.add_file("again.pem", pem)?.already_held, 1);
/// // What is kept is a DSC trust list, which reads back as the same list.
/// let again = SignerList::from_trust_list("stored", list.to_json().as_bytes())?;
/// assert_eq!(again.to_json(), list.to_json());
/// let error = list.add_file("key.pem", b"-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n");
/// assert!(error.unwrap_err().to_string().starts_with("signer certificate key.pem:"));
/// # Ok::<(), qr1405_wasm::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct SignerList {
    entries: Vec<Entry>,
}

/// A trust list file's bytes, when there are some and not too many (a certificate file's are
/// bounded by the certificate crate).
fn bounded<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a [u8], Error> {
    let reason = if bytes.iter().all(u8::is_ascii_whitespace) {
        "the file is empty".to_owned()
    } else if bytes.len() > MAX_TRUST_LIST_LEN {
        format!(
            "{} bytes; at most {MAX_TRUST_LIST_LEN} are read",
            bytes.len()
        )
    } else {
        return Ok(bytes);
    };
    Err(trust_list_error(file, None, reason))
}

fn trust_list_error(file: &str, entry: Option<usize>, reason: String) -> Error {
    Error::SignerTrustList {
        file: file.to_owned(),
        entry,
        reason,
    }
}

fn certificate_error(file: &str, block: Option<usize>, reason: String) -> Error {
    Error::SignerCertificate {
        file: file.to_owned(),
        block,
        reason,
    }
}

/// A certificate file's error as the page shows it: the PEM block it names, and the reason.
fn certificate_reason(error: SignerError) -> (Option<usize>, String) {
    match error {
        SignerError::PemBlock { block, error } => (Some(block), error.to_string()),
        other => (None, other.to_string()),
    }
}

/// The reason a trust list could not be read, and the entry it names.
fn trust_list_reason(error: SignerError) -> (Option<usize>, String) {
    match error {
        SignerError::TrustList { reason } => (None, reason),
        SignerError::Kid { index, kid } => {
            (Some(index), format!("kid {kid:?} is not base64 of 8 bytes"))
        }
        SignerError::Entry { index, error } => (Some(index), error.to_string()),
        other => (None, other.to_string()),
    }
}

impl SignerList {
    /// No signer certificates.
    pub fn new() -> SignerList {
        SignerList::default()
    }

    /// The signers of a DSC trust list file named `file` (a name shown in errors).
    ///
    /// # Errors
    ///
    /// [`Error::SignerTrustList`] for a file that is not such a list, naming the entry.
    pub fn from_trust_list(file: &str, json: &[u8]) -> Result<SignerList, Error> {
        let mut list = SignerList::new();
        list.add_trust_list(file, json)?;
        Ok(list)
    }

    /// How many signer certificates are held.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds the signers of a DSC trust list file named `file`; all of them or, on an error,
    /// none.
    ///
    /// # Errors
    ///
    /// [`Error::SignerTrustList`] for a file that is not JSON, not the documented format, or
    /// one of whose entries cannot be read, naming the entry.
    pub fn add_trust_list(&mut self, file: &str, json: &[u8]) -> Result<Added, Error> {
        let json = bounded(file, json)?;
        // The certificate crate reads the list first: what it refuses is refused here with
        // its reason, and what it reads is what the reader will verify with.
        if let Err(error) = Signers::from_trust_list(json) {
            let (entry, mut reason) = trust_list_reason(error);
            let value: Option<Value> = serde_json::from_slice(json).ok();
            let issuers = |v: &Value| v.get("issuers").is_some();
            if value
                .as_ref()
                .is_some_and(|v| issuers(v) || v.get("list").is_some_and(issuers))
            {
                reason = "this is a trust list of personal-code issuers (ed25519 keys), not of eu \
                          signer certificates"
                    .to_owned();
            }
            return Err(trust_list_error(file, entry, reason));
        }
        let value: Value = serde_json::from_slice(json)
            .map_err(|e| trust_list_error(file, None, e.to_string()))?;
        let signers = value
            .get("signers")
            .and_then(Value::as_array)
            .ok_or_else(|| trust_list_error(file, None, "no signers array".to_owned()))?;
        let mut entries = Vec::with_capacity(signers.len());
        for (index, signer) in signers.iter().enumerate() {
            let fail = |reason: String| trust_list_error(file, Some(index), reason);
            let text = signer
                .get("certificate")
                .and_then(Value::as_str)
                .ok_or_else(|| fail("no certificate".to_owned()))?;
            let dsc = Dsc::from_text(text).map_err(|e| fail(e.to_string()))?;
            let mut entry = Entry::of(dsc);
            if let Some(kid) = signer.get("kid").and_then(Value::as_str) {
                entry.kid = BASE64
                    .decode(kid)
                    .ok()
                    .filter(|kid| kid.len() == 8)
                    .ok_or_else(|| fail(format!("kid {kid:?} is not base64 of 8 bytes")))?;
            }
            if let Some(country) = signer.get("country").and_then(Value::as_str) {
                entry.country = Some(country.to_owned());
            }
            entries.push(entry);
        }
        self.extend(file, entries, true)
    }

    /// Adds the signer certificates of a certificate file named `file`: DER, PEM (each
    /// `CERTIFICATE` block of it) or bare base64 of DER, as [`Dsc::all_from_file_bytes`]
    /// reads them. Each is found by its own key identifier and its subject's country. All of
    /// them or, on an error, none.
    ///
    /// # Errors
    ///
    /// [`Error::SignerCertificate`] for a file that holds no certificate, a PEM block that
    /// is not one (a private key, say), or a certificate that cannot be read, naming the
    /// block.
    pub fn add_certificate(&mut self, file: &str, bytes: &[u8]) -> Result<Added, Error> {
        let entries = Dsc::all_from_file_bytes(bytes)
            .map_err(|error| {
                let (block, reason) = certificate_reason(error);
                certificate_error(file, block, reason)
            })?
            .into_iter()
            .map(Entry::of)
            .collect();
        self.extend(file, entries, false)
    }

    /// Adds a file of either kind: a DSC trust list when it is a JSON object or its name
    /// ends in `.json`, certificates otherwise.
    ///
    /// # Errors
    ///
    /// As [`SignerList::add_trust_list`] and [`SignerList::add_certificate`].
    pub fn add_file(&mut self, file: &str, bytes: &[u8]) -> Result<Added, Error> {
        let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
        if first == Some(&b'{') || file.to_ascii_lowercase().ends_with(".json") {
            self.add_trust_list(file, bytes)
        } else {
            self.add_certificate(file, bytes)
        }
    }

    /// Appends the entries not held yet, when the list stays within the size a trust list
    /// may have.
    fn extend(
        &mut self,
        file: &str,
        entries: Vec<Entry>,
        trust_list: bool,
    ) -> Result<Added, Error> {
        let mut added = Added {
            added: 0,
            already_held: 0,
        };
        let mut list = self.clone();
        for entry in entries {
            if list.entries.iter().any(|held| held.same(&entry)) {
                added.already_held += 1;
            } else {
                list.entries.push(entry);
                added.added += 1;
            }
        }
        let len = list.to_json().len();
        if len > MAX_TRUST_LIST_LEN {
            let reason = format!(
                "the list would be {len} bytes of json; a dsc trust list is at most \
                 {MAX_TRUST_LIST_LEN}"
            );
            return Err(if trust_list {
                trust_list_error(file, None, reason)
            } else {
                certificate_error(file, None, reason)
            });
        }
        *self = list;
        Ok(added)
    }

    /// The list as a DSC trust list file (`docs/eu-dcc.md`): every entry with its key
    /// identifier, its country when known, and its certificate as base64 of DER.
    pub fn to_json(&self) -> String {
        let signers: Vec<Value> = self
            .entries
            .iter()
            .map(|entry| {
                let mut signer = serde_json::Map::new();
                signer.insert("kid".into(), BASE64.encode(&entry.kid).into());
                if let Some(country) = &entry.country {
                    signer.insert("country".into(), country.clone().into());
                }
                signer.insert("certificate".into(), BASE64.encode(entry.dsc.der()).into());
                Value::Object(signer)
            })
            .collect();
        // A Value always serialises.
        serde_json::to_string_pretty(&json!({ "signers": signers })).unwrap_or_default()
    }

    /// The reader's signer certificates: the list read back as the trust list it writes.
    ///
    /// # Errors
    ///
    /// [`Error::Reader`] should the reader crate refuse the list (it reads what this list
    /// has read already).
    pub fn certificate_signers(&self) -> Result<CertificateSigners, Error> {
        Ok(CertificateSigners::from_trust_list(
            self.to_json().as_bytes(),
        )?)
    }

    /// What a page shows of the list at the clock `at`, as JSON: the count, the countries,
    /// how many have expired, and each signer with its key identifier, country, subject,
    /// the types it may sign, validity and status (`valid`, `expired`, `not-yet-valid`).
    pub fn describe_json(&self, at: Time) -> String {
        let now =
            NumericDate::from_unix_seconds(i64::try_from(at.unix_seconds()).unwrap_or(i64::MAX));
        let status = |entry: &Entry| {
            if now > entry.dsc.not_after() {
                "expired"
            } else if now < entry.dsc.not_before() {
                "not-yet-valid"
            } else {
                "valid"
            }
        };
        let signers: Vec<Value> = self
            .entries
            .iter()
            .map(|entry| {
                json!({
                    "kid": BASE64.encode(&entry.kid),
                    "kid_hex": entry.kid.iter().map(|b| format!("{b:02x}")).collect::<String>(),
                    "country": entry.country,
                    "subject": entry.dsc.subject(),
                    "usages": entry.dsc.usages().iter().map(|u| u.as_str()).collect::<Vec<_>>(),
                    "not_before": entry.dsc.not_before().to_string(),
                    "not_after": entry.dsc.not_after().to_string(),
                    "status": status(entry),
                })
            })
            .collect();
        let mut countries: Vec<&str> = self
            .entries
            .iter()
            .filter_map(|e| e.country.as_deref())
            .collect();
        countries.sort_unstable();
        countries.dedup();
        let expired = self
            .entries
            .iter()
            .filter(|e| status(e) == "expired")
            .count();
        json!({
            "count": self.entries.len(),
            "countries": countries,
            "expired": expired,
            "signers": signers,
        })
        .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIGNERS: &str = include_str!("../../../conformance-vectors/eu-dcc/signers.json");
    const ES256: &[u8] = include_bytes!("../../../crates/testkeys/certificates/es256-dsc.pem");
    const PS256: &[u8] = include_bytes!("../../../crates/testkeys/certificates/ps256-dsc.pem");
    const KEY: &[u8] = include_bytes!("../../../crates/testkeys/certificates/es256-key.pem");

    fn at(text: &str) -> Time {
        qr1405_reader::clock_from_rfc3339(text).expect("clock")
    }

    fn message(result: Result<Added, Error>) -> String {
        result.expect_err("an error").to_string()
    }

    #[test]
    fn the_golden_trust_list_is_held_as_written() {
        let list = SignerList::from_trust_list("signers.json", SIGNERS.as_bytes()).expect("list");
        assert_eq!(list.len(), 3);
        let written: Value = serde_json::from_str(SIGNERS).expect("json");
        let kept: Value = serde_json::from_str(&list.to_json()).expect("json");
        assert_eq!(kept, written);
        assert_eq!(list.certificate_signers().expect("signers").len(), 3);
    }

    #[test]
    fn certificates_from_pem_der_and_base64_are_one_signer_each() {
        let mut list = SignerList::new();
        assert_eq!(list.add_file("es256.pem", ES256).expect("pem").added, 1);
        let der = Dsc::from_file_bytes(PS256).expect("pem").der().to_vec();
        assert_eq!(list.add_file("ps256.der", &der).expect("der").added, 1);
        let base64 = BASE64.encode(&der);
        let again = list
            .add_file("ps256.txt", base64.as_bytes())
            .expect("base64");
        assert_eq!((again.added, again.already_held), (0, 1));
        assert_eq!(list.len(), 2);
        // Both are in the golden list under the same kid and country.
        let golden = SignerList::from_trust_list("signers.json", SIGNERS.as_bytes()).expect("list");
        let mut merged = golden.clone();
        let added = merged
            .add_file("both", list.to_json().as_bytes())
            .expect("merge");
        assert_eq!((added.added, added.already_held), (0, 2));
        // A PEM file of two certificates adds both.
        let mut bundle = ES256.to_vec();
        bundle.extend_from_slice(PS256);
        let mut list = SignerList::new();
        assert_eq!(
            list.add_file("bundle.pem", &bundle).expect("bundle").added,
            2
        );
    }

    #[test]
    fn what_is_shown_marks_expired_signers() {
        let list = SignerList::from_trust_list("signers.json", SIGNERS.as_bytes()).expect("list");
        let shown: Value =
            serde_json::from_str(&list.describe_json(at("2021-10-01T00:00:00Z"))).expect("json");
        assert_eq!(shown["count"], 3);
        assert_eq!(shown["countries"], json!(["VN"]));
        assert_eq!(shown["expired"], 0);
        assert_eq!(shown["signers"][0]["kid"], "cwzYFnS+caQ=");
        assert_eq!(shown["signers"][0]["kid_hex"], "730cd81674be71a4");
        assert_eq!(shown["signers"][0]["not_after"], "2031-01-01T00:00:00Z");
        assert_eq!(
            shown["signers"][0]["usages"],
            json!(["test", "vaccination", "recovery"])
        );
        assert_eq!(shown["signers"][2]["usages"], json!(["test"]));
        let later: Value =
            serde_json::from_str(&list.describe_json(at("2031-01-02T00:00:00Z"))).expect("json");
        assert_eq!(later["expired"], 3);
        assert_eq!(later["signers"][1]["status"], "expired");
        let earlier: Value =
            serde_json::from_str(&list.describe_json(at("2020-01-01T00:00:00Z"))).expect("json");
        assert_eq!(earlier["signers"][1]["status"], "not-yet-valid");
    }

    #[test]
    fn a_bad_file_is_named_with_what_is_wrong_and_adds_nothing() {
        let mut list =
            SignerList::from_trust_list("signers.json", SIGNERS.as_bytes()).expect("list");
        let broken = SIGNERS.replacen("MIIDqTCC", "MIIDqTCD", 1);
        let personal = include_str!("../../../conformance-vectors/trust-list.json");
        let mut bundle = ES256.to_vec();
        bundle.extend_from_slice(KEY);
        insta::assert_snapshot!(
            [
                message(list.add_file("empty.json", b" \n")),
                message(list.add_file("list.json", b"{\"signers\": 1}")),
                message(list.add_file("list.json", b"{\"signers\": [], \"version\": 2}")),
                message(list.add_file("list.json", br#"{"signers": [{"kid": "AA==", "certificate": "MIIB"}]}"#)),
                message(list.add_file("broken.json", broken.as_bytes())),
                message(list.add_file("trust-list.json", personal.as_bytes())),
                message(list.add_file("bundle.pem", &bundle)),
                message(list.add_file("half.pem", b"-----BEGIN CERTIFICATE-----\nMIIB\n")),
                message(list.add_file("text.pem", b"hello, world")),
                message(list.add_file("picture.png", b"\x89PNG\r\n\x1a\n\0\0")),
                message(list.add_file("short.der", b"\x30\x03\x02\x01\x01")),
            ]
            .join("\n"),
            @r#"
        dsc trust list empty.json: the file is empty
        dsc trust list list.json: invalid type: integer `1`, expected a sequence at line 1 column 13
        dsc trust list list.json: unknown field `version`, expected `signers` at line 1 column 25
        dsc trust list list.json: signers[0]: not an x.509 certificate: asn.1 der message is incomplete: expected 4, actual 3 at der byte 3
        dsc trust list broken.json: signers[1]: not an x.509 certificate: asn.1 der message is incomplete: expected 168361, actual 941 at der byte 14
        dsc trust list trust-list.json: this is a trust list of personal-code issuers (ed25519 keys), not of eu signer certificates
        signer certificate bundle.pem: pem block 2: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's certificate, never its private key
        signer certificate half.pem: pem block 1: BEGIN CERTIFICATE on line 1 without its END
        signer certificate text.pem: not pem or base64 of a certificate: invalid symbol 44, offset 5
        signer certificate picture.png: binary data beginning with byte 0x89: neither der (a certificate begins with 0x30) nor pem or base64 text
        signer certificate short.der: not an x.509 certificate: unexpected asn.1 der tag: expected sequence, got integer at der byte 2
        "#
        );
        assert_eq!(list.len(), 3, "nothing added by a bad file");
    }
}
