//! Signer certificate files: DER, bare base64 of DER, or PEM with any number of
//! `CERTIFICATE` blocks (a bundle), each read into a [`Dsc`].

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::verify::{Dsc, MAX_TRUST_LIST_LEN, SignerError};

/// The largest certificate file read: 16 MiB, the bound of a DSC trust list, so that a PEM
/// bundle of every signer of the EU gateway (a few thousand certificates) fits.
pub const MAX_CERTIFICATE_FILE_LEN: usize = MAX_TRUST_LIST_LEN;

/// The labels of a PEM block read as a certificate: `CERTIFICATE`, and the two older labels
/// RFC 7468 (section 5.3) lets parsers accept.
const CERTIFICATE_LABELS: [&str; 3] = ["CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE"];

/// How much of a malformed line an error quotes.
const QUOTED_CHARS: usize = 64;

impl Dsc {
    /// Reads a certificate file's bytes into every certificate it holds, in the order written:
    ///
    /// - DER: bytes beginning with 0x30 (an ASN.1 sequence), one certificate;
    /// - PEM: text with one or more `-----BEGIN CERTIFICATE-----` blocks (a bundle, as
    ///   `cat a.pem b.pem` makes); text outside the blocks is ignored, as RFC 7468 allows;
    ///   `X509 CERTIFICATE` and `X.509 CERTIFICATE` blocks are read as certificates too;
    /// - otherwise text that is bare base64 of DER (the form of the EU test data's
    ///   `CERTIFICATE`), one certificate; white space is ignored.
    ///
    /// A file read without an error holds at least one certificate. All of them or none: the
    /// first that cannot be read is the error.
    ///
    /// ```
    /// use qr1405_dcc::{Dsc, SignerError};
    ///
    /// let pem = "-----BEGIN PRIVATE KEY-----\nAA==\n-----END PRIVATE KEY-----\n";
    /// let error = Dsc::all_from_file_bytes(pem.as_bytes()).unwrap_err();
    /// assert!(matches!(error, SignerError::PemBlock { block: 0, .. }));
    /// assert_eq!(
    ///     error.to_string(),
    ///     "pem block 1: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's \
    ///      certificate, never its private key"
    /// );
    /// ```
    ///
    /// # Errors
    ///
    /// - [`SignerError::EmptyFile`], [`SignerError::FileTooLarge`] (over
    ///   [`MAX_CERTIFICATE_FILE_LEN`]), [`SignerError::Binary`] for bytes that are neither DER
    ///   nor text;
    /// - [`SignerError::PemBlock`] naming the block for a PEM file: a malformed BEGIN or END
    ///   line ([`SignerError::PemBoundary`]), an unmatched or cut one, a body that is not
    ///   base64, a private key ([`SignerError::PrivateKey`]) or another label
    ///   ([`SignerError::PemLabel`]), a certificate that cannot be read;
    /// - [`SignerError::Encoding`] for text that is neither PEM nor base64;
    /// - [`SignerError::Certificate`], [`SignerError::KeyAlgorithm`], [`SignerError::Key`] for
    ///   a certificate that cannot be used, as [`Dsc::from_der`].
    pub fn all_from_file_bytes(bytes: &[u8]) -> Result<Vec<Dsc>, SignerError> {
        if bytes.len() > MAX_CERTIFICATE_FILE_LEN {
            return Err(SignerError::FileTooLarge { len: bytes.len() });
        }
        let Some(&first) = bytes.iter().find(|b| !b.is_ascii_whitespace()) else {
            return Err(SignerError::EmptyFile);
        };
        if bytes[0] == 0x30 {
            return Ok(vec![Dsc::from_der(bytes)?]);
        }
        match std::str::from_utf8(bytes) {
            Ok(text) => text_certificates(text),
            // Explanatory text around PEM blocks in another encoding (Latin-1, say) does not
            // stop the blocks from being read; the blocks themselves are ASCII.
            Err(_) if contains(bytes, b"-----BEGIN ") => {
                text_certificates(&String::from_utf8_lossy(bytes))
            }
            Err(_) => Err(SignerError::Binary { first }),
        }
    }
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// The only certificate of those read, or [`SignerError::Bundle`].
pub(crate) fn one(mut certificates: Vec<Dsc>) -> Result<Dsc, SignerError> {
    match certificates.len() {
        1 => Ok(certificates.remove(0)),
        // Reading yields at least one certificate; zero is named for completeness.
        count => Err(SignerError::Bundle { count }),
    }
}

/// The certificates of a text: PEM when a line begins with five dashes, base64 of one DER
/// otherwise.
pub(crate) fn text_certificates(text: &str) -> Result<Vec<Dsc>, SignerError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text
        .lines()
        .any(|line| line.trim_start().starts_with("-----"))
    {
        return pem_blocks(text)?
            .into_iter()
            .enumerate()
            .map(|(block, pem)| {
                pem.certificate().map_err(|error| SignerError::PemBlock {
                    block,
                    error: Box::new(error),
                })
            })
            .collect();
    }
    let body: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let der = BASE64
        .decode(body.as_bytes())
        .map_err(|error| SignerError::Encoding {
            reason: base64_reason(&error),
        })?;
    Ok(vec![Dsc::from_der(&der)?])
}

/// A base64 error as a reason: lowercase, without the closing full stop.
fn base64_reason(error: &base64::DecodeError) -> String {
    error
        .to_string()
        .to_lowercase()
        .trim_end_matches('.')
        .to_owned()
}

/// One PEM block: its label and the base64 of its body, white space removed.
struct Block<'a> {
    label: &'a str,
    body: String,
}

impl Block<'_> {
    /// The block's certificate, when it is one.
    fn certificate(&self) -> Result<Dsc, SignerError> {
        if !CERTIFICATE_LABELS.contains(&self.label) {
            let label = self.label.to_owned();
            return Err(if self.label.contains("PRIVATE KEY") {
                SignerError::PrivateKey { label }
            } else {
                SignerError::PemLabel { label }
            });
        }
        let der = BASE64
            .decode(self.body.as_bytes())
            .map_err(|error| SignerError::PemBody {
                reason: base64_reason(&error),
            })?;
        Dsc::from_der(&der)
    }
}

/// A line that begins with five dashes, as a BEGIN or END line and its label.
enum Boundary<'a> {
    Begin(&'a str),
    End(&'a str),
}

fn boundary(line: &str) -> Option<Boundary<'_>> {
    let inner = line.strip_prefix("-----")?.strip_suffix("-----")?;
    if let Some(label) = inner.strip_prefix("BEGIN ") {
        Some(Boundary::Begin(label))
    } else {
        inner.strip_prefix("END ").map(Boundary::End)
    }
}

/// The PEM blocks of a text (RFC 7468, read laxly: white space around lines and inside the
/// body is ignored, and so is text between blocks). Every block's structure is checked before
/// any certificate is read, so that a cut file is named as cut.
fn pem_blocks(text: &str) -> Result<Vec<Block<'_>>, SignerError> {
    let mut blocks = Vec::new();
    // The open block: its label, BEGIN line and body so far.
    let mut open: Option<(&str, usize, String)> = None;
    let at = |block: usize, error: SignerError| SignerError::PemBlock {
        block,
        error: Box::new(error),
    };
    for (index, line) in text.lines().enumerate() {
        let number = index + 1;
        let line = line.trim();
        if !line.starts_with("-----") {
            if let Some((_, _, body)) = open.as_mut() {
                body.extend(line.chars().filter(|c| !c.is_whitespace()));
            }
            continue;
        }
        match (boundary(line), open.take()) {
            (None, _) => {
                let error = SignerError::PemBoundary {
                    line: number,
                    text: line.chars().take(QUOTED_CHARS).collect(),
                };
                return Err(at(blocks.len(), error));
            }
            (Some(Boundary::Begin(label)), None) => open = Some((label, number, String::new())),
            (Some(Boundary::Begin(label)), Some(_)) => {
                let error = SignerError::PemNested {
                    label: label.to_owned(),
                    line: number,
                };
                return Err(at(blocks.len(), error));
            }
            (Some(Boundary::End(label)), Some((begun, _, body))) if begun == label => {
                blocks.push(Block { label, body });
            }
            (Some(Boundary::End(label)), Some((begun, _, _))) => {
                let error = SignerError::PemMismatch {
                    begun: begun.to_owned(),
                    ended: label.to_owned(),
                    line: number,
                };
                return Err(at(blocks.len(), error));
            }
            (Some(Boundary::End(label)), None) => {
                let error = SignerError::PemUnopened {
                    label: label.to_owned(),
                    line: number,
                };
                return Err(at(blocks.len(), error));
            }
        }
    }
    if let Some((label, line, _)) = open {
        let error = SignerError::PemUnterminated {
            label: label.to_owned(),
            line,
        };
        return Err(at(blocks.len(), error));
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

    use super::*;
    use proptest::prelude::*;

    const ES256: &str = include_str!("../../testkeys/certificates/es256-dsc.pem");
    const PS256: &str = include_str!("../../testkeys/certificates/ps256-dsc.pem");
    const KEY: &str = include_str!("../../testkeys/certificates/es256-key.pem");

    fn message(bytes: &[u8]) -> String {
        match Dsc::all_from_file_bytes(bytes) {
            Ok(read) => format!("read {} certificates", read.len()),
            Err(error) => error.to_string(),
        }
    }

    fn kids(certificates: &[Dsc]) -> Vec<String> {
        certificates
            .iter()
            .map(|dsc| dsc.kid().iter().map(|b| format!("{b:02x}")).collect())
            .collect()
    }

    #[test]
    fn a_bundle_reads_every_certificate_in_order() {
        let es256 = Dsc::from_text(ES256).unwrap();
        let ps256 = Dsc::from_text(PS256).unwrap();
        // Explanatory text between blocks, as `openssl x509 -text` writes, is ignored.
        let bundle = format!("# the test signers\r\n{ES256}\nSubject: C=VN\n{PS256}");
        let read = Dsc::all_from_file_bytes(bundle.as_bytes()).unwrap();
        assert_eq!(kids(&read), kids(&[es256.clone(), ps256.clone()]));
        assert_eq!(read[1].der(), ps256.der());
        // One file of either certificate alone, as PEM, DER and base64 of DER.
        for dsc in [&es256, &ps256] {
            let base64 = BASE64.encode(dsc.der());
            for bytes in [dsc.der(), base64.as_bytes()] {
                let read = Dsc::all_from_file_bytes(bytes).unwrap();
                assert_eq!(kids(&read), kids(std::slice::from_ref(dsc)));
            }
        }
        // The older labels, and a byte order mark before the text.
        let old = format!(
            "\u{feff}{}",
            ES256.replace("CERTIFICATE", "X509 CERTIFICATE")
        );
        let read = Dsc::all_from_file_bytes(old.as_bytes()).unwrap();
        assert_eq!(kids(&read), kids(&[es256]));
    }

    #[test]
    fn one_certificate_is_read_where_one_is_asked_for() {
        let bundle = format!("{ES256}{PS256}");
        assert_eq!(
            Dsc::from_file_bytes(bundle.as_bytes()).unwrap_err(),
            SignerError::Bundle { count: 2 }
        );
        assert_eq!(
            Dsc::from_text(&bundle).unwrap_err().to_string(),
            "2 certificates, where one is read"
        );
        assert!(Dsc::from_file_bytes(PS256.as_bytes()).is_ok());
    }

    #[test]
    fn a_file_that_holds_no_certificate_is_named_with_what_it_holds() {
        let bundle_with_key = format!("{ES256}{KEY}");
        let truncated = &PS256[..PS256.len() / 2];
        let der = Dsc::from_text(ES256).unwrap().der().to_vec();
        let public_key = "-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----\n";
        insta::assert_snapshot!(
            [
                message(b""),
                message(b" \r\n\t"),
                message(KEY.as_bytes()),
                message(bundle_with_key.as_bytes()),
                message(public_key.as_bytes()),
                message(truncated.as_bytes()),
                message(&der[..der.len() - 1]),
                message(b"\x89PNG\r\n\x1a\n\0\0"),
                message(b"hello, world"),
                message(b"-----BEGIN CERTIFICATE-----\nMII$\n-----END CERTIFICATE-----\n"),
                message(b"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE----\n"),
                message(b"-----BEGIN CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\n"),
                message(b"-----BEGIN CERTIFICATE-----\nAA==\n-----END PRIVATE KEY-----\n"),
                message(format!("{ES256}-----END CERTIFICATE-----\n").as_bytes()),
                message(b"-----BEGIN CERTIFICATE-----\nAA==\n-----END CERTIFICATE-----\n"),
            ]
            .join("\n"),
            @r#"
        the file is empty
        the file is empty
        pem block 1: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's certificate, never its private key
        pem block 2: a PRIVATE KEY, not a CERTIFICATE; a reader needs the signer's certificate, never its private key
        pem block 1: a PUBLIC KEY, not a CERTIFICATE
        pem block 1: BEGIN CERTIFICATE on line 1 without its END
        not an x.509 certificate: asn.1 der message is incomplete: expected 544, actual 543 at der byte 4
        binary data beginning with byte 0x89: neither der (a certificate begins with 0x30) nor pem or base64 text
        not pem or base64 of a certificate: invalid symbol 44, offset 5
        pem block 1: its body is not base64: invalid symbol 36, offset 3
        pem block 1: line 3: "-----END CERTIFICATE----" is neither a pem begin nor end line
        pem block 1: BEGIN CERTIFICATE on line 2 before the END of the block before
        pem block 1: BEGIN CERTIFICATE ended by END PRIVATE KEY on line 3
        pem block 2: END CERTIFICATE on line 15 without its BEGIN
        pem block 1: not an x.509 certificate: unknown/unsupported asn.1 der tag: 0x00
        "#
        );
    }

    #[test]
    fn a_file_over_the_bound_is_refused_unread() {
        let big = vec![b'A'; MAX_CERTIFICATE_FILE_LEN + 1];
        assert_eq!(
            Dsc::all_from_file_bytes(&big).unwrap_err(),
            SignerError::FileTooLarge {
                len: MAX_CERTIFICATE_FILE_LEN + 1
            }
        );
    }

    /// Lines a PEM reader meets, in any order: boundaries, bodies, noise.
    fn pem_line() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("-----BEGIN CERTIFICATE-----".to_owned()),
            Just("-----END CERTIFICATE-----".to_owned()),
            Just("-----BEGIN PRIVATE KEY-----".to_owned()),
            Just("-----END PRIVATE KEY-----".to_owned()),
            Just("-----".to_owned()),
            "[A-Za-z0-9+/=]{0,80}",
            "\\PC{0,20}",
        ]
    }

    proptest! {
        #[test]
        fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = Dsc::all_from_file_bytes(&bytes);
            let _ = Dsc::from_file_bytes(&bytes);
        }

        #[test]
        fn arbitrary_pem_lines_never_panic(lines in proptest::collection::vec(pem_line(), 0..12)) {
            let text = lines.join("\n");
            if let Ok(read) = Dsc::all_from_file_bytes(text.as_bytes()) {
                prop_assert!(!read.is_empty());
            }
        }

        #[test]
        fn a_bundle_reads_back_every_certificate(picks in proptest::collection::vec(any::<bool>(), 1..6)) {
            let bundle: String = picks.iter().map(|&es| if es { ES256 } else { PS256 }).collect();
            let read = Dsc::all_from_file_bytes(bundle.as_bytes()).unwrap();
            let expected: Vec<Dsc> = picks
                .iter()
                .map(|&es| Dsc::from_text(if es { ES256 } else { PS256 }).unwrap())
                .collect();
            prop_assert_eq!(kids(&read), kids(&expected));
        }
    }
}
