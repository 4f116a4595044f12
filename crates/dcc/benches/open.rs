//! Open and check one certificate, signature included, on the EU's test vectors (`CO3`, ES256;
//! `CO1`, PS256 with a 2048-bit key), one core. The vectors are read from
//! `shared/corpus/dgc-testdata` beside or above the repository, or `$QR1405_CORPUS`.
//!
//! The open-and-verify benchmarks are named after the code that verifies
//! (`open-and-verify-rustcrypto/…`, or `open-and-verify-ring/…` with `--features ring`).
//!
//! `cargo bench -p qr1405-dcc --bench open [--features ring]`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qr1405_dcc::{Dsc, NumericDate, SIGNATURE_BACKEND, Signers, open};
use qr1405_testkeys::dgc_testdata;

fn vector(name: &str) -> (String, Signers, NumericDate) {
    let text = std::fs::read_to_string(dgc_testdata().join(name)).expect("the vector");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut signers = Signers::new();
    let dsc = json["TESTCTX"]["CERTIFICATE"]
        .as_str()
        .expect("a certificate");
    signers.add(Dsc::from_text(dsc).expect("a usable certificate"));
    let clock = json["TESTCTX"]["VALIDATIONCLOCK"]
        .as_str()
        .expect("a clock");
    let prefix = json["PREFIX"].as_str().expect("a prefix").to_string();
    (prefix, signers, NumericDate::parse(clock).expect("a clock"))
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("dcc");
    group.throughput(Throughput::Elements(1));
    for (name, file) in [
        ("es256", "common/2DCode/raw/CO3.json"),
        ("ps256", "common/2DCode/raw/CO1.json"),
    ] {
        let (prefix, signers, at) = vector(file);
        let mut opened = open(&prefix, at);
        opened.verify(&signers);
        assert!(opened.is_acceptable(), "{file}: {:?}", opened.diagnostics());
        group.bench_function(format!("open-and-verify-{SIGNATURE_BACKEND}/{name}"), |b| {
            b.iter(|| {
                let mut opened = open(black_box(&prefix), at);
                opened.verify(&signers);
                opened.is_acceptable()
            })
        });
        group.bench_function(format!("open/{name}"), |b| {
            b.iter(|| open(black_box(&prefix), at).is_acceptable())
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
