//! Any text from the prefix down: opening never panics, every diagnostic belongs to a stage
//! that did not pass, and what the zlib stage yields opens the same way from the COSE stage.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qr1405_dcc::{StageOutcome, Stage, NumericDate, open, open_cose};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let at = NumericDate::from_unix_seconds(1_622_505_600);
    let opened = open(text, at);
    for diagnostic in opened.diagnostics() {
        if diagnostic.is_error() {
            assert_eq!(opened.outcome(diagnostic.stage()), StageOutcome::Failed, "{diagnostic}");
        }
    }
    if let Some(cose) = opened.cose_bytes() {
        let again = open_cose(cose, at);
        let tail = |o: &qr1405_dcc::Opened| -> Vec<String> {
            o.diagnostics()
                .iter()
                .filter(|d| d.stage() >= Stage::Cose)
                .map(|d| d.to_string())
                .collect()
        };
        assert_eq!(tail(&opened), tail(&again));
    }
});
