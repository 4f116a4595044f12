//! The race between `qr1405-dcc` and the `dgc` crate lives in `benches/race.rs`; this
//! package has no code of its own. Run it with
//! `cargo bench --manifest-path crates/dcc/race/Cargo.toml`.
