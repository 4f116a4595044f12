//! Evaluation: facts, a rule set and a clock give a status, a scope, a valid-until and reasons.
//!
//! Each condition of the rule set turns the facts into the spans of time during which it is
//! met; an outcome's spans are those of its `when_any` conditions, cut to those of every
//! `requires_all` condition, less those of its `unless_any` exclusions. The status at the clock
//! is the first outcome whose spans hold the clock. It stays valid until the end of the span,
//! in the union of that outcome and every better one, that holds the clock: the first instant
//! from which, on these facts, the holder would have a lower status.

use serde::{Serialize, ser::SerializeStruct};

use qr1405_time::{Date, Timestamp};

/// Seconds in an hour.
const HOUR: i64 = 3600;

use crate::{
    claim::Claim,
    error::FactsError,
    facts::{CloseContact, Facts, Recovery, Test, TestResult},
    rules::{Condition, Exclusion, Outcome, Product, RuleSet, TestWindow},
    status::{Scope, Status},
};

/// The result of evaluating one holder's facts against a rule set at a clock.
///
/// Serialised to JSON (as `qr1405 greencard` prints it) with the keys `rules`, `at`, `status`,
/// `scope`, `label`, `valid_until`, `reason`, `unmet`, `notes` and `claim`.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Evaluation {
    rules: String,
    claim_code: String,
    at: Timestamp,
    rank: usize,
    status: Status,
    scope: Option<Scope>,
    label: String,
    valid_until: Option<Timestamp>,
    reason: String,
    unmet: Vec<String>,
    notes: Vec<String>,
}

impl Evaluation {
    /// The identifier of the rule set applied, such as `khanh-hoa`.
    pub fn rules(&self) -> &str {
        &self.rules
    }

    /// The claim code of the rule set applied, such as `KH`.
    pub fn claim_code(&self) -> &str {
        &self.claim_code
    }

    /// The clock the facts were evaluated at.
    pub fn at(&self) -> Timestamp {
        self.at
    }

    /// The status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The scope, when the rule set gives one.
    pub fn scope(&self) -> Option<Scope> {
        self.scope
    }

    /// The position of the outcome in the rule set: 0 is the best.
    pub fn rank(&self) -> usize {
        self.rank
    }

    /// The rule set's words for the outcome.
    pub fn label(&self) -> &str {
        &self.label
    }

    /// The first instant at which, on these facts, the status would be lower; `None` when
    /// nothing in the facts ends it.
    pub fn valid_until(&self) -> Option<Timestamp> {
        self.valid_until
    }

    /// Why the holder has this status, in words for a checkpoint officer.
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// For each better outcome of the rule set, why it does not apply.
    pub fn unmet(&self) -> &[String] {
        &self.unmet
    }

    /// Facts that were left out, such as doses of products the rule set does not know.
    pub fn notes(&self) -> &[String] {
        &self.notes
    }
}

impl Serialize for Evaluation {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut state = serializer.serialize_struct("Evaluation", 10)?;
        state.serialize_field("rules", &self.rules)?;
        state.serialize_field("at", &self.at)?;
        state.serialize_field("status", &self.status)?;
        state.serialize_field("scope", &self.scope)?;
        state.serialize_field("label", &self.label)?;
        state.serialize_field("valid_until", &self.valid_until)?;
        state.serialize_field("reason", &self.reason)?;
        state.serialize_field("unmet", &self.unmet)?;
        state.serialize_field("notes", &self.notes)?;
        state.serialize_field("claim", &Claim::from_evaluation(self).encode())?;
        state.end()
    }
}

impl RuleSet {
    /// Evaluates `facts` at the clock `at`.
    ///
    /// The facts are checked first ([`Facts::validate`], [`Facts::check_clock`]): facts that
    /// are out of bounds, contradict one another or lie after the clock are refused, never
    /// guessed around.
    pub fn evaluate(&self, facts: &Facts, at: Timestamp) -> Result<Evaluation, FactsError> {
        facts.validate()?;
        facts.check_clock(at)?;
        let (doses, notes) = self.counted_doses(facts);
        let context = Context {
            facts,
            doses: &doses,
        };
        let assessed: Vec<Assessed<'_>> = self
            .outcomes
            .iter()
            .map(|outcome| Assessed::new(outcome, &context))
            .collect();
        // The last outcome has no conditions, so some outcome always holds.
        let rank = assessed
            .iter()
            .position(|outcome| contains(&outcome.spans, at))
            .unwrap_or(assessed.len() - 1);
        let at_least = assessed[..=rank]
            .iter()
            .fold(Vec::new(), |union, outcome| union_of(union, &outcome.spans));
        let valid_until = at_least
            .iter()
            .find(|span| span.contains(at))
            .and_then(|span| span.end);
        let chosen = &assessed[rank];
        Ok(Evaluation {
            rules: self.id.clone(),
            claim_code: self.claim_code.clone(),
            at,
            rank,
            status: chosen.outcome.status,
            scope: chosen.outcome.scope,
            label: chosen.outcome.label.0.clone(),
            valid_until,
            reason: chosen.reason(at, rank > 0),
            unmet: assessed[..rank]
                .iter()
                .map(|outcome| outcome.unmet(at))
                .collect(),
            notes,
        })
    }

    /// The doses of known products in date order, numbered from 1, and a note for each dose
    /// left out.
    fn counted_doses(&self, facts: &Facts) -> (Vec<CountedDose<'_>>, Vec<String>) {
        let mut notes = Vec::new();
        let mut doses: Vec<(Date, usize, &Product)> = Vec::new();
        for (index, dose) in facts.doses.iter().enumerate() {
            match self.product(&dose.product) {
                Some(product) => doses.push((dose.date, index, product)),
                // A rule set without products does not look at doses.
                None if self.products.is_empty() => {}
                None => notes.push(format!(
                    "doses[{index}]: product `{}` is not in the product table of rule set `{}`, so the dose on {} is not counted",
                    dose.product, self.id, dose.date
                )),
            }
        }
        doses.sort_by_key(|(date, index, _)| (*date, *index));
        let counted = doses
            .into_iter()
            .enumerate()
            .map(|(position, (date, _, product))| CountedDose {
                number: position + 1,
                product,
                date,
            })
            .collect();
        (counted, notes)
    }
}

/// What every condition looks at.
struct Context<'a> {
    facts: &'a Facts,
    doses: &'a [CountedDose<'a>],
}

/// A dose of a product in the product table.
#[derive(Clone, Copy)]
struct CountedDose<'a> {
    /// 1 for the earliest counted dose.
    number: usize,
    product: &'a Product,
    date: Date,
}

/// The half-open span `[start, end)`; no end means it never ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Span {
    start: Timestamp,
    end: Option<Timestamp>,
}

impl Span {
    const ALWAYS: Span = Span {
        start: Timestamp::MIN,
        end: None,
    };

    fn contains(&self, at: Timestamp) -> bool {
        self.start <= at && self.end.is_none_or(|end| at < end)
    }

    fn is_empty(&self) -> bool {
        self.end.is_some_and(|end| end <= self.start)
    }
}

/// Sorts spans, drops empty ones and joins those that overlap or touch.
fn normalize(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|span| !span.is_empty());
    spans.sort_by_key(|span| span.start);
    let mut joined: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if let Some(last) = joined.last_mut()
            && last.end.is_none_or(|end| span.start <= end)
        {
            last.end = last.end.zip(span.end).map(|(a, b)| a.max(b));
            continue;
        }
        joined.push(span);
    }
    joined
}

fn union_of(mut a: Vec<Span>, b: &[Span]) -> Vec<Span> {
    a.extend_from_slice(b);
    normalize(a)
}

fn intersection(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut spans = Vec::new();
    for x in a {
        for y in b {
            let end = match (x.end, y.end) {
                (Some(p), Some(q)) => Some(p.min(q)),
                (end, None) | (None, end) => end,
            };
            spans.push(Span {
                start: x.start.max(y.start),
                end,
            });
        }
    }
    normalize(spans)
}

/// The spans of `a` outside every span of `b` (both normalized).
fn difference(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut outside = Vec::new();
    let mut from = Timestamp::MIN;
    for span in b {
        outside.push(Span {
            start: from,
            end: Some(span.start),
        });
        match span.end {
            Some(end) => from = end,
            None => return intersection(a, &normalize(outside)),
        }
    }
    outside.push(Span {
        start: from,
        end: None,
    });
    intersection(a, &normalize(outside))
}

fn contains(spans: &[Span], at: Timestamp) -> bool {
    spans.iter().any(|span| span.contains(at))
}

/// The fact a span comes from.
#[derive(Clone, Copy)]
enum Fact<'a> {
    /// A dose; `course` when it completes (or follows) a full course.
    Dose {
        dose: CountedDose<'a>,
        course: bool,
    },
    Recovery(&'a Recovery),
    /// A negative test, and the positive test that ends it before its window does, if any.
    Test {
        test: &'a Test,
        ended_by: Option<&'a Test>,
    },
    NoTestRequired,
    Contact(&'a CloseContact),
}

/// A span of time during which a condition is met, and the fact it comes from.
#[derive(Clone, Copy)]
struct Ground<'a> {
    span: Span,
    fact: Fact<'a>,
}

/// The instant `days` Vietnam days after `date` starts.
fn day_start(date: Date, days: u16) -> Timestamp {
    date.checked_add_days(i64::from(days))
        .map_or(Timestamp::MAX, Date::start_in_vietnam)
}

/// The end of a vaccination condition that lasts `months` months from `start`.
fn months_after(start: Timestamp, months: Option<u16>) -> Option<Timestamp> {
    let months = months?;
    Some(
        start
            .vietnam_date()
            .checked_add_months(u32::from(months))
            .map_or(Timestamp::MAX, Date::start_in_vietnam),
    )
}

impl Condition {
    /// The spans during which this condition is met, each with its fact.
    fn grounds<'a>(&self, context: &Context<'a>) -> Vec<Ground<'a>> {
        match self {
            Condition::Vaccinated(rule) => dose_grounds(
                context,
                |dose| dose.number >= usize::from(rule.doses.0),
                false,
                rule.after_days.0,
                rule.lasts_months.map(|months| months.0),
            ),
            Condition::FullyVaccinated(rule) => dose_grounds(
                context,
                |dose| dose.number >= usize::from(dose.product.course_doses.0),
                true,
                rule.after_days.0,
                rule.lasts_months.map(|months| months.0),
            ),
            Condition::Recovered(rule) => context
                .facts
                .recoveries
                .iter()
                .filter(|recovery| recovery.certificate || !rule.certificate_required)
                .map(|recovery| Ground {
                    span: Span {
                        start: recovery.date.start_in_vietnam(),
                        end: Some(day_start(recovery.date, rule.within_days.0 + 1)),
                    },
                    fact: Fact::Recovery(recovery),
                })
                .collect(),
            Condition::NegativeTest(window) => test_grounds(context, window),
            Condition::RequiredTest(window) if context.facts.test_required => {
                test_grounds(context, window)
            }
            Condition::RequiredTest(_) => vec![Ground {
                span: Span::ALWAYS,
                fact: Fact::NoTestRequired,
            }],
        }
    }

    /// Why no fact meets this condition at all.
    fn none_text(&self, context: &Context<'_>) -> String {
        let doses = context.doses.len();
        match self {
            Condition::Vaccinated(_) | Condition::FullyVaccinated(_) if doses == 0 => {
                "no counted vaccine dose".to_owned()
            }
            Condition::Vaccinated(rule) => {
                format!("{} counted, {} needed", plural(doses, "dose"), rule.doses.0)
            }
            Condition::FullyVaccinated(_) => {
                let last = context.doses[doses - 1].product;
                format!(
                    "no full course: {} counted, and a course of {} has {}",
                    plural(doses, "dose"),
                    last.name,
                    plural(usize::from(last.course_doses.0), "dose")
                )
            }
            Condition::Recovered(rule)
                if rule.certificate_required && !context.facts.recoveries.is_empty() =>
            {
                "no recovery with a certificate".to_owned()
            }
            Condition::Recovered(_) => "no recovery".to_owned(),
            Condition::NegativeTest(window) | Condition::RequiredTest(window) => {
                format!("no negative {} test", kinds_text(window))
            }
        }
    }
}

/// The spans of the doses that `counts`, from `after_days` after each, lasting `lasts_months`.
fn dose_grounds<'a>(
    context: &Context<'a>,
    counts: impl Fn(&CountedDose<'a>) -> bool,
    course: bool,
    after_days: u16,
    lasts_months: Option<u16>,
) -> Vec<Ground<'a>> {
    context
        .doses
        .iter()
        .filter(|dose| counts(dose))
        .map(|dose| {
            let start = day_start(dose.date, after_days);
            Ground {
                span: Span {
                    start,
                    end: months_after(start, lasts_months),
                },
                fact: Fact::Dose {
                    dose: *dose,
                    course,
                },
            }
        })
        .collect()
}

/// The spans of the negative tests of the window's kinds, each ended early by the first
/// positive test (of any kind) taken at or after it.
fn test_grounds<'a>(context: &Context<'a>, window: &TestWindow) -> Vec<Ground<'a>> {
    let tests = &context.facts.tests;
    tests
        .iter()
        .filter(|test| test.result == TestResult::Negative && window.kinds.contains(&test.kind))
        .map(|test| {
            let end = test
                .time
                .saturating_add_seconds(i64::from(window.within_hours.0) * HOUR);
            let ended_by = tests
                .iter()
                .filter(|other| {
                    other.result == TestResult::Positive
                        && test.time <= other.time
                        && other.time < end
                })
                .min_by_key(|other| other.time);
            Ground {
                span: Span {
                    start: test.time,
                    end: Some(ended_by.map_or(end, |positive| positive.time)),
                },
                fact: Fact::Test { test, ended_by },
            }
        })
        .collect()
}

impl Exclusion {
    fn grounds<'a>(&self, context: &Context<'a>) -> Vec<Ground<'a>> {
        match self {
            Exclusion::CloseContact(rule) => context
                .facts
                .close_contacts
                .iter()
                .map(|contact| Ground {
                    span: Span {
                        start: contact.date.start_in_vietnam(),
                        end: Some(day_start(contact.date, rule.within_days.0 + 1)),
                    },
                    fact: Fact::Contact(contact),
                })
                .collect(),
        }
    }
}

/// One part of an outcome, with its grounds.
struct Part<'a, C> {
    condition: &'a C,
    grounds: Vec<Ground<'a>>,
    spans: Vec<Span>,
}

impl<'a, C> Part<'a, C> {
    fn new(condition: &'a C, grounds: Vec<Ground<'a>>) -> Part<'a, C> {
        let spans = normalize(grounds.iter().map(|ground| ground.span).collect());
        Part {
            condition,
            grounds,
            spans,
        }
    }

    fn holds(&self, at: Timestamp) -> bool {
        contains(&self.spans, at)
    }

    /// The ground that best explains why the part holds at `at`: among those holding `at`,
    /// the one that lasts longest, then the earliest.
    fn holding(&self, at: Timestamp) -> Option<&Ground<'a>> {
        self.grounds
            .iter()
            .filter(|ground| ground.span.contains(at))
            .max_by(|a, b| {
                let end = |ground: &Ground<'_>| ground.span.end.unwrap_or(Timestamp::MAX);
                end(a).cmp(&end(b)).then(b.span.start.cmp(&a.span.start))
            })
    }

    /// Why the part does not hold at `at`, given `none` for when no fact bears on it.
    fn failing_text(&self, at: Timestamp, none: impl FnOnce() -> String) -> String {
        let upcoming = (self.grounds.iter())
            .filter(|ground| !ground.span.is_empty() && ground.span.start > at)
            .min_by_key(|ground| ground.span.start);
        let past = (self.grounds.iter()).max_by_key(|ground| ground.span.end);
        match (upcoming, past) {
            (Some(ground), _) => format!("not yet valid: {}", ground_text(ground)),
            (None, Some(ground)) => format!("no longer valid: {}", ground_text(ground)),
            (None, None) => none(),
        }
    }
}

/// An outcome with its parts evaluated over all time.
struct Assessed<'a> {
    outcome: &'a Outcome,
    context: &'a Context<'a>,
    when_any: Vec<Part<'a, Condition>>,
    requires_all: Vec<Part<'a, Condition>>,
    unless_any: Vec<Part<'a, Exclusion>>,
    /// When the outcome applies.
    spans: Vec<Span>,
}

impl<'a> Assessed<'a> {
    fn new(outcome: &'a Outcome, context: &'a Context<'a>) -> Assessed<'a> {
        let conditions = |list: &'a Option<Vec<Condition>>| -> Vec<Part<'a, Condition>> {
            (list.iter().flatten())
                .map(|condition| Part::new(condition, condition.grounds(context)))
                .collect()
        };
        let when_any = conditions(&outcome.when_any);
        let requires_all = conditions(&outcome.requires_all);
        let unless_any: Vec<Part<'a, Exclusion>> = (outcome.unless_any.iter().flatten())
            .map(|exclusion| Part::new(exclusion, exclusion.grounds(context)))
            .collect();
        let mut spans = if outcome.when_any.is_some() {
            (when_any.iter()).fold(Vec::new(), |union, part| union_of(union, &part.spans))
        } else {
            vec![Span::ALWAYS]
        };
        for part in &requires_all {
            spans = intersection(&spans, &part.spans);
        }
        for part in &unless_any {
            spans = difference(&spans, &part.spans);
        }
        Assessed {
            outcome,
            context,
            when_any,
            requires_all,
            unless_any,
            spans,
        }
    }

    /// Why this outcome applies at `at`; `fallback` when better outcomes were tried first.
    fn reason(&self, at: Timestamp, fallback: bool) -> String {
        let grounds: Vec<String> = (self.when_any.iter().chain(&self.requires_all))
            .filter_map(|part| part.holding(at))
            .map(ground_text)
            .collect();
        if grounds.is_empty() && fallback {
            format!(
                "{}: the conditions of every better status are unmet",
                self.outcome.label
            )
        } else if grounds.is_empty() {
            self.outcome.label.0.clone()
        } else {
            format!("{}: {}", self.outcome.label, grounds.join("; "))
        }
    }

    /// Why this outcome does not apply at `at`.
    fn unmet(&self, at: Timestamp) -> String {
        let label = &self.outcome.label;
        let failing = |part: &Part<'a, Condition>| {
            part.failing_text(at, || part.condition.none_text(self.context))
        };
        if !self.when_any.is_empty() && !self.when_any.iter().any(|part| part.holds(at)) {
            let why: Vec<String> = self.when_any.iter().map(failing).collect();
            return format!("{label} does not apply: {}", why.join("; "));
        }
        if let Some(part) = self.requires_all.iter().find(|part| !part.holds(at)) {
            return format!(
                "{label} does not apply: unmet requirement: {}",
                failing(part)
            );
        }
        let excluded: Vec<String> = (self.unless_any.iter())
            .filter_map(|part| part.holding(at))
            .map(ground_text)
            .collect();
        format!("{label} does not apply: {}", excluded.join("; "))
    }
}

/// A fact and the span it gives, in words.
fn ground_text(ground: &Ground<'_>) -> String {
    let span = ground.span;
    match ground.fact {
        Fact::Dose { dose, course } => {
            let what = if course {
                "full course completed with dose"
            } else {
                "dose"
            };
            format!(
                "{what} {}, {}, on {} ({})",
                dose.number,
                dose.product.name,
                dose.date,
                window_text(span)
            )
        }
        Fact::Recovery(recovery) => format!(
            "recovered on {} {} a certificate ({})",
            recovery.date,
            if recovery.certificate {
                "with"
            } else {
                "without"
            },
            end_text("valid", span)
        ),
        Fact::Test {
            test,
            ended_by: Some(positive),
        } => format!(
            "negative {} test at {} (ended by a positive {} test at {})",
            test.kind, test.time, positive.kind, positive.time
        ),
        Fact::Test {
            test,
            ended_by: None,
        } => format!(
            "negative {} test at {} ({})",
            test.kind,
            test.time,
            end_text("valid", span)
        ),
        Fact::NoTestRequired => "no test is required of this holder".to_owned(),
        Fact::Contact(contact) => format!(
            "close contact on {} ({})",
            contact.date,
            end_text("excluded", span)
        ),
    }
}

/// `valid from 2021-08-15`, followed by when the span ends, if it does.
fn window_text(span: Span) -> String {
    let start = if span.start.vietnam_seconds_of_day() == 0 {
        span.start.vietnam_date().to_string()
    } else {
        span.start.to_string()
    };
    end_text(&format!("valid from {start}"), span)
}

/// `word`, then `through 2022-01-06` for a span ending at the start of a Vietnam day, or
/// `until 2021-10-03T08:00:00+07:00` for one ending at another instant.
fn end_text(word: &str, span: Span) -> String {
    match span.end {
        Some(end) if end.vietnam_seconds_of_day() == 0 => {
            let last_day = end.saturating_add_seconds(-1).vietnam_date();
            format!("{word} through {last_day}")
        }
        Some(end) => format!("{word} until {end}"),
        None => word.to_owned(),
    }
}

fn kinds_text(window: &TestWindow) -> String {
    let kinds: Vec<String> = window.kinds.iter().map(ToString::to_string).collect();
    kinds.join(" or ")
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Dose, ProductId, TestKind};
    use proptest::prelude::*;

    fn seconds(unix: i64) -> Timestamp {
        Timestamp::from_unix_seconds(unix).unwrap()
    }

    fn span(start: i64, end: Option<i64>) -> Span {
        Span {
            start: seconds(start),
            end: end.map(seconds),
        }
    }

    #[test]
    fn span_algebra() {
        let a = normalize(vec![
            span(0, Some(10)),
            span(5, Some(20)),
            span(20, Some(25)),
        ]);
        assert_eq!(a, vec![span(0, Some(25))]);
        let b = vec![span(3, Some(4)), span(8, None)];
        assert_eq!(
            intersection(&a, &b),
            vec![span(3, Some(4)), span(8, Some(25))]
        );
        assert_eq!(difference(&a, &b), vec![span(0, Some(3)), span(4, Some(8))]);
        assert_eq!(difference(&b, &a), vec![span(25, None)]);
        assert_eq!(normalize(vec![span(5, Some(5))]), vec![]);
    }

    #[test]
    fn the_largest_facts_evaluate_under_every_shipped_rule_set() {
        let day = |offset: i64| first_day().checked_add_days(offset).unwrap();
        let entries = 0..i64::try_from(crate::MAX_ENTRIES).unwrap();
        let facts = Facts {
            doses: (entries.clone())
                .map(|offset| Dose {
                    product: ProductId::new(
                        PRODUCTS[usize::try_from(offset).unwrap() % PRODUCTS.len()],
                    )
                    .unwrap(),
                    date: day(offset * 5),
                })
                .collect(),
            recoveries: (entries.clone())
                .map(|offset| Recovery {
                    date: day(offset * 5 + 1),
                    certificate: offset % 2 == 0,
                })
                .collect(),
            tests: (entries.clone())
                .map(|offset| Test {
                    kind: TestKind::Pcr,
                    time: day(offset * 5 + 2).start_in_vietnam(),
                    result: if offset % 7 == 0 {
                        TestResult::Positive
                    } else {
                        TestResult::Negative
                    },
                })
                .collect(),
            close_contacts: entries
                .map(|offset| CloseContact {
                    date: day(offset * 5 + 3),
                })
                .collect(),
            test_required: true,
        };
        let at = day(400).start_in_vietnam();
        for id in RuleSet::builtin_ids() {
            let rules = RuleSet::builtin(id).unwrap();
            assert!(rules.evaluate(&facts, at).is_ok(), "{id}");
        }
    }

    /// 2021-01-01, the first day facts are drawn from.
    fn first_day() -> Date {
        Date::new(2021, 1, 1).unwrap()
    }

    const PRODUCTS: [&str; 5] = [
        "vaxzevria",
        "comirnaty",
        "janssen",
        "abdala",
        "unknown-vaccine",
    ];

    /// Facts on days 0 to 364 of 2021, with distinct dose days.
    fn any_facts() -> impl Strategy<Value = Facts> {
        let doses = prop::collection::btree_map(0i64..365, 0usize..PRODUCTS.len(), 0..5);
        let recoveries = prop::collection::vec((0i64..365, any::<bool>()), 0..3);
        let tests = prop::collection::vec((0i64..365 * 24, any::<bool>(), any::<bool>()), 0..4);
        let contacts = prop::collection::vec(0i64..365, 0..3);
        (doses, recoveries, tests, contacts, any::<bool>()).prop_map(
            |(doses, recoveries, tests, contacts, test_required)| {
                let day = |offset: i64| first_day().checked_add_days(offset).unwrap();
                Facts {
                    doses: doses
                        .into_iter()
                        .map(|(offset, product)| Dose {
                            product: ProductId::new(PRODUCTS[product]).unwrap(),
                            date: day(offset),
                        })
                        .collect(),
                    recoveries: recoveries
                        .into_iter()
                        .map(|(offset, certificate)| Recovery {
                            date: day(offset),
                            certificate,
                        })
                        .collect(),
                    tests: tests
                        .into_iter()
                        .map(|(hours, pcr, negative)| Test {
                            kind: if pcr {
                                TestKind::Pcr
                            } else {
                                TestKind::RapidAntigen
                            },
                            time: first_day()
                                .start_in_vietnam()
                                .saturating_add_seconds(hours * HOUR),
                            result: if negative {
                                TestResult::Negative
                            } else {
                                TestResult::Positive
                            },
                        })
                        .collect(),
                    close_contacts: contacts
                        .into_iter()
                        .map(|offset| CloseContact { date: day(offset) })
                        .collect(),
                    test_required,
                }
            },
        )
    }

    /// Facts, and a clock from the latest of them to 30 days later, to the second.
    fn any_facts_and_clock() -> impl Strategy<Value = (Facts, Timestamp)> {
        (any_facts(), 0i64..30 * 86_400).prop_map(|(facts, secs)| {
            let days = (facts.doses.iter().map(|dose| dose.date))
                .chain(facts.recoveries.iter().map(|recovery| recovery.date))
                .chain(facts.close_contacts.iter().map(|contact| contact.date))
                .map(Date::start_in_vietnam);
            let latest = (facts.tests.iter().map(|test| test.time))
                .chain(days)
                .max()
                .unwrap_or(first_day().start_in_vietnam());
            (facts, latest.saturating_add_seconds(secs))
        })
    }

    fn any_rules() -> impl Strategy<Value = RuleSet> {
        prop::sample::select(RuleSet::builtin_ids().collect::<Vec<_>>())
            .prop_map(|id| RuleSet::builtin(id).unwrap())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn one_more_dose_never_lowers_the_status(
            rules in any_rules(),
            (facts, clock) in any_facts_and_clock(),
            pick in any::<prop::sample::Index>(),
            product in 0usize..PRODUCTS.len(),
        ) {
            // A day of the year up to the clock's with no dose yet: the facts have at most
            // four doses, so there is always one.
            let last = clock.vietnam_date();
            let free: Vec<Date> = (0..365)
                .filter_map(|back| last.checked_add_days(-back))
                .filter(|day| facts.doses.iter().all(|dose| dose.date != *day))
                .collect();
            let date = *pick.get(&free);
            let before = rules.evaluate(&facts, clock).unwrap();
            let mut more = facts.clone();
            more.doses.push(Dose { product: ProductId::new(PRODUCTS[product]).unwrap(), date });
            let after = rules.evaluate(&more, clock).unwrap();
            prop_assert!(after.rank() <= before.rank(), "{before:?}\n{after:?}");
        }

        #[test]
        fn a_later_clock_never_extends_validity(
            rules in any_rules(),
            (facts, clock) in any_facts_and_clock(),
            later_by in 0i64..400 * 86_400,
        ) {
            let first = rules.evaluate(&facts, clock).unwrap();
            let later = clock.saturating_add_seconds(later_by);
            match first.valid_until() {
                // Before the first evaluation's valid-until, the status is as good or better,
                // and valid no longer.
                Some(until) if later < until => {
                    let second = rules.evaluate(&facts, later).unwrap();
                    prop_assert!(second.rank() <= first.rank());
                    prop_assert!(second.valid_until().is_some_and(|second| second <= until));
                }
                // From it, the status is lower.
                Some(until) => {
                    let at_end = rules.evaluate(&facts, until).unwrap();
                    prop_assert!(at_end.rank() > first.rank(), "{first:?}\n{at_end:?}");
                }
                // With no end, the status never gets lower.
                None => {
                    let second = rules.evaluate(&facts, later).unwrap();
                    prop_assert!(second.rank() <= first.rank());
                }
            }
        }

        #[test]
        fn the_claim_never_outlasts_the_evaluation(
            rules in any_rules(),
            (facts, clock) in any_facts_and_clock(),
        ) {
            let evaluation = rules.evaluate(&facts, clock).unwrap();
            let claim = Claim::from_evaluation(&evaluation);
            prop_assert_eq!(Claim::parse(&claim.encode()).unwrap(), claim.clone());
            match (claim.valid_until(), evaluation.valid_until()) {
                (Some(claimed), Some(until)) => {
                    prop_assert!(claimed <= until && until < claimed.saturating_add_seconds(60));
                }
                (claimed, until) => prop_assert_eq!(claimed, until),
            }
        }
    }
}
