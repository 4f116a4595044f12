//! Every diagnostic the chain can report, each shown by a certificate broken in one place.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

mod common;

use std::collections::BTreeSet;
use std::fmt::Write as _;

use ciborium::Value;
use common::*;
use qr1405_dcc::{
    DiagnosticCode, NumericDate, Stage, StageOutcome, base45_encode, open, open_cose,
};
use serde_json::json;

fn edit(f: impl FnOnce(&mut serde_json::Value)) -> String {
    let mut certificate = certificate();
    f(&mut certificate);
    hc1_of_certificate(certificate)
}

fn claims_edited(f: impl FnOnce(&mut Vec<(Value, Value)>)) -> String {
    let mut claims = claims();
    f(&mut claims);
    hc1(&cose_of_claims(claims))
}

fn set_claim(claims: &mut Vec<(Value, Value)>, label: i64, value: Option<Value>) {
    claims.retain(|(key, _)| *key != int(label));
    if let Some(value) = value {
        claims.push((int(label), value));
    }
}

/// One case per diagnostic code of the stages before the signature, each a text showing it.
fn cases() -> Vec<(&'static str, String)> {
    let bomb = miniz_oxide::deflate::compress_to_vec_zlib(&vec![0u8; 200_000], 9);
    let mut trailing = cose_of_claims(claims());
    trailing.push(0);
    vec![
        ("valid", hc1_of_certificate(certificate())),
        ("text too long", format!("HC1:{}", "0".repeat(9000))),
        ("prefix of another context", "HC2:NCFOXN".into()),
        ("no prefix", "NCFOXN%TS3DH".into()),
        ("lowercase base45", "HC1:ncf".into()),
        ("base45 length", "HC1:NCFO".into()),
        ("base45 value", "HC1:GGW".into()),
        (
            "raw cose, not compressed",
            format!("HC1:{}", base45_encode(&cose_of_claims(claims()))),
        ),
        ("bomb", format!("HC1:{}", base45_encode(&bomb))),
        ("trailing byte after cose", hc1(&trailing)),
        (
            "tag 98",
            hc1(&cbor(&Value::Tag(98, Box::new(Value::Array(vec![]))))),
        ),
        (
            "three elements",
            hc1(&cbor(&Value::Array(vec![Value::Null; 3]))),
        ),
        ("protected header is a text", {
            let payload = Value::Bytes(cbor(&Value::Map(claims())));
            let cose = cbor(&Value::Array(vec![
                Value::Bytes(cbor(&Value::Text("alg".into()))),
                Value::Map(protected()),
                payload,
                Value::Bytes(vec![0; 64]),
            ]));
            hc1(&cose)
        }),
        ("rs256", {
            let protected = vec![(int(1), int(-257)), (int(4), Value::Bytes(vec![1; 8]))];
            hc1(&cose_with(
                protected,
                vec![],
                Value::Bytes(cbor(&Value::Map(claims()))),
            ))
        }),
        ("alg unprotected, kid a text", {
            let unprotected = vec![(int(1), int(-37)), (int(4), Value::Text("kid".into()))];
            hc1(&cose_with(
                vec![],
                unprotected,
                Value::Bytes(cbor(&Value::Map(claims()))),
            ))
        }),
        ("kids differ", {
            let unprotected = vec![(int(4), Value::Bytes(vec![9; 8]))];
            hc1(&cose_with(
                protected(),
                unprotected,
                Value::Bytes(cbor(&Value::Map(claims()))),
            ))
        }),
        (
            "detached payload",
            hc1(&cose_with(protected(), vec![], Value::Null)),
        ),
        (
            "payload not a map",
            hc1(&cose_with(protected(), vec![], Value::Bytes(cbor(&int(5))))),
        ),
        (
            "issuer an integer",
            claims_edited(|c| set_claim(c, 1, Some(int(84)))),
        ),
        (
            "no iat, exp a text",
            claims_edited(|c| {
                set_claim(c, 6, None);
                set_claim(c, 4, Some(Value::Text("2021-12-31".into())));
            }),
        ),
        (
            "float dates",
            claims_edited(|c| {
                set_claim(c, 6, Some(Value::Float(IAT as f64)));
                set_claim(c, 4, Some(Value::Float(EXP as f64)));
            }),
        ),
        ("no hcert", claims_edited(|c| set_claim(c, -260, None))),
        (
            "bytes, integer keys and a duplicate in the certificate",
            claims_edited(|c| {
                let mut map = match json_to_cbor(&certificate()) {
                    Value::Map(map) => map,
                    _ => unreachable!(),
                };
                map.push((Value::Text("x".into()), Value::Bytes(vec![1, 2])));
                map.push((int(7), Value::Null));
                map.push((Value::Text("dob".into()), Value::Text("1987-01-18".into())));
                set_claim(c, -260, Some(Value::Map(vec![(int(1), Value::Map(map))])));
            }),
        ),
        ("unknown version", edit(|c| c["ver"] = json!("1.9.0"))),
        (
            "wrong types, unknown key, missing key",
            edit(|c| {
                c["v"][0]["dn"] = json!("2");
                c["v"][0]["xx"] = json!(1);
                c["v"][0].as_object_mut().unwrap().remove("ci");
            }),
        ),
        (
            "bad patterns and formats",
            edit(|c| {
                c["nam"]["fnt"] = json!("Nguyen");
                c["dob"] = json!("87-01-18");
                c["v"][0]["dt"] = json!("2021-05-20T00:00:00");
            }),
        ),
        (
            "out of range",
            edit(|c| {
                c["v"][0]["dn"] = json!(0);
                c["v"][0]["is"] = json!("x".repeat(81));
            }),
        ),
        (
            "two groups",
            edit(|c| {
                c["t"] = json!([{
                    "tg": "840539006", "tt": "LP6464-4", "sc": "2021-05-20T10:00:00Z",
                    "tr": "260415000", "co": "VN", "is": "MOH", "ci": "URN:UVCI:01:VN:X"
                }]);
            }),
        ),
        (
            "no transliterated name, unknown codes",
            edit(|c| {
                c["nam"] = json!({"fn": "Nguyễn"});
                c["v"][0]["mp"] = json!("Vero Cell");
            }),
        ),
        (
            "no group, future birth date",
            edit(|c| {
                c.as_object_mut().unwrap().remove("v");
                c["dob"] = json!("2099-01-01");
            }),
        ),
        (
            "dose above series, future vaccination",
            edit(|c| {
                c["v"][0]["dn"] = json!(3);
                c["v"][0]["dt"] = json!("2021-12-20");
            }),
        ),
        (
            "two entries",
            edit(|c| {
                let entry = c["v"][0].clone();
                c["v"].as_array_mut().unwrap().push(entry);
                c["ver"] = json!("1.2.1");
            }),
        ),
        (
            "recovery valid until before from",
            edit(|c| {
                c.as_object_mut().unwrap().remove("v");
                c["r"] = json!([{
                    "tg": "840539006", "fr": "2021-04-01", "co": "VN", "is": "MOH",
                    "df": "2021-05-10", "du": "2021-05-01", "ci": "URN:UVCI:01:VN:X"
                }]);
            }),
        ),
        (
            "expiry before issue, issued after the clock",
            claims_edited(|c| {
                set_claim(c, 6, Some(int(CLOCK + 60)));
                set_claim(c, 4, Some(int(CLOCK + 30)));
            }),
        ),
        (
            "expired",
            claims_edited(|c| set_claim(c, 4, Some(int(CLOCK - 1)))),
        ),
    ]
}

fn report(cases: &[(&str, String)]) -> String {
    let at = NumericDate::from_unix_seconds(CLOCK);
    let mut out = String::new();
    for (name, text) in cases {
        let opened = open(text, at);
        let _ = writeln!(out, "{name}:");
        let stages: Vec<String> = opened
            .outcomes()
            .into_iter()
            .map(|(stage, outcome)| {
                let mark = match outcome {
                    StageOutcome::Passed => "ok",
                    StageOutcome::Failed => "FAIL",
                    _ => "-",
                };
                format!("{stage} {mark}")
            })
            .collect();
        let _ = writeln!(out, "  stages: {}", stages.join(", "));
        for diagnostic in opened.diagnostics() {
            let _ = writeln!(out, "- {diagnostic}");
        }
    }
    out
}

#[test]
fn every_diagnostic_as_people_read_it() {
    insta::assert_snapshot!(report(&cases()));
}

#[test]
fn the_valid_certificate_passes_every_stage_it_reaches() {
    let opened = open(
        &hc1_of_certificate(certificate()),
        NumericDate::from_unix_seconds(CLOCK),
    );
    assert!(
        opened.diagnostics().is_empty(),
        "{:?}",
        opened.diagnostics()
    );
    assert!(opened.is_acceptable());
    assert_eq!(opened.outcome(Stage::Signature), StageOutcome::NotRun);
    let claims = opened.claims().unwrap();
    assert_eq!(claims.issuer(), Some("VN"));
    assert_eq!(
        claims.issued_at(),
        Some(NumericDate::from_unix_seconds(IAT))
    );
    let json: serde_json::Value =
        serde_json::from_str(&claims.certificate_json().unwrap()).unwrap();
    assert_eq!(json, certificate());
}

#[test]
fn every_code_before_the_signature_has_a_case() {
    let at = NumericDate::from_unix_seconds(CLOCK);
    let seen: BTreeSet<DiagnosticCode> = cases()
        .iter()
        .flat_map(|(_, text)| open(text, at).diagnostics().to_vec())
        .map(|d| d.code())
        .collect();
    let missing: Vec<&str> = DiagnosticCode::ALL
        .iter()
        .filter(|code| code.stage() < Stage::Signature && !seen.contains(code))
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
fn expiry_is_inclusive_as_the_eu_test_data_reads_it() {
    let text = claims_edited(|c| set_claim(c, 4, Some(int(CLOCK))));
    let opened = open(&text, NumericDate::from_unix_seconds(CLOCK));
    assert_eq!(opened.outcome(Stage::Expiry), StageOutcome::Passed);
    let opened = open(&text, NumericDate::from_unix_seconds(CLOCK + 1));
    assert_eq!(opened.outcome(Stage::Expiry), StageOutcome::Failed);
}

#[test]
fn cose_tag_is_optional_and_cwt_tag_is_accepted() {
    let at = NumericDate::from_unix_seconds(CLOCK);
    let tagged = cose_of_claims(claims());
    let untagged = &tagged[1..];
    let mut cwt = vec![0xd8, 0x3d];
    cwt.extend_from_slice(&tagged);
    for (bytes, is_tagged) in [(&tagged[..], true), (untagged, false), (&cwt[..], true)] {
        let opened = open_cose(bytes, at);
        assert!(
            opened.diagnostics().is_empty(),
            "{:?}",
            opened.diagnostics()
        );
        assert_eq!(opened.cose().unwrap().is_tagged(), is_tagged);
        assert_eq!(opened.outcome(Stage::Prefix), StageOutcome::NotRun);
    }
}

#[test]
fn docs_list_every_code() {
    let doc = include_str!("../../../docs/eu-dcc.md");
    for code in DiagnosticCode::ALL {
        let row = format!(
            "| `{}` | {} | {} |",
            code.as_str(),
            code.severity(),
            code.stage()
        );
        assert!(doc.contains(&row), "docs/eu-dcc.md has no row {row}");
    }
}

#[test]
fn the_view_names_codes_by_their_display_names() {
    let opened = open(
        &hc1_of_certificate(certificate()),
        NumericDate::from_unix_seconds(CLOCK),
    );
    let view = opened.view().unwrap();
    let lines: Vec<String> = view
        .person
        .iter()
        .chain(view.events.iter().flat_map(|e| &e.items))
        .chain(&view.validity)
        .map(|item| {
            let shown = item.display.as_deref().unwrap_or(&item.value);
            format!("{} / {}: {shown}", item.label.en(), item.label.vi())
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
