//! Checking a text against the personal code of the Decision 1405 annex.
//!
//! [`check`] reads any bytes and reports every problem in one pass. It never allocates for a
//! conforming code and stops early only where nothing further can be said (too long, not UTF-8,
//! not six fields).

use crate::{
    Date,
    diagnostic::{Diagnostic, DiagnosticCode, Field, Sink},
    province,
    text::quote,
};

/// The longest text, in bytes, that is checked at all: the capacity of the largest QR symbol
/// (version 40, level L, byte mode). Nothing longer can come out of a QR code.
pub const MAX_INPUT_LEN: usize = 2953;

/// The number of `|`-separated fields in a personal code.
pub const FIELD_COUNT: usize = 6;

/// The 1-based EXT slot that holds the electronic signature.
pub const SIGNATURE_SLOT: usize = 5;

/// What kind of identity document field 1 holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DocumentKind {
    /// 12 digits: a chip citizen card (CCCD) or a 12-digit identity card (CMND) of the same
    /// numbering.
    CitizenId,
    /// 9 digits: a legacy identity card (CMND).
    LegacyId,
    /// 6 to 9 characters `A`–`Z`, `0`–`9` with at least one letter: a passport.
    Passport,
    /// The masked display form: the first six characters replaced by `*`.
    Masked,
    /// Empty: allowed only for codes declared on someone's behalf.
    Absent,
}

/// The date of birth as field 3 writes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BirthDate {
    /// The full date, `YYYY-MM-DD`.
    Full(Date),
    /// The masked display form `YYYY-**-**`: only the year is shown.
    Masked {
        /// The year of birth.
        year: u16,
    },
}

impl BirthDate {
    /// The year of birth, which both forms show.
    pub fn year(self) -> u16 {
        match self {
            BirthDate::Full(date) => date.year(),
            BirthDate::Masked { year } => year,
        }
    }

    /// Whether this is the masked display form.
    pub fn is_masked(self) -> bool {
        matches!(self, BirthDate::Masked { .. })
    }
}

/// Field 4, `LoaiDinhDanh`: who declared the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Declaration {
    /// `0`: the person declared it themself.
    SelfDeclared,
    /// `1`: someone declared it on the person's behalf (khai hộ).
    OnBehalf,
}

impl Declaration {
    /// The digit the code writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Declaration::SelfDeclared => "0",
            Declaration::OnBehalf => "1",
        }
    }
}

/// EXT slot 2: gender, as the annex codes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// `0`.
    Unknown,
    /// `1`.
    Male,
    /// `2`.
    Female,
}

impl Gender {
    /// The digit the code writes.
    pub fn as_str(self) -> &'static str {
        match self {
            Gender::Unknown => "0",
            Gender::Male => "1",
            Gender::Female => "2",
        }
    }

    fn from_slot(slot: &str) -> Option<Gender> {
        match slot {
            "0" => Some(Gender::Unknown),
            "1" => Some(Gender::Male),
            "2" => Some(Gender::Female),
            _ => None,
        }
    }
}

/// The six fields of a text that has them, borrowed from the text.
///
/// The fields are as written, whether or not they are valid; [`Checked::diagnostics`] says
/// what is wrong with them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fields<'a> {
    text: &'a str,
    /// Byte offset of `text` in the checked input (3 after a byte-order mark).
    offset: usize,
    /// Byte offsets of the five `|` in `text`.
    bars: [usize; FIELD_COUNT - 1],
}

impl<'a> Fields<'a> {
    /// Splits `text` into six fields, or returns how many it has.
    pub(crate) fn split(text: &'a str, offset: usize) -> Result<Fields<'a>, usize> {
        let mut bars = [0; FIELD_COUNT - 1];
        let mut count = 0;
        for (index, byte) in text.bytes().enumerate() {
            if byte == b'|' {
                if count < bars.len() {
                    bars[count] = index;
                }
                count += 1;
            }
        }
        if count == bars.len() {
            Ok(Fields { text, offset, bars })
        } else {
            Err(count + 1)
        }
    }

    fn bounds(&self, index: usize) -> (usize, usize) {
        let start = if index == 0 {
            0
        } else {
            self.bars[index - 1] + 1
        };
        let end = self.bars.get(index).copied().unwrap_or(self.text.len());
        (start, end)
    }

    /// Field `index` (0 to 5) as written.
    ///
    /// # Panics
    ///
    /// When `index` is 6 or more.
    pub fn get(&self, index: usize) -> &'a str {
        let (start, end) = self.bounds(index);
        &self.text[start..end]
    }

    /// The byte offset of field `index` (0 to 5) in the checked input.
    pub fn position(&self, index: usize) -> usize {
        self.offset + self.bounds(index).0
    }

    /// Field 1, `SoGiayTo`.
    pub fn document_number(&self) -> &'a str {
        self.get(0)
    }

    /// Field 2, `HoTen`.
    pub fn full_name(&self) -> &'a str {
        self.get(1)
    }

    /// Field 3, `NgaySinh`.
    pub fn birth_date(&self) -> &'a str {
        self.get(2)
    }

    /// Field 4, `LoaiDinhDanh`.
    pub fn declaration(&self) -> &'a str {
        self.get(3)
    }

    /// Field 5, `QID`.
    pub fn qid(&self) -> &'a str {
        self.get(4)
    }

    /// Field 6, `EXT`, whole.
    pub fn ext(&self) -> &'a str {
        self.get(5)
    }

    /// The EXT slots in order; none when EXT is empty.
    pub fn ext_slots(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let ext = self.ext();
        ext.split('<').filter(move |_| !ext.is_empty())
    }

    /// EXT slot `number` (1-based), when the text has it.
    pub fn ext_slot(&self, number: usize) -> Option<&'a str> {
        number.checked_sub(1).and_then(|n| self.ext_slots().nth(n))
    }

    /// The whole text the fields come from.
    pub fn as_str(&self) -> &'a str {
        self.text
    }
}

/// What is known about a conforming text, beyond its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Typed {
    pub(crate) document: DocumentKind,
    pub(crate) birth_date: BirthDate,
    pub(crate) declaration: Declaration,
    pub(crate) gender: Option<Gender>,
}

/// The result of [`check`]: the fields, when the text has six, and every problem found.
#[derive(Debug, Clone)]
pub struct Checked<'a> {
    fields: Option<Fields<'a>>,
    typed: Option<Typed>,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Checked<'a> {
    /// The six fields, when the text is UTF-8 of a bounded length with six fields.
    pub fn fields(&self) -> Option<&Fields<'a>> {
        self.fields.as_ref()
    }

    /// Every problem found, in the order of the text.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// Consumes the result, returning the problems.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    /// Whether the text conforms: no diagnostic is an error (warnings allowed).
    pub fn is_conforming(&self) -> bool {
        !self.diagnostics.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn typed(&self) -> Option<Typed> {
        self.typed
    }
}

/// Checks `input` against the personal code of the annex, reporting every problem.
///
/// ```
/// let checked = qr1405_payload::check(b"001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700");
/// assert!(checked.is_conforming());
/// // The official example's CCCD number says "born in 1993": a warning, not an error.
/// let codes: Vec<_> = checked.diagnostics().iter().map(|d| d.code().as_str()).collect();
/// assert_eq!(codes, ["cccd-birth-year-mismatch"]);
/// ```
pub fn check(input: &[u8]) -> Checked<'_> {
    check_with(input, Sink::default())
}

/// Checks for errors only: what [`crate::PersonalCode::parse`] needs.
pub(crate) fn check_errors(input: &[u8]) -> Checked<'_> {
    check_with(
        input,
        Sink {
            skip_warnings: true,
            ..Sink::default()
        },
    )
}

fn check_with(input: &[u8], mut sink: Sink) -> Checked<'_> {
    let fields = prepare(input, &mut sink).and_then(|(text, offset)| {
        Fields::split(text, offset)
            .map_err(|count| {
                sink.push_whole(
                    DiagnosticCode::FieldCount,
                    None,
                    format!("expected 6 fields separated by '|', found {count}"),
                );
            })
            .ok()
    });
    let typed = fields.and_then(|fields| validate(&fields, &mut sink));
    let typed = typed.filter(|_| !sink.diagnostics.iter().any(Diagnostic::is_error));
    // Field checks run in dependency order; report in the order of the text.
    sink.diagnostics.sort_by_key(Diagnostic::position);
    Checked {
        fields,
        typed,
        diagnostics: sink.diagnostics,
    }
}

/// Checks what comes before the fields: length, encoding, byte-order mark, line break and
/// control characters. Returns the text to split and its offset in `input`.
fn prepare<'a>(input: &'a [u8], sink: &mut Sink) -> Option<(&'a str, usize)> {
    if input.len() > MAX_INPUT_LEN {
        sink.push_whole(
            DiagnosticCode::InputTooLong,
            None,
            format!(
                "text is {} bytes long; no qr code holds more than {MAX_INPUT_LEN}",
                input.len()
            ),
        );
        return None;
    }
    if input.is_empty() {
        sink.push_whole(DiagnosticCode::InputEmpty, None, "text is empty".into());
        return None;
    }
    let text = match std::str::from_utf8(input) {
        Ok(text) => text,
        Err(error) => {
            let at = error.valid_up_to();
            sink.push_whole(
                DiagnosticCode::InputNotUtf8,
                Some(at),
                format!("text is not utf-8: byte 0x{:02x} at byte {at}", input[at]),
            );
            return None;
        }
    };
    let mut offset = 0;
    let mut body = text;
    if let Some(rest) = body.strip_prefix('\u{feff}') {
        sink.push_whole(
            DiagnosticCode::ByteOrderMark,
            Some(0),
            "text starts with a byte-order mark (u+feff)".into(),
        );
        body = rest;
        offset = 3;
    }
    if let Some(rest) = body.strip_suffix('\n') {
        let rest = rest.strip_suffix('\r').unwrap_or(rest);
        sink.push_whole(
            DiagnosticCode::TrailingLineBreak,
            Some(offset + rest.len()),
            "text ends with a line break".into(),
        );
        body = rest;
    }
    let mut controls = body.char_indices().filter(|(_, c)| c.is_control());
    if let Some((first, c)) = controls.next() {
        let count = 1 + controls.count();
        sink.push_whole(
            DiagnosticCode::ControlCharacter,
            Some(offset + first),
            format!(
                "text has {count} control character{}, the first u+{:04x} at byte {}",
                plural(count),
                u32::from(c),
                offset + first
            ),
        );
    }
    Some((body, offset))
}

pub(crate) fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Checks each field and the agreement between them. Returns the typed values when every
/// field could be read (errors elsewhere may still make the text non-conforming).
fn validate(fields: &Fields<'_>, sink: &mut Sink) -> Option<Typed> {
    let declaration = declaration(fields, sink);
    let document = document_number(fields, declaration, sink);
    full_name(
        fields.full_name(),
        fields.position(1),
        Field::FullName,
        sink,
    );
    let birth_date = birth_date(fields, sink);
    identifier(fields.qid(), fields.position(4), Field::Qid, sink);
    let gender = ext(fields, declaration, sink);
    if let (Some(DocumentKind::CitizenId), Some(birth_date)) = (document, birth_date) {
        citizen_number(fields, birth_date, gender, sink);
    }
    Some(Typed {
        document: document?,
        birth_date: birth_date?,
        declaration: declaration?,
        gender: gender.unwrap_or(None),
    })
}

fn declaration(fields: &Fields<'_>, sink: &mut Sink) -> Option<Declaration> {
    match fields.declaration() {
        "0" => Some(Declaration::SelfDeclared),
        "1" => Some(Declaration::OnBehalf),
        other => {
            sink.push(
                DiagnosticCode::DeclarationInvalid,
                Field::Declaration,
                fields.position(3),
                format!(
                    "declaration {} is not 0 (self-declared) or 1 (on behalf)",
                    quote(other)
                ),
            );
            None
        }
    }
}

fn document_number(
    fields: &Fields<'_>,
    declaration: Option<Declaration>,
    sink: &mut Sink,
) -> Option<DocumentKind> {
    let value = fields.document_number();
    let at = fields.position(0);
    let kind = document_kind(value);
    match kind {
        Ok(DocumentKind::Absent) if declaration != Some(Declaration::OnBehalf) => {
            sink.push(
                DiagnosticCode::DocumentNumberMissing,
                Field::DocumentNumber,
                at,
                "document number is empty; only a code declared on behalf may omit it".into(),
            );
            None
        }
        Ok(kind) => Some(kind),
        Err((code, message)) => {
            sink.push(code, Field::DocumentNumber, at, message);
            None
        }
    }
}

/// Classifies a document number, or says why it is none.
pub(crate) fn document_kind(value: &str) -> Result<DocumentKind, (DiagnosticCode, String)> {
    let bytes = value.as_bytes();
    let stars = bytes.iter().take_while(|&&b| b == b'*').count();
    let invalid = |detail: &str| {
        Err((
            DiagnosticCode::DocumentNumberInvalid,
            format!("document number {} {detail}", quote(value)),
        ))
    };
    if bytes.is_empty() {
        return Ok(DocumentKind::Absent);
    }
    if stars > 0 || bytes.contains(&b'*') {
        let rest = &bytes[stars.min(bytes.len())..];
        if stars != 6 || rest.contains(&b'*') {
            return Err((
                DiagnosticCode::DocumentNumberMaskInvalid,
                format!(
                    "document number {} is masked, but only the first six characters may be '*'",
                    quote(value)
                ),
            ));
        }
        if rest.len() > 6
            || !rest
                .iter()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            return invalid("is masked, but what is shown is not the end of a document number");
        }
        // Unmasked, the number keeps its length: 12 digits (CCCD, CMND), 9 (CMND), or a
        // passport's 6 to 9 characters.
        let unmasked = stars + rest.len();
        let fits = match unmasked {
            12 => rest.iter().all(u8::is_ascii_digit),
            6..=9 => true,
            _ => false,
        };
        if !fits {
            return invalid(&format!(
                "is masked, and {unmasked} characters long unmasked; a CCCD number has 12 \
                 digits, a CMND number 9 or 12, a passport number 6 to 9 characters"
            ));
        }
        return Ok(DocumentKind::Masked);
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        return match bytes.len() {
            12 => Ok(DocumentKind::CitizenId),
            9 => Ok(DocumentKind::LegacyId),
            n => invalid(&format!(
                "has {n} digits; a CCCD number has 12 and a CMND number 9 or 12"
            )),
        };
    }
    if !bytes
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return invalid("may only hold digits, or upper-case letters and digits for a passport");
    }
    if !(6..=9).contains(&bytes.len()) {
        return invalid(&format!(
            "has {} characters; a passport number has 6 to 9",
            bytes.len()
        ));
    }
    Ok(DocumentKind::Passport)
}

/// Checks a full name in the canonical form: `A`–`Z`, single spaces between words.
pub(crate) fn full_name(value: &str, at: usize, field: Field, sink: &mut Sink) {
    if value.is_empty() {
        sink.push(
            DiagnosticCode::FullNameMissing,
            field,
            at,
            "full name is empty".into(),
        );
        return;
    }
    if value.bytes().all(|b| b.is_ascii_uppercase() || b == b' ')
        && !value.contains("  ")
        && !value.starts_with(' ')
        && !value.ends_with(' ')
    {
        return;
    }
    let mut lowercase = Tally::default();
    let mut diacritics = Tally::default();
    let mut invalid = Tally::default();
    let mut spacing = None;
    let mut previous_space = true;
    for (index, c) in value.char_indices() {
        let space = c == ' ';
        if space && previous_space && spacing.is_none() {
            spacing = Some(index);
        }
        previous_space = space;
        match c {
            'A'..='Z' | ' ' => {}
            'a'..='z' => lowercase.add(index, c),
            c if c.is_control() => {}
            c if crate::text::fold_letter(c).is_some() => diacritics.add(index, c),
            c => invalid.add(index, c),
        }
    }
    if previous_space && spacing.is_none() {
        spacing = Some(value.len() - 1);
    }
    let named = quote(value);
    if let Some((index, c, count)) = lowercase.first() {
        sink.push(
            DiagnosticCode::FullNameLowercase,
            field,
            at + index,
            format!("full name {named} has {count} lower-case letter{}, the first {c:?}; write it in upper case", plural(count)),
        );
    }
    if let Some((index, c, count)) = diacritics.first() {
        sink.push(
            DiagnosticCode::FullNameDiacritics,
            field,
            at + index,
            format!("full name {named} has {count} letter{} with diacritics, the first {c:?}; write it without them", plural(count)),
        );
    }
    if let Some((index, c, count)) = invalid.first() {
        sink.push(
            DiagnosticCode::FullNameInvalidCharacter,
            field,
            at + index,
            format!("full name {named} has {count} character{} other than letters and spaces, the first {c:?}", plural(count)),
        );
    }
    if let Some(index) = spacing {
        sink.push(
            DiagnosticCode::FullNameSpacing,
            field,
            at + index,
            format!("full name {named} has a leading, trailing or doubled space"),
        );
    }
}

/// The first offending character and how many there were.
#[derive(Default)]
struct Tally {
    first: Option<(usize, char)>,
    count: usize,
}

impl Tally {
    fn add(&mut self, index: usize, c: char) {
        self.first.get_or_insert((index, c));
        self.count += 1;
    }

    fn first(&self) -> Option<(usize, char, usize)> {
        self.first.map(|(index, c)| (index, c, self.count))
    }
}

fn birth_date(fields: &Fields<'_>, sink: &mut Sink) -> Option<BirthDate> {
    let value = fields.birth_date();
    let at = fields.position(2);
    let bytes = value.as_bytes();
    if bytes.is_empty() {
        sink.push(
            DiagnosticCode::BirthDateMissing,
            Field::BirthDate,
            at,
            "date of birth is empty".into(),
        );
        return None;
    }
    let shaped = bytes.len() == 10 && bytes[4] == b'-' && bytes[7] == b'-';
    let year = shaped.then(|| crate::date::digits(&bytes[0..4])).flatten();
    let Some(year) = year else {
        sink.push(
            DiagnosticCode::BirthDateFormat,
            Field::BirthDate,
            at,
            format!(
                "date of birth {} is not YYYY-MM-DD nor the masked YYYY-**-**",
                quote(value)
            ),
        );
        return None;
    };
    let parsed = if &bytes[5..] == b"**-**" {
        BirthDate::Masked { year }
    } else if bytes[5..].contains(&b'*')
        || !bytes[5..7]
            .iter()
            .chain(&bytes[8..10])
            .all(u8::is_ascii_digit)
    {
        sink.push(
            DiagnosticCode::BirthDateFormat,
            Field::BirthDate,
            at,
            format!(
                "date of birth {} is not YYYY-MM-DD nor the masked YYYY-**-**",
                quote(value)
            ),
        );
        return None;
    } else {
        let Some(date) = crate::date::parse_iso(value) else {
            sink.push(
                DiagnosticCode::BirthDateInvalid,
                Field::BirthDate,
                at,
                format!("date of birth {} is not a calendar date", quote(value)),
            );
            return None;
        };
        BirthDate::Full(date)
    };
    if year < 1900 {
        sink.warn(
            DiagnosticCode::BirthDateUnlikely,
            Field::BirthDate,
            at,
            || format!("date of birth {} is before 1900", quote(value)),
        );
    }
    Some(parsed)
}

/// Checks a QID-like identifier: printable ASCII without white space, `*` or `<`.
fn identifier(value: &str, at: usize, field: Field, sink: &mut Sink) {
    let (missing, invalid, what) = match field {
        Field::Qid => (
            Some(DiagnosticCode::QidMissing),
            DiagnosticCode::QidInvalidCharacter,
            "qid",
        ),
        Field::OnBehalfQid => (
            None,
            DiagnosticCode::OnBehalfQidInvalidCharacter,
            "qid of the declarer",
        ),
        _ => (None, DiagnosticCode::ExtSlotInvalidCharacter, "ext slot"),
    };
    if value.is_empty() {
        if let Some(code) = missing {
            sink.push(code, field, at, format!("{what} is empty"));
        }
        return;
    }
    let bad = value
        .char_indices()
        .find(|&(_, c)| !c.is_ascii_graphic() && !c.is_control() || matches!(c, '*' | '<'));
    if let Some((index, c)) = bad {
        let slot = match field {
            Field::ExtSlot(n) => format!(" {n}"),
            Field::Signature => format!(" {SIGNATURE_SLOT}"),
            _ => String::new(),
        };
        sink.push(
            invalid,
            field,
            at + index,
            format!(
                "{what}{slot} {} has {c:?}; only printable ascii other than '*' and '<' is allowed",
                quote(value)
            ),
        );
    }
}

/// Checks the EXT slots. Returns the gender: `None` when slot 2 is invalid, `Some(None)` when
/// it is absent.
fn ext(
    fields: &Fields<'_>,
    declaration: Option<Declaration>,
    sink: &mut Sink,
) -> Option<Option<Gender>> {
    let mut at = fields.position(5);
    let mut gender = Some(None);
    let mut declarer = "";
    for (index, slot) in fields.ext_slots().enumerate() {
        let number = index + 1;
        match number {
            1 => {
                declarer = slot;
                identifier(slot, at, Field::OnBehalfQid, sink);
            }
            2 if !slot.is_empty() => {
                gender = Gender::from_slot(slot).map(Some);
                if gender.is_none() {
                    sink.push(
                        DiagnosticCode::GenderInvalid,
                        Field::Gender,
                        at,
                        format!(
                            "gender {} is not 0 (unknown), 1 (male) or 2 (female)",
                            quote(slot)
                        ),
                    );
                }
            }
            3 if !slot.is_empty() && !is_health_insurance_number(slot) => sink.push(
                DiagnosticCode::HealthInsuranceNumberInvalid,
                Field::HealthInsuranceNumber,
                at,
                format!(
                    "health-insurance number {} is not 2 letters, a benefit level 1 to 5 and 12 digits",
                    quote(slot)
                ),
            ),
            4 if !slot.is_empty() && !is_phone(slot) => sink.push(
                DiagnosticCode::PhoneInvalid,
                Field::Phone,
                at,
                format!(
                    "phone number {} is not 10 digits starting with 0",
                    quote(slot)
                ),
            ),
            SIGNATURE_SLOT => identifier(slot, at, Field::Signature, sink),
            n if n > SIGNATURE_SLOT => identifier(slot, at, Field::ExtSlot(n), sink),
            _ => {}
        }
        at += slot.len() + 1;
    }
    match (declaration, declarer.is_empty()) {
        (Some(Declaration::OnBehalf), true) => sink.warn(
            DiagnosticCode::OnBehalfQidExpected,
            Field::OnBehalfQid,
            fields.position(5),
            || {
                "the code is declared on behalf, but ext slot 1 does not name the declarer's qid"
                    .to_owned()
            },
        ),
        (Some(Declaration::SelfDeclared), false) => sink.warn(
            DiagnosticCode::OnBehalfQidUnexpected,
            Field::OnBehalfQid,
            fields.position(5),
            || {
                format!(
                    "the code is self-declared, but ext slot 1 names a declarer, {}",
                    quote(declarer)
                )
            },
        ),
        _ => {}
    }
    gender
}

/// A BHYT card number: two letters, a benefit level 1 to 5, a 2-digit province code and a
/// 10-digit social-insurance number.
pub(crate) fn is_health_insurance_number(value: &str) -> bool {
    let b = value.as_bytes();
    b.len() == 15
        && b[..2].iter().all(u8::is_ascii_uppercase)
        && (b'1'..=b'5').contains(&b[2])
        && b[3..].iter().all(u8::is_ascii_digit)
}

/// A Vietnamese phone number as the annex writes it: ten digits starting with `0`.
pub(crate) fn is_phone(value: &str) -> bool {
    value.len() == 10 && value.starts_with('0') && value.bytes().all(|b| b.is_ascii_digit())
}

/// Cross-checks a 12-digit citizen number with the date of birth and gender.
fn citizen_number(
    fields: &Fields<'_>,
    birth_date: BirthDate,
    gender: Option<Option<Gender>>,
    sink: &mut Sink,
) {
    let number = fields.document_number();
    let at = fields.position(0);
    let digits = number.as_bytes();
    let province = crate::date::digits(&digits[0..3]).unwrap_or(0);
    if province::name(province).is_none() {
        sink.warn(
            DiagnosticCode::CccdProvinceUnknown,
            Field::DocumentNumber,
            at,
            || {
                format!(
                    "citizen number {} starts with {}, which is no province's code",
                    quote(number),
                    &number[0..3]
                )
            },
        );
    }
    let marker = digits[3] - b'0';
    let century = 1900 + u16::from(marker / 2) * 100;
    let card_gender = if marker.is_multiple_of(2) {
        Gender::Male
    } else {
        Gender::Female
    };
    let year = birth_date.year();
    if let Some(Some(gender @ (Gender::Male | Gender::Female))) = gender
        && gender != card_gender
    {
        sink.warn(
            DiagnosticCode::CccdGenderMismatch,
            Field::DocumentNumber,
            at + 3,
            || {
                format!(
                    "citizen number {} is a {}'s, but ext slot 2 says {}",
                    quote(number),
                    gender_word(card_gender),
                    gender_word(gender)
                )
            },
        );
    }
    if year / 100 * 100 != century {
        sink.warn(
            DiagnosticCode::CccdCenturyMismatch,
            Field::DocumentNumber,
            at + 3, || format!(
                "citizen number {} is for someone born in the {}s, but the date of birth is in {year}",
                quote(number),
                century
            ),
        );
    } else if crate::date::digits(&digits[4..6]) != Some(year % 100) {
        sink.warn(
            DiagnosticCode::CccdBirthYearMismatch,
            Field::DocumentNumber,
            at + 4, || format!(
                "citizen number {} is for someone born in {}{}, but the date of birth is in {year}",
                quote(number),
                century / 100,
                &number[4..6]
            ),
        );
    }
}

fn gender_word(gender: Gender) -> &'static str {
    match gender {
        Gender::Male => "man",
        Gender::Female => "woman",
        Gender::Unknown => "person of unknown gender",
    }
}

#[cfg(test)]
mod masked_length_tests {
    use super::*;

    #[test]
    fn a_masked_number_keeps_a_real_documents_length() {
        for fits in [
            "******029317",
            "******317",
            "******AB1",
            "******",
            "******A12",
        ] {
            assert_eq!(document_kind(fits), Ok(DocumentKind::Masked), "{fits}");
        }
        let messages: Vec<String> = ["******02931", "******0293", "******02931A"]
            .iter()
            .map(|value| document_kind(value).unwrap_err().1)
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @r#"
        document number "******02931" is masked, and 11 characters long unmasked; a CCCD number has 12 digits, a CMND number 9 or 12, a passport number 6 to 9 characters
        document number "******0293" is masked, and 10 characters long unmasked; a CCCD number has 12 digits, a CMND number 9 or 12, a passport number 6 to 9 characters
        document number "******02931A" is masked, and 12 characters long unmasked; a CCCD number has 12 digits, a CMND number 9 or 12, a passport number 6 to 9 characters
        "#);
    }
}
