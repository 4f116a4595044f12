//! The `qr1405` command.
fn main() {}
