//! Properties of the codec over generated records and arbitrary input.

use proptest::prelude::*;
use qr1405_payload::{BirthDate, DisplayForm, Gender, PersonalCode, Record, check, recognise};

const PROVINCES: [&str; 5] = ["001", "031", "048", "079", "096"];

fn name() -> impl Strategy<Value = String> {
    prop::collection::vec("[A-Z]{1,10}", 1..6).prop_map(|words| words.join(" "))
}

fn date() -> impl Strategy<Value = (u16, u8, u8)> {
    (1900u16..2100, 1u8..=12, 1u8..=28)
}

fn document(year: u16, gender: Option<Gender>) -> impl Strategy<Value = Option<String>> {
    let female = gender == Some(Gender::Female);
    let marker = (year / 100 - 19) * 2 + u16::from(female);
    prop_oneof![
        (prop::sample::select(&PROVINCES[..]), "[0-9]{6}").prop_map(move |(province, rest)| Some(
            format!("{province}{marker}{:02}{rest}", year % 100)
        )),
        "[0-9]{9}".prop_map(Some),
        "[A-Z][0-9A-Z]{5,8}".prop_map(Some),
    ]
}

prop_compose! {
    fn record()(
        full_name in name(),
        (year, month, day) in date(),
        qid in "[0-9]{1,18}",
        on_behalf in any::<bool>(),
        declarer in "[0-9]{1,18}",
        gender in prop::option::of(prop::sample::select(vec![Gender::Unknown, Gender::Male, Gender::Female])),
        insurance in prop::option::of("[A-Z]{2}[1-5][0-9]{12}"),
        phone in prop::option::of("0[0-9]{9}"),
    )(
        document in document(year, gender),
        full_name in Just(full_name),
        birth_date in Just(format!("{year:04}-{month:02}-{day:02}")),
        qid in Just(qid),
        on_behalf in Just(on_behalf),
        declarer in Just(declarer),
        gender in Just(gender),
        insurance in Just(insurance),
        phone in Just(phone),
    ) -> Record {
        let mut record = Record::new(full_name, birth_date, qid);
        record.document_number = document;
        record.declared_on_behalf = on_behalf;
        record.on_behalf_qid = on_behalf.then_some(declarer);
        record.gender = gender;
        record.health_insurance_number = insurance;
        record.phone = phone;
        record
    }
}

proptest! {
    #[test]
    fn records_round_trip(record in record()) {
        let code = PersonalCode::from_record(&record).unwrap();
        let parsed = PersonalCode::parse(code.as_str()).unwrap();
        prop_assert_eq!(parsed.to_record(), record);
        prop_assert_eq!(parsed.display_form(), DisplayForm::Full);
        // A generated record is consistent: no warnings either.
        let checked = check(code.as_str().as_bytes());
        prop_assert_eq!(checked.diagnostics(), &[]);
    }

    #[test]
    fn masked_form_conforms_and_keeps_the_year(record in record()) {
        let code = PersonalCode::from_record(&record).unwrap();
        let masked = code.masked();
        prop_assert_eq!(masked.display_form(), DisplayForm::Masked);
        prop_assert_eq!(masked.birth_date(), BirthDate::Masked { year: code.birth_date().year() });
        prop_assert_eq!(masked.masked(), masked.clone());
        prop_assert!(masked.document_number().starts_with("******"));
        prop_assert_eq!(&masked.document_number()[6..], &code.document_number()[6..]);
    }

    #[test]
    fn signing_input_ignores_the_signature(record in record(), signature in "[A-Za-z0-9._-]{1,100}", extra in "[A-Z0-9]{0,20}") {
        let code = PersonalCode::from_record(&record).unwrap();
        let code = if extra.is_empty() { code } else { code.with_further_slot(6, &extra).unwrap() };
        let signed = code.with_signature(&signature).unwrap();
        prop_assert_eq!(signed.signature(), Some(signature.as_str()));
        prop_assert_eq!(signed.signing_input(), code.signing_input());
        prop_assert_eq!(signed.further_slots().next().unwrap_or(""), extra.as_str());
        let resigned = signed.with_signature("X").unwrap();
        prop_assert_eq!(resigned.signing_input(), code.signing_input());
        prop_assert_eq!(resigned.fields().ext_slots().count(), signed.fields().ext_slots().count());
    }

    #[test]
    fn every_conforming_text_is_written_back_byte_for_byte(
        fields in (
            "(|[0-9]{9}|[0-9]{12}|\\*{6}[0-9]{6})",
            "[A-Z]{1,5}( [A-Z]{1,5}){0,3}",
            "(19[0-9]{2}-0[1-9]-1[0-9]|20[0-9]{2}-\\*\\*-\\*\\*)",
            "[01]",
            "[0-9]{1,18}",
            "(<?[0-9]{0,3}){0,3}(<[0-2]?)?(<<<[A-Z0-9]{0,4}){0,2}",
        )
    ) {
        let text = format!("{}|{}|{}|{}|{}|{}", fields.0, fields.1, fields.2, fields.3, fields.4, fields.5);
        if let Ok(code) = PersonalCode::parse(&text) {
            prop_assert_eq!(code.as_str(), text.as_str());
            prop_assert_eq!(code.to_string(), text);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..400)) {
        let checked = check(&input);
        let _ = recognise(&input);
        if let Ok(text) = std::str::from_utf8(&input) {
            prop_assert_eq!(PersonalCode::parse(text).is_ok(), checked.is_conforming());
        }
    }

    #[test]
    fn arbitrary_text_with_separators_never_panics(
        parts in prop::collection::vec("[0-9A-Za-z*<| \\-ễĐ\\x00\\n]{0,12}", 0..10)
    ) {
        let text = parts.join("|");
        let checked = check(text.as_bytes());
        for diagnostic in checked.diagnostics() {
            prop_assert!(diagnostic.position().is_none_or(|p| p <= text.len()));
            prop_assert!(!diagnostic.message().is_empty());
        }
        let _ = recognise(text.as_bytes());
        if let Ok(code) = PersonalCode::parse(&text) {
            prop_assert_eq!(code.as_str(), text.as_str());
            let _ = code.masked();
            let _ = code.signing_input();
        }
    }

    #[test]
    fn typed_names_become_canonical(words in prop::collection::vec("[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ]{1,8}", 1..5), gaps in prop::collection::vec("[ \\t]{1,3}", 5)) {
        let mut typed = String::new();
        for (word, gap) in words.iter().zip(&gaps) {
            typed.push_str(gap);
            typed.push_str(word);
        }
        let record = Record::new(typed, "2000-01-01", "1");
        let mut record = record;
        record.document_number = Some("123456789".into());
        let code = PersonalCode::from_record(&record).unwrap();
        prop_assert!(code.full_name().bytes().all(|b| b.is_ascii_uppercase() || b == b' '));
        prop_assert_eq!(code.full_name().split(' ').count(), words.len());
    }
}
