//! Texts that do not split into six fields, or carry bytes a code must not.

use qr1405_conformance::{Expectation, Stage};

use crate::spec::{Picture, Spec};

/// Texts that do not split into six fields, or carry bytes a code must not.
pub(crate) fn structure_defects() -> Vec<Spec> {
    const OK: &str = "001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107|<1";
    // EXT "<1" has two slots; the filler goes into slot 6.
    let long = format!(
        "{OK}<<<<{}",
        "9".repeat(qr1405_payload::MAX_INPUT_LEN - OK.len() - 4)
    );
    let cases: Vec<(&str, &str, Vec<u8>, &[&str])> = vec![
        (
            "five-fields",
            "five fields",
            b"001093029317|NGUYEN VAN AN|1993-05-01|0|162979388586172107".to_vec(),
            &["field-count"],
        ),
        (
            "seven-fields",
            "seven fields",
            format!("{OK}|").into_bytes(),
            &["field-count"],
        ),
        (
            "semicolons",
            "fields separated by ';'",
            OK.replace('|', ";").into_bytes(),
            &["unknown-format"],
        ),
        (
            "four-bars",
            "one separator written ';'",
            OK.replacen('|', ";", 1).into_bytes(),
            &["field-count"],
        ),
        ("empty", "an empty text", Vec::new(), &["input-empty"]),
        (
            "too-long",
            "2,954 bytes: more than any QR code holds",
            format!("{long}9").into_bytes(),
            &["input-too-long"],
        ),
        (
            "not-utf8",
            "a Latin-1 byte in the name",
            b"001093029317|NGUY\xcaN VAN AN|1993-05-01|0|162979388586172107|<1".to_vec(),
            &["input-not-utf8"],
        ),
        (
            "bom",
            "a byte-order mark before the code",
            format!("\u{feff}{OK}").into_bytes(),
            &["byte-order-mark"],
        ),
        (
            "trailing-lf",
            "a line break after the code",
            format!("{OK}\n").into_bytes(),
            &["trailing-line-break"],
        ),
        (
            "trailing-crlf",
            "CR LF after the code",
            format!("{OK}\r\n").into_bytes(),
            &["trailing-line-break"],
        ),
        (
            "nul",
            "a NUL byte in the name",
            OK.replacen("VAN", "V\0N", 1).into_bytes(),
            &["control-character"],
        ),
        (
            "tab",
            "a tab between name words",
            OK.replacen("VAN ", "VAN\t", 1).into_bytes(),
            &["control-character"],
        ),
    ];
    let mut specs: Vec<Spec> = cases
        .into_iter()
        .map(|(id, description, text, errors)| {
            let requirement = if errors == ["field-count"] {
                "P-01"
            } else {
                "P-02"
            };
            let spec =
                Spec::new(format!("structure-{id}"), description, text).covers(&[requirement]);
            match errors {
                // Too long and empty texts are no format at all.
                ["input-too-long"] | ["input-empty"] => spec
                    .picture(Picture::None)
                    .stage(
                        Stage::Recognise,
                        Expectation::fail(["unknown-format"], []).with_value("unknown"),
                    )
                    .covers(&["O-04"]),
                ["unknown-format"] => spec
                    .stage(
                        Stage::Recognise,
                        Expectation::fail(["unknown-format"], []).with_value("unknown"),
                    )
                    .covers(&["O-04"]),
                _ => spec.broken_personal(errors),
            }
        })
        .collect();
    specs.push(
        Spec::new(
            "structure-max-length",
            "exactly 2,953 bytes, the most a QR code holds, slot 6 filled",
            long,
        )
        .covers(&["P-02", "P-12"])
        .picture(Picture::None)
        .valid_personal(&[]),
    );
    specs
}
