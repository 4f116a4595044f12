//! Reading the JSON of facts and rule files strictly, with the path of the failing field.

use serde::de::DeserializeOwned;

/// Why a JSON text could not be read as a `T`.
pub(crate) struct JsonProblem {
    /// The text is not JSON at all (rather than JSON of the wrong shape).
    pub(crate) syntax: bool,
    /// The failing field, such as `doses[1].date`, or `(top level)`.
    pub(crate) path: String,
    /// What is wrong, without the position.
    pub(crate) message: String,
    /// Line, from 1.
    pub(crate) line: usize,
    /// Column, from 1.
    pub(crate) column: usize,
}

/// Reads `text` as one JSON value of type `T`, with nothing after it.
pub(crate) fn read<T: DeserializeOwned>(text: &str) -> Result<T, JsonProblem> {
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

fn problem(path: String, error: &serde_json::Error) -> JsonProblem {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let suffix = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
    JsonProblem {
        syntax: matches!(
            error.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        ),
        path,
        message,
        line,
        column,
    }
}
