//! The example printed with the Decision 1405 guidance (synthetic data).

use qr1405_payload::{
    BirthDate, Date, Declaration, DiagnosticCode, DisplayForm, DocumentKind, Gender, PersonalCode,
    Record, check,
};

const OFFICIAL: &str =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";

#[test]
fn is_92_characters_and_conforms_with_one_warning() {
    assert_eq!(OFFICIAL.len(), 92);
    let checked = check(OFFICIAL.as_bytes());
    assert!(checked.is_conforming());
    let codes: Vec<DiagnosticCode> = checked.diagnostics().iter().map(|d| d.code()).collect();
    assert_eq!(codes, [DiagnosticCode::CccdBirthYearMismatch]);
}

#[test]
fn every_field_reads_as_the_annex_says() {
    let code = PersonalCode::parse(OFFICIAL).unwrap();
    assert_eq!(code.document_number(), "001093029317");
    assert_eq!(code.document_kind(), DocumentKind::CitizenId);
    assert_eq!(code.full_name(), "NGUYEN LE KHA HAN");
    assert_eq!(
        code.birth_date(),
        BirthDate::Full(Date::new(1987, 1, 18).unwrap())
    );
    assert_eq!(code.declaration(), Declaration::SelfDeclared);
    assert_eq!(code.qid(), "162979388586171100");
    assert_eq!(code.on_behalf_qid(), None);
    assert_eq!(code.gender(), Some(Gender::Male));
    assert_eq!(code.health_insurance_number(), Some("HS4010120878821"));
    assert_eq!(code.phone(), Some("0944713700"));
    assert_eq!(code.signature(), None);
    assert_eq!(code.further_slots().count(), 0);
    assert_eq!(code.display_form(), DisplayForm::Full);
    assert_eq!(code.as_str(), OFFICIAL);
}

#[test]
fn masked_form_reads_back() {
    let masked = PersonalCode::parse(OFFICIAL).unwrap().masked();
    assert_eq!(
        masked.as_str(),
        "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|<1<HS4010120878821<0944713700"
    );
    assert_eq!(masked.document_kind(), DocumentKind::Masked);
    assert_eq!(masked.display_form(), DisplayForm::Masked);
    assert!(check(masked.as_str().as_bytes()).is_conforming());
}

#[test]
fn is_built_from_its_record_typed_with_diacritics() {
    let mut record = Record::new("  Nguyễn Lê  Khả Hân", "18/01/1987", "162979388586171100");
    record.document_number = Some("0010 9302 9317".into());
    record.gender = Some(Gender::Male);
    record.health_insurance_number = Some("hs 4 01 0120878821".into());
    record.phone = Some("+84 944 713 700".into());
    let code = PersonalCode::from_record(&record).unwrap();
    assert_eq!(code.as_str(), OFFICIAL);
}

#[test]
fn signing_input_pads_to_the_signature_slot() {
    let code = PersonalCode::parse(OFFICIAL).unwrap();
    assert_eq!(code.signing_input(), format!("{OFFICIAL}<"));
    let signed = code.with_signature("1.AbC").unwrap();
    assert_eq!(signed.as_str(), format!("{OFFICIAL}<1.AbC"));
    assert_eq!(signed.signing_input(), code.signing_input());
    let with_claim = signed.with_further_slot(6, "G1").unwrap();
    assert_eq!(with_claim.as_str(), format!("{OFFICIAL}<1.AbC<G1"));
    assert_eq!(with_claim.signing_input(), format!("{OFFICIAL}<<G1"));
    assert!(code.with_signature("a b").is_err());
    assert!(code.with_signature("a<b").is_err());
    assert!(code.with_further_slot(5, "X").is_err());
}

#[test]
fn error_messages() {
    let error = PersonalCode::parse("|nguyen|1987-01-18|0|1|").unwrap_err();
    insta::assert_snapshot!(error, @r#"text does not conform: document number is empty; only a code declared on behalf may omit it (and 1 more error)"#);
    let record = Record::new("Anne-Marie", "1987-01-18", "1");
    insta::assert_snapshot!(PersonalCode::from_record(&record).unwrap_err(), @r#"record field full_name "Anne-Marie": '-' at byte 4 is neither a letter nor white space"#);
    let mut record = Record::new("An", "1987-01-18", "1");
    record.phone = Some("12345".into());
    record.document_number = Some("123456789".into());
    insta::assert_snapshot!(PersonalCode::from_record(&record).unwrap_err(), @r#"record field phone "12345": phone number "12345" is not 10 digits starting with 0"#);
    let record = Record::new("An", "1987-02-30", "1");
    insta::assert_snapshot!(PersonalCode::from_record(&record).unwrap_err(), @r#"record field birth_date "1987-02-30": is not a calendar date written YYYY-MM-DD or DD/MM/YYYY"#);
    let record = Record::new("An", "1987-01-30", "1|2");
    insta::assert_snapshot!(PersonalCode::from_record(&record).unwrap_err(), @r#"record field qid "1|2": '|' at byte 1 cannot be written in a code"#);
    let code = PersonalCode::parse(OFFICIAL).unwrap();
    insta::assert_snapshot!(code.with_signature("a b").unwrap_err(), @r#"ext slot 5 cannot hold "a b": ' ' at byte 1"#);
}

#[test]
fn records_are_strict_json() {
    let error = serde_json::from_str::<Record>(
        r#"{"full_name": "A", "birth_date": "2000-01-01", "qid": "1", "phonee": "0"}"#,
    )
    .unwrap_err();
    assert!(
        error.to_string().contains("unknown field `phonee`"),
        "{error}"
    );
    let record: Record = serde_json::from_str(
        r#"{"full_name": "A", "birth_date": "2000-01-01", "qid": "1", "gender": "female"}"#,
    )
    .unwrap();
    assert_eq!(record.gender, Some(Gender::Female));
}

/// Found by the `payload_roundtrip` fuzz target: a signature that pushes a code at the length
/// limit past it was a panic.
#[test]
fn signing_a_code_at_the_length_limit_is_an_error_not_a_panic() {
    let base = "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1<<<<";
    let text = format!(
        "{base}{}",
        "9".repeat(qr1405_payload::MAX_INPUT_LEN - base.len())
    );
    let code = PersonalCode::parse(&text).unwrap();
    insta::assert_snapshot!(code.with_signature("1.FUZZ").unwrap_err(), @"the code would be 2959 bytes long; no qr code holds more than 2953");
    assert!(code.with_further_slot(7, "X").is_err());
    assert_eq!(code.masked().as_str().len(), text.len());
}
