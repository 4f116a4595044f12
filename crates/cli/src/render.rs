//! `qr1405 render`: draw a code as PNG, SVG or terminal text.

use std::{path::PathBuf, process::ExitCode};

use anyhow::Context;
use qr1405_symbol::{Ecc, EncodedSymbol, Error, RenderOptions, Terminal};

/// Render a text as a QR code: PNG or SVG by the output's extension, or on the terminal.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// The text, or `-` for standard input.
    text: Option<String>,
    /// Output file, `.png` or `.svg`; without it the code is drawn on the terminal.
    #[arg(short, long, value_name = "OUT.png|OUT.svg")]
    output: Option<PathBuf>,
    /// Error-correction level.
    #[arg(long, default_value = "M", value_name = "L|M|Q|H")]
    ecc: Ecc,
    /// Pixels per module (with `-o`).
    #[arg(
        long,
        value_name = "N",
        conflicts_with = "size_mm",
        requires = "output"
    )]
    module_px: Option<u32>,
    /// Printed side of the symbol (quiet zone excluded) in millimetres, at least (with `-o`).
    #[arg(long, value_name = "N", requires = "output")]
    size_mm: Option<f64>,
    /// Printer resolution for `--size-mm`, in dots per inch.
    #[arg(long, value_name = "N", requires = "size_mm", default_value_t = 300)]
    dpi: u32,
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    let bytes = crate::input::text_bytes(args.text.as_deref())?;
    anyhow::ensure!(
        !bytes.is_empty(),
        "the text is empty: there is nothing to draw (give it as an argument or on standard input)"
    );
    let code = match EncodedSymbol::new(&bytes, args.ecc) {
        Ok(code) => code,
        Err(error @ Error::TooLong { .. }) => {
            eprintln!("qr1405: error: {error}");
            return Ok(crate::fail());
        }
        Err(error) => return Err(error.into()),
    };
    let options = match (args.size_mm, args.module_px) {
        (Some(size_mm), _) => RenderOptions::print(size_mm, args.dpi),
        (None, Some(px)) => RenderOptions::module_px(px),
        (None, None) => RenderOptions::default(),
    };
    let Some(path) = args.output else {
        crate::output::print(&code.to_terminal(Terminal::DarkBackground))?;
        return Ok(crate::PASS);
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let data = match extension.as_deref() {
        Some("png") => code.to_png(&options)?,
        Some("svg") => code.to_svg(&options)?.into_bytes(),
        _ => anyhow::bail!(
            "cannot tell the format of {}: name it .png or .svg",
            path.display()
        ),
    };
    std::fs::write(&path, data).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(crate::PASS)
}
