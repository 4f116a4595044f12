//! Pictures made to keep a decoder busy: each decoder stops at a documented bound on its work
//! (docs/security.md, Hostile pictures) and says so, instead of running for minutes.
//!
//! The pictures in `tests/data/hostile/` are written by
//! `cargo run --release -p qr1405-symbol --example hostile_pictures -- write DIR`; the same
//! files seed the picture fuzzer (`fuzz/seeds/image_decode/`).

use std::path::Path;

use qr1405_symbol::{
    Candidates, DecodeOptions, Decoder, DecoderOutcome, ImageReport, Luma, decode, decode_luma,
};

fn outcome(report: &ImageReport, decoder: Decoder) -> &DecoderOutcome {
    &report
        .decoders
        .iter()
        .find(|d| d.decoder == decoder)
        .unwrap_or_else(|| panic!("{decoder} did not run"))
        .outcome
}

fn too_many(candidates: Candidates, limit: u64) -> DecoderOutcome {
    DecoderOutcome::TooManyCandidates { candidates, limit }
}

#[test]
fn each_decoder_stops_at_a_bound_on_every_worst_case_picture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile");
    let finders = too_many(Candidates::FinderPatterns, 256);
    let expected = [
        ("finder-tiles-500.png", finders.clone(), finders.clone()),
        ("finder-tiles-1000.png", finders.clone(), finders.clone()),
        ("finder-tiles-2x-1000.png", finders.clone(), finders.clone()),
        ("alignment-tiles-1000.png", finders.clone(), finders.clone()),
        // rqrr sees no finder pattern in stripes: each is one region, left and right of a
        // centre stripe are two.
        (
            "finder-stripes-1000.png",
            too_many(Candidates::FinderPatterns, 8_000),
            DecoderOutcome::NothingFound,
        ),
    ];
    let mut listed: Vec<String> = expected.iter().map(|(f, ..)| (*f).to_owned()).collect();
    listed.sort();
    let mut present: Vec<String> = std::fs::read_dir(&dir)
        .expect("the worst-case pictures are in tests/data/hostile")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    present.sort();
    assert_eq!(
        present,
        listed,
        "every picture in {} is checked",
        dir.display()
    );
    for (file, rxing, rqrr) in expected {
        let bytes = std::fs::read(dir.join(file)).expect(file);
        let report = decode(&bytes).expect(file);
        assert!(report.symbols.is_empty(), "{file}");
        assert_eq!(outcome(&report, Decoder::Rxing), &rxing, "{file}: rxing");
        assert_eq!(outcome(&report, Decoder::Rqrr), &rqrr, "{file}: rqrr");
    }
}

#[test]
fn the_outcome_says_which_bound_in_the_report() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/hostile/finder-tiles-500.png"),
    )
    .expect("picture");
    let report = decode(&bytes).expect("decodes");
    let json = serde_json::to_value(&report.decoders).expect("serialises");
    insta::assert_json_snapshot!(json, @r#"
    [
      {
        "decoder": "rxing",
        "outcome": {
          "candidates": "finder_patterns",
          "limit": 256,
          "status": "too_many_candidates"
        }
      },
      {
        "decoder": "rqrr",
        "outcome": {
          "candidates": "finder_patterns",
          "limit": 256,
          "status": "too_many_candidates"
        }
      }
    ]
    "#);
}

/// Uniform noise from a fixed seed (xorshift).
fn noise(side: u32, seed: u64) -> Luma {
    let mut state = seed;
    let len = (side * side) as usize;
    let mut pixels = Vec::with_capacity(len + 8);
    while pixels.len() < len {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        pixels.extend_from_slice(&state.to_le_bytes());
    }
    pixels.truncate(len);
    Luma::new(side, side, pixels).expect("noise")
}

#[test]
fn uniform_noise_ends_at_a_bound_or_with_nothing_found() {
    let report = decode_luma(&noise(1500, 1405), &DecodeOptions::default());
    assert!(report.symbols.is_empty());
    for run in &report.decoders {
        assert!(
            matches!(
                run.outcome,
                DecoderOutcome::NothingFound | DecoderOutcome::TooManyCandidates { .. }
            ),
            "{}: {:?}",
            run.decoder,
            run.outcome
        );
    }
}
