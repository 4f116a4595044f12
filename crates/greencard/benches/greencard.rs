//! Benchmarks: evaluating a holder's facts against each shipped rule set, and reading a claim.
//!
//! Run with `cargo bench -p qr1405-greencard --bench greencard`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use qr1405_greencard::{Claim, Facts, RuleSet, Timestamp};

/// A busy record: three doses, a recovery, a week of tests and a close contact.
const FACTS: &str = r#"{
    "doses": [
        {"product": "vaxzevria", "date": "2021-07-01"},
        {"product": "vaxzevria", "date": "2021-08-26"},
        {"product": "comirnaty", "date": "2021-12-20"}
    ],
    "recoveries": [{"date": "2021-06-10", "certificate": true}],
    "tests": [
        {"kind": "pcr", "time": "2021-12-24T08:00:00+07:00", "result": "negative"},
        {"kind": "rapid_antigen", "time": "2021-12-26T08:00:00+07:00", "result": "negative"},
        {"kind": "pcr", "time": "2021-12-28T08:00:00+07:00", "result": "negative"},
        {"kind": "rapid_antigen", "time": "2021-12-30T08:00:00+07:00", "result": "negative"}
    ],
    "close_contacts": [{"date": "2021-11-02"}],
    "test_required": true
}"#;

fn evaluation(c: &mut Criterion) {
    let facts = Facts::from_json(FACTS).expect("valid facts");
    let at: Timestamp = "2021-12-31T09:00:00+07:00".parse().expect("valid clock");
    for id in RuleSet::builtin_ids() {
        let rules = RuleSet::builtin(id).expect("shipped");
        c.bench_function(&format!("evaluate/{id}"), |b| {
            b.iter(|| black_box(&rules).evaluate(black_box(&facts), black_box(at)))
        });
    }
    c.bench_function("facts/from_json", |b| {
        b.iter(|| Facts::from_json(black_box(FACTS)))
    });
}

fn claim(c: &mut Criterion) {
    c.bench_function("claim/parse", |b| {
        b.iter(|| Claim::parse(black_box("GC1-HC3328-GF-202201030800")))
    });
    let claim = Claim::parse("GC1-HC3328-GF-202201030800").expect("valid claim");
    c.bench_function("claim/encode", |b| b.iter(|| black_box(&claim).encode()));
}

criterion_group!(benches, evaluation, claim);
criterion_main!(benches);
