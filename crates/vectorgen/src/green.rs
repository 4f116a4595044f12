//! Green-card claims: a code carrying each status of every shipped rule set, and claims
//! that are expired or malformed.

use qr1405_conformance::{Expectation, Stage};
use qr1405_payload::PersonalCode;
use qr1405_testkeys::TestKey;

use crate::{
    Error,
    identities::identities,
    spec::{CLOCK, SIGNED_AT, Spec, code_of, time},
};

/// One green-card evaluation of the green-card crate's own vectors.
#[derive(serde::Deserialize)]
struct Evaluation {
    name: String,
    at: String,
    status: String,
    claim: String,
}

/// A code carrying each status of every shipped rule set as its green-card claim, signed over
/// the claim; and claims that are expired or malformed.
pub(crate) fn green_cards() -> Result<Vec<Spec>, Error> {
    let evaluations: Vec<Evaluation> = serde_json::from_str(qr1405_greencard::EVALUATION_VECTORS)
        .map_err(|source| Error::Json {
        item: "the green-card crate's evaluation vectors".to_owned(),
        source,
    })?;
    let identity = &identities()[1];
    let code = code_of(&identity.record, identity.id)?;
    let claimed = |claim: &str, id: &str| -> Result<PersonalCode, Error> {
        let with_claim = code
            .with_further_slot(qr1405_greencard::CLAIM_SLOT, claim)
            .map_err(|source| Error::Payload {
                item: format!("{id}.claim"),
                source,
            })?;
        TestKey::Qrqg2021
            .secret_key()
            .sign(&with_claim, time(SIGNED_AT, id)?)
            .map_err(|source| Error::Sign {
                item: format!("{id}.claim"),
                source,
            })
    };
    let mut specs = Vec::new();
    for evaluation in &evaluations {
        let id = format!("green-{}", evaluation.name);
        let signed = claimed(&evaluation.claim, &id)?;
        let mut spec = Spec::new(
            id,
            format!(
                "green-card claim {} ({})",
                evaluation.claim,
                evaluation.name.replace('-', " ")
            ),
            signed.as_str(),
        )
        .covers(&["G-01", "P-12", "S-02"]);
        spec.clock.clone_from(&evaluation.at);
        spec.record = Some(identity.record.clone());
        specs.push(
            spec.valid_personal(&[])
                .stage(Stage::Verify, Expectation::pass([]))
                .stage(Stage::Trust, Expectation::pass([]))
                .stage(
                    Stage::Green,
                    Expectation::pass([]).with_value(&evaluation.status),
                ),
        );
    }
    let defects: [(&str, &str, &str, &str, &str); 3] = [
        (
            "expired",
            "a green claim read the minute it expires",
            "GC1-KH-G-202110030800",
            "2021-10-03T08:00:00+07:00",
            "green-expired",
        ),
        (
            "malformed",
            "a claim of no known shape",
            "GC9-KH-G",
            CLOCK,
            "green-claim-malformed",
        ),
        (
            "lowercase",
            "a claim in lower case",
            "gc1-kh-g",
            CLOCK,
            "green-claim-malformed",
        ),
    ];
    for (id, description, claim, clock, error) in defects {
        let id = format!("green-{id}");
        let signed = claimed(claim, &id)?;
        let mut spec = Spec::new(id, description, signed.as_str()).covers(&["G-01"]);
        spec.clock = clock.to_owned();
        spec.record = Some(identity.record.clone());
        let green = if error == "green-expired" {
            Expectation::fail([error], []).with_value("green")
        } else {
            Expectation::fail([error], [])
        };
        specs.push(
            spec.valid_personal(&[])
                .stage(Stage::Verify, Expectation::pass([]))
                .stage(Stage::Green, green),
        );
    }
    Ok(specs)
}
