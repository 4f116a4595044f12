//! Opens and verifies one EU test vector over and over: a steady workload for a profiler.
//!
//! ```sh
//! cargo build --release -p qr1405-dcc --example verify_loop
//! valgrind --tool=callgrind target/release/examples/verify_loop \
//!     ../shared/corpus/dgc-testdata/common/2DCode/raw/CO1.json 200
//! ```
//!
//! Arguments: the vector's JSON file (`PREFIX`, `TESTCTX.CERTIFICATE`,
//! `TESTCTX.VALIDATIONCLOCK`), how many times to open and verify it (default 1000), and
//! optionally `open` to open without verifying or `verify` to verify an opened certificate
//! again and again.

use std::process::ExitCode;

use qr1405_dcc::{Dsc, NumericDate, Signers, open};

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let (Some(file), count, mode) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: verify_loop VECTOR.json [COUNT] [open|verify|both]");
        return ExitCode::from(2);
    };
    let count: u32 = match count.as_deref().map(str::parse).unwrap_or(Ok(1000)) {
        Ok(count) => count,
        Err(error) => {
            eprintln!("count: {error}");
            return ExitCode::from(2);
        }
    };
    let json: serde_json::Value = match std::fs::read(&file)
        .map_err(|error| error.to_string())
        .and_then(|bytes| serde_json::from_slice(&bytes).map_err(|error| error.to_string()))
    {
        Ok(json) => json,
        Err(error) => {
            eprintln!("{file}: {error}");
            return ExitCode::from(2);
        }
    };
    let (Some(prefix), Some(certificate), Some(clock)) = (
        json["PREFIX"].as_str(),
        json["TESTCTX"]["CERTIFICATE"].as_str(),
        json["TESTCTX"]["VALIDATIONCLOCK"].as_str(),
    ) else {
        eprintln!("{file}: no PREFIX, TESTCTX.CERTIFICATE or TESTCTX.VALIDATIONCLOCK");
        return ExitCode::from(2);
    };
    let mut signers = Signers::new();
    match Dsc::from_text(certificate) {
        Ok(dsc) => signers.add(dsc),
        Err(error) => {
            eprintln!("{file}: {error}");
            return ExitCode::from(2);
        }
    }
    let at = match NumericDate::parse(clock) {
        Ok(at) => at,
        Err(error) => {
            eprintln!("{file}: {error}");
            return ExitCode::from(2);
        }
    };
    let mut verified = 0u32;
    match mode.as_deref().unwrap_or("both") {
        "both" => {
            for _ in 0..count {
                let mut opened = open(std::hint::black_box(prefix), at);
                opened.verify(&signers);
                verified += u32::from(opened.signer().is_some());
            }
        }
        "open" => {
            for _ in 0..count {
                let opened = open(std::hint::black_box(prefix), at);
                verified += u32::from(opened.is_acceptable());
            }
        }
        "verify" => {
            let opened = open(prefix, at);
            for _ in 0..count {
                let mut opened = std::hint::black_box(opened.clone());
                opened.verify(&signers);
                verified += u32::from(opened.signer().is_some());
            }
        }
        other => {
            eprintln!("mode {other:?}: open, verify or both");
            return ExitCode::from(2);
        }
    }
    println!("{verified} of {count}");
    if verified == count {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
