//! Any bytes: checking never panics, and a conforming text is written back byte for byte, its
//! masked form conforms, and its signing input ignores the signature.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_payload::{DisplayForm, Error, MAX_INPUT_LEN, PersonalCode, check};

fuzz_target!(|data: &[u8]| {
    let checked = check(data);
    for diagnostic in checked.diagnostics() {
        assert!(diagnostic.position().is_none_or(|p| p <= data.len()));
    }
    let Ok(text) = std::str::from_utf8(data) else {
        assert!(!checked.is_conforming());
        return;
    };
    let parsed = PersonalCode::parse(text);
    assert_eq!(parsed.is_ok(), checked.is_conforming());
    let Ok(code) = parsed else { return };
    assert_eq!(code.as_str(), text);
    let masked = code.masked();
    assert!(check(masked.as_str().as_bytes()).is_conforming());
    assert_ne!(masked.display_form(), DisplayForm::Full);
    match code.with_signature("1.FUZZ") {
        Ok(signed) => assert_eq!(signed.signing_input(), code.signing_input()),
        Err(Error::TooLong { length, .. }) => assert!(length > MAX_INPUT_LEN),
        Err(error) => panic!("a plain slot value was refused: {error}"),
    }
});
