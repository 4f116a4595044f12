//! The Python binding of [`qr1405_reader`]: the native module `qr1405._native`, wrapped by
//! the typed API of `python/qr1405/__init__.py` (`docs/bindings.md`).
//!
//! Readings cross the boundary as the JSON of [`qr1405_reader::Reading::to_json`], which the
//! Python side turns into `Accept` and `Refuse` objects; errors of arguments are
//! `ValueError` with the library's message. Reads release the GIL.

use pyo3::{exceptions::PyValueError, prelude::*, types::PyBytes};
use qr1405_reader::{Policy, Reader, Size};

fn value_error(error: impl std::fmt::Display) -> PyErr {
    PyValueError::new_err(error.to_string())
}

/// A reader: a trust list (or none) and a policy.
#[pyclass(frozen, module = "qr1405._native")]
struct NativeReader {
    reader: Reader,
}

#[pymethods]
impl NativeReader {
    /// A reader from a signed trust list's JSON and its root public key; `None` for both reads
    /// without a trust list.
    #[new]
    #[pyo3(signature = (trust_list_json, root_public_key, accept_unsigned, accept_citizen_card, require_green))]
    fn new(
        trust_list_json: Option<&[u8]>,
        root_public_key: Option<&str>,
        accept_unsigned: bool,
        accept_citizen_card: bool,
        require_green: bool,
    ) -> PyResult<NativeReader> {
        let reader = match (trust_list_json, root_public_key) {
            (Some(json), Some(root)) => {
                Reader::from_trust_list_json(json, root).map_err(value_error)?
            }
            (None, None) => Reader::without_trust_list(),
            _ => {
                return Err(PyValueError::new_err(
                    "give both the trust list and its root public key, or neither",
                ));
            }
        };
        let mut policy = Policy::default();
        policy.accept_unsigned = accept_unsigned;
        policy.accept_citizen_card = accept_citizen_card;
        policy.require_green = require_green;
        Ok(NativeReader {
            reader: reader.with_policy(policy),
        })
    }

    /// Reads a scanned text at `at` (seconds since 1970): the reading as JSON.
    fn read_text_json(&self, py: Python<'_>, text: &[u8], at: i64) -> PyResult<String> {
        let at = qr1405_reader::clock_from_unix_seconds(at).map_err(value_error)?;
        Ok(py.detach(|| self.reader.read_text(text, at).to_json()))
    }

    /// Reads the first code in a picture at `at`: the reading as JSON.
    fn read_image_json(&self, py: Python<'_>, image: &[u8], at: i64) -> PyResult<String> {
        let at = qr1405_reader::clock_from_unix_seconds(at).map_err(value_error)?;
        Ok(py.detach(|| self.reader.read_image(image, at).to_json()))
    }
}

/// The full and masked codes of a record given as JSON.
#[pyfunction]
fn display_codes(record_json: &str) -> PyResult<(String, String)> {
    let codes = qr1405_reader::display_codes_from_json(record_json).map_err(value_error)?;
    Ok((codes.full, codes.masked))
}

fn size(module_px: Option<u32>, size_mm: Option<f64>, dpi: u32) -> PyResult<Size> {
    match (module_px, size_mm) {
        (Some(px), None) => Ok(Size::ModulePx(px)),
        (None, Some(size_mm)) => Ok(Size::Print { size_mm, dpi }),
        _ => Err(PyValueError::new_err(
            "give module_px for a screen or size_mm for print, not both or neither",
        )),
    }
}

/// A code drawn as PNG bytes.
#[pyfunction]
#[pyo3(signature = (text, module_px, size_mm, dpi))]
fn render_png<'py>(
    py: Python<'py>,
    text: &str,
    module_px: Option<u32>,
    size_mm: Option<f64>,
    dpi: u32,
) -> PyResult<Bound<'py, PyBytes>> {
    let png =
        qr1405_reader::render_png(text, size(module_px, size_mm, dpi)?).map_err(value_error)?;
    Ok(PyBytes::new(py, &png))
}

/// A code drawn as SVG text.
#[pyfunction]
#[pyo3(signature = (text, module_px, size_mm, dpi))]
fn render_svg(
    text: &str,
    module_px: Option<u32>,
    size_mm: Option<f64>,
    dpi: u32,
) -> PyResult<String> {
    qr1405_reader::render_svg(text, size(module_px, size_mm, dpi)?).map_err(value_error)
}

/// The native module.
#[pymodule]
fn _native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<NativeReader>()?;
    module.add_function(wrap_pyfunction!(display_codes, module)?)?;
    module.add_function(wrap_pyfunction!(render_png, module)?)?;
    module.add_function(wrap_pyfunction!(render_svg, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
