//! The JNI layer of the Java binding: the native methods of `vn.qr1405.Native`
//! (`bindings/java/java`), over [`qr1405_reader`].
//!
//! A reader crosses as a `long` handle (a boxed [`Reader`]), freed by `freeReader`. A reading
//! crosses as arrays of Java strings made from the Rust [`Reading`]'s own strings (no JSON),
//! from which `Reader.reading` builds the `Accept` or `Refuse` records; their `json()` is
//! written on demand in Java, byte for byte the JSON of [`Reading::to_json`]. Bad arguments throw `IllegalArgumentException` with the library's
//! message; a panic is caught and thrown as `IllegalStateException`, never unwound into the
//! JVM.

use std::{
    panic::{AssertUnwindSafe, catch_unwind},
    sync::OnceLock,
};

use jni::{
    JNIEnv,
    objects::{GlobalRef, JByteArray, JClass, JObject, JObjectArray, JString},
    sys::{jboolean, jbyteArray, jdouble, jint, jlong, jobjectArray, jstring},
};
use qr1405_reader::{Policy, Reader, Reading, Reason, Signature, Size};

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
) -> jobjectArray {
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
        Ok(parts(env, &reading)?.into_raw())
    })
}

/// Classes the readings are made of, looked up once and kept as global references.
struct Classes {
    string: GlobalRef,
    object: GlobalRef,
}

static CLASSES: OnceLock<Classes> = OnceLock::new();

fn classes(env: &mut JNIEnv<'_>) -> Result<&'static Classes, Thrown> {
    if let Some(classes) = CLASSES.get() {
        return Ok(classes);
    }
    let string = env.find_class("java/lang/String")?;
    let object = env.find_class("java/lang/Object")?;
    let classes = Classes {
        string: env.new_global_ref(string)?,
        object: env.new_global_ref(object)?,
    };
    // Another thread may have set them first; theirs are the same classes.
    Ok(CLASSES.get_or_init(|| classes))
}

/// A `String[]` of `values` in order, null for `None`: one Java string per Rust string, each
/// local reference dropped once it is in the array.
fn strings<'l>(
    env: &mut JNIEnv<'l>,
    class: &GlobalRef,
    values: &[Option<&str>],
) -> Result<JObjectArray<'l>, Thrown> {
    let length = jint::try_from(values.len())
        .map_err(|_| Thrown::Internal("a reading too large for a Java array".to_owned()))?;
    let array = env.new_object_array(length, class, JObject::null())?;
    for (index, value) in (0..length).zip(values) {
        if let Some(value) = value {
            let string = env.new_string(value)?;
            env.set_object_array_element(&array, index, &string)?;
            env.delete_local_ref(string)?;
        }
    }
    Ok(array)
}

/// A reading's parts as `Reader.reading(Object[])` takes them: `{String[] scalars, String[]
/// fields, String[] reasons}` (see there); no JSON crosses the boundary.
fn parts<'l>(env: &mut JNIEnv<'l>, reading: &Reading) -> Result<JObjectArray<'l>, Thrown> {
    let classes = classes(env)?;
    let parts = env.new_object_array(3, &classes.object, JObject::null())?;
    let class = &classes.string;
    let (scalars, fields, reasons) = match reading {
        Reading::Accept(accept) => {
            let (issuer_id, issuer_name, key_id, signed_at) = match &accept.signature {
                Signature::Valid {
                    issuer_id,
                    issuer_name,
                    key_id,
                    signed_at,
                } => (
                    Some(issuer_id.as_str()),
                    Some(issuer_name.as_str()),
                    Some(key_id.as_str()),
                    Some(signed_at.as_str()),
                ),
                _ => (None, None, None, None),
            };
            let green = accept.green.as_ref();
            let scalars = strings(
                env,
                class,
                &[
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
                ],
            )?;
            let fields: Vec<_> = accept
                .fields
                .iter()
                .flat_map(|(name, value)| [Some(name.as_str()), Some(value.as_str())])
                .collect();
            let fields = strings(env, class, &fields)?;
            let warnings = reason_strings(env, class, &accept.warnings)?;
            (scalars, JObject::from(fields), warnings)
        }
        Reading::Refuse(refuse) => (
            strings(env, class, &[Some(refuse.kind.as_str())])?,
            JObject::null(),
            reason_strings(env, class, &refuse.reasons)?,
        ),
    };
    env.set_object_array_element(&parts, 0, &scalars)?;
    env.set_object_array_element(&parts, 1, &fields)?;
    env.set_object_array_element(&parts, 2, &reasons)?;
    Ok(parts)
}

/// A `String[]` of reasons, four strings a reason: code, message, field and position (decimal),
/// the last two null when absent.
fn reason_strings<'l>(
    env: &mut JNIEnv<'l>,
    class: &GlobalRef,
    reasons: &[Reason],
) -> Result<JObjectArray<'l>, Thrown> {
    let positions: Vec<Option<String>> = reasons
        .iter()
        .map(|reason| reason.position().map(|p| p.to_string()))
        .collect();
    let values: Vec<_> = reasons
        .iter()
        .zip(&positions)
        .flat_map(|(reason, position)| {
            [
                Some(reason.code()),
                Some(reason.message()),
                reason.field(),
                position.as_deref(),
            ]
        })
        .collect();
    strings(env, class, &values)
}

/// `static native Object[] readText(long reader, byte[] text, long atUnixSeconds)`: the
/// reading's parts.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_readText<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    text: JByteArray<'l>,
    at: jlong,
) -> jobjectArray {
    read(&mut env, handle, &text, at, false)
}

/// `static native Object[] readImage(long reader, byte[] image, long atUnixSeconds)`: the
/// reading's parts.
#[unsafe(no_mangle)]
pub extern "system" fn Java_vn_qr1405_Native_readImage<'l>(
    mut env: JNIEnv<'l>,
    _class: JClass<'l>,
    handle: jlong,
    image: JByteArray<'l>,
    at: jlong,
) -> jobjectArray {
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
