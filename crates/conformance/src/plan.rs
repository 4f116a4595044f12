//! The test plan: the screenshots an evaluator asks a vendor for. A submission that leaves one
//! out fails, naming it, so an empty or partial submission cannot pass.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{
    Case, Check, Error, Manifest, Outcome, RequestedForm, Stage, VectorSet, error::read_bounded,
};

/// The largest plan file read.
const MAX_PLAN_BYTES: u64 = 1 << 20;

/// The test plan bundled with the vectors: every test identity an app shows, full and masked.
pub(crate) const BUNDLED: &str = include_str!("../plan.json");

/// What an evaluation asks of a submission.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    /// The screenshots of personal codes a submission must hold; none, in the default plan.
    pub screenshots: Vec<PlannedScreenshot>,
    /// The golden EU certificates (ids of `conformance-vectors/eu-dcc/index.json`) a
    /// submission must show, one screenshot each; a plan may name none, and then says so.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub certificates: Vec<String>,
}

/// One screenshot of the plan: a test identity (by the vector naming its forms) in one form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlannedScreenshot {
    /// The vector whose `expected` forms the app must show.
    pub vector: String,
    /// The form shown.
    pub display: RequestedForm,
}

impl std::fmt::Display for PlannedScreenshot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the {} form of vector {}",
            self.display.name(),
            self.vector
        )
    }
}

/// How much of a plan a submission covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanCoverage {
    /// The screenshots of personal codes the plan asks for.
    pub planned: usize,
    /// Of those, the ones the submission holds.
    pub submitted: usize,
    /// The EU certificates the plan asks for.
    pub certificates_planned: usize,
    /// Of those, the ones the submission shows.
    pub certificates_submitted: usize,
}

impl PlanCoverage {
    /// The coverage as the summary's line says it, after `test plan: `.
    pub fn describe(&self) -> String {
        let certificates = match self.certificates_planned {
            0 => "; the plan names no EU certificate".to_owned(),
            planned => format!(
                ", {} of {planned} planned EU certificates",
                self.certificates_submitted
            ),
        };
        format!(
            "{} of {} planned screenshots submitted{certificates}",
            self.submitted, self.planned
        )
    }
}

impl Plan {
    /// Reads a plan file (`{"screenshots": [{"vector", "display"}]}`).
    pub fn load(path: &Path) -> Result<Plan, Error> {
        let bytes = read_bounded(path, MAX_PLAN_BYTES)?;
        let plan: Plan = serde_json::from_slice(&bytes).map_err(|e| Error::json(path, &e))?;
        let mut seen = std::collections::BTreeSet::new();
        for (index, screenshot) in plan.screenshots.iter().enumerate() {
            if !seen.insert(screenshot) {
                return Err(Error::invalid(
                    path,
                    format!("screenshots[{index}]"),
                    format!("{screenshot} is planned twice"),
                ));
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for (index, certificate) in plan.certificates.iter().enumerate() {
            if !seen.insert(certificate) {
                return Err(Error::invalid(
                    path,
                    format!("certificates[{index}]"),
                    format!("EU certificate {certificate} is planned twice"),
                ));
            }
        }
        Ok(plan)
    }

    /// Whether the plan asks for nothing.
    pub fn is_empty(&self) -> bool {
        self.screenshots.is_empty() && self.certificates.is_empty()
    }

    /// Checks that every planned vector is in `vectors` and names the forms an app shows.
    pub fn check(&self, vectors: &VectorSet, path: &Path) -> Result<(), Error> {
        for (index, screenshot) in self.screenshots.iter().enumerate() {
            let known = vectors
                .get(&screenshot.vector)
                .is_some_and(|loaded| loaded.vector.expected.is_some());
            if !known {
                return Err(Error::invalid(
                    path,
                    format!("screenshots[{index}].vector"),
                    format!(
                        "{:?} is no vector of this suite that names the forms an app shows",
                        screenshot.vector
                    ),
                ));
            }
        }
        for (index, certificate) in self.certificates.iter().enumerate() {
            if vectors.certificates().get(certificate).is_none() {
                return Err(Error::invalid(
                    path,
                    format!("certificates[{index}]"),
                    format!("{certificate:?} is no golden EU certificate of this suite"),
                ));
            }
        }
        Ok(())
    }

    /// The planned EU certificates `manifest` shows no screenshot of.
    pub fn missing_certificates<'a>(&'a self, manifest: &Manifest) -> Vec<&'a str> {
        self.certificates
            .iter()
            .filter(|planned| {
                !manifest
                    .images
                    .iter()
                    .any(|image| image.certificate.as_deref() == Some(planned.as_str()))
            })
            .map(String::as_str)
            .collect()
    }

    /// The planned screenshots `manifest` does not list (by vector and form).
    pub fn missing<'a>(&'a self, manifest: &Manifest) -> Vec<&'a PlannedScreenshot> {
        self.screenshots
            .iter()
            .filter(|planned| {
                !manifest.images.iter().any(|image| {
                    image.display == Some(planned.display)
                        && image.vector.as_deref() == Some(planned.vector.as_str())
                })
            })
            .collect()
    }

    /// How much of the plan `manifest` covers.
    pub fn coverage(&self, manifest: &Manifest) -> PlanCoverage {
        PlanCoverage {
            planned: self.screenshots.len(),
            submitted: self.screenshots.len() - self.missing(manifest).len(),
            certificates_planned: self.certificates.len(),
            certificates_submitted: self.certificates.len()
                - self.missing_certificates(manifest).len(),
        }
    }

    /// A failing case for each planned screenshot and EU certificate `manifest` leaves out,
    /// its id prefixed with `prefix` (the app's name in a matrix run): `plan: VECTOR FORM`,
    /// `plan: certificate ID`.
    pub(crate) fn missing_cases(&self, manifest: &Manifest, prefix: &str) -> Vec<Case> {
        let screenshots = self.missing(manifest).into_iter().map(|planned| {
            (
                format!(
                    "{prefix}plan: {} {}",
                    planned.vector,
                    planned.display.name()
                ),
                planned.to_string(),
            )
        });
        let certificates = self
            .missing_certificates(manifest)
            .into_iter()
            .map(|planned| {
                (
                    format!("{prefix}plan: certificate {planned}"),
                    format!("EU certificate {planned}"),
                )
            });
        screenshots
            .chain(certificates)
            .map(|(id, planned)| Case {
                description: format!("{planned}, which the test plan asks for"),
                requirements: Vec::new(),
                checks: vec![Check {
                    stage: Stage::Display,
                    expected: None,
                    observed: None,
                    outcome: Outcome::Fail {
                        reason: format!(
                            "no screenshot shows {planned}, which the test plan asks for"
                        ),
                    },
                }],
                image: None,
                image_bytes: None,
                symbols: Vec::new(),
                diff: Vec::new(),
                verdicts: Vec::new(),
                id,
            })
            .collect()
    }
}

/// The bundled test plan: every test identity of the bundled vectors an app must show, in the
/// full and the masked form, and the valid ES256 and PS256 vaccination certificates.
pub fn bundled_plan() -> Result<Plan, Error> {
    serde_json::from_str(BUNDLED).map_err(|e| Error::json("plan.json", &e))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn the_bundled_plan_names_bundled_vectors() {
        let plan = bundled_plan().unwrap();
        assert_eq!(plan.screenshots.len(), 8);
        assert_eq!(
            plan.certificates,
            ["dcc-valid-es256-vaccination", "dcc-valid-ps256-vaccination"]
        );
        plan.check(&crate::bundled_vectors().unwrap(), Path::new("plan.json"))
            .unwrap();
    }
}
