//! The Python binding of [`qr1405_reader`]: the native module `qr1405._native`, wrapped by
//! the typed API of `python/qr1405/__init__.py` (`docs/bindings.md`).
//!
//! A read builds the package's `Accept` or `Refuse` (with its `Reason`, `Signature` and
//! `Green` objects and the fields dict) directly from the Rust [`Reading`], without a JSON
//! round trip; the reading itself stays attached to the object, so that its `json` is written
//! only when asked for. Errors of arguments are `ValueError` with the library's message. Reads
//! release the GIL.

use pyo3::{
    IntoPyObjectExt,
    exceptions::{PyTypeError, PyValueError},
    intern,
    prelude::*,
    sync::PyOnceLock,
    types::{PyBytes, PyDict, PyList, PyString, PyType},
};
use qr1405_reader::{Green, Policy, Reader, Reading, Reason, Signature, Size, Time};

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

    /// Reads a scanned text (`bytes` or `str`) at a clock (`None` for now, a timezone-aware
    /// `datetime`, or seconds since 1970): an `Accept` or a `Refuse`.
    fn read<'py>(
        &self,
        py: Python<'py>,
        text: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = clock(py, at)?;
        let reading = if let Ok(bytes) = text.cast::<PyBytes>() {
            let text = bytes.as_bytes();
            py.detach(|| self.reader.read_text(text, at))
        } else if let Ok(string) = text.cast::<PyString>() {
            let text = string.to_cow()?;
            py.detach(|| self.reader.read_text(text.as_bytes(), at))
        } else {
            let text = input(text, "text")?;
            py.detach(|| self.reader.read_text(&text, at))
        };
        host_reading(py, reading)
    }

    /// Reads the first code in a picture (`bytes`) at a clock, as [`NativeReader::read`].
    fn read_image<'py>(
        &self,
        py: Python<'py>,
        image: &Bound<'py, PyAny>,
        at: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let at = clock(py, at)?;
        let image = input(image, "image")?;
        let reading = py.detach(|| self.reader.read_image(&image, at));
        host_reading(py, reading)
    }
}

/// The bytes of a scanned text or picture: `bytes`, `bytearray`, `memoryview` or `str`
/// (its UTF-8); anything else is a `TypeError` naming the argument.
fn input(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<u8>> {
    if let Ok(string) = value.cast::<PyString>() {
        return Ok(string.to_cow()?.as_bytes().to_vec());
    }
    let py = value.py();
    let bytes_like = value.is_instance_of::<PyBytes>()
        || value.is_instance_of::<pyo3::types::PyByteArray>()
        || value.is_instance_of::<pyo3::types::PyMemoryView>();
    if !bytes_like {
        return Err(PyTypeError::new_err(format!(
            "{name} is bytes or str, not {}",
            value.get_type().name()?
        )));
    }
    let bytes = py
        .get_type::<PyBytes>()
        .call1((value,))?
        .cast_into::<PyBytes>()?;
    Ok(bytes.as_bytes().to_vec())
}

/// The reader's clock from `None` (now), a timezone-aware `datetime`, or seconds since 1970.
fn clock(py: Python<'_>, at: &Bound<'_, PyAny>) -> PyResult<Time> {
    let seconds = if at.is_none() {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_err(value_error)?;
        i64::try_from(now.as_secs()).map_err(value_error)?
    } else if at.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err(
            "the clock is a datetime or seconds since 1970, not bool",
        ));
    } else if at.is_instance_of::<pyo3::types::PyInt>() {
        at.extract::<i64>()?
    } else if at.is_instance_of::<pyo3::types::PyDateTime>() {
        if at.getattr(intern!(py, "tzinfo"))?.is_none() {
            let iso = at.call_method0(intern!(py, "isoformat"))?;
            return Err(PyValueError::new_err(format!(
                "the clock {iso} has no time zone; give one"
            )));
        }
        at.call_method0(intern!(py, "timestamp"))?
            .extract::<f64>()? as i64
    } else {
        return Err(PyTypeError::new_err(format!(
            "the clock is a datetime or seconds since 1970, not {}",
            at.get_type().name()?
        )));
    };
    qr1405_reader::clock_from_unix_seconds(seconds).map_err(value_error)
}

/// The package's classes a reading is built of, imported from `qr1405` on first use.
struct Classes {
    accept: Py<PyType>,
    refuse: Py<PyType>,
    reason: Py<PyType>,
    signature: Py<PyType>,
    green: Py<PyType>,
}

static CLASSES: PyOnceLock<Classes> = PyOnceLock::new();

fn classes(py: Python<'_>) -> PyResult<&Classes> {
    CLASSES.get_or_try_init(py, || {
        let package = py.import("qr1405")?;
        let class = |name: &str| -> PyResult<Py<PyType>> {
            Ok(package.getattr(name)?.cast_into::<PyType>()?.unbind())
        };
        Ok(Classes {
            accept: class("Accept")?,
            refuse: class("Refuse")?,
            reason: class("Reason")?,
            signature: class("Signature")?,
            green: class("Green")?,
        })
    })
}

/// A Rust reading kept beside its host object, for the JSON on demand.
#[pyclass(frozen, module = "qr1405._native")]
struct NativeReading {
    reading: Reading,
}

#[pymethods]
impl NativeReading {
    /// The reading's JSON, byte for byte that of the Rust crate.
    fn json(&self) -> String {
        self.reading.to_json()
    }
}

/// An instance of one of the package's frozen dataclasses, its attributes set in its
/// `__dict__` as the dataclass's own `__init__` sets them, without running it.
fn instance<'py>(
    class: &Py<PyType>,
    py: Python<'py>,
    attributes: &[(&Bound<'py, PyString>, Bound<'py, PyAny>)],
) -> PyResult<Bound<'py, PyAny>> {
    // `object.__new__`, as the dataclass's own construction calls it.
    static NEW: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let new = NEW.get_or_try_init(py, || {
        PyResult::Ok(
            py.get_type::<PyAny>()
                .getattr(intern!(py, "__new__"))?
                .unbind(),
        )
    })?;
    let object = new.bind(py).call1((class.bind(py),))?;
    let dict = object
        .getattr(intern!(py, "__dict__"))?
        .cast_into::<PyDict>()?;
    for (name, value) in attributes {
        dict.set_item(name, value)?;
    }
    Ok(object)
}

fn optional<'py, T: IntoPyObject<'py>>(
    py: Python<'py>,
    value: Option<T>,
) -> PyResult<Bound<'py, PyAny>> {
    match value {
        Some(value) => value.into_bound_py_any(py),
        None => Ok(py.None().into_bound(py)),
    }
}

fn reasons<'py>(
    py: Python<'py>,
    classes: &Classes,
    reasons: &[Reason],
) -> PyResult<Bound<'py, PyList>> {
    let items = reasons
        .iter()
        .map(|reason| {
            instance(
                &classes.reason,
                py,
                &[
                    (
                        intern!(py, "code"),
                        PyString::new(py, reason.code()).into_any(),
                    ),
                    (
                        intern!(py, "message"),
                        PyString::new(py, reason.message()).into_any(),
                    ),
                    (intern!(py, "field"), optional(py, reason.field())?),
                    (intern!(py, "position"), optional(py, reason.position())?),
                ],
            )
        })
        .collect::<PyResult<Vec<_>>>()?;
    PyList::new(py, items)
}

fn signature<'py>(
    py: Python<'py>,
    classes: &Classes,
    signature: &Signature,
) -> PyResult<Bound<'py, PyAny>> {
    let verdict = PyString::new(py, signature.as_str()).into_any();
    let signer = signature.signer();
    let issuer_id = signer.map(|s| s.issuer_id);
    let issuer_name = signer.map(|s| s.issuer_name);
    let key_id = signer.map(|s| s.key_id);
    let signed_at = signer.map(|s| s.signed_at);
    instance(
        &classes.signature,
        py,
        &[
            (intern!(py, "verdict"), verdict),
            (intern!(py, "issuer_id"), optional(py, issuer_id)?),
            (intern!(py, "issuer_name"), optional(py, issuer_name)?),
            (intern!(py, "key_id"), optional(py, key_id)?),
            (intern!(py, "signed_at"), optional(py, signed_at)?),
        ],
    )
}

fn green<'py>(py: Python<'py>, classes: &Classes, green: &Green) -> PyResult<Bound<'py, PyAny>> {
    instance(
        &classes.green,
        py,
        &[
            (
                intern!(py, "status"),
                PyString::new(py, &green.status).into_any(),
            ),
            (
                intern!(py, "rules"),
                PyString::new(py, &green.rules).into_any(),
            ),
            (
                intern!(py, "valid_until"),
                optional(py, green.valid_until.as_deref())?,
            ),
            (
                intern!(py, "passes"),
                pyo3::types::PyBool::new(py, green.passes)
                    .to_owned()
                    .into_any(),
            ),
            (intern!(py, "scope"), optional(py, green.scope.as_deref())?),
        ],
    )
}

/// The package's `Accept` or `Refuse` for a reading, the reading itself kept as `_reading`
/// for the JSON on demand.
fn host_reading(py: Python<'_>, reading: Reading) -> PyResult<Bound<'_, PyAny>> {
    let classes = classes(py)?;
    let (class, mut attributes) = match &reading {
        Reading::Accept(accept) => {
            let fields = PyDict::new(py);
            for (name, value) in &accept.fields {
                fields.set_item(PyString::new(py, name), PyString::new(py, value))?;
            }
            let green = match &accept.green {
                Some(claim) => green(py, classes, claim)?,
                None => py.None().into_bound(py),
            };
            let attributes = vec![
                (
                    intern!(py, "kind"),
                    PyString::new(py, accept.kind.as_str()).into_any(),
                ),
                (
                    intern!(py, "display_form"),
                    optional(py, accept.display_form)?,
                ),
                (intern!(py, "fields"), fields.into_any()),
                (
                    intern!(py, "signature"),
                    signature(py, classes, &accept.signature)?,
                ),
                (intern!(py, "green"), green),
                (
                    intern!(py, "warnings"),
                    reasons(py, classes, &accept.warnings)?.into_any(),
                ),
                (
                    intern!(py, "text"),
                    PyString::new(py, &accept.text).into_any(),
                ),
            ];
            (&classes.accept, attributes)
        }
        Reading::Refuse(refuse) => {
            let attributes = vec![
                (
                    intern!(py, "kind"),
                    PyString::new(py, refuse.kind.as_str()).into_any(),
                ),
                (
                    intern!(py, "reasons"),
                    reasons(py, classes, &refuse.reasons)?.into_any(),
                ),
            ];
            (&classes.refuse, attributes)
        }
    };
    let native = Bound::new(py, NativeReading { reading })?.into_any();
    attributes.push((intern!(py, "_reading"), native));
    instance(class, py, &attributes)
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
    module.add_class::<NativeReading>()?;
    module.add_function(wrap_pyfunction!(display_codes, module)?)?;
    module.add_function(wrap_pyfunction!(render_png, module)?)?;
    module.add_function(wrap_pyfunction!(render_svg, module)?)?;
    module.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
