//! What each stage observes of a text or an image, with this project's libraries.

use qr1405_payload::{Code, Format, Scan, recognise};

use crate::{Expectation, Observed, Outcome, Verdict};

/// Codes of the `parse` stage: the text could not be split into its format's fields.
const STRUCTURAL: [Code; 8] = [
    Code::InputEmpty,
    Code::InputTooLong,
    Code::InputNotUtf8,
    Code::ByteOrderMark,
    Code::TrailingLineBreak,
    Code::ControlCharacter,
    Code::FieldCount,
    Code::CardFieldCount,
];

/// `recognise`: the format, as the value; unknown texts fail with `unknown-format`.
pub(crate) fn recognise_stage(scan: &Scan<'_>) -> Observed {
    let mut observed = Observed::passed();
    observed.value = Some(scan.format().as_str().to_owned());
    if let Scan::Unknown(reason) = scan {
        observed.error("unknown-format", reason.to_string());
    }
    observed
}

/// `parse`: the structural diagnostics only.
pub(crate) fn parse_stage(scan: &Scan<'_>) -> Observed {
    let mut observed = Observed::passed();
    if let Scan::Unknown(reason) = scan {
        observed.error("unknown-format", reason.to_string());
    }
    for diagnostic in scan.diagnostics() {
        if STRUCTURAL.contains(&diagnostic.code()) {
            observed.error(diagnostic.code().as_str(), diagnostic.message());
        }
    }
    observed
}

/// `validate`: every diagnostic.
pub(crate) fn validate_stage(scan: &Scan<'_>) -> Observed {
    let mut observed = Observed::passed();
    if let Scan::Unknown(reason) = scan {
        observed.error("unknown-format", reason.to_string());
    }
    for diagnostic in scan.diagnostics() {
        if diagnostic.is_error() {
            observed.error(diagnostic.code().as_str(), diagnostic.message());
        } else {
            observed.warning(diagnostic.code().as_str(), diagnostic.message());
        }
    }
    observed
}

/// The payload stages of a text.
pub(crate) fn payload_stages(bytes: &[u8]) -> (Format, [Observed; 3]) {
    let scan = recognise(bytes);
    (
        scan.format(),
        [
            recognise_stage(&scan),
            parse_stage(&scan),
            validate_stage(&scan),
        ],
    )
}

/// Compares what a stage did with what was expected.
pub(crate) fn judge(expected: &Expectation, observed: &Observed) -> Outcome {
    let list = |codes: &std::collections::BTreeSet<String>| {
        if codes.is_empty() {
            "none".to_owned()
        } else {
            codes.iter().cloned().collect::<Vec<_>>().join(", ")
        }
    };
    let mut problems = Vec::new();
    match (expected.expect, observed.passed) {
        (Verdict::Pass, false) => problems.push(format!(
            "expected to pass, failed with {}",
            list(&observed.errors)
        )),
        (Verdict::Fail, true) => problems.push(format!(
            "expected to fail with {}, passed",
            list(&expected.errors)
        )),
        (Verdict::Fail, false) if expected.errors != observed.errors => problems.push(format!(
            "expected errors {}, got {}",
            list(&expected.errors),
            list(&observed.errors)
        )),
        _ => {}
    }
    if expected.warnings != observed.warnings {
        problems.push(format!(
            "expected warnings {}, got {}",
            list(&expected.warnings),
            list(&observed.warnings)
        ));
    }
    if let Some(value) = &expected.value
        && observed.value.as_ref() != Some(value)
    {
        problems.push(format!(
            "expected {value:?}, got {:?}",
            observed.value.as_deref().unwrap_or("nothing")
        ));
    }
    if problems.is_empty() {
        Outcome::Pass
    } else {
        Outcome::Fail {
            reason: problems.join("; "),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn judging_compares_verdicts_codes_and_values() {
        let mut failed = Observed::passed();
        failed.error("phone-invalid", "x");
        assert_eq!(
            judge(&Expectation::fail(["phone-invalid"], []), &failed),
            Outcome::Pass
        );
        assert_eq!(
            judge(&Expectation::fail(["gender-invalid"], []), &failed),
            Outcome::Fail {
                reason: "expected errors gender-invalid, got phone-invalid".into()
            }
        );
        assert_eq!(
            judge(&Expectation::pass([]), &failed),
            Outcome::Fail {
                reason: "expected to pass, failed with phone-invalid".into()
            }
        );
        let mut passed = Observed::passed();
        passed.warning("cccd-gender-mismatch", "x");
        passed.value = Some("cccd".into());
        assert_eq!(
            judge(&Expectation::pass([]).with_value("personal-code"), &passed),
            Outcome::Fail {
                reason: "expected warnings none, got cccd-gender-mismatch; expected \"personal-code\", got \"cccd\"".into()
            }
        );
    }
}
