//! The personal code as a value: parsed, valid, and written back byte for byte.

use std::{fmt, str::FromStr};

use crate::{
    BirthDate, Declaration, DocumentKind, Error, Fields, Gender, SIGNATURE_SLOT,
    personal::{self, Typed},
};

/// A conforming personal code of the Decision 1405 annex.
///
/// It keeps the text it was read from, so [`PersonalCode::as_str`] gives back exactly the
/// bytes that [`PersonalCode::parse`] accepted, empty slots and masked values included.
///
/// ```
/// use qr1405_payload::{Gender, PersonalCode};
///
/// let text = "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
/// let code = PersonalCode::parse(text)?;
/// assert_eq!(code.full_name(), "NGUYEN LE KHA HAN");
/// assert_eq!(code.gender(), Some(Gender::Male));
/// assert_eq!(code.phone(), Some("0944713700"));
/// assert_eq!(code.as_str(), text);
/// assert_eq!(
///     code.masked().as_str(),
///     "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|<1<HS4010120878821<0944713700"
/// );
/// # Ok::<(), qr1405_payload::Error>(())
/// ```
#[derive(Clone)]
pub struct PersonalCode {
    text: String,
    /// Byte offsets of the five `|`.
    bars: [usize; 5],
    /// Derived from `text` when it was parsed.
    typed: Typed,
}

// Equality and hashing look at the text alone: everything else is derived from it.
impl PartialEq for PersonalCode {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for PersonalCode {}

impl std::hash::Hash for PersonalCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

/// Which display form a code is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DisplayForm {
    /// Document number and date of birth in full.
    Full,
    /// Document number (when there is one) and date of birth masked, as the annex shows
    /// codes by default.
    Masked,
    /// One of the two masked and the other not.
    Mixed,
}

impl PersonalCode {
    /// Parses and validates `text`; any error diagnostic refuses it.
    ///
    /// Warnings do not refuse a code: [`crate::check`] lists them.
    pub fn parse(text: &str) -> Result<PersonalCode, Error> {
        let checked = personal::check(text.as_bytes());
        match (checked.typed(), checked.fields()) {
            (Some(typed), Some(fields)) if checked.is_conforming() => Ok(PersonalCode {
                text: text.to_owned(),
                bars: bars_of(fields),
                typed,
            }),
            _ => Err(Error::NotConforming {
                diagnostics: checked.into_diagnostics(),
            }),
        }
    }

    /// The code as text, byte for byte as it was parsed or built.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The code as text.
    pub fn into_string(self) -> String {
        self.text
    }

    /// The six fields as written.
    pub fn fields(&self) -> Fields<'_> {
        // The text was split when it was parsed; splitting again cannot fail.
        match Fields::split(&self.text, 0) {
            Ok(fields) => fields,
            Err(_) => unreachable!("a parsed code has six fields"),
        }
    }

    fn field(&self, index: usize) -> &str {
        let start = if index == 0 {
            0
        } else {
            self.bars[index - 1] + 1
        };
        let end = self.bars.get(index).copied().unwrap_or(self.text.len());
        &self.text[start..end]
    }

    /// Field 1, `SoGiayTo`, as written (possibly masked or empty).
    pub fn document_number(&self) -> &str {
        self.field(0)
    }

    /// What kind of document field 1 holds.
    pub fn document_kind(&self) -> DocumentKind {
        self.typed.document
    }

    /// Field 2, `HoTen`.
    pub fn full_name(&self) -> &str {
        self.field(1)
    }

    /// Field 3, `NgaySinh`.
    pub fn birth_date(&self) -> BirthDate {
        self.typed.birth_date
    }

    /// Field 4, `LoaiDinhDanh`.
    pub fn declaration(&self) -> Declaration {
        self.typed.declaration
    }

    /// Field 5, `QID`.
    pub fn qid(&self) -> &str {
        self.field(4)
    }

    /// Field 6, `EXT`, whole.
    pub fn ext(&self) -> &str {
        self.field(5)
    }

    /// EXT slot `number` (1-based) when present and not empty.
    pub fn ext_slot(&self, number: usize) -> Option<&str> {
        self.fields().ext_slot(number).filter(|s| !s.is_empty())
    }

    /// EXT slot 1: the QID of whoever declared on the person's behalf.
    pub fn on_behalf_qid(&self) -> Option<&str> {
        self.ext_slot(1)
    }

    /// EXT slot 2: gender.
    pub fn gender(&self) -> Option<Gender> {
        self.typed.gender
    }

    /// EXT slot 3: the health-insurance (BHYT) card number.
    pub fn health_insurance_number(&self) -> Option<&str> {
        self.ext_slot(3)
    }

    /// EXT slot 4: the phone number.
    pub fn phone(&self) -> Option<&str> {
        self.ext_slot(4)
    }

    /// EXT slot 5: the electronic signature, as written.
    pub fn signature(&self) -> Option<&str> {
        self.ext_slot(SIGNATURE_SLOT)
    }

    /// The EXT slots after the signature, in order, as written (empty ones included).
    pub fn further_slots(&self) -> impl Iterator<Item = &str> {
        self.fields().ext_slots().skip(SIGNATURE_SLOT)
    }

    /// Which display form the code is in.
    pub fn display_form(&self) -> DisplayForm {
        let document = match self.typed.document {
            DocumentKind::Masked => Some(true),
            DocumentKind::Absent => None,
            _ => Some(false),
        };
        let date = self.typed.birth_date.is_masked();
        match document {
            Some(document) if document != date => DisplayForm::Mixed,
            _ if date => DisplayForm::Masked,
            _ => DisplayForm::Full,
        }
    }

    /// The masked display form: the first six characters of the document number and the day
    /// and month of birth replaced by `*`.
    ///
    /// The signature slot is emptied, since a signature covers one form only; every other slot
    /// stays as it is.
    pub fn masked(&self) -> PersonalCode {
        let document = self.document_number();
        let mut text = String::with_capacity(self.text.len());
        if !document.is_empty() {
            let shown = document
                .char_indices()
                .nth(6)
                .map_or("", |(i, _)| &document[i..]);
            text.push_str("******");
            text.push_str(shown);
        }
        text.push('|');
        text.push_str(self.full_name());
        text.push('|');
        text.push_str(&self.field(2)[..4]);
        text.push_str("-**-**|");
        text.push_str(&self.text[self.bars[2] + 1..self.bars[4] + 1]);
        text.push_str(&self.ext_with_slot(SIGNATURE_SLOT, "", false));
        self.reparsed(text)
    }

    /// The bytes a signature covers: the code with the value of EXT slot 5 left out.
    ///
    /// EXT is padded with empty slots up to slot 5, so the input is the same before a
    /// signature is added and after: `A|…|Q|<1` gives `A|…|Q|<1<<<`, and so does
    /// `A|…|Q|<1<<<SIG`.
    pub fn signing_input(&self) -> String {
        self.with_ext(&self.ext_with_slot(SIGNATURE_SLOT, "", true))
    }

    /// The code with `signature` in EXT slot 5, replacing any signature there.
    ///
    /// EXT is padded with empty slots up to slot 5; the slots after it are kept. The result
    /// is refused like any text that does not conform, for instance when it is longer than
    /// a QR symbol holds.
    pub fn with_signature(&self, signature: &str) -> Result<PersonalCode, Error> {
        check_slot_value(SIGNATURE_SLOT, signature)?;
        PersonalCode::parse(&self.with_ext(&self.ext_with_slot(SIGNATURE_SLOT, signature, true)))
    }

    /// The code with `value` in EXT slot `number` (6 or later), padding with empty slots.
    ///
    /// The slots after the signature carry further values, such as a green-card claim. The
    /// result is refused like any text that does not conform, for instance when it is
    /// longer than a QR symbol holds.
    pub fn with_further_slot(&self, number: usize, value: &str) -> Result<PersonalCode, Error> {
        if number <= SIGNATURE_SLOT {
            return Err(Error::SlotValue {
                slot: number,
                value: value.to_owned(),
                character: '<',
                position: 0,
            });
        }
        check_slot_value(number, value)?;
        PersonalCode::parse(&self.with_ext(&self.ext_with_slot(number, value, true)))
    }

    fn with_ext(&self, ext: &str) -> String {
        let mut text = String::with_capacity(self.bars[4] + 1 + ext.len());
        text.push_str(&self.text[..=self.bars[4]]);
        text.push_str(ext);
        text
    }

    /// EXT with slot `number` set to `value`: padded up to it when `pad`, otherwise only
    /// replaced where present. Trailing slots stay as they were.
    fn ext_with_slot(&self, number: usize, value: &str, pad: bool) -> String {
        let mut slots: Vec<&str> = self.fields().ext_slots().collect();
        if slots.len() < number {
            if !pad {
                return self.ext().to_owned();
            }
            slots.resize(number, "");
        }
        slots[number - 1] = value;
        slots.join("<")
    }

    /// Parses text made from this code's valid parts. Anything else is a bug here.
    fn reparsed(&self, text: String) -> PersonalCode {
        match PersonalCode::parse(&text) {
            Ok(code) => code,
            Err(error) => unreachable!("derived code {text:?} does not conform: {error}"),
        }
    }
}

/// Checks that `value` can be written into EXT slot `slot`.
fn check_slot_value(slot: usize, value: &str) -> Result<(), Error> {
    match value
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_graphic() || matches!(c, '*' | '<' | '|'))
    {
        Some((position, character)) => Err(Error::SlotValue {
            slot,
            value: value.to_owned(),
            character,
            position,
        }),
        None => Ok(()),
    }
}

fn bars_of(fields: &Fields<'_>) -> [usize; 5] {
    std::array::from_fn(|i| fields.position(i + 1) - 1)
}

impl fmt::Debug for PersonalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PersonalCode").field(&self.text).finish()
    }
}

impl fmt::Display for PersonalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for PersonalCode {
    type Err = Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PersonalCode::parse(text)
    }
}

impl AsRef<str> for PersonalCode {
    fn as_ref(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::MAX_INPUT_LEN;

    const CODE: &str = "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1";

    #[test]
    fn adding_a_slot_value_past_the_longest_code_is_refused() {
        let code = PersonalCode::parse(CODE).unwrap();
        let filler = "A".repeat(MAX_INPUT_LEN - CODE.len() - 4);
        let long = code.with_further_slot(6, &filler).unwrap();
        assert_eq!(long.as_str().len(), MAX_INPUT_LEN);
        assert!(matches!(
            long.with_signature("SIG"),
            Err(Error::NotConforming { .. })
        ));
        assert!(matches!(
            code.with_further_slot(6, &format!("{filler}AAAA")),
            Err(Error::NotConforming { .. })
        ));
        assert_eq!(
            code.with_signature("SIG").unwrap().as_str(),
            format!("{CODE}<<<SIG")
        );
    }
}
