//! Base45 (RFC 9285): the alphanumeric QR mode's alphabet, two bytes in three characters.

use crate::diagnostic::{Diagnostic, DiagnosticCode};

const ALPHABET: &[u8; 45] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

/// Why a text is not base45.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Base45Error {
    /// A character outside the 45-character alphabet.
    #[error("{character:?} at character {position} is not in the base45 alphabet")]
    Character {
        /// The character.
        character: char,
        /// Its character offset in the text.
        position: usize,
    },
    /// The length leaves a single character over, which encodes nothing.
    #[error(
        "{length} characters leave one over at character {position}; base45 comes in pairs and triples"
    )]
    Length {
        /// The text's length in characters.
        length: usize,
        /// The offset of the character left over.
        position: usize,
    },
    /// A group whose value does not fit its bytes.
    #[error("the group at character {position} has value {value}, more than {max}")]
    Value {
        /// The character offset of the group.
        position: usize,
        /// The value it encodes.
        value: u32,
        /// The largest value the group can hold (65535 for three, 255 for two characters).
        max: u32,
    },
}

impl Base45Error {
    /// The diagnostic code of this error.
    pub fn code(&self) -> DiagnosticCode {
        match self {
            Base45Error::Character { .. } => DiagnosticCode::Base45Character,
            Base45Error::Length { .. } => DiagnosticCode::Base45Length,
            Base45Error::Value { .. } => DiagnosticCode::Base45Value,
        }
    }

    pub(crate) fn diagnostic(&self) -> Diagnostic {
        let position = match self {
            Base45Error::Character { position, .. }
            | Base45Error::Length { position, .. }
            | Base45Error::Value { position, .. } => *position,
        };
        Diagnostic::new(self.code(), self.to_string()).at(position)
    }
}

/// Each byte's value in the alphabet, or `NOT_BASE45`: one lookup a character rather than a
/// search of the alphabet (docs/performance.md, EU certificates).
#[allow(
    clippy::cast_possible_truncation,
    reason = "the alphabet has 45 characters: each index fits a byte"
)]
const VALUES: [u8; 256] = {
    let mut values = [NOT_BASE45; 256];
    let mut index = 0;
    while index < ALPHABET.len() {
        values[ALPHABET[index] as usize] = index as u8;
        index += 1;
    }
    values
};

const NOT_BASE45: u8 = u8::MAX;

fn digit(text: &str, position: usize, byte: u8) -> Result<u32, Base45Error> {
    match VALUES[usize::from(byte)] {
        NOT_BASE45 => Err(Base45Error::Character {
            character: text[position..].chars().next().unwrap_or('\u{fffd}'),
            position: text[..position].chars().count(),
        }),
        value => Ok(u32::from(value)),
    }
}

/// Decodes a base45 text.
///
/// ```
/// assert_eq!(qr1405_dcc::base45_decode("BB8").unwrap(), b"AB");
/// ```
pub fn base45_decode(text: &str) -> Result<Vec<u8>, Base45Error> {
    let bytes = text.as_bytes();
    // Non-ASCII characters are caught as the first bad character before any length check.
    if let Some(position) = bytes
        .iter()
        .position(|b| VALUES[usize::from(*b)] == NOT_BASE45)
    {
        digit(text, position, bytes[position])?;
    }
    if bytes.len() % 3 == 1 {
        return Err(Base45Error::Length {
            length: bytes.len(),
            position: bytes.len() - 1,
        });
    }
    // Every character is in the alphabet from here on: a group is three (or, last, two)
    // table lookups.
    let value = |byte: &u8| u32::from(VALUES[usize::from(*byte)]);
    let mut out = Vec::with_capacity(bytes.len() / 3 * 2 + 1);
    let mut groups = bytes.chunks_exact(3);
    for (index, group) in groups.by_ref().enumerate() {
        let [a, b, c] = group else {
            unreachable!("chunks_exact(3) yields three bytes")
        };
        let group = value(a) + value(b) * 45 + value(c) * (45 * 45);
        let Ok(pair) = u16::try_from(group) else {
            return Err(Base45Error::Value {
                position: index * 3,
                value: group,
                max: 65535,
            });
        };
        out.extend_from_slice(&pair.to_be_bytes());
    }
    if let [a, b] = groups.remainder() {
        let group = value(a) + value(b) * 45;
        let Ok(byte) = u8::try_from(group) else {
            return Err(Base45Error::Value {
                position: bytes.len() - 2,
                value: group,
                max: 255,
            });
        };
        out.push(byte);
    }
    Ok(out)
}

/// Encodes bytes as base45.
///
/// ```
/// assert_eq!(qr1405_dcc::base45_encode(b"AB"), "BB8");
/// ```
pub fn base45_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(2) * 3);
    for chunk in bytes.chunks(2) {
        let (mut value, digits) = match chunk {
            [a, b] => ((u32::from(*a) << 8) | u32::from(*b), 3),
            [a] => (u32::from(*a), 2),
            _ => unreachable!("chunks(2) yields one or two bytes"),
        };
        for _ in 0..digits {
            out.push(char::from(ALPHABET[(value % 45) as usize]));
            value /= 45;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn rfc_9285_examples() {
        assert_eq!(base45_encode(b"AB"), "BB8");
        assert_eq!(base45_encode(b"Hello!!"), "%69 VD92EX0");
        assert_eq!(base45_encode(b"base-45"), "UJCLQE7W581");
        assert_eq!(base45_decode("QED8WEX0").unwrap(), b"ietf!");
        assert_eq!(base45_decode("").unwrap(), b"");
    }

    #[test]
    fn errors_name_the_character_and_its_offset() {
        assert_eq!(
            base45_decode("QEDé8WE").unwrap_err().to_string(),
            "'é' at character 3 is not in the base45 alphabet"
        );
        assert_eq!(
            base45_decode("QEd").unwrap_err().code(),
            DiagnosticCode::Base45Character
        );
        assert_eq!(
            base45_decode("QED8").unwrap_err(),
            Base45Error::Length {
                length: 4,
                position: 3
            }
        );
        assert_eq!(
            base45_decode("GGW").unwrap_err(),
            Base45Error::Value {
                position: 0,
                value: 16 + 16 * 45 + 32 * 45 * 45,
                max: 65535
            }
        );
        assert_eq!(
            base45_decode("::").unwrap_err().to_string(),
            "the group at character 0 has value 2024, more than 255"
        );
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let text = base45_encode(&bytes);
            prop_assert_eq!(base45_decode(&text).unwrap(), bytes);
        }

        #[test]
        fn encode_inverts_decode(text in "[0-9A-Z $%*+\\-./:]{0,60}") {
            if let Ok(bytes) = base45_decode(&text) {
                prop_assert_eq!(base45_encode(&bytes), text);
            }
        }
    }
}
