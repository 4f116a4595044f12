//! Example submissions: screenshots of an app-like screen drawn with this project's renderer,
//! one app that passes and one with seeded defects.

use qr1405_payload::PersonalCode;
use qr1405_symbol::{Canvas, Ecc, EncodedSymbol, Rgba, Style};
use qr1405_testkeys::TestKey;

use qr1405_conformance::{Settings, Timestamp, correct_read, expected_fields};

use crate::{Error, generate, spec::time};

/// A phone screen: 1080 × 2340 pixels.
const WIDTH: u32 = 1080;
const HEIGHT: u32 = 2340;

/// How one screenshot is drawn.
#[derive(Clone, Copy)]
struct Screen {
    ecc: Ecc,
    module_px: u32,
    quiet_zone: u32,
    dark: Rgba,
    light: Rgba,
    background: Rgba,
    badge: bool,
    second_code: bool,
    card: bool,
}

impl Default for Screen {
    fn default() -> Screen {
        Screen {
            ecc: Ecc::M,
            module_px: 10,
            quiet_zone: 4,
            dark: Rgba::BLACK,
            light: Rgba::WHITE,
            background: Rgba::rgb(0, 106, 78),
            badge: false,
            second_code: false,
            card: true,
        }
    }
}

fn symbol_error(file: &str, source: qr1405_symbol::Error) -> Error {
    Error::Symbol {
        item: format!("examples/{file}"),
        source,
    }
}

/// Draws the app's screen showing `text`: a coloured header, a white card with the code, and
/// bars standing for the text under it.
fn screenshot(text: &str, screen: Screen, file: &str) -> Result<Vec<u8>, Error> {
    let code =
        EncodedSymbol::new(text.as_bytes(), screen.ecc).map_err(|e| symbol_error(file, e))?;
    let style = Style {
        module_px: screen.module_px,
        quiet_zone: screen.quiet_zone,
        dark: screen.dark,
        light: screen.light,
    };
    let side = i64::try_from(style.side_px(&code)).unwrap_or(i64::MAX);
    let mut canvas =
        Canvas::new(WIDTH, HEIGHT, screen.background).map_err(|e| symbol_error(file, e))?;
    let width = i64::from(WIDTH);
    canvas.fill_rect(0, 0, u64::from(WIDTH), 260, Rgba::rgb(0, 80, 60));
    canvas.fill_rect(60, 120, 520, 56, Rgba::WHITE);
    if screen.card {
        canvas.fill_rect(60, 400, u64::from(WIDTH) - 120, 1500, Rgba::WHITE);
    }
    if screen.second_code {
        // Two people's codes side by side.
        let gap = 40;
        let x = (width - 2 * side - gap) / 2;
        canvas.draw_code(&code, x, 520, &style);
        canvas.draw_code(&code, x + side + gap, 520, &style);
    } else {
        canvas.draw_code(&code, (width - side) / 2, 520, &style);
    }
    let x = (width - side) / 2;
    if screen.badge {
        canvas.fill_rect(
            x + side / 2 - 45,
            520 + side / 2 - 45,
            90,
            90,
            Rgba::rgb(220, 40, 40),
        );
    }
    for (row, length) in [(1700, 760), (1780, 560), (1860, 640)] {
        canvas.fill_rect(140, row, length, 36, Rgba::rgb(200, 200, 200));
    }
    canvas.to_png(None).map_err(|e| symbol_error(file, e))
}

/// The files of the example submissions, by path relative to `examples/submissions/`.
pub fn example_submissions() -> Result<Vec<(String, Vec<u8>)>, Error> {
    let generated = generate()?;
    let forms = |id: &str| {
        generated
            .iter()
            .find(|g| g.vector.id == id)
            .and_then(|g| g.vector.expected.clone())
            .ok_or_else(|| Error::NoSuchVector {
                item: "examples".to_owned(),
                id: id.to_owned(),
            })
    };
    let pc_covid = |text: &str| -> Result<String, Error> {
        let code = PersonalCode::parse(text).map_err(|source| Error::Payload {
            item: "examples".to_owned(),
            source,
        })?;
        TestKey::PcCovid2021
            .secret_key()
            .sign(&code, time("2021-10-01T07:00:00+07:00", "examples")?)
            .map(PersonalCode::into_string)
            .map_err(|source| Error::Sign {
                item: "examples".to_owned(),
                source,
            })
    };
    let mut files = Vec::new();
    // Every screenshot drawn: the app, the file and the text.
    let mut drawn: Vec<(&str, String, String)> = Vec::new();
    // The passing app: every identity, both forms, signed with its own key.
    let mut entries = Vec::new();
    for id in ["cccd-self", "cmnd-self", "passport", "child-on-behalf"] {
        let forms = forms(&format!("valid-{id}-full"))?;
        for (display, text) in [("full", &forms.full), ("masked", &forms.masked)] {
            let file = format!("{id}-{display}.png");
            let text = pc_covid(text)?;
            files.push((
                format!("passing/{file}"),
                screenshot(&text, Screen::default(), &file)?,
            ));
            entries.push(serde_json::json!({
                "file": file, "display": display, "vector": format!("valid-{id}-full"),
            }));
            drawn.push((PASSING, file, text));
        }
    }
    files.push(("passing/manifest.json".into(), manifest(PASSING, entries)?));
    // The failing app: one seeded defect a screenshot.
    let cccd = forms("valid-cccd-self-full")?;
    let wrong_name = cccd.full.replacen("MINH KHAI", "MINH KHAI ", 1);
    let defects: Vec<(&str, &str, String, Screen)> = vec![
        (
            "ecc-l",
            "full",
            pc_covid(&cccd.full)?,
            Screen {
                ecc: Ecc::L,
                ..Screen::default()
            },
        ),
        (
            "light-on-dark",
            "full",
            pc_covid(&cccd.full)?,
            Screen {
                dark: Rgba::WHITE,
                light: Rgba::BLACK,
                ..Screen::default()
            },
        ),
        (
            "small-modules",
            "full",
            pc_covid(&cccd.full)?,
            Screen {
                module_px: 2,
                ..Screen::default()
            },
        ),
        (
            "no-quiet-zone",
            "full",
            pc_covid(&cccd.full)?,
            Screen {
                quiet_zone: 1,
                card: false,
                ..Screen::default()
            },
        ),
        (
            "badge",
            "full",
            pc_covid(&cccd.full)?,
            Screen {
                badge: true,
                ..Screen::default()
            },
        ),
        (
            "two-codes",
            "full",
            pc_covid(&cccd.full)?,
            Screen {
                second_code: true,
                module_px: 6,
                ..Screen::default()
            },
        ),
        (
            "unmasked",
            "masked",
            pc_covid(&cccd.full)?,
            Screen::default(),
        ),
        ("unsigned-name-typo", "full", wrong_name, Screen::default()),
    ];
    let mut entries = Vec::new();
    for (name, display, text, screen) in defects {
        let file = format!("{name}.png");
        files.push((format!("failing/{file}"), screenshot(&text, screen, &file)?));
        entries.push(serde_json::json!({
            "file": file, "display": display, "vector": "valid-cccd-self-full",
        }));
        drawn.push((FAILING, file, text));
    }
    files.push(("failing/manifest.json".into(), manifest(FAILING, entries)?));
    // What each app's reader did when shown every screenshot of both apps.
    let settings = Settings {
        trust: Some(qr1405_testkeys::trust_list()),
        ..Settings::default()
    };
    let text = "2021-10-01T08:00:00+07:00";
    let clock: Timestamp = text.parse().map_err(|source| Error::Time {
        item: "examples".to_owned(),
        source,
    })?;
    for (folder, reader) in [("passing", PASSING), ("failing", FAILING)] {
        let mut lines = String::new();
        for (app, file, text) in &drawn {
            let (mut accepted, mut fields) = correct_read(text.as_bytes(), &settings, clock);
            if reader == FAILING {
                misread(app, file, text, &mut accepted, &mut fields);
            }
            let line = serde_json::json!({
                "app": app, "image": file, "accepted": accepted, "fields": fields,
            });
            lines.push_str(&line.to_string());
            lines.push('\n');
        }
        files.push((format!("{folder}/{READS}"), lines.into_bytes()));
    }
    Ok(files)
}

/// The app names of the examples.
const PASSING: &str = "Example app (passing)";
const FAILING: &str = "Example app (failing)";

/// The reader-results file of each example.
const READS: &str = "reader-results.jsonl";

/// The failing app's reader: it refuses masked document numbers, drops the on-behalf QID,
/// trusts any name, and cannot read light-on-dark symbols.
fn misread(
    app: &str,
    file: &str,
    text: &str,
    accepted: &mut bool,
    fields: &mut std::collections::BTreeMap<String, String>,
) {
    let masked = text.starts_with("******");
    if masked || file == "light-on-dark.png" {
        *accepted = false;
        fields.clear();
    } else if app == FAILING && file == "unsigned-name-typo.png" {
        *accepted = true;
        *fields = expected_fields(text.as_bytes());
    } else {
        fields.remove("on_behalf_qid");
    }
}

fn manifest(app: &str, images: Vec<serde_json::Value>) -> Result<Vec<u8>, Error> {
    let mut json = serde_json::to_vec_pretty(&serde_json::json!({
        "app": app, "images": images, "reader_results": READS,
    }))
    .map_err(|source| Error::Json {
        item: format!("examples: manifest of {app}"),
        source,
    })?;
    json.push(b'\n');
    Ok(json)
}
