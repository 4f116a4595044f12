//! The HTML report: one self-contained page, images embedded, found codes outlined.

use std::fmt::Write as _;

use base64::Engine as _;

use crate::{
    Case, Matrix, MatrixCell, Outcome, Report, Shows,
    report::{visible, xml_escape as escape},
};

const STYLE: &str = "
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.05rem; margin: 0 0 .4rem; }
.summary { padding: .6rem 1rem; border-radius: 6px; display: inline-block; }
.passed { background: #e3f5e1; } .failed { background: #fde2e1; }
.case { border: 1px solid #ddd; border-radius: 6px; padding: 1rem; margin: 1rem 0; display: flex; gap: 1.5rem; }
.case.unexpected { border-color: #d33; }
.picture { position: relative; flex: 0 0 auto; max-width: 360px; }
.picture img, .picture svg { width: 100%; height: auto; display: block; }
.picture svg { position: absolute; inset: 0; }
table { border-collapse: collapse; margin: .4rem 0; } td, th { border: 1px solid #ddd; padding: .15rem .5rem; text-align: left; vertical-align: top; }
.pass { color: #17702b; } .fail, .stale-exception { color: #b3261e; font-weight: 600; } .skip, .known-divergence { color: #8a6d00; }
.met { color: #17702b; } .broken { color: #b3261e; font-weight: 600; }
code { word-break: break-all; background: #f4f4f4; padding: 0 .2rem; }
nav a { margin-right: .6rem; }
.run th { font-weight: normal; color: #555; }
.shots img { max-width: 160px; max-height: 320px; display: block; }
";

/// Where a requirement id links to: the catalogue, as the repository names it.
const REQUIREMENTS: &str = "docs/requirements.md";

/// The largest picture embedded in the HTML report; a larger one is named, not shown.
pub const MAX_EMBEDDED_PICTURE_BYTES: usize = 4 << 20;

/// The most picture bytes embedded in one HTML report; pictures past it are named, not shown,
/// so the page stays under about 90 MB however many pictures a run holds.
pub const MAX_EMBEDDED_BYTES: usize = 64 << 20;

impl Report {
    /// The report as one self-contained HTML page.
    ///
    /// Pictures are embedded up to [`MAX_EMBEDDED_PICTURE_BYTES`] each and
    /// [`MAX_EMBEDDED_BYTES`] in all; the others are named with their size.
    pub fn to_html(&self) -> String {
        let mut html =
            String::from("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        let _ = writeln!(
            html,
            "<title>qr1405 conformance: {}</title>",
            escape(&self.suite)
        );
        let _ = writeln!(html, "<style>{STYLE}</style>\n</head>\n<body>");
        let _ = writeln!(html, "<h1>qr1405 conformance: {}</h1>", escape(&self.suite));
        let t = &self.totals;
        let _ = writeln!(
            html,
            "<p class=\"summary {}\"><strong>{}</strong>: {} cases; {} passed, {} failed, {} skipped, {} known divergences, {} stale exceptions</p>",
            if self.passed() { "passed" } else { "failed" },
            if self.passed() { "PASSED" } else { "FAILED" },
            self.cases.len(),
            t.passed,
            t.failed,
            t.skipped,
            t.known_divergences,
            t.stale_exceptions
        );
        if let Some(run) = &self.run {
            run_html(run, &mut html);
        }
        let unexpected: Vec<&Case> = self.cases.iter().filter(|c| c.is_unexpected()).collect();
        if !unexpected.is_empty() {
            html.push_str("<nav><strong>Unexpected:</strong> ");
            for case in unexpected {
                let _ = write!(
                    html,
                    "<a href=\"#{}\">{}</a>",
                    anchor(&case.id),
                    escape(&case.id)
                );
            }
            html.push_str("</nav>\n");
        }
        for stale in &self.stale_exceptions {
            let _ = writeln!(
                html,
                "<p class=\"stale-exception\">The exceptions file names {}, which is no case of this run.</p>",
                escape(stale)
            );
        }
        if let Some(matrix) = &self.matrix {
            matrix_html(matrix, &mut html);
        }
        let mut budget = MAX_EMBEDDED_BYTES;
        for case in &self.cases {
            let cell = self
                .matrix
                .as_ref()
                .and_then(|m| m.cells.iter().find(|cell| cell.case_id() == case.id));
            case_html(case, cell, &mut budget, &mut html);
        }
        html.push_str("</body>\n</html>\n");
        html
    }
}

/// What was run: a header block of the tool, commit, date, clock, profile, inputs with their
/// digests and decoders, the same pairs as the JUnit properties.
fn run_html(run: &crate::Run, html: &mut String) {
    html.push_str("<details class=\"run\" open><summary>What was run</summary>\n<table>\n");
    for (name, value) in crate::report::run_properties(run) {
        let _ = writeln!(
            html,
            "<tr><th>{}</th><td><code>{}</code></td></tr>",
            escape(&name),
            escape(&value)
        );
    }
    html.push_str("</table>\n</details>\n");
}

/// An HTML id for a case id: white space becomes `-`.
fn anchor(id: &str) -> String {
    escape(&id.replace(char::is_whitespace, "-"))
}

/// The matrix: a row per reader, a column per displaying app, each cell linked to its case;
/// the certificate cells, when the run has them, in rows of their own under a second header.
fn matrix_html(matrix: &Matrix, html: &mut String) {
    html.push_str("<table class=\"matrix\">\n");
    let blocks: &[(Shows, &str)] = if matrix.has_certificates() {
        &[
            (Shows::PersonalCodes, "reader \\ shown"),
            (Shows::Certificates, "reader \\ certificates"),
        ]
    } else {
        &[(Shows::PersonalCodes, "reader \\ shown")]
    };
    for &(shows, corner) in blocks {
        matrix_rows(matrix, shows, corner, html);
    }
    html.push_str("</table>\n");
    if !matrix.has_certificates() {
        html.push_str(
            "<p>No EU certificate cells: the test plan names none and no app shows one.</p>\n",
        );
    }
}

/// A header row and a row per reader of the cells over `shows`.
fn matrix_rows(matrix: &Matrix, shows: Shows, corner: &str, html: &mut String) {
    let _ = write!(html, "<tr><th>{}</th>", escape(corner));
    for app in &matrix.apps {
        let _ = write!(html, "<th>{}</th>", escape(app));
    }
    html.push_str("</tr>\n");
    for reader in &matrix.apps {
        let _ = write!(html, "<tr><th>{}</th>", escape(reader));
        for display in &matrix.apps {
            match matrix.cell_of(reader, display, shows) {
                Some(cell) => {
                    let _ = write!(
                        html,
                        "<td class=\"{}\"><a href=\"#{}\">{}</a></td>",
                        escape(&cell.outcome),
                        anchor(&cell.case_id()),
                        escape(&cell.label())
                    );
                }
                None => html.push_str("<td></td>"),
            }
        }
        html.push_str("</tr>\n");
    }
}

fn case_html(case: &Case, cell: Option<&MatrixCell>, budget: &mut usize, html: &mut String) {
    let _ = writeln!(
        html,
        "<section class=\"case{}\" id=\"{}\">",
        if case.is_unexpected() {
            " unexpected"
        } else {
            ""
        },
        anchor(&case.id)
    );
    if let Some(bytes) = &case.image_bytes {
        if bytes.len() <= MAX_EMBEDDED_PICTURE_BYTES && bytes.len() <= *budget {
            *budget -= bytes.len();
            picture(case, bytes, html);
        } else {
            let _ = write!(
                html,
                "<div class=\"picture\"><p>{} ({} bytes) is not embedded: the report embeds \
                 pictures of at most {MAX_EMBEDDED_PICTURE_BYTES} bytes, \
                 {MAX_EMBEDDED_BYTES} in all.</p></div>",
                escape(case.image.as_deref().unwrap_or("the picture")),
                bytes.len()
            );
        }
    }
    html.push_str("<div>\n");
    let _ = writeln!(
        html,
        "<h2>{}</h2>\n<p>{}</p>",
        escape(&case.id),
        escape(&case.description)
    );
    for symbol in &case.symbols {
        let _ = writeln!(
            html,
            "<p>Decoded: <code>{}</code></p>",
            escape(&symbol.text)
        );
    }
    html.push_str("<table>\n<tr><th>stage</th><th>outcome</th><th>details</th></tr>\n");
    for check in &case.checks {
        let details = match (&check.outcome, &check.observed) {
            (Outcome::Pass, Some(observed)) => observed.messages.join("\n"),
            (outcome, _) => outcome.reason().unwrap_or_default().to_owned(),
        };
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
            check.stage,
            check.outcome.name(),
            check.outcome.name(),
            escape(&details).replace('\n', "<br>")
        );
    }
    html.push_str("</table>\n");
    if !case.diff.is_empty() {
        html.push_str(
            "<table>\n<tr><th>field</th><th>expected</th><th>found</th><th>from byte</th><th>breaks</th></tr>\n",
        );
        for diff in &case.diff {
            let _ = writeln!(
                html,
                "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                escape(&diff.field),
                escape(&visible(&diff.expected)),
                escape(&visible(&diff.found)),
                diff.differs_at,
                escape(&diff.requirements.join(", "))
            );
        }
        html.push_str("</table>\n");
    }
    if !case.verdicts.is_empty() {
        // What was broken first, each requirement with its text; what was met folded below.
        let (broken, met): (Vec<_>, Vec<_>) = case
            .verdicts
            .iter()
            .partition(|v| v.verdict != crate::Compliance::Met);
        let row = |verdict: &crate::RequirementVerdict, html: &mut String| {
            let text = crate::requirement(&verdict.requirement).map_or("", |r| r.text);
            let _ = writeln!(
                html,
                "<tr><td><a href=\"{REQUIREMENTS}#{}\">{}</a></td><td>{}</td><td>{}</td><td class=\"{}\">{}</td><td>{}</td></tr>",
                escape(&verdict.requirement.to_lowercase()),
                escape(&verdict.requirement),
                escape(text),
                verdict.level.as_str(),
                verdict.verdict.as_str(),
                verdict.verdict.as_str(),
                escape(&verdict.findings.join(", "))
            );
        };
        const HEAD: &str = "<table>\n<tr><th>requirement</th><th>what it asks</th><th>level</th><th>verdict</th><th>findings</th></tr>\n";
        if !broken.is_empty() {
            html.push_str(HEAD);
            for verdict in broken {
                row(verdict, html);
            }
            html.push_str("</table>\n");
        }
        if !met.is_empty() {
            let _ = writeln!(
                html,
                "<details><summary>{} requirements met</summary>",
                met.len()
            );
            html.push_str(HEAD);
            for verdict in met {
                row(verdict, html);
            }
            html.push_str("</table>\n</details>\n");
        }
    }
    if let Some(cell) = cell {
        cell_html(cell, budget, html);
    }
    html.push_str("</div>\n</section>\n");
}

/// A matrix cell's screenshots: each picture as a thumbnail (embedded within the report's
/// bounds), what it holds and what the reader returned, and what the reader got wrong.
fn cell_html(cell: &MatrixCell, budget: &mut usize, html: &mut String) {
    if cell.screenshots.is_empty() {
        return;
    }
    html.push_str(
        "<table class=\"shots\">\n<tr><th>screenshot shown</th><th>what it holds</th>\
         <th>what the reader returned</th><th>findings</th></tr>\n",
    );
    for shot in &cell.screenshots {
        html.push_str("<tr><td>");
        match &shot.image_bytes {
            Some(bytes) if bytes.len() <= MAX_EMBEDDED_PICTURE_BYTES && bytes.len() <= *budget => {
                *budget -= bytes.len();
                let _ = write!(
                    html,
                    "<img alt=\"{}\" src=\"{}\">",
                    escape(&shot.image),
                    data_uri(bytes)
                );
            }
            Some(bytes) => {
                let _ = write!(
                    html,
                    "<p>not embedded ({} bytes): the report embeds pictures of at most \
                     {MAX_EMBEDDED_PICTURE_BYTES} bytes, {MAX_EMBEDDED_BYTES} in all</p>",
                    bytes.len()
                );
            }
            None => {}
        }
        let _ = write!(html, "<code>{}</code></td><td>", escape(&shot.image));
        match &shot.holds {
            None => html.push_str("no code any decoder finds: not judged"),
            Some(held) => {
                match &held.reasons {
                    Some(reasons) => {
                        let _ = write!(html, "a code to refuse: {}", escape(reasons));
                    }
                    None => html.push_str("a valid code, to accept"),
                }
                if !held.conforming_symbol {
                    html.push_str("<br>a symbol short of the profile: need not be read");
                }
                fields_html(&held.fields, None, html);
            }
        }
        html.push_str("</td><td>");
        match &shot.returned {
            None => html.push_str("no line in the reader's results"),
            Some(returned) => {
                html.push_str(if returned.accepted {
                    "accepted"
                } else {
                    "refused"
                });
                let held = shot.holds.as_ref().map(|held| &held.fields);
                fields_html(&returned.fields, held, html);
            }
        }
        let findings: Vec<String> = shot.findings.iter().map(|f| escape(f)).collect();
        let _ = writeln!(
            html,
            "</td><td class=\"{}\">{}</td></tr>",
            if findings.is_empty() { "pass" } else { "fail" },
            if findings.is_empty() {
                "as required".to_owned()
            } else {
                findings.join("<br>")
            }
        );
    }
    html.push_str("</table>\n");
}

/// Fields as `name = "value"` lines, every character visible; a value that differs from
/// `against` (what the picture holds) is marked.
fn fields_html(
    fields: &std::collections::BTreeMap<String, String>,
    against: Option<&std::collections::BTreeMap<String, String>>,
    html: &mut String,
) {
    for (name, value) in fields {
        let differs = against.is_some_and(|held| held.get(name) != Some(value));
        let _ = write!(
            html,
            "<br><code{}>{} = {}</code>",
            if differs { " class=\"fail\"" } else { "" },
            escape(name),
            escape(&visible(value))
        );
    }
}

/// The image, with each found symbol outlined by an SVG polygon in the image's pixels.
fn picture(case: &Case, bytes: &[u8], html: &mut String) {
    html.push_str("<div class=\"picture\">");
    let _ = write!(
        html,
        "<img alt=\"{}\" src=\"{}\">",
        escape(case.image.as_deref().unwrap_or("image")),
        data_uri(bytes)
    );
    outlines(case, bytes, html);
    html.push_str("</div>\n");
}

/// A picture as a `data:` URI, its type from its first bytes.
fn data_uri(bytes: &[u8]) -> String {
    let mime = match bytes {
        [0x89, b'P', b'N', b'G', ..] => "image/png",
        [0xff, 0xd8, ..] => "image/jpeg",
        [b'G', b'I', b'F', ..] => "image/gif",
        [b'B', b'M', ..] => "image/bmp",
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => "image/webp",
        _ => "application/octet-stream",
    };
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    format!("data:{mime};base64,{data}")
}

/// Each symbol found in the picture outlined by an SVG polygon in the picture's pixels.
fn outlines(case: &Case, bytes: &[u8], html: &mut String) {
    if let Some((width, height)) = dimensions(bytes) {
        let _ = write!(
            html,
            "<svg viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"none\">"
        );
        for symbol in &case.symbols {
            let points: Vec<String> = symbol
                .corners
                .iter()
                .map(|(x, y)| format!("{x:.1},{y:.1}"))
                .collect();
            let stroke = (f64::from(width.max(height)) / 150.0).max(2.0);
            let _ = write!(
                html,
                "<polygon points=\"{}\" fill=\"none\" stroke=\"#e0218a\" stroke-width=\"{stroke:.1}\"/>",
                points.join(" ")
            );
        }
        html.push_str("</svg>");
    }
}

/// Width and height from a PNG header; other formats are shown without outlines.
fn dimensions(bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.len() < 24 || &bytes[..8] != b"\x89PNG\r\n\x1a\n" {
        return None;
    }
    let width = u32::from_be_bytes(bytes[16..20].try_into().ok()?);
    let height = u32::from_be_bytes(bytes[20..24].try_into().ok()?);
    Some((width, height))
}
