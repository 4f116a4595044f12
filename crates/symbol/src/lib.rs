//! QR symbols for Decision 1405 codes: render them, read them back from pictures, and grade
//! how well they are drawn.
//!
//! This crate knows nothing of payload fields; it moves text between strings and pictures.
//!
//! Two ways to read a picture: [`decode`] runs both decoders, compares their readings and
//! measures and grades each symbol, for evaluating how a code is drawn; [`read_text`] is a
//! reader's fast path, the text from the first decoder that reads any, nothing graded.
//!
//! ```
//! use qr1405_symbol::{EncodedSymbol, Ecc, RenderOptions, decode};
//!
//! let code = EncodedSymbol::new("001093029317|NGUYEN VAN A".as_bytes(), Ecc::M)?;
//! let png = code.to_png(&RenderOptions::module_px(4))?;
//! let report = decode(&png)?;
//! assert_eq!(report.symbols.len(), 1);
//! let symbol = &report.symbols[0];
//! assert_eq!(symbol.text, "001093029317|NGUYEN VAN A");
//! assert!(symbol.agree);
//! assert_eq!(symbol.quiet_zone_modules, Some(4));
//! assert_eq!(symbol.damaged_modules, Some(0));
//! # Ok::<(), qr1405_symbol::Error>(())
//! ```

mod canvas;
mod code;
mod decode;
mod engines;
mod error;
mod geometry;
mod grade;
mod load;
mod mask;
mod measure;
mod num;
mod read;
mod render;
mod rs;
mod spec;

pub use canvas::{Canvas, MAX_CANVAS_SIDE, Rgba, Style};
pub use code::{Ecc, EncodedSymbol};
pub use decode::{
    DecodeOptions, DecoderOutcome, DecoderRun, ImageReport, Reading, Symbol, decode, decode_luma,
    decode_with,
};
pub use engines::{Candidates, Decoder};
pub use error::Error;
pub use geometry::Point;
pub use grade::{Grade, Grades, Measured};
pub use load::{ImageFormat, Limits, Luma, load};
pub use read::{ReadSymbol, read_text, read_text_luma, read_text_with};
pub use render::{MAX_MODULE_PX, MAX_QUIET_ZONE, RenderOptions, Scale, Terminal};
