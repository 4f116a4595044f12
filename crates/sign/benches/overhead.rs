//! Paired measurements that hold on a busy machine: the two sides run in alternating
//! blocks, and each side's fastest block counts, so load from other processes cancels out.
//! `docs/performance.md` has the figures.

use std::{hint::black_box, time::Instant};

use qr1405_sign::{SignatureSlot, Time};
use qr1405_testkeys::trust_list;
use support::{raw_parts, signed_codes};

mod support;

/// Runs `a` and `b` in `rounds` alternating blocks; returns each one's fastest block time
/// divided by `per_block`, in microseconds.
fn paired(rounds: usize, per_block: usize, mut a: impl FnMut(), mut b: impl FnMut()) -> (f64, f64) {
    let mut best = (f64::MAX, f64::MAX);
    for _ in 0..rounds {
        let start = Instant::now();
        a();
        best.0 = best.0.min(start.elapsed().as_secs_f64());
        let start = Instant::now();
        b();
        best.1 = best.1.min(start.elapsed().as_secs_f64());
    }
    (
        best.0 * 1e6 / per_block as f64,
        best.1 * 1e6 / per_block as f64,
    )
}

fn main() {
    // `cargo test --benches` runs this with `--bench` absent: do nothing then.
    if !std::env::args().any(|arg| arg == "--bench") {
        return;
    }
    let list = trust_list();
    let at: Time = "2023-01-01T00:00:00Z".parse().expect("time");
    let codes = signed_codes(256);
    let (key, message, signature) = raw_parts(&codes[0]);

    let calls = 10;
    let (raw, full) = paired(
        3000,
        calls,
        || {
            for _ in 0..calls {
                let _ = black_box(key.verify_strict(black_box(&message), &signature));
            }
        },
        || {
            for _ in 0..calls {
                black_box(list.verify(black_box(&codes[0]), at));
            }
        },
    );
    println!(
        "single: raw verify_strict {raw:.2} us, TrustList::verify {full:.2} us, overhead {:+.1}%",
        (full / raw - 1.0) * 100.0
    );

    // The crate's own work on a code, without the signature check: read the slot, find the
    // key, build the signing input and the message, tell the display form.
    let blocks = 1000;
    let (own, _) = paired(
        300,
        blocks,
        || {
            for _ in 0..blocks {
                let code = black_box(&codes[0]);
                let slot = SignatureSlot::parse(code.signature().unwrap_or_default());
                let key = slot.as_ref().ok().and_then(|slot| list.key(slot.key_id()));
                let mut message = b"qr1405-sig-v1\0".to_vec();
                message.extend_from_slice(&[0; 11]);
                message.extend_from_slice(code.signing_input().as_bytes());
                black_box((key, message, code.display_form()));
            }
        },
        || {},
    );
    println!(
        "own work without the signature check: {own:.3} us, {:.1}% of verify_strict",
        own / raw * 100.0
    );

    for size in [16, 32, 64, 128, 256] {
        let (one_by_one, batch) = paired(
            100,
            size,
            || {
                for code in &codes[..size] {
                    black_box(list.verify(code, at));
                }
            },
            || {
                black_box(list.verify_batch(&codes[..size], at));
            },
        );
        println!(
            "{size:>3} codes: one by one {one_by_one:.2} us/code, verify_batch {batch:.2} us/code, speed-up x{:.2}",
            one_by_one / batch
        );
    }

    // One bad signature among 64: its chunk is checked again code by code.
    let mut with_bad = codes[..64].to_vec();
    with_bad[17] = with_bad[17]
        .with_signature(codes[21].signature().expect("signed"))
        .expect("still a code");
    let (one_by_one, batch) = paired(
        100,
        64,
        || {
            for code in &with_bad {
                black_box(list.verify(code, at));
            }
        },
        || {
            black_box(list.verify_batch(&with_bad, at));
        },
    );
    println!(
        " 64 codes, one bad: one by one {one_by_one:.2} us/code, verify_batch {batch:.2} us/code, speed-up x{:.2}",
        one_by_one / batch
    );
}
