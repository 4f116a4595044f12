//! The JavaScript face: classes and functions exported with `wasm-bindgen`, and their
//! TypeScript types.

use js_sys::{Date, JSON, Reflect, Uint8Array};
use qr1405_reader::{Policy, Size};
use wasm_bindgen::prelude::*;

use crate::{Added, Clock, Error, SignerList, read_camera_frame_json, read_frame_json};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** When a code is judged: a `Date`, or RFC 3339 text such as `2021-10-01T08:00:00+07:00`. */
export type Clock = Date | string;

/** What kind of code a scanned text is. */
export type Kind = "personal-code" | "cccd" | "tokhaiyte-check-in" | "eu-dcc" | "unknown";

/** One problem with a scanned code, under a stable code such as `signature-invalid`. */
export interface Reason {
  code: string;
  message: string;
  /** The field concerned, named as `qr1405 parse` names it. */
  field?: string;
  /** The byte position in the scanned text. */
  position?: number;
}

/** What the signature of an accepted code says. */
export type Signature =
  | { verdict: "valid"; issuer_id: string; issuer_name: string; key_id: string; signed_at: string }
  | { verdict: "unsigned" }
  | { verdict: "not-checked" }
  | { verdict: "not-applicable" };

/** The green-card claim an accepted code carries, judged at the reader's clock. */
export interface Green {
  status: "green" | "yellow" | "red" | "pale-blue" | "no-card";
  scope?: "full" | "limited";
  rules: string;
  /** The first instant the claim no longer holds (RFC 3339, Vietnam time); null: no end. */
  valid_until: string | null;
  /** Whether the status lets its holder through. */
  passes: boolean;
}

/** A code the reader accepts. */
export interface Accept {
  verdict: "accept";
  kind: Kind;
  /** `full` or `masked` for a personal code; null for an ID-card code. */
  display_form: "full" | "masked" | null;
  /** The person's fields named as `qr1405 parse` names them, such as `full_name`. */
  fields: Record<string, string>;
  signature: Signature;
  green: Green | null;
  warnings: Reason[];
  /** The scanned text. */
  text: string;
}

/** A code the reader refuses, with every reason (never empty). */
export interface Refuse {
  verdict: "refuse";
  kind: Kind;
  reasons: Reason[];
}

/** What a reader made of a scanned code. */
export type Reading = Accept | Refuse;

/** What a reader accepts beyond the rules; an absent member keeps its default. */
export interface Policy {
  /** Accept a personal code with no signature. Default true. */
  acceptUnsigned?: boolean;
  /** Accept the QR code of a chip citizen ID card. Default true. */
  acceptCitizenCard?: boolean;
  /** Refuse a code without a claim that lets its holder through. Default false. */
  requireGreen?: boolean;
}

/** The trust list in force, as a page shows it. */
export interface TrustListInfo {
  sequence: number;
  issued_at: string;
  /** When the last of its keys stops being valid; null for a list with no key. */
  last_key_expires: string | null;
  issuers: {
    id: string;
    name: string;
    keys: { key_id: string; not_before: string; not_after: string; status: string }[];
  }[];
}

/** How large to draw a code: pixels a module (a screen), or millimetres at a resolution. */
export type Size = { modulePx: number } | { sizeMm: number; dpi: number };

/** The two display forms of a person's code. */
export interface DisplayCodes {
  full: string;
  masked: string;
}

/** What a file added to a `CertificateSigners`: certificates newly held, and those held already. */
export interface Added {
  added: number;
  already_held: number;
}

/** One signer certificate (DSC) held, as a page shows it. */
export interface SignerInfo {
  /** The key identifier certificates name it by: base64 of 8 bytes, and in hexadecimal (as a reading's `signature.key_id`). */
  kid: string;
  kid_hex: string;
  /** The issuing country (ISO 3166-1 alpha-2), from the trust list or the subject's `C`. */
  country: string | null;
  subject: string;
  /** The types of certificate its key usage allows; empty allows all. */
  usages: ("test" | "vaccination" | "recovery")[];
  not_before: string;
  not_after: string;
  /** At the clock given to `describe`. */
  status: "valid" | "expired" | "not-yet-valid";
}

/** The signer certificates held, as a page shows them. */
export interface SignersInfo {
  count: number;
  /** Every issuing country, sorted, once each. */
  countries: string[];
  /** How many have expired at the clock given. */
  expired: number;
  signers: SignerInfo[];
}

/** RGBA pixels of a camera frame, as a canvas's `ImageData` holds them. */
export interface Frame {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}
"#;

fn throw(error: impl Into<Error>) -> JsError {
    JsError::new(&error.into().to_string())
}

pub(crate) fn clock(at: &JsValue) -> Result<qr1405_reader::Time, JsError> {
    let clock = if let Some(text) = at.as_string() {
        Clock::Rfc3339(text)
    } else if let Some(date) = at.dyn_ref::<Date>() {
        Clock::UnixMillis(date.get_time())
    } else {
        return Err(throw(Error::Clock {
            value: format!("{at:?}"),
            reason: "neither a Date nor RFC 3339 text".to_owned(),
        }));
    };
    clock.time().map_err(throw)
}

/// A JSON text this crate wrote, as a plain JavaScript object.
pub(crate) fn object(json: &str) -> Result<JsValue, JsError> {
    JSON::parse(json).map_err(|_| JsError::new("internal: a reading that is not json"))
}

fn member(value: &JsValue, name: &'static str) -> Result<JsValue, JsError> {
    Reflect::get(value, &JsValue::from_str(name)).map_err(|_| {
        throw(Error::Argument {
            name,
            reason: "cannot be read".to_owned(),
        })
    })
}

fn flag(policy: &JsValue, name: &'static str, default: bool) -> Result<bool, JsError> {
    let value = member(policy, name)?;
    if value.is_undefined() {
        return Ok(default);
    }
    value.as_bool().ok_or_else(|| {
        throw(Error::Argument {
            name,
            reason: format!("{value:?} is not true or false"),
        })
    })
}

fn number(value: &JsValue, name: &'static str) -> Result<f64, JsError> {
    member(value, name)?.as_f64().ok_or_else(|| {
        throw(Error::Argument {
            name,
            reason: "not a number".to_owned(),
        })
    })
}

fn whole(value: f64, name: &'static str) -> Result<u32, JsError> {
    if value.fract() != 0.0 || !(0.0..=f64::from(u32::MAX)).contains(&value) {
        return Err(throw(Error::Argument {
            name,
            reason: format!("{value} is not a whole number from 0 to {}", u32::MAX),
        }));
    }
    // In range and whole, checked above.
    #[allow(clippy::cast_possible_truncation)]
    Ok(value as u32)
}

fn size(size: &JsValue) -> Result<Size, JsError> {
    if !size.is_object() {
        return Err(throw(Error::Argument {
            name: "size",
            reason: "an object, { modulePx } or { sizeMm, dpi }".to_owned(),
        }));
    }
    if !member(size, "modulePx")?.is_undefined() {
        return Ok(Size::ModulePx(whole(
            number(size, "modulePx")?,
            "modulePx",
        )?));
    }
    Ok(Size::Print {
        size_mm: number(size, "sizeMm")?,
        dpi: whole(number(size, "dpi")?, "dpi")?,
    })
}

/// A reader: the trust list and root key it checks signatures with, and its policy.
#[wasm_bindgen]
pub struct Reader {
    inner: qr1405_reader::Reader,
}

#[wasm_bindgen]
impl Reader {
    /// A reader from a signed trust list's JSON and the root public key (the text of
    /// `root.pub`); throws when the list is malformed or not signed by that root.
    #[wasm_bindgen(constructor)]
    pub fn new(trust_list_json: &str, root_public_key: &str) -> Result<Reader, JsError> {
        Ok(Reader {
            inner: crate::reader(trust_list_json, root_public_key).map_err(throw)?,
        })
    }

    /// A reader without a trust list: signed codes are accepted as `not-checked`.
    #[wasm_bindgen(js_name = withoutTrustList)]
    pub fn without_trust_list() -> Reader {
        Reader {
            inner: qr1405_reader::Reader::without_trust_list(),
        }
    }

    /// The same reader with another policy; members left out keep their defaults.
    #[wasm_bindgen(js_name = withPolicy)]
    pub fn with_policy(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Policy")] policy: JsValue,
    ) -> Result<Reader, JsError> {
        if !policy.is_object() {
            return Err(throw(Error::Argument {
                name: "policy",
                reason: "an object such as { acceptUnsigned: false }".to_owned(),
            }));
        }
        let defaults = Policy::default();
        let mut chosen = Policy::default();
        chosen.accept_unsigned = flag(&policy, "acceptUnsigned", defaults.accept_unsigned)?;
        chosen.accept_citizen_card =
            flag(&policy, "acceptCitizenCard", defaults.accept_citizen_card)?;
        chosen.require_green = flag(&policy, "requireGreen", defaults.require_green)?;
        Ok(Reader {
            inner: self.inner.clone().with_policy(chosen),
        })
    }

    /// The same reader, verifying EU certificates (`HC1:`) with these signer certificates.
    /// A reader never given any refuses an EU certificate with
    /// `certificate-signature-not-checked`; one given an empty list, with `dcc-signer-unknown`.
    #[wasm_bindgen(js_name = withCertificateSigners)]
    pub fn with_certificate_signers(
        &self,
        signers: &CertificateSigners,
    ) -> Result<Reader, JsError> {
        Ok(Reader {
            inner: self
                .inner
                .clone()
                .with_certificate_signers(signers.inner.certificate_signers().map_err(throw)?),
        })
    }

    /// The trust list in force, or null for a reader without one.
    #[wasm_bindgen(getter, js_name = trustList, unchecked_return_type = "TrustListInfo | null")]
    pub fn trust_list(&self) -> Result<JsValue, JsError> {
        match crate::trust_list_json(&self.inner) {
            Some(json) => object(&json),
            None => Ok(JsValue::NULL),
        }
    }

    /// Reads a scanned text at the clock `at`.
    #[wasm_bindgen(js_name = readText, unchecked_return_type = "Reading")]
    pub fn read_text(
        &self,
        text: &str,
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        object(&crate::read_text_json(
            &self.inner,
            text.as_bytes(),
            clock(&at)?,
        ))
    }

    /// Reads a scanned text given as bytes (a scanner's raw output, any encoding).
    #[wasm_bindgen(js_name = readBytes, unchecked_return_type = "Reading")]
    pub fn read_bytes(
        &self,
        bytes: &[u8],
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        object(&crate::read_text_json(&self.inner, bytes, clock(&at)?))
    }

    /// Reads the first QR code in a picture file's bytes (PNG, JPEG, WebP, BMP or GIF).
    #[wasm_bindgen(js_name = readImage, unchecked_return_type = "Reading")]
    pub fn read_image(
        &self,
        image: &[u8],
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        object(&crate::read_image_json(&self.inner, image, clock(&at)?))
    }

    /// Reads the first QR code in a camera frame: RGBA pixels, 4 bytes a pixel, row by row.
    #[wasm_bindgen(js_name = readFrame, unchecked_return_type = "Reading")]
    pub fn read_frame(
        &self,
        rgba: &[u8],
        width: u32,
        height: u32,
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        let json = read_frame_json(&self.inner, rgba, width, height, clock(&at)?).map_err(throw)?;
        object(&json)
    }

    /// Reads the first QR code in an `ImageData` (or any `{ data, width, height }`), as a
    /// picture file with the same pixels is read.
    #[wasm_bindgen(js_name = readImageData, unchecked_return_type = "Reading")]
    pub fn read_image_data(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImageData | Frame")] frame: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        let (rgba, width, height) = frame_parts(&frame)?;
        self.read_frame(&rgba, width, height, at)
    }

    /// Reads the first QR code in one frame of a live camera (an `ImageData` or any
    /// `{ data, width, height }`), searching less than for a picture: the first decoder
    /// only, no inverted pictures. For a camera loop, where the next frame is a moment away.
    #[wasm_bindgen(js_name = readCameraFrame, unchecked_return_type = "Reading")]
    pub fn read_camera_frame(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImageData | Frame")] frame: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        let (rgba, width, height) = frame_parts(&frame)?;
        let json = read_camera_frame_json(&self.inner, &rgba, width, height, clock(&at)?)
            .map_err(throw)?;
        object(&json)
    }
}

/// The signer certificates (DSCs) EU certificates are verified with, gathered from DSC trust
/// list files and certificate files (DER, PEM, base64 of DER), each held once.
#[wasm_bindgen]
pub struct CertificateSigners {
    inner: SignerList,
}

fn added(added: Added) -> Result<JsValue, JsError> {
    object(
        &serde_json::json!({ "added": added.added, "already_held": added.already_held })
            .to_string(),
    )
}

fn file_name(name: Option<String>) -> String {
    name.filter(|n| !n.is_empty())
        .unwrap_or_else(|| "(unnamed)".to_owned())
}

#[wasm_bindgen]
impl CertificateSigners {
    /// No signer certificates.
    #[wasm_bindgen(constructor)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> CertificateSigners {
        CertificateSigners {
            inner: SignerList::new(),
        }
    }

    /// The signers of a DSC trust list's text (`docs/eu-dcc.md`; what `toJson` writes);
    /// throws naming the entry that cannot be read.
    #[wasm_bindgen(js_name = fromTrustList)]
    pub fn from_trust_list(
        json: &str,
        name: Option<String>,
    ) -> Result<CertificateSigners, JsError> {
        Ok(CertificateSigners {
            inner: SignerList::from_trust_list(&file_name(name), json.as_bytes()).map_err(throw)?,
        })
    }

    /// Adds a file's signers: a DSC trust list when it is a JSON object or named `*.json`,
    /// otherwise X.509 certificates as DER, PEM (every `CERTIFICATE` block) or base64 of DER.
    /// All of them or, when the file cannot be read, none: the error names the file, the
    /// entry or block, and what is wrong.
    #[wasm_bindgen(js_name = addFile, unchecked_return_type = "Added")]
    pub fn add_file(&mut self, bytes: &[u8], name: Option<String>) -> Result<JsValue, JsError> {
        added(
            self.inner
                .add_file(&file_name(name), bytes)
                .map_err(throw)?,
        )
    }

    /// Adds the signers of a DSC trust list's text; see `addFile`.
    #[wasm_bindgen(js_name = addTrustList, unchecked_return_type = "Added")]
    pub fn add_trust_list(&mut self, json: &str, name: Option<String>) -> Result<JsValue, JsError> {
        added(
            self.inner
                .add_trust_list(&file_name(name), json.as_bytes())
                .map_err(throw)?,
        )
    }

    /// Adds a certificate file's signers (DER, PEM or base64 of DER); see `addFile`.
    #[wasm_bindgen(js_name = addCertificate, unchecked_return_type = "Added")]
    pub fn add_certificate(
        &mut self,
        bytes: &[u8],
        name: Option<String>,
    ) -> Result<JsValue, JsError> {
        added(
            self.inner
                .add_certificate(&file_name(name), bytes)
                .map_err(throw)?,
        )
    }

    /// How many signer certificates are held.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> usize {
        self.inner.len()
    }

    /// What a page shows of them at the clock `at`: count, countries, and each signer with
    /// its key identifier, validity and status (`expired` ones marked).
    #[wasm_bindgen(unchecked_return_type = "SignersInfo")]
    pub fn describe(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Clock")] at: JsValue,
    ) -> Result<JsValue, JsError> {
        object(&self.inner.describe_json(clock(&at)?))
    }

    /// The signers as a DSC trust list file (`docs/eu-dcc.md`), to keep or to share.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

/// The RGBA bytes, width and height of an `ImageData` or `{ data, width, height }`.
fn frame_parts(frame: &JsValue) -> Result<(Vec<u8>, u32, u32), JsError> {
    let data = member(frame, "data")?;
    if !(data.is_instance_of::<Uint8Array>() || data.is_instance_of::<js_sys::Uint8ClampedArray>())
    {
        return Err(throw(Error::Argument {
            name: "data",
            reason: "not a Uint8Array or Uint8ClampedArray".to_owned(),
        }));
    }
    let rgba = Uint8Array::new(&data).to_vec();
    let width = whole(number(frame, "width")?, "width")?;
    let height = whole(number(frame, "height")?, "height")?;
    Ok((rgba, width, height))
}

/// The full and masked codes of a person's record: a JSON object of named fields, the
/// shape `qr1405 build --record` reads, or its text.
#[wasm_bindgen(js_name = displayCodes, unchecked_return_type = "DisplayCodes")]
pub fn display_codes(
    #[wasm_bindgen(unchecked_param_type = "object | string")] record: JsValue,
) -> Result<JsValue, JsError> {
    let json = match record.as_string() {
        Some(text) => text,
        None => JSON::stringify(&record)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| {
                throw(Error::Argument {
                    name: "record",
                    reason: "cannot be written as json".to_owned(),
                })
            })?,
    };
    let codes = qr1405_reader::display_codes_from_json(&json).map_err(throw)?;
    let out = js_sys::Object::new();
    let set = |name: &str, value: &str| {
        Reflect::set(&out, &JsValue::from_str(name), &JsValue::from_str(value))
            .map_err(|_| JsError::new("internal: cannot build the result"))
    };
    set("full", &codes.full)?;
    set("masked", &codes.masked)?;
    Ok(out.into())
}

/// A code drawn as PNG bytes, at error-correction level M with a four-module quiet zone.
#[wasm_bindgen(js_name = renderPng)]
pub fn render_png(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Size")] size: JsValue,
) -> Result<Vec<u8>, JsError> {
    qr1405_reader::render_png(text, self::size(&size)?).map_err(throw)
}

/// A code drawn as SVG text; see `renderPng`.
#[wasm_bindgen(js_name = renderSvg)]
pub fn render_svg(
    text: &str,
    #[wasm_bindgen(unchecked_param_type = "Size")] size: JsValue,
) -> Result<String, JsError> {
    qr1405_reader::render_svg(text, self::size(&size)?).map_err(throw)
}
