//! The QR code printed on the chip citizen ID card (CCCD), Circular 06/2021/TT-BCA.
//!
//! `number|old number|full name|ddmmyyyy|Nam or Nữ|permanent address|issue date ddmmyyyy`,
//! with diacritics; cards issued from 2024 append further fields, often empty.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::{
    Date, Gender, Record,
    diagnostic::{Diagnostic, DiagnosticCode, Field, Sink},
    text::quote,
};

/// The fields a CCCD card QR has at least.
pub const CARD_MIN_FIELDS: usize = 7;

/// A CCCD card QR, read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CitizenCard {
    /// The 12-digit citizen number.
    pub number: String,
    /// The old 9-digit CMND number, when the card names one.
    pub old_number: Option<String>,
    /// The full name with diacritics, in Unicode normalisation form C.
    pub full_name: String,
    /// The date of birth.
    #[serde(serialize_with = "iso")]
    pub birth_date: Date,
    /// Male (`Nam`) or female (`Nữ`).
    pub gender: Gender,
    /// The permanent address, in normalisation form C.
    pub address: String,
    /// The date of issue.
    #[serde(serialize_with = "iso")]
    pub issue_date: Date,
    /// Fields after the seventh, as written (cards from 2024 on).
    pub further: Vec<String>,
}

fn iso<S: serde::Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(date)
}

impl CitizenCard {
    /// The personal-code record for the card holder, self-declared, with `qid` (which only the
    /// national platform issues).
    ///
    /// ```
    /// use qr1405_payload::{PersonalCode, recognise, Scan};
    ///
    /// let scanned = "079187029317|123456789|Nguyễn Lê Khả Hân|18011987|Nữ|12 Lý Tự Trọng, Bến Nghé, Quận 1, TP. Hồ Chí Minh|01072021";
    /// let Scan::CitizenCard(scan) = recognise(scanned.as_bytes()) else { panic!() };
    /// let record = scan.card().unwrap().to_record("162979388586171100");
    /// let code = PersonalCode::from_record(&record)?;
    /// assert_eq!(code.as_str(), "079187029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<2");
    /// # Ok::<(), qr1405_payload::Error>(())
    /// ```
    pub fn to_record(&self, qid: impl Into<String>) -> Record {
        let mut record = Record::new(self.full_name.clone(), self.birth_date.to_string(), qid);
        record.document_number = Some(self.number.clone());
        record.gender = Some(self.gender);
        record
    }
}

/// A CCCD card QR as scanned: the card when every field could be read, and every problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardScan {
    card: Option<CitizenCard>,
    fields: Vec<String>,
    diagnostics: Vec<Diagnostic>,
}

impl CardScan {
    /// The card, when every required field could be read.
    pub fn card(&self) -> Option<&CitizenCard> {
        self.card.as_ref()
    }

    /// The fields as written, after `\0` bytes and a repeated copy were removed.
    pub fn fields(&self) -> &[String] {
        &self.fields
    }

    /// Every problem found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }
}

/// Reads a CCCD card QR from scanned text (already known to be UTF-8).
pub(crate) fn read(text: &str) -> CardScan {
    let mut sink = Sink::default();
    let cleaned: String;
    let mut text = text;
    if text.contains('\0') {
        cleaned = text.replace('\0', "");
        sink.push_whole(
            DiagnosticCode::CardNulRemoved,
            text.find('\0'),
            "the card text held \\0 bytes, which were removed".into(),
        );
        text = &cleaned;
    }
    if let Some(single) = single_copy(text) {
        sink.push_whole(
            DiagnosticCode::CardRepeated,
            Some(single.len()),
            "the card text arrived twice; the copy was removed".into(),
        );
        text = single;
    }
    let text = text.trim_end_matches(['\r', '\n']);
    let fields: Vec<String> = text.split('|').map(|f| f.nfc().collect()).collect();
    if fields.len() < CARD_MIN_FIELDS {
        sink.push_whole(
            DiagnosticCode::CardFieldCount,
            None,
            format!(
                "a card qr has at least {CARD_MIN_FIELDS} fields separated by '|', found {}",
                fields.len()
            ),
        );
        return CardScan {
            card: None,
            fields,
            diagnostics: sink.diagnostics,
        };
    }
    let mut at = 0;
    let positions: Vec<usize> = text
        .split('|')
        .map(|f| {
            let start = at;
            at += f.len() + 1;
            start
        })
        .collect();
    let number = fields[0].clone();
    let number_ok = number.len() == 12 && number.bytes().all(|b| b.is_ascii_digit());
    if !number_ok {
        sink.push(
            DiagnosticCode::CardNumberInvalid,
            Field::CardNumber,
            positions[0],
            format!("citizen number {} is not 12 digits", quote(&number)),
        );
    }
    let old = &fields[1];
    if !(old.is_empty() || old.len() == 9 && old.bytes().all(|b| b.is_ascii_digit())) {
        sink.push(
            DiagnosticCode::CardOldNumberInvalid,
            Field::CardOldNumber,
            positions[1],
            format!("old id number {} is neither empty nor 9 digits", quote(old)),
        );
    }
    let name = fields[2].trim();
    if name.is_empty() {
        sink.push(
            DiagnosticCode::CardNameMissing,
            Field::CardName,
            positions[2],
            "full name is empty".into(),
        );
    }
    let birth_date = card_date(&fields[3], positions[3], Field::CardBirthDate, &mut sink);
    let gender = match fields[4].as_str() {
        "Nam" => Some(Gender::Male),
        "Nữ" => Some(Gender::Female),
        other => {
            sink.push(
                DiagnosticCode::CardGenderInvalid,
                Field::CardGender,
                positions[4],
                format!("gender {} is not \"Nam\" or \"Nữ\"", quote(other)),
            );
            None
        }
    };
    let issue_date = card_date(&fields[6], positions[6], Field::CardIssueDate, &mut sink);
    let card = match (number_ok, birth_date, gender, issue_date) {
        (true, Some(birth_date), Some(gender), Some(issue_date)) if !name.is_empty() => {
            Some(CitizenCard {
                number,
                old_number: Some(old.clone()).filter(|o| !o.is_empty()),
                full_name: name.to_owned(),
                birth_date,
                gender,
                address: fields[5].clone(),
                issue_date,
                further: fields[CARD_MIN_FIELDS..].to_vec(),
            })
        }
        _ => None,
    };
    CardScan {
        card,
        fields,
        diagnostics: sink.diagnostics,
    }
}

fn card_date(value: &str, at: usize, field: Field, sink: &mut Sink) -> Option<Date> {
    let date = crate::date::parse_dmy(value);
    if date.is_none() {
        let (code, what) = match field {
            Field::CardBirthDate => (DiagnosticCode::CardBirthDateInvalid, "date of birth"),
            _ => (DiagnosticCode::CardIssueDateInvalid, "date of issue"),
        };
        sink.push(
            code,
            field,
            at,
            format!("{what} {} is not a ddmmyyyy calendar date", quote(value)),
        );
    }
    date
}

/// The first copy when `text` is one string twice, directly or with a line break between.
fn single_copy(text: &str) -> Option<&str> {
    let trimmed = text.trim_end_matches(['\r', '\n']);
    for separator in ["", "\n", "\r\n"] {
        let Some(half) = trimmed.len().checked_sub(separator.len()).map(|n| n / 2) else {
            continue;
        };
        if half == 0 || half * 2 + separator.len() != trimmed.len() {
            continue;
        }
        let (Some(first), Some(middle), Some(second)) = (
            trimmed.get(..half),
            trimmed.get(half..half + separator.len()),
            trimmed.get(half + separator.len()..),
        ) else {
            continue;
        };
        if first == second && middle == separator {
            return Some(first);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARD: &str =
        "079187029317|123456789|Nguyễn Lê Khả Hân|18011987|Nữ|12 Lý Tự Trọng, Quận 1|01072021";

    #[test]
    fn reads_a_card() {
        let scan = read(CARD);
        assert_eq!(scan.diagnostics(), []);
        let card = scan.card().unwrap();
        assert_eq!(card.gender, Gender::Female);
        assert_eq!(card.birth_date, Date::new(1987, 1, 18).unwrap());
        assert_eq!(card.old_number.as_deref(), Some("123456789"));
    }

    #[test]
    fn removes_nul_bytes_and_copies() {
        let noisy = format!("{CARD}\0\0{CARD}\0");
        let scan = read(&noisy);
        let codes: Vec<_> = scan.diagnostics().iter().map(|d| d.code()).collect();
        assert_eq!(
            codes,
            [DiagnosticCode::CardNulRemoved, DiagnosticCode::CardRepeated]
        );
        assert_eq!(scan.card(), read(CARD).card());
        assert!(read(&format!("{CARD}\n{CARD}\n")).card().is_some());
    }

    #[test]
    fn accepts_decomposed_gender_and_further_fields() {
        let decomposed = CARD.replace("Nữ", "Nu\u{31b}\u{303}");
        assert_eq!(read(&decomposed).card().unwrap().gender, Gender::Female);
        let newer = format!("{CARD}||");
        assert_eq!(read(&newer).card().unwrap().further, ["", ""]);
    }
}
