//! The schema stage: the certificate against the JSON schema of its declared version.
//!
//! The EU schemas (1.0.0 to 1.3.3, bundled in `schema/`) use a small part of JSON Schema:
//! `type`, `properties`, `required`, `$ref`, `items`, `oneOf`, `anyOf`, `pattern`, `format`
//! (`date`, `date-time`), `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`
//! and the EU's `valueset-uri`. This module interprets exactly that part; a keyword outside it
//! makes the schema unusable, which a test over every bundled schema rules out.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex_lite::Regex;
use serde_json::Value as Json;

use crate::clock;
use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// Every bundled schema version, oldest first.
pub const SCHEMA_VERSIONS: &[&str] = &[
    "1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.1", "1.3.0", "1.3.1", "1.3.2", "1.3.3",
];

const SCHEMA_TEXTS: &[&str] = &[
    include_str!("../schema/1.0.0.json"),
    include_str!("../schema/1.0.1.json"),
    include_str!("../schema/1.1.0.json"),
    include_str!("../schema/1.2.0.json"),
    include_str!("../schema/1.2.1.json"),
    include_str!("../schema/1.3.0.json"),
    include_str!("../schema/1.3.1.json"),
    include_str!("../schema/1.3.2.json"),
    include_str!("../schema/1.3.3.json"),
];

const VALUE_SETS: &[(&str, &str)] = &[
    (
        "valuesets/country-2-codes.json",
        include_str!("../valuesets/country-2-codes.json"),
    ),
    (
        "valuesets/disease-agent-targeted.json",
        include_str!("../valuesets/disease-agent-targeted.json"),
    ),
    (
        "valuesets/test-manf.json",
        include_str!("../valuesets/test-manf-example.json"),
    ),
    (
        "valuesets/test-result.json",
        include_str!("../valuesets/test-result.json"),
    ),
    // The schemas before 1.2.1 name the same set in the plural.
    (
        "valuesets/test-results.json",
        include_str!("../valuesets/test-result.json"),
    ),
    (
        "valuesets/test-type.json",
        include_str!("../valuesets/test-type.json"),
    ),
    (
        "valuesets/vaccine-mah-manf.json",
        include_str!("../valuesets/vaccine-mah-manf.json"),
    ),
    (
        "valuesets/vaccine-medicinal-product.json",
        include_str!("../valuesets/vaccine-medicinal-product.json"),
    ),
    (
        "valuesets/vaccine-prophylaxis.json",
        include_str!("../valuesets/vaccine-prophylaxis.json"),
    ),
];

struct Schema {
    root: Json,
    patterns: HashMap<String, Regex>,
}

fn schemas() -> &'static HashMap<&'static str, Schema> {
    static SCHEMAS: OnceLock<HashMap<&'static str, Schema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        SCHEMA_VERSIONS
            .iter()
            .zip(SCHEMA_TEXTS)
            .map(|(version, text)| {
                let root: Json = serde_json::from_str(text).expect("bundled schema is json");
                let mut patterns = HashMap::new();
                collect_patterns(&root, &mut patterns);
                (*version, Schema { root, patterns })
            })
            .collect()
    })
}

fn collect_patterns(node: &Json, out: &mut HashMap<String, Regex>) {
    match node {
        Json::Object(object) => {
            if let Some(Json::String(pattern)) = object.get("pattern") {
                let regex = Regex::new(pattern).expect("bundled schema patterns compile");
                out.insert(pattern.clone(), regex);
            }
            object
                .values()
                .for_each(|child| collect_patterns(child, out));
        }
        Json::Array(items) => items.iter().for_each(|child| collect_patterns(child, out)),
        _ => {}
    }
}

/// A value set: code → display name.
pub(crate) type ValueSet = BTreeMap<String, String>;

/// Every bundled value set by the `valueset-uri` the schemas name.
pub(crate) fn value_sets() -> &'static HashMap<&'static str, ValueSet> {
    static SETS: OnceLock<HashMap<&'static str, ValueSet>> = OnceLock::new();
    SETS.get_or_init(|| {
        VALUE_SETS
            .iter()
            .map(|(uri, text)| {
                let json: Json = serde_json::from_str(text).expect("bundled value set is json");
                let values = json["valueSetValues"]
                    .as_object()
                    .expect("bundled value set has valueSetValues")
                    .iter()
                    .map(|(code, entry)| {
                        let display = entry["display"].as_str().unwrap_or(code).to_string();
                        (code.clone(), display)
                    })
                    .collect();
                (*uri, values)
            })
            .collect()
    })
}

/// The display name of a code in the value set behind `uri` (e.g.
/// `valuesets/vaccine-medicinal-product.json`).
pub(crate) fn display(uri: &str, code: &str) -> Option<&'static str> {
    value_sets().get(uri)?.get(code).map(String::as_str)
}

/// Checks a certificate's JSON text against the schema of `version` (one of
/// [`SCHEMA_VERSIONS`]), or of the certificate's own `ver` when `version` is `None`: the
/// schema stage alone, for test data that names the schema beside the certificate.
pub fn check_schema(json: &str, version: Option<&str>) -> Result<Vec<Diagnostic>, SchemaError> {
    let certificate: Json = serde_json::from_str(json).map_err(|error| SchemaError::NotJson {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    let mut out = Vec::new();
    match version {
        None => check(&certificate, &mut out),
        Some(version) => {
            let schema = schemas()
                .get(version)
                .ok_or_else(|| SchemaError::UnknownVersion(version.to_owned()))?;
            Walker { schema }.walk(&schema.root, &certificate, "$", &mut out);
        }
    }
    Ok(out)
}

/// Why [`check_schema`] could not check a text at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SchemaError {
    /// The text is not JSON.
    #[error("not json at line {line}, column {column}: {message}")]
    NotJson {
        /// The line of the fault, from 1.
        line: usize,
        /// The column of the fault, from 1.
        column: usize,
        /// What the JSON reader found wrong.
        message: String,
    },
    /// No schema of that version is bundled ([`SCHEMA_VERSIONS`] lists those that are).
    #[error("no bundled schema {0:?}")]
    UnknownVersion(String),
}

/// Checks a certificate against the schema of its `ver`; an unknown or missing version is
/// reported and the newest schema is used, so the other problems still show.
pub(crate) fn check(certificate: &Json, out: &mut Vec<Diagnostic>) {
    let version = certificate.get("ver").and_then(Json::as_str);
    let schema = match version.and_then(|v| schemas().get(v)) {
        Some(schema) => schema,
        None => {
            let message = match version {
                Some(version) => format!(
                    "schema version {version:?} is not one of {}; checked against {}",
                    SCHEMA_VERSIONS.join(", "),
                    latest()
                ),
                None => format!("no schema version (ver); checked against {}", latest()),
            };
            out.push(Diagnostic::new(DiagnosticCode::SchemaVersion, message).path("$.ver"));
            &schemas()[latest()]
        }
    };
    Walker { schema }.walk(&schema.root, certificate, "$", out);
}

fn latest() -> &'static str {
    SCHEMA_VERSIONS[SCHEMA_VERSIONS.len() - 1]
}

struct Walker<'a> {
    schema: &'a Schema,
}

fn type_name(value: &Json) -> &'static str {
    match value {
        Json::Null => "null",
        Json::Bool(_) => "a boolean",
        Json::Number(n) if is_integer(n) => "an integer",
        Json::Number(_) => "a number",
        Json::String(_) => "a string",
        Json::Array(_) => "an array",
        Json::Object(_) => "an object",
    }
}

fn is_integer(number: &serde_json::Number) -> bool {
    number.is_i64() || number.is_u64() || number.as_f64().is_some_and(|f| f.fract() == 0.0)
}

fn has_type(value: &Json, name: &str) -> bool {
    match (name, value) {
        ("string", Json::String(_))
        | ("object", Json::Object(_))
        | ("array", Json::Array(_))
        | ("boolean", Json::Bool(_))
        | ("null", Json::Null)
        | ("number", Json::Number(_)) => true,
        ("integer", Json::Number(n)) => is_integer(n),
        _ => false,
    }
}

impl Walker<'_> {
    fn resolve<'s>(&'s self, node: &'s Json) -> &'s Json {
        let mut node = node;
        // References chain at most a few deep in the EU schemas; the bound guards a cycle.
        for _ in 0..8 {
            match node.get("$ref").and_then(Json::as_str) {
                Some(reference) => {
                    let pointer = reference.trim_start_matches('#');
                    node = self
                        .schema
                        .root
                        .pointer(pointer)
                        .expect("bundled $ref resolves");
                }
                None => break,
            }
        }
        node
    }

    fn walk(&self, node: &Json, value: &Json, path: &str, out: &mut Vec<Diagnostic>) {
        let node = self.resolve(node);
        if let Some(expected) = node.get("type") {
            let names: Vec<&str> = match expected {
                Json::String(name) => vec![name.as_str()],
                Json::Array(names) => names.iter().filter_map(Json::as_str).collect(),
                _ => Vec::new(),
            };
            if !names.iter().any(|name| has_type(value, name)) {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::SchemaType,
                        format!(
                            "{} where the schema asks for {}",
                            type_name(value),
                            names.join(" or ")
                        ),
                    )
                    .path(path),
                );
                return;
            }
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Json::Array(branches)) = node.get(keyword) {
                self.alternatives(keyword, branches, value, path, out);
            }
        }
        match value {
            Json::Object(object) => {
                if let Some(Json::Array(required)) = node.get("required") {
                    for key in required.iter().filter_map(Json::as_str) {
                        if !object.contains_key(key) {
                            out.push(
                                Diagnostic::new(
                                    DiagnosticCode::SchemaRequired,
                                    format!("no {key:?}, which the schema requires"),
                                )
                                .path(path),
                            );
                        }
                    }
                }
                if let Some(Json::Object(properties)) = node.get("properties") {
                    for (key, item) in object {
                        let item_path = format!("{path}.{key}");
                        match properties.get(key) {
                            Some(property) => self.walk(property, item, &item_path, out),
                            None => out.push(
                                Diagnostic::new(
                                    DiagnosticCode::SchemaUnknownKey,
                                    format!("{key:?} is not a key the schema defines"),
                                )
                                .path(item_path),
                            ),
                        }
                    }
                }
            }
            Json::Array(items) => {
                self.range(
                    node,
                    "minItems",
                    "maxItems",
                    items.len() as f64,
                    "items",
                    path,
                    out,
                );
                if let Some(item_schema) = node.get("items") {
                    for (index, item) in items.iter().enumerate() {
                        self.walk(item_schema, item, &format!("{path}[{index}]"), out);
                    }
                }
            }
            Json::String(text) => self.string(node, text, path, out),
            Json::Number(number) => {
                if let Some(n) = number.as_f64() {
                    self.range(node, "minimum", "maximum", n, "", path, out);
                }
            }
            _ => {}
        }
    }

    fn alternatives(
        &self,
        keyword: &str,
        branches: &[Json],
        value: &Json,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let holding = branches
            .iter()
            .filter(|branch| {
                let mut scratch = Vec::new();
                self.walk(branch, value, path, &mut scratch);
                !scratch.iter().any(Diagnostic::is_error)
            })
            .count();
        let fine = if keyword == "oneOf" {
            holding == 1
        } else {
            holding >= 1
        };
        if !fine {
            let described: Vec<String> = branches.iter().map(describe).collect();
            let ask = if keyword == "oneOf" {
                "exactly one"
            } else {
                "at least one"
            };
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SchemaAlternative,
                    format!(
                        "{holding} of these hold where {ask} must: {}",
                        described.join("; ")
                    ),
                )
                .path(path),
            );
        }
    }

    fn string(&self, node: &Json, text: &str, path: &str, out: &mut Vec<Diagnostic>) {
        let length = text.chars().count();
        self.range(
            node,
            "minLength",
            "maxLength",
            length as f64,
            "characters",
            path,
            out,
        );
        if let Some(Json::String(pattern)) = node.get("pattern") {
            let matches = self
                .schema
                .patterns
                .get(pattern)
                .is_some_and(|regex| regex.is_match(text));
            if !matches {
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::SchemaPattern,
                        format!("{text:?} does not match the pattern {pattern}"),
                    )
                    .path(path),
                );
            }
        }
        if let Some(Json::String(format)) = node.get("format") {
            let ok = match format.as_str() {
                "date" => clock::full_date(text).is_some(),
                "date-time" => clock::date_time(text).is_some(),
                _ => true,
            };
            if !ok {
                let example = if format == "date" {
                    "2021-05-03"
                } else {
                    "2021-05-03T18:00:00Z"
                };
                out.push(
                    Diagnostic::new(
                        DiagnosticCode::SchemaFormat,
                        format!("{text:?} is not a {format} (e.g. {example})"),
                    )
                    .path(path),
                );
            }
        }
        if let Some(Json::String(uri)) = node.get("valueset-uri")
            && let Some(set) = value_sets().get(uri.as_str())
            && !set.contains_key(text)
        {
            let name = uri
                .trim_start_matches("valuesets/")
                .trim_end_matches(".json");
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SchemaValueSet,
                    format!("{text:?} is not in the value set {name}"),
                )
                .path(path),
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn range(
        &self,
        node: &Json,
        low: &str,
        high: &str,
        found: f64,
        unit: &str,
        path: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let unit = if unit.is_empty() {
            String::new()
        } else {
            format!(" {unit}")
        };
        if let Some(min) = node.get(low).and_then(Json::as_f64)
            && found < min
        {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SchemaRange,
                    format!("{found}{unit}, fewer than the least the schema allows, {min}"),
                )
                .path(path),
            );
        }
        if let Some(max) = node.get(high).and_then(Json::as_f64)
            && found > max
        {
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SchemaRange,
                    format!("{found}{unit}, more than the most the schema allows, {max}"),
                )
                .path(path),
            );
        }
    }
}

/// A branch for people: its required keys, which is all the EU schemas' branches hold.
fn describe(branch: &Json) -> String {
    match branch.get("required").and_then(Json::as_array) {
        Some(keys) => {
            let keys: Vec<&str> = keys.iter().filter_map(Json::as_str).collect();
            format!("keys {}", keys.join(", "))
        }
        None => branch.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &[
        "$schema",
        "$id",
        "$comment",
        "$defs",
        "$ref",
        "title",
        "description",
        "examples",
        "type",
        "properties",
        "required",
        "items",
        "oneOf",
        "anyOf",
        "pattern",
        "format",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "minItems",
        "maxItems",
        "valueset-uri",
    ];

    fn keywords(node: &Json, out: &mut Vec<String>, in_properties: bool) {
        if let Json::Object(object) = node {
            for (key, child) in object {
                if !in_properties {
                    out.push(key.clone());
                }
                let children_are_names = !in_properties && (key == "properties" || key == "$defs");
                keywords(child, out, children_are_names);
            }
        } else if let Json::Array(items) = node {
            items.iter().for_each(|child| keywords(child, out, false));
        }
    }

    #[test]
    fn every_bundled_schema_uses_only_the_keywords_interpreted() {
        for (version, schema) in schemas() {
            let mut found = Vec::new();
            keywords(&schema.root, &mut found, false);
            let unknown: Vec<_> = found
                .iter()
                .filter(|k| !KNOWN.contains(&k.as_str()))
                .collect();
            assert!(unknown.is_empty(), "schema {version} uses {unknown:?}");
        }
    }

    #[test]
    fn every_value_set_the_schemas_name_is_bundled_or_known_absent() {
        for (version, schema) in schemas() {
            let text = schema.root.to_string();
            for uri in text.split("\"valueset-uri\":\"").skip(1) {
                let uri = &uri[..uri.find('"').unwrap()];
                let absent = uri == "valuesets/vaccine-encoding-instructions.json";
                assert!(absent || value_sets().contains_key(uri), "{version}: {uri}");
            }
        }
    }

    #[test]
    fn display_names() {
        assert_eq!(
            display("valuesets/vaccine-medicinal-product.json", "EU/1/20/1528"),
            Some("Comirnaty")
        );
        assert_eq!(
            display("valuesets/country-2-codes.json", "VN"),
            Some("Viet Nam")
        );
    }
}
