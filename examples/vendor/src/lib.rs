//! Runnable examples for app vendors, each a small program over the project's libraries:
//!
//! - `vendor-display`: a display app's side. A person's record (JSON) becomes the canonical
//!   personal code, signed with the issuer key read from a PEM file given on the command line,
//!   drawn as a PNG at a printed size in millimetres.
//! - `vendor-reader`: a reader app's side. A picture file becomes a verdict, accept with the
//!   person's fields or refuse with every reason, through `qr1405-reader`.
//!
//! ```sh
//! cargo run -p qr1405-examples --bin vendor-display -- \
//!     --record examples/person.json --key ISSUER.pem --size-mm 50 -o code.png
//! cargo run -p qr1405-examples --bin vendor-reader -- code.png \
//!     --trust conformance-vectors/trust-list.json --root conformance-vectors/root.pub
//! ```
//!
//! The signing key is never compiled in: a program that carried a key could sign codes
//! for anyone who runs it.
//!
//! This library holds what both programs share: reading their arguments.
//!
//! ```
//! use std::ffi::OsString;
//! use qr1405_examples::{no_more, take_flag, take_value};
//!
//! let mut args: Vec<OsString> = ["--size-mm", "50", "--masked"].map(OsString::from).to_vec();
//! assert_eq!(take_value(&mut args, "--size-mm")?, Some(OsString::from("50")));
//! assert!(take_flag(&mut args, "--masked"));
//! no_more(&args, "usage")?;
//! # Ok::<(), anyhow::Error>(())
//! ```

use std::ffi::OsString;

/// The value after `--name` in `args`, removed with it; `None` when the flag is absent.
///
/// # Errors
///
/// When the flag is the last argument, with no value after it.
pub fn take_value(args: &mut Vec<OsString>, name: &str) -> anyhow::Result<Option<OsString>> {
    let Some(at) = args.iter().position(|arg| arg == name) else {
        return Ok(None);
    };
    anyhow::ensure!(at + 1 < args.len(), "{name} needs a value");
    let value = args.remove(at + 1);
    args.remove(at);
    Ok(Some(value))
}

/// Whether `--name` is in `args`, removed.
pub fn take_flag(args: &mut Vec<OsString>, name: &str) -> bool {
    let Some(at) = args.iter().position(|arg| arg == name) else {
        return false;
    };
    args.remove(at);
    true
}

/// The RFC 3339 clock `--at` names, else now.
///
/// # Errors
///
/// A clock that is not RFC 3339 with an offset.
pub fn clock(args: &mut Vec<OsString>) -> anyhow::Result<qr1405_reader::Time> {
    match take_value(args, "--at")? {
        Some(at) => Ok(qr1405_reader::clock_from_rfc3339(&at.to_string_lossy())?),
        None => Ok(qr1405_reader::Time::now()),
    }
}

/// Refuses arguments left over once a program took the ones it knows.
///
/// # Errors
///
/// The first argument left, named.
pub fn no_more(args: &[OsString], usage: &str) -> anyhow::Result<()> {
    match args.first() {
        Some(arg) => anyhow::bail!("unexpected argument {arg:?}\nusage: {usage}"),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_and_values_are_taken_out() {
        let mut args: Vec<OsString> = ["--size-mm", "50", "--masked", "x"]
            .into_iter()
            .map(OsString::from)
            .collect();
        assert_eq!(
            take_value(&mut args, "--size-mm").unwrap(),
            Some("50".into())
        );
        assert!(take_flag(&mut args, "--masked"));
        assert_eq!(args, [OsString::from("x")]);
        assert!(no_more(&args, "u").is_err());
        let mut dangling = vec![OsString::from("--key")];
        assert_eq!(
            take_value(&mut dangling, "--key").unwrap_err().to_string(),
            "--key needs a value"
        );
    }
}
