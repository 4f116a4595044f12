//! Any bytes as a COSE_Sign1 structure, from the CBOR down: opening and verifying never
//! panic, the view and diagnostics serialise, and a structure that opens keeps its signature.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_dcc::{Signers, Stage, NumericDate, open_cose};

fuzz_target!(|data: &[u8]| {
    let mut opened = open_cose(data, NumericDate::from_unix_seconds(1_622_505_600));
    opened.verify(&Signers::new());
    let json = serde_json::to_string(opened.diagnostics()).expect("diagnostics serialise");
    assert!(json.starts_with('['));
    if let Some(view) = opened.view() {
        serde_json::to_string(&view).expect("views serialise");
    }
    if opened.cose().is_some() {
        // With no signer trusted, a structure that opens never verifies.
        assert_ne!(opened.outcome(Stage::Signature), qr1405_dcc::StageOutcome::Passed);
    }
});
