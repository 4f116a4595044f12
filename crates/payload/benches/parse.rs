//! Parse and full validation of personal codes, one core.
//!
//! `cargo bench -p qr1405-payload --bench parse`

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use qr1405_payload::{PersonalCode, Record, check, recognise};

const OFFICIAL: &str =
    "001093029317|NGUYEN LE KHA HAN|1987-01-18|0|162979388586171100|<1<HS4010120878821<0944713700";
const MASKED: &str =
    "******029317|NGUYEN LE KHA HAN|1987-**-**|0|162979388586171100|<1<HS4010120878821<0944713700";
const BROKEN: &str = "00109302931|Nguyen Le Kha Han|1987-02-30|2||<3<HS40101<+84944713700";

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("payload");
    group.throughput(Throughput::Elements(1));
    group.bench_function("check/official", |b| {
        b.iter(|| check(black_box(OFFICIAL.as_bytes())).is_conforming())
    });
    group.bench_function("check/masked", |b| {
        b.iter(|| check(black_box(MASKED.as_bytes())).is_conforming())
    });
    group.bench_function("check/every-field-broken", |b| {
        b.iter(|| check(black_box(BROKEN.as_bytes())).diagnostics().len())
    });
    group.bench_function("parse/official", |b| {
        b.iter(|| PersonalCode::parse(black_box(OFFICIAL)).is_ok())
    });
    group.bench_function("recognise/official", |b| {
        b.iter(|| recognise(black_box(OFFICIAL.as_bytes())).is_accepted())
    });
    let mut record = Record::new("Nguyễn Lê Khả Hân", "18/01/1987", "162979388586171100");
    record.document_number = Some("001087029317".into());
    record.phone = Some("+84 944 713 700".into());
    group.bench_function("build/from-record", |b| {
        b.iter(|| PersonalCode::from_record(black_box(&record)).is_ok())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
