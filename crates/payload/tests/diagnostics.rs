//! Every diagnostic the crate can report, pinned as people read it.

use std::fmt::Write;

use qr1405_payload::{DiagnosticCode, Scan, check, recognise};

const OFFICIAL: &str =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";

/// One case per diagnostic code (and a few more), each a text that shows it.
fn cases() -> Vec<(&'static str, Vec<u8>)> {
    let long = format!("{}|", "1".repeat(3000));
    vec![
        ("official example", OFFICIAL.into()),
        ("empty", b"".to_vec()),
        ("too long", long.into_bytes()),
        ("not utf-8", b"001093029317|NGUY\xc3N|1987-01-18|0|1|".to_vec()),
        ("byte-order mark", format!("\u{feff}{OFFICIAL}").into_bytes()),
        ("trailing line break", format!("{OFFICIAL}\r\n").into_bytes()),
        ("nul inside", OFFICIAL.replacen("KHA", "K\0A", 1).into_bytes()),
        ("five fields", b"001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100".to_vec()),
        ("seven fields", format!("{OFFICIAL}|").into_bytes()),
        ("document missing", b"|NGUYEN VAN A|1990-05-01|0|1|".to_vec()),
        ("document 10 digits", b"0010930293|NGUYEN VAN A|1990-05-01|0|1|".to_vec()),
        ("document punctuation", b"001-093-029|NGUYEN VAN A|1990-05-01|0|1|".to_vec()),
        ("passport too short", b"B1234|NGUYEN VAN A|1990-05-01|0|1|".to_vec()),
        ("mask of five", b"*****3029317|NGUYEN VAN A|1990-**-**|0|1|".to_vec()),
        ("mask shows lowercase", b"******ab|NGUYEN VAN A|1990-**-**|0|1|".to_vec()),
        ("name missing", b"001093029317||1993-05-01|0|1|".to_vec()),
        ("name lowercase", b"001093029317|Nguyen Van A|1993-05-01|0|1|".to_vec()),
        ("name diacritics", "001093029317|NGUYỄN VĂN A|1993-05-01|0|1|".as_bytes().to_vec()),
        ("name digits", b"001093029317|NGUYEN VAN A2|1993-05-01|0|1|".to_vec()),
        ("name spacing", b"001093029317| NGUYEN  VAN A|1993-05-01|0|1|".to_vec()),
        ("date missing", b"001093029317|NGUYEN VAN A||0|1|".to_vec()),
        ("date slashes", b"001093029317|NGUYEN VAN A|01/05/1993|0|1|".to_vec()),
        ("date half masked", b"001093029317|NGUYEN VAN A|1993-**-01|0|1|".to_vec()),
        ("date not in calendar", b"001093029317|NGUYEN VAN A|1993-02-29|0|1|".to_vec()),
        ("date before 1900", b"001893029317|NGUYEN VAN A|1893-02-28|0|1|".to_vec()),
        ("declaration 2", b"001093029317|NGUYEN VAN A|1993-05-01|2|1|".to_vec()),
        ("qid missing", b"001093029317|NGUYEN VAN A|1993-05-01|0||".to_vec()),
        ("qid with space", b"001093029317|NGUYEN VAN A|1993-05-01|0|16297 938|".to_vec()),
        ("on behalf without declarer", b"|NGUYEN VAN A|2015-05-01|1|1|".to_vec()),
        ("self-declared with declarer", b"001093029317|NGUYEN VAN A|1993-05-01|0|1|777".to_vec()),
        ("declarer with star", b"|NGUYEN VAN A|2015-05-01|1|1|77*7".to_vec()),
        ("gender 3", b"001093029317|NGUYEN VAN A|1993-05-01|0|1|<3".to_vec()),
        ("bhyt short", b"001093029317|NGUYEN VAN A|1993-05-01|0|1|<1<HS401012087882".to_vec()),
        ("phone with +84", b"001093029317|NGUYEN VAN A|1993-05-01|0|1|<1<<+84944713700".to_vec()),
        ("signature with space", b"001093029317|NGUYEN VAN A|1993-05-01|0|1|<<<<AB CD".to_vec()),
        ("slot 6 non-ascii", "001093029317|NGUYEN VAN A|1993-05-01|0|1|<<<<<XANH✓".as_bytes().to_vec()),
        ("province 003", b"003093029317|NGUYEN VAN A|1993-05-01|0|1|".to_vec()),
        ("gender digit", b"001193029317|NGUYEN VAN A|1993-05-01|0|1|<1".to_vec()),
        ("century digit", b"001293029317|NGUYEN VAN A|1993-05-01|0|1|".to_vec()),
        ("every field broken", b"12|nguyen|1993-13-01|9||<5<X<1".to_vec()),
        ("card", "079187029317|123456789|Nguyễn Lê Khả Hân|18011987|Nữ|12 Lý Tự Trọng, Quận 1|01072021".as_bytes().to_vec()),
        ("card with nul and copy", "079187029317||Lê Văn Tám|01012000|Nam|Hà Nội|01072021\x00079187029317||Lê Văn Tám|01012000|Nam|Hà Nội|01072021".as_bytes().to_vec()),
        ("card too short", b"079187029317||LE VAN TAM|01012000|Nam|HA NOI".to_vec()),
        ("seven fields, not a card", b"001093029317|NGUYEN VAN A|1993-05-01|0|1||".to_vec()),
        ("card broken fields", "07918702931|12345|  |31022000|Nu|Hà Nội|2021".as_bytes().to_vec()),
        ("check-in", b"https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b2c1a9e8d7f6a5b4c3d2e".to_vec()),
        ("check-in over http, short id", b"http://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b".to_vec()),
        ("check-in without id", b"https://www.tokhaiyte.vn/?page=Group.checkin".to_vec()),
        ("hc1", b"HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA".to_vec()),
        ("hc1 lowercase", b"HC1:6bfoxn".to_vec()),
        ("hc1 empty", b"HC1:".to_vec()),
        ("other url", b"https://example.com/qr?id=1".to_vec()),
        ("plain words", b"hello world".to_vec()),
        ("binary", b"\xff\xfe\x00\x01".to_vec()),
    ]
}

fn render(name: &str, input: &[u8], out: &mut String) {
    let scan = recognise(input);
    let _ = write!(out, "## {name}\nformat: {}", scan.format());
    let as_personal_code = check(input);
    let diagnostics = match &scan {
        Scan::Unknown(reason) => {
            let _ = write!(out, " ({reason}); as a personal code:");
            as_personal_code.diagnostics()
        }
        _ => scan.diagnostics(),
    };
    out.push('\n');
    for diagnostic in diagnostics {
        let field = diagnostic.field().map(|f| f.name()).unwrap_or_default();
        let _ = writeln!(out, "- {diagnostic} [{field}]");
    }
}

#[test]
fn every_message() {
    let mut out = String::new();
    for (name, input) in cases() {
        render(name, &input, &mut out);
    }
    insta::assert_snapshot!(out);
}

#[test]
fn every_code_has_a_case() {
    let seen: Vec<DiagnosticCode> = cases()
        .iter()
        .flat_map(|(_, input)| {
            let scan = recognise(input);
            let checked = check(input);
            scan.diagnostics()
                .iter()
                .chain(checked.diagnostics())
                .map(|d| d.code())
                .collect::<Vec<_>>()
        })
        .collect();
    let missing: Vec<&str> = DiagnosticCode::ALL
        .iter()
        .filter(|code| !seen.contains(code))
        .map(|code| code.as_str())
        .collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}

#[test]
fn codes_round_trip_through_their_names() {
    for &code in DiagnosticCode::ALL {
        assert_eq!(DiagnosticCode::from_name(code.as_str()), Some(code));
    }
}

#[test]
fn positions_point_into_the_input() {
    for (name, input) in cases() {
        for diagnostic in check(&input).diagnostics() {
            if let Some(position) = diagnostic.position() {
                assert!(position <= input.len(), "{name}: {diagnostic}");
            }
        }
    }
}

#[test]
fn json_shape() {
    let checked = check(b"001093029317|Nguyen Van A|1993-05-01|0|1|");
    insta::assert_json_snapshot!(checked.diagnostics());
}

#[test]
fn report_shapes() {
    let reports: Vec<_> = [
        OFFICIAL.as_bytes(),
        "079187029317||Lê Văn Tám|01012000|Nam|Hà Nội|01072021".as_bytes(),
        b"https://tokhaiyte.vn/?page=Group.checkin&groupId=5f3b2c1a9e8d7f6a5b4c3d2e",
        b"HC1:6BFOXN",
        b"hello",
        b"|NGUYEN VAN A|2015-05-01|1|1|77<2<<<SIG<G1",
    ]
    .iter()
    .map(|input| serde_json::to_value(recognise(input)).unwrap())
    .collect();
    insta::assert_json_snapshot!(reports);
}

#[test]
fn docs_list_every_code() {
    let doc = include_str!("../../../docs/payload.md");
    for code in DiagnosticCode::ALL {
        let row = format!("| `{}` | {} |", code.as_str(), code.severity());
        assert!(doc.contains(&row), "docs/payload.md has no row {row}");
    }
}
