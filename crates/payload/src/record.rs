//! Building a code from a person's record, as people type it.

use serde::{Deserialize, Serialize};

use crate::{
    BirthDate, Date, Declaration, Diagnostic, Error, Field, Gender, PersonalCode,
    text::{NameProblem, canonical_name},
};

/// A person's record: what an issuer knows and writes into a personal code.
///
/// Values may be as people type them: [`PersonalCode::from_record`] makes them canonical
/// (names in upper case without diacritics, phone numbers without spaces or `+84`, dates as
/// `DD/MM/YYYY` or `YYYY-MM-DD`).
///
/// As JSON, unknown keys are refused, and the optional fields may be absent:
///
/// ```json
/// { "document_number": "001093029317", "full_name": "Nguyễn Lê Khả Hân",
///   "birth_date": "1987-01-18", "qid": "162979388586171100", "gender": "male",
///   "health_insurance_number": "HS4010120878821", "phone": "0944 713 700" }
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Record {
    /// CCCD, CMND or passport number; absent only when declared on behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document_number: Option<String>,
    /// The full name, with or without diacritics, in any case.
    pub full_name: String,
    /// The date of birth, `YYYY-MM-DD` or `DD/MM/YYYY`.
    pub birth_date: String,
    /// Whether someone declared on the person's behalf (khai hộ).
    #[serde(default)]
    pub declared_on_behalf: bool,
    /// The user id issued by the national platform.
    pub qid: String,
    /// The QID of whoever declared on the person's behalf.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_qid: Option<String>,
    /// Gender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
    /// The health-insurance (BHYT) card number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_insurance_number: Option<String>,
    /// The phone number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

impl Record {
    /// A record with the three values every code has; the rest is absent.
    pub fn new(
        full_name: impl Into<String>,
        birth_date: impl Into<String>,
        qid: impl Into<String>,
    ) -> Record {
        Record {
            full_name: full_name.into(),
            birth_date: birth_date.into(),
            qid: qid.into(),
            ..Record::default()
        }
    }
}

impl PersonalCode {
    /// The canonical full-form code for `record`.
    ///
    /// Trailing empty EXT slots are left out. Any value that cannot be made conforming is an
    /// [`Error::Record`] naming the record field.
    ///
    /// ```
    /// use qr1405_payload::{Gender, PersonalCode, Record};
    ///
    /// let mut record = Record::new("đặng   thị  ĐÀO", "18/01/1987", "162979388586171100");
    /// record.document_number = Some("001187029317".into());
    /// record.gender = Some(Gender::Female);
    /// let code = PersonalCode::from_record(&record)?;
    /// assert_eq!(code.as_str(), "001187029317|DANG THI DAO|1987-01-18|0|162979388586171100|<2");
    /// # Ok::<(), qr1405_payload::Error>(())
    /// ```
    pub fn from_record(record: &Record) -> Result<PersonalCode, Error> {
        plain("document_number", record.document_number.as_deref())?;
        plain("qid", Some(&record.qid))?;
        plain("on_behalf_qid", record.on_behalf_qid.as_deref())?;
        plain(
            "health_insurance_number",
            record.health_insurance_number.as_deref(),
        )?;
        plain("phone", record.phone.as_deref())?;
        let document = record
            .document_number
            .as_deref()
            .map(|d| compact(d).to_ascii_uppercase())
            .unwrap_or_default();
        let name = canonical_name(&record.full_name).map_err(|problem| Error::Record {
            field: "full_name",
            value: record.full_name.clone(),
            problem: match problem {
                NameProblem::Empty => "is empty".into(),
                NameProblem::Character(c, at) => {
                    format!("{c:?} at byte {at} is neither a letter nor white space")
                }
            },
        })?;
        let birth_date = canonical_date(record.birth_date.trim()).ok_or_else(|| Error::Record {
            field: "birth_date",
            value: record.birth_date.clone(),
            problem: "is not a calendar date written YYYY-MM-DD or DD/MM/YYYY".into(),
        })?;
        let declaration = if record.declared_on_behalf {
            Declaration::OnBehalf
        } else {
            Declaration::SelfDeclared
        };
        let slots = [
            record.on_behalf_qid.as_deref().map(str::trim).unwrap_or(""),
            record.gender.map_or("", Gender::as_str),
            &record
                .health_insurance_number
                .as_deref()
                .map(|n| compact(n).to_ascii_uppercase())
                .unwrap_or_default(),
            &record
                .phone
                .as_deref()
                .map(canonical_phone)
                .unwrap_or_default(),
        ]
        .map(str::to_owned);
        let used = slots
            .iter()
            .rposition(|s| !s.is_empty())
            .map_or(0, |i| i + 1);
        let text = format!(
            "{document}|{name}|{birth_date}|{}|{}|{}",
            declaration.as_str(),
            record.qid.trim(),
            slots[..used].join("<"),
        );
        PersonalCode::parse(&text).map_err(|error| match error {
            Error::NotConforming { diagnostics } => record_error(record, &diagnostics),
            other => other,
        })
    }

    /// The record this code was built from, as far as the code tells it.
    ///
    /// For a full-form code built by [`PersonalCode::from_record`] from a canonical record,
    /// `from_record(&code.to_record())` gives the code back.
    pub fn to_record(&self) -> Record {
        let owned = |s: Option<&str>| s.map(str::to_owned);
        Record {
            document_number: Some(self.document_number())
                .filter(|d| !d.is_empty())
                .map(str::to_owned),
            full_name: self.full_name().to_owned(),
            birth_date: match self.birth_date() {
                BirthDate::Full(date) => date.to_string(),
                BirthDate::Masked { year } => format!("{year:04}-**-**"),
            },
            declared_on_behalf: self.declaration() == Declaration::OnBehalf,
            qid: self.qid().to_owned(),
            on_behalf_qid: owned(self.on_behalf_qid()),
            gender: self.gender(),
            health_insurance_number: owned(self.health_insurance_number()),
            phone: owned(self.phone()),
        }
    }
}

/// Refuses a value holding a separator (`|`, `<`) or a control character, which would
/// change the structure of the code rather than one field.
fn plain(field: &'static str, value: Option<&str>) -> Result<(), Error> {
    let Some(value) = value else { return Ok(()) };
    match value
        .char_indices()
        .find(|&(_, c)| matches!(c, '|' | '<') || c.is_control())
    {
        Some((at, c)) => Err(Error::Record {
            field,
            value: value.to_owned(),
            problem: format!("{c:?} at byte {at} cannot be written in a code"),
        }),
        None => Ok(()),
    }
}

/// The value without white space, dots or dashes.
fn compact(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '.' | '-'))
        .collect()
}

/// `YYYY-MM-DD` from `YYYY-MM-DD` or `DD/MM/YYYY`.
fn canonical_date(value: &str) -> Option<String> {
    let date = crate::date::parse_iso(value).or_else(|| {
        let mut parts = value.split('/');
        let (day, month, year) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || year.len() != 4 || day.len() > 2 || month.len() > 2 {
            return None;
        }
        let number = |s: &str| crate::date::digits(s.as_bytes());
        Date::new(
            number(year)?,
            crate::date::two_digits(month.as_bytes())?,
            crate::date::two_digits(day.as_bytes())?,
        )
        .ok()
    })?;
    Some(date.to_string())
}

/// Ten digits starting with `0` from what people type: spaces, dots, dashes, `+84` or `84`.
fn canonical_phone(value: &str) -> String {
    let digits = compact(value);
    if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if digits.len() == 11 && digits.starts_with("84") {
        format!("0{}", &digits[2..])
    } else {
        digits
    }
}

/// The record error for the first error diagnostic of a code built from `record`.
fn record_error(record: &Record, diagnostics: &[Diagnostic]) -> Error {
    let first = diagnostics.iter().find(|d| d.is_error());
    let (field, value) = match first.and_then(Diagnostic::field) {
        Some(Field::DocumentNumber) => ("document_number", record.document_number.clone()),
        Some(Field::FullName) => ("full_name", Some(record.full_name.clone())),
        Some(Field::BirthDate) => ("birth_date", Some(record.birth_date.clone())),
        Some(Field::OnBehalfQid) => ("on_behalf_qid", record.on_behalf_qid.clone()),
        Some(Field::HealthInsuranceNumber) => (
            "health_insurance_number",
            record.health_insurance_number.clone(),
        ),
        Some(Field::Phone) => ("phone", record.phone.clone()),
        Some(Field::Qid) => ("qid", Some(record.qid.clone())),
        _ => ("record", None),
    };
    Error::Record {
        field,
        value: value.unwrap_or_default(),
        problem: first.map_or_else(|| "does not conform".into(), |d| d.message().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_become_canonical() {
        assert_eq!(canonical_phone("+84 944 713 700"), "0944713700");
        assert_eq!(canonical_phone("84944713700"), "0944713700");
        assert_eq!(canonical_phone("0944.713.700"), "0944713700");
    }

    #[test]
    fn dates_in_both_shapes() {
        assert_eq!(canonical_date("18/01/1987").as_deref(), Some("1987-01-18"));
        assert_eq!(canonical_date("8/1/1987").as_deref(), Some("1987-01-08"));
        assert_eq!(canonical_date("1987-01-18").as_deref(), Some("1987-01-18"));
        assert_eq!(canonical_date("31/02/1987"), None);
        assert_eq!(canonical_date("18/01/87"), None);
    }
}
