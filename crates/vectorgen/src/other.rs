//! The other codes a reader meets: the CCCD card QR, tokhaiyte.vn check-in URLs, EU
//! certificates and texts of no known format.

use qr1405_conformance::{Expectation, Stage};

use crate::spec::Spec;

/// The CCCD card QR every card vector starts from.
const CARD: &str = "079187029317|025123456|Nguyễn Thị Minh Khai|19051987|Nữ|12 Lý Tự Trọng, Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|01072021";

/// The check-in URL every check-in vector starts from.
const URL: &str = "https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b2c1a9e8d7f6a5b4c3d2e";

/// Every other code.
pub(crate) fn other_codes() -> Vec<Spec> {
    let mut specs = cards();
    specs.extend(check_ins());
    specs.extend(eu_certificates());
    specs.extend(unknown_texts());
    specs
}

/// A CCCD card QR vector `cccd-<id>`: recognised, split unless the field count is wrong, validated with these codes.
fn card(id: &str, description: &str, text: String, errors: &[&str], warnings: &[&str]) -> Spec {
    let spec = Spec::new(format!("cccd-{id}"), description, text)
        .stage(Stage::Recognise, Expectation::pass([]).with_value("cccd"));
    let structural: Vec<&str> = errors
        .iter()
        .copied()
        .filter(|e| *e == "card-field-count")
        .collect();
    let spec = if structural.is_empty() {
        spec.stage(Stage::Parse, Expectation::pass([]))
    } else {
        spec.stage(Stage::Parse, Expectation::fail(structural, []))
    };
    let validate = if errors.is_empty() {
        Expectation::pass(warnings.iter().copied())
    } else {
        Expectation::fail(errors.iter().copied(), warnings.iter().copied())
    };
    let mut covered = vec!["O-01"];
    if !warnings.is_empty() {
        covered.push("O-05");
    }
    spec.stage(Stage::Validate, validate).covers(&covered)
}

/// CCCD card QRs as scanners send them, and with one field wrong.
fn cards() -> Vec<Spec> {
    vec![
        card("valid", "a CCCD card QR", CARD.to_owned(), &[], &[]).covers(&["O-04"]),
        card(
            "2024",
            "a CCCD card QR of 2024 with further empty fields",
            format!("{CARD}||"),
            &[],
            &[],
        ),
        card(
            "no-old-number",
            "a CCCD card QR without an old CMND number",
            CARD.replace("|025123456|", "||"),
            &[],
            &[],
        ),
        card(
            "nul",
            "a CCCD card QR with NUL bytes from the scanner",
            format!("{CARD}\0\0"),
            &[],
            &["card-nul-removed"],
        ),
        card(
            "twice",
            "a CCCD card QR sent twice by the scanner",
            format!("{CARD}{CARD}"),
            &[],
            &["card-repeated"],
        ),
        card(
            "decomposed",
            "a CCCD card QR in Unicode form D",
            CARD.replace("Nữ", "Nu\u{31b}\u{303}"),
            &[],
            &[],
        ),
        card(
            "six-fields",
            "a CCCD card QR cut after six fields",
            CARD.rsplit_once('|')
                .map(|(a, _)| a.to_owned())
                .unwrap_or_default(),
            &["card-field-count"],
            &[],
        ),
        card(
            "short-number",
            "an 11-digit citizen number",
            CARD.replacen("079187029317", "07918702931", 1),
            &["card-number-invalid"],
            &[],
        ),
        card(
            "bad-old-number",
            "a 5-digit old CMND number",
            CARD.replacen("025123456", "02512", 1),
            &["card-old-number-invalid"],
            &[],
        ),
        card(
            "bad-birth-date",
            "31 February as the date of birth",
            CARD.replacen("19051987", "31021987", 1),
            &["card-birth-date-invalid"],
            &[],
        ),
        card(
            "bad-gender",
            "gender written Nu without diacritics",
            CARD.replacen("|Nữ|", "|Nu|", 1),
            &["card-gender-invalid"],
            &[],
        ),
        card(
            "bad-issue-date",
            "an issue date of 4 digits",
            CARD.replacen("01072021", "2021", 1),
            &["card-issue-date-invalid"],
            &[],
        ),
    ]
}

/// A check-in URL vector `check-in-<id>`, validated with these codes.
fn check_in(id: &str, description: &str, text: &str, errors: &[&str], warnings: &[&str]) -> Spec {
    let validate = if errors.is_empty() {
        Expectation::pass(warnings.iter().copied())
    } else {
        Expectation::fail(errors.iter().copied(), warnings.iter().copied())
    };
    let mut covered = vec!["O-02"];
    if !warnings.is_empty() {
        covered.push("O-05");
    }
    Spec::new(format!("check-in-{id}"), description, text)
        .stage(
            Stage::Recognise,
            Expectation::pass([]).with_value("tokhaiyte-check-in"),
        )
        .stage(Stage::Validate, validate)
        .covers(&covered)
}

/// tokhaiyte.vn check-in URLs, valid and not.
fn check_ins() -> Vec<Spec> {
    let url = URL;
    vec![
        check_in("valid", "a tokhaiyte.vn group check-in URL", url, &[], &[])
            .covers(&["O-04", "O-05"]),
        check_in(
            "http",
            "a check-in URL over plain http",
            &url.replacen("https", "http", 1),
            &[],
            &["check-in-insecure"],
        ),
        check_in(
            "short-id",
            "a group id of 4 digits",
            "https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b",
            &["group-id-invalid"],
            &[],
        ),
        check_in(
            "no-id",
            "a check-in URL without a group id",
            "https://tokhaiyte.vn/?page=Group.checkin",
            &["group-id-invalid"],
            &[],
        ),
    ]
}

/// An EU certificate vector `hc1-<id>`, validated with these codes.
fn hc1(id: &str, description: &str, text: &str, errors: &[&str]) -> Spec {
    let validate = if errors.is_empty() {
        Expectation::pass([])
    } else {
        Expectation::fail(errors.iter().copied(), [])
    };
    Spec::new(format!("hc1-{id}"), description, text)
        .stage(Stage::Recognise, Expectation::pass([]).with_value("eu-dcc"))
        .stage(Stage::Validate, validate)
        .covers(&["O-03"])
}

/// EU Digital COVID Certificates, recognised by their prefix.
fn eu_certificates() -> Vec<Spec> {
    vec![
        hc1(
            "prefix",
            "an EU Digital COVID Certificate, recognised by its prefix",
            "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QNCY0O%0VZ001HOC9JU0D0HT0HB2PL/IB*09B9LW4T*8+DCMH0LDK2%K:XFE70*LP$V25$0Q:J:4MO1P0%0L0HD+9E/HY+4J6TH48S%4K.GJ2PT3QY:GQ3TE2I+-CPHN6D7LLK*2HG%89UV-0LZ 2ZJJ524-LH/CJTK96L6SR9MU9DHGZ%P WUQRENS431T1XCNCF+47AY0WV78D5FE5HBEF%6OXAQ+F2FD6QCX$8:ZS3Q7+QG*HQSD09CB6DKAE:UL",
            &[],
        ).covers(&["O-04"]),
        hc1(
            "lowercase",
            "an HC1: text with lower-case letters",
            "HC1:6bfoxn%ts3dh",
            &["hc1-invalid-base45"],
        ),
        hc1(
            "empty",
            "HC1: and nothing after it",
            "HC1:",
            &["hc1-invalid-base45"],
        ),
    ]
}

/// A text of no known format, vector `unknown-<id>`.
fn unknown(id: &str, description: &str, text: &[u8]) -> Spec {
    Spec::new(format!("unknown-{id}"), description, text)
        .stage(
            Stage::Recognise,
            Expectation::fail(["unknown-format"], []).with_value("unknown"),
        )
        .covers(&["O-04"])
}

/// Texts of no known format.
fn unknown_texts() -> Vec<Spec> {
    vec![
        unknown("words", "plain words", b"hello world"),
        unknown(
            "other-url",
            "a URL of another site",
            b"https://example.com/qr?id=1",
        ),
        unknown(
            "binary",
            "bytes that are not UTF-8 and hold no '|'",
            b"\xff\xfe\x00\x01",
        ),
    ]
}
