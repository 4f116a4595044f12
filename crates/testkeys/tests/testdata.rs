//! The files in `crates/sign/testdata` are exactly what this crate generates from its seeds.
//!
//! After a deliberate change, regenerate them with
//! `QR1405_BLESS=1 cargo test -p qr1405-testkeys --test testdata`.

use std::path::PathBuf;

#[test]
fn testdata_is_reproducible_from_the_seeds() {
    let folder = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../sign/testdata");
    let bless = std::env::var_os("QR1405_BLESS").is_some();
    let mut stale = Vec::new();
    for (path, contents) in qr1405_testkeys::testdata_files() {
        let file = folder.join(&path);
        if bless {
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(&file, &contents).unwrap();
        } else if std::fs::read_to_string(&file).ok().as_deref() != Some(contents.as_str()) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "crates/sign/testdata differs from the seeds: {stale:?}; run \
         `QR1405_BLESS=1 cargo test -p qr1405-testkeys --test testdata` after a deliberate change"
    );
}

#[test]
fn the_trust_list_has_every_issuer_and_key() {
    use qr1405_testkeys::{TestIssuer, TestKey, trust_list};
    let list = trust_list();
    let ids: Vec<&str> = list.issuers().iter().map(|i| i.id()).collect();
    assert_eq!(ids, TestIssuer::ALL.map(TestIssuer::id));
    for key in TestKey::ALL {
        let found = list.key(key.public_key().key_id());
        assert_eq!(found.is_some(), key.entry().is_some(), "{key:?}");
    }
}
