//! Every combination of the four optional EXT slots, unsigned and signed.

use qr1405_conformance::{Expectation, Stage};
use qr1405_payload::{Gender, PersonalCode};

use crate::{
    Error,
    identities::{SIGNING_KEYS, record},
    spec::{SIGNED_AT, Spec, code_of, time},
};

/// Every combination of the four optional EXT slots before the signature.
pub(crate) fn ext_combinations() -> Result<Vec<Spec>, Error> {
    let mut specs = Vec::new();
    for mask in 0u8..16 {
        let mut record = record(
            Some("001203004567"),
            "Đỗ Quang Huy",
            "2003-08-15",
            "162979388586172006",
            None,
            None,
            None,
        );
        let mut parts = Vec::new();
        if mask & 1 != 0 {
            // Slot 1 on a self-declared code is legal, and a warning.
            record.on_behalf_qid = Some("162979388586171100".into());
            parts.push("declarer");
        }
        if mask & 2 != 0 {
            record.gender = Some(Gender::Male);
            parts.push("gender");
        }
        if mask & 4 != 0 {
            record.health_insurance_number = Some("SV4010123456789".into());
            parts.push("bhyt");
        }
        if mask & 8 != 0 {
            record.phone = Some("0987654321".into());
            parts.push("phone");
        }
        let id = format!("valid-ext-{mask:02}");
        let code = code_of(&record, &id)?;
        let slots = if parts.is_empty() {
            "no slots".to_owned()
        } else {
            parts.join(", ")
        };
        let mut covered = vec!["P-01"];
        covered.extend(
            [(1, "P-08"), (2, "P-09"), (4, "P-10"), (8, "P-11")]
                .iter()
                .filter(|(bit, _)| mask & bit != 0)
                .map(|(_, r)| *r),
        );
        let warnings: &[&str] = if mask & 1 != 0 {
            covered.push("P-13");
            &["on-behalf-qid-unexpected"]
        } else {
            &[]
        };
        let mut spec = Spec::new(id, format!("EXT with {slots}"), code.as_str()).covers(&covered);
        spec.record = Some(record);
        specs.push(spec.valid_personal(warnings));
    }
    Ok(specs)
}

/// Every EXT combination again, signed: the signature follows the slots present, padding
/// empty ones up to slot 5.
pub(crate) fn signed_ext_combinations() -> Result<Vec<Spec>, Error> {
    let mut specs = Vec::new();
    for spec in ext_combinations()? {
        let text = String::from_utf8_lossy(&spec.text);
        let code = PersonalCode::parse(&text).map_err(|source| Error::Payload {
            item: spec.id.clone(),
            source,
        })?;
        let key = SIGNING_KEYS[specs.len() % SIGNING_KEYS.len()];
        let signed = key
            .secret_key()
            .sign(&code, time(SIGNED_AT, &spec.id)?)
            .map_err(|source| Error::Sign {
                item: spec.id.clone(),
                source,
            })?;
        let mut signed_spec = Spec::new(
            spec.id.replacen("valid-", "signed-", 1),
            format!("{}, signed by {}", spec.description, key.label()),
            signed.as_str(),
        );
        signed_spec.requirements = spec.requirements.clone();
        signed_spec.requirements.extend(["P-12", "S-01", "S-02"]);
        signed_spec.record = spec.record.clone();
        signed_spec.key_id = Some(key.public_key().key_id().to_string());
        let warnings: Vec<&str> = spec
            .stages
            .get(&Stage::Validate)
            .map(|e| e.warnings.iter().map(String::as_str).collect())
            .unwrap_or_default();
        specs.push(
            signed_spec
                .valid_personal(&warnings)
                .stage(Stage::Verify, Expectation::pass([]))
                .stage(Stage::Trust, Expectation::pass([])),
        );
    }
    Ok(specs)
}
