//! `qr1405`: Vietnam's personal health QR code (Decision 1405) from the command line.
//!
//! This binary is glue: every command parses its arguments, calls one of the `qr1405-*`
//! libraries and prints the result, as JSON where a machine reads it.
//!
//! Exit codes, the same for every command:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | the command did its job and the input passed (recognised, valid, conformant) |
//! | 1 | the command ran, and the input did not pass: the output says why |
//! | 2 | usage error, unreadable file, I/O failure: nothing was evaluated |

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod build;
mod conform;
mod dcc;
mod decode;
mod greencard;
mod input;
mod keygen;
mod output;
mod parse;
mod read;
mod render;
mod serve;
mod sign;
mod trust;
mod verify;

/// Vietnam's personal health QR code (Decision 1405): parse, build and evaluate.
#[derive(Debug, Parser)]
#[command(name = "qr1405", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Parse(parse::Args),
    Build(build::Args),
    Conform(conform::Args),
    Render(render::Args),
    Decode(decode::Args),
    Keygen(keygen::Args),
    Sign(sign::Args),
    Verify(verify::Args),
    Trust(trust::Args),
    Greencard(greencard::Args),
    Read(read::Args),
    Serve(serve::Args),
}

/// Exit code: the input passed.
pub(crate) const PASS: ExitCode = ExitCode::SUCCESS;

/// Exit code: the input was evaluated and did not pass.
pub(crate) fn fail() -> ExitCode {
    ExitCode::from(1)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Parse(args) => parse::run(args),
        Command::Build(args) => build::run(args),
        Command::Conform(args) => conform::run(args),
        Command::Render(args) => render::run(args),
        Command::Decode(args) => decode::run(args),
        Command::Keygen(args) => keygen::run(args),
        Command::Sign(args) => sign::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Trust(args) => trust::run(args),
        Command::Greencard(args) => greencard::run(args),
        Command::Read(args) => read::run(args),
        Command::Serve(args) => serve::run(args),
    };
    match outcome {
        Ok(code) => code,
        // The reader of standard output has gone (`… | head -1`): nothing is left to say.
        Err(error) if output::is_closed_pipe(&error) => PASS,
        Err(error) => {
            eprintln!("qr1405: error: {error:#}");
            ExitCode::from(2)
        }
    }
}
