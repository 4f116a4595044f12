//! Rule sets: which facts give which status, as data files.

use std::fmt;

use serde::Deserialize;

use crate::{
    error::RulesError,
    facts::{ProductId, TestKind, identifier},
    json,
    status::{Scope, Status},
};

/// The largest rule file read, in bytes.
pub const MAX_RULES_BYTES: usize = 64 * 1024;
/// The most products in a rule set's product table.
pub const MAX_PRODUCTS: usize = 64;
/// The most outcomes in a rule set.
pub const MAX_OUTCOMES: usize = 16;
/// The most conditions in one list of an outcome (`when_any`, `requires_all`, `unless_any`).
pub const MAX_CONDITIONS: usize = 8;

/// The rule sets shipped with this crate, by identifier, with their JSON text.
const BUILTIN: [(&str, &str); 4] = [
    ("default", include_str!("../rules/default.json")),
    ("hcmc-pilot", include_str!("../rules/hcmc-pilot.json")),
    ("hcmc-3328", include_str!("../rules/hcmc-3328.json")),
    ("khanh-hoa", include_str!("../rules/khanh-hoa.json")),
];

/// A province's green-card rules: a product table and an ordered list of outcomes.
///
/// Read one from JSON with [`RuleSet::from_json`], or take a shipped one with
/// [`RuleSet::builtin`]. The format is specified in `docs/greencard.md`.
///
/// ```
/// use qr1405_greencard::RuleSet;
/// let rules = RuleSet::builtin("khanh-hoa").unwrap();
/// assert_eq!(rules.claim_code(), "KH");
/// ```
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RuleSet {
    pub(crate) id: String,
    pub(crate) claim_code: String,
    pub(crate) name: String,
    pub(crate) source: String,
    pub(crate) products: Vec<Product>,
    pub(crate) outcomes: Vec<Outcome>,
}

impl RuleSet {
    /// Reads and checks a rule set from JSON.
    pub fn from_json(text: &str) -> Result<RuleSet, RulesError> {
        if text.len() > MAX_RULES_BYTES {
            return Err(RulesError::TooLarge {
                length: text.len(),
                max: MAX_RULES_BYTES,
            });
        }
        // The format version decides how the rest is read, so it is looked at first.
        if let Ok(header) = serde_json::from_str::<Header>(text)
            && header.format != 1
        {
            return Err(RulesError::UnsupportedFormat {
                version: header.format,
            });
        }
        let lists = [
            "products",
            "outcomes",
            "when_any",
            "requires_all",
            "unless_any",
            "kinds",
        ];
        let file: RuleFile = json::read(text, &lists)?;
        file.check()?;
        Ok(RuleSet {
            id: file.id.0,
            claim_code: file.claim_code.0,
            name: file.name.0,
            source: file.source.0,
            products: file.products,
            outcomes: file.outcomes,
        })
    }

    /// A rule set shipped with this crate, by identifier; see [`RuleSet::builtin_ids`].
    pub fn builtin(id: &str) -> Option<RuleSet> {
        let text = RuleSet::builtin_json(id)?;
        #[expect(
            clippy::expect_used,
            reason = "the shipped rule files are read by the tests"
        )]
        Some(RuleSet::from_json(text).expect("a shipped rule file is valid"))
    }

    /// The JSON text of a rule set shipped with this crate.
    pub fn builtin_json(id: &str) -> Option<&'static str> {
        BUILTIN
            .iter()
            .find(|(builtin, _)| *builtin == id)
            .map(|(_, text)| *text)
    }

    /// The identifiers of the rule sets shipped with this crate: `default`, `hcmc-pilot`,
    /// `hcmc-3328`, `khanh-hoa`.
    pub fn builtin_ids() -> impl Iterator<Item = &'static str> {
        BUILTIN.iter().map(|(id, _)| *id)
    }

    /// The rule set's identifier, such as `khanh-hoa`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The short code that names the rule set in a claim, such as `KH`.
    pub fn claim_code(&self) -> &str {
        &self.claim_code
    }

    /// The rule set's name, for people.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where the rules come from.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The statuses and scopes this rule set can give, best first.
    pub fn outcomes(&self) -> impl Iterator<Item = (Status, Option<Scope>)> + '_ {
        self.outcomes
            .iter()
            .map(|outcome| (outcome.status, outcome.scope))
    }

    /// The product with this identifier in the product table.
    pub(crate) fn product(&self, id: &ProductId) -> Option<&Product> {
        self.products.iter().find(|product| &product.id == id)
    }
}

/// The first key read from a rule file.
#[derive(Deserialize)]
struct Header {
    format: u32,
}

/// A rule file as written.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[expect(dead_code, reason = "checked through `Header` before the file is read")]
    format: u32,
    id: RuleSetId,
    claim_code: ClaimCode,
    name: Text,
    source: Text,
    #[serde(default)]
    products: Vec<Product>,
    outcomes: Vec<Outcome>,
}

/// One vaccine in the product table.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Product {
    pub(crate) id: ProductId,
    pub(crate) name: Text,
    /// The doses of a full course.
    pub(crate) course_doses: DoseCount,
}

/// One status a rule set gives, and the conditions for it.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Outcome {
    pub(crate) status: Status,
    #[serde(default)]
    pub(crate) scope: Option<Scope>,
    pub(crate) label: Text,
    /// At least one must hold; left out, the outcome needs none.
    #[serde(default)]
    pub(crate) when_any: Option<Vec<Condition>>,
    /// Every one must hold.
    #[serde(default)]
    pub(crate) requires_all: Option<Vec<Condition>>,
    /// None may hold.
    #[serde(default)]
    pub(crate) unless_any: Option<Vec<Exclusion>>,
}

impl Outcome {
    fn is_unconditional(&self) -> bool {
        self.when_any.is_none() && self.requires_all.is_none() && self.unless_any.is_none()
    }
}

/// Something a holder's facts can meet.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Condition {
    /// At least `doses` doses, the `doses`-th at least `after_days` days ago.
    Vaccinated(Vaccinated),
    /// A full course by the product table, completed at least `after_days` days ago.
    FullyVaccinated(FullyVaccinated),
    /// Recovered within `within_days` days.
    Recovered(Recovered),
    /// A negative test of one of `kinds` within `within_hours` hours.
    NegativeTest(TestWindow),
    /// As `negative_test` when the facts say a test is required; met otherwise.
    RequiredTest(TestWindow),
}

impl Condition {
    fn is_vaccination(&self) -> bool {
        matches!(
            self,
            Condition::Vaccinated(_) | Condition::FullyVaccinated(_)
        )
    }

    fn test_kinds(&self) -> Option<&[TestKind]> {
        match self {
            Condition::NegativeTest(window) | Condition::RequiredTest(window) => {
                Some(&window.kinds)
            }
            _ => None,
        }
    }

    fn key(&self) -> &'static str {
        match self {
            Condition::Vaccinated(_) => "vaccinated",
            Condition::FullyVaccinated(_) => "fully_vaccinated",
            Condition::Recovered(_) => "recovered",
            Condition::NegativeTest(_) => "negative_test",
            Condition::RequiredTest(_) => "required_test",
        }
    }
}

/// `vaccinated`: a number of doses, whatever the course.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Vaccinated {
    pub(crate) doses: DoseCount,
    pub(crate) after_days: AfterDays,
    #[serde(default)]
    pub(crate) lasts_months: Option<Months>,
}

/// `fully_vaccinated`: a full course by the product table.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FullyVaccinated {
    pub(crate) after_days: AfterDays,
    #[serde(default)]
    pub(crate) lasts_months: Option<Months>,
}

/// `recovered`: a recovery, with or without a certificate.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Recovered {
    pub(crate) within_days: WithinDays,
    pub(crate) certificate_required: bool,
}

/// `negative_test` and `required_test`: a recent negative test.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TestWindow {
    pub(crate) kinds: Vec<TestKind>,
    pub(crate) within_hours: Hours,
}

/// Something that takes an outcome away.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Exclusion {
    /// A close contact within `within_days` days.
    CloseContact(CloseContactWindow),
}

/// `close_contact`: a recent close contact.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct CloseContactWindow {
    pub(crate) within_days: WithinDays,
}

/// A number in a fixed range, refused with its range when outside.
macro_rules! bounded {
    ($(#[$doc:meta])* $name:ident, $min:literal, $max:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
        #[serde(try_from = "u64")]
        pub(crate) struct $name(pub(crate) u16);

        impl TryFrom<u64> for $name {
            type Error = RangeError;

            fn try_from(value: u64) -> Result<$name, RangeError> {
                match u16::try_from(value) {
                    Ok(number) if ($min..=$max).contains(&number) => Ok($name(number)),
                    _ => Err(RangeError { value, min: $min, max: $max }),
                }
            }
        }
    };
}

bounded!(
    /// Doses: 1 to 9.
    DoseCount, 1, 9
);
bounded!(
    /// Days after an event before a condition is met: 0 to 365.
    AfterDays, 0, 365
);
bounded!(
    /// Days after an event during which a condition is met: 0 to 3650.
    WithinDays, 0, 3650
);
bounded!(
    /// Months a vaccination condition lasts: 1 to 60.
    Months, 1, 60
);
bounded!(
    /// Hours a test counts: 1 to 720.
    Hours, 1, 720
);

/// A number outside its range.
#[derive(Debug)]
pub(crate) struct RangeError {
    value: u64,
    min: u16,
    max: u16,
}

impl fmt::Display for RangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} is not in {} to {}", self.value, self.min, self.max)
    }
}

/// Text for people: 1 to 500 characters, no control characters.
#[derive(Clone, PartialEq, Eq, Debug, Deserialize)]
#[serde(try_from = "String")]
pub(crate) struct Text(pub(crate) String);

impl TryFrom<String> for Text {
    type Error = &'static str;

    fn try_from(text: String) -> Result<Text, &'static str> {
        if text.trim().is_empty() {
            Err("the text is empty")
        } else if text.chars().count() > 500 {
            Err("the text is longer than 500 characters")
        } else if text.chars().any(char::is_control) {
            Err("the text has a control character")
        } else {
            Ok(Text(text))
        }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A rule set's identifier: 1 to 32 of `a-z`, `0-9` and `-`.
#[derive(Deserialize)]
#[serde(try_from = "String")]
struct RuleSetId(String);

impl TryFrom<String> for RuleSetId {
    type Error = crate::facts::IdentifierError;

    fn try_from(id: String) -> Result<RuleSetId, Self::Error> {
        if identifier(&id, 32) {
            Ok(RuleSetId(id))
        } else {
            Err(crate::facts::IdentifierError {
                value: id.chars().take(40).collect(),
                what: "rule set",
            })
        }
    }
}

/// The longest claim code.
pub(crate) const MAX_CLAIM_CODE: usize = 8;

/// Whether `code` is a claim code: 1 to 8 of `A-Z` and `0-9`.
pub(crate) fn is_claim_code(code: &str) -> bool {
    (1..=MAX_CLAIM_CODE).contains(&code.len())
        && code
            .bytes()
            .all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit())
}

/// A rule set's claim code.
#[derive(Deserialize)]
#[serde(try_from = "String")]
struct ClaimCode(String);

impl TryFrom<String> for ClaimCode {
    type Error = String;

    fn try_from(code: String) -> Result<ClaimCode, String> {
        if is_claim_code(&code) {
            Ok(ClaimCode(code))
        } else {
            let shown: String = code.chars().take(40).collect();
            Err(format!(
                "`{shown}` is not a claim code: use 1 to {MAX_CLAIM_CODE} of A-Z and 0-9"
            ))
        }
    }
}

impl RuleFile {
    /// The checks that span more than one field.
    fn check(&self) -> Result<(), RulesError> {
        if self.products.len() > MAX_PRODUCTS {
            return Err(RulesError::TooMany {
                path: "products".to_owned(),
                count: self.products.len(),
                max: MAX_PRODUCTS,
            });
        }
        for (index, product) in self.products.iter().enumerate() {
            if let Some(first) = self.products[..index]
                .iter()
                .position(|other| other.id == product.id)
            {
                return Err(RulesError::Duplicate {
                    path: format!("products[{index}].id"),
                    value: format!("`{}`", product.id),
                    first: format!("products[{first}].id"),
                });
            }
        }
        if self.outcomes.is_empty() {
            return Err(RulesError::Empty {
                path: "outcomes".to_owned(),
                hint: "give at least one outcome without conditions",
            });
        }
        if self.outcomes.len() > MAX_OUTCOMES {
            return Err(RulesError::TooMany {
                path: "outcomes".to_owned(),
                count: self.outcomes.len(),
                max: MAX_OUTCOMES,
            });
        }
        let last = self.outcomes.len() - 1;
        for (index, outcome) in self.outcomes.iter().enumerate() {
            let path = format!("outcomes[{index}]");
            if let Some(first) = self.outcomes[..index]
                .iter()
                .position(|other| (other.status, other.scope) == (outcome.status, outcome.scope))
            {
                let value = match outcome.scope {
                    Some(scope) => format!("status {}, {scope},", outcome.status),
                    None => format!("status {} without a scope", outcome.status),
                };
                return Err(RulesError::Duplicate {
                    path,
                    value,
                    first: format!("outcomes[{first}]; join their conditions"),
                });
            }
            match (index == last, outcome.is_unconditional()) {
                (true, false) => return Err(RulesError::NoFallback { path }),
                (false, true) => return Err(RulesError::Unreachable { path }),
                _ => {}
            }
            self.check_conditions(&path, "when_any", outcome.when_any.as_deref())?;
            self.check_conditions(&path, "requires_all", outcome.requires_all.as_deref())?;
            check_list(&path, "unless_any", outcome.unless_any.as_deref())?;
        }
        Ok(())
    }

    fn check_conditions(
        &self,
        outcome: &str,
        list: &str,
        conditions: Option<&[Condition]>,
    ) -> Result<(), RulesError> {
        check_list(outcome, list, conditions)?;
        for (index, condition) in conditions.unwrap_or_default().iter().enumerate() {
            let path = format!("{outcome}.{list}[{index}]");
            if condition.is_vaccination() && self.products.is_empty() {
                return Err(RulesError::NoProducts { path });
            }
            let kinds = condition.test_kinds().unwrap_or_default();
            let kinds_path = format!("{path}.{}.kinds", condition.key());
            if kinds.is_empty() && condition.test_kinds().is_some() {
                return Err(RulesError::Empty {
                    path: kinds_path,
                    hint: "name at least one kind of test",
                });
            }
            for (second, kind) in kinds.iter().enumerate() {
                if let Some(first) = kinds[..second].iter().position(|other| other == kind) {
                    return Err(RulesError::Duplicate {
                        path: format!("{kinds_path}[{second}]"),
                        value: format!("`{}`", kind.json_name()),
                        first: format!("{kinds_path}[{first}]"),
                    });
                }
            }
        }
        Ok(())
    }
}

/// Checks that a list of an outcome, when given, has 1 to [`MAX_CONDITIONS`] entries.
fn check_list<T>(outcome: &str, list: &str, entries: Option<&[T]>) -> Result<(), RulesError> {
    let path = format!("{outcome}.{list}");
    match entries.map(<[T]>::len) {
        Some(0) => Err(RulesError::Empty {
            path,
            hint: "leave the key out instead",
        }),
        Some(count) if count > MAX_CONDITIONS => Err(RulesError::TooMany {
            path,
            count,
            max: MAX_CONDITIONS,
        }),
        _ => Ok(()),
    }
}

impl From<json::JsonError> for RulesError {
    fn from(error: json::JsonError) -> RulesError {
        match error {
            json::JsonError::Syntax {
                message,
                line,
                column,
            } => RulesError::Syntax {
                message,
                line,
                column,
            },
            json::JsonError::Format {
                path,
                message,
                line,
                column,
            } => RulesError::Format {
                path,
                message,
                line,
                column,
            },
            json::JsonError::NotAnObject { path } => RulesError::NotAnObject { path },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_rule_sets_are_valid_and_named_as_their_files() {
        for id in RuleSet::builtin_ids() {
            let rules = RuleSet::from_json(RuleSet::builtin_json(id).unwrap()).unwrap();
            assert_eq!(rules.id(), id);
        }
        assert_eq!(RuleSet::builtin("hcmc-1234"), None);
    }

    /// A small valid rule file, with `patch` applied to its JSON text.
    fn patched(from: &str, to: &str) -> String {
        let text = r#"{
            "format": 1, "id": "test", "claim_code": "T1", "name": "Test", "source": "Tests",
            "products": [{"id": "janssen", "name": "Janssen", "course_doses": 1}],
            "outcomes": [
                {"status": "green", "label": "Green",
                 "when_any": [{"fully_vaccinated": {"after_days": 14}}],
                 "requires_all": [{"required_test": {"kinds": ["pcr"], "within_hours": 72}}],
                 "unless_any": [{"close_contact": {"within_days": 14}}]},
                {"status": "red", "label": "Red"}
            ]
        }"#;
        assert!(text.contains(from), "{from}");
        text.replacen(from, to, 1)
    }

    #[test]
    fn the_base_rule_file_is_valid() {
        let rules = RuleSet::from_json(&patched("", "")).unwrap();
        assert_eq!(rules.claim_code(), "T1");
    }

    #[test]
    fn refused_rule_files() {
        let cases = [
            patched(r#""format": 1"#, r#""format": 2"#),
            patched(r#""format": 1, "#, ""),
            patched(r#""id": "test""#, r#""id": "Test Rules""#),
            patched(r#""claim_code": "T1""#, r#""claim_code": "t-1""#),
            patched(r#""name": "Test""#, r#""name": """#),
            patched(r#""source": "Tests""#, r#""source": "Tests", "version": 3"#),
            patched(r#""course_doses": 1"#, r#""course_doses": 0"#),
            patched(
                r#"{"id": "janssen", "name": "Janssen", "course_doses": 1}"#,
                r#"{"id": "janssen", "name": "Janssen", "course_doses": 1}, {"id": "janssen", "name": "J&J", "course_doses": 1}"#,
            ),
            patched(r#""after_days": 14"#, r#""after_days": 400"#),
            patched(r#""after_days": 14"#, r#""after_days": -1"#),
            patched(r#"{"after_days": 14}"#, r#"[14]"#),
            patched(r#""fully_vaccinated""#, r#""boosted""#),
            patched(r#""status": "green""#, r#""status": "blue""#),
            patched(
                r#""status": "green", "label": "Green""#,
                r#""status": "green", "scope": "partial", "label": "Green""#,
            ),
            patched(r#""kinds": ["pcr"]"#, r#""kinds": []"#),
            patched(r#""kinds": ["pcr"]"#, r#""kinds": ["pcr", "pcr"]"#),
            patched(r#""within_hours": 72"#, r#""within_hours": 0"#),
            patched(
                r#""unless_any": [{"close_contact": {"within_days": 14}}]"#,
                r#""unless_any": []"#,
            ),
            patched(
                r#""unless_any": [{"close_contact""#,
                r#""unless_any": [{"recovered""#,
            ),
            patched(
                r#"{"status": "red", "label": "Red"}"#,
                r#"{"status": "green", "label": "Green again"}"#,
            ),
            patched(
                r#", "label": "Red"}"#,
                r#", "label": "Red", "when_any": [{"recovered": {"within_days": 180, "certificate_required": false}}]}"#,
            ),
            patched(
                r#"{"status": "red", "label": "Red"}"#,
                r#"{"status": "yellow", "label": "Yellow"}, {"status": "red", "label": "Red"}"#,
            )
            .replacen(
                r#""when_any": [{"fully_vaccinated": {"after_days": 14}}],"#,
                "",
                1,
            )
            .replacen(
                r#""requires_all": [{"required_test": {"kinds": ["pcr"], "within_hours": 72}}],"#,
                "",
                1,
            )
            .replacen(
                r#","unless_any": [{"close_contact": {"within_days": 14}}]"#,
                "",
                1,
            )
            .replacen(
                r#"
                 "unless_any": [{"close_contact": {"within_days": 14}}]"#,
                "",
                1,
            )
            .replacen(r#""label": "Green","#, r#""label": "Green""#, 1),
            patched(
                r#""products": [{"id": "janssen", "name": "Janssen", "course_doses": 1}],"#,
                "",
            ),
            patched(r#""outcomes": ["#, r#""outcomes": [], "old": ["#),
            "{\"format\": 1,".to_owned(),
            "[1]".to_owned(),
            format!("{{\"pad\": \"{}\"}}", "x".repeat(MAX_RULES_BYTES)),
        ];
        let messages: Vec<String> = cases
            .iter()
            .map(|text| RuleSet::from_json(text).unwrap_err().to_string())
            .collect();
        insta::assert_snapshot!(messages.join("\n"), @"
        format: version 2 is not supported; this library reads version 1
        (top level): missing field `format` at line 11, column 9
        id: `Test Rules` is not a rule set identifier: use 1 to 32 of a-z, 0-9 and - at line 2, column 43
        claim_code: `t-1` is not a claim code: use 1 to 8 of A-Z and 0-9 at line 2, column 58
        name: the text is empty at line 2, column 69
        version: unknown field `version`, expected one of `format`, `id`, `claim_code`, `name`, `source`, `products`, `outcomes` at line 2, column 103
        products[0].course_doses: 0 is not in 1 to 9 at line 3, column 80
        products[1].id: `janssen` repeats products[0].id
        outcomes[0].when_any[0].fully_vaccinated.after_days: 400 is not in 0 to 365 at line 6, column 70
        outcomes[0].when_any[0].fully_vaccinated.after_days: invalid value: integer `-1`, expected u64 at line 6, column 68
        outcomes[0].when_any[0].fully_vaccinated: expected a JSON object, found a list
        outcomes[0].when_any[0]: unknown variant `boosted`, expected one of `vaccinated`, `fully_vaccinated`, `recovered`, `negative_test`, `required_test` at line 6, column 40
        outcomes[0].status: unknown variant `blue`, expected one of `green`, `yellow`, `red`, `pale_blue`, `no_card` at line 5, column 33
        outcomes[0].scope: unknown variant `partial`, expected `full` or `limited` at line 5, column 54
        outcomes[0].requires_all[0].required_test.kinds: the list is empty; name at least one kind of test
        outcomes[0].requires_all[0].required_test.kinds[1]: `pcr` repeats outcomes[0].requires_all[0].required_test.kinds[0]
        outcomes[0].requires_all[0].required_test.within_hours: 0 is not in 1 to 720 at line 7, column 89
        outcomes[0].unless_any: the list is empty; leave the key out instead
        outcomes[0].unless_any[0]: unknown variant `recovered`, expected `close_contact` at line 8, column 44
        outcomes[1]: status green without a scope repeats outcomes[0]; join their conditions
        outcomes[1]: the last outcome must have no conditions, so that everyone gets a status
        outcomes[0]: an outcome without conditions must be the last; the outcomes after it could never apply
        outcomes[0].when_any[0]: a vaccination condition needs at least one entry in `products`
        old: unknown field `old`, expected one of `format`, `id`, `claim_code`, `name`, `source`, `products`, `outcomes` at line 4, column 33
        rules are not JSON: EOF while parsing a value at line 1, column 13
        (top level): expected a JSON object, found a list
        rules are 65547 bytes long, more than the maximum of 65536
        ");
    }
}
