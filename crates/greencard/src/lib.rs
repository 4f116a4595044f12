//! The COVID-19 green card (thẻ xanh) for Vietnam's personal health QR code (Decision 1405).
//!
//! Provinces coloured the card by their own rules, and the rules changed over time, so this
//! crate keeps them as data:
//!
//! - [`Facts`]: what is known about a holder's health: vaccine doses, recoveries, tests, close
//!   contacts, read from strict JSON.
//! - [`RuleSet`]: a province's rules, read from a JSON rule file; four ship with the crate
//!   ([`RuleSet::builtin_ids`]): `default` (pale blue), `hcmc-pilot`, `hcmc-3328` and
//!   `khanh-hoa`.
//! - [`RuleSet::evaluate`]: facts, rules and a clock give an [`Evaluation`]: a [`Status`], a
//!   [`Scope`], a valid-until and the reason, in words a checkpoint officer can read.
//! - [`Claim`]: the compact text of EXT slot [`CLAIM_SLOT`] of the personal code, after the
//!   signature slot so the signature covers it; readers parse it and say whether it still
//!   holds at their clock.
//!
//! Days are Vietnam calendar days (UTC+07:00 all year): "14 days after" a dose on day 0 is
//! met from 00:00+07:00 on day 14; "within 180 days" of a recovery on day 0 holds through day
//! 180. Test windows count hours from the sample time: 72 h later the test no longer counts.
//! The full specification is `docs/greencard.md`.
//!
//! ```
//! use qr1405_greencard::{Claim, Facts, RuleSet, Status, Timestamp};
//!
//! let facts = Facts::from_json(r#"{
//!     "doses": [
//!         {"product": "vaxzevria", "date": "2021-08-01"},
//!         {"product": "comirnaty", "date": "2021-09-17"}
//!     ]
//! }"#)?;
//! let rules = RuleSet::builtin("khanh-hoa").expect("shipped");
//!
//! // Day 13 after the second dose: the first dose alone gives yellow.
//! let day_13: Timestamp = "2021-09-30T23:59:59+07:00".parse()?;
//! assert_eq!(rules.evaluate(&facts, day_13)?.status(), Status::Yellow);
//!
//! // Day 14: green, with no end.
//! let day_14: Timestamp = "2021-10-01T00:00:00+07:00".parse()?;
//! let evaluation = rules.evaluate(&facts, day_14)?;
//! assert_eq!(evaluation.status(), Status::Green);
//! assert_eq!(evaluation.valid_until(), None);
//! assert_eq!(
//!     evaluation.reason(),
//!     "Xanh (green): full course completed with dose 2, Pfizer-BioNTech (Comirnaty), on 2021-09-17 (valid from 2021-10-01)"
//! );
//!
//! // The claim for EXT slot 6, and what a reader makes of it.
//! let claim = Claim::from_evaluation(&evaluation);
//! assert_eq!(claim.encode(), "GC1-KH-G");
//! assert_eq!(Claim::parse("GC1-KH-G")?, claim);
//! assert!(claim.holds_at(day_14));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod claim;
mod error;
mod evaluate;
mod facts;
mod json;
mod rules;
mod status;

pub use claim::{CLAIM_MAX_LEN, CLAIM_SLOT, Claim};
pub use error::{ClaimError, FactsError, RulesError};
pub use evaluate::Evaluation;
pub use facts::{
    CloseContact, Dose, FIRST_FACT_YEAR, Facts, IdentifierError, LAST_FACT_YEAR, MAX_ENTRIES,
    MAX_FACTS_BYTES, ProductId, Recovery, Test, TestKind, TestResult,
};
pub use rules::{MAX_CONDITIONS, MAX_OUTCOMES, MAX_PRODUCTS, MAX_RULES_BYTES, RuleSet};
pub use status::{Scope, Status};
// The project's time core: dates and instants in this crate's API are its types.
pub use qr1405_time::{Date, TimeError, TimeKind, Timestamp};

/// The evaluation vectors of the shipped rule sets, as JSON text (`vectors/evaluations.json`):
/// a list of objects with `name`, `rules`, `at`, `facts`, `status`, `scope`, `valid_until` and
/// `claim`, one or more for every outcome of every shipped rule set. The conformance vectors
/// and the fuzz targets draw their green-card cases from it.
pub const EVALUATION_VECTORS: &str = include_str!("../vectors/evaluations.json");
