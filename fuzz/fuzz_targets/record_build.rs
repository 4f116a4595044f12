//! Any JSON record: building never panics, and a built code parses back to a record that
//! builds the same code.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_payload::{PersonalCode, Record};

fuzz_target!(|data: &[u8]| {
    let Ok(record) = serde_json::from_slice::<Record>(data) else {
        return;
    };
    let Ok(code) = PersonalCode::from_record(&record) else {
        return;
    };
    let again = PersonalCode::from_record(&code.to_record()).expect("a built code rebuilds");
    assert_eq!(again, code);
});
