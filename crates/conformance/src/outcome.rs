//! Outcomes: what each check of a run came to, and the known divergences.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::Path,
};

use serde::{Deserialize, Serialize};

use crate::{Error, Stage, error::read_bounded};

/// What one check came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Outcome {
    /// As expected.
    Pass,
    /// Not as expected.
    Fail {
        /// What differed.
        reason: String,
    },
    /// Not run.
    Skip {
        /// Why not.
        reason: String,
    },
    /// Not as expected, and listed in the exceptions file.
    KnownDivergence {
        /// The reason the exceptions file gives.
        reason: String,
    },
    /// As expected although the exceptions file lists a divergence: the entry is stale.
    StaleException {
        /// The reason the stale entry gives.
        reason: String,
    },
}

impl Outcome {
    /// `pass` when the stage succeeded, else `fail` with its messages as the reason.
    pub fn of(observed: &crate::Observed) -> Outcome {
        if observed.passed {
            Outcome::Pass
        } else {
            Outcome::Fail {
                reason: observed.messages.join("; "),
            }
        }
    }

    /// Whether this outcome fails a run: an unexpected failure or a stale exception.
    pub fn is_unexpected(&self) -> bool {
        matches!(self, Outcome::Fail { .. } | Outcome::StaleException { .. })
    }

    /// The kebab-case name.
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Pass => "pass",
            Outcome::Fail { .. } => "fail",
            Outcome::Skip { .. } => "skip",
            Outcome::KnownDivergence { .. } => "known-divergence",
            Outcome::StaleException { .. } => "stale-exception",
        }
    }

    /// The reason, for outcomes that have one.
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Pass => None,
            Outcome::Fail { reason }
            | Outcome::Skip { reason }
            | Outcome::KnownDivergence { reason }
            | Outcome::StaleException { reason } => Some(reason),
        }
    }
}

/// Known divergences: `{"VECTOR-ID": {"STAGE": "reason"}}`, one reason per entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Exceptions(
    #[serde(deserialize_with = "crate::unique::nested")] BTreeMap<String, BTreeMap<Stage, String>>,
);

impl Exceptions {
    /// Reads an exceptions file; every reason must be non-empty.
    pub fn load(path: &Path) -> Result<Exceptions, Error> {
        let bytes = read_bounded(path, 1 << 20)?;
        let exceptions: Exceptions =
            serde_json::from_slice(&bytes).map_err(|e| Error::json(path, &e))?;
        for (id, stages) in &exceptions.0 {
            for (stage, reason) in stages {
                if reason.trim().is_empty() {
                    return Err(Error::invalid(
                        path,
                        format!("{id}.{stage}"),
                        "every known divergence gives its reason",
                    ));
                }
            }
        }
        Ok(exceptions)
    }

    /// The reason listed for `id` at `stage`.
    pub fn reason(&self, id: &str, stage: Stage) -> Option<&str> {
        self.0.get(id)?.get(&stage).map(String::as_str)
    }

    /// Entries naming a vector or image not in `ids`: reported as stale.
    pub fn unknown_ids<'a>(&'a self, ids: &BTreeSet<&str>) -> Vec<&'a str> {
        self.0
            .keys()
            .filter(|id| !ids.contains(id.as_str()))
            .map(String::as_str)
            .collect()
    }

    /// The entries naming none of `ids`, owned: a report's stale exceptions.
    pub(crate) fn stale<'a>(&self, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let ids: BTreeSet<&str> = ids.into_iter().collect();
        self.unknown_ids(&ids)
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// Applies the exceptions to a check's outcome.
    pub fn apply(&self, id: &str, stage: Stage, outcome: Outcome) -> Outcome {
        match (self.reason(id, stage), outcome) {
            (Some(reason), Outcome::Fail { .. }) => Outcome::KnownDivergence {
                reason: reason.to_owned(),
            },
            (Some(reason), Outcome::Pass) => Outcome::StaleException {
                reason: format!("listed as a known divergence ({reason}), but it passed"),
            },
            (_, outcome) => outcome,
        }
    }
}
