//! What every end-to-end test of the `qr1405` command needs: running it.

use std::{
    io::Write,
    process::{Command, Stdio},
};

/// Runs `qr1405` with `args` and `stdin`; returns the exit code, stdout and stderr.
pub(crate) fn qr1405(args: &[&str], stdin: impl AsRef<[u8]>) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_qr1405"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("qr1405 starts");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_ref())
        .expect("stdin is written");
    let output = child.wait_with_output().expect("qr1405 finishes");
    (
        output.status.code().expect("qr1405 exits"),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}
