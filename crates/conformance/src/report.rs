//! Reports: what a run found, as data, JSON, JUnit XML and a terminal summary.

use std::{collections::BTreeSet, fmt::Write as _, sync::Arc};

use serde::Serialize;

use crate::{Compliance, Expectation, Level, Matrix, Outcome, Stage};

/// What a stage actually did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Observed {
    /// Whether the stage succeeded.
    pub passed: bool,
    /// The error codes it reported.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub errors: BTreeSet<String>,
    /// The warning codes it reported.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub warnings: BTreeSet<String>,
    /// The stage-specific value: the format, the decoded text, the green status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// Messages for people, one per finding.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub messages: Vec<String>,
}

impl Observed {
    /// A stage that succeeded.
    pub fn passed() -> Observed {
        Observed {
            passed: true,
            ..Observed::default()
        }
    }

    /// Adds an error: the stage failed.
    pub fn error(&mut self, code: &str, message: impl Into<String>) {
        self.passed = false;
        self.errors.insert(code.to_owned());
        self.messages.push(format!("{code}: {}", message.into()));
    }

    /// Adds a warning.
    pub fn warning(&mut self, code: &str, message: impl Into<String>) {
        self.warnings.insert(code.to_owned());
        self.messages.push(format!("{code}: {}", message.into()));
    }
}

/// One check: a stage of a case, what was expected, what happened and what it came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The stage.
    pub stage: Stage,
    /// What was expected, when the case says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Expectation>,
    /// What happened, when the stage ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub observed: Option<Observed>,
    /// What it came to.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// One field of a code compared with the expected text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldDiff {
    /// The field name (`document_number`, `ext_slot_6`…).
    pub field: String,
    /// The expected value.
    pub expected: String,
    /// The value found.
    pub found: String,
    /// The byte position, from 0, of the first byte where the found value differs.
    pub differs_at: usize,
    /// The requirement ids the difference breaks.
    pub requirements: Vec<String>,
}

impl FieldDiff {
    /// A difference between `expected` and `found`, with the position where they part.
    pub fn new(
        field: impl Into<String>,
        expected: impl Into<String>,
        found: impl Into<String>,
        requirements: Vec<String>,
    ) -> FieldDiff {
        let (expected, found) = (expected.into(), found.into());
        let differs_at = expected
            .bytes()
            .zip(found.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        FieldDiff {
            field: field.into(),
            expected,
            found,
            differs_at,
            requirements,
        }
    }
}

/// A value quoted so that nothing in it hides: a space that leads, trails or doubles is `␣`,
/// and control characters (NUL among them) and invisible ones (no-break and zero-width spaces,
/// soft hyphens, direction marks, byte order marks) are `\u{..}` escapes.
pub fn visible(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for (i, &c) in chars.iter().enumerate() {
        let lone_space = i > 0 && i + 1 < chars.len() && chars[i - 1] != ' ' && chars[i + 1] != ' ';
        if c == ' ' && !lone_space {
            out.push('␣');
        } else if c.is_control()
            || matches!(
                c,
                '\u{a0}'
                    | '\u{ad}'
                    | '\u{200b}'..='\u{200f}'
                    | '\u{2028}'..='\u{202e}'
                    | '\u{2060}'..='\u{2069}'
                    | '\u{feff}'
            )
        {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        } else {
            if matches!(c, '"' | '\\') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// The most characters of a value the terminal summary quotes in full; a longer one (an EU
/// certificate's text) is quoted around the byte where it differs. The JSON and HTML reports
/// keep the whole value.
const SUMMARY_VALUE_CHARS: usize = 80;

/// `text` quoted as [`visible`] quotes it; when longer than [`SUMMARY_VALUE_CHARS`], only its
/// characters from 20 before byte `at` to 40 after, with `…` for what is left out.
fn around(text: &str, at: usize) -> String {
    if text.chars().count() <= SUMMARY_VALUE_CHARS {
        return visible(text);
    }
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let before: Vec<(usize, char)> = text[..at].char_indices().collect();
    let start = before.len().checked_sub(20).map_or(0, |i| before[i].0);
    let end = text[at..]
        .char_indices()
        .nth(40)
        .map_or(text.len(), |(i, _)| at + i);
    format!(
        "{}{}{}",
        if start > 0 { "…" } else { "" },
        visible(&text[start..end]),
        if end < text.len() { "…" } else { "" }
    )
}

/// One case: a vector, a submitted image or a reader's result.
// Not `Eq`: the symbols' corners are measured in fractional pixels.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// The vector id or the image's name.
    pub id: String,
    /// What the case is about, for people.
    pub description: String,
    /// The requirements it covers.
    pub requirements: Vec<String>,
    /// The checks, in pipeline order.
    pub checks: Vec<Check>,
    /// The image file's name, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// The image's bytes, embedded in the HTML report; shared with the submission, not copied.
    #[serde(skip)]
    pub image_bytes: Option<Arc<[u8]>>,
    /// The symbols found in the image, for the HTML report.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub symbols: Vec<SymbolOutline>,
    /// The text found, when it differs from the expected text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub diff: Vec<FieldDiff>,
    /// The requirement verdicts of this case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub verdicts: Vec<RequirementVerdict>,
}

impl Case {
    /// Whether any check of the case is unexpected.
    pub fn is_unexpected(&self) -> bool {
        self.checks.iter().any(|c| c.outcome.is_unexpected())
    }

    /// The ids of the requirements the case breaks, in verdict order.
    pub fn broken(&self) -> impl Iterator<Item = &str> {
        self.verdicts
            .iter()
            .filter(|v| v.verdict == Compliance::Broken)
            .map(|v| v.requirement.as_str())
    }
}

/// Where a symbol was found in an image, for drawing its outline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SymbolOutline {
    /// The four corners in pixels, clockwise from the top left of the symbol.
    pub corners: [(f64, f64); 4],
    /// The decoded text.
    pub text: String,
}

/// A requirement's verdict in a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RequirementVerdict {
    /// The requirement id.
    pub requirement: String,
    /// MUST or SHOULD.
    pub level: Level,
    /// Met or broken.
    pub verdict: Compliance,
    /// The finding codes that broke it.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<String>,
}

/// Counts of outcomes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Checks as expected.
    pub passed: usize,
    /// Checks not as expected.
    pub failed: usize,
    /// Checks not run.
    pub skipped: usize,
    /// Checks listed as known divergences.
    pub known_divergences: usize,
    /// Exceptions that no longer apply.
    pub stale_exceptions: usize,
}

/// A whole run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// What was run: the tool, its commit, the date and clock, the profile, every input with
    /// its digest and the decoders; set by every evaluation of this crate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub run: Option<crate::Run>,
    /// What was evaluated: `self-check`, `submission: APP`, `reader: APP`, `matrix`.
    pub suite: String,
    /// The cases, in order.
    pub cases: Vec<Case>,
    /// Exceptions that name no case.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stale_exceptions: Vec<String>,
    /// Counts of outcomes.
    pub totals: Totals,
    /// Which app reads which, for a matrix run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matrix: Option<Matrix>,
    /// How much of the test plan a submission covers, for a submission run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub plan: Option<crate::PlanCoverage>,
}

impl Report {
    /// A report of `cases`, with the totals counted.
    pub fn new(
        suite: impl Into<String>,
        cases: Vec<Case>,
        stale_exceptions: Vec<String>,
    ) -> Report {
        let mut totals = Totals {
            stale_exceptions: stale_exceptions.len(),
            ..Totals::default()
        };
        for check in cases.iter().flat_map(|c| &c.checks) {
            match check.outcome {
                Outcome::Pass => totals.passed += 1,
                Outcome::Fail { .. } => totals.failed += 1,
                Outcome::Skip { .. } => totals.skipped += 1,
                Outcome::KnownDivergence { .. } => totals.known_divergences += 1,
                Outcome::StaleException { .. } => totals.stale_exceptions += 1,
            }
        }
        Report {
            run: None,
            suite: suite.into(),
            cases,
            stale_exceptions,
            totals,
            matrix: None,
            plan: None,
        }
    }

    /// The same report with the test plan's coverage of a submission run.
    #[must_use]
    pub fn with_plan_coverage(mut self, coverage: crate::PlanCoverage) -> Report {
        self.plan = Some(coverage);
        self
    }

    /// The same report with the record of what was run.
    #[must_use]
    pub fn with_run(mut self, run: crate::Run) -> Report {
        self.run = Some(run);
        self
    }

    /// The same report with the matrix of a matrix run.
    #[must_use]
    pub fn with_matrix(mut self, matrix: Matrix) -> Report {
        self.matrix = Some(matrix);
        self
    }

    /// Whether the run passed: no unexpected outcome.
    pub fn passed(&self) -> bool {
        self.totals.failed == 0 && self.totals.stale_exceptions == 0
    }

    /// The report as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// The report as JUnit XML: a test suite, a test case per check (class: the case id,
    /// name: the stage). Skips and known divergences are `<skipped>` with their reason.
    pub fn to_junit(&self) -> String {
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let t = &self.totals;
        let tests = t.passed + t.failed + t.skipped + t.known_divergences + t.stale_exceptions;
        let _ = writeln!(
            xml,
            "<testsuites name=\"qr1405 conformance\" tests=\"{tests}\" failures=\"{}\" skipped=\"{}\">",
            t.failed + t.stale_exceptions,
            t.skipped + t.known_divergences
        );
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{}\" skipped=\"{}\">",
            xml_escape(&self.suite),
            t.failed + t.stale_exceptions,
            t.skipped + t.known_divergences
        );
        if let Some(run) = &self.run {
            xml.push_str("    <properties>\n");
            for (name, value) in run_properties(run) {
                let _ = writeln!(
                    xml,
                    "      <property name=\"{}\" value=\"{}\"/>",
                    xml_escape(&name),
                    xml_escape(&value)
                );
            }
            xml.push_str("    </properties>\n");
        }
        for case in &self.cases {
            for check in &case.checks {
                let _ = write!(
                    xml,
                    "    <testcase classname=\"{}\" name=\"{}\"",
                    xml_escape(&case.id),
                    check.stage
                );
                match &check.outcome {
                    Outcome::Pass => xml.push_str("/>\n"),
                    Outcome::Fail { reason } | Outcome::StaleException { reason } => {
                        let _ = writeln!(
                            xml,
                            ">\n      <failure type=\"{}\" message=\"{}\"/>\n    </testcase>",
                            check.outcome.name(),
                            xml_escape(reason)
                        );
                    }
                    Outcome::Skip { reason } | Outcome::KnownDivergence { reason } => {
                        let _ = writeln!(
                            xml,
                            ">\n      <skipped message=\"{}: {}\"/>\n    </testcase>",
                            check.outcome.name(),
                            xml_escape(reason)
                        );
                    }
                }
            }
        }
        for stale in &self.stale_exceptions {
            let _ = writeln!(
                xml,
                "    <testcase classname=\"exceptions\" name=\"{}\">\n      <failure type=\"stale-exception\" message=\"the exceptions file names {}, which is no case of this run\"/>\n    </testcase>",
                xml_escape(stale),
                xml_escape(stale)
            );
        }
        xml.push_str("  </testsuite>\n</testsuites>\n");
        xml
    }

    /// A summary for a terminal: the counts, then every unexpected outcome and known
    /// divergence with its reason.
    pub fn summary(&self) -> String {
        let t = &self.totals;
        let mut out = String::new();
        if let Some(run) = &self.run {
            out.push_str(&run.summary_header());
        }
        let verdict = if self.passed() { "PASSED" } else { "FAILED" };
        let _ = writeln!(
            out,
            "{}: {verdict}: {} cases, {} checks: {} passed, {} failed, {} skipped, {} known divergences, {} stale exceptions",
            printable(&self.suite),
            self.cases.len(),
            t.passed + t.failed + t.skipped + t.known_divergences + t.stale_exceptions,
            t.passed,
            t.failed,
            t.skipped,
            t.known_divergences,
            t.stale_exceptions
        );
        if let Some(plan) = &self.plan {
            let _ = writeln!(out, "  test plan: {}", plan.describe());
        }
        if let Some(matrix) = &self.matrix {
            out.push_str(&matrix.grid());
        }
        for case in &self.cases {
            if self.matrix_findings(case, &mut out) {
                continue;
            }
            for check in &case.checks {
                let label = match check.outcome {
                    Outcome::Fail { .. } => "FAIL",
                    Outcome::StaleException { .. } => "STALE",
                    Outcome::KnownDivergence { .. } => "known",
                    _ => continue,
                };
                let _ = writeln!(
                    out,
                    "  {label:5} {} [{}] {}",
                    printable(&case.id),
                    check.stage,
                    printable(check.outcome.reason().unwrap_or_default())
                );
            }
            for diff in &case.diff {
                let _ = writeln!(
                    out,
                    "        {}: expected {}, found {}, from byte {} ({})",
                    printable(&diff.field),
                    around(&diff.expected, diff.differs_at),
                    around(&diff.found, diff.differs_at),
                    diff.differs_at,
                    diff.requirements.join(", ")
                );
            }
        }
        for stale in &self.stale_exceptions {
            let _ = writeln!(
                out,
                "  STALE exceptions file names {}, which is no case of this run",
                printable(stale)
            );
        }
        out
    }
}

impl Report {
    /// A matrix cell's failure in the summary: the app pair with its count of findings, then
    /// one finding a line. False when `case` is no failed matrix cell, to be shown as others.
    fn matrix_findings(&self, case: &Case, out: &mut String) -> bool {
        let is_cell = self
            .matrix
            .as_ref()
            .is_some_and(|m| m.cells.iter().any(|cell| cell.case_id() == case.id));
        let [check] = case.checks.as_slice() else {
            return false;
        };
        let (true, Outcome::Fail { .. }, Some(observed)) =
            (is_cell, &check.outcome, &check.observed)
        else {
            return false;
        };
        let count = observed.messages.len();
        let _ = writeln!(
            out,
            "  FAIL  {} [{}]: {count} finding{}",
            printable(&case.id),
            check.stage,
            if count == 1 { "" } else { "s" }
        );
        for message in &observed.messages {
            let _ = writeln!(out, "        {}", printable(message));
        }
        true
    }
}

/// What was run as JUnit `<property>` pairs: `tool`, `version`, `commit`, `date`, `clock`,
/// `profile.KEY` per profile value, `vectors`, `vectors.sha256`, `vectors.files`, the same for
/// `exceptions`, `trust_list` and `plan`, `decoders` and `graded`.
pub(crate) fn run_properties(run: &crate::Run) -> Vec<(String, String)> {
    let mut properties = vec![
        ("tool".to_owned(), run.tool.clone()),
        ("version".to_owned(), run.version.clone()),
        ("commit".to_owned(), run.commit.clone()),
        ("date".to_owned(), run.date.to_string()),
    ];
    if !run.arguments.is_empty() {
        properties.push(("arguments".to_owned(), run.arguments.join(" ")));
    }
    properties.push(("clock".to_owned(), run.clock.to_string()));
    if let Some(profile) = &run.profile
        && let Ok(serde_json::Value::Object(values)) = serde_json::to_value(profile)
    {
        for (key, value) in values {
            let value = match value {
                serde_json::Value::String(text) => text,
                other => other.to_string(),
            };
            properties.push((format!("profile.{key}"), value));
        }
    }
    for (name, input) in [
        ("vectors", &run.vectors),
        ("exceptions", &run.exceptions),
        ("trust_list", &run.trust_list),
        ("plan", &run.plan),
    ] {
        if let Some(input) = input {
            properties.push((name.to_owned(), input.source.clone()));
            properties.push((format!("{name}.sha256"), input.sha256.clone()));
            if let Some(files) = input.files {
                properties.push((format!("{name}.files"), files.to_string()));
            }
        }
    }
    properties.push(("decoders".to_owned(), run.decoders.join(", ")));
    properties.push(("graded".to_owned(), run.graded.to_string()));
    properties
}

/// Text safe to print on a terminal: control characters (escape sequences among them) and the
/// bidirectional overrides that reorder what is shown become visible `\u{..}` escapes.
pub(crate) fn printable(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') {
            let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    out
}

/// Text safe inside XML 1.0 attributes and elements: markup characters become entities, and
/// the characters XML 1.0 forbids (controls other than tab and line feed, U+FFFE, U+FFFF)
/// become visible `\u{..}` escapes, so the document is well-formed for any text.
pub(crate) fn xml_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c.is_control() && !matches!(c, '\n' | '\t'))
                || matches!(c, '\u{fffe}' | '\u{ffff}') =>
            {
                let _ = write!(out, "\\u{{{:04x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nothing_hides_in_a_visible_value() {
        let cases = [
            "NGUYEN THI MINH KHAI",
            "NGUYEN THI MINH KHAI ",
            " NGUYEN  THI",
            "A\u{0}B\u{a0}C\u{200b}D\u{feff}",
            "say \"hi\" \\",
        ];
        let shown: Vec<String> = cases.iter().map(|c| visible(c)).collect();
        insta::assert_snapshot!(shown.join("\n"), @r#"
        "NGUYEN THI MINH KHAI"
        "NGUYEN THI MINH KHAI␣"
        "␣NGUYEN␣␣THI"
        "A\u{0000}B\u{00a0}C\u{200b}D\u{feff}"
        "say \"hi\" \\"
        "#);
        let diff = FieldDiff::new("full_name", cases[0], cases[1], Vec::new());
        assert_eq!(diff.differs_at, 20);
    }

    #[test]
    fn a_long_value_is_quoted_around_where_it_differs() {
        let long: String = ('A'..='Z').cycle().take(200).collect();
        assert_eq!(around("short", 2), "\"short\"");
        assert_eq!(around(&long, 100), format!("…\"{}\"…", &long[80..140]));
        assert_eq!(around(&long, 0), format!("\"{}\"…", &long[..40]));
        assert_eq!(around(&long, 190), format!("…\"{}\"", &long[170..]));
        // A position inside a character counts from its start.
        let wide = format!("{}é{}", "x".repeat(100), "y".repeat(100));
        assert!(around(&wide, 101).contains('é'));
    }
}
