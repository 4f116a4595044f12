//! The evaluation vectors in `vectors/evaluations.json`: one or more for every outcome of every
//! shipped rule set, with the expected status, scope, valid-until and claim.

#![allow(
    clippy::unwrap_used,
    reason = "a bad fixture should stop the test at once"
)]

use qr1405_greencard::{Claim, Facts, RuleSet, Timestamp};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Vector {
    name: String,
    rules: String,
    at: Timestamp,
    facts: serde_json::Value,
    status: serde_json::Value,
    scope: serde_json::Value,
    valid_until: Option<Timestamp>,
    claim: String,
}

fn vectors() -> Vec<Vector> {
    serde_json::from_str(qr1405_greencard::EVALUATION_VECTORS).unwrap()
}

#[test]
fn every_vector_evaluates_as_recorded() {
    for vector in vectors() {
        let name = &vector.name;
        let rules = RuleSet::builtin(&vector.rules).unwrap();
        let facts = Facts::from_json(&vector.facts.to_string()).unwrap();
        let evaluation = rules.evaluate(&facts, vector.at).unwrap();
        let json = serde_json::to_value(&evaluation).unwrap();
        assert_eq!(json["status"], vector.status, "{name}");
        assert_eq!(json["scope"], vector.scope, "{name}");
        assert_eq!(evaluation.valid_until(), vector.valid_until, "{name}");
        let claim = Claim::from_evaluation(&evaluation);
        assert_eq!(claim.encode(), vector.claim, "{name}");
        assert_eq!(Claim::parse(&vector.claim).unwrap(), claim, "{name}");
        assert!(claim.holds_at(vector.at), "{name}");
    }
}

#[test]
fn every_outcome_of_every_shipped_rule_set_has_a_vector() {
    let vectors = vectors();
    for id in RuleSet::builtin_ids() {
        for (status, scope) in RuleSet::builtin(id).unwrap().outcomes() {
            let (status, scope) = (
                serde_json::to_value(status).unwrap(),
                serde_json::to_value(scope).unwrap(),
            );
            assert!(
                vectors
                    .iter()
                    .any(|v| v.rules == id && v.status == status && v.scope == scope),
                "no vector for rule set {id}, status {status}, scope {scope}"
            );
        }
    }
}

#[test]
fn vector_names_are_unique() {
    let mut names: Vec<String> = vectors().into_iter().map(|vector| vector.name).collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count);
}

#[test]
fn the_words_of_every_vector() {
    let words: Vec<String> = vectors()
        .into_iter()
        .map(|vector| {
            let rules = RuleSet::builtin(&vector.rules).unwrap();
            let facts = Facts::from_json(&vector.facts.to_string()).unwrap();
            let evaluation = rules.evaluate(&facts, vector.at).unwrap();
            let mut lines = vec![
                format!("## {}", vector.name),
                format!("reason: {}", evaluation.reason()),
            ];
            lines.extend(
                evaluation
                    .unmet()
                    .iter()
                    .map(|unmet| format!("unmet: {unmet}")),
            );
            lines.extend(
                evaluation
                    .notes()
                    .iter()
                    .map(|note| format!("note: {note}")),
            );
            lines.join("\n")
        })
        .collect();
    insta::assert_snapshot!(words.join("\n\n"));
}
