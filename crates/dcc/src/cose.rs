//! The COSE stage: a COSE_Sign1 structure (RFC 9052) with its headers.

use ciborium::Value;

use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// The signature algorithms the specification allows (hcert_spec 3.3.2).
///
/// RS256 (RSASSA-PKCS1-v1_5) is not among them: the specification names ES256 as primary and
/// PS256 as secondary algorithm and no other, so RS256 is reported as unsupported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// ECDSA over P-256 with SHA-256 (COSE -7), the primary algorithm.
    Es256,
    /// RSASSA-PSS with SHA-256 (COSE -37), the secondary algorithm; Vietnam signs with it.
    Ps256,
}

impl Algorithm {
    /// The COSE name, `ES256` or `PS256`.
    pub fn as_str(self) -> &'static str {
        match self {
            Algorithm::Es256 => "ES256",
            Algorithm::Ps256 => "PS256",
        }
    }

    fn from_cose(value: i128) -> Option<Algorithm> {
        match value {
            -7 => Some(Algorithm::Es256),
            -37 => Some(Algorithm::Ps256),
            _ => None,
        }
    }
}

/// Why bytes are not a COSE_Sign1 structure.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CoseError {
    /// The bytes are not one well-formed CBOR item.
    #[error("not cbor: {reason}")]
    Cbor {
        /// What the CBOR reader found wrong.
        reason: String,
    },
    /// Bytes follow the CBOR item.
    #[error("{count} byte{} follow{} the cose structure at byte {position}", if *.count == 1 { "" } else { "s" }, if *.count == 1 { "s" } else { "" })]
    TrailingBytes {
        /// How many.
        count: usize,
        /// Where they start.
        position: usize,
    },
    /// A tag other than 18 (COSE_Sign1), optionally inside 61 (CWT).
    #[error("cbor tag {tag}, where cose_sign1 is untagged or tag 18")]
    Tag {
        /// The tag found.
        tag: u64,
    },
    /// Not a four-element array of the right types.
    #[error("not a cose_sign1 structure: {problem}")]
    Structure {
        /// What is wrong.
        problem: String,
    },
    /// The payload is nil (detached) or not a byte string.
    #[error("the payload is {found}, where a byte string of claims belongs")]
    Payload {
        /// What was found instead.
        found: &'static str,
    },
}

impl CoseError {
    /// The diagnostic code of this error.
    pub fn code(&self) -> DiagnosticCode {
        match self {
            CoseError::Cbor { .. } | CoseError::TrailingBytes { .. } => DiagnosticCode::CoseCbor,
            CoseError::Tag { .. } => DiagnosticCode::CoseTag,
            CoseError::Structure { .. } => DiagnosticCode::CoseStructure,
            CoseError::Payload { .. } => DiagnosticCode::CosePayload,
        }
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let diagnostic = Diagnostic::new(self.code(), self.to_string());
        match self {
            CoseError::TrailingBytes { position, .. } => diagnostic.at(*position),
            _ => diagnostic,
        }
    }
}

/// Reads one CBOR item from `bytes`, rejecting trailing bytes.
pub(crate) fn read_cbor(bytes: &[u8]) -> Result<Value, CoseError> {
    thread_local! {
        // The reader's scratch space for strings, as large as `ciborium::de::from_reader`
        // makes it, kept between calls: zeroing 4 KiB for each of a certificate's three
        // CBOR items cost more than reading them.
        static SCRATCH: std::cell::RefCell<Vec<u8>> = std::cell::RefCell::new(vec![0; 4096]);
    }
    let mut rest = bytes;
    let value: Value = SCRATCH
        .with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            ciborium::de::from_reader_with_buffer(&mut rest, &mut scratch)
        })
        .map_err(|error| CoseError::Cbor {
            reason: cbor_reason(&error),
        })?;
    if !rest.is_empty() {
        return Err(CoseError::TrailingBytes {
            count: rest.len(),
            position: bytes.len() - rest.len(),
        });
    }
    Ok(value)
}

pub(crate) fn cbor_reason<T: std::fmt::Debug>(error: &ciborium::de::Error<T>) -> String {
    match error {
        ciborium::de::Error::Io(_) => "the data ends inside an item".into(),
        ciborium::de::Error::Syntax(offset) => format!("malformed item at byte {offset}"),
        ciborium::de::Error::Semantic(Some(offset), message) => {
            format!("{} at byte {offset}", message.to_lowercase())
        }
        ciborium::de::Error::Semantic(None, message) => message.to_lowercase(),
        ciborium::de::Error::RecursionLimitExceeded => "items nested too deeply".into(),
    }
}

pub(crate) fn kind(value: &Value) -> &'static str {
    match value {
        Value::Integer(_) => "an integer",
        Value::Bytes(_) => "a byte string",
        Value::Float(_) => "a float",
        Value::Text(_) => "a text",
        Value::Bool(_) => "a boolean",
        Value::Null => "nil",
        Value::Tag(..) => "a tagged item",
        Value::Array(_) => "an array",
        Value::Map(_) => "a map",
        _ => "an unknown item",
    }
}

/// A COSE_Sign1 structure: protected header bytes, headers, payload and signature.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoseSign1 {
    protected: Vec<u8>,
    payload: Vec<u8>,
    signature: Vec<u8>,
    algorithm: Option<Algorithm>,
    kid: Option<Vec<u8>>,
    tagged: bool,
    findings: Vec<Diagnostic>,
}

const ALG: i128 = 1;
const KID: i128 = 4;

impl CoseSign1 {
    /// Reads a COSE_Sign1 structure, tagged 18 or untagged (hcert_spec 3.3), or a CWT tag 61
    /// around it. Problems with the headers (an algorithm the specification does not allow,
    /// a missing key identifier) do not stop reading; [`CoseSign1::findings`] lists them.
    pub fn from_bytes(bytes: &[u8]) -> Result<CoseSign1, CoseError> {
        let mut value = read_cbor(bytes)?;
        let mut tagged = false;
        if let Value::Tag(61, inner) = value {
            value = *inner;
        }
        match value {
            Value::Tag(18, inner) => {
                value = *inner;
                tagged = true;
            }
            Value::Tag(tag, _) => return Err(CoseError::Tag { tag }),
            _ => {}
        }
        let Value::Array(items) = value else {
            return Err(CoseError::Structure {
                problem: format!("{}, where an array of four belongs", kind(&value)),
            });
        };
        let Ok([protected, unprotected, payload, signature]) = <[Value; 4]>::try_from(items) else {
            return Err(CoseError::Structure {
                problem: "the array does not have four elements".into(),
            });
        };
        let Value::Bytes(protected) = protected else {
            return Err(CoseError::Structure {
                problem: format!(
                    "the protected header is {}, not a byte string",
                    kind(&protected)
                ),
            });
        };
        let Value::Map(unprotected) = unprotected else {
            return Err(CoseError::Structure {
                problem: format!(
                    "the unprotected header is {}, not a map",
                    kind(&unprotected)
                ),
            });
        };
        let payload = match payload {
            Value::Bytes(payload) => payload,
            Value::Null => {
                return Err(CoseError::Payload {
                    found: "nil (detached)",
                });
            }
            other => {
                return Err(CoseError::Payload {
                    found: kind(&other),
                });
            }
        };
        let Value::Bytes(signature) = signature else {
            return Err(CoseError::Structure {
                problem: format!("the signature is {}, not a byte string", kind(&signature)),
            });
        };

        let mut findings = Vec::new();
        // An empty protected header may be a zero-length string (RFC 9052 3).
        let protected_map = if protected.is_empty() {
            Vec::new()
        } else {
            match read_cbor(&protected) {
                Ok(Value::Map(map)) => map,
                Ok(other) => {
                    findings.push(Diagnostic::new(
                        DiagnosticCode::CoseHeader,
                        format!("the protected header holds {}, not a map", kind(&other)),
                    ));
                    Vec::new()
                }
                Err(error) => {
                    findings.push(Diagnostic::new(
                        DiagnosticCode::CoseHeader,
                        format!("the protected header is not cbor: {error}"),
                    ));
                    Vec::new()
                }
            }
        };
        let protected_alg = header(&protected_map, ALG);
        let unprotected_alg = header(&unprotected, ALG);
        let algorithm = match (protected_alg, unprotected_alg) {
            (Some(alg), _) => algorithm(alg, "protected", &mut findings),
            (None, Some(alg)) => {
                findings.push(Diagnostic::new(
                    DiagnosticCode::CoseAlgorithmUnprotected,
                    "alg is in the unprotected header, where the signature does not cover it",
                ));
                algorithm(alg, "unprotected", &mut findings)
            }
            (None, None) => {
                findings.push(Diagnostic::new(
                    DiagnosticCode::CoseAlgorithm,
                    "no alg header: the signature algorithm is unknown",
                ));
                None
            }
        };
        let protected_kid = kid(header(&protected_map, KID), "protected", &mut findings);
        let unprotected_kid = kid(header(&unprotected, KID), "unprotected", &mut findings);
        let kid = match (protected_kid, unprotected_kid) {
            (Some(protected), Some(unprotected)) => {
                if protected != unprotected {
                    findings.push(Diagnostic::new(
                        DiagnosticCode::CoseKidConflict,
                        format!(
                            "the protected kid {} differs from the unprotected kid {}; the protected one is used",
                            hex(&protected),
                            hex(&unprotected)
                        ),
                    ));
                }
                Some(protected)
            }
            (Some(kid), None) | (None, Some(kid)) => Some(kid),
            (None, None) => {
                findings.push(Diagnostic::new(
                    DiagnosticCode::CoseKid,
                    "no kid in either header: the signer cannot be looked up",
                ));
                None
            }
        };
        Ok(CoseSign1 {
            protected,
            payload,
            signature,
            algorithm,
            kid,
            tagged,
            findings,
        })
    }

    /// The algorithm from the headers, when it is one the specification allows.
    pub fn algorithm(&self) -> Option<Algorithm> {
        self.algorithm
    }

    /// The key identifier: the protected header's, else the unprotected header's.
    pub fn kid(&self) -> Option<&[u8]> {
        self.kid.as_deref()
    }

    /// Whether the structure carried COSE tag 18.
    pub fn is_tagged(&self) -> bool {
        self.tagged
    }

    /// The payload: the CWT claims' CBOR bytes.
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The signature bytes.
    pub fn signature(&self) -> &[u8] {
        &self.signature
    }

    /// Problems with the headers, which did not stop reading.
    pub fn findings(&self) -> &[Diagnostic] {
        &self.findings
    }

    /// The bytes the signature covers: the `Sig_structure` of RFC 9052 4.4 with the
    /// protected header's bytes as they arrived and an empty external AAD.
    ///
    /// Written directly, as a CBOR encoder writes it (every length in its shortest form),
    /// without copying the header and payload into CBOR values first.
    pub fn signed_bytes(&self) -> Vec<u8> {
        const CONTEXT: &[u8] = b"Signature1";
        let mut out = Vec::with_capacity(self.protected.len() + self.payload.len() + 32);
        // An array of four; the text "Signature1" (major type 3, ten bytes).
        out.push(0x84);
        out.push(0x60 | 10);
        out.extend_from_slice(CONTEXT);
        byte_string(&mut out, &self.protected);
        byte_string(&mut out, &[]);
        byte_string(&mut out, &self.payload);
        out
    }
}

/// Writes a CBOR byte string (major type 2) with its length in the shortest form.
fn byte_string(out: &mut Vec<u8>, bytes: &[u8]) {
    const MAJOR: u8 = 2 << 5;
    let length = bytes.len();
    if let Ok(byte) = u8::try_from(length) {
        if byte < 24 {
            out.push(MAJOR | byte);
        } else {
            out.extend_from_slice(&[MAJOR | 24, byte]);
        }
    } else if let Ok(short) = u16::try_from(length) {
        out.push(MAJOR | 25);
        out.extend_from_slice(&short.to_be_bytes());
    } else if let Ok(word) = u32::try_from(length) {
        out.push(MAJOR | 26);
        out.extend_from_slice(&word.to_be_bytes());
    } else {
        out.push(MAJOR | 27);
        out.extend_from_slice(&u64::try_from(length).unwrap_or(u64::MAX).to_be_bytes());
    }
    out.extend_from_slice(bytes);
}

fn header(map: &[(Value, Value)], label: i128) -> Option<&Value> {
    map.iter().find_map(|(key, value)| match key {
        Value::Integer(key) if i128::from(*key) == label => Some(value),
        _ => None,
    })
}

fn algorithm(value: &Value, place: &str, findings: &mut Vec<Diagnostic>) -> Option<Algorithm> {
    let found = match value {
        Value::Integer(alg) => {
            let alg = i128::from(*alg);
            if let Some(algorithm) = Algorithm::from_cose(alg) {
                return Some(algorithm);
            }
            match alg {
                -257 => "RS256 (-257), which the specification does not allow".to_string(),
                other => format!("algorithm {other}"),
            }
        }
        Value::Text(name) => format!("the text {name:?}"),
        other => kind(other).to_string(),
    };
    findings.push(Diagnostic::new(
        DiagnosticCode::CoseAlgorithm,
        format!("the {place} alg is {found}; only ES256 (-7) and PS256 (-37) are allowed"),
    ));
    None
}

fn kid(value: Option<&Value>, place: &str, findings: &mut Vec<Diagnostic>) -> Option<Vec<u8>> {
    match value? {
        Value::Bytes(kid) => Some(kid.clone()),
        other => {
            findings.push(Diagnostic::new(
                DiagnosticCode::CoseKid,
                format!("the {place} kid is {}, not a byte string", kind(other)),
            ));
            None
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Sig_structure written by hand is what a CBOR encoder writes, at every length
    /// boundary of the shortest form.
    #[test]
    fn signed_bytes_are_the_encoders_sig_structure() {
        for (protected, payload) in [
            (0, 0),
            (3, 23),
            (23, 24),
            (24, 255),
            (1, 256),
            (4, 65_535),
            (4, 65_536),
        ] {
            let cose = CoseSign1 {
                protected: vec![0xa1; protected],
                payload: (0..payload).map(|i| (i % 251) as u8).collect(),
                signature: Vec::new(),
                algorithm: None,
                kid: None,
                tagged: false,
                findings: Vec::new(),
            };
            let structure = Value::Array(vec![
                Value::Text("Signature1".into()),
                Value::Bytes(cose.protected.clone()),
                Value::Bytes(Vec::new()),
                Value::Bytes(cose.payload.clone()),
            ]);
            let mut expected = Vec::new();
            ciborium::ser::into_writer(&structure, &mut expected).unwrap();
            assert_eq!(cose.signed_bytes(), expected, "{protected}, {payload}");
        }
    }

    #[test]
    fn hex_is_lowercase_two_digits_a_byte() {
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
        assert_eq!(hex(&[]), "");
    }
}
