//! The reader's judgement: one scanned text or picture in, accept or refuse out.

use std::{collections::BTreeMap, sync::Arc};

use qr1405_payload::{Diagnostic, Format, PersonalCode, Scan, recognise};
use qr1405_sign::{PublicKey, Time, TrustList, Verdict};
use serde::Serialize;
use serde_json::Value;

use crate::{Error, error::cut};

/// What kind of code a scanned text is, so that a reader app shows the right screen.
///
/// The names are those of `qr1405 parse`'s `format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Kind {
    /// The Decision 1405 personal code (`personal-code`).
    #[serde(rename = "personal-code")]
    PersonalCode,
    /// The QR code on a chip citizen ID card (`cccd`).
    #[serde(rename = "cccd")]
    CitizenCard,
    /// A legacy tokhaiyte.vn group check-in URL (`tokhaiyte-check-in`).
    #[serde(rename = "tokhaiyte-check-in")]
    CheckIn,
    /// An EU Digital COVID Certificate, Vietnam's vaccine passport (`eu-dcc`).
    #[serde(rename = "eu-dcc")]
    EuCertificate,
    /// None of these, or no code at all (`unknown`).
    #[serde(rename = "unknown")]
    Unknown,
}

impl Kind {
    /// The stable name, such as `personal-code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::PersonalCode => "personal-code",
            Kind::CitizenCard => "cccd",
            Kind::CheckIn => "tokhaiyte-check-in",
            Kind::EuCertificate => "eu-dcc",
            Kind::Unknown => "unknown",
        }
    }

    fn of(format: Format) -> Kind {
        match format {
            Format::PersonalCode => Kind::PersonalCode,
            Format::CitizenCard => Kind::CitizenCard,
            Format::CheckIn => Kind::CheckIn,
            Format::EuCertificate => Kind::EuCertificate,
            _ => Kind::Unknown,
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a reader accepts beyond what is always required. `docs/reader.md` in the repository
/// states the rules.
///
/// The defaults are those of the conformance suite's reader judgement: unsigned codes and
/// ID-card codes are accepted (Decision 1405 codes in circulation carry no signature), and a
/// green-card claim is judged when the code carries one but is not demanded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Policy {
    /// Accept a personal code whose signature slot is empty. Default `true`.
    pub accept_unsigned: bool,
    /// Accept the QR code of a chip citizen ID card (CCCD). Default `true`.
    pub accept_citizen_card: bool,
    /// Refuse a personal code that carries no green-card claim, or one whose status does not
    /// let its holder through (anything but green, or pale blue where a province has no
    /// rules). Default `false`.
    pub require_green: bool,
    /// Accept an EU certificate (`HC1:`) whose signature the reader cannot verify, because it
    /// holds no signer certificates, with the verdict `not-checked`. Default `false`.
    pub accept_unverified_certificates: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            accept_unsigned: true,
            accept_citizen_card: true,
            require_green: false,
            accept_unverified_certificates: false,
        }
    }
}

/// One problem with a scanned code, under a stable code.
///
/// Codes are those of `docs/payload.md` (text), `docs/signature.md` (signature and trust),
/// `docs/greencard.md` (claims) and `docs/reader.md` (the reader's own: kind, picture, policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reason {
    code: String,
    message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
}

impl Reason {
    pub(crate) fn new(code: &str, message: impl Into<String>) -> Reason {
        Reason {
            code: code.to_owned(),
            message: message.into(),
            field: None,
            position: None,
        }
    }

    /// The same reason, about a field (or JSON path) and a byte position.
    pub(crate) fn at(mut self, field: Option<String>, position: Option<usize>) -> Reason {
        self.field = field;
        self.position = position;
        self
    }

    fn of(diagnostic: &Diagnostic) -> Reason {
        Reason {
            code: diagnostic.code().as_str().to_owned(),
            message: diagnostic.message().to_owned(),
            field: diagnostic.field().map(|f| f.name().into_owned()),
            position: diagnostic.position(),
        }
    }

    /// The stable code, such as `birth-date-invalid` or `signature-invalid`.
    pub fn code(&self) -> &str {
        &self.code
    }

    /// The problem in words, naming the offending value.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The field concerned, named as `qr1405 parse` names it, when there is one.
    pub fn field(&self) -> Option<&str> {
        self.field.as_deref()
    }

    /// The byte position in the scanned text, when there is one.
    pub fn position(&self) -> Option<usize> {
        self.position
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// What the signature of an accepted code says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Signature {
    /// The signature verifies under a key of the trust list.
    Valid {
        /// The issuer's id in the trust list.
        issuer_id: String,
        /// The issuer's name.
        issuer_name: String,
        /// The signing key's id.
        key_id: String,
        /// When the code was signed, RFC 3339 in UTC.
        signed_at: String,
    },
    /// The personal code carries no signature.
    Unsigned,
    /// The code carries a signature, and the reader has no trust list to check it with.
    NotChecked,
    /// The code has no signature slot (an ID-card code).
    NotApplicable,
}

impl Signature {
    /// The stable name: `valid`, `unsigned`, `not-checked` or `not-applicable`.
    pub fn as_str(&self) -> &'static str {
        match self {
            Signature::Valid { .. } => "valid",
            Signature::Unsigned => "unsigned",
            Signature::NotChecked => "not-checked",
            Signature::NotApplicable => "not-applicable",
        }
    }

    /// Who signed the code, when the signature verified; `None` otherwise.
    ///
    /// ```
    /// use qr1405_reader::Signature;
    ///
    /// assert!(Signature::Unsigned.signer().is_none());
    /// ```
    pub fn signer(&self) -> Option<Signer<'_>> {
        match self {
            Signature::Valid {
                issuer_id,
                issuer_name,
                key_id,
                signed_at,
            } => Some(Signer {
                issuer_id,
                issuer_name,
                key_id,
                signed_at,
            }),
            _ => None,
        }
    }
}

/// The signer of a code whose signature verified: [`Signature::Valid`]'s fields, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signer<'a> {
    /// The issuer's id in the trust list.
    pub issuer_id: &'a str,
    /// The issuer's name.
    pub issuer_name: &'a str,
    /// The signing key's id.
    pub key_id: &'a str,
    /// When the code was signed, RFC 3339 in UTC.
    pub signed_at: &'a str,
}

/// The green-card claim an accepted code carries (EXT slot 6), judged at the reader's clock.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Green {
    /// `green`, `yellow`, `red`, `pale-blue` or `no-card`.
    pub status: String,
    /// `full` or `limited`, when the rule set gives a scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
    /// The claim code of the rule set that gave the status, such as `KH`.
    pub rules: String,
    /// The first instant at which the claim no longer holds (RFC 3339, Vietnam time); `None`
    /// when it has no end.
    pub valid_until: Option<String>,
    /// Whether the status lets its holder through (green, or pale blue).
    pub passes: bool,
}

/// A code the reader accepts: whose it is, and what it carries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Accept {
    /// What kind of code it is: [`Kind::PersonalCode`] or [`Kind::CitizenCard`].
    pub kind: Kind,
    /// `full` or `masked` for a personal code; `None` for an ID-card code.
    pub display_form: Option<&'static str>,
    /// The person's fields, named as `qr1405 parse` names them: every field that holds a
    /// value. The raw EXT, the signature and later slots are not fields; an empty field is
    /// absent (an empty field and an absent one are the same to a reader).
    pub fields: BTreeMap<String, String>,
    /// The signature's verdict and issuer.
    pub signature: Signature,
    /// The green-card claim, when the code carries one.
    pub green: Option<Green>,
    /// Findings that do not refuse the code (warnings of `docs/payload.md`, and more than
    /// one symbol in a picture).
    pub warnings: Vec<Reason>,
    /// The scanned text.
    pub text: String,
}

/// A code the reader refuses, with every reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refuse {
    /// What kind of code it is; [`Kind::Unknown`] when no code was found.
    pub kind: Kind,
    /// Every reason, in the order the checks run (text, then signature, then claim); never
    /// empty.
    pub reasons: Vec<Reason>,
}

impl Refuse {
    /// The reasons' codes, joined with `, `.
    pub fn codes(&self) -> String {
        self.reasons
            .iter()
            .map(Reason::code)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What a reader made of a scanned code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "verdict", rename_all = "kebab-case")]
pub enum Reading {
    /// The code is valid: show the person.
    Accept(Box<Accept>),
    /// The code must not be taken as the person's: show why.
    Refuse(Refuse),
}

impl Reading {
    /// Whether the code is accepted.
    pub fn is_accept(&self) -> bool {
        matches!(self, Reading::Accept(_))
    }

    /// What kind of code it is.
    pub fn kind(&self) -> Kind {
        match self {
            Reading::Accept(accept) => accept.kind,
            Reading::Refuse(refuse) => refuse.kind,
        }
    }

    /// The accepted code, if it is accepted.
    pub fn accepted(&self) -> Option<&Accept> {
        match self {
            Reading::Accept(accept) => Some(accept.as_ref()),
            Reading::Refuse(_) => None,
        }
    }

    /// The refusal, if it is refused.
    pub fn refused(&self) -> Option<&Refuse> {
        match self {
            Reading::Accept(_) => None,
            Reading::Refuse(refuse) => Some(refuse),
        }
    }

    /// The reading as one line of JSON, the shape every binding returns:
    /// `{"verdict":"accept","kind":…,"display_form":…,"fields":{…},"signature":{"verdict":…},
    /// "green":…,"warnings":[…],"text":…}` or `{"verdict":"refuse","kind":…,"reasons":[…]}`.
    pub fn to_json(&self) -> String {
        // Every value is a string, number, bool, map or list: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A reader: a trust list (or none), a policy, and the rules of `docs/reader.md`.
///
/// It is cheap to clone (the trust list is shared) and safe to share between threads.
#[derive(Debug, Clone)]
pub struct Reader {
    trust: Option<Arc<TrustList>>,
    policy: Policy,
    pub(crate) certificate_signers: Option<Arc<crate::CertificateSigners>>,
}

impl Reader {
    /// A reader that checks signatures against `trust`, with the default [`Policy`].
    pub fn new(trust: TrustList) -> Reader {
        Reader::with_shared_trust(Arc::new(trust))
    }

    /// A reader that checks signatures against a trust list shared with others.
    pub fn with_shared_trust(trust: Arc<TrustList>) -> Reader {
        Reader {
            trust: Some(trust),
            policy: Policy::default(),
            certificate_signers: None,
        }
    }

    /// A reader without a trust list: signed codes are accepted with
    /// [`Signature::NotChecked`]. For tools that judge the text alone; a reader app at a
    /// checkpoint has a trust list.
    pub fn without_trust_list() -> Reader {
        Reader {
            trust: None,
            policy: Policy::default(),
            certificate_signers: None,
        }
    }

    /// A reader from a signed trust list's JSON and the root public key (43 base64url
    /// characters, the text of `root.pub`), checking the list's signature.
    ///
    /// # Errors
    ///
    /// [`Error::RootKey`] for a key that is not one, [`Error::TrustList`] for a list that is
    /// malformed or not signed by that root.
    pub fn from_trust_list_json(json: &[u8], root_public_key: &str) -> Result<Reader, Error> {
        let root: PublicKey =
            root_public_key
                .trim()
                .parse()
                .map_err(|e: qr1405_sign::KeyError| Error::RootKey {
                    value: cut(root_public_key, 64),
                    reason: e.to_string(),
                })?;
        let trust = TrustList::from_json(json, &root).map_err(|e| Error::TrustList {
            reason: e.to_string(),
        })?;
        Ok(Reader::new(trust))
    }

    /// The same reader with another policy.
    #[must_use]
    pub fn with_policy(mut self, policy: Policy) -> Reader {
        self.policy = policy;
        self
    }

    /// The policy in force.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The trust list, when the reader has one.
    pub fn trust_list(&self) -> Option<&TrustList> {
        self.trust.as_deref()
    }

    /// Reads a scanned text at the clock `at`: accept with the person's fields, or refuse
    /// with every reason. Any bytes are welcome; none make it panic.
    pub fn read_text(&self, text: &[u8], at: Time) -> Reading {
        let scan = recognise(text);
        if let Scan::EuCertificate(_) = scan {
            return crate::certificate::read(self, text, at);
        }
        let kind = Kind::of(scan.format());
        let mut reasons = Vec::new();
        let mut warnings = Vec::new();
        match &scan {
            Scan::Unknown(why) => reasons.push(Reason::new("unknown-format", why.to_string())),
            Scan::CheckIn(_) => reasons.push(Reason::new(
                "check-in-url",
                "a tokhaiyte.vn check-in url names a place, not a person",
            )),
            _ => {}
        }
        for diagnostic in scan.diagnostics() {
            if diagnostic.is_error() {
                reasons.push(Reason::of(diagnostic));
            } else {
                warnings.push(Reason::of(diagnostic));
            }
        }
        if kind == Kind::CitizenCard && !self.policy.accept_citizen_card {
            reasons.push(Reason::new(
                "citizen-card-not-accepted",
                "an id-card code, and this reader's policy accepts personal codes only",
            ));
        }
        if !reasons.is_empty() {
            return Reading::Refuse(Refuse { kind, reasons });
        }
        let fields = fields_of(&scan);
        let text = String::from_utf8_lossy(text).into_owned();
        if kind == Kind::CitizenCard {
            return Reading::Accept(Box::new(Accept {
                kind,
                display_form: None,
                fields,
                signature: Signature::NotApplicable,
                green: None,
                warnings,
                text,
            }));
        }
        // A personal code without errors parses; should it not, say so rather than panic.
        let code = match PersonalCode::parse(&text) {
            Ok(code) => code,
            Err(error) => {
                reasons.push(Reason::new("not-conforming", error.to_string()));
                return Reading::Refuse(Refuse { kind, reasons });
            }
        };
        let signature = self.signature(&code, at, &mut reasons);
        let green = self.green(&code, at, &mut reasons);
        if !reasons.is_empty() {
            return Reading::Refuse(Refuse { kind, reasons });
        }
        Reading::Accept(Box::new(Accept {
            kind,
            display_form: Some(match code.display_form() {
                qr1405_payload::DisplayForm::Masked => "masked",
                _ => "full",
            }),
            fields,
            signature,
            green,
            warnings,
            text,
        }))
    }

    fn signature(&self, code: &PersonalCode, at: Time, reasons: &mut Vec<Reason>) -> Signature {
        let signature = match (&self.trust, code.signature()) {
            (_, None) => Signature::Unsigned,
            (None, Some(_)) => Signature::NotChecked,
            (Some(trust), Some(_)) => match trust.verify(code, at) {
                Verdict::Valid(valid) => Signature::Valid {
                    issuer_id: valid.issuer_id().to_owned(),
                    issuer_name: valid.issuer_name().to_owned(),
                    key_id: valid.key_id().to_string(),
                    signed_at: valid.signed_at().to_string(),
                },
                Verdict::Unsigned => Signature::Unsigned,
                Verdict::Invalid(failure) => {
                    let mut reason = Reason::new(failure.code(), failure.to_string());
                    reason.field = Some("signature".to_owned());
                    reasons.push(reason);
                    return Signature::NotChecked;
                }
            },
        };
        if signature == Signature::Unsigned && !self.policy.accept_unsigned {
            let mut reason = Reason::new(
                "unsigned",
                "the code carries no signature, and this reader's policy accepts signed codes only",
            );
            reason.field = Some("signature".to_owned());
            reasons.push(reason);
        }
        signature
    }

    fn green(&self, code: &PersonalCode, at: Time, reasons: &mut Vec<Reason>) -> Option<Green> {
        use qr1405_greencard::{CLAIM_SLOT, Claim, Timestamp};

        // A slot 6 that does not start with `GC` is not a claim (`docs/greencard.md`, 5); one
        // in lower case is a claim written wrongly, and refused as malformed.
        let is_claim = |slot: &&str| slot.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("GC"));
        let Some(slot) = code.ext_slot(CLAIM_SLOT).filter(is_claim) else {
            if self.policy.require_green {
                reasons.push(Reason::new(
                    "green-required",
                    "the code carries no green-card claim, and this reader's policy requires one",
                ));
            }
            return None;
        };
        let claim = match Claim::parse(slot) {
            Ok(claim) => claim,
            Err(error) => {
                reasons.push(Reason::new("green-claim-malformed", error.to_string()));
                return None;
            }
        };
        let name = |value: Value| value.as_str().map(str::to_owned);
        let green = Green {
            status: serde_json::to_value(claim.status())
                .ok()
                .and_then(name)
                .unwrap_or_default(),
            scope: claim
                .scope()
                .and_then(|scope| serde_json::to_value(scope).ok().and_then(name)),
            rules: claim.rules().to_owned(),
            valid_until: claim.valid_until().map(|until| until.to_string()),
            passes: claim.status().passes(),
        };
        // Every `Time` is a valid RFC 3339 instant in years 1970 to 9999.
        match at.to_string().parse::<Timestamp>() {
            Ok(now) if claim.holds_at(now) => {}
            Ok(now) => reasons.push(Reason::new("green-expired", claim.describe_at(now))),
            Err(error) => reasons.push(Reason::new("green-expired", error.to_string())),
        }
        if self.policy.require_green && !green.passes {
            reasons.push(Reason::new(
                "green-required",
                format!(
                    "the green-card status is {}, and this reader's policy requires green",
                    claim.status()
                ),
            ));
        }
        Some(green)
    }
}

/// The fields a reader reports for a scanned text: what `qr1405 parse` reports, less the raw
/// EXT, the signature and the slots after it, and less every empty field.
///
/// An empty field and an absent one are the same to a reader: a code declared on behalf has
/// an empty document number, and an ID card without an old number an empty one.
pub fn fields(text: &[u8]) -> BTreeMap<String, String> {
    fields_of(&recognise(text))
}

fn fields_of(scan: &Scan<'_>) -> BTreeMap<String, String> {
    if !matches!(scan, Scan::PersonalCode(_) | Scan::CitizenCard(_)) {
        return BTreeMap::new();
    }
    let Ok(Value::Object(mut report)) = serde_json::to_value(scan) else {
        return BTreeMap::new();
    };
    let Some(Value::Object(fields)) = report.remove("fields") else {
        return BTreeMap::new();
    };
    fields
        .into_iter()
        .filter(|(name, _)| {
            !matches!(name.as_str(), "ext" | "signature") && !name.starts_with("ext_slot_")
        })
        .filter_map(|(name, value)| match value {
            Value::String(value) if !value.is_empty() => Some((name, value)),
            _ => None,
        })
        .collect()
}

/// The clock `at` from seconds since 1970-01-01T00:00:00Z.
///
/// # Errors
///
/// [`Error::Clock`] for an instant before 1970 or after 9999.
pub fn clock_from_unix_seconds(seconds: i64) -> Result<Time, Error> {
    u64::try_from(seconds)
        .ok()
        .and_then(|s| Time::from_unix_seconds(s).ok())
        .ok_or_else(|| Error::Clock {
            value: seconds.to_string(),
            reason: "outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z".to_owned(),
        })
}

/// The clock `at` from RFC 3339 text with seconds and an offset, such as
/// `2021-10-01T08:00:00+07:00`.
///
/// # Errors
///
/// [`Error::Clock`] for text that is not such an instant.
pub fn clock_from_rfc3339(text: &str) -> Result<Time, Error> {
    text.parse::<Time>().map_err(|e| Error::Clock {
        value: cut(text, 64),
        reason: e.to_string(),
    })
}
