//! What each stage observes of a text or an image, with this project's libraries.

use qr1405_payload::{DiagnosticCode, Format, Scan, recognise};

use crate::{Expect, Expectation, Observed, Outcome};

/// Codes of the `parse` stage: the text could not be split into its format's fields.
const STRUCTURAL: [DiagnosticCode; 8] = [
    DiagnosticCode::InputEmpty,
    DiagnosticCode::InputTooLong,
    DiagnosticCode::InputNotUtf8,
    DiagnosticCode::ByteOrderMark,
    DiagnosticCode::TrailingLineBreak,
    DiagnosticCode::ControlCharacter,
    DiagnosticCode::FieldCount,
    DiagnosticCode::CardFieldCount,
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
        (Expect::Pass, false) => problems.push(format!(
            "expected to pass, failed with {}",
            list(&observed.errors)
        )),
        (Expect::Fail, true) => problems.push(format!(
            "expected to fail with {}, passed",
            list(&expected.errors)
        )),
        (Expect::Fail, false) if expected.errors != observed.errors => problems.push(format!(
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

/// `decode`: every symbol read, every decoder agreeing, one of them holding `expected`.
pub(crate) fn decode_stage(report: &qr1405_symbol::ImageReport, expected: &[u8]) -> Observed {
    let mut observed = Observed::passed();
    if report.symbols.is_empty() {
        let runs: Vec<String> = report
            .decoders
            .iter()
            .map(|run| format!("{:?}: {:?}", run.decoder, run.outcome))
            .collect();
        observed.error(
            "no-symbol",
            format!("no decoder found a symbol ({})", runs.join(", ")),
        );
        return observed;
    }
    for symbol in report.disagreements() {
        let readings: Vec<String> = symbol
            .readings
            .iter()
            .map(|r| format!("{:?} read {:?}", r.decoder, r.text))
            .collect();
        observed.error("decoders-disagree", readings.join("; "));
    }
    let found = report
        .symbols
        .iter()
        .any(|s| s.payload() == expected || s.readings.iter().any(|r| r.payload() == expected));
    observed.value = report.symbols.first().map(|s| s.text.clone());
    if !found {
        observed.error(
            "text-mismatch",
            format!(
                "expected {:?}, found {:?}",
                String::from_utf8_lossy(expected),
                report
                    .symbols
                    .iter()
                    .map(|s| s.text.as_str())
                    .collect::<Vec<_>>()
            ),
        );
    }
    observed
}

/// `symbol`: the symbols against the evaluation profile.
pub(crate) fn symbol_stage(
    report: &qr1405_symbol::ImageReport,
    profile: &crate::Profile,
) -> Observed {
    use crate::profile::{EccLevel, GradeLetter};
    use qr1405_symbol::{Ecc, Grade};

    let mut observed = Observed::passed();
    if report.symbols.is_empty() {
        observed.error("no-symbol", "no symbol to measure");
        return observed;
    }
    if report.symbols.len() > profile.symbols_per_image {
        observed.error(
            "multiple-symbols",
            format!(
                "{} symbols on the screen; the profile allows {}",
                report.symbols.len(),
                profile.symbols_per_image
            ),
        );
    }
    for symbol in &report.symbols {
        if let Some(ecc) = symbol.ecc {
            let level = match ecc {
                Ecc::L => EccLevel::L,
                Ecc::M => EccLevel::M,
                Ecc::Q => EccLevel::Q,
                _ => EccLevel::H,
            };
            if level < profile.min_ecc {
                observed.error(
                    "ecc-below-profile",
                    format!(
                        "error correction {ecc}; the profile asks for {:?} or more",
                        profile.min_ecc
                    ),
                );
            }
        }
        if profile.dark_on_light && symbol.inverted {
            observed.error("light-on-dark", "light modules on a dark background");
        }
        if let Some(quiet) = symbol.quiet_zone_modules
            && quiet < profile.min_quiet_zone_modules
        {
            observed.error(
                "quiet-zone-too-small",
                format!(
                    "quiet zone of {quiet} modules; the profile asks for {}",
                    profile.min_quiet_zone_modules
                ),
            );
        }
        if symbol.module_px < profile.min_module_px {
            observed.error(
                "modules-too-small",
                format!(
                    "modules of {:.1} px; the profile asks for {}",
                    symbol.module_px, profile.min_module_px
                ),
            );
        }
        if let Some(contrast) = symbol.contrast
            && contrast < profile.min_symbol_contrast
        {
            observed.error(
                "low-contrast",
                format!(
                    "symbol contrast {:.0}%; the profile asks for {:.0}%",
                    contrast * 100.0,
                    profile.min_symbol_contrast * 100.0
                ),
            );
        }
        if let Some(damaged) = symbol.damaged_modules
            && damaged > profile.max_damaged_modules
        {
            observed.error(
                "damaged-modules",
                format!(
                    "{damaged} modules differ from the re-encoded content; the profile allows {}",
                    profile.max_damaged_modules
                ),
            );
        }
        if let Some(grades) = &symbol.grades {
            let letter = match grades.overall {
                Grade::A => GradeLetter::A,
                Grade::B => GradeLetter::B,
                Grade::C => GradeLetter::C,
                Grade::D => GradeLetter::D,
                _ => GradeLetter::F,
            };
            if letter < profile.min_overall_grade {
                observed.warning(
                    "grade-below-profile",
                    format!(
                        "overall grade {}; the profile asks for {:?} or better",
                        grades.overall, profile.min_overall_grade
                    ),
                );
            }
        }
    }
    observed
}

/// Verification failures of the signature itself: the `verify` stage.
const SIGNATURE_FAILURES: [&str; 4] = [
    "malformed-slot",
    "unsupported-version",
    "unknown-key",
    "signature-invalid",
];

/// Why a text has no signature verdict.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum NoVerdict {
    /// The text is not UTF-8, so not a personal code.
    #[error("the text is not utf-8")]
    NotUtf8,
    /// The text is not a personal code.
    #[error("{0}")]
    NotACode(#[from] qr1405_payload::Error),
    /// The clock is before the first instant signatures count.
    #[error("the clock {0} is before 1970")]
    ClockBeforeEpoch(crate::Timestamp),
}

/// The verdict on a text's signature, or why there is none.
pub(crate) fn verdict(
    bytes: &[u8],
    trust: &qr1405_sign::TrustList,
    clock: crate::Timestamp,
) -> Result<qr1405_sign::Verdict, NoVerdict> {
    let text = std::str::from_utf8(bytes).map_err(|_| NoVerdict::NotUtf8)?;
    let code = qr1405_payload::PersonalCode::parse(text)?;
    let at = qr1405_sign::Time::try_from(clock).map_err(|_| NoVerdict::ClockBeforeEpoch(clock))?;
    Ok(trust.verify(&code, at))
}

/// `verify`: the signature is well formed, names a listed key and verifies. An unsigned code
/// passes with the warning `unsigned`: accepting it is the reader's policy.
pub(crate) fn verify_stage(verdict: &Result<qr1405_sign::Verdict, NoVerdict>) -> Observed {
    use qr1405_sign::Verdict;

    let mut observed = Observed::passed();
    match verdict {
        Err(reason) => observed.error("malformed-slot", format!("no code to verify: {reason}")),
        Ok(Verdict::Valid(valid)) => {
            observed.value = Some(valid.issuer_id().to_owned());
        }
        Ok(Verdict::Unsigned) => observed.warning("unsigned", "the code carries no signature"),
        Ok(Verdict::Invalid(failure)) if SIGNATURE_FAILURES.contains(&failure.code()) => {
            observed.error(failure.code(), failure.to_string());
        }
        Ok(Verdict::Invalid(_)) => {}
    }
    observed
}

/// `trust`: the signing key was valid when the code was signed and is not revoked at the
/// clock, and the code was not signed in the future.
pub(crate) fn trust_stage(verdict: &Result<qr1405_sign::Verdict, NoVerdict>) -> Observed {
    use qr1405_sign::Verdict;

    let mut observed = Observed::passed();
    match verdict {
        Err(reason) => observed.error("malformed-slot", format!("no code to verify: {reason}")),
        Ok(Verdict::Valid(valid)) => observed.value = Some(valid.key_id().to_string()),
        Ok(Verdict::Unsigned) => observed.error("unsigned", "the code carries no signature"),
        Ok(Verdict::Invalid(failure)) => observed.error(failure.code(), failure.to_string()),
    }
    observed
}

/// `green`: the green-card claim in EXT slot 6 reads, and still holds at the clock; its
/// status is the value.
pub(crate) fn green_stage(bytes: &[u8], clock: crate::Timestamp) -> Observed {
    use qr1405_greencard::{CLAIM_SLOT, Claim};

    let mut observed = Observed::passed();
    let slot = std::str::from_utf8(bytes)
        .ok()
        .and_then(|text| qr1405_payload::PersonalCode::parse(text).ok())
        .and_then(|code| code.ext_slot(CLAIM_SLOT).map(str::to_owned));
    let Some(slot) = slot else {
        observed.error(
            "green-claim-malformed",
            "the code carries no green-card claim",
        );
        return observed;
    };
    let claim = match Claim::parse(&slot) {
        Ok(claim) => claim,
        Err(error) => {
            observed.error("green-claim-malformed", error.to_string());
            return observed;
        }
    };
    observed.value = serde_json::to_value(claim.status())
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned));
    if !claim.holds_at(clock) {
        observed.error("green-expired", claim.describe_at(clock));
    }
    observed
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
