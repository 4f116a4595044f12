//! One field broken at a time (and a few at once), each with exactly the codes it must give.
//!
//! Each table is one family of fields: its rows are id, description, text, validation errors,
//! validation warnings and the requirements covered.

use crate::spec::Spec;

/// One defect: id, description, text, errors, warnings, requirements.
type Defect = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

/// Every family of field defects, as vectors `field-<id>`.
pub(crate) fn field_defects() -> Vec<Spec> {
    [DOCUMENT, NAME, BIRTH_DATE, DECLARATION, EXT, CCCD]
        .into_iter()
        .flatten()
        .map(|(id, description, text, errors, warnings, requirements)| {
            let spec = Spec::new(format!("field-{id}"), *description, *text).covers(requirements);
            if errors.is_empty() {
                spec.valid_personal(warnings)
            } else {
                spec.invalid_personal(errors, warnings)
            }
        })
        .collect()
}

/// The document number: missing, of the wrong length or shape, wrongly masked.
const DOCUMENT: &[Defect] = &[
    (
        "document-missing",
        "self-declared without a document number",
        "|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-missing"],
        &[],
        &["P-03"],
    ),
    (
        "document-10-digits",
        "a 10-digit document number",
        "0010930293|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-invalid"],
        &[],
        &["P-03"],
    ),
    (
        "document-13-digits",
        "a 13-digit document number",
        "0010930293170|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-invalid"],
        &[],
        &["P-03"],
    ),
    (
        "document-punctuation",
        "a document number with dashes",
        "001-093-029|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-invalid"],
        &[],
        &["P-03"],
    ),
    (
        "document-lowercase-passport",
        "a passport number in lower case",
        "c1234567|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-invalid"],
        &[],
        &["P-03"],
    ),
    (
        "document-passport-short",
        "a 5-character passport number",
        "B1234|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-invalid"],
        &[],
        &["P-03"],
    ),
    (
        "document-passport-long",
        "a 10-character passport number",
        "B123456789|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["document-number-invalid"],
        &[],
        &["P-03"],
    ),
    (
        "document-mask-five",
        "five masking stars",
        "*****3029317|NGUYEN VAN AN|1993-**-**|0|162979388586172107|<1",
        &["document-number-mask-invalid"],
        &[],
        &["P-03", "D-02"],
    ),
    (
        "document-mask-seven",
        "seven masking stars",
        "*******29317|NGUYEN VAN AN|1993-**-**|0|162979388586172107|<1",
        &["document-number-mask-invalid"],
        &[],
        &["P-03", "D-02"],
    ),
    (
        "document-mask-at-end",
        "the last six characters masked instead of the first",
        "001093******|NGUYEN VAN AN|1993-**-**|0|162979388586172107|<1",
        &["document-number-mask-invalid"],
        &[],
        &["P-03", "D-02"],
    ),
];

/// The full name: missing, in lower case, with diacritics, digits or stray spaces.
const NAME: &[Defect] = &[
    (
        "name-missing",
        "an empty name",
        "001093029317||1993-05-01|0|162979388586172107|<1",
        &["full-name-missing"],
        &[],
        &["P-04"],
    ),
    (
        "name-lowercase",
        "a name in mixed case",
        "001093029317|Nguyen Van An|1993-05-01|0|162979388586172107|<1",
        &["full-name-lowercase"],
        &[],
        &["P-04"],
    ),
    (
        "name-diacritics",
        "a name with diacritics",
        "001093029317|NGUYỄN VĂN AN|1993-05-01|0|162979388586172107|<1",
        &["full-name-diacritics"],
        &[],
        &["P-04"],
    ),
    (
        "name-d-stroke",
        "a name with Đ",
        "001093029317|ĐO VAN AN|1993-05-01|0|162979388586172107|<1",
        &["full-name-diacritics"],
        &[],
        &["P-04"],
    ),
    (
        "name-digit",
        "a name with a digit",
        "001093029317|NGUYEN VAN AN2|1993-05-01|0|162979388586172107|<1",
        &["full-name-invalid-character"],
        &[],
        &["P-04"],
    ),
    (
        "name-hyphen",
        "a name with a hyphen",
        "001093029317|NGUYEN-VAN AN|1993-05-01|0|162979388586172107|<1",
        &["full-name-invalid-character"],
        &[],
        &["P-04"],
    ),
    (
        "name-double-space",
        "two spaces between words",
        "001093029317|NGUYEN  VAN AN|1993-05-01|0|162979388586172107|<1",
        &["full-name-spacing"],
        &[],
        &["P-04"],
    ),
    (
        "name-leading-space",
        "a leading space",
        "001093029317| NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &["full-name-spacing"],
        &[],
        &["P-04"],
    ),
    (
        "name-trailing-space",
        "a trailing space",
        "001093029317|NGUYEN VAN AN |1993-05-01|0|162979388586172107|<1",
        &["full-name-spacing"],
        &[],
        &["P-04"],
    ),
];

/// The date of birth: missing, in another shape, or no such date.
const BIRTH_DATE: &[Defect] = &[
    (
        "date-missing",
        "no date of birth",
        "001093029317|NGUYEN VAN AN||0|162979388586172107|<1",
        &["birth-date-missing"],
        &[],
        &["P-05"],
    ),
    (
        "date-slashes",
        "a date written DD/MM/YYYY",
        "001093029317|NGUYEN VAN AN|01/05/1993|0|162979388586172107|<1",
        &["birth-date-format"],
        &[],
        &["P-05"],
    ),
    (
        "date-compact",
        "a date written YYYYMMDD",
        "001093029317|NGUYEN VAN AN|19930501|0|162979388586172107|<1",
        &["birth-date-format"],
        &[],
        &["P-05"],
    ),
    (
        "date-half-masked",
        "only the month masked",
        "001093029317|NGUYEN VAN AN|1993-**-01|0|162979388586172107|<1",
        &["birth-date-format"],
        &[],
        &["P-05", "D-02"],
    ),
    (
        "date-february-29",
        "29 February of a common year",
        "001093029317|NGUYEN VAN AN|1993-02-29|0|162979388586172107|<1",
        &["birth-date-invalid"],
        &[],
        &["P-05"],
    ),
    (
        "date-month-13",
        "month 13",
        "001093029317|NGUYEN VAN AN|1993-13-01|0|162979388586172107|<1",
        &["birth-date-invalid"],
        &[],
        &["P-05"],
    ),
    (
        "date-1899",
        "born in 1899",
        "001899029317|NGUYEN VAN AN|1899-05-01|0|162979388586172107|<1",
        &[],
        &["birth-date-unlikely", "cccd-century-mismatch"],
        &["P-05", "P-14"],
    ),
];

/// The declaration, the QID and the declarer: who declared for whom.
const DECLARATION: &[Defect] = &[
    (
        "declaration-2",
        "LoaiDinhDanh 2",
        "001093029317|NGUYEN VAN AN|1993-05-01|2|162979388586172107|<1",
        &["declaration-invalid"],
        &[],
        &["P-06"],
    ),
    (
        "declaration-empty",
        "an empty LoaiDinhDanh",
        "001093029317|NGUYEN VAN AN|1993-05-01||162979388586172107|<1",
        &["declaration-invalid"],
        &[],
        &["P-06"],
    ),
    (
        "qid-missing",
        "no QID",
        "001093029317|NGUYEN VAN AN|1993-05-01|0||<1",
        &["qid-missing"],
        &[],
        &["P-07"],
    ),
    (
        "qid-space",
        "a QID with a space",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|16297938 8586172107|<1",
        &["qid-invalid-character"],
        &[],
        &["P-07"],
    ),
    (
        "qid-star",
        "a QID with a star",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586*72107|<1",
        &["qid-invalid-character"],
        &[],
        &["P-07"],
    ),
    (
        "on-behalf-no-declarer",
        "declared on behalf, slot 1 empty",
        "|NGUYEN VAN AN|2015-05-01|1|162979388586172107|<1",
        &[],
        &["on-behalf-qid-expected"],
        &["P-13"],
    ),
    (
        "declarer-space",
        "a declarer QID with a space",
        "|NGUYEN VAN AN|2015-05-01|1|162979388586172107|16297 9388586171100<1",
        &["on-behalf-qid-invalid-character"],
        &[],
        &["P-08"],
    ),
];

/// The EXT slots: gender, health insurance number, phone, signature and slot 6.
const EXT: &[Defect] = &[
    (
        "gender-3",
        "gender 3",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<3",
        &["gender-invalid"],
        &[],
        &["P-09"],
    ),
    (
        "gender-word",
        "gender written as a word",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<NAM",
        &["gender-invalid"],
        &[],
        &["P-09"],
    ),
    (
        "bhyt-short",
        "a 14-character BHYT number",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<HS401012087882",
        &["health-insurance-number-invalid"],
        &[],
        &["P-10"],
    ),
    (
        "bhyt-level-6",
        "benefit level 6",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<HS6010120878821",
        &["health-insurance-number-invalid"],
        &[],
        &["P-10"],
    ),
    (
        "bhyt-lowercase",
        "a BHYT number in lower case",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<hs4010120878821",
        &["health-insurance-number-invalid"],
        &[],
        &["P-10"],
    ),
    (
        "phone-plus84",
        "a phone number with +84",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<<+84944713700",
        &["phone-invalid"],
        &[],
        &["P-11"],
    ),
    (
        "phone-9-digits",
        "a 9-digit phone number",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<<094471370",
        &["phone-invalid"],
        &[],
        &["P-11"],
    ),
    (
        "phone-no-zero",
        "a phone number without the leading 0",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<<9447137001",
        &["phone-invalid"],
        &[],
        &["P-11"],
    ),
    (
        "signature-space",
        "a signature slot with a space",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<<<AB CD",
        &["ext-slot-invalid-character"],
        &[],
        &["P-12"],
    ),
    (
        "slot-6-star",
        "slot 6 with a star",
        "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<<<<G*1",
        &["ext-slot-invalid-character"],
        &[],
        &["P-12"],
    ),
];

/// Cross-checks of a CCCD number against the date of birth and gender, and every field at once.
const CCCD: &[Defect] = &[
    (
        "cccd-province-003",
        "a CCCD number of no province",
        "003093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &[],
        &["cccd-province-unknown"],
        &["P-14"],
    ),
    (
        "cccd-gender",
        "a woman's CCCD number on a man's code",
        "001193029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &[],
        &["cccd-gender-mismatch"],
        &["P-14"],
    ),
    (
        "cccd-century",
        "a 2000s CCCD number for a 1993 birth",
        "001293029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &[],
        &["cccd-century-mismatch"],
        &["P-14"],
    ),
    (
        "cccd-year",
        "a CCCD number of another birth year",
        "001087029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1",
        &[],
        &["cccd-birth-year-mismatch"],
        &["P-14"],
    ),
    (
        "every-field",
        "every field broken at once",
        "12|nguyen|1993-13-01|9||<5<X<1",
        &[
            "document-number-invalid",
            "full-name-lowercase",
            "birth-date-invalid",
            "declaration-invalid",
            "qid-missing",
            "gender-invalid",
            "health-insurance-number-invalid",
            "phone-invalid",
        ],
        &[],
        &[
            "P-03", "P-04", "P-05", "P-06", "P-07", "P-09", "P-10", "P-11",
        ],
    ),
];
