//! The semantic stage: what readers check beyond the schema.

use serde_json::Value as Json;

use crate::clock::{self, NumericDate};
use crate::cwt::Claims;
use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// The dates that must not lie after the validation clock, by group.
const EVENT_DATES: &[(&str, &str)] = &[("v", "dt"), ("t", "sc"), ("r", "fr")];

pub(crate) fn check(claims: &Claims, at: NumericDate, out: &mut Vec<Diagnostic>) {
    if let (Some(issued), Some(expiry)) = (claims.issued_at(), claims.expiry())
        && expiry <= issued
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::SemanticExpiryBeforeIssue,
                format!("the claims expire at {expiry}, not after they were issued at {issued}"),
            )
            .path("cwt.exp"),
        );
    }
    let Some(certificate) = claims.certificate.as_ref().and_then(Json::as_object) else {
        return;
    };
    let groups: Vec<&str> = ["v", "t", "r"]
        .into_iter()
        .filter(|key| certificate.contains_key(*key))
        .collect();
    if groups.len() != 1 {
        let found = if groups.is_empty() {
            "none".to_string()
        } else {
            groups.join(", ")
        };
        out.push(
            Diagnostic::new(
                DiagnosticCode::SemanticGroup,
                format!("exactly one of v, t, r belongs in a certificate; found {found}"),
            )
            .path("$"),
        );
    }
    for group in &groups {
        if let Some(entries) = certificate[*group].as_array()
            && entries.len() != 1
        {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SemanticGroup,
                    format!(
                        "{group} has {} entries; a certificate holds exactly one",
                        entries.len()
                    ),
                )
                .path(format!("$.{group}")),
            );
        }
    }
    if let Some(entries) = certificate.get("v").and_then(Json::as_array) {
        for (index, entry) in entries.iter().enumerate() {
            let dose = entry.get("dn").and_then(Json::as_f64);
            let series = entry.get("sd").and_then(Json::as_f64);
            if let (Some(dose), Some(series)) = (dose, series)
                && (dose < 1.0 || dose > series)
            {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::SemanticDose,
                        format!("dose {dose} of a series of {series}"),
                    )
                    .path(format!("$.v[{index}].dn")),
                );
            }
        }
    }
    for (group, key) in EVENT_DATES {
        let Some(entries) = certificate.get(*group).and_then(Json::as_array) else {
            continue;
        };
        for (index, entry) in entries.iter().enumerate() {
            let Some(text) = entry.get(*key).and_then(Json::as_str) else {
                continue;
            };
            let begins = if *key == "sc" {
                clock::date_time(text).map(NumericDate::unix_seconds)
            } else {
                clock::full_date(text).map(clock::day_start_earliest)
            };
            if begins.is_some_and(|begins| begins > at.unix_seconds()) {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::SemanticFutureDate,
                        format!("{text} is after the validation clock, {at}"),
                    )
                    .path(format!("$.{group}[{index}].{key}")),
                );
            }
        }
    }
    if let Some(dob) = certificate.get("dob").and_then(Json::as_str)
        && let Some(days) = clock::partial_date_start(dob)
        && clock::day_start_earliest(days) > at.unix_seconds()
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::SemanticFutureDate,
                format!("the birth date {dob} is after the validation clock, {at}"),
            )
            .path("$.dob"),
        );
    }
    if let Some(entries) = certificate.get("r").and_then(Json::as_array) {
        for (index, entry) in entries.iter().enumerate() {
            let from = entry.get("df").and_then(Json::as_str);
            let until = entry.get("du").and_then(Json::as_str);
            if let (Some(from), Some(until)) = (from, until)
                && let (Some(f), Some(u)) = (clock::full_date(from), clock::full_date(until))
                && u < f
            {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::SemanticDateOrder,
                        format!("valid until {until}, before valid from {from}"),
                    )
                    .path(format!("$.r[{index}].du")),
                );
            }
        }
    }
}
