//! Builds certificates stage by stage, so that each test breaks exactly one.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used)]

use ciborium::Value;
use serde_json::json;

/// 2021-06-01T00:00:00Z: after every date of [`certificate`], before its expiry.
pub const CLOCK: i64 = 1_622_505_600;
pub const IAT: i64 = 1_622_000_000;
pub const EXP: i64 = 1_640_000_000;

/// A vaccination certificate that passes every check, schema 1.3.0.
pub fn certificate() -> serde_json::Value {
    json!({
        "ver": "1.3.0",
        "nam": {"fn": "Nguyễn", "fnt": "NGUYEN", "gn": "Văn An", "gnt": "VAN<AN"},
        "dob": "1987-01-18",
        "v": [{
            "tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215",
            "dn": 2, "sd": 2, "dt": "2021-05-20", "co": "VN", "is": "Ministry of Health",
            "ci": "URN:UVCI:01:VN:1234567890ABCDEF#X"
        }]
    })
}

pub fn json_to_cbor(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Value::Integer(i.into()),
            None => Value::Float(n.as_f64().unwrap()),
        },
        serde_json::Value::String(s) => Value::Text(s.clone()),
        serde_json::Value::Array(a) => Value::Array(a.iter().map(json_to_cbor).collect()),
        serde_json::Value::Object(o) => Value::Map(
            o.iter()
                .map(|(k, v)| (Value::Text(k.clone()), json_to_cbor(v)))
                .collect(),
        ),
    }
}

pub fn int(i: i64) -> Value {
    Value::Integer(i.into())
}

pub fn cbor(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).unwrap();
    out
}

/// The claims map of `certificate`.
pub fn claims_with(certificate: Value) -> Vec<(Value, Value)> {
    vec![
        (int(1), Value::Text("VN".into())),
        (int(6), int(IAT)),
        (int(4), int(EXP)),
        (int(-260), Value::Map(vec![(int(1), certificate)])),
    ]
}

pub fn claims() -> Vec<(Value, Value)> {
    claims_with(json_to_cbor(&certificate()))
}

pub fn protected() -> Vec<(Value, Value)> {
    vec![
        (int(1), int(-7)),
        (int(4), Value::Bytes(vec![1, 2, 3, 4, 5, 6, 7, 8])),
    ]
}

pub fn cose_with(
    protected: Vec<(Value, Value)>,
    unprotected: Vec<(Value, Value)>,
    payload: Value,
) -> Vec<u8> {
    cbor(&Value::Tag(
        18,
        Box::new(Value::Array(vec![
            Value::Bytes(cbor(&Value::Map(protected))),
            Value::Map(unprotected),
            payload,
            Value::Bytes(vec![0; 64]),
        ])),
    ))
}

pub fn cose_of_claims(claims: Vec<(Value, Value)>) -> Vec<u8> {
    cose_with(protected(), vec![], Value::Bytes(cbor(&Value::Map(claims))))
}

pub fn hc1(cose: &[u8]) -> String {
    let compressed = miniz_oxide::deflate::compress_to_vec_zlib(cose, 9);
    format!("HC1:{}", qr1405_dcc::base45_encode(&compressed))
}

pub fn hc1_of_certificate(certificate: serde_json::Value) -> String {
    hc1(&cose_of_claims(claims_with(json_to_cbor(&certificate))))
}
