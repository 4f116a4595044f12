//! `qr1405 decode`: read every QR code in pictures.

use std::{path::PathBuf, process::ExitCode};

use qr1405_symbol::{ImageReport, decode};
use serde::Serialize;

/// Read every QR code in each picture (PNG, JPEG, WebP, BMP, GIF) and print one JSON object
/// per picture, one a line: the symbols with text, version, error-correction level, the
/// measurements and grades, and what each decoder made of the picture. Exit status 0 when
/// every picture yielded a symbol, 1 otherwise.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The pictures.
    #[arg(required = true, value_name = "IMAGE")]
    images: Vec<PathBuf>,
    /// Indent the JSON for people.
    #[arg(long)]
    pretty: bool,
}

/// The line printed for one picture.
#[derive(Debug, Serialize)]
struct Line<'a> {
    image: String,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    report: Option<&'a ImageReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// The JSON for one picture, and whether it yielded a symbol.
fn describe(image: &str, bytes: &[u8]) -> (serde_json::Value, bool) {
    let outcome = decode(bytes);
    let line = match &outcome {
        Ok(report) => Line {
            image: image.to_owned(),
            report: Some(report),
            error: None,
        },
        Err(error) => Line {
            image: image.to_owned(),
            report: None,
            error: Some(error.to_string()),
        },
    };
    let found = outcome.as_ref().is_ok_and(|r| !r.symbols.is_empty());
    (serde_json::to_value(line).unwrap_or_default(), found)
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut all_found = true;
    for path in &args.images {
        let bytes = crate::input::bytes(path, crate::input::IMAGE_LIMIT)?;
        let (json, found) = describe(&path.display().to_string(), &bytes);
        all_found &= found;
        let text = if args.pretty {
            serde_json::to_string_pretty(&json)?
        } else {
            serde_json::to_string(&json)?
        };
        crate::output::print_line(&text)?;
    }
    Ok(if all_found {
        crate::PASS
    } else {
        crate::fail()
    })
}

#[cfg(test)]
mod tests {
    use qr1405_symbol::{Ecc, EncodedSymbol, RenderOptions};

    use super::*;

    #[test]
    fn json_shape_of_a_decoded_picture() {
        let code = EncodedSymbol::new("001093029317|NGUYỄN VĂN A".as_bytes(), Ecc::M).unwrap();
        let png = code.to_png(&RenderOptions::module_px(4)).unwrap();
        let (json, found) = describe("code.png", &png);
        assert!(found);
        insta::assert_json_snapshot!(json);
    }

    #[test]
    fn json_of_a_picture_without_a_code_and_of_a_non_picture() {
        let (json, found) = describe("notes.txt", b"not a picture");
        assert!(!found);
        insta::assert_json_snapshot!(json, @r#"
        {
          "error": "not a PNG, JPEG, WebP, BMP or GIF image (first bytes 6e 6f 74 20 61 20 70 69)",
          "image": "notes.txt"
        }
        "#);
    }
}
