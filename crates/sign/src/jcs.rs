//! The JSON Canonicalization Scheme (RFC 8785) for the JSON a trust list holds.
//!
//! A trust list holds objects, arrays, strings and integers, so this writer needs no
//! floating-point formatting: it refuses any number that is not an integer.

use serde_json::Value;

/// The canonical bytes of `value`, or `None` if it holds a number that is not an integer.
pub(crate) fn canonical(value: &Value) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    write(value, &mut out)?;
    Some(out)
}

fn write(value: &Value, out: &mut Vec<u8>) -> Option<()> {
    match value {
        Value::Null => out.extend_from_slice(b"null"),
        Value::Bool(true) => out.extend_from_slice(b"true"),
        Value::Bool(false) => out.extend_from_slice(b"false"),
        Value::Number(number) => {
            // RFC 8785 writes numbers as ECMAScript does; for integers that is their
            // decimal form, exact up to 2^53.
            let integer = number
                .as_i64()
                .filter(|n| n.unsigned_abs() <= 1 << 53)
                .map(i128::from)
                .or_else(|| number.as_u64().filter(|&n| n <= 1 << 53).map(i128::from))?;
            out.extend_from_slice(integer.to_string().as_bytes());
        }
        Value::String(text) => string(text, out),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write(item, out)?;
            }
            out.push(b']');
        }
        Value::Object(members) => {
            // Members sorted by the UTF-16 code units of their names.
            let mut sorted: Vec<(&String, &Value)> = members.iter().collect();
            sorted.sort_by(|(a, _), (b, _)| a.encode_utf16().cmp(b.encode_utf16()));
            out.push(b'{');
            for (i, (name, item)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                string(name, out);
                out.push(b':');
                write(item, out)?;
            }
            out.push(b'}');
        }
    }
    Some(())
}

/// A string as RFC 8785 writes it: only `"`, `\` and control characters escaped.
fn string(text: &str, out: &mut Vec<u8>) {
    out.push(b'"');
    for c in text.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\u{8}' => out.extend_from_slice(b"\\b"),
            '\t' => out.extend_from_slice(b"\\t"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\u{c}' => out.extend_from_slice(b"\\f"),
            '\r' => out.extend_from_slice(b"\\r"),
            c if c < ' ' => out.extend_from_slice(format!("\\u{:04x}", u32::from(c)).as_bytes()),
            c => {
                let mut buffer = [0; 4];
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jcs(json: &str) -> Option<String> {
        canonical(&serde_json::from_str(json).unwrap()).map(|b| String::from_utf8(b).unwrap())
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(
            jcs(r#" { "b" : [ 1 , -2, true, null ], "a": "x\u0001\"\\\n/é€😀", "\u20ac": 0, "\ud83d\ude00": 1, "z": {} } "#)
                .unwrap(),
            "{\"a\":\"x\\u0001\\\"\\\\\\n/é€😀\",\"b\":[1,-2,true,null],\"z\":{},\"€\":0,\"😀\":1}"
        );
        assert_eq!(jcs("9007199254740992").unwrap(), "9007199254740992");
        assert_eq!(jcs("9007199254740993"), None);
        assert_eq!(jcs("1.5"), None);
        assert_eq!(jcs("1e3"), None);
    }
}
