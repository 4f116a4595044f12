//! Any bytes, read two ways; neither ever panics.
//!
//! - As a signed trust list under the test root: the root signed one list only, so a
//!   document it accepts holds exactly that list, however it is spaced, ordered or escaped.
//! - As an unsigned list, signed with another root: a list that signs loads under that root
//!   and under no other, signing it again gives the same bytes, its key index finds every
//!   key, one changed byte never loads a different list, and codes signed by the test keys
//!   are valid under it only inside the windows and statuses it gives.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use qr1405_payload::PersonalCode;
use qr1405_sign::{
    KeyStatus, PublicKey, SecretKey, Time, TrustList, TrustListError, Verdict, sign_trust_list,
};
use qr1405_testkeys::{TestKey, trust_list};

static ROOT: LazyLock<PublicKey> = LazyLock::new(|| TestKey::Root.public_key());
static TEST_LIST: LazyLock<TrustList> = LazyLock::new(trust_list);
/// The root that signs fuzzed lists: never the test root.
static OTHER_ROOT: LazyLock<SecretKey> = LazyLock::new(|| TestKey::Stranger.secret_key());

/// A code signed by every test key at a few times, and the times to verify them at.
static SIGNED: LazyLock<Vec<PersonalCode>> = LazyLock::new(|| {
    let code = PersonalCode::parse(
        "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700",
    )
    .expect("the official example");
    let times = [
        "2021-01-01T00:00:00Z",
        "2022-04-01T00:00:00Z",
        "2030-01-01T00:00:00Z",
    ];
    TestKey::ALL
        .iter()
        .flat_map(|key| times.map(|t| (key.secret_key(), t)))
        .map(|(key, t)| {
            key.sign(&code, t.parse().expect("a fixed time"))
                .expect("the example signs")
        })
        .collect()
});
const VERIFIED_AT: [&str; 3] = [
    "2021-06-01T00:00:00Z",
    "2022-05-01T00:00:00Z",
    "2031-01-01T00:00:00Z",
];

fn same_list(a: &TrustList, b: &TrustList) -> bool {
    a.sequence() == b.sequence() && a.issued_at() == b.issued_at() && a.issuers() == b.issuers()
}

fn fnv(data: &[u8]) -> u64 {
    data.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// Verdicts under `list` grant validity only to keys it names, inside their windows.
fn check_verdicts(list: &TrustList) {
    for at in VERIFIED_AT {
        let at: Time = at.parse().expect("a fixed time");
        for code in SIGNED.iter() {
            let Verdict::Valid(valid) = list.verify(code, at) else {
                continue;
            };
            let key = list.key(valid.key_id()).expect("a valid key is listed");
            assert_eq!(valid.issuer_id(), key.issuer_id());
            let signed_at = valid.signed_at();
            assert!(key.not_before() <= signed_at && signed_at < key.not_after());
            match key.status() {
                KeyStatus::Active => {}
                KeyStatus::Retired { from } => assert!(signed_at < from),
                KeyStatus::Revoked { from } => assert!(at < from),
                other => panic!("a key status the target does not know: {other}"),
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(list) = TrustList::from_json(data, &ROOT) {
        assert!(
            same_list(&list, &TEST_LIST),
            "the test root's signature holds for another list"
        );
    }

    let Ok(document) = sign_trust_list(data, &OTHER_ROOT) else {
        return;
    };
    let other_root = OTHER_ROOT.public_key();
    let list = TrustList::from_json(document.as_bytes(), &other_root)
        .expect("a list that signs loads under its root");
    match TrustList::from_json(document.as_bytes(), &ROOT) {
        Err(TrustListError::WrongRoot { .. }) => {}
        other => panic!("a list signed by another root gave {other:?}"),
    }
    let value: serde_json::Value = serde_json::from_str(&document).expect("the document is JSON");
    let again = serde_json::to_vec(&value["list"]).expect("the list serialises");
    assert_eq!(
        sign_trust_list(&again, &OTHER_ROOT).as_deref(),
        Ok(document.as_str()),
        "the same list signs to the same bytes"
    );
    for issuer in list.issuers() {
        for key in issuer.keys() {
            assert_eq!(list.key(key.key_id()), Some(key));
            assert_eq!(key.key_id(), key.public_key().key_id());
            assert_eq!(key.issuer_id(), issuer.id());
            assert!(key.not_before() < key.not_after());
        }
    }
    check_verdicts(&list);

    let hash = fnv(data);
    let mut altered = document.clone().into_bytes();
    let position = usize::try_from(hash % altered.len() as u64).unwrap_or(0);
    altered[position] ^= 1 << (hash >> 61);
    if let Ok(reloaded) = TrustList::from_json(&altered, &other_root) {
        assert!(
            same_list(&reloaded, &list),
            "byte {position} changed and a different list loaded"
        );
    }
});
