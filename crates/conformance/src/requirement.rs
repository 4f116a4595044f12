//! The requirements catalogue: every requirement an app is evaluated against.
//!
//! `docs/requirements.md` is generated from [`CATALOGUE`] together with the vectors that cover
//! each requirement (`cargo run -p qr1405-vectorgen`).

use serde::Serialize;

/// How binding a requirement is (RFC 2119).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Level {
    /// An app that breaks it fails the evaluation.
    Must,
    /// An app that breaks it is told, and passes.
    Should,
}

impl Level {
    /// `MUST` or `SHOULD`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Must => "MUST",
            Level::Should => "SHOULD",
        }
    }
}

/// Whether a case met or broke a requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Compliance {
    /// No finding that breaks the requirement was observed.
    Met,
    /// A finding that breaks the requirement was observed.
    Broken,
}

impl Compliance {
    /// `met` or `broken`.
    pub fn as_str(self) -> &'static str {
        match self {
            Compliance::Met => "met",
            Compliance::Broken => "broken",
        }
    }
}

/// Where a requirement comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[non_exhaustive]
pub enum Source {
    /// The annex to Decision 1405/QĐ-BTTTT (v1.1, 11 September 2021).
    #[serde(rename = "1405 annex")]
    Annex,
    /// This project's signature profile (`docs/signature.md`).
    #[serde(rename = "signature profile")]
    SignatureProfile,
    /// This project's evaluation profile (`docs/requirements.md`, `profile.json`).
    #[serde(rename = "evaluation profile")]
    EvaluationProfile,
    /// ISO/IEC 18004, the QR code symbology.
    #[serde(rename = "ISO/IEC 18004")]
    Iso18004,
    /// ISO/IEC 15415, print quality of 2D symbols.
    #[serde(rename = "ISO/IEC 15415")]
    Iso15415,
    /// Circular 06/2021/TT-BCA, the CCCD card QR.
    #[serde(rename = "Circular 06/2021/TT-BCA")]
    Circular06,
    /// This project's green-card profile (`docs/greencard.md`).
    #[serde(rename = "green-card profile")]
    GreenCard,
}

impl Source {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Source::Annex => "1405 annex",
            Source::SignatureProfile => "signature profile",
            Source::EvaluationProfile => "evaluation profile",
            Source::Iso18004 => "ISO/IEC 18004",
            Source::Iso15415 => "ISO/IEC 15415",
            Source::Circular06 => "Circular 06/2021/TT-BCA",
            Source::GreenCard => "green-card profile",
        }
    }
}

/// One requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Requirement {
    /// The stable id, e.g. `P-04`.
    pub id: &'static str,
    /// MUST or SHOULD.
    pub level: Level,
    /// Where it comes from.
    pub source: Source,
    /// What it asks, in one sentence.
    pub text: &'static str,
    /// The finding codes that break it: payload diagnostics and the runner's own codes.
    pub breaks: &'static [&'static str],
}

macro_rules! requirement {
    ($id:literal, $level:ident, $source:ident, $text:literal, [$($code:literal),* $(,)?]) => {
        Requirement {
            id: $id,
            level: Level::$level,
            source: Source::$source,
            text: $text,
            breaks: &[$($code),*],
        }
    };
}

/// Every requirement, in catalogue order.
pub const CATALOGUE: &[Requirement] = &[
    // The text of the personal code.
    requirement!(
        "P-01",
        Must,
        Annex,
        "The personal code is six fields separated by '|': SoGiayTo|HoTen|NgaySinh|LoaiDinhDanh|QID|EXT.",
        ["field-count"]
    ),
    requirement!(
        "P-02",
        Must,
        EvaluationProfile,
        "The text is UTF-8 of at most 2,953 bytes, without a byte-order mark, a trailing line break or control characters.",
        [
            "input-empty",
            "input-too-long",
            "input-not-utf8",
            "byte-order-mark",
            "trailing-line-break",
            "control-character"
        ]
    ),
    requirement!(
        "P-03",
        Must,
        Annex,
        "SoGiayTo is a 12- or 9-digit identity number, a passport number or its masked form, and is empty only for codes declared on behalf.",
        [
            "document-number-missing",
            "document-number-invalid",
            "document-number-mask-invalid"
        ]
    ),
    requirement!(
        "P-04",
        Must,
        Annex,
        "HoTen is the full name in upper case without diacritics, words separated by exactly one space.",
        [
            "full-name-missing",
            "full-name-lowercase",
            "full-name-diacritics",
            "full-name-invalid-character",
            "full-name-spacing"
        ]
    ),
    requirement!(
        "P-05",
        Must,
        Annex,
        "NgaySinh is a calendar date YYYY-MM-DD or its masked form YYYY-**-**.",
        [
            "birth-date-missing",
            "birth-date-format",
            "birth-date-invalid"
        ]
    ),
    requirement!(
        "P-06",
        Must,
        Annex,
        "LoaiDinhDanh is 0 (self-declared) or 1 (declared on behalf).",
        ["declaration-invalid"]
    ),
    requirement!(
        "P-07",
        Must,
        Annex,
        "QID is the non-empty user id issued by the national platform, without separators or white space.",
        ["qid-missing", "qid-invalid-character"]
    ),
    requirement!(
        "P-08",
        Must,
        Annex,
        "EXT slot 1 holds the declarer's QID, without separators or white space.",
        ["on-behalf-qid-invalid-character"]
    ),
    requirement!(
        "P-09",
        Must,
        Annex,
        "EXT slot 2, when present, is gender coded 0 (unknown), 1 (male) or 2 (female).",
        ["gender-invalid"]
    ),
    requirement!(
        "P-10",
        Must,
        Annex,
        "EXT slot 3, when present, is a 15-character health-insurance (BHYT) card number.",
        ["health-insurance-number-invalid"]
    ),
    requirement!(
        "P-11",
        Must,
        Annex,
        "EXT slot 4, when present, is a 10-digit phone number starting with 0.",
        ["phone-invalid"]
    ),
    requirement!(
        "P-12",
        Must,
        Annex,
        "EXT slot 5 and later slots hold printable ASCII without '*' or white space.",
        ["ext-slot-invalid-character"]
    ),
    requirement!(
        "P-13",
        Should,
        Annex,
        "A code declared on behalf names its declarer in EXT slot 1, and a self-declared code does not.",
        ["on-behalf-qid-expected", "on-behalf-qid-unexpected"]
    ),
    requirement!(
        "P-14",
        Should,
        EvaluationProfile,
        "A 12-digit citizen number agrees with the province list, the gender and the year of birth; the year of birth is 1900 or later.",
        [
            "cccd-province-unknown",
            "cccd-gender-mismatch",
            "cccd-century-mismatch",
            "cccd-birth-year-mismatch",
            "birth-date-unlikely"
        ]
    ),
    // What an app shows.
    requirement!(
        "D-01",
        Must,
        Annex,
        "The code an app shows for a test identity is, byte for byte, the expected full or masked form.",
        ["text-mismatch", "display-form-mismatch"]
    ),
    requirement!(
        "D-02",
        Must,
        Annex,
        "The masked form replaces the first six characters of SoGiayTo and the day and month of NgaySinh by '*'.",
        ["display-form-mismatch", "document-number-mask-invalid"]
    ),
    // The signature.
    requirement!(
        "S-01",
        Must,
        SignatureProfile,
        "The signature slot is well formed and names a supported profile version.",
        ["malformed-slot", "unsupported-version"]
    ),
    requirement!(
        "S-02",
        Must,
        SignatureProfile,
        "The signature verifies under a key the trust list names.",
        ["unknown-key", "signature-invalid"]
    ),
    requirement!(
        "S-03",
        Must,
        SignatureProfile,
        "The key was valid when the code was signed, is not revoked at the validation clock, and the signing time is not in the future.",
        [
            "key-not-valid-when-signed",
            "key-revoked",
            "signed-in-future"
        ]
    ),
    requirement!(
        "S-04",
        Should,
        SignatureProfile,
        "A code shown by an app is signed.",
        ["unsigned"]
    ),
    // The QR symbol.
    requirement!(
        "Q-01",
        Must,
        Iso18004,
        "The image holds a QR symbol that decodes.",
        ["no-symbol", "decoders-disagree"]
    ),
    requirement!(
        "Q-02",
        Must,
        EvaluationProfile,
        "The symbol's error-correction level is at least the profile's (default M).",
        ["ecc-below-profile"]
    ),
    requirement!(
        "Q-03",
        Must,
        EvaluationProfile,
        "The symbol is dark modules on a light background.",
        ["light-on-dark"]
    ),
    requirement!(
        "Q-04",
        Must,
        Iso18004,
        "The quiet zone is at least the profile's width (default 4 modules).",
        ["quiet-zone-too-small"]
    ),
    requirement!(
        "Q-05",
        Must,
        EvaluationProfile,
        "A module is at least the profile's size in pixels (default 3).",
        ["modules-too-small"]
    ),
    requirement!(
        "Q-06",
        Must,
        Iso15415,
        "Symbol contrast is at least the profile's (default 40%, grade C).",
        ["low-contrast"]
    ),
    requirement!(
        "Q-07",
        Must,
        EvaluationProfile,
        "The screen shows exactly one QR symbol.",
        ["multiple-symbols"]
    ),
    requirement!(
        "Q-08",
        Must,
        EvaluationProfile,
        "No module differs from the re-encoding of the decoded content (no overlay, no damage).",
        ["damaged-modules"]
    ),
    requirement!(
        "Q-09",
        Should,
        Iso15415,
        "The overall symbol grade is at least the profile's (default B).",
        ["grade-below-profile"]
    ),
    // The other codes a reader meets.
    requirement!(
        "O-01",
        Must,
        Circular06,
        "A CCCD card QR is recognised and its seven or more fields read.",
        [
            "card-field-count",
            "card-number-invalid",
            "card-old-number-invalid",
            "card-name-missing",
            "card-birth-date-invalid",
            "card-gender-invalid",
            "card-issue-date-invalid"
        ]
    ),
    requirement!(
        "O-02",
        Must,
        EvaluationProfile,
        "A legacy tokhaiyte.vn check-in URL is recognised with its 24-digit group id.",
        ["group-id-invalid"]
    ),
    requirement!(
        "O-03",
        Must,
        EvaluationProfile,
        "An EU-format vaccine passport (HC1:) is recognised as such.",
        ["hc1-invalid-base45"]
    ),
    requirement!(
        "O-04",
        Must,
        EvaluationProfile,
        "A text of no known format is reported as unknown, never as a code.",
        ["unknown-format"]
    ),
    requirement!(
        "O-05",
        Should,
        EvaluationProfile,
        "A scanned card QR or check-in URL arrives clean: no \\0 bytes, not twice, over https.",
        ["card-nul-removed", "card-repeated", "check-in-insecure"]
    ),
    // The reader.
    requirement!(
        "R-01",
        Must,
        Annex,
        "A reader accepts every valid code and reads each field as written.",
        ["reader-refused-valid", "reader-field-mismatch"]
    ),
    requirement!(
        "R-02",
        Must,
        SignatureProfile,
        "A reader refuses every invalid, tampered or untrusted code.",
        ["reader-accepted-invalid"]
    ),
    // The green card.
    requirement!(
        "G-01",
        Must,
        GreenCard,
        "A green-card claim in EXT slot 6 is well formed, covered by the signature, and its status holds at the clock.",
        ["green-claim-malformed", "green-expired"]
    ),
];

/// The requirement with this id.
pub fn requirement(id: &str) -> Option<&'static Requirement> {
    CATALOGUE.iter().find(|r| r.id == id)
}

/// The requirements a finding code breaks.
pub fn broken_by(code: &str) -> impl Iterator<Item = &'static Requirement> + '_ {
    CATALOGUE.iter().filter(move |r| r.breaks.contains(&code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_sorted_within_groups() {
        let mut ids: Vec<&str> = CATALOGUE.iter().map(|r| r.id).collect();
        for pair in ids.windows(2) {
            let group = |id: &str| id.split_once('-').map(|(g, _)| g.to_owned());
            if group(pair[0]) == group(pair[1]) {
                assert!(pair[0] < pair[1], "{} before {}", pair[0], pair[1]);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), CATALOGUE.len());
    }

    #[test]
    fn every_payload_code_breaks_a_requirement() {
        for code in qr1405_payload::DiagnosticCode::ALL {
            assert!(
                broken_by(code.as_str()).next().is_some(),
                "{} breaks no requirement",
                code.as_str()
            );
        }
    }
}
