//! Signature defects: every kind of forgery, replay and key status, at its boundary.

use qr1405_conformance::{Expectation, Stage};
use qr1405_payload::PersonalCode;
use qr1405_testkeys::TestKey;

use crate::{
    Error,
    identities::identities,
    spec::{CLOCK, SIGNED_AT, Spec, code_of, time},
};

/// A signature defect: id, description, text, clock, the verify error, the trust error and
/// the requirements covered.
type SignatureCase = (
    &'static str,
    &'static str,
    String,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
);

/// The code every defect starts from, signed by the QRQG 2021 key.
struct Signed {
    /// The whole signed code.
    signed: String,
    /// Its signature slot, after the last `<`.
    slot: String,
}

impl Signed {
    /// The code with another signature slot.
    fn with_slot(&self, slot: &str) -> String {
        format!(
            "{}{slot}",
            &self.signed[..self.signed.len() - self.slot.len()]
        )
    }

    /// The slot with the character at `at` changed.
    fn swap(&self, at: usize) -> String {
        let mut chars: Vec<char> = self.slot.chars().collect();
        if let Some(c) = chars.get_mut(at) {
            *c = if *c == 'A' { 'Q' } else { 'A' };
        }
        chars.into_iter().collect()
    }
}

/// Signs `code` with `key` at `at`, for vector `id`.
fn sign(key: TestKey, code: &PersonalCode, at: &str, id: &str) -> Result<String, Error> {
    key.secret_key()
        .sign(code, time(at, id)?)
        .map(PersonalCode::into_string)
        .map_err(|source| Error::Sign {
            item: format!("{id}.signature"),
            source,
        })
}

/// Signature defects: every kind of forgery, replay and key status, at its boundary.
pub(crate) fn signature_defects() -> Result<Vec<Spec>, Error> {
    let identity = &identities()[1];
    let code = code_of(&identity.record, identity.id)?;
    let signed = sign(TestKey::Qrqg2021, &code, SIGNED_AT, "sig")?;
    let slot = signed
        .rsplit_once('<')
        .map_or("", |(_, slot)| slot)
        .to_owned();
    let signed = Signed { signed, slot };
    let mut cases = forged(&signed, &code)?;
    cases.extend(malformed(&signed));
    cases.extend(key_status(&code)?);
    Ok(cases
        .into_iter()
        .map(
            |(id, description, text, clock, verify_error, trust_error, requirements)| {
                let mut spec =
                    Spec::new(format!("sig-{id}"), description, text).covers(requirements);
                spec.clock = clock.to_owned();
                spec.record = Some(identity.record.clone());
                let spec = spec.valid_personal(&[]);
                match (verify_error, trust_error) {
                    (Some(error), _) => spec.stage(Stage::Verify, Expectation::fail([error], [])),
                    (None, Some(error)) => spec
                        .stage(Stage::Verify, Expectation::pass([]))
                        .stage(Stage::Trust, Expectation::fail([error], [])),
                    (None, None) => spec
                        .stage(Stage::Verify, Expectation::pass([]))
                        .stage(Stage::Trust, Expectation::pass([])),
                }
            },
        )
        .collect())
}

/// A signed code changed after signing, or carrying another code's or key's signature.
fn forged(signed: &Signed, code: &PersonalCode) -> Result<Vec<SignatureCase>, Error> {
    let pc_covid_id = TestKey::PcCovid2021.public_key().key_id().to_string();
    let masked = code
        .masked()
        .with_signature(&signed.slot)
        .map_err(|source| Error::Payload {
            item: "sig-masked-with-full-signature".to_owned(),
            source,
        })?;
    let other = &identities()[2];
    let other_signed = sign(
        TestKey::Vneid2021,
        &code_of(&other.record, other.id)?,
        SIGNED_AT,
        "replay",
    )?;
    let other_slot = other_signed.rsplit_once('<').map_or("", |(_, s)| s);
    Ok(vec![
        (
            "tamper-document",
            "one digit of the document number changed after signing",
            signed.signed.replacen("079187029317", "079187029318", 1),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-name",
            "one letter of the name changed after signing",
            signed.signed.replacen("MINH KHAI", "MINH KHAM", 1),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-birth-date",
            "the day of birth changed after signing",
            signed.signed.replacen("1987-05-19", "1987-05-18", 1),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-qid",
            "one digit of the QID changed after signing",
            signed
                .signed
                .replacen("162979388586171501", "162979388586171502", 1),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-gender",
            "the gender slot changed after signing",
            signed.signed.replacen("|<2<", "|<0<", 1),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-phone",
            "one digit of the phone changed after signing",
            signed.signed.replacen("0903123456", "0903123457", 1),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-signature",
            "one character of the signature changed",
            signed.with_slot(&signed.swap(60)),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "tamper-time",
            "the signing time in the slot changed",
            signed.with_slot(&signed.swap(12)),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "appended-slot",
            "a slot 6 appended after signing",
            format!("{}<GC1", signed.signed),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02", "P-12"],
        ),
        (
            "wrong-key-id",
            "the slot names another issuer's key",
            signed.with_slot(&format!("1{pc_covid_id}{}", &signed.slot[9..])),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
        (
            "masked-with-full-signature",
            "the masked form carrying the full form's signature",
            masked.into_string(),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02", "D-02"],
        ),
        (
            "replay",
            "another person's signature copied onto this code",
            signed.with_slot(other_slot),
            CLOCK,
            Some("signature-invalid"),
            None,
            &["S-02"],
        ),
    ])
}

/// A slot of an unknown version, or cut short.
fn malformed(signed: &Signed) -> Vec<SignatureCase> {
    vec![
        (
            "version-2",
            "an unknown profile version",
            signed.with_slot(&format!("2{}", &signed.slot[1..])),
            CLOCK,
            Some("unsupported-version"),
            None,
            &["S-01"],
        ),
        (
            "truncated",
            "a signature slot cut short",
            signed.with_slot(&signed.slot[..50]),
            CLOCK,
            Some("malformed-slot"),
            None,
            &["S-01"],
        ),
    ]
}

/// Keys that no trust list names, revoked, retired, or signing in the future: each at its
/// boundary, the second before and the instant of.
fn key_status(code: &PersonalCode) -> Result<Vec<SignatureCase>, Error> {
    let revoked = sign(TestKey::VneidRevoked, code, SIGNED_AT, "revoked")?;
    let retired_late = sign(
        TestKey::PcCovid2021,
        code,
        "2022-06-01T00:00:00Z",
        "retired",
    )?;
    let retired_early = sign(
        TestKey::PcCovid2021,
        code,
        "2022-05-31T23:59:59Z",
        "retired",
    )?;
    let future = sign(
        TestKey::Qrqg2021,
        code,
        "2021-10-01T08:05:01+07:00",
        "future",
    )?;
    let near_future = sign(
        TestKey::Qrqg2021,
        code,
        "2021-10-01T08:05:00+07:00",
        "future",
    )?;
    let stranger = sign(TestKey::Stranger, code, SIGNED_AT, "stranger")?;
    Ok(vec![
        (
            "unknown-key",
            "signed by a key no trust list names",
            stranger,
            CLOCK,
            Some("unknown-key"),
            None,
            &["S-02"],
        ),
        (
            "revoked",
            "a revoked key, verified at the instant of revocation",
            revoked.clone(),
            "2022-03-01T07:00:00+07:00",
            None,
            Some("key-revoked"),
            &["S-03"],
        ),
        (
            "revoked-before",
            "a key revoked later, verified the second before",
            revoked,
            "2022-03-01T06:59:59+07:00",
            None,
            None,
            &["S-03"],
        ),
        (
            "retired",
            "signed at the instant its key was retired",
            retired_late,
            "2022-07-01T08:00:00+07:00",
            None,
            Some("key-not-valid-when-signed"),
            &["S-03"],
        ),
        (
            "retired-before",
            "signed the second before its key was retired",
            retired_early,
            "2022-07-01T08:00:00+07:00",
            None,
            None,
            &["S-03"],
        ),
        (
            "future",
            "signed 5 minutes and 1 second after the clock",
            future,
            CLOCK,
            None,
            Some("signed-in-future"),
            &["S-03"],
        ),
        (
            "future-skew",
            "signed 5 minutes after the clock, within the allowed skew",
            near_future,
            CLOCK,
            None,
            None,
            &["S-03"],
        ),
    ])
}
