//! The schema stage: the certificate against the JSON schema of its declared version.
//!
//! The EU schemas (1.0.0 to 1.3.3, bundled in `schema/`) use a small part of JSON Schema:
//! `type`, `properties`, `required`, `$ref`, `items`, `oneOf`, `anyOf`, `pattern`, `format`
//! (`date`, `date-time`), `minLength`/`maxLength`, `minimum`/`maximum`, `minItems`/`maxItems`
//! and the EU's `valueset-uri`. This module interprets exactly that part; a keyword outside it
//! makes the schema unusable, which a test over every bundled schema rules out.

use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

use regex::Regex;
use serde_json::Value as Json;

use crate::clock;
use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::path::Path;

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

/// A bundled schema, compiled once per process into [`Node`]s: the walk over a certificate
/// reads fields instead of looking keywords up in the schema's JSON and following `$ref`
/// pointers at every value it visits.
struct Schema {
    /// The schema as written (the tests read its keywords).
    #[cfg_attr(not(test), allow(dead_code))]
    root: Json,
    nodes: Vec<Node>,
}

/// The index in [`Schema::nodes`] of the node a schema starts at.
const ROOT: usize = 0;

/// One schema object, its `$ref`s followed, with the keywords this module interprets.
#[derive(Default)]
struct Node {
    /// `type`: the type names allowed; `Some` of none when `type` is neither a name nor a list.
    types: Option<Vec<String>>,
    /// `oneOf`, then `anyOf`.
    alternatives: Vec<Alternatives>,
    /// `required`, when it is a list.
    required: Option<Vec<String>>,
    /// `properties`, when it is an object: key → node.
    properties: Option<BTreeMap<String, usize>>,
    /// `items`.
    items: Option<usize>,
    min_items: Option<f64>,
    max_items: Option<f64>,
    minimum: Option<f64>,
    maximum: Option<f64>,
    min_length: Option<f64>,
    max_length: Option<f64>,
    /// `pattern`, with its compiled form.
    pattern: Option<(String, Regex)>,
    /// `format`.
    format: Option<String>,
    /// `valueset-uri`, when the set is bundled: the set and its name for messages.
    value_set: Option<(&'static ValueSet, String)>,
}

/// A `oneOf` or `anyOf`: its keyword, branches and their description for a diagnostic.
struct Alternatives {
    keyword: &'static str,
    branches: Vec<usize>,
    described: String,
}

impl Schema {
    fn compile(root: Json, patterns: &mut HashMap<String, Regex>) -> Schema {
        let mut compiler = Compiler {
            root: &root,
            nodes: Vec::new(),
            seen: HashMap::new(),
            patterns,
        };
        let start = compiler.node(&root);
        debug_assert_eq!(start, ROOT);
        let nodes = compiler.nodes;
        Schema { root, nodes }
    }
}

struct Compiler<'a, 'p> {
    root: &'a Json,
    nodes: Vec<Node>,
    /// Nodes already compiled, by the address of their JSON, so a `$defs` entry referred to
    /// from many places is compiled once (and a cycle of references ends).
    seen: HashMap<*const Json, usize>,
    /// Each pattern compiled once, however many nodes and versions use it.
    patterns: &'p mut HashMap<String, Regex>,
}

impl<'a> Compiler<'a, '_> {
    fn resolve(&self, node: &'a Json) -> &'a Json {
        let mut node = node;
        // References chain at most a few deep in the EU schemas; the bound guards a cycle.
        for _ in 0..8 {
            match node.get("$ref").and_then(Json::as_str) {
                Some(reference) => {
                    let pointer = reference.trim_start_matches('#');
                    node = self.root.pointer(pointer).expect("bundled $ref resolves");
                }
                None => break,
            }
        }
        node
    }

    fn node(&mut self, json: &'a Json) -> usize {
        let json = self.resolve(json);
        if let Some(&index) = self.seen.get(&std::ptr::from_ref(json)) {
            return index;
        }
        let index = self.nodes.len();
        self.nodes.push(Node::default());
        self.seen.insert(std::ptr::from_ref(json), index);
        let number = |key: &str| json.get(key).and_then(Json::as_f64);
        let text = |key: &str| match json.get(key) {
            Some(Json::String(text)) => Some(text.clone()),
            _ => None,
        };
        let types = json.get("type").map(|expected| match expected {
            Json::String(name) => vec![name.clone()],
            Json::Array(names) => names
                .iter()
                .filter_map(Json::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        });
        let mut alternatives = Vec::new();
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Json::Array(branches)) = json.get(keyword) {
                let described: Vec<String> = branches.iter().map(describe).collect();
                alternatives.push(Alternatives {
                    keyword,
                    branches: branches.iter().map(|branch| self.node(branch)).collect(),
                    described: described.join("; "),
                });
            }
        }
        let required = match json.get("required") {
            Some(Json::Array(keys)) => Some(
                keys.iter()
                    .filter_map(Json::as_str)
                    .map(str::to_owned)
                    .collect(),
            ),
            _ => None,
        };
        let properties = match json.get("properties") {
            Some(Json::Object(properties)) => Some(
                properties
                    .iter()
                    .map(|(key, property)| (key.clone(), self.node(property)))
                    .collect(),
            ),
            _ => None,
        };
        let items = json.get("items").map(|items| self.node(items));
        let pattern = text("pattern").map(|pattern| {
            let regex = self
                .patterns
                .entry(pattern.clone())
                .or_insert_with(|| {
                    Regex::new(&ascii_classes(&pattern)).expect("bundled schema patterns compile")
                })
                .clone();
            (pattern, regex)
        });
        let value_set = text("valueset-uri").and_then(|uri| {
            let set = value_sets().get(uri.as_str())?;
            let name = uri
                .trim_start_matches("valuesets/")
                .trim_end_matches(".json")
                .to_owned();
            Some((set, name))
        });
        self.nodes[index] = Node {
            types,
            alternatives,
            required,
            properties,
            items,
            min_items: number("minItems"),
            max_items: number("maxItems"),
            minimum: number("minimum"),
            maximum: number("maximum"),
            min_length: number("minLength"),
            max_length: number("maxLength"),
            pattern,
            format: text("format"),
            value_set,
        };
        index
    }
}

fn schemas() -> &'static HashMap<&'static str, Schema> {
    static SCHEMAS: OnceLock<HashMap<&'static str, Schema>> = OnceLock::new();
    SCHEMAS.get_or_init(|| {
        let mut patterns = HashMap::new();
        SCHEMA_VERSIONS
            .iter()
            .zip(SCHEMA_TEXTS)
            .map(|(version, text)| {
                let root: Json = serde_json::from_str(text).expect("bundled schema is json");
                (*version, Schema::compile(root, &mut patterns))
            })
            .collect()
    })
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
            Walker { schema }.walk(ROOT, &certificate, &Path::Root, &mut out);
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
    Walker { schema }.walk(ROOT, certificate, &Path::Root, out);
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
    fn walk(&self, node: usize, value: &Json, path: &Path<'_>, out: &mut Vec<Diagnostic>) {
        let node = &self.schema.nodes[node];
        if let Some(names) = &node.types
            && !names.iter().any(|name| has_type(value, name))
        {
            let names: Vec<&str> = names.iter().map(String::as_str).collect();
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SchemaType,
                    format!(
                        "{} where the schema asks for {}",
                        type_name(value),
                        names.join(" or ")
                    ),
                )
                .path(path.to_string()),
            );
            return;
        }
        for alternatives in &node.alternatives {
            self.alternatives(alternatives, value, path, out);
        }
        match value {
            Json::Object(object) => {
                if let Some(required) = &node.required {
                    for key in required {
                        if !object.contains_key(key) {
                            out.push(
                                Diagnostic::new(
                                    DiagnosticCode::SchemaRequired,
                                    format!("no {key:?}, which the schema requires"),
                                )
                                .path(path.to_string()),
                            );
                        }
                    }
                }
                if let Some(properties) = &node.properties {
                    for (key, item) in object {
                        let item_path = path.key(key);
                        match properties.get(key) {
                            Some(&property) => self.walk(property, item, &item_path, out),
                            None => out.push(
                                Diagnostic::new(
                                    DiagnosticCode::SchemaUnknownKey,
                                    format!("{key:?} is not a key the schema defines"),
                                )
                                .path(item_path.to_string()),
                            ),
                        }
                    }
                }
            }
            Json::Array(items) => {
                range(
                    (node.min_items, node.max_items),
                    items.len() as f64,
                    "items",
                    path,
                    out,
                );
                if let Some(item_schema) = node.items {
                    for (index, item) in items.iter().enumerate() {
                        self.walk(item_schema, item, &path.index(index), out);
                    }
                }
            }
            Json::String(text) => string(node, text, path, out),
            Json::Number(number) => {
                if let Some(n) = number.as_f64() {
                    range((node.minimum, node.maximum), n, "", path, out);
                }
            }
            _ => {}
        }
    }

    fn alternatives(
        &self,
        alternatives: &Alternatives,
        value: &Json,
        path: &Path<'_>,
        out: &mut Vec<Diagnostic>,
    ) {
        let holding = alternatives
            .branches
            .iter()
            .filter(|&&branch| {
                let mut scratch = Vec::new();
                self.walk(branch, value, path, &mut scratch);
                !scratch.iter().any(Diagnostic::is_error)
            })
            .count();
        let one = alternatives.keyword == "oneOf";
        let fine = if one { holding == 1 } else { holding >= 1 };
        if !fine {
            let ask = if one { "exactly one" } else { "at least one" };
            out.push(
                Diagnostic::new(
                    DiagnosticCode::SchemaAlternative,
                    format!(
                        "{holding} of these hold where {ask} must: {}",
                        alternatives.described
                    ),
                )
                .path(path.to_string()),
            );
        }
    }
}

fn string(node: &Node, text: &str, path: &Path<'_>, out: &mut Vec<Diagnostic>) {
    if node.min_length.is_some() || node.max_length.is_some() {
        let length = text.chars().count();
        range(
            (node.min_length, node.max_length),
            length as f64,
            "characters",
            path,
            out,
        );
    }
    if let Some((pattern, regex)) = &node.pattern
        && !regex.is_match(text)
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::SchemaPattern,
                format!("{text:?} does not match the pattern {pattern}"),
            )
            .path(path.to_string()),
        );
    }
    if let Some(format) = &node.format {
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
                .path(path.to_string()),
            );
        }
    }
    if let Some((set, name)) = &node.value_set
        && !set.contains_key(text)
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::SchemaValueSet,
                format!("{text:?} is not in the value set {name}"),
            )
            .path(path.to_string()),
        );
    }
}

/// Checks `found` against a schema's least and most (`minItems`/`maxItems`,
/// `minLength`/`maxLength`, `minimum`/`maximum`).
fn range(
    (min, max): (Option<f64>, Option<f64>),
    found: f64,
    unit: &str,
    path: &Path<'_>,
    out: &mut Vec<Diagnostic>,
) {
    let space = if unit.is_empty() { "" } else { " " };
    if let Some(min) = min
        && found < min
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::SchemaRange,
                format!("{found}{space}{unit}, fewer than the least the schema allows, {min}"),
            )
            .path(path.to_string()),
        );
    }
    if let Some(max) = max
        && found > max
    {
        out.push(
            Diagnostic::new(
                DiagnosticCode::SchemaRange,
                format!("{found}{space}{unit}, more than the most the schema allows, {max}"),
            )
            .path(path.to_string()),
        );
    }
}

/// A schema pattern for the regex crate with `\d` as JSON Schema means it (ECMA-262: the ASCII
/// digits, as regex-lite read it before) rather than as the regex crate does (any Unicode
/// digit). The bundled patterns escape nothing else; any other escape is refused, which the
/// test compiling every bundled schema rules out.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // Inside a class (`[\d-]`) the regex crate reads `[0-9]` as a nested class: the
            // same set.
            Some('d') => out.push_str("[0-9]"),
            other => panic!("bundled schema pattern {pattern:?} escapes {other:?}"),
        }
    }
    out
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
    fn patterns_read_digits_as_ascii_digits() {
        assert_eq!(
            ascii_classes(r"^((19|20)\d\d(-\d\d){0,2}){0,1}$"),
            "^((19|20)[0-9][0-9](-[0-9][0-9]){0,2}){0,1}$"
        );
        let version = Regex::new(&ascii_classes(r"^\d+.\d+.\d+$")).unwrap();
        assert!(version.is_match("1.3.0"));
        assert!(version.is_match("1é2.3"));
        // Arabic-Indic digits are Unicode digits, not digits of a schema pattern.
        assert!(!version.is_match("\u{661}.3.0"));
        let json = r#"{"ver":"1.3.0","nam":{"fnt":"A"},"dob":"\u0661\u0669\u0669\u0668"}"#;
        let out = check_schema(json, None).unwrap();
        assert!(
            out.iter().any(
                |d| d.code() == DiagnosticCode::SchemaPattern && d.json_path() == Some("$.dob")
            ),
            "{out:?}"
        );
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
