//! Reading the JSON of facts and rule files strictly, with the path of the failing field.

use serde::de::DeserializeOwned;

/// Why a JSON text could not be read as a `T`.
pub(crate) enum JsonError {
    /// The text is not JSON.
    Syntax {
        message: String,
        line: usize,
        column: usize,
    },
    /// The JSON is not of the format: the failing field, such as `doses[1].date`, or
    /// `(top level)`, what is wrong (without the position), and where.
    Format {
        path: String,
        message: String,
        line: usize,
        column: usize,
    },
    /// A list stands where an object belongs.
    NotAnObject { path: String },
}

/// Reads `text` as one JSON value of type `T`, with nothing after it.
///
/// serde reads a struct from a JSON list of its fields as well as from an object; these formats
/// allow lists only as the values of the keys in `lists`, and never lists of lists, so every
/// other list is refused.
pub(crate) fn read<T: DeserializeOwned>(text: &str, lists: &[&str]) -> Result<T, JsonError> {
    let not_an_object = |path: String| JsonError::NotAnObject { path };
    if text.trim_start().starts_with('[') {
        return Err(not_an_object("(top level)".to_owned()));
    }
    let typed = read_typed(text)?;
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| problem("(top level)".to_owned(), &error))?;
    match stray_list(&value, lists) {
        Some(path) => Err(not_an_object(path)),
        None => Ok(typed),
    }
}

/// The path of the first list that stands where an object belongs.
fn stray_list(value: &serde_json::Value, lists: &[&str]) -> Option<String> {
    fn walk(value: &serde_json::Value, path: &str, lists: &[&str]) -> Option<String> {
        let serde_json::Value::Object(object) = value else {
            return None;
        };
        for (key, value) in object {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            match value {
                serde_json::Value::Array(items) if lists.contains(&key.as_str()) => {
                    for (index, item) in items.iter().enumerate() {
                        let here = format!("{here}[{index}]");
                        if item.is_array() {
                            return Some(here);
                        }
                        if let Some(found) = walk(item, &here, lists) {
                            return Some(found);
                        }
                    }
                }
                serde_json::Value::Array(_) => return Some(here),
                _ => {
                    if let Some(found) = walk(value, &here, lists) {
                        return Some(found);
                    }
                }
            }
        }
        None
    }
    walk(value, "", lists)
}

fn read_typed<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = match error.path().to_string() {
            path if path == "." => "(top level)".to_owned(),
            path => path,
        };
        problem(path, error.inner())
    })?;
    deserializer
        .end()
        .map_err(|error| problem("(top level)".to_owned(), &error))?;
    Ok(value)
}

fn problem(path: String, error: &serde_json::Error) -> JsonError {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    match error.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            JsonError::Syntax {
                message,
                line,
                column,
            }
        }
        _ => JsonError::Format {
            path,
            message,
            line,
            column,
        },
    }
}
