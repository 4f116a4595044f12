//! **Test-only** signing keys and the signed test trust list for `qr1405-sign`.
//!
//! Every key here is made from a published seed: anyone can sign with it. They exist so
//! that tests, conformance vectors and examples are reproducible. **Never trust these keys
//! for real codes**, and never put their public keys in a production trust list.
//!
//! The test trust list has the four issuers of the national personal code, each with keys in
//! the situations a reader must judge: active, retired, revoked, and with a validity window
//! that ended. Its files are in `crates/sign/testdata/` (see its README), and a test checks
//! that they are exactly what this crate generates.
//!
//! ```
//! use qr1405_testkeys::{TestKey, trust_list};
//!
//! let key = TestKey::Vneid2021.secret_key();
//! assert!(trust_list().key(key.key_id()).is_some());
//! ```

mod corpus;

pub use corpus::{corpus, dgc_testdata};
use qr1405_sign::{PublicKey, SecretKey, TrustList, sign_trust_list};
use sha2::{Digest, Sha256};

/// What every test seed hashes in front of the key's label.
const SEED_LABEL: &str = "qr1405 test key, never for real codes: ";

/// An issuer of the test trust list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TestIssuer {
    /// QRQG, the national platform that issues personal codes.
    Qrqg,
    /// PC-Covid, the national steering committee's app.
    PcCovid,
    /// VNeID, the Ministry of Public Security's identity app.
    Vneid,
    /// Sổ Sức khỏe điện tử, the Ministry of Health's health-record app.
    SoSucKhoe,
}

impl TestIssuer {
    /// Every issuer, in the order of the list.
    pub const ALL: [TestIssuer; 4] = [
        TestIssuer::Qrqg,
        TestIssuer::PcCovid,
        TestIssuer::Vneid,
        TestIssuer::SoSucKhoe,
    ];

    /// The issuer's id in the trust list.
    pub fn id(self) -> &'static str {
        match self {
            TestIssuer::Qrqg => "qrqg",
            TestIssuer::PcCovid => "pc-covid",
            TestIssuer::Vneid => "vneid",
            TestIssuer::SoSucKhoe => "so-suc-khoe-dien-tu",
        }
    }

    /// The issuer's name.
    pub fn name(self) -> &'static str {
        match self {
            TestIssuer::Qrqg => "QRQG",
            TestIssuer::PcCovid => "PC-Covid",
            TestIssuer::Vneid => "VNeID",
            TestIssuer::SoSucKhoe => "Sổ Sức khỏe điện tử",
        }
    }

    /// The issuer's key that is active and valid from 2022-05-01 on.
    pub fn active_key(self) -> TestKey {
        match self {
            TestIssuer::Qrqg => TestKey::Qrqg2021,
            TestIssuer::PcCovid => TestKey::PcCovid2022,
            TestIssuer::Vneid => TestKey::Vneid2021,
            TestIssuer::SoSucKhoe => TestKey::SoSucKhoe2021,
        }
    }
}

/// A test key. The trust list's entry for each is given with its variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TestKey {
    /// The root that signs the test trust list.
    Root,
    /// QRQG: valid 2021-09-11 to 2031-09-11, active.
    Qrqg2021,
    /// PC-Covid: valid 2021-09-11 to 2031-09-11, retired from 2022-06-01T00:00:00Z.
    PcCovid2021,
    /// PC-Covid: valid 2022-05-01 to 2032-05-01, active.
    PcCovid2022,
    /// VNeID: valid 2021-09-11 to 2031-09-11, active.
    Vneid2021,
    /// VNeID: valid 2021-09-11 to 2031-09-11, revoked from 2022-03-01T00:00:00Z.
    VneidRevoked,
    /// Sổ Sức khỏe điện tử: valid 2021-10-01 to 2024-10-01 (exclusive), active.
    SoSucKhoe2021,
    /// In no trust list: signatures under it name an unknown key.
    Stranger,
}

/// One key's entry in the test trust list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// The issuer.
    pub issuer: TestIssuer,
    /// The start of the validity window.
    pub not_before: &'static str,
    /// The end of the validity window (exclusive).
    pub not_after: &'static str,
    /// The status as the list writes it: `"active"` or `{"retired": …}`/`{"revoked": …}`.
    pub status: &'static str,
}

impl TestKey {
    /// Every test key.
    pub const ALL: [TestKey; 8] = [
        TestKey::Root,
        TestKey::Qrqg2021,
        TestKey::PcCovid2021,
        TestKey::PcCovid2022,
        TestKey::Vneid2021,
        TestKey::VneidRevoked,
        TestKey::SoSucKhoe2021,
        TestKey::Stranger,
    ];

    /// The key's label, from which its seed is made; also its file name in `testdata/keys`.
    pub fn label(self) -> &'static str {
        match self {
            TestKey::Root => "root",
            TestKey::Qrqg2021 => "qrqg-2021",
            TestKey::PcCovid2021 => "pc-covid-2021",
            TestKey::PcCovid2022 => "pc-covid-2022",
            TestKey::Vneid2021 => "vneid-2021",
            TestKey::VneidRevoked => "vneid-revoked",
            TestKey::SoSucKhoe2021 => "so-suc-khoe-2021",
            TestKey::Stranger => "stranger",
        }
    }

    /// The seed: SHA-256 of `qr1405 test key, never for real codes: ` and the label.
    pub fn seed(self) -> [u8; 32] {
        Sha256::digest(format!("{SEED_LABEL}{}", self.label())).into()
    }

    /// The secret key. Test-only: its seed is public.
    pub fn secret_key(self) -> SecretKey {
        SecretKey::from_seed(&self.seed())
    }

    /// The public key.
    pub fn public_key(self) -> PublicKey {
        self.secret_key().public_key()
    }

    /// The key's entry in the test trust list; `None` for the root and the stranger.
    pub fn entry(self) -> Option<Entry> {
        let (issuer, not_before, not_after, status) = match self {
            TestKey::Root | TestKey::Stranger => return None,
            TestKey::Qrqg2021 => (
                TestIssuer::Qrqg,
                "2021-09-11T00:00:00Z",
                "2031-09-11T00:00:00Z",
                r#""active""#,
            ),
            TestKey::PcCovid2021 => (
                TestIssuer::PcCovid,
                "2021-09-11T00:00:00Z",
                "2031-09-11T00:00:00Z",
                r#"{"retired": "2022-06-01T00:00:00Z"}"#,
            ),
            TestKey::PcCovid2022 => (
                TestIssuer::PcCovid,
                "2022-05-01T00:00:00Z",
                "2032-05-01T00:00:00Z",
                r#""active""#,
            ),
            TestKey::Vneid2021 => (
                TestIssuer::Vneid,
                "2021-09-11T00:00:00Z",
                "2031-09-11T00:00:00Z",
                r#""active""#,
            ),
            TestKey::VneidRevoked => (
                TestIssuer::Vneid,
                "2021-09-11T00:00:00Z",
                "2031-09-11T00:00:00Z",
                r#"{"revoked": "2022-03-01T00:00:00Z"}"#,
            ),
            TestKey::SoSucKhoe2021 => (
                TestIssuer::SoSucKhoe,
                "2021-10-01T00:00:00Z",
                "2024-10-01T00:00:00Z",
                r#""active""#,
            ),
        };
        Some(Entry {
            issuer,
            not_before,
            not_after,
            status,
        })
    }
}

/// The test trust list before it is signed: the input of `qr1405 trust sign`.
pub fn unsigned_trust_list() -> String {
    let issuers: Vec<String> = TestIssuer::ALL
        .iter()
        .map(|&issuer| {
            let keys: Vec<String> = TestKey::ALL
                .iter()
                .filter_map(|&key| Some((key, key.entry()?)))
                .filter(|(_, entry)| entry.issuer == issuer)
                .map(|(key, entry)| {
                    format!(
                        r#"        {{
          "key_id": "{}",
          "public_key": "{}",
          "not_before": "{}",
          "not_after": "{}",
          "status": {}
        }}"#,
                        key.public_key().key_id(),
                        key.public_key(),
                        entry.not_before,
                        entry.not_after,
                        entry.status,
                    )
                })
                .collect();
            format!(
                r#"    {{
      "id": "{}",
      "name": "{}",
      "keys": [
{}
      ]
    }}"#,
                issuer.id(),
                issuer.name(),
                keys.join(",\n")
            )
        })
        .collect();
    format!(
        r#"{{
  "version": 1,
  "sequence": 1,
  "issued_at": "2022-06-01T00:00:00Z",
  "issuers": [
{}
  ]
}}
"#,
        issuers.join(",\n")
    )
}

/// The test trust list, signed by [`TestKey::Root`].
pub fn signed_trust_list() -> String {
    match sign_trust_list(
        unsigned_trust_list().as_bytes(),
        &TestKey::Root.secret_key(),
    ) {
        Ok(signed) => signed,
        Err(error) => unreachable!("the test trust list is valid: {error}"),
    }
}

/// The test trust list, loaded.
pub fn trust_list() -> TrustList {
    match TrustList::from_json(signed_trust_list().as_bytes(), &TestKey::Root.public_key()) {
        Ok(list) => list,
        Err(error) => unreachable!("the test trust list loads: {error}"),
    }
}

/// The PKCS#8 PEM file of a test key.
pub fn pkcs8_pem(key: TestKey) -> String {
    let mut pem = Vec::new();
    // Writing to a vector cannot fail.
    let _ = key.secret_key().write_pkcs8_pem(&mut pem);
    String::from_utf8_lossy(&pem).into_owned()
}

/// Every file of `crates/sign/testdata` that this crate generates: path inside that folder,
/// contents.
pub fn testdata_files() -> Vec<(String, String)> {
    let mut files = vec![
        ("trust-list.unsigned.json".to_owned(), unsigned_trust_list()),
        ("trust-list.json".to_owned(), signed_trust_list()),
        (
            "root.pub".to_owned(),
            format!("{}\n", TestKey::Root.public_key()),
        ),
    ];
    for key in TestKey::ALL {
        files.push((format!("keys/{}.pem", key.label()), pkcs8_pem(key)));
    }
    files
}

/// A **test-only** signer of EU certificates (`HC1:`): a private key and its document signer
/// certificate (DSC), published in `crates/testkeys/certificates/` (see its README).
///
/// Anyone can sign with these keys: never put their certificates in a real trust list.
///
/// ```
/// use qr1405_testkeys::CertificateKey;
///
/// assert!(CertificateKey::Ps256.dsc_pem().starts_with("-----BEGIN CERTIFICATE-----"));
/// assert_eq!(CertificateKey::Es256TestsOnly.algorithm(), "ES256");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CertificateKey {
    /// ECDSA P-256 (ES256); the DSC allows tests, vaccinations and recoveries.
    Es256,
    /// RSASSA-PSS with a 2048-bit RSA key (PS256), as Vietnam signs; the DSC allows every type.
    Ps256,
    /// The ES256 key under a second DSC whose key usage allows tests only.
    Es256TestsOnly,
}

impl CertificateKey {
    /// Every test signer.
    pub const ALL: [CertificateKey; 3] = [
        CertificateKey::Es256,
        CertificateKey::Ps256,
        CertificateKey::Es256TestsOnly,
    ];

    /// A short name: `es256`, `ps256` or `es256-tests-only`.
    pub fn name(self) -> &'static str {
        match self {
            CertificateKey::Es256 => "es256",
            CertificateKey::Ps256 => "ps256",
            CertificateKey::Es256TestsOnly => "es256-tests-only",
        }
    }

    /// The COSE algorithm the key signs with: `ES256` or `PS256`.
    pub fn algorithm(self) -> &'static str {
        match self {
            CertificateKey::Es256 | CertificateKey::Es256TestsOnly => "ES256",
            CertificateKey::Ps256 => "PS256",
        }
    }

    /// The private key, PKCS#8 PEM.
    pub fn private_key_pem(self) -> &'static str {
        match self {
            CertificateKey::Es256 | CertificateKey::Es256TestsOnly => {
                include_str!("../certificates/es256-key.pem")
            }
            CertificateKey::Ps256 => include_str!("../certificates/ps256-key.pem"),
        }
    }

    /// The signer certificate (DSC), PEM.
    pub fn dsc_pem(self) -> &'static str {
        match self {
            CertificateKey::Es256 => include_str!("../certificates/es256-dsc.pem"),
            CertificateKey::Ps256 => include_str!("../certificates/ps256-dsc.pem"),
            CertificateKey::Es256TestsOnly => {
                include_str!("../certificates/es256-tests-only-dsc.pem")
            }
        }
    }
}
