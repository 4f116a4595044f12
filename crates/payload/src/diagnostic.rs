//! Diagnostics: every problem found in a scanned text, with a stable code.

use std::fmt;

use serde::Serialize;

/// How bad a [`Diagnostic`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Legal, but suspicious: a reader accepts the code and may tell someone.
    Warning,
    /// The text does not conform: a reader must not accept it as it is.
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

/// The part of a scanned text a [`Diagnostic`] is about.
///
/// Names follow the record that `qr1405 build` reads; the annex's Vietnamese names are in the
/// documentation of each variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Field {
    /// Field 1, `SoGiayTo`: the identity document number.
    DocumentNumber,
    /// Field 2, `HoTen`: the full name.
    FullName,
    /// Field 3, `NgaySinh`: the date of birth.
    BirthDate,
    /// Field 4, `LoaiDinhDanh`: self-declared or declared on behalf.
    Declaration,
    /// Field 5, `QID`: the user id issued by the national platform.
    Qid,
    /// Field 6, `EXT`, as a whole.
    Ext,
    /// EXT slot 1: the QID of the person who declared on behalf.
    OnBehalfQid,
    /// EXT slot 2: gender.
    Gender,
    /// EXT slot 3: the health-insurance (BHYT) card number.
    HealthInsuranceNumber,
    /// EXT slot 4: the phone number.
    Phone,
    /// EXT slot 5: the electronic signature.
    Signature,
    /// An EXT slot after the signature; the number is the 1-based slot number (6 or more).
    ExtSlot(usize),
    /// CCCD card QR: the citizen number.
    CardNumber,
    /// CCCD card QR: the old 9-digit CMND number.
    CardOldNumber,
    /// CCCD card QR: the full name.
    CardName,
    /// CCCD card QR: the date of birth.
    CardBirthDate,
    /// CCCD card QR: the gender (`Nam` or `Nữ`).
    CardGender,
    /// CCCD card QR: the permanent address.
    CardAddress,
    /// CCCD card QR: the date of issue.
    CardIssueDate,
    /// Check-in URL: the group id.
    GroupId,
}

impl Field {
    /// The name used in reports, e.g. `full_name` or `ext_slot_6`.
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        let name = match self {
            Field::DocumentNumber => "document_number",
            Field::FullName => "full_name",
            Field::BirthDate => "birth_date",
            Field::Declaration => "declaration",
            Field::Qid => "qid",
            Field::Ext => "ext",
            Field::OnBehalfQid => "on_behalf_qid",
            Field::Gender => "gender",
            Field::HealthInsuranceNumber => "health_insurance_number",
            Field::Phone => "phone",
            Field::Signature => "signature",
            Field::ExtSlot(n) => return format!("ext_slot_{n}").into(),
            Field::CardNumber => "card_number",
            Field::CardOldNumber => "old_id_number",
            Field::CardName => "full_name",
            Field::CardBirthDate => "birth_date",
            Field::CardGender => "gender",
            Field::CardAddress => "address",
            Field::CardIssueDate => "issue_date",
            Field::GroupId => "group_id",
        };
        name.into()
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name())
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.name())
    }
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])+ $variant:ident = $name:literal, $severity:ident; )+) => {
        /// The stable identifier of a kind of problem.
        ///
        /// The string form ([`DiagnosticCode::as_str`]) never changes meaning once published; the
        /// catalogue with examples is in `docs/payload.md`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum DiagnosticCode {
            $( $(#[doc = $doc])+ $variant, )+
        }

        impl DiagnosticCode {
            /// Every code, in catalogue order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant),+];

            /// The stable kebab-case identifier, e.g. `full-name-lowercase`.
            pub fn as_str(self) -> &'static str {
                match self { $(DiagnosticCode::$variant => $name,)+ }
            }

            /// Whether this kind of problem makes a text non-conforming.
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
    /// The text is empty.
    InputEmpty = "input-empty", Error;
    /// The text is longer than [`crate::MAX_INPUT_LEN`] bytes; nothing else was checked.
    InputTooLong = "input-too-long", Error;
    /// The text is not valid UTF-8; nothing else was checked.
    InputNotUtf8 = "input-not-utf8", Error;
    /// The text starts with a byte-order mark (U+FEFF).
    ByteOrderMark = "byte-order-mark", Error;
    /// The text ends with a line break (`\n` or `\r\n`).
    TrailingLineBreak = "trailing-line-break", Error;
    /// The text holds a control character (`\0`, a tab, a line break…) elsewhere.
    ControlCharacter = "control-character", Error;
    /// The text does not have exactly six `|`-separated fields.
    FieldCount = "field-count", Error;
    /// SoGiayTo is empty although the code is self-declared.
    DocumentNumberMissing = "document-number-missing", Error;
    /// SoGiayTo is not a 9- or 12-digit number, a passport number or a masked number.
    DocumentNumberInvalid = "document-number-invalid", Error;
    /// SoGiayTo is masked, but not as the annex says (exactly the first six characters `*`).
    DocumentNumberMaskInvalid = "document-number-mask-invalid", Error;
    /// HoTen is empty.
    FullNameMissing = "full-name-missing", Error;
    /// HoTen has lowercase letters.
    FullNameLowercase = "full-name-lowercase", Error;
    /// HoTen has letters with Vietnamese diacritics, or `Đ`.
    FullNameDiacritics = "full-name-diacritics", Error;
    /// HoTen has characters other than `A`–`Z` and spaces.
    FullNameInvalidCharacter = "full-name-invalid-character", Error;
    /// HoTen has a leading, trailing or doubled space.
    FullNameSpacing = "full-name-spacing", Error;
    /// NgaySinh is empty.
    BirthDateMissing = "birth-date-missing", Error;
    /// NgaySinh is not `YYYY-MM-DD` nor the masked `YYYY-**-**`.
    BirthDateFormat = "birth-date-format", Error;
    /// NgaySinh has the right shape but is no calendar date (e.g. `2021-02-29`).
    BirthDateInvalid = "birth-date-invalid", Error;
    /// NgaySinh is before 1900.
    BirthDateUnlikely = "birth-date-unlikely", Warning;
    /// LoaiDinhDanh is not `0` or `1`.
    DeclarationInvalid = "declaration-invalid", Error;
    /// QID is empty.
    QidMissing = "qid-missing", Error;
    /// QID has white space, `*` or a non-ASCII character.
    QidInvalidCharacter = "qid-invalid-character", Error;
    /// The code is declared on behalf (`1`) but EXT slot 1 names no declarer.
    OnBehalfQidExpected = "on-behalf-qid-expected", Warning;
    /// The code is self-declared (`0`) but EXT slot 1 names a declarer.
    OnBehalfQidUnexpected = "on-behalf-qid-unexpected", Warning;
    /// EXT slot 1 has white space, `*` or a non-ASCII character.
    OnBehalfQidInvalidCharacter = "on-behalf-qid-invalid-character", Error;
    /// EXT slot 2 is not `0`, `1` or `2`.
    GenderInvalid = "gender-invalid", Error;
    /// EXT slot 3 is not a 15-character BHYT card number.
    HealthInsuranceNumberInvalid = "health-insurance-number-invalid", Error;
    /// EXT slot 4 is not ten digits starting with `0`.
    PhoneInvalid = "phone-invalid", Error;
    /// EXT slot 5 or a later slot has white space, `*` or a non-ASCII character.
    ExtSlotInvalidCharacter = "ext-slot-invalid-character", Error;
    /// The CCCD number's province code is no province's.
    CccdProvinceUnknown = "cccd-province-unknown", Warning;
    /// The CCCD number's gender digit disagrees with the gender in EXT slot 2.
    CccdGenderMismatch = "cccd-gender-mismatch", Warning;
    /// The CCCD number's century digit disagrees with the year of birth.
    CccdCenturyMismatch = "cccd-century-mismatch", Warning;
    /// The CCCD number's year digits disagree with the year of birth.
    CccdBirthYearMismatch = "cccd-birth-year-mismatch", Warning;
    /// A CCCD card QR with fewer than seven fields.
    CardFieldCount = "card-field-count", Error;
    /// A CCCD card QR whose citizen number is not 12 digits.
    CardNumberInvalid = "card-number-invalid", Error;
    /// A CCCD card QR whose old CMND number is neither empty nor 9 digits.
    CardOldNumberInvalid = "card-old-number-invalid", Error;
    /// A CCCD card QR without a name.
    CardNameMissing = "card-name-missing", Error;
    /// A CCCD card QR whose date of birth is not a `ddmmyyyy` calendar date.
    CardBirthDateInvalid = "card-birth-date-invalid", Error;
    /// A CCCD card QR whose gender is not `Nam` or `Nữ`.
    CardGenderInvalid = "card-gender-invalid", Error;
    /// A CCCD card QR whose date of issue is not a `ddmmyyyy` calendar date.
    CardIssueDateInvalid = "card-issue-date-invalid", Error;
    /// A CCCD card QR that arrived with `\0` bytes, which were removed.
    CardNulRemoved = "card-nul-removed", Warning;
    /// A CCCD card QR that arrived twice in one text; the copy was removed.
    CardRepeated = "card-repeated", Warning;
    /// A check-in URL whose group id is not 24 hexadecimal digits.
    GroupIdInvalid = "group-id-invalid", Error;
    /// A check-in URL over plain `http`.
    CheckInInsecure = "check-in-insecure", Warning;
    /// An `HC1:` text with characters outside the base45 alphabet.
    Hc1InvalidBase45 = "hc1-invalid-base45", Error;
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

/// One problem in a scanned text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    code: DiagnosticCode,
    severity: Severity,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<Field>,
    #[serde(skip_serializing_if = "Option::is_none")]
    position: Option<usize>,
    message: String,
}

impl Diagnostic {
    pub(crate) fn new(
        code: DiagnosticCode,
        field: Option<Field>,
        position: Option<usize>,
        message: String,
    ) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            field,
            position,
            message,
        }
    }

    /// What kind of problem this is.
    pub fn code(&self) -> DiagnosticCode {
        self.code
    }

    /// Whether the problem makes the text non-conforming.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The field the problem is in, when it is in one.
    pub fn field(&self) -> Option<Field> {
        self.field
    }

    /// The byte offset in the scanned text where the problem starts, when it has one.
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
        if let Some(position) = self.position {
            write!(f, " at byte {position}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Collects diagnostics while a text is checked.
#[derive(Debug, Default)]
pub(crate) struct Sink {
    pub(crate) diagnostics: Vec<Diagnostic>,
    /// Whether warnings are wanted; parsing needs errors only.
    pub(crate) skip_warnings: bool,
}

impl Sink {
    /// Adds a warning, making its message only when warnings are wanted.
    pub(crate) fn warn(
        &mut self,
        code: DiagnosticCode,
        field: Field,
        position: usize,
        message: impl FnOnce() -> String,
    ) {
        if !self.skip_warnings {
            self.push(code, field, position, message());
        }
    }

    pub(crate) fn push(
        &mut self,
        code: DiagnosticCode,
        field: Field,
        position: usize,
        message: String,
    ) {
        self.diagnostics
            .push(Diagnostic::new(code, Some(field), Some(position), message));
    }

    pub(crate) fn push_whole(
        &mut self,
        code: DiagnosticCode,
        position: Option<usize>,
        message: String,
    ) {
        self.diagnostics
            .push(Diagnostic::new(code, None, position, message));
    }
}
