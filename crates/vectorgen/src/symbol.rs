//! Pictures that break one symbol requirement each, of one valid code.

use qr1405_symbol::{Canvas, Ecc, EncodedSymbol, RenderOptions, Rgba, Style};

use crate::{
    Error,
    identities::identities,
    spec::{Picture, Spec, code_of, symbol_error},
};

/// A drawn picture: id, description, PNG, symbol errors and warnings, requirements.
type Defect = (
    &'static str,
    &'static str,
    Vec<u8>,
    Vec<&'static str>,
    Vec<&'static str>,
    &'static [&'static str],
);

/// Pictures that break one symbol requirement each, of one valid code, and a screen with no
/// code at all.
pub(crate) fn symbol_defects() -> Result<Vec<Spec>, Error> {
    let identity = &identities()[1];
    let code = code_of(&identity.record, identity.id)?;
    let text = code.as_str().as_bytes();
    let mut defects = rendered(text)?;
    defects.extend(drawn(text)?);
    let blank = Canvas::new(200, 200, Rgba::WHITE)
        .and_then(|canvas| canvas.to_png(None))
        .map_err(|e| symbol_error("blank", e))?;
    let mut blank_spec = Spec::new(
        "symbol-blank-screen",
        "a screenshot with no code on it",
        text,
    )
    .covers(&["Q-01"])
    .valid_personal(&[])
    .picture(Picture::Drawn {
        png: blank,
        errors: vec!["no-symbol"],
        warnings: vec![],
    });
    blank_spec.decode_error = Some("no-symbol");
    blank_spec.record = Some(identity.record.clone());
    Ok(std::iter::once(blank_spec)
        .chain(
            defects
                .into_iter()
                .map(|(id, description, png, errors, warnings, requirements)| {
                    let mut spec = Spec::new(format!("symbol-{id}"), description, text)
                        .covers(requirements)
                        .valid_personal(&[])
                        .picture(Picture::Drawn {
                            png,
                            errors,
                            warnings,
                        });
                    spec.record = Some(identity.record.clone());
                    spec
                }),
        )
        .collect())
}

/// The code rendered with other options: error correction, quiet zone, colours, module size.
fn rendered(text: &[u8]) -> Result<Vec<Defect>, Error> {
    let render = |ecc: Ecc, options: RenderOptions, id: &str| {
        EncodedSymbol::new(text, ecc)
            .and_then(|c| c.to_png(&options))
            .map_err(|e| symbol_error(id, e))
    };
    let gray =
        RenderOptions::module_px(4).with_colors(Rgba::rgb(150, 150, 150), Rgba::rgb(200, 200, 200));
    let inverted = RenderOptions::module_px(4).with_colors(Rgba::WHITE, Rgba::BLACK);
    Ok(vec![
        (
            "ecc-l",
            "error correction L",
            render(Ecc::L, RenderOptions::module_px(4), "ecc-l")?,
            vec!["ecc-below-profile"],
            vec![],
            &["Q-02"],
        ),
        (
            "ecc-q",
            "error correction Q",
            render(Ecc::Q, RenderOptions::module_px(4), "ecc-q")?,
            vec![],
            vec![],
            &["Q-02"],
        ),
        (
            "ecc-h",
            "error correction H",
            render(Ecc::H, RenderOptions::module_px(4), "ecc-h")?,
            vec![],
            vec![],
            &["Q-02"],
        ),
        (
            "quiet-zone-1",
            "a quiet zone of one module",
            render(
                Ecc::M,
                RenderOptions::module_px(4).with_quiet_zone(1),
                "quiet-zone-1",
            )?,
            vec!["quiet-zone-too-small"],
            vec!["grade-below-profile"],
            &["Q-04", "Q-09"],
        ),
        (
            "quiet-zone-2",
            "a quiet zone of two modules",
            render(
                Ecc::M,
                RenderOptions::module_px(4).with_quiet_zone(2),
                "quiet-zone-2",
            )?,
            vec!["quiet-zone-too-small"],
            vec!["grade-below-profile"],
            &["Q-04", "Q-09"],
        ),
        (
            "light-on-dark",
            "light modules on a dark background",
            render(Ecc::M, inverted, "light-on-dark")?,
            vec!["light-on-dark"],
            vec![],
            &["Q-03"],
        ),
        (
            "modules-2px",
            "modules of 2 pixels",
            render(Ecc::M, RenderOptions::module_px(2), "modules-2px")?,
            vec!["modules-too-small"],
            vec![],
            &["Q-05"],
        ),
        (
            "modules-3px",
            "modules of 3 pixels, the smallest allowed",
            render(Ecc::M, RenderOptions::module_px(3), "modules-3px")?,
            vec![],
            vec![],
            &["Q-05"],
        ),
        (
            "low-contrast",
            "grey on light grey",
            render(Ecc::M, gray, "low-contrast")?,
            vec!["low-contrast"],
            vec!["grade-below-profile"],
            &["Q-06", "Q-09"],
        ),
        (
            "print-5cm",
            "rendered for print: 5 cm at 300 dpi",
            render(Ecc::M, RenderOptions::print(50.0, 300), "print-5cm")?,
            vec![],
            vec![],
            &["Q-05"],
        ),
    ])
}

/// Pictures drawn around or over the code: two codes on one screen, a badge over the middle.
fn drawn(text: &[u8]) -> Result<Vec<Defect>, Error> {
    let symbol = EncodedSymbol::new(text, Ecc::M).map_err(|e| symbol_error("symbol", e))?;
    let style = Style::new(4);
    let side = i64::try_from(style.side_px(&symbol)).unwrap_or(i64::MAX);
    // Two codes side by side, as a screen showing two people's codes.
    let mut two = Canvas::new(
        u32::try_from(side * 2).unwrap_or(u32::MAX),
        u32::try_from(side).unwrap_or(u32::MAX),
        Rgba::WHITE,
    )
    .map_err(|e| symbol_error("symbol-two-codes", e))?;
    two.draw_code(&symbol, 0, 0, &style);
    two.draw_code(&symbol, side, 0, &style);
    // A badge drawn over the middle of the code: it still reads, but modules are covered.
    let mut overlay =
        Canvas::with_code(&symbol, &style).map_err(|e| symbol_error("symbol-overlay", e))?;
    overlay.fill_rect(side / 2 - 10, side / 2 - 10, 20, 20, Rgba::rgb(220, 40, 40));
    Ok(vec![
        (
            "two-codes",
            "two codes on one screen",
            two.to_png(None).map_err(|e| symbol_error("two-codes", e))?,
            vec!["multiple-symbols"],
            vec![],
            &["Q-07"],
        ),
        (
            "overlay",
            "a badge drawn over the code, which still reads",
            overlay
                .to_png(None)
                .map_err(|e| symbol_error("overlay", e))?,
            vec!["damaged-modules"],
            vec![],
            &["Q-08"],
        ),
    ])
}
