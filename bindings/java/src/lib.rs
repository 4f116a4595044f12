//! The JNI layer of the Java binding: the native methods of `vn.qr1405.Native`
//! (`bindings/java/java`), over [`qr1405_reader`].
//!
//! A reader crosses as a `long` handle (a boxed [`Reader`]), freed by `freeReader`. A reading
//! crosses as one Java string of length-prefixed parts (`Parts`) made from the Rust
//! [`Reading`]'s own strings (no JSON), from which `Reader.reading` builds the `Accept` or
//! `Refuse` records; their `json()` is written on demand in Java, byte for byte the JSON of
//! [`Reading::to_json`]. Bad arguments throw `IllegalArgumentException` with the library's
//! message; a panic is caught and thrown as `IllegalStateException`, never unwound into the
//! JVM.

use std::panic::{AssertUnwindSafe, catch_unwind};

use jni::{
    JNIEnv,
    objects::{JByteArray, JClass, JObject, JString},
    sys::{jboolean, jbyteArray, jdouble, jint, jlong, jobjectArray, jsize, jstring},
};
use qr1405_reader::{Policy, Reader, Reading, Reason, Size};

/// What went wrong, as the Java exception to throw.
enum Thrown {
    /// `IllegalArgumentException`.
    Argument(String),
    /// `IllegalStateException`: the library failed inside.
    Internal(String),
}

impl<E: std::fmt::Display> From<E> for Thrown {
    fn from(error: E) -> Thrown {
        Thrown::Argument(error.to_string())
    }
}

/// Runs `body`, throwing its failure or panic as a Java exception and returning `fallback`.
fn guard<T>(
    env: &mut JNIEnv<'_>,
    fallback: T,
    body: impl FnOnce(&mut JNIEnv<'_>) -> Result<T, Thrown>,
) -> T {
    let outcome = catch_unwind(AssertUnwindSafe(|| body(env))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(Thrown::Internal(format!(
            "internal error in qr1405: {what}"
        )))
    });
    match outcome {
        Ok(value) => value,
        Err(thrown) => {
            // A pending exception (from a failed JNI call) is kept; it already says what failed.
            if !env.exception_check().unwrap_or(true) {
                let (class, message) = match thrown {
                    Thrown::Argument(m) => ("java/lang/IllegalArgumentException", m),
                    Thrown::Internal(m) => ("java/lang/IllegalStateException", m),
                };
                let _ = env.throw_new(class, message);
            }
            fallback
        }
    }
}

fn string(env: &mut JNIEnv<'_>, value: &JString<'_>, name: &str) -> Result<String, Thrown> {
    if value.is_null() {
        return Err(Thrown::Argument(format!("{name} is null")));
    }
    Ok(env.get_string(value)?.into())
}

fn bytes(env: &mut JNIEnv<'_>, value: &JByteArray<'_>, name: &str) -> Result<Vec<u8>, Thrown> {
    if value.is_null() {
        return Err(Thrown::Argument(format!("{name} is null")));
    }
    Ok(env.convert_byte_array(value)?)
}

/// The reader behind a handle.
///
/// # Safety
///
/// `handle` is 0 or a live handle from `newReader`.
unsafe fn reader<'a>(handle: jlong) -> Result<&'a Reader, Thrown> {
    // SAFETY: the Java side passes only handles from `newReader`, until `freeReader`.
    unsafe { (handle as *const Reader).as_ref() }
        .ok_or_else(|| Thrown::Argument("the reader is closed".to_owned()))
}

/// `static native long newReader(byte[] trustListJson, String rootPublicKey, boolean
/// acceptUnsigned, boolean acceptCitizenCard, boolean requireGreen)`: both null for a reader
/// without a trust list.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_newReader<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    trust_list_json: JByteArray<'l>,
    root_public_key: JString<'l>,
    accept_unsigned: jboolean,
    accept_citizen_card: jboolean,
    require_green: jboolean,
) -> jlong {
    guard(&mut env, 0, |env| {
        let reader = match (trust_list_json.is_null(), root_public_key.is_null()) {
            (true, true) => Reader::without_trust_list(),
            (false, false) => {
                let json = bytes(env, &trust_list_json, "trustListJson")?;
                let root = string(env, &root_public_key, "rootPublicKey")?;
                Reader::from_trust_list_json(&json, &root)?
            }
            _ => {
                return Err(Thrown::Argument(
                    "give both the trust list and its root public key, or neither".to_owned(),
                ));
            }
        };
        let mut policy = Policy::default();
        policy.accept_unsigned = accept_unsigned != 0;
        policy.accept_citizen_card = accept_citizen_card != 0;
        policy.require_green = require_green != 0;
        Ok(Box::into_raw(Box::new(reader.with_policy(policy))) as jlong)
    })
}

/// `static native void freeReader(long handle)`; 0 is ignored.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_freeReader<'l>(
    _env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
) {
    if handle != 0 {
        // SAFETY: the Java side frees each handle from `newReader` once, then forgets it.
        let _ = catch_unwind(|| drop(unsafe { Box::from_raw(handle as *mut Reader) }));
    }
}

fn read<'l>(
    env: &mut JNIEnv<'l>,
    handle: jlong,
    input: &JByteArray<'l>,
    at: jlong,
    image: bool,
) -> jstring {
    guard(env, std::ptr::null_mut(), |env| {
        // SAFETY: `handle` comes from the Java side, which passes live handles only.
        let reader = unsafe { reader(handle) }?;
        let input = bytes(env, input, if image { "image" } else { "text" })?;
        let at = qr1405_reader::clock_from_unix_seconds(at)?;
        let reading = if image {
            reader.read_image(&input, at)
        } else {
            reader.read_text(&input, at)
        };
        Ok(Parts::of(&reading)?.into_java(env)?.into_raw())
    })
}

/// `static native String readText(long reader, byte[] text, long atUnixSeconds)`: the
/// reading's `Parts`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_readText<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    text: JByteArray<'l>,
    at: jlong,
) -> jstring {
    read(&mut env, handle, &text, at, false)
}

/// `static native String readImage(long reader, byte[] image, long atUnixSeconds)`: the
/// reading's `Parts`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_readImage<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    image: JByteArray<'l>,
    at: jlong,
) -> jstring {
    read(&mut env, handle, &image, at, true)
}

/// `static native String[] displayCodes(String recordJson)`: the full and masked codes.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_displayCodes<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    record_json: JString<'l>,
) -> jobjectArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let json = string(env, &record_json, "recordJson")?;
        let codes = qr1405_reader::display_codes_from_json(&json)?;
        let array = env.new_object_array(2, "java/lang/String", JObject::null())?;
        let full = env.new_string(codes.full)?;
        let masked = env.new_string(codes.masked)?;
        env.set_object_array_element(&array, 0, full)?;
        env.set_object_array_element(&array, 1, masked)?;
        Ok(array.into_raw())
    })
}

fn size(module_px: jint, size_mm: jdouble, dpi: jint) -> Result<Size, Thrown> {
    let positive = |value: jint, name: &str| {
        u32::try_from(value).map_err(|_| Thrown::Argument(format!("{name} {value} is negative")))
    };
    if module_px != 0 {
        Ok(Size::ModulePx(positive(module_px, "modulePx")?))
    } else {
        Ok(Size::Print {
            size_mm,
            dpi: positive(dpi, "dpi")?,
        })
    }
}

/// `static native byte[] renderPng(String text, int modulePx, double sizeMm, int dpi)`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_renderPng<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    text: JString<'l>,
    module_px: jint,
    size_mm: jdouble,
    dpi: jint,
) -> jbyteArray {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let text = string(env, &text, "text")?;
        let png = qr1405_reader::render_png(&text, size(module_px, size_mm, dpi)?)?;
        Ok(env.byte_array_from_slice(&png)?.into_raw())
    })
}

/// `static native String renderSvg(String text, int modulePx, double sizeMm, int dpi)`.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_renderSvg<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    text: JString<'l>,
    module_px: jint,
    size_mm: jdouble,
    dpi: jint,
) -> jstring {
    guard(&mut env, std::ptr::null_mut(), |env| {
        let text = string(env, &text, "text")?;
        let svg = qr1405_reader::render_svg(&text, size(module_px, size_mm, dpi)?)?;
        Ok(env.new_string(svg)?.into_raw())
    })
}

/// Marks a null part (`None`) in place of a length.
const NULL_PART: u32 = u32::MAX;

/// A reading written as the parts `Reader.reading(String)` takes: UTF-16 units of one Java
/// string, in which each part is its length in two units (high, low; `0xffff 0xffff` for
/// null) and then its text, and a count is a length with no text after it. The parts: 1 for
/// an accept, then its kind, display form, text, the signature's verdict, issuer id, issuer
/// name, key id and signing time, the green claim's status, scope, rules, end and passes
/// (`true`, `false`, or all null without a claim), the count of fields and each field's name
/// and value, and the count of warnings and each one's code, message, field and position
/// (decimal); or 0 for a refusal, then its kind, the count of reasons and each reason's four.
#[derive(Default)]
struct Parts {
    units: Vec<u16>,
}

impl Parts {
    fn prefix(&mut self, value: u32) {
        self.units.push((value >> 16) as u16);
        self.units.push(value as u16);
    }

    fn count(&mut self, count: usize) -> Result<(), Thrown> {
        let count = u32::try_from(count)
            .ok()
            .filter(|&n| n != NULL_PART)
            .ok_or_else(|| Thrown::Internal(format!("{count} parts are too many for Java")))?;
        self.prefix(count);
        Ok(())
    }

    fn part(&mut self, value: Option<&str>) -> Result<(), Thrown> {
        let Some(value) = value else {
            self.prefix(NULL_PART);
            return Ok(());
        };
        let at = self.units.len();
        self.prefix(0);
        if value.is_ascii() {
            // Most parts: a unit per byte, without decoding.
            self.units.extend(value.bytes().map(u16::from));
        } else {
            self.units.extend(value.encode_utf16());
        }
        let length = self.units.len() - at - 2;
        let length = u32::try_from(length)
            .ok()
            .filter(|&n| n != NULL_PART)
            .ok_or_else(|| {
                Thrown::Internal(format!("a text of {length} units is too long for Java"))
            })?;
        self.units[at] = (length >> 16) as u16;
        self.units[at + 1] = length as u16;
        Ok(())
    }

    fn reasons(&mut self, reasons: &[Reason]) -> Result<(), Thrown> {
        self.count(reasons.len())?;
        for reason in reasons {
            self.part(Some(reason.code()))?;
            self.part(Some(reason.message()))?;
            self.part(reason.field())?;
            self.part(reason.position().map(|p| p.to_string()).as_deref())?;
        }
        Ok(())
    }

    fn of(reading: &Reading) -> Result<Parts, Thrown> {
        let mut parts = Parts {
            units: Vec::with_capacity(512),
        };
        match reading {
            Reading::Accept(accept) => {
                parts.count(1)?;
                let signer = accept.signature.signer();
                let issuer_id = signer.map(|s| s.issuer_id);
                let issuer_name = signer.map(|s| s.issuer_name);
                let key_id = signer.map(|s| s.key_id);
                let signed_at = signer.map(|s| s.signed_at);
                let green = accept.green.as_ref();
                for part in [
                    Some(accept.kind.as_str()),
                    accept.display_form,
                    Some(accept.text.as_str()),
                    Some(accept.signature.as_str()),
                    issuer_id,
                    issuer_name,
                    key_id,
                    signed_at,
                    green.map(|g| g.status.as_str()),
                    green.and_then(|g| g.scope.as_deref()),
                    green.map(|g| g.rules.as_str()),
                    green.and_then(|g| g.valid_until.as_deref()),
                    green.map(|g| if g.passes { "true" } else { "false" }),
                ] {
                    parts.part(part)?;
                }
                parts.count(accept.fields.len())?;
                for (name, value) in &accept.fields {
                    parts.part(Some(name))?;
                    parts.part(Some(value))?;
                }
                parts.reasons(&accept.warnings)?;
            }
            Reading::Refuse(refuse) => {
                parts.count(0)?;
                parts.part(Some(refuse.kind.as_str()))?;
                parts.reasons(&refuse.reasons)?;
            }
        }
        Ok(parts)
    }

    /// The parts as one Java string, made by one `NewString` from the UTF-16 units: no
    /// re-encoding to modified UTF-8, and one crossing of the boundary for the whole reading.
    fn into_java<'l>(self, env: &mut JNIEnv<'l>) -> Result<JString<'l>, Thrown> {
        let length = jsize::try_from(self.units.len()).map_err(|_| {
            Thrown::Internal(format!(
                "a reading of {} units is too long for Java",
                self.units.len()
            ))
        })?;
        let raw = env.get_raw();
        // SAFETY: `raw` is the JNIEnv of the current native call, valid on this thread.
        let new_string = unsafe { (**raw).NewString }
            .ok_or_else(|| Thrown::Internal("the JVM has no NewString".to_owned()))?;
        // SAFETY: NewString copies `length` UTF-16 units from `units`, which outlives the call.
        let string = unsafe { new_string(raw, self.units.as_ptr(), length) };
        if string.is_null() {
            // An OutOfMemoryError is pending; `guard` keeps it.
            return Err(Thrown::Internal(
                "the JVM could not make the reading's string".to_owned(),
            ));
        }
        // SAFETY: a non-null local reference to a new java.lang.String.
        Ok(unsafe { JString::from_raw(string) })
    }
}
