//! Any bytes as a signer certificate file (DER, a PEM bundle or base64 of DER) and as a DSC
//! trust list, the files a verifier is handed (`qr1405 verify --dsc`, the web page's signer
//! files): reading never panics, a file read holds a certificate, and a golden EU certificate
//! verified against whatever was read gets a verdict.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use qr1405_dcc::{Dsc, NumericDate, Opened, Signers, open};

/// The golden ES256 vaccination certificate, opened once at its clock.
static OPENED: LazyLock<Opened> = LazyLock::new(|| {
    let index: serde_json::Value =
        serde_json::from_str(include_str!("../../conformance-vectors/eu-dcc/index.json"))
            .expect("the golden certificates' index");
    let text = index["vectors"]
        .as_array()
        .and_then(|vectors| {
            vectors
                .iter()
                .find(|v| v["id"] == "dcc-valid-es256-vaccination")
        })
        .and_then(|v| v["text"].as_str())
        .expect("the golden ES256 certificate");
    open(text, NumericDate::from_unix_seconds(1_633_046_400))
});

fuzz_target!(|data: &[u8]| {
    if let Ok(dscs) = Dsc::all_from_file_bytes(data) {
        assert!(!dscs.is_empty(), "a file read holds a certificate");
        let mut signers = Signers::new();
        for dsc in dscs {
            let _ = (dsc.kid(), dsc.subject(), dsc.country(), dsc.usages());
            let _ = (dsc.not_before(), dsc.not_after(), dsc.der());
            signers.add(dsc);
        }
        let mut opened = OPENED.clone();
        opened.verify(&signers);
        let _ = opened.signer();
    }
    if let Ok(signers) = Signers::from_trust_list(data) {
        let mut opened = OPENED.clone();
        opened.verify(&signers);
        let _ = opened.signer();
    }
});
