//! The reader's rules, one test per rule, with test keys.

use qr1405_payload::PersonalCode;
use qr1405_reader::{
    Kind, Policy, Reader, Reading, Signature, Size, clock_from_rfc3339, display_codes_from_json,
    render_png, render_svg,
};
use qr1405_sign::Time;
use qr1405_testkeys::{TestKey, trust_list};

const CODE: &str =
    "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";

fn at(text: &str) -> Time {
    clock_from_rfc3339(text).expect("clock")
}

fn signed(text: &str, key: TestKey, when: &str) -> String {
    let code = PersonalCode::parse(text).expect("code");
    let forms = key
        .secret_key()
        .sign_display_forms(&code, at(when))
        .expect("signed");
    forms.full.into_string()
}

fn reader() -> Reader {
    Reader::new(trust_list())
}

fn codes(reading: &Reading) -> String {
    match reading {
        Reading::Accept(_) => "accept".to_owned(),
        Reading::Refuse(refuse) => refuse.codes(),
    }
}

#[test]
fn a_signed_code_is_accepted_with_its_issuer_and_fields() {
    let text = signed(CODE, TestKey::Vneid2021, "2022-06-01T08:00:00Z");
    let reading = reader().read_text(text.as_bytes(), at("2022-07-01T00:00:00Z"));
    let accept = reading.accepted().expect("accepted");
    assert_eq!(accept.kind, Kind::PersonalCode);
    assert_eq!(accept.display_form, Some("full"));
    match &accept.signature {
        Signature::Valid {
            issuer_id,
            signed_at,
            ..
        } => {
            assert_eq!(issuer_id, "vneid");
            assert_eq!(signed_at, "2022-06-01T08:00:00Z");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(accept.fields["document_number"], "001087029317");
    assert_eq!(accept.fields["phone"], "0944713700");
    assert!(!accept.fields.contains_key("signature"));
    assert!(!accept.fields.contains_key("ext"));
    assert!(!accept.fields.contains_key("on_behalf_qid"));
    assert_eq!(accept.text, text);
}

#[test]
fn a_tampered_signature_is_refused_under_its_code() {
    let text = signed(CODE, TestKey::Vneid2021, "2022-06-01T08:00:00Z").replace("HAN", "HAO");
    let reading = reader().read_text(text.as_bytes(), at("2022-07-01T00:00:00Z"));
    assert_eq!(codes(&reading), "signature-invalid");
    let reason = &reading.refused().expect("refused").reasons[0];
    assert_eq!(reason.field(), Some("signature"));
}

#[test]
fn a_key_outside_the_trust_list_is_refused() {
    let text = signed(CODE, TestKey::Stranger, "2022-06-01T08:00:00Z");
    let reading = reader().read_text(text.as_bytes(), at("2022-07-01T00:00:00Z"));
    assert_eq!(codes(&reading), "unknown-key");
}

#[test]
fn without_a_trust_list_a_signature_is_not_checked() {
    let text = signed(CODE, TestKey::Stranger, "2022-06-01T08:00:00Z");
    let reading =
        Reader::without_trust_list().read_text(text.as_bytes(), at("2022-07-01T00:00:00Z"));
    let accept = reading.accepted().expect("accepted");
    assert_eq!(accept.signature, Signature::NotChecked);
}

#[test]
fn unsigned_codes_are_accepted_unless_the_policy_says_otherwise() {
    let now = at("2022-07-01T00:00:00Z");
    let reading = reader().read_text(CODE.as_bytes(), now);
    assert_eq!(
        reading.accepted().expect("accepted").signature,
        Signature::Unsigned
    );
    let mut policy = Policy::default();
    policy.accept_unsigned = false;
    let strict = reader().with_policy(policy);
    assert_eq!(codes(&strict.read_text(CODE.as_bytes(), now)), "unsigned");
}

#[test]
fn every_reason_of_a_text_is_given() {
    let reading = reader().read_text(b"|nguyen van a|1987-02-30|0||", at("2022-07-01T00:00:00Z"));
    assert_eq!(
        codes(&reading),
        "document-number-missing, full-name-lowercase, birth-date-invalid, qid-missing"
    );
    let refuse = reading.refused().expect("refused");
    assert_eq!(refuse.kind, Kind::PersonalCode);
    assert_eq!(refuse.reasons[2].field(), Some("birth_date"));
    assert_eq!(refuse.reasons[2].position(), Some(14));
}

#[test]
fn each_kind_of_text_is_named() {
    let now = at("2022-07-01T00:00:00Z");
    let cases: [(&[u8], Kind, &str); 5] = [
        (
            b"https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b2c1a9e8d7f6a5b4c3d2e",
            Kind::CheckIn,
            "check-in-url",
        ),
        (
            b"HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH",
            Kind::EuCertificate,
            "dcc-zlib-invalid",
        ),
        (b"hello", Kind::Unknown, "unknown-format"),
        (b"", Kind::Unknown, "unknown-format"),
        (&[0xff, 0xfe, 0x00], Kind::Unknown, "unknown-format"),
    ];
    for (text, kind, code) in cases {
        let reading = reader().read_text(text, now);
        assert_eq!(reading.kind(), kind, "{text:?}");
        assert_eq!(codes(&reading), code, "{text:?}");
    }
}

#[test]
fn an_id_card_is_accepted_unless_the_policy_says_otherwise() {
    let card = "079187029317|025123456|Nguyễn Thị Minh Khai|19051987|Nữ|12 Lê Lợi, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|01072021";
    let now = at("2022-07-01T00:00:00Z");
    let reading = reader().read_text(card.as_bytes(), now);
    let accept = reading
        .accepted()
        .unwrap_or_else(|| panic!("{}", codes(&reading)));
    assert_eq!(accept.kind, Kind::CitizenCard);
    assert_eq!(accept.signature, Signature::NotApplicable);
    assert_eq!(accept.display_form, None);
    let mut policy = Policy::default();
    policy.accept_citizen_card = false;
    let reading = reader().with_policy(policy).read_text(card.as_bytes(), now);
    assert_eq!(codes(&reading), "citizen-card-not-accepted");
}

#[test]
fn a_green_claim_is_judged_at_the_clock() {
    let claimed = PersonalCode::parse(CODE)
        .expect("code")
        .with_further_slot(6, "GC1-KH-G-20211201")
        .expect("claim")
        .into_string();
    let before = reader().read_text(claimed.as_bytes(), at("2021-11-01T00:00:00Z"));
    let green = before
        .accepted()
        .unwrap_or_else(|| panic!("{}", codes(&before)))
        .green
        .clone()
        .expect("green");
    assert_eq!(green.status, "green");
    assert!(green.passes);
    let after = reader().read_text(claimed.as_bytes(), at("2022-01-01T00:00:00Z"));
    assert_eq!(codes(&after), "green-expired");

    // A slot 6 that does not start with `GC` is not a claim; one that does must be one.
    let other = |slot: &str| {
        PersonalCode::parse(CODE)
            .expect("code")
            .with_further_slot(6, slot)
            .expect("slot")
            .into_string()
    };
    let plain = reader().read_text(other("9999").as_bytes(), at("2022-01-01T00:00:00Z"));
    assert_eq!(plain.accepted().expect("accepted").green, None);
    let bad = reader().read_text(other("GC2-KH-G").as_bytes(), at("2022-01-01T00:00:00Z"));
    assert_eq!(codes(&bad), "green-claim-malformed");
    let lower = reader().read_text(other("gc1-kh-g").as_bytes(), at("2022-01-01T00:00:00Z"));
    assert_eq!(codes(&lower), "green-claim-malformed");

    let mut policy = Policy::default();
    policy.require_green = true;
    let strict = reader().with_policy(policy);
    assert_eq!(
        codes(&strict.read_text(CODE.as_bytes(), at("2021-11-01T00:00:00Z"))),
        "green-required"
    );
}

#[test]
fn a_picture_is_read_and_bad_pictures_are_refused() {
    let now = at("2022-07-01T00:00:00Z");
    let png = render_png(CODE, Size::ModulePx(4)).expect("png");
    let reading = reader().read_image(&png, now);
    assert_eq!(reading.accepted().expect("accepted").text, CODE);
    assert_eq!(
        codes(&reader().read_image(&png[..png.len() / 2], now)),
        "image-unreadable"
    );
    assert_eq!(
        codes(&reader().read_image(b"not a picture", now)),
        "image-unreadable"
    );
    let blank = render_png(" ", Size::ModulePx(4)).expect("png");
    // A code holding a space is found, and its text refused.
    assert_eq!(reader().read_image(&blank, now).kind(), Kind::Unknown);
}

#[test]
fn the_display_side_gives_both_forms_and_draws_them() {
    let codes = display_codes_from_json(
        r#"{"document_number": "001087029317", "full_name": "Nguyễn Lê Khả Hân",
            "birth_date": "1987-01-18", "qid": "162979388586171100"}"#,
    )
    .expect("codes");
    assert_eq!(
        codes.full,
        "001087029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|"
    );
    assert_eq!(
        codes.masked,
        "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|"
    );
    let svg = render_svg(
        &codes.masked,
        Size::Print {
            size_mm: 50.0,
            dpi: 300,
        },
    )
    .expect("svg");
    assert!(
        svg.starts_with("<svg") || svg.starts_with("<?xml"),
        "{svg:.40}"
    );
    let png = render_png(
        &codes.full,
        Size::Print {
            size_mm: 50.0,
            dpi: 300,
        },
    )
    .expect("png");
    let read = reader().read_image(&png, at("2022-07-01T00:00:00Z"));
    assert_eq!(read.accepted().expect("accepted").text, codes.full);
}

#[test]
fn bad_arguments_get_clear_errors() {
    let errors = [
        display_codes_from_json("[]")
            .expect_err("array")
            .to_string(),
        display_codes_from_json(r#"{"full_name": "A", "birth_date": "1987-02-30", "qid": "1"}"#)
            .expect_err("date")
            .to_string(),
        render_png("", Size::ModulePx(4))
            .expect_err("empty")
            .to_string(),
        render_png("A", Size::ModulePx(0))
            .expect_err("size")
            .to_string(),
        clock_from_rfc3339("2021-10-01T08:00:00")
            .expect_err("offset")
            .to_string(),
        Reader::from_trust_list_json(b"{}", "not a key")
            .expect_err("key")
            .to_string(),
        Reader::from_trust_list_json(b"{}", include_str!("../../../conformance-vectors/root.pub"))
            .expect_err("list")
            .to_string(),
    ];
    insta::assert_snapshot!(errors.join("\n"));
}

#[test]
fn readings_have_a_stable_json_shape() {
    let text = signed(CODE, TestKey::Vneid2021, "2022-06-01T08:00:00Z");
    let now = at("2022-07-01T00:00:00Z");
    let accept = reader().read_text(text.as_bytes(), now).to_json();
    let refuse = reader()
        .read_text(b"|nguyen van a|1987-02-30|0||", now)
        .to_json();
    insta::assert_snapshot!(format!("{accept}\n{refuse}"));
}
