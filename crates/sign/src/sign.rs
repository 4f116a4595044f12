//! Signing a personal code.

use ed25519_dalek::Signer;
use qr1405_payload::{DisplayForm, PersonalCode};

use crate::{
    SecretKey, Time,
    slot::{self, SignatureSlot},
};

/// Why a code could not be signed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The code with its signature is not a conforming code, for instance because it is
    /// longer than any QR symbol holds.
    #[error("the signed code is not a conforming code: {source}")]
    Code {
        /// Why the payload refused it.
        source: qr1405_payload::Error,
    },
    /// Both display forms can be made only from the full form.
    #[error("the code is in the {} display form; both forms are made from the full form", form_name(*.form))]
    NotFullForm {
        /// The form the code is in.
        form: DisplayForm,
    },
}

/// A code signed in both display forms.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DisplayForms {
    /// The full form: document number and date of birth in full.
    pub full: PersonalCode,
    /// The masked form, as the annex shows a code by default.
    pub masked: PersonalCode,
}

impl SecretKey {
    /// Signs `code` as it is, at `signed_at`: the code with EXT slot 5 filled, replacing any
    /// signature there.
    ///
    /// The signature covers every byte of the code except itself, in the display form the
    /// code is in. An issuer signs both forms: see [`SecretKey::sign_display_forms`].
    pub fn sign(&self, code: &PersonalCode, signed_at: Time) -> Result<PersonalCode, SignError> {
        let key_id = self.key_id();
        let header = slot::header(key_id, signed_at);
        let message = slot::message(&header, &code.signing_input());
        let signature = self.0.sign(&message).to_bytes();
        let slot = SignatureSlot::new(key_id, signed_at, signature);
        code.with_signature(&slot.to_string())
            .map_err(|source| SignError::Code { source })
    }

    /// Signs the full form of `code` and the masked form made from it, both at `signed_at`.
    ///
    /// `code` must be in the full form; any signature in it is replaced.
    pub fn sign_display_forms(
        &self,
        code: &PersonalCode,
        signed_at: Time,
    ) -> Result<DisplayForms, SignError> {
        match code.display_form() {
            DisplayForm::Full => Ok(DisplayForms {
                full: self.sign(code, signed_at)?,
                masked: self.sign(&code.masked(), signed_at)?,
            }),
            form => Err(SignError::NotFullForm { form }),
        }
    }
}

/// The name of a display form in messages.
pub(crate) fn form_name(form: DisplayForm) -> &'static str {
    match form {
        DisplayForm::Full => "full",
        DisplayForm::Masked => "masked",
        DisplayForm::Mixed => "mixed",
        _ => "unknown",
    }
}
