//! Vietnamese text as people type it, and as the codes write it.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

/// The letter `c` without diacritics, when `c` is a Latin letter with them (or `đ`, `Đ`).
pub(crate) fn fold_letter(c: char) -> Option<char> {
    match c {
        'đ' => return Some('d'),
        'Đ' => return Some('D'),
        _ if c.is_ascii() => return None,
        _ => {}
    }
    let mut parts = std::iter::once(c).nfd();
    let base = parts.next().filter(char::is_ascii_alphabetic)?;
    parts.all(is_combining_mark).then_some(base)
}

/// Why a name cannot be written in the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameProblem {
    /// Nothing but white space.
    Empty,
    /// A character that is neither a letter nor white space, at this byte offset.
    Character(char, usize),
}

/// The canonical form of a name: upper case, diacritics removed, `Đ` as `D`, words separated
/// by one space.
///
/// ```text
/// "Nguyễn Lê Khả Hân"  -> "NGUYEN LE KHA HAN"
/// "đặng   thị  ĐÀO "   -> "DANG THI DAO"
/// ```
pub(crate) fn canonical_name(name: &str) -> Result<String, NameProblem> {
    let mut out = String::with_capacity(name.len());
    let mut pending_space = false;
    for (index, c) in name.char_indices() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if is_combining_mark(c) {
            continue;
        }
        let letter = if c.is_ascii_alphabetic() {
            c
        } else {
            fold_letter(c).ok_or(NameProblem::Character(c, index))?
        };
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(letter.to_ascii_uppercase());
    }
    if out.is_empty() {
        Err(NameProblem::Empty)
    } else {
        Ok(out)
    }
}

/// A value as it appears in a message: quoted, escaped, and cut after 40 characters.
pub(crate) fn quote(value: &str) -> String {
    const SHOWN: usize = 40;
    let plain = |b: &u8| b.is_ascii_graphic() && !matches!(b, b'"' | b'\\') || *b == b' ';
    if value.len() <= SHOWN && value.bytes().all(|b| plain(&b)) {
        let mut quoted = String::with_capacity(value.len() + 2);
        quoted.push('"');
        quoted.push_str(value);
        quoted.push('"');
        return quoted;
    }
    match value.char_indices().nth(SHOWN) {
        None => format!("{value:?}"),
        Some((cut, _)) => format!("{:?}…", &value[..cut]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_canonical() {
        assert_eq!(
            canonical_name("Nguyễn Lê Khả Hân").as_deref(),
            Ok("NGUYEN LE KHA HAN")
        );
        assert_eq!(
            canonical_name("đặng   thị  ĐÀO ").as_deref(),
            Ok("DANG THI DAO")
        );
        // Decomposed input (e + combining acute) folds the same way.
        assert_eq!(canonical_name("Le\u{301}").as_deref(), Ok("LE"));
        assert_eq!(canonical_name(" \t "), Err(NameProblem::Empty));
        assert_eq!(
            canonical_name("Anne-Marie"),
            Err(NameProblem::Character('-', 4))
        );
    }

    #[test]
    fn every_vietnamese_letter_folds() {
        let letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ";
        for c in letters.chars().chain(letters.to_uppercase().chars()) {
            let folded = if c.is_ascii() {
                Some(c)
            } else {
                fold_letter(c)
            };
            assert!(folded.is_some_and(|f| "aeiouydAEIOUYD".contains(f)), "{c}");
        }
    }

    #[test]
    fn quoting_escapes_and_cuts() {
        assert_eq!(quote("a\0b"), r#""a\0b""#);
        assert_eq!(quote(&"x".repeat(50)), format!("{:?}…", "x".repeat(40)));
        assert_eq!(quote(r#"a "b" \ c"#), r#""a \"b\" \\ c""#);
        assert_eq!(quote("NGUYEN VAN A"), r#""NGUYEN VAN A""#);
    }
}
