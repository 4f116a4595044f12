//! What verifying costs: the raw `verify_strict` call, this crate's full verification of a
//! parsed code, and batch verification. `docs/performance.md` has the figures.

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use support::{raw_parts, signed_codes};

mod support;
use qr1405_sign::{Time, Verdict};
use qr1405_testkeys::trust_list;

fn verify(c: &mut Criterion) {
    let list = trust_list();
    let at: Time = "2023-01-01T00:00:00Z".parse().expect("time");
    let codes = signed_codes(256);

    // The raw call: the same key, message and signature as the crate checks for codes[0].
    let (verifying_key, message, signature) = raw_parts(&codes[0]);

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
