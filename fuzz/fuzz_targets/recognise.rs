//! Any bytes: recognition never panics, its report serialises, and a personal code it accepts
//! parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_payload::{Format, PersonalCode, recognise};

fuzz_target!(|data: &[u8]| {
    let scan = recognise(data);
    let json = serde_json::to_string(&scan).expect("reports serialise");
    assert!(json.starts_with('{'));
    if scan.format() == Format::PersonalCode && scan.is_accepted() {
        let text = std::str::from_utf8(data).expect("accepted codes are UTF-8");
        assert!(PersonalCode::parse(text).is_ok());
    }
});
