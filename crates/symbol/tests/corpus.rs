//! Checks on the public corpora (`$QR1405_CORPUS`, which CI always sets, or `shared/corpus`
//! beside the repository): every test here fails when they are absent.

use qr1405_symbol::{Decoder, DecoderOutcome, decode};
use qr1405_testkeys::corpus;

#[test]
fn a_picture_that_panics_rqrr_is_still_read() {
    let dir = corpus();
    let bytes = std::fs::read(dir.join("zxing-cpp-samples/qrcode-6/7.png")).unwrap();
    let expected = std::fs::read_to_string(dir.join("zxing-cpp-samples/qrcode-6/7.txt")).unwrap();
    let report = decode(&bytes).unwrap();
    assert!(report.symbols.iter().any(|s| s.text == expected));
    let rqrr = report
        .decoders
        .iter()
        .find(|d| d.decoder == Decoder::Rqrr)
        .unwrap();
    // rqrr's geometry asserts on this picture; the panic is caught and is its outcome.
    assert!(
        matches!(&rqrr.outcome, DecoderOutcome::Panicked { message } if !message.is_empty()),
        "rqrr did not panic here: {:?}",
        rqrr.outcome
    );
    let rxing = report
        .decoders
        .iter()
        .find(|d| d.decoder == Decoder::Rxing)
        .unwrap();
    assert!(matches!(rxing.outcome, DecoderOutcome::Read { .. }));
}

#[test]
fn phone_photos_are_read() {
    let dir = corpus();
    let folder = dir.join("zxing-samples/qrcode-1");
    let (mut total, mut read) = (0, 0);
    for entry in std::fs::read_dir(&folder).unwrap().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "png") {
            let Ok(expected) = std::fs::read_to_string(path.with_extension("txt")) else {
                continue;
            };
            total += 1;
            let report = decode(&std::fs::read(&path).unwrap()).unwrap();
            read += usize::from(report.symbols.iter().any(|s| s.text == expected));
        }
    }
    // ZXing's own blackbox test expects 17 of these 20.
    assert!(read >= 17, "{read} of {total}");
}

#[test]
fn pictures_without_codes_yield_nothing() {
    let dir = corpus();
    for entry in std::fs::read_dir(dir.join("zxing-cpp-samples/falsepositives-1"))
        .unwrap()
        .flatten()
    {
        let bytes = std::fs::read(entry.path()).unwrap();
        if let Ok(report) = decode(&bytes) {
            assert!(report.symbols.is_empty(), "{}", entry.path().display());
        }
    }
}

#[test]
fn a_code_nested_in_another_is_two_symbols_and_shift_jis_agrees() {
    let dir = corpus();
    let bytes = std::fs::read(dir.join("zxing-cpp-samples/qrcode-2/16.webp")).unwrap();
    let report = decode(&bytes).unwrap();
    assert_eq!(report.symbols.len(), 2);
    assert!(report.symbols.iter().all(|s| s.agree));
    assert!(report.symbols.iter().all(|s| s.bytes.is_some()));
}
