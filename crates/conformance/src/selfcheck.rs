//! The self-check: this project's own libraries against every stage of every vector.

use std::collections::BTreeSet;

use crate::{
    Case, Check, Compliance, Exceptions, Loaded, Observed, Outcome, Profile, Report, Stage,
    SymbolOutline, VectorSet, report::RequirementVerdict, requirement, stage,
};

/// What an evaluation runs with besides the vectors.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Known divergences.
    pub exceptions: Exceptions,
    /// The evaluation profile of the symbol stage.
    pub profile: Profile,
    /// The trust list of the signature stages; without one they are skipped.
    pub trust: Option<qr1405_sign::TrustList>,
    /// The screenshots a submission must hold (submission and matrix runs); the default plan
    /// asks for none, the evaluator's is [`bundled_plan`](crate::bundled_plan).
    pub plan: crate::Plan,
}

/// Runs every tested stage of every vector.
pub fn self_check(vectors: &VectorSet, settings: &Settings) -> Report {
    self_check_with_progress(vectors, settings, &mut |_| {})
}

/// [`self_check`], calling `progress` with the number of vectors done after each one.
pub fn self_check_with_progress(
    vectors: &VectorSet,
    settings: &Settings,
    progress: &mut dyn FnMut(usize),
) -> Report {
    let cases = in_parallel(
        vectors.vectors(),
        |loaded| vector_case(loaded, settings),
        progress,
    );
    let stale = settings
        .exceptions
        .stale(vectors.vectors().iter().map(|l| l.vector.id.as_str()));
    let mut run = crate::Run::new(crate::Clock::EachVector).conformance_path(&settings.profile);
    run.vectors = Some(vectors.input().clone());
    Report::new("self-check", cases, stale).with_run(run)
}

fn vector_case(loaded: &Loaded, settings: &Settings) -> Case {
    let vector = &loaded.vector;
    let exceptions = &settings.exceptions;
    let bytes = vector.bytes();
    let (_, payload) = stage::payload_stages(&bytes);
    let [recognised, parsed, validated] = payload;
    let picture = loaded.image.as_deref().map(qr1405_symbol::decode);
    let (decoded, measured) = match &picture {
        None => (None, None),
        Some(Ok(report)) => (
            Some(stage::decode_stage(report, &bytes)),
            Some(stage::symbol_stage(report, &settings.profile)),
        ),
        Some(Err(error)) => {
            let mut failed = Observed::passed();
            failed.error("no-symbol", error.to_string());
            (Some(failed.clone()), Some(failed))
        }
    };
    let verdict = settings
        .trust
        .as_ref()
        .map(|trust| stage::verdict(&bytes, trust, vector.clock));
    let mut checks = Vec::new();
    for (&stage, expected) in &vector.stages {
        let observed = match stage {
            Stage::Recognise => Some(recognised.clone()),
            Stage::Parse => Some(parsed.clone()),
            Stage::Validate => Some(validated.clone()),
            Stage::Decode => decoded.clone(),
            Stage::Symbol => measured.clone(),
            Stage::Verify => verdict.as_ref().map(stage::verify_stage),
            Stage::Trust => verdict.as_ref().map(stage::trust_stage),
            Stage::Green => Some(stage::green_stage(&bytes, vector.clock)),
            _ => None,
        };
        let outcome = match &observed {
            Some(observed) => stage::judge(expected, observed),
            None if matches!(stage, Stage::Verify | Stage::Trust) => Outcome::Skip {
                reason: "no trust list was given".into(),
            },
            None => Outcome::Skip {
                reason: format!("the {stage} stage is not available in this build"),
            },
        };
        checks.push(Check {
            stage,
            expected: Some(expected.clone()),
            observed,
            outcome: exceptions.apply(&vector.id, stage, outcome),
        });
    }
    let verdicts = verdicts(&vector.requirements, &checks);
    Case {
        id: vector.id.clone(),
        description: vector.description.clone(),
        requirements: vector.requirements.clone(),
        checks,
        image: vector.image.clone(),
        image_bytes: loaded.image.as_deref().map(std::sync::Arc::from),
        symbols: match &picture {
            Some(Ok(report)) => outlines(report),
            _ => Vec::new(),
        },
        diff: Vec::new(),
        verdicts,
    }
}

/// Each covered requirement, met or broken by what the checks observed.
pub(crate) fn verdicts(requirements: &[String], checks: &[Check]) -> Vec<RequirementVerdict> {
    let found: BTreeSet<&str> = checks
        .iter()
        .filter_map(|c| c.observed.as_ref())
        .flat_map(|o| o.errors.iter().chain(&o.warnings))
        .map(String::as_str)
        .collect();
    requirements
        .iter()
        .filter_map(|id| requirement::requirement(id))
        .map(|r| {
            let findings: Vec<String> = r
                .breaks
                .iter()
                .filter(|code| found.contains(**code))
                .map(|code| (*code).to_owned())
                .collect();
            RequirementVerdict {
                requirement: r.id.to_owned(),
                level: r.level,
                verdict: if findings.is_empty() {
                    Compliance::Met
                } else {
                    Compliance::Broken
                },
                findings,
            }
        })
        .collect()
}

/// Where each symbol of a picture was found, for the HTML report.
pub(crate) fn outlines(report: &qr1405_symbol::ImageReport) -> Vec<SymbolOutline> {
    report
        .symbols
        .iter()
        .map(|symbol| SymbolOutline {
            corners: symbol.corners.map(|p| (p.x, p.y)),
            text: symbol.text.clone(),
        })
        .collect()
}

/// Maps `items` on every core, in order, calling `progress` with the count done as each ends.
pub(crate) fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    progress: &mut dyn FnMut(usize),
) -> Vec<R> {
    use std::sync::{
        atomic::{AtomicUsize, Ordering},
        mpsc,
    };

    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZero::get)
        .clamp(1, 16);
    // One core, or none to spawn a thread on (WebAssembly in a browser): in this thread.
    if threads == 1 || cfg!(target_family = "wasm") {
        return items
            .iter()
            .enumerate()
            .map(|(index, item)| {
                let result = work(item);
                progress(index + 1);
                result
            })
            .collect();
    }
    let next = AtomicUsize::new(0);
    let (sender, receiver) = mpsc::channel();
    let mut results: Vec<Option<R>> = std::iter::repeat_with(|| None).take(items.len()).collect();
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let sender = sender.clone();
            let (next, work) = (&next, &work);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(index) else { break };
                    if sender.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (done, (index, result)) in receiver.iter().enumerate() {
            results[index] = Some(result);
            progress(done + 1);
        }
    });
    results.into_iter().flatten().collect()
}
