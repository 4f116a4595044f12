//! `qr1405 vectors`: make the golden vectors.

use std::{
    collections::BTreeSet,
    path::{Path, PathBuf},
    process::ExitCode,
};

use anyhow::Context;

/// Make the golden vectors.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Write every vector (and its images) from fixed records, keys and clocks.
    ///
    /// The vector folder is made to hold exactly the generated files: others are removed.
    Generate {
        /// The folder of the conformance suite; vectors go into its `vectors/` folder.
        #[arg(long, value_name = "DIR", default_value = "conformance-vectors")]
        out: PathBuf,
        /// Also write the requirements catalogue page here (`docs/requirements.md`).
        #[arg(long, value_name = "FILE.md")]
        requirements: Option<PathBuf>,
        /// Also write the example submissions into this folder (`examples/submissions`).
        #[arg(long, value_name = "DIR")]
        examples: Option<PathBuf>,
    },
}

pub(crate) fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Generate {
            out,
            requirements,
            examples,
        } => generate(&out, requirements.as_deref(), examples.as_deref()),
    }
}

fn generate(
    out: &Path,
    requirements: Option<&Path>,
    examples: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let generated = qr1405_conformance::generate()?;
    let files = qr1405_conformance::vector_files(&generated)?;
    let vectors: Vec<_> = generated.into_iter().map(|g| g.vector).collect();
    let dir = out.join("vectors");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let names: BTreeSet<&str> = files.iter().map(|(name, _)| name.as_str()).collect();
    for entry in
        std::fs::read_dir(&dir).with_context(|| format!("cannot read {}", dir.display()))?
    {
        let path = entry?.path();
        let stale = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_none_or(|n| !names.contains(n));
        if stale && path.is_file() {
            std::fs::remove_file(&path)
                .with_context(|| format!("cannot remove {}", path.display()))?;
        }
    }
    for (name, bytes) in &files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    for (name, bytes) in qr1405_conformance::suite_files()? {
        let path = out.join(name);
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = requirements {
        std::fs::write(path, qr1405_conformance::requirements_markdown(&vectors))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(examples) = examples {
        for (name, bytes) in qr1405_conformance::example_submissions()? {
            let path = examples.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::write(&path, bytes)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    }
    crate::output::print_line(&format!(
        "{} vectors written to {}",
        vectors.len(),
        dir.display()
    ))?;
    Ok(crate::PASS)
}
