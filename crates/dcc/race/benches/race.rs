//! The race with the peer, the `dgc` crate (0.0.7): the same EU test vectors (`$QR1405_CORPUS`
//! or `shared/corpus/dgc-testdata` beside or above the repository), the same `HC1:` text in,
//! signature included, no conversion inside either timed region. Each side's signer is loaded
//! before timing from the vector's `TESTCTX.CERTIFICATE`.
//!
//! Before timing, both sides must find each vector's signature valid. The benchmarks of this
//! crate are named after the code that verifies its signatures (`qr1405-dcc-rustcrypto/…`, or
//! `qr1405-dcc-ring/…` with `--features ring`).
//!
//! `cargo bench --manifest-path crates/dcc/race/Cargo.toml --bench race [--features ring]`

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qr1405_dcc::{Dsc, NumericDate, SIGNATURE_BACKEND, Signers, open};

fn corpus() -> PathBuf {
    if let Some(dir) = std::env::var_os("QR1405_CORPUS") {
        return PathBuf::from(dir).join("dgc-testdata");
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus/dgc-testdata"))
        .find(|dir| dir.is_dir())
        .expect("the EU test vectors: shared/corpus/dgc-testdata beside or above the repository")
}

struct Vector {
    prefix: String,
    certificate: String,
    clock: NumericDate,
}

fn vector(name: &str) -> Vector {
    let text = std::fs::read_to_string(corpus().join(name)).expect("the vector");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    Vector {
        prefix: json["PREFIX"].as_str().expect("a prefix").to_owned(),
        certificate: json["TESTCTX"]["CERTIFICATE"]
            .as_str()
            .expect("a certificate")
            .to_owned(),
        clock: NumericDate::parse(
            json["TESTCTX"]["VALIDATIONCLOCK"]
                .as_str()
                .expect("a clock"),
        )
        .expect("a clock"),
    }
}

/// The vectors raced: `CO3` and four other issuers' ES256 certificates, and `CO1` (PS256).
const VECTORS: [(&str, &str); 6] = [
    ("co3-es256", "common/2DCode/raw/CO3.json"),
    ("at-1-es256", "AT/2DCode/raw/1.json"),
    ("de-1-es256", "DE/2DCode/raw/1.json"),
    ("be-1-es256", "BE/2DCode/raw/1.json"),
    ("es-701-es256", "ES/2DCode/raw/701.json"),
    ("co1-ps256", "common/2DCode/raw/CO1.json"),
];

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("race");
    group.throughput(Throughput::Elements(1));
    for (name, file) in VECTORS {
        let vector = vector(file);
        let mut signers = Signers::new();
        signers.add(Dsc::from_text(&vector.certificate).expect("a usable certificate"));
        let at = vector.clock;
        let mut opened = open(&vector.prefix, at);
        opened.verify(&signers);
        assert!(
            opened.signer().is_some(),
            "{file}: qr1405-dcc does not verify it: {:?}",
            opened.diagnostics()
        );
        let mut trust = dgc::TrustList::default();
        trust
            .add_key_from_certificate(&vector.certificate)
            .expect("dgc reads the certificate");
        let (_, validity) = dgc::validate(&vector.prefix, &trust).expect("dgc opens it");
        assert!(
            matches!(validity, dgc::SignatureValidity::Valid),
            "{file}: dgc: {validity}"
        );
        group.bench_function(format!("qr1405-dcc-{SIGNATURE_BACKEND}/{name}"), |b| {
            b.iter(|| {
                let mut opened = open(black_box(&vector.prefix), at);
                opened.verify(&signers);
                opened.is_acceptable()
            })
        });
        group.bench_function(format!("dgc/{name}"), |b| {
            b.iter(|| {
                dgc::validate(black_box(&vector.prefix), &trust)
                    .map(|(_, validity)| matches!(validity, dgc::SignatureValidity::Valid))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
