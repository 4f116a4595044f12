//! What verifying costs: the raw `verify_strict` call, this crate's full verification of a
//! parsed code, and batch verification. `docs/performance.md` has the figures.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ed25519_dalek::{Signature, Signer, SigningKey};
use qr1405_payload::PersonalCode;
use qr1405_sign::{Time, Verdict};
use qr1405_testkeys::{TestIssuer, trust_list};

/// Codes of distinct people, each signed by one of the four issuers' active keys.
fn signed_codes(count: usize) -> Vec<PersonalCode> {
    let at: Time = "2022-06-01T00:00:00Z".parse().expect("time");
    (0..count)
        .map(|i| {
            let text = format!(
                "{:012}|NGUYEN VAN A|1990-01-01|0|{:018}|<1<HS4010120878821<0944713700",
                100_000_000_000u64 + i as u64,
                162_979_388_586_171_100u64 + i as u64
            );
            let code = PersonalCode::parse(&text).expect("conforming");
            let issuer = TestIssuer::ALL[i % 4].active_key().secret_key();
            issuer.sign(&code, at).expect("signs")
        })
        .collect()
}

fn verify(c: &mut Criterion) {
    let list = trust_list();
    let at: Time = "2023-01-01T00:00:00Z".parse().expect("time");
    let codes = signed_codes(256);

    // The raw call: the same key, a message of the same length, one signature.
    let raw_key = SigningKey::from_bytes(&[7; 32]);
    let message = [b'x'; 14 + 11 + 194];
    let signature: Signature = raw_key.sign(&message);
    let verifying_key = raw_key.verifying_key();

    let mut single = c.benchmark_group("single");
    single.throughput(Throughput::Elements(1));
    single.bench_function("raw verify_strict", |b| {
        b.iter(|| black_box(verifying_key.verify_strict(black_box(&message), &signature)))
    });
    single.bench_function("TrustList::verify", |b| {
        b.iter(|| {
            let verdict = list.verify(black_box(&codes[0]), at);
            debug_assert!(matches!(verdict, Verdict::Valid(_)));
            black_box(verdict)
        })
    });
    single.finish();

    let mut bulk = c.benchmark_group("bulk");
    for size in [64, 256] {
        bulk.throughput(Throughput::Elements(size as u64));
        bulk.bench_function(format!("verify one by one/{size}"), |b| {
            b.iter(|| {
                codes[..size]
                    .iter()
                    .map(|code| list.verify(code, at))
                    .collect::<Vec<_>>()
            })
        });
        bulk.bench_function(format!("verify_batch/{size}"), |b| {
            b.iter(|| list.verify_batch(black_box(&codes[..size]), at))
        });
    }
    // A batch with one bad signature: its chunk is checked again one by one.
    let mut with_bad = codes[..64].to_vec();
    // Code 17 carries code 21's signature: same key, another message.
    with_bad[17] = with_bad[17]
        .with_signature(codes[21].signature().expect("signed"))
        .expect("still a code");
    bulk.throughput(Throughput::Elements(64));
    bulk.bench_function("verify_batch/64 with one bad", |b| {
        b.iter_batched(
            || with_bad.clone(),
            |codes| list.verify_batch(&codes, at),
            BatchSize::SmallInput,
        )
    });
    bulk.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(std::time::Duration::from_secs(1))
        .measurement_time(std::time::Duration::from_secs(4))
        .sample_size(40);
    targets = verify
}
criterion_main!(benches);
