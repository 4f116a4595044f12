//! Rendering a [`EncodedSymbol`] as PNG, SVG or terminal text.

use std::fmt::Write as _;

use crate::{Canvas, EncodedSymbol, Error, Rgba, Style};

/// The largest module size accepted, in pixels.
pub const MAX_MODULE_PX: u32 = 100;
/// The widest quiet zone accepted, in modules.
pub const MAX_QUIET_ZONE: u32 = 40;

/// How large a rendering is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scale {
    /// Each module is this many pixels a side.
    ModulePx(u32),
    /// The symbol (quiet zone excluded) is at least `size_mm` millimetres a side when printed
    /// at `dpi` dots per inch. PNG modules are whole pixels, so the side is rounded up to the
    /// next whole module; SVG is exact.
    Print {
        /// Side of the symbol, quiet zone excluded, in millimetres.
        size_mm: f64,
        /// Printer resolution in dots per inch.
        dpi: u32,
    },
}

/// Options for [`EncodedSymbol::to_png`] and [`EncodedSymbol::to_svg`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RenderOptions {
    scale: Scale,
    quiet_zone: u32,
    dark: Rgba,
    light: Rgba,
}

impl Default for RenderOptions {
    /// 8 px a module, 4-module quiet zone, black on white.
    fn default() -> Self {
        Self::module_px(8)
    }
}

impl RenderOptions {
    /// `px` pixels a module, 4-module quiet zone, black on white.
    pub fn module_px(px: u32) -> Self {
        Self {
            scale: Scale::ModulePx(px),
            quiet_zone: 4,
            dark: Rgba::BLACK,
            light: Rgba::WHITE,
        }
    }

    /// A symbol of at least `size_mm` millimetres a side at `dpi`, 4-module quiet zone, black
    /// on white. Hà Nội asks for personal codes of at least 50 mm.
    pub fn print(size_mm: f64, dpi: u32) -> Self {
        Self {
            scale: Scale::Print { size_mm, dpi },
            ..Self::module_px(1)
        }
    }

    /// The same options with a quiet zone of `modules` (ISO/IEC 18004 asks for at least 4).
    #[must_use]
    pub fn with_quiet_zone(mut self, modules: u32) -> Self {
        self.quiet_zone = modules;
        self
    }

    /// The same options with other colours.
    #[must_use]
    pub fn with_colors(mut self, dark: Rgba, light: Rgba) -> Self {
        self.dark = dark;
        self.light = light;
        self
    }

    /// The scale.
    pub fn scale(&self) -> Scale {
        self.scale
    }

    /// The drawing style for `code`: module size in whole pixels, quiet zone, colours.
    ///
    /// # Errors
    ///
    /// [`Error::ModulePx`], [`Error::PrintSize`] or [`Error::QuietZone`] for values out of
    /// range.
    pub fn style_for(&self, code: &EncodedSymbol) -> Result<Style, Error> {
        if self.quiet_zone > MAX_QUIET_ZONE {
            return Err(Error::QuietZone {
                value: self.quiet_zone,
                max: MAX_QUIET_ZONE,
            });
        }
        let module_px = match self.scale {
            Scale::ModulePx(px) => px,
            Scale::Print { size_mm, dpi } => {
                check_print(size_mm, dpi)?;
                let px = (size_mm / 25.4 * f64::from(dpi) / code.size() as f64).ceil();
                crate::num::saturating_u32(px)
            }
        };
        if !(1..=MAX_MODULE_PX).contains(&module_px) {
            return Err(Error::ModulePx {
                value: module_px,
                max: MAX_MODULE_PX,
            });
        }
        Ok(Style {
            module_px,
            quiet_zone: self.quiet_zone,
            dark: self.dark,
            light: self.light,
        })
    }
}

fn check_print(size_mm: f64, dpi: u32) -> Result<(), Error> {
    if !(1.0..=1000.0).contains(&size_mm) || !(72..=4800).contains(&dpi) {
        return Err(Error::PrintSize { size_mm, dpi });
    }
    Ok(())
}

/// The colour of the terminal a code is printed on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Terminal {
    /// Light text on a dark background (most terminals): light modules are drawn as blocks.
    #[default]
    DarkBackground,
    /// Dark text on a light background: dark modules are drawn as blocks.
    LightBackground,
}

impl EncodedSymbol {
    /// The code as a PNG. The same code and options always give the same bytes.
    ///
    /// # Errors
    ///
    /// Options out of range (see [`RenderOptions::style_for`]) or a picture larger than
    /// [`crate::MAX_CANVAS_SIDE`].
    pub fn to_png(&self, options: &RenderOptions) -> Result<Vec<u8>, Error> {
        let style = options.style_for(self)?;
        let canvas = Canvas::with_code(self, &style)?;
        let dpi = match options.scale {
            Scale::Print { dpi, .. } => Some(dpi),
            Scale::ModulePx(_) => None,
        };
        canvas.to_png(dpi)
    }

    /// The code as an SVG document: one rectangle for the background, one path for the dark
    /// modules. With [`Scale::Print`] the document's size is in millimetres and exact.
    ///
    /// # Errors
    ///
    /// Options out of range (see [`RenderOptions::style_for`]).
    pub fn to_svg(&self, options: &RenderOptions) -> Result<String, Error> {
        let style = options.style_for(self)?;
        let total = self.size() as u64 + 2 * u64::from(style.quiet_zone);
        let (width, height) = match options.scale {
            Scale::ModulePx(px) => {
                let side = total * u64::from(px);
                (side.to_string(), side.to_string())
            }
            Scale::Print { size_mm, .. } => {
                let side = size_mm * total as f64 / self.size() as f64;
                (format!("{side:.3}mm"), format!("{side:.3}mm"))
            }
        };
        let q = u64::from(style.quiet_zone);
        let mut path = String::new();
        for y in 0..self.size() {
            let mut x = 0;
            while x < self.size() {
                if self.is_dark(x, y) {
                    let start = x;
                    while x < self.size() && self.is_dark(x, y) {
                        x += 1;
                    }
                    let run = x - start;
                    let _ = write!(
                        path,
                        "M{},{}h{run}v1h-{run}z",
                        start as u64 + q,
                        y as u64 + q
                    );
                } else {
                    x += 1;
                }
            }
        }
        let mut svg = String::new();
        let _ = writeln!(svg, r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let _ = writeln!(
            svg,
            r#"<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}" viewBox="0 0 {total} {total}" shape-rendering="crispEdges">"#
        );
        let _ = writeln!(
            svg,
            r#"<rect width="{total}" height="{total}"{}/>"#,
            fill(style.light)
        );
        let _ = writeln!(svg, r#"<path{} d="{path}"/>"#, fill(style.dark));
        svg.push_str("</svg>\n");
        Ok(svg)
    }

    /// The code as lines of text with Unicode half blocks, two module rows a line, with a
    /// 4-module quiet zone. Light modules are blocks on a dark background terminal and spaces
    /// on a light one, so the code always shows dark on light.
    pub fn to_terminal(&self, terminal: Terminal) -> String {
        let quiet = 4usize;
        let total = self.size() + 2 * quiet;
        // Module colour with quiet zone, in "ink" terms: true where a block is printed.
        let ink = |x: usize, y: usize| {
            let dark = x >= quiet && y >= quiet && self.is_dark(x - quiet, y - quiet);
            match terminal {
                Terminal::DarkBackground => !dark,
                Terminal::LightBackground => dark,
            }
        };
        let mut out = String::with_capacity((total + 1) * total.div_ceil(2) * 3);
        for pair in 0..total.div_ceil(2) {
            let top = 2 * pair;
            let bottom = top + 1;
            for x in 0..total {
                let upper = ink(x, top);
                let lower = bottom < total && ink(x, bottom);
                out.push(match (upper, lower) {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    (false, false) => ' ',
                });
            }
            out.push('\n');
        }
        out
    }
}

fn fill(color: Rgba) -> String {
    let mut s = format!(
        r##" fill="#{:02x}{:02x}{:02x}""##,
        color.r, color.g, color.b
    );
    if color.a != 255 {
        let _ = write!(s, r#" fill-opacity="{:.3}""#, f64::from(color.a) / 255.0);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ecc;

    fn code() -> EncodedSymbol {
        EncodedSymbol::new(b"https://example.vn/1405", Ecc::M).unwrap()
    }

    #[test]
    fn png_is_deterministic_and_sized() {
        let code = code();
        let a = code.to_png(&RenderOptions::module_px(5)).unwrap();
        let b = code.to_png(&RenderOptions::module_px(5)).unwrap();
        assert_eq!(a, b);
        let side = u32::try_from(code.size() + 8).unwrap() * 5;
        let decoder = png::Decoder::new(std::io::Cursor::new(&a));
        let reader = decoder.read_info().unwrap();
        assert_eq!((reader.info().width, reader.info().height), (side, side));
        assert_eq!(reader.info().bit_depth, png::BitDepth::One);
    }

    #[test]
    fn print_size_is_at_least_the_requested_side_and_records_dpi() {
        let code = code();
        let options = RenderOptions::print(50.0, 300);
        let style = options.style_for(&code).unwrap();
        let symbol_mm = f64::from(style.module_px) * code.size() as f64 / 300.0 * 25.4;
        assert!(symbol_mm >= 50.0, "{symbol_mm}");
        assert!(symbol_mm < 50.0 + 25.4 * code.size() as f64 / 300.0);
        let png = code.to_png(&options).unwrap();
        let reader = png::Decoder::new(std::io::Cursor::new(&png))
            .read_info()
            .unwrap();
        let dims = reader.info().pixel_dims.unwrap();
        assert_eq!((dims.xppu, dims.unit), (11811, png::Unit::Meter));
    }

    #[test]
    fn svg_is_deterministic_with_exact_print_size() {
        let code = EncodedSymbol::new(b"A", Ecc::L).unwrap();
        let svg = code.to_svg(&RenderOptions::print(50.0, 300)).unwrap();
        assert_eq!(svg, code.to_svg(&RenderOptions::print(50.0, 300)).unwrap());
        // 21 modules are 50 mm, so 29 with the quiet zone are 69.048 mm.
        assert!(svg.contains(r#"width="69.048mm""#), "{svg}");
        assert!(svg.contains(r#"viewBox="0 0 29 29""#));
        assert!(svg.contains("M4,4h7v1h-7z"));
    }

    #[test]
    fn terminal_rendering_has_a_line_per_two_module_rows() {
        let code = EncodedSymbol::new(b"A", Ecc::L).unwrap();
        let text = code.to_terminal(Terminal::LightBackground);
        assert_eq!(text.lines().count(), 15);
        assert!(text.lines().all(|l| l.chars().count() == 29));
        insta::assert_snapshot!(text);
    }

    #[test]
    fn options_out_of_range_are_refused() {
        let code = code();
        let messages: Vec<String> = [
            RenderOptions::module_px(0),
            RenderOptions::module_px(101),
            RenderOptions::print(0.5, 300),
            RenderOptions::print(f64::NAN, 300),
            RenderOptions::print(50.0, 10),
            RenderOptions::module_px(4).with_quiet_zone(41),
        ]
        .iter()
        .map(|o| code.to_png(o).unwrap_err().to_string())
        .collect();
        insta::assert_snapshot!(messages.join("\n"), @r"
        module size 0 px is outside 1..=100 px
        module size 101 px is outside 1..=100 px
        print size 0.5 mm at 300 dpi is outside the supported range (1–1000 mm, 72–4800 dpi)
        print size NaN mm at 300 dpi is outside the supported range (1–1000 mm, 72–4800 dpi)
        print size 50 mm at 10 dpi is outside the supported range (1–1000 mm, 72–4800 dpi)
        quiet zone of 41 modules is more than 40
        ");
    }
}
