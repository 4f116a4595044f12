//! Hostile input: nothing panics, and nothing but an untouched signed code verifies.

mod common;

use common::{EXAMPLE, code, time};
use proptest::prelude::*;
use qr1405_payload::PersonalCode;
use qr1405_sign::{SignatureSlot, TrustList};
use qr1405_testkeys::{TestKey, signed_trust_list};

/// The test trust list, loaded once.
fn trust_list() -> &'static TrustList {
    static LIST: std::sync::OnceLock<TrustList> = std::sync::OnceLock::new();
    LIST.get_or_init(qr1405_testkeys::trust_list)
}

/// The signed test trust list, made once.
fn signed_list() -> &'static str {
    static LIST: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LIST.get_or_init(signed_trust_list)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_slot_text_reads_or_is_refused(text in "\\PC{0,120}|1[A-Za-z0-9_-]{100}") {
        if let Ok(slot) = SignatureSlot::parse(&text) {
            // Whatever reads is written back exactly: one text per slot.
            prop_assert_eq!(slot.to_string(), text);
        }
    }

    #[test]
    fn any_slot_value_is_judged_without_panic(
        value in "[!-)+-;=-{}~]{1,130}|1[A-Za-z0-9_-]{100}",
        key in prop::sample::select(&[TestKey::Vneid2021, TestKey::Qrqg2021, TestKey::Stranger][..]),
    ) {
        let list = trust_list();
        let at = time("2022-01-01T00:00:00Z");
        let forged = code(EXAMPLE).with_signature(&value).unwrap();
        prop_assert!(!list.verify(&forged, at).is_valid());
        // The same with the key id of a trusted key in front.
        let named = format!("1{}{}", key.public_key().key_id(), value.get(9..).unwrap_or_default());
        if let Ok(forged) = code(EXAMPLE).with_signature(&named) {
            let verdict = list.verify(&forged, at);
            prop_assert!(!verdict.is_valid());
            prop_assert_eq!(list.verify_batch([&forged], at), vec![verdict]);
        }
    }

    #[test]
    fn edited_signed_codes_never_verify(
        position in 0usize..194,
        replacement in "[ -~]{0,3}",
    ) {
        let list = trust_list();
        let at = time("2022-01-01T00:00:00Z");
        let signed = TestKey::Vneid2021
            .secret_key()
            .sign(&code(EXAMPLE), time("2021-11-02T08:00:00Z"))
            .unwrap();
        let text = signed.as_str();
        let end = (position + 1).min(text.len());
        let edited = format!("{}{}{}", &text[..position], replacement, &text[end..]);
        if let Ok(edited) = PersonalCode::parse(&edited) {
            prop_assert_eq!(list.verify(&edited, at).is_valid(), edited == signed);
        }
    }

    #[test]
    fn any_bytes_as_a_trust_list_are_refused(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        prop_assert!(TrustList::from_json(&bytes, &TestKey::Root.public_key()).is_err());
    }

    #[test]
    fn a_flipped_bit_in_the_trust_list_is_refused(seed in any::<prop::sample::Index>(), bit in 0u8..8) {
        let mut bytes = signed_list().as_bytes().to_vec();
        let i = seed.index(bytes.len());
        bytes[i] ^= 1 << bit;
        prop_assert!(TrustList::from_json(&bytes, &TestKey::Root.public_key()).is_err());
    }
}
