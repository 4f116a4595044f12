//! One entry point for any scanned text: what is it?

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::{
    Checked, MAX_INPUT_LEN,
    card::{self, CardScan},
    check,
    diagnostic::{Diagnostic, DiagnosticCode, Field, Sink},
    text::quote,
};

/// The kinds of text a reader in Vietnam meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Format {
    /// The Decision 1405 personal code.
    #[serde(rename = "personal-code")]
    PersonalCode,
    /// The QR code on a chip citizen ID card (CCCD).
    #[serde(rename = "cccd")]
    CitizenCard,
    /// A legacy tokhaiyte.vn group check-in URL.
    #[serde(rename = "tokhaiyte-check-in")]
    CheckIn,
    /// An EU Digital COVID Certificate (`HC1:`), the format of Vietnam's vaccine passport.
    #[serde(rename = "eu-dcc")]
    EuCertificate,
    /// None of these.
    #[serde(rename = "unknown")]
    Unknown,
}

impl Format {
    /// The name used in reports, e.g. `personal-code`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::PersonalCode => "personal-code",
            Format::CitizenCard => "cccd",
            Format::CheckIn => "tokhaiyte-check-in",
            Format::EuCertificate => "eu-dcc",
            Format::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What a scanned text turned out to be.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub enum Scan<'a> {
    /// A personal code, or a `|`-separated text that is closest to one.
    PersonalCode(Checked<'a>),
    /// A CCCD card QR.
    CitizenCard(CardScan),
    /// A tokhaiyte.vn check-in URL.
    CheckIn(CheckIn),
    /// An `HC1:` certificate, recognised and not verified.
    EuCertificate(EuCertificate),
    /// Nothing this crate knows.
    Unknown(Unknown),
}

impl Scan<'_> {
    /// Which format the text is.
    pub fn format(&self) -> Format {
        match self {
            Scan::PersonalCode(_) => Format::PersonalCode,
            Scan::CitizenCard(_) => Format::CitizenCard,
            Scan::CheckIn(_) => Format::CheckIn,
            Scan::EuCertificate(_) => Format::EuCertificate,
            Scan::Unknown(_) => Format::Unknown,
        }
    }

    /// Every problem found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        match self {
            Scan::PersonalCode(checked) => checked.diagnostics(),
            Scan::CitizenCard(scan) => scan.diagnostics(),
            Scan::CheckIn(check_in) => &check_in.diagnostics,
            Scan::EuCertificate(certificate) => &certificate.diagnostics,
            Scan::Unknown(_) => &[],
        }
    }

    /// Whether the text is of a known format and has no error.
    pub fn is_accepted(&self) -> bool {
        !matches!(self, Scan::Unknown(_)) && !self.diagnostics().iter().any(Diagnostic::is_error)
    }
}

/// A legacy tokhaiyte.vn group check-in URL:
/// `https://tokhaiyte.vn/?page=Group.checkin&groupId=<24 hexadecimal digits>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CheckIn {
    /// The URL as scanned.
    pub url: String,
    /// The group id, when the URL has one.
    pub group_id: Option<String>,
    #[serde(skip)]
    diagnostics: Vec<Diagnostic>,
}

/// An `HC1:` text: an EU Digital COVID Certificate, recognised by its prefix only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct EuCertificate {
    /// Length in bytes of the base45 text after `HC1:`.
    pub base45_length: usize,
    #[serde(skip)]
    diagnostics: Vec<Diagnostic>,
}

/// Why a text is of no known format.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Unknown {
    /// The text is empty.
    #[error("the text is empty")]
    Empty,
    /// The text is longer than any QR code holds.
    #[error("the text is {length} bytes long; no qr code holds more than {MAX_INPUT_LEN}")]
    TooLong {
        /// Its length in bytes.
        length: usize,
    },
    /// The text is not UTF-8 and has no `|`.
    #[error("the text is not utf-8 (byte 0x{byte:02x} at byte {position}) and has no '|'")]
    NotUtf8 {
        /// The first byte that is not UTF-8.
        byte: u8,
        /// Its offset.
        position: usize,
    },
    /// A URL of a site other than tokhaiyte.vn.
    #[error("a url of {host:?}, which is not a known check-in site")]
    OtherUrl {
        /// The host the URL names.
        host: String,
    },
    /// Text of no known shape.
    #[error("the text {text} has no '|' fields, no known url and no known prefix")]
    NoKnownShape {
        /// The start of the text, quoted.
        text: String,
    },
}

/// Says what a scanned text is, and checks it as that.
///
/// ```
/// use qr1405_payload::{Format, recognise};
///
/// let scans = [
///     ("001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|", Format::PersonalCode),
///     ("https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b2c1a9e8d7f6a5b4c3d2e", Format::CheckIn),
///     ("HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH", Format::EuCertificate),
///     ("hello", Format::Unknown),
/// ];
/// for (text, format) in scans {
///     assert_eq!(recognise(text.as_bytes()).format(), format);
/// }
/// ```
pub fn recognise(input: &[u8]) -> Scan<'_> {
    if input.is_empty() {
        return Scan::Unknown(Unknown::Empty);
    }
    if input.len() > MAX_INPUT_LEN {
        return Scan::Unknown(Unknown::TooLong {
            length: input.len(),
        });
    }
    if let Some(rest) = input.strip_prefix(b"HC1:") {
        return Scan::EuCertificate(eu_certificate(rest));
    }
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(_) if input.contains(&b'|') => return Scan::PersonalCode(check(input)),
        Err(error) => {
            let position = error.valid_up_to();
            return Scan::Unknown(Unknown::NotUtf8 {
                byte: input[position],
                position,
            });
        }
    };
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || c == '\0');
    if let Some(after_scheme) = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"))
    {
        let host = after_scheme
            .split(['/', '?', '#'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        return match host.as_str() {
            "tokhaiyte.vn" | "www.tokhaiyte.vn" => Scan::CheckIn(check_in(trimmed)),
            _ => Scan::Unknown(Unknown::OtherUrl { host }),
        };
    }
    if !text.contains('|') {
        return Scan::Unknown(Unknown::NoKnownShape { text: quote(text) });
    }
    // A card QR writes its fourth field as ddmmyyyy and its fifth as Nam or Nữ, where a
    // personal code has the declaration digit and the QID.
    let mut fields = text.split('|').map(|f| f.trim_matches('\0')).skip(3);
    let (fourth, fifth) = (fields.next(), fields.next());
    let is_gender = |f: &str| {
        f == "Nam" || (!f.is_ascii() && (f.nfc().eq("Nam".chars()) || f.nfc().eq("Nữ".chars())))
    };
    let card_like = match (fourth, fifth) {
        (Some(fourth), Some(fifth)) => {
            (fourth.len() == 8 && fourth.bytes().all(|b| b.is_ascii_digit())) || is_gender(fifth)
        }
        _ => false,
    };
    if card_like {
        Scan::CitizenCard(card::read(text))
    } else {
        Scan::PersonalCode(check(input))
    }
}

fn check_in(url: &str) -> CheckIn {
    let mut sink = Sink::default();
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let query = query.split('#').next().unwrap_or_default();
    let group_id = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("groupId="))
        .map(str::to_owned);
    let at = url.find("groupId=").map(|i| i + "groupId=".len());
    match &group_id {
        Some(id) if id.len() == 24 && id.bytes().all(|b| b.is_ascii_hexdigit()) => {}
        Some(id) => sink.push(
            DiagnosticCode::GroupIdInvalid,
            Field::GroupId,
            at.unwrap_or(0),
            format!("group id {} is not 24 hexadecimal digits", quote(id)),
        ),
        None => sink.push_whole(
            DiagnosticCode::GroupIdInvalid,
            None,
            "the check-in url has no groupId parameter".into(),
        ),
    }
    if url.starts_with("http://") {
        sink.push_whole(
            DiagnosticCode::CheckInInsecure,
            Some(0),
            "the check-in url uses plain http".into(),
        );
    }
    CheckIn {
        url: url.to_owned(),
        group_id,
        diagnostics: sink.diagnostics,
    }
}

/// The base45 alphabet of RFC 9285.
fn is_base45(byte: u8) -> bool {
    byte.is_ascii_digit() || byte.is_ascii_uppercase() || b" $%*+-./:".contains(&byte)
}

fn eu_certificate(rest: &[u8]) -> EuCertificate {
    let mut sink = Sink::default();
    if rest.is_empty() {
        sink.push_whole(
            DiagnosticCode::Hc1InvalidBase45,
            Some(4),
            "nothing follows the HC1: prefix".into(),
        );
    } else if let Some(index) = rest.iter().position(|&b| !is_base45(b)) {
        sink.push_whole(
            DiagnosticCode::Hc1InvalidBase45,
            Some(4 + index),
            format!(
                "byte 0x{:02x} at byte {} is outside the base45 alphabet",
                rest[index],
                4 + index
            ),
        );
    }
    EuCertificate {
        base45_length: rest.len(),
        diagnostics: sink.diagnostics,
    }
}

/// The report shape of `qr1405 parse`: `{"format", "accepted", "fields", "diagnostics"}`, with
/// `"reason"` for unknown texts. Fields are named as [`Field::name`] names them.
impl Serialize for Scan<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("format", &self.format())?;
        map.serialize_entry("accepted", &self.is_accepted())?;
        match self {
            Scan::PersonalCode(checked) => {
                map.serialize_entry("fields", &checked.fields().map(PersonalFields))?;
            }
            Scan::CitizenCard(scan) => {
                map.serialize_entry("fields", &CardFields(scan.fields()))?;
                if let Some(card) = scan.card() {
                    map.serialize_entry("card", card)?;
                }
            }
            Scan::CheckIn(check_in) => map.serialize_entry("fields", check_in)?,
            Scan::EuCertificate(certificate) => map.serialize_entry("fields", certificate)?,
            Scan::Unknown(reason) => {
                map.serialize_entry("fields", &None::<()>)?;
                map.serialize_entry("reason", &reason.to_string())?;
            }
        }
        map.serialize_entry("diagnostics", self.diagnostics())?;
        map.end()
    }
}

/// The fields of a personal code as a JSON object, EXT slots by name.
struct PersonalFields<'a>(&'a crate::Fields<'a>);

impl Serialize for PersonalFields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        let fields = self.0;
        let mut map = serializer.serialize_map(None)?;
        let main = [
            Field::DocumentNumber,
            Field::FullName,
            Field::BirthDate,
            Field::Declaration,
            Field::Qid,
            Field::Ext,
        ];
        for (index, field) in main.into_iter().enumerate() {
            map.serialize_entry(&field.name(), fields.get(index))?;
        }
        let slots = [
            Field::OnBehalfQid,
            Field::Gender,
            Field::HealthInsuranceNumber,
            Field::Phone,
            Field::Signature,
        ];
        for (index, value) in fields.ext_slots().enumerate() {
            let field = slots
                .get(index)
                .copied()
                .unwrap_or(Field::ExtSlot(index + 1));
            if !value.is_empty() {
                map.serialize_entry(&field.name(), value)?;
            }
        }
        map.end()
    }
}

/// The fields of a card QR as a JSON object; fields after the seventh are `field_8` and on.
struct CardFields<'a>(&'a [String]);

impl Serialize for CardFields<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;

        let names = [
            Field::CardNumber,
            Field::CardOldNumber,
            Field::CardName,
            Field::CardBirthDate,
            Field::CardGender,
            Field::CardAddress,
            Field::CardIssueDate,
        ];
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (index, value) in self.0.iter().enumerate() {
            match names.get(index) {
                Some(field) => map.serialize_entry(&field.name(), value)?,
                None => map.serialize_entry(&format!("field_{}", index + 1), value)?,
            }
        }
        map.end()
    }
}
