//! Any text, optionally followed by a line `@` and a clock, read as a green-card claim, as
//! health facts and as a rule set; none of it ever panics, and every error has a message.
//!
//! - A claim that reads is canonical: it encodes to the text read, and it no longer holds at
//!   its valid-until.
//! - A clock that reads is written and read back to the same instant.
//! - Facts that read serialise and read back equal, and are evaluated with every shipped
//!   rule set; a rule set that reads evaluates the facts of the evaluation vectors. Each
//!   evaluation gives an outcome of its rule set, ends after its clock if it ends, and
//!   makes a claim that reads back equal and never holds longer than the evaluation.
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use qr1405_greencard::{CLAIM_MAX_LEN, Claim, Facts, RuleSet, Timestamp};

/// Clocks used when the input gives none.
const CLOCKS: [&str; 4] = [
    "2021-07-01T00:00:00+07:00",
    "2021-10-01T08:00:00+07:00",
    "2022-01-15T12:34:56+07:00",
    "2099-12-31T23:59:59+07:00",
];

static BUILTIN: LazyLock<Vec<RuleSet>> = LazyLock::new(|| {
    RuleSet::builtin_ids()
        .filter_map(RuleSet::builtin)
        .collect()
});

/// The facts and clocks of the evaluation vectors.
static VECTOR_FACTS: LazyLock<Vec<(Facts, Timestamp)>> = LazyLock::new(|| {
    let vectors: serde_json::Value = serde_json::from_str(qr1405_greencard::EVALUATION_VECTORS)
    .expect("the evaluation vectors are JSON");
    vectors
        .as_array()
        .expect("a list of vectors")
        .iter()
        .map(|vector| {
            let facts = Facts::from_json(&vector["facts"].to_string()).expect("vector facts");
            let at = vector["at"]
                .as_str()
                .expect("a clock")
                .parse()
                .expect("a clock");
            (facts, at)
        })
        .collect()
});

fn evaluate(rules: &RuleSet, facts: &Facts, at: Timestamp) {
    let evaluation = match rules.evaluate(facts, at) {
        Ok(evaluation) => evaluation,
        Err(error) => {
            assert!(!error.to_string().is_empty());
            return;
        }
    };
    assert_eq!(evaluation.rules(), rules.id());
    assert_eq!(evaluation.claim_code(), rules.claim_code());
    assert_eq!(evaluation.at(), at);
    assert!(
        rules
            .outcomes()
            .any(|outcome| outcome == (evaluation.status(), evaluation.scope())),
        "an outcome the rule set does not have"
    );
    if let Some(until) = evaluation.valid_until() {
        assert!(until > at, "valid until {until}, not after the clock {at}");
    }
    let claim = Claim::from_evaluation(&evaluation);
    let text = claim.encode();
    assert!(text.len() <= CLAIM_MAX_LEN, "{text}");
    assert_eq!(Claim::parse(&text).as_ref(), Ok(&claim), "{text}");
    assert_eq!(claim.status(), evaluation.status());
    assert_eq!(claim.scope(), evaluation.scope());
    match (claim.valid_until(), evaluation.valid_until()) {
        (None, None) => {}
        (Some(claim_until), Some(until)) => assert!(claim_until <= until),
        (claim_until, until) => panic!("claim until {claim_until:?}, evaluation {until:?}"),
    }
    if claim.holds_at(at) {
        assert!(evaluation.valid_until().is_none_or(|until| at < until));
    }
    serde_json::to_string(&evaluation).expect("evaluations serialise");
}

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let (text, clock) = match input.rsplit_once("\n@") {
        Some((text, clock)) => (text, Some(clock)),
        None => (input, None),
    };
    let clocks: Vec<Timestamp> = match clock.map(str::parse::<Timestamp>) {
        Some(Ok(at)) => {
            assert_eq!(at.to_string().parse::<Timestamp>(), Ok(at));
            vec![at]
        }
        Some(Err(error)) => {
            assert!(!error.to_string().is_empty());
            return;
        }
        None => CLOCKS.iter().map(|c| c.parse().expect("a clock")).collect(),
    };

    match Claim::parse(text) {
        Ok(claim) => {
            assert_eq!(claim.encode(), text);
            assert_eq!(Claim::from_slot(text), Ok(Some(claim.clone())));
            if let Some(until) = claim.valid_until() {
                assert!(!claim.holds_at(until));
            }
            for &at in &clocks {
                assert!(!claim.describe_at(at).is_empty());
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }

    match Facts::from_json(text) {
        Ok(facts) => {
            let json = serde_json::to_string(&facts).expect("facts serialise");
            assert_eq!(Facts::from_json(&json).as_ref(), Ok(&facts), "{json}");
            for rules in BUILTIN.iter() {
                for &at in &clocks {
                    evaluate(rules, &facts, at);
                }
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }

    match RuleSet::from_json(text) {
        Ok(rules) => {
            for (facts, at) in VECTOR_FACTS.iter() {
                evaluate(&rules, facts, *at);
                for &at in &clocks {
                    evaluate(&rules, facts, at);
                }
            }
        }
        Err(error) => assert!(!error.to_string().is_empty()),
    }
});
