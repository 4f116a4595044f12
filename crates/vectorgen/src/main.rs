//! `qr1405-vectorgen`: writes the golden vectors, the requirements page and the example
//! submissions from fixed records, keys and clocks.
//!
//! Exit codes: 0 written, 2 usage error or a file that could not be written.

use std::{path::PathBuf, process::ExitCode};

use clap::Parser;

/// Write every golden vector (and its images) from fixed records, keys and clocks.
///
/// The vector folder is made to hold exactly the generated files: others are removed.
#[derive(Debug, Parser)]
#[command(name = "qr1405-vectorgen", version)]
struct Args {
    /// The folder of the conformance suite; vectors go into its `vectors/` folder.
    #[arg(long, value_name = "DIR", default_value = "conformance-vectors")]
    out: PathBuf,
    /// Also write the requirements catalogue page here (`docs/requirements.md`).
    #[arg(long, value_name = "FILE.md")]
    requirements: Option<PathBuf>,
    /// Also write the example submissions into this folder (`examples/submissions`).
    #[arg(long, value_name = "DIR")]
    examples: Option<PathBuf>,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match qr1405_vectorgen::write(
        &args.out,
        args.requirements.as_deref(),
        args.examples.as_deref(),
    ) {
        Ok(count) => {
            println!(
                "{count} vectors written to {}",
                args.out.join("vectors").display()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::from(2)
        }
    }
}
