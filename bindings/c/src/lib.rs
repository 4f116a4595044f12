//! The C ABI of [`qr1405_reader`]: read a scanned Decision 1405 code, and draw one, from C,
//! C++, Swift, or anything that calls C.
//!
//! `include/qr1405.h` is generated from this file by cbindgen; `docs/bindings.md` in the
//! repository gives the memory rules. In short:
//!
//! - **Handles** (`Qr1405Reader`, `Qr1405Reading`) are opaque; each `*_new` or `qr1405_read_*`
//!   that returns one is paired with its `*_free`.
//! - **Strings** are UTF-8 and NUL-terminated. Scanned texts and pictures are bytes with a
//!   length (a scanned text may hold any byte). Every `char *` and `uint8_t *` this library
//!   returns is the caller's, freed with `qr1405_string_free` or `qr1405_bytes_free`; a
//!   `const char *` it returns is static and never freed.
//! - **Errors**: calls that can fail return a [`Qr1405Status`] and, when `error` is not NULL,
//!   store a message there (or NULL on success), to be freed with `qr1405_string_free`.
//! - **No panic crosses the boundary**: every entry point catches one and returns
//!   `QR1405_STATUS_PANIC`.

use std::{
    ffi::{CStr, CString, c_char},
    panic::{AssertUnwindSafe, catch_unwind},
    ptr,
};

use qr1405_reader::{Policy, Reader, Reading, Size};

/// What a call did.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qr1405Status {
    /// The call did its job.
    Ok = 0,
    /// A pointer that must not be NULL was NULL.
    NullArgument = 1,
    /// A string argument was not UTF-8.
    InvalidUtf8 = 2,
    /// An argument was out of range or malformed (a trust list, a key, a clock, a record, a
    /// size): the message says which and why.
    InvalidArgument = 3,
    /// The library failed inside; the message says where. The handles passed in are still
    /// valid.
    Panic = 4,
}

/// A reader: a trust list (or none) and a policy. Made by `qr1405_reader_new` or
/// `qr1405_reader_new_without_trust_list`, freed by `qr1405_reader_free`. A reader may be
/// used from several threads at once.
pub struct Qr1405Reader {
    reader: Reader,
}

/// What a reader made of a scanned code. Made by `qr1405_read_text` or `qr1405_read_image`,
/// freed by `qr1405_reading_free`.
pub struct Qr1405Reading {
    reading: Reading,
}

/// A failed call: its status and message.
struct Failure {
    status: Qr1405Status,
    message: String,
}

impl Failure {
    fn null(name: &str) -> Failure {
        Failure {
            status: Qr1405Status::NullArgument,
            message: format!("{name} is NULL"),
        }
    }

    fn invalid(error: impl std::fmt::Display) -> Failure {
        Failure {
            status: Qr1405Status::InvalidArgument,
            message: error.to_string(),
        }
    }
}

/// A string for C: NUL bytes, which C strings cannot hold, become U+FFFD.
fn c_string(text: &str) -> *mut c_char {
    let text = if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text.to_owned()
    };
    CString::new(text).map_or(ptr::null_mut(), CString::into_raw)
}

/// Stores `value` in `*out` when `out` is not NULL.
///
/// # Safety
///
/// `out` is NULL or valid for a write of one pointer.
unsafe fn store<T>(out: *mut *mut T, value: *mut T) {
    if !out.is_null() {
        // SAFETY: the caller guarantees that a non-NULL `out` is valid for writes.
        unsafe { out.write(value) };
    }
}

/// Runs `body`, turning a failure or a panic into a status and a message in `*error`.
///
/// # Safety
///
/// `error` is NULL or valid for a write of one pointer.
unsafe fn guard(
    error: *mut *mut c_char,
    body: impl FnOnce() -> Result<(), Failure>,
) -> Qr1405Status {
    let outcome = catch_unwind(AssertUnwindSafe(body)).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Failure {
            status: Qr1405Status::Panic,
            message: format!("internal error in qr1405: {what}"),
        })
    });
    let (status, message) = match outcome {
        Ok(()) => (Qr1405Status::Ok, None),
        Err(failure) => (failure.status, Some(failure.message)),
    };
    if !error.is_null() {
        let message = message.map_or(ptr::null_mut(), |message| c_string(&message));
        // SAFETY: the caller guarantees that a non-NULL `error` is valid for writes.
        unsafe { store(error, message) };
    }
    status
}

/// A UTF-8 string argument.
///
/// # Safety
///
/// `text` is NULL or a NUL-terminated string that outlives `'a`.
unsafe fn utf8<'a>(text: *const c_char, name: &str) -> Result<&'a str, Failure> {
    if text.is_null() {
        return Err(Failure::null(name));
    }
    // SAFETY: the caller guarantees a NUL-terminated string.
    let bytes = unsafe { CStr::from_ptr(text) };
    bytes.to_str().map_err(|e| Failure {
        status: Qr1405Status::InvalidUtf8,
        message: format!(
            "{name} is not utf-8: byte {} is not a character",
            e.valid_up_to()
        ),
    })
}

/// A byte-buffer argument; NULL is an empty buffer when `len` is 0.
///
/// # Safety
///
/// `data` is NULL or valid for reads of `len` bytes that outlive `'a`.
unsafe fn bytes<'a>(data: *const u8, len: usize, name: &str) -> Result<&'a [u8], Failure> {
    if data.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(name))
        };
    }
    if isize::try_from(len).is_err() {
        return Err(Failure::invalid(format!(
            "{name}: length {len} is too large"
        )));
    }
    // SAFETY: the caller guarantees `len` readable bytes at `data`; the length fits an isize.
    Ok(unsafe { std::slice::from_raw_parts(data, len) })
}

/// A handle argument.
///
/// # Safety
///
/// `handle` is NULL or a live handle of this library.
unsafe fn handle<'a, T>(handle: *const T, name: &str) -> Result<&'a T, Failure> {
    // SAFETY: the caller guarantees a live handle or NULL.
    unsafe { handle.as_ref() }.ok_or_else(|| Failure::null(name))
}

/// The library's version, such as `0.1.0`. Static: never freed.
#[unsafe(no_mangle)]
pub extern "C" fn qr1405_version() -> *const c_char {
    const VERSION: &CStr =
        match CStr::from_bytes_with_nul(concat!(env!("CARGO_PKG_VERSION"), "\0").as_bytes()) {
            Ok(version) => version,
            Err(_) => c"unknown",
        };
    VERSION.as_ptr()
}

/// Makes a reader from a signed trust list (JSON text) and the root public key it must be
/// signed by (43 base64url characters, the text of `root.pub`), with the default policy.
///
/// # Safety
///
/// `trust_list_json` and `root_public_key` are NUL-terminated strings or NULL; `reader` and
/// `error` are NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reader_new(
    trust_list_json: *const c_char,
    root_public_key: *const c_char,
    reader: *mut *mut Qr1405Reader,
    error: *mut *mut c_char,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        guard(error, || {
            if reader.is_null() {
                return Err(Failure::null("reader"));
            }
            let json = utf8(trust_list_json, "trust_list_json")?;
            let root = utf8(root_public_key, "root_public_key")?;
            let made =
                Reader::from_trust_list_json(json.as_bytes(), root).map_err(Failure::invalid)?;
            store(
                reader,
                Box::into_raw(Box::new(Qr1405Reader { reader: made })),
            );
            Ok(())
        })
    }
}

/// Makes a reader without a trust list, with the default policy: signed codes are accepted
/// with the signature verdict `not-checked`.
///
/// # Safety
///
/// `reader` is NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reader_new_without_trust_list(
    reader: *mut *mut Qr1405Reader,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        guard(ptr::null_mut(), || {
            if reader.is_null() {
                return Err(Failure::null("reader"));
            }
            let made = Reader::without_trust_list();
            store(
                reader,
                Box::into_raw(Box::new(Qr1405Reader { reader: made })),
            );
            Ok(())
        })
    }
}

/// Sets a reader's policy (`docs/reader.md`); the defaults are `true`, `true`, `false`.
///
/// # Safety
///
/// `reader` is NULL or a live reader not in use by another thread during the call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reader_set_policy(
    reader: *mut Qr1405Reader,
    accept_unsigned: bool,
    accept_citizen_card: bool,
    require_green: bool,
) -> Qr1405Status {
    // SAFETY: the caller guarantees a live reader or NULL, used by no one else.
    unsafe {
        guard(ptr::null_mut(), || {
            let reader = reader.as_mut().ok_or_else(|| Failure::null("reader"))?;
            let mut policy = Policy::default();
            policy.accept_unsigned = accept_unsigned;
            policy.accept_citizen_card = accept_citizen_card;
            policy.require_green = require_green;
            reader.reader = reader.reader.clone().with_policy(policy);
            Ok(())
        })
    }
}

/// Frees a reader. NULL is ignored.
///
/// # Safety
///
/// `reader` is NULL or a live reader, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reader_free(reader: *mut Qr1405Reader) {
    if !reader.is_null() {
        // SAFETY: the caller hands back a live reader made by `Box::into_raw`.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(reader) })));
    }
}

/// Reads a scanned text (`len` bytes, any bytes) at `at_unix_seconds` (seconds since
/// 1970-01-01T00:00:00Z): accept or refuse, in `*reading`.
///
/// A refused code is a successful call: `QR1405_STATUS_OK` with a reading that refuses.
///
/// # Safety
///
/// `reader` is NULL or a live reader; `text` is NULL (with `len` 0) or valid for reads of
/// `len` bytes; `reading` and `error` are NULL or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_read_text(
    reader: *const Qr1405Reader,
    text: *const u8,
    len: usize,
    at_unix_seconds: i64,
    reading: *mut *mut Qr1405Reading,
    error: *mut *mut c_char,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        read(
            reader,
            text,
            len,
            "text",
            at_unix_seconds,
            reading,
            error,
            |reader, input, at| reader.read_text(input, at),
        )
    }
}

/// Reads the first code in a picture (PNG, JPEG, WebP, BMP or GIF; `len` bytes) at
/// `at_unix_seconds`. A picture that cannot be read is a refusal (`image-unreadable`), not an
/// error.
///
/// # Safety
///
/// As `qr1405_read_text`, with `image` for `text`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_read_image(
    reader: *const Qr1405Reader,
    image: *const u8,
    len: usize,
    at_unix_seconds: i64,
    reading: *mut *mut Qr1405Reading,
    error: *mut *mut c_char,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        read(
            reader,
            image,
            len,
            "image",
            at_unix_seconds,
            reading,
            error,
            |reader, input, at| reader.read_image(input, at),
        )
    }
}

/// What `qr1405_read_text` and `qr1405_read_image` share: check the arguments, read `len`
/// bytes at `input` with `read` at `at_unix_seconds`, and store the reading.
///
/// # Safety
///
/// As `qr1405_read_text`, with `input` for `text`.
#[allow(clippy::too_many_arguments)]
unsafe fn read(
    reader: *const Qr1405Reader,
    input: *const u8,
    len: usize,
    what: &'static str,
    at_unix_seconds: i64,
    reading: *mut *mut Qr1405Reading,
    error: *mut *mut c_char,
    read: impl FnOnce(&qr1405_reader::Reader, &[u8], qr1405_reader::Time) -> qr1405_reader::Reading,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        guard(error, || {
            let reader = handle(reader, "reader")?;
            if reading.is_null() {
                return Err(Failure::null("reading"));
            }
            let input = bytes(input, len, what)?;
            let at = qr1405_reader::clock_from_unix_seconds(at_unix_seconds)
                .map_err(Failure::invalid)?;
            let made = read(&reader.reader, input, at);
            store(
                reading,
                Box::into_raw(Box::new(Qr1405Reading { reading: made })),
            );
            Ok(())
        })
    }
}

/// Whether the reading accepts the code; `false` for NULL.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_is_accept(reading: *const Qr1405Reading) -> bool {
    // SAFETY: the caller guarantees a live reading or NULL.
    unsafe { reading.as_ref() }.is_some_and(|r| r.reading.is_accept())
}

/// The kind of code: `personal-code`, `cccd`, `tokhaiyte-check-in`, `eu-dcc` or `unknown`.
/// Static: never freed. NULL for NULL.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_kind(reading: *const Qr1405Reading) -> *const c_char {
    use qr1405_reader::Kind;

    // SAFETY: the caller guarantees a live reading or NULL.
    let Some(reading) = (unsafe { reading.as_ref() }) else {
        return ptr::null();
    };
    let name: &CStr = match reading.reading.kind() {
        Kind::PersonalCode => c"personal-code",
        Kind::CitizenCard => c"cccd",
        Kind::CheckIn => c"tokhaiyte-check-in",
        Kind::EuCertificate => c"eu-dcc",
        _ => c"unknown",
    };
    name.as_ptr()
}

/// The reading as one line of JSON (`docs/reader.md`), the caller's to free. NULL for NULL.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_json(reading: *const Qr1405Reading) -> *mut c_char {
    // SAFETY: the caller guarantees a live reading or NULL.
    let Some(reading) = (unsafe { reading.as_ref() }) else {
        return ptr::null_mut();
    };
    catch_unwind(AssertUnwindSafe(|| c_string(&reading.reading.to_json())))
        .unwrap_or(ptr::null_mut())
}

/// An accepted code's field, named as `qr1405 parse` names it (`full_name`, `birth_date`…),
/// the caller's to free; NULL when the code is refused, holds no such field, or an argument is
/// NULL or not UTF-8.
///
/// # Safety
///
/// `reading` is NULL or a live reading; `name` is NULL or a NUL-terminated string.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_field(
    reading: *const Qr1405Reading,
    name: *const c_char,
) -> *mut c_char {
    // SAFETY: the caller guarantees a live reading or NULL.
    let Some(reading) = (unsafe { reading.as_ref() }) else {
        return ptr::null_mut();
    };
    // SAFETY: the caller guarantees a NUL-terminated string or NULL.
    let Ok(name) = (unsafe { utf8(name, "name") }) else {
        return ptr::null_mut();
    };
    reading
        .reading
        .accepted()
        .and_then(|accept| accept.fields.get(name))
        .map_or(ptr::null_mut(), |value| c_string(value))
}

/// The signature's verdict of an accepted code: `valid`, `unsigned`, `not-checked` or
/// `not-applicable`. Static: never freed. NULL when refused or NULL.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_signature(reading: *const Qr1405Reading) -> *const c_char {
    use qr1405_reader::Signature;

    // SAFETY: the caller guarantees a live reading or NULL.
    let accept = unsafe { reading.as_ref() }.and_then(|r| r.reading.accepted());
    let name: &CStr = match accept.map(|a| &a.signature) {
        None => return ptr::null(),
        Some(Signature::Valid { .. }) => c"valid",
        Some(Signature::Unsigned) => c"unsigned",
        Some(Signature::NotChecked) => c"not-checked",
        Some(_) => c"not-applicable",
    };
    name.as_ptr()
}

/// The issuer's name of a validly signed code, the caller's to free; NULL otherwise.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_issuer(reading: *const Qr1405Reading) -> *mut c_char {
    use qr1405_reader::Signature;

    // SAFETY: the caller guarantees a live reading or NULL.
    let accept = unsafe { reading.as_ref() }.and_then(|r| r.reading.accepted());
    match accept.map(|a| &a.signature) {
        Some(Signature::Valid { issuer_name, .. }) => c_string(issuer_name),
        _ => ptr::null_mut(),
    }
}

/// How many reasons a refusal gives (at least 1); 0 for an acceptance or NULL.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_reason_count(reading: *const Qr1405Reading) -> usize {
    // SAFETY: the caller guarantees a live reading or NULL.
    unsafe { reading.as_ref() }
        .and_then(|r| r.reading.refused())
        .map_or(0, |refuse| refuse.reasons.len())
}

/// The stable code of a refusal's reason `index` (from 0), such as `birth-date-invalid`, the
/// caller's to free; NULL when there is no such reason.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_reason_code(
    reading: *const Qr1405Reading,
    index: usize,
) -> *mut c_char {
    // SAFETY: the caller guarantees a live reading or NULL.
    unsafe { reading.as_ref() }
        .and_then(|r| r.reading.refused())
        .and_then(|refuse| refuse.reasons.get(index))
        .map_or(ptr::null_mut(), |reason| c_string(reason.code()))
}

/// The message of a refusal's reason `index`, the caller's to free; NULL when there is no
/// such reason.
///
/// # Safety
///
/// `reading` is NULL or a live reading.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_reason_message(
    reading: *const Qr1405Reading,
    index: usize,
) -> *mut c_char {
    // SAFETY: the caller guarantees a live reading or NULL.
    unsafe { reading.as_ref() }
        .and_then(|r| r.reading.refused())
        .and_then(|refuse| refuse.reasons.get(index))
        .map_or(ptr::null_mut(), |reason| c_string(reason.message()))
}

/// Frees a reading. NULL is ignored.
///
/// # Safety
///
/// `reading` is NULL or a live reading, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_reading_free(reading: *mut Qr1405Reading) {
    if !reading.is_null() {
        // SAFETY: the caller hands back a live reading made by `Box::into_raw`.
        let _ = catch_unwind(AssertUnwindSafe(|| drop(unsafe { Box::from_raw(reading) })));
    }
}

/// The full and masked codes of a person's record, given as JSON (the shape `qr1405 build
/// --record` reads), each the caller's to free.
///
/// # Safety
///
/// `record_json` is NULL or a NUL-terminated string; `full`, `masked` and `error` are NULL
/// or valid for a write of one pointer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_display_codes(
    record_json: *const c_char,
    full: *mut *mut c_char,
    masked: *mut *mut c_char,
    error: *mut *mut c_char,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        guard(error, || {
            if full.is_null() || masked.is_null() {
                return Err(Failure::null(if full.is_null() {
                    "full"
                } else {
                    "masked"
                }));
            }
            let json = utf8(record_json, "record_json")?;
            let codes = qr1405_reader::display_codes_from_json(json).map_err(Failure::invalid)?;
            store(full, c_string(&codes.full));
            store(masked, c_string(&codes.masked));
            Ok(())
        })
    }
}

/// The size to draw at: `module_px` pixels a module when it is not 0, else `size_mm`
/// millimetres a side at `dpi`.
fn size(module_px: u32, size_mm: f64, dpi: u32) -> Size {
    if module_px > 0 {
        Size::ModulePx(module_px)
    } else {
        Size::Print { size_mm, dpi }
    }
}

/// Draws a code as PNG: `module_px` pixels a module when it is not 0, else `size_mm`
/// millimetres a side at `dpi`. `*png` (`*png_len` bytes) is the caller's, freed with
/// `qr1405_bytes_free`.
///
/// # Safety
///
/// `text` is NULL or a NUL-terminated string; `png`, `png_len` and `error` are NULL or valid
/// for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_render_png(
    text: *const c_char,
    module_px: u32,
    size_mm: f64,
    dpi: u32,
    png: *mut *mut u8,
    png_len: *mut usize,
    error: *mut *mut c_char,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        guard(error, || {
            if png.is_null() || png_len.is_null() {
                return Err(Failure::null(if png.is_null() { "png" } else { "png_len" }));
            }
            let text = utf8(text, "text")?;
            let drawn = qr1405_reader::render_png(text, size(module_px, size_mm, dpi))
                .map_err(Failure::invalid)?;
            let drawn = drawn.into_boxed_slice();
            png_len.write(drawn.len());
            store(png, Box::into_raw(drawn).cast::<u8>());
            Ok(())
        })
    }
}

/// Draws a code as SVG (see `qr1405_render_png`); `*svg` is the caller's, freed with
/// `qr1405_string_free`.
///
/// # Safety
///
/// `text` is NULL or a NUL-terminated string; `svg` and `error` are NULL or valid for a write.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_render_svg(
    text: *const c_char,
    module_px: u32,
    size_mm: f64,
    dpi: u32,
    svg: *mut *mut c_char,
    error: *mut *mut c_char,
) -> Qr1405Status {
    // SAFETY: the caller's guarantees are passed on.
    unsafe {
        guard(error, || {
            if svg.is_null() {
                return Err(Failure::null("svg"));
            }
            let text = utf8(text, "text")?;
            let drawn = qr1405_reader::render_svg(text, size(module_px, size_mm, dpi))
                .map_err(Failure::invalid)?;
            store(svg, c_string(&drawn));
            Ok(())
        })
    }
}

/// Frees a string this library returned. NULL is ignored.
///
/// # Safety
///
/// `text` is NULL or a string returned by this library as the caller's, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_string_free(text: *mut c_char) {
    if !text.is_null() {
        // SAFETY: the caller hands back a string made by `CString::into_raw`.
        drop(unsafe { CString::from_raw(text) });
    }
}

/// Frees bytes this library returned (`len` as returned with them). NULL is ignored.
///
/// # Safety
///
/// `data` is NULL or bytes returned by this library, with their length, not freed before.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn qr1405_bytes_free(data: *mut u8, len: usize) {
    if !data.is_null() {
        // SAFETY: the caller hands back a boxed slice of `len` bytes made by `Box::into_raw`.
        drop(unsafe { Box::from_raw(ptr::slice_from_raw_parts_mut(data, len)) });
    }
}
