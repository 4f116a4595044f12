//! Example submissions: screenshots of an app-like screen drawn with this project's renderer,
//! one app that passes and one with seeded defects; both show personal codes and golden EU
//! certificates.

use qr1405_payload::PersonalCode;
use qr1405_symbol::{Canvas, Ecc, EncodedSymbol, Rgba, Style};
use qr1405_testkeys::TestKey;

use qr1405_conformance::{
    CertificateSet, Settings, Timestamp, correct_certificate_read, correct_read, expected_fields,
};

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
    let golden = crate::certificate_vectors()?;
    let certificate = |id: &str| {
        golden
            .iter()
            .find(|c| c.id == id)
            .ok_or_else(|| Error::NoSuchVector {
                item: "examples".to_owned(),
                id: id.to_owned(),
            })
    };
    // A certificate is long: smaller modules keep it on the screen.
    let certificate_screen = Screen {
        module_px: 8,
        ..Screen::default()
    };
    let mut files = Vec::new();
    // Every screenshot drawn: the app, the file, the text and the certificate it stands for.
    let mut drawn: Vec<(&str, String, String, Option<String>)> = Vec::new();
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
            drawn.push((PASSING, file, text, None));
        }
    }
    // The golden certificates of the plan, as issued.
    for (file, id) in [
        ("dcc-es256-vaccination.png", "dcc-valid-es256-vaccination"),
        ("dcc-ps256-vaccination.png", "dcc-valid-ps256-vaccination"),
    ] {
        let text = certificate(id)?.text.clone();
        files.push((
            format!("passing/{file}"),
            screenshot(&text, certificate_screen, file)?,
        ));
        entries.push(serde_json::json!({ "file": file, "certificate": id }));
        drawn.push((PASSING, file.to_owned(), text, Some(id.to_owned())));
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
        drawn.push((FAILING, file, text, None));
    }
    // In place of the ES256 vaccination, a certificate whose signer no trust list holds; the
    // PS256 one is left out.
    let file = "unknown-signer.png";
    let id = "dcc-valid-es256-vaccination";
    let text = certificate("dcc-signer-unknown")?.text.clone();
    files.push((
        format!("failing/{file}"),
        screenshot(&text, certificate_screen, file)?,
    ));
    entries.push(serde_json::json!({ "file": file, "certificate": id }));
    drawn.push((FAILING, file.to_owned(), text, Some(id.to_owned())));
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
    let certificates = certificate_set()?;
    for (folder, reader) in [("passing", PASSING), ("failing", FAILING)] {
        let mut lines = String::new();
        for (app, file, text, shows) in &drawn {
            let (accepted, fields) = match shows {
                None => {
                    let (mut accepted, mut fields) =
                        correct_read(text.as_bytes(), &settings, clock);
                    if reader == FAILING {
                        misread(app, file, text, &mut accepted, &mut fields);
                    }
                    (accepted, fields)
                }
                Some(id) => {
                    let planned = certificate(id)?;
                    let shown_vector = golden_by_text(&golden_texts(&certificates), text);
                    if reader == FAILING {
                        misread_certificate(text, shown_vector, &planned.clock)?
                    } else {
                        let vector = certificates.get(id).ok_or_else(|| Error::NoSuchVector {
                            item: "examples".to_owned(),
                            id: id.clone(),
                        })?;
                        correct_certificate_read(text.as_bytes(), &settings, &certificates, vector)
                    }
                }
            };
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

/// The golden certificates as the conformance crate reads them from the generated files.
fn certificate_set() -> Result<CertificateSet, Error> {
    let files = crate::certificate_files()?;
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, bytes)| bytes.as_slice())
            .unwrap_or_default()
    };
    CertificateSet::from_files(
        file("index.json"),
        file("signers.json"),
        "eu-dcc/index.json".as_ref(),
    )
    .map_err(|e| Error::Certificate {
        item: "examples".to_owned(),
        reason: e.to_string(),
    })
}

/// Each golden certificate's text with its signer.
fn golden_texts(certificates: &CertificateSet) -> Vec<(&str, &str)> {
    certificates
        .vectors()
        .iter()
        .map(|c| (c.text.as_str(), c.signer.as_str()))
        .collect()
}

/// The signer of the golden certificate whose text is `text`.
fn golden_by_text<'a>(golden: &[(&str, &'a str)], text: &str) -> Option<&'a str> {
    golden
        .iter()
        .find(|(golden, _)| *golden == text)
        .map(|(_, signer)| *signer)
}

/// The failing app's reader on a certificate: it verifies no signature (it holds no signer
/// certificates and accepts what it cannot verify), and it refuses PS256 certificates,
/// Vietnam's own, whose algorithm it does not know.
fn misread_certificate(
    text: &str,
    signer: Option<&str>,
    clock: &str,
) -> Result<(bool, std::collections::BTreeMap<String, String>), Error> {
    if signer == Some("ps256") {
        return Ok((false, std::collections::BTreeMap::new()));
    }
    let at = qr1405_reader::clock_from_rfc3339(clock).map_err(|e| Error::Certificate {
        item: "examples".to_owned(),
        reason: e.to_string(),
    })?;
    let mut policy = qr1405_reader::Policy::default();
    policy.accept_unverified_certificates = true;
    let reader = qr1405_reader::Reader::without_trust_list().with_policy(policy);
    Ok(match reader.read_text(text.as_bytes(), at) {
        qr1405_reader::Reading::Accept(accept) => (true, accept.fields),
        qr1405_reader::Reading::Refuse(_) => (false, std::collections::BTreeMap::new()),
    })
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
