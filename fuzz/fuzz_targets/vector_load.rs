//! Any vector file: loading never panics, and a vector that loads serialises and loads again
//! to the same vector.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_conformance::VectorSet;

fuzz_target!(|data: &[u8]| {
    let Ok(set) = VectorSet::from_files(vec![("v.json".into(), data.to_vec())]) else {
        return;
    };
    for loaded in set.vectors() {
        let json = serde_json::to_vec(&loaded.vector).expect("vectors serialise");
        let again = VectorSet::from_files(vec![("v.json".into(), json)]).expect("reloads");
        assert_eq!(again.vectors()[0].vector, loaded.vector);
    }
});
