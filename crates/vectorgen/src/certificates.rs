//! The EU certificate family (`conformance-vectors/eu-dcc/`): valid ES256 and PS256
//! certificates of each type, each stage of the chain broken, a zlib bomb, an expired one and a
//! wrong key usage, signed with the test signers of `qr1405-testkeys`, with the DSC trust list
//! they verify against.
//!
//! Every byte is reproducible: CBOR maps are written in a fixed order, zlib is deterministic,
//! ECDSA signatures are deterministic (RFC 6979), and PSS salts come from a ChaCha20 generator
//! seeded per vector, here in the generator only.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;
use ciborium::Value;
use qr1405_testkeys::CertificateKey;
use rand_chacha::rand_core::SeedableRng as _;
use serde::Serialize;
use serde_json::json;
use sha2::{Digest as _, Sha256};

use crate::Error;

/// The clock every certificate is judged at.
const CLOCK: &str = "2021-10-01T00:00:00Z";
/// 2021-09-01T00:00:00Z, when the certificates were issued.
const IAT: i64 = 1_630_454_400;
/// 2022-09-01T00:00:00Z, when they expire.
const EXP: i64 = 1_661_990_400;

/// One golden EU certificate: its text, and what a reader must make of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateVector {
    /// A stable id, such as `dcc-valid-ps256-vaccination`.
    pub id: String,
    /// What it is, in a sentence.
    pub description: String,
    /// The scanned text.
    pub text: String,
    /// The validation clock, RFC 3339.
    pub clock: String,
    /// The test signer it is signed with (`es256`, `ps256`, `es256-tests-only`).
    pub signer: String,
    /// `accept` or `refuse`: what a reader with the trust list `signers.json` must do.
    pub expect: String,
    /// The error diagnostic codes of `docs/eu-dcc.md` a refusal has, in stage order.
    pub codes: Vec<String>,
}

/// The index file: every vector, and where its trust list is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Index {
    description: &'static str,
    provenance: &'static str,
    trust_list: &'static str,
    vectors: Vec<CertificateVector>,
}

fn int(i: i64) -> Value {
    Value::Integer(i.into())
}

fn cbor(value: &Value, item: &str) -> Result<Vec<u8>, Error> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(value, &mut out).map_err(|e| Error::Certificate {
        item: item.to_owned(),
        reason: format!("cbor: {e}"),
    })?;
    Ok(out)
}

fn json_to_cbor(json: &serde_json::Value) -> Value {
    match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => int(i),
            None => Value::Float(n.as_f64().unwrap_or_default()),
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

/// A certificate of schema 1.3.0 holding one vaccination (`v`), test (`t`) or recovery (`r`).
fn certificate(group: &str) -> serde_json::Value {
    let entry = match group {
        "v" => json!({
            "tg": "840539006", "vp": "1119349007", "mp": "EU/1/20/1528", "ma": "ORG-100030215",
            "dn": 2, "sd": 2, "dt": "2021-08-20", "co": "VN", "is": "Ministry of Health of Viet Nam",
            "ci": "URN:UVCI:01:VN:QR1405TESTV0001#S"
        }),
        "t" => json!({
            "tg": "840539006", "tt": "LP6464-4", "nm": "SARS-CoV-2 RT-PCR",
            "sc": "2021-08-30T08:00:00Z", "tr": "260415000", "tc": "Bach Mai Hospital",
            "co": "VN", "is": "Ministry of Health of Viet Nam",
            "ci": "URN:UVCI:01:VN:QR1405TESTT0001#Q"
        }),
        _ => json!({
            "tg": "840539006", "fr": "2021-07-01", "df": "2021-07-12", "du": "2021-12-28",
            "co": "VN", "is": "Ministry of Health of Viet Nam",
            "ci": "URN:UVCI:01:VN:QR1405TESTR0001#4"
        }),
    };
    let mut certificate = json!({
        "ver": "1.3.0",
        "nam": {"fn": "Nguyễn", "fnt": "NGUYEN", "gn": "Thị Minh Khai", "gnt": "THI<MINH<KHAI"},
        "dob": "1987-05-19",
    });
    certificate[group] = json!([entry]);
    certificate
}

/// What to change on the way from a certificate to its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    None,
    Prefix,
    Base45,
    Zlib,
    Cose,
    Cwt,
    Schema,
    Semantic,
    Bomb,
    Expired,
    Signature,
    UnknownSigner,
}

struct Spec {
    id: &'static str,
    description: &'static str,
    key: CertificateKey,
    group: &'static str,
    defect: Defect,
    codes: &'static [&'static str],
}

const fn spec(
    id: &'static str,
    description: &'static str,
    key: CertificateKey,
    group: &'static str,
    defect: Defect,
    codes: &'static [&'static str],
) -> Spec {
    Spec {
        id,
        description,
        key,
        group,
        defect,
        codes,
    }
}

fn specs() -> Vec<Spec> {
    use CertificateKey::{Es256, Es256TestsOnly, Ps256};
    vec![
        spec(
            "dcc-valid-es256-vaccination",
            "a vaccination certificate signed with ES256",
            Es256,
            "v",
            Defect::None,
            &[],
        ),
        spec(
            "dcc-valid-es256-test",
            "a test certificate signed with ES256",
            Es256,
            "t",
            Defect::None,
            &[],
        ),
        spec(
            "dcc-valid-es256-recovery",
            "a recovery certificate signed with ES256",
            Es256,
            "r",
            Defect::None,
            &[],
        ),
        spec(
            "dcc-valid-ps256-vaccination",
            "a vaccination certificate signed with PS256, as Vietnam signs",
            Ps256,
            "v",
            Defect::None,
            &[],
        ),
        spec(
            "dcc-valid-ps256-test",
            "a test certificate signed with PS256",
            Ps256,
            "t",
            Defect::None,
            &[],
        ),
        spec(
            "dcc-valid-ps256-recovery",
            "a recovery certificate signed with PS256",
            Ps256,
            "r",
            Defect::None,
            &[],
        ),
        spec(
            "dcc-broken-prefix",
            "a valid certificate's text under the context identifier HC2:",
            Es256,
            "v",
            Defect::Prefix,
            &["dcc-prefix-missing"],
        ),
        spec(
            "dcc-broken-base45",
            "a character outside the base45 alphabet in the text",
            Es256,
            "v",
            Defect::Base45,
            &["dcc-base45-character"],
        ),
        spec(
            "dcc-broken-zlib",
            "a zlib stream whose checksum is wrong",
            Ps256,
            "v",
            Defect::Zlib,
            &["dcc-zlib-invalid"],
        ),
        spec(
            "dcc-broken-cose",
            "a signed structure that is a three-element array, not COSE_Sign1",
            Es256,
            "v",
            Defect::Cose,
            &["dcc-cose-structure"],
        ),
        spec(
            "dcc-broken-cwt",
            "a COSE payload that is a CBOR array, not a map of claims",
            Es256,
            "v",
            Defect::Cwt,
            &["dcc-cwt-cbor"],
        ),
        spec(
            "dcc-broken-schema",
            "a dose number written as text",
            Ps256,
            "v",
            Defect::Schema,
            &["dcc-schema-type"],
        ),
        spec(
            "dcc-broken-semantic",
            "a vaccination dated after the validation clock",
            Es256,
            "v",
            Defect::Semantic,
            &["dcc-semantic-future-date"],
        ),
        spec(
            "dcc-zlib-bomb",
            "a zlib stream that inflates to 1 MiB of zeros",
            Es256,
            "v",
            Defect::Bomb,
            &["dcc-zlib-too-large"],
        ),
        spec(
            "dcc-expired",
            "a certificate that expired the day before the validation clock",
            Ps256,
            "v",
            Defect::Expired,
            &["dcc-expired"],
        ),
        spec(
            "dcc-wrong-key-usage",
            "a vaccination signed by a DSC whose key usage allows tests only",
            Es256TestsOnly,
            "v",
            Defect::None,
            &["dcc-key-usage-mismatch"],
        ),
        spec(
            "dcc-signature-invalid",
            "a signature with one byte changed",
            Ps256,
            "v",
            Defect::Signature,
            &["dcc-signature-invalid"],
        ),
        spec(
            "dcc-signer-unknown",
            "a kid no signer certificate of the trust list has",
            Es256,
            "v",
            Defect::UnknownSigner,
            &["dcc-signer-unknown"],
        ),
    ]
}

fn der(pem: &str, item: &str) -> Result<Vec<u8>, Error> {
    let body: String = pem
        .lines()
        .filter(|line| !line.starts_with("-----"))
        .collect();
    BASE64.decode(body.trim()).map_err(|e| Error::Certificate {
        item: item.to_owned(),
        reason: format!("pem: {e}"),
    })
}

/// The key identifier of a DSC: the first 8 bytes of the SHA-256 of its DER.
fn kid(key: CertificateKey) -> Result<Vec<u8>, Error> {
    Ok(Sha256::digest(der(key.dsc_pem(), key.name())?)[..8].to_vec())
}

fn sign(key: CertificateKey, message: &[u8], seed: u64, item: &str) -> Result<Vec<u8>, Error> {
    let fail = |reason: String| Error::Certificate {
        item: item.to_owned(),
        reason,
    };
    let private = der(key.private_key_pem(), item)?;
    match key {
        CertificateKey::Ps256 => {
            use rsa::pkcs8::DecodePrivateKey as _;
            use rsa::signature::{RandomizedSigner as _, SignatureEncoding as _};
            let private = rsa::RsaPrivateKey::from_pkcs8_der(&private)
                .map_err(|e| fail(format!("rsa key: {e}")))?;
            let signer = rsa::pss::SigningKey::<Sha256>::new(private);
            let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
            let signature = signer
                .try_sign_with_rng(&mut rng, message)
                .map_err(|e| fail(format!("pss: {e}")))?;
            Ok(signature.to_vec())
        }
        CertificateKey::Es256 | CertificateKey::Es256TestsOnly => {
            use p256::ecdsa::signature::Signer as _;
            use p256::pkcs8::DecodePrivateKey as _;
            let signer = p256::ecdsa::SigningKey::from_pkcs8_der(&private)
                .map_err(|e| fail(format!("p-256 key: {e}")))?;
            let signature: p256::ecdsa::Signature = signer.sign(message);
            Ok(signature.to_bytes().to_vec())
        }
    }
}

fn make(spec: &Spec, seed: u64) -> Result<CertificateVector, Error> {
    let item = spec.id;
    let mut json = certificate(spec.group);
    match spec.defect {
        Defect::Schema => json["v"][0]["dn"] = json!("2"),
        Defect::Semantic => json["v"][0]["dt"] = json!("2021-12-01"),
        _ => {}
    }
    let exp = if spec.defect == Defect::Expired {
        1_632_960_000 // 2021-09-30T00:00:00Z
    } else {
        EXP
    };
    let claims = Value::Map(vec![
        (int(1), Value::Text("VN".into())),
        (int(6), int(IAT)),
        (int(4), int(exp)),
        (int(-260), Value::Map(vec![(int(1), json_to_cbor(&json))])),
    ]);
    let payload = if spec.defect == Defect::Cwt {
        cbor(&Value::Array(vec![int(1), int(2)]), item)?
    } else {
        cbor(&claims, item)?
    };
    let algorithm = if spec.key.algorithm() == "PS256" {
        -37
    } else {
        -7
    };
    let kid = if spec.defect == Defect::UnknownSigner {
        b"qr1405!!".to_vec()
    } else {
        kid(spec.key)?
    };
    let protected = cbor(
        &Value::Map(vec![(int(1), int(algorithm)), (int(4), Value::Bytes(kid))]),
        item,
    )?;
    let to_sign = cbor(
        &Value::Array(vec![
            Value::Text("Signature1".into()),
            Value::Bytes(protected.clone()),
            Value::Bytes(Vec::new()),
            Value::Bytes(payload.clone()),
        ]),
        item,
    )?;
    let mut signature = sign(spec.key, &to_sign, seed, item)?;
    if spec.defect == Defect::Signature
        && let Some(byte) = signature.get_mut(10)
    {
        *byte ^= 0x01;
    }
    let mut elements = vec![
        Value::Bytes(protected),
        Value::Map(Vec::new()),
        Value::Bytes(payload),
        Value::Bytes(signature),
    ];
    if spec.defect == Defect::Cose {
        elements.pop();
    }
    let cose = cbor(&Value::Tag(18, Box::new(Value::Array(elements))), item)?;
    let cose = if spec.defect == Defect::Bomb {
        vec![0; 1 << 20]
    } else {
        cose
    };
    let mut compressed = miniz_oxide::deflate::compress_to_vec_zlib(&cose, 9);
    if spec.defect == Defect::Zlib
        && let Some(last) = compressed.last_mut()
    {
        *last ^= 0xff;
    }
    let mut body = qr1405_dcc::base45_encode(&compressed);
    if spec.defect == Defect::Base45 {
        body.insert(body.len() / 2, '~');
    }
    let prefix = if spec.defect == Defect::Prefix {
        "HC2:"
    } else {
        qr1405_dcc::PREFIX
    };
    Ok(CertificateVector {
        id: spec.id.to_owned(),
        description: spec.description.to_owned(),
        text: format!("{prefix}{body}"),
        clock: CLOCK.to_owned(),
        signer: spec.key.name().to_owned(),
        expect: if spec.codes.is_empty() {
            "accept"
        } else {
            "refuse"
        }
        .to_owned(),
        codes: spec.codes.iter().map(|c| (*c).to_owned()).collect(),
    })
}

/// Every golden EU certificate, in a fixed order.
pub fn certificate_vectors() -> Result<Vec<CertificateVector>, Error> {
    specs()
        .iter()
        .zip(1405u64..)
        .map(|(spec, seed)| make(spec, seed))
        .collect()
}

/// The DSC trust list (`docs/eu-dcc.md`) of every test signer.
fn trust_list() -> Result<serde_json::Value, Error> {
    let mut signers = Vec::new();
    for key in CertificateKey::ALL {
        signers.push(json!({
            "kid": BASE64.encode(kid(key)?),
            "country": "VN",
            "certificate": BASE64.encode(der(key.dsc_pem(), key.name())?),
        }));
    }
    Ok(json!({ "signers": signers }))
}

/// The files of `conformance-vectors/eu-dcc/`: `index.json` (every vector) and `signers.json`
/// (the DSC trust list they verify against), as `(file name, bytes)`.
pub fn certificate_files() -> Result<Vec<(String, Vec<u8>)>, Error> {
    let index = Index {
        description: "Golden EU Digital COVID Certificates: each vector's text, its clock, and \
                      whether a reader with the trust list signers.json must accept or refuse \
                      it, with the error codes of docs/eu-dcc.md",
        provenance: "generated by qr1405-vectorgen from fixed certificates and the published \
                     test signers of crates/testkeys/certificates; synthetic data; MIT OR \
                     Apache-2.0",
        trust_list: "signers.json",
        vectors: certificate_vectors()?,
    };
    let pretty = |item: &str, value: &dyn erased::Json| -> Result<Vec<u8>, Error> {
        let mut bytes = value.to_pretty().map_err(|source| Error::Json {
            item: item.to_owned(),
            source,
        })?;
        bytes.push(b'\n');
        Ok(bytes)
    };
    Ok(vec![
        (
            "index.json".to_owned(),
            pretty("eu-dcc/index.json", &index)?,
        ),
        (
            "signers.json".to_owned(),
            pretty("eu-dcc/signers.json", &trust_list()?)?,
        ),
    ])
}

mod erased {
    /// Pretty JSON of either file.
    pub(super) trait Json {
        fn to_pretty(&self) -> serde_json::Result<Vec<u8>>;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_pretty(&self) -> serde_json::Result<Vec<u8>> {
            serde_json::to_vec_pretty(self)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_family_is_reproducible() {
        assert_eq!(certificate_files().unwrap(), certificate_files().unwrap());
    }

    #[test]
    fn each_vector_is_what_the_certificate_crate_finds() {
        let signers = qr1405_dcc::Signers::from_trust_list(
            &serde_json::to_vec(&trust_list().unwrap()).unwrap(),
        )
        .unwrap();
        let at = qr1405_dcc::NumericDate::parse(CLOCK).unwrap();
        for vector in certificate_vectors().unwrap() {
            let mut opened = qr1405_dcc::open(&vector.text, at);
            opened.verify(&signers);
            let codes: Vec<&str> = opened
                .diagnostics()
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.code().as_str())
                .collect();
            assert_eq!(codes, vector.codes, "{}", vector.id);
        }
    }
}
