//! The CWT stage: the claims (RFC 8392) and the certificate under hcert (-260/1).

use ciborium::Value;
use serde_json::{Map, Number, Value as Json};

use crate::clock::NumericDate;
use crate::cose::{CoseError, kind, read_cbor};
use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::path::Path;

const ISS: i128 = 1;
const EXP: i128 = 4;
const IAT: i128 = 6;
const HCERT: i128 = -260;
const EU_DCC_V1: i128 = 1;

/// The claims of an EU certificate.
#[derive(Debug, Clone, PartialEq)]
pub struct Claims {
    issuer: Option<String>,
    issued_at: Option<NumericDate>,
    expiry: Option<NumericDate>,
    pub(crate) certificate: Option<Json>,
}

impl Claims {
    /// The issuer claim (1): the issuing country, ISO 3166-1 alpha-2, when present.
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The issued-at claim (6).
    pub fn issued_at(&self) -> Option<NumericDate> {
        self.issued_at
    }

    /// The expiry claim (4).
    pub fn expiry(&self) -> Option<NumericDate> {
        self.expiry
    }

    /// The certificate under hcert (-260) key 1 as JSON text, when it could be read.
    pub fn certificate_json(&self) -> Option<String> {
        self.certificate.as_ref().map(Json::to_string)
    }
}

/// Reads the claims from a COSE payload. Returns the claims it could read and every problem;
/// `None` when the payload is not a CBOR map at all.
pub(crate) fn read_claims(payload: &[u8], out: &mut Vec<Diagnostic>) -> Option<Claims> {
    let value = match read_cbor(payload) {
        Ok(value) => value,
        Err(error) => {
            out.push(Diagnostic::new(DiagnosticCode::CwtCbor, cwt_reason(&error)));
            return None;
        }
    };
    let value = match value {
        Value::Tag(_, inner) => *inner,
        value => value,
    };
    let Value::Map(mut map) = value else {
        out.push(Diagnostic::new(
            DiagnosticCode::CwtCbor,
            format!("the payload is {}, not a map of claims", kind(&value)),
        ));
        return None;
    };
    let issuer = match claim(&map, ISS) {
        None => None,
        Some(Value::Text(text)) => Some(text.clone()),
        Some(other) => {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::CwtIssuer,
                    format!("the issuer is {}, not a text", kind(other)),
                )
                .path("cwt.iss"),
            );
            None
        }
    };
    let issued_at = numeric_date(&map, IAT, "iat", DiagnosticCode::CwtIssuedAt, out);
    let expiry = numeric_date(&map, EXP, "exp", DiagnosticCode::CwtExpiry, out);
    // The certificate is moved out of the claims into JSON, its texts with it.
    let certificate = match take_claim(&mut map, HCERT) {
        None => {
            out.push(
                Diagnostic::new(DiagnosticCode::CwtHcert, "no hcert claim (-260)")
                    .path("cwt.hcert"),
            );
            None
        }
        Some(Value::Map(mut hcert)) => match take_claim(&mut hcert, EU_DCC_V1) {
            Some(certificate @ Value::Map(_)) => to_json(certificate, &Path::Root, out),
            Some(other) => {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::CwtHcert,
                        format!(
                            "the certificate (hcert key 1) is {}, not a map",
                            kind(&other)
                        ),
                    )
                    .path("cwt.hcert.1"),
                );
                None
            }
            None => {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::CwtHcert,
                        "the hcert claim has no eu_dcc_v1 certificate (key 1)",
                    )
                    .path("cwt.hcert"),
                );
                None
            }
        },
        Some(other) => {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::CwtHcert,
                    format!("the hcert claim is {}, not a map", kind(&other)),
                )
                .path("cwt.hcert"),
            );
            None
        }
    };
    Some(Claims {
        issuer,
        issued_at,
        expiry,
        certificate,
    })
}

/// Reads a certificate's CBOR (what hcert -260 key 1 holds), or CWT claims holding one, as
/// JSON text, with every value JSON cannot hold reported as the CWT stage reports it.
pub fn certificate_json_from_cbor(bytes: &[u8]) -> Result<String, Vec<Diagnostic>> {
    let value = read_cbor(bytes)
        .map_err(|error| vec![Diagnostic::new(DiagnosticCode::CwtCbor, cwt_reason(&error))])?;
    let mut out = Vec::new();
    let value = match value {
        Value::Map(map) if claim(&map, HCERT).is_some() => {
            let claims = read_claims(bytes, &mut out);
            return match claims.and_then(|c| c.certificate) {
                Some(json) if !out.iter().any(Diagnostic::is_error) => Ok(json.to_string()),
                _ => Err(out),
            };
        }
        value => value,
    };
    match to_json(value, &Path::Root, &mut out) {
        Some(json) if out.is_empty() => Ok(json.to_string()),
        _ => Err(out),
    }
}

fn cwt_reason(error: &CoseError) -> String {
    match error {
        CoseError::Cbor { reason } => format!("the payload is not cbor: {reason}"),
        CoseError::TrailingBytes { count, position } => {
            format!("{count} bytes follow the claims at byte {position}")
        }
        other => other.to_string(),
    }
}

fn claim(map: &[(Value, Value)], label: i128) -> Option<&Value> {
    map.iter().find_map(|(key, value)| match key {
        Value::Integer(key) if i128::from(*key) == label => Some(value),
        _ => None,
    })
}

/// Takes the first value under `label` out of the map.
fn take_claim(map: &mut Vec<(Value, Value)>, label: i128) -> Option<Value> {
    let index = map.iter().position(|(key, _)| match key {
        Value::Integer(key) => i128::from(*key) == label,
        _ => false,
    })?;
    Some(map.swap_remove(index).1)
}

fn numeric_date(
    map: &[(Value, Value)],
    label: i128,
    name: &str,
    code: DiagnosticCode,
    out: &mut Vec<Diagnostic>,
) -> Option<NumericDate> {
    let problem = match claim(map, label) {
        None => format!("no {name} claim ({label})"),
        Some(Value::Integer(value)) => match i64::try_from(i128::from(*value)) {
            Ok(seconds) => return Some(NumericDate::from_unix_seconds(seconds)),
            Err(_) => format!("the {name} claim {} is out of range", i128::from(*value)),
        },
        Some(Value::Float(value)) if value.is_finite() && value.abs() < 1e15 => {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::CwtFloatDate,
                    format!("the {name} claim is the float {value}; the specification asks for an integer"),
                )
                .path(format!("cwt.{name}")),
            );
            #[allow(clippy::cast_possible_truncation)]
            return Some(NumericDate::from_unix_seconds(value.trunc() as i64));
        }
        Some(other) => format!(
            "the {name} claim is {}, not an integer numericdate",
            kind(other)
        ),
    };
    out.push(Diagnostic::new(code, problem).path(format!("cwt.{name}")));
    None
}

/// The certificate as JSON. Dates tagged 0 or 1004 become their text; values JSON cannot
/// hold are reported by path and left out.
fn to_json(value: Value, path: &Path<'_>, out: &mut Vec<Diagnostic>) -> Option<Json> {
    let bad = |out: &mut Vec<Diagnostic>, what: String| {
        out.push(Diagnostic::new(DiagnosticCode::CwtValue, what).path(path.to_string()));
        None
    };
    Some(match value {
        Value::Null => Json::Null,
        Value::Bool(b) => Json::Bool(b),
        Value::Text(text) => Json::String(text),
        Value::Integer(integer) => {
            let integer = i128::from(integer);
            match (i64::try_from(integer), u64::try_from(integer)) {
                (Ok(i), _) => Json::Number(i.into()),
                (_, Ok(u)) => Json::Number(u.into()),
                _ => return bad(out, format!("the integer {integer} is out of range")),
            }
        }
        Value::Float(float) => match Number::from_f64(float) {
            Some(number) => Json::Number(number),
            None => return bad(out, format!("the float {float} has no json form")),
        },
        Value::Tag(_, inner) => return to_json(*inner, path, out),
        Value::Bytes(bytes) => {
            return bad(
                out,
                format!(
                    "a byte string of {} bytes, which json cannot hold",
                    bytes.len()
                ),
            );
        }
        Value::Array(items) => Json::Array(
            items
                .into_iter()
                .enumerate()
                .filter_map(|(index, item)| to_json(item, &path.index(index), out))
                .collect(),
        ),
        Value::Map(entries) => {
            let mut object = Map::new();
            for (key, item) in entries {
                let Value::Text(key) = key else {
                    bad(out, format!("a map key is {}, not a text", kind(&key)));
                    continue;
                };
                let item_path = path.key(&key);
                if object.contains_key(&key) {
                    out.push(
                        Diagnostic::new(
                            DiagnosticCode::CwtValue,
                            format!("the key {key:?} appears twice"),
                        )
                        .path(item_path.to_string()),
                    );
                    continue;
                }
                if let Some(item) = to_json(item, &item_path, out) {
                    object.insert(key, item);
                }
            }
            Json::Object(object)
        }
        other => return bad(out, format!("{} has no json form", kind(&other))),
    })
}
