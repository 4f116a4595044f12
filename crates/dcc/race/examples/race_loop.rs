//! One side of the race over and over on one vector, for a profiler that counts instructions
//! (steady under load, where the wall clock is not):
//!
//! ```sh
//! cargo build --release --manifest-path crates/dcc/race/Cargo.toml --example race_loop
//! valgrind --tool=callgrind crates/dcc/race/target/release/examples/race_loop \
//!     dgc ../shared/corpus/dgc-testdata/common/2DCode/raw/CO1.json 100
//! ```
//!
//! Arguments: `qr1405` or `dgc`, the vector's JSON file, how many times (default 1000). The
//! signer is loaded once, before the loop, as in the race; every round must find the
//! signature valid.

use std::process::ExitCode;

use qr1405_dcc::{Dsc, NumericDate, Signers, open};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (side, file, count) = match args.as_slice() {
        [side, file] => (side, file, 1000),
        [side, file, count] => match count.parse::<u32>() {
            Ok(count) => (side, file, count),
            Err(error) => {
                eprintln!("count {count:?}: {error}");
                return ExitCode::from(2);
            }
        },
        _ => {
            eprintln!("usage: race_loop qr1405|dgc VECTOR.json [COUNT]");
            return ExitCode::from(2);
        }
    };
    let json: serde_json::Value = match std::fs::read(file)
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
    let mut valid = 0u32;
    match side.as_str() {
        "qr1405" => {
            let mut signers = Signers::new();
            let at = match (Dsc::from_text(certificate), NumericDate::parse(clock)) {
                (Ok(dsc), Ok(at)) => {
                    signers.add(dsc);
                    at
                }
                (Err(error), _) => {
                    eprintln!("{file}: {error}");
                    return ExitCode::from(2);
                }
                (_, Err(error)) => {
                    eprintln!("{file}: {error}");
                    return ExitCode::from(2);
                }
            };
            for _ in 0..count {
                let mut opened = open(std::hint::black_box(prefix), at);
                opened.verify(&signers);
                valid += u32::from(opened.signer().is_some());
            }
        }
        "dgc" => {
            let mut trust = dgc::TrustList::default();
            if let Err(error) = trust.add_key_from_certificate(certificate) {
                eprintln!("{file}: dgc: {error}");
                return ExitCode::from(2);
            }
            for _ in 0..count {
                valid += u32::from(matches!(
                    dgc::validate(std::hint::black_box(prefix), &trust),
                    Ok((_, dgc::SignatureValidity::Valid))
                ));
            }
        }
        other => {
            eprintln!("side {other:?}: qr1405 or dgc");
            return ExitCode::from(2);
        }
    }
    println!("{side}: {valid} of {count} valid");
    if valid == count {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
