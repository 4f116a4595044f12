//! Embeds the bundled conformance vectors (`conformance-vectors/` at the top of the
//! repository) so that `qr1405 conform` runs anywhere, with no files beside it, and records
//! the commit the crate is built from (`QR1405_COMMIT`): `git rev-parse HEAD` when the source
//! is a git checkout, the `QR1405_COMMIT` environment variable when a packager sets it, else
//! `unknown` (docs/conformance.md, What was run).

use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
    process::Command,
};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
    println!("cargo::rustc-env=QR1405_COMMIT={}", commit(&manifest));
    let root = manifest.join("../../conformance-vectors");
    println!("cargo::rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if root.is_dir() {
        walk(&root, &mut files);
    }
    files.sort();
    let mut out = String::from("/// Files of `conformance-vectors/`, by path relative to it.\n");
    out.push_str("pub(crate) const FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let relative = path.strip_prefix(&root).expect("below the root");
        let relative = relative
            .to_str()
            .expect("utf-8 file names")
            .replace('\\', "/");
        let absolute = fs::canonicalize(path).expect("file exists");
        let _ = writeln!(
            out,
            "    ({relative:?}, include_bytes!({:?})),",
            absolute.to_str().expect("utf-8 path")
        );
    }
    out.push_str("];\n");
    let target = PathBuf::from(env::var_os("OUT_DIR").expect("set by cargo")).join("bundle.rs");
    fs::write(target, out).expect("OUT_DIR is writable");
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    println!("cargo::rerun-if-changed={}", dir.display());
    for entry in fs::read_dir(dir).expect("readable folder") {
        let path = entry.expect("readable entry").path();
        if path.is_dir() {
            walk(&path, files);
        } else if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            files.push(path);
        }
    }
}

/// The commit the source is at: `QR1405_COMMIT` when set, else `git rev-parse HEAD` in the
/// crate's folder, else `unknown` (a source archive, no git). Cargo is told to run this again
/// when HEAD moves: the files git keeps HEAD and the branch it names in.
fn commit(manifest: &Path) -> String {
    println!("cargo::rerun-if-env-changed=QR1405_COMMIT");
    if let Some(given) = env::var("QR1405_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
    {
        return given.trim().to_owned();
    }
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(manifest)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    let Some(head) = git(&["rev-parse", "HEAD"]) else {
        return "unknown".to_owned();
    };
    // A file that does not exist would run this script on every build: only existing ones.
    let mut watched = Vec::new();
    if let Some(dir) = git(&["rev-parse", "--path-format=absolute", "--git-dir"]) {
        watched.push(Path::new(&dir).join("HEAD"));
    }
    if let Some(common) = git(&["rev-parse", "--path-format=absolute", "--git-common-dir"]) {
        watched.push(Path::new(&common).join("packed-refs"));
        if let Some(branch) = git(&["symbolic-ref", "-q", "HEAD"]) {
            watched.push(Path::new(&common).join(branch));
        }
    }
    for file in watched.iter().filter(|file| file.is_file()) {
        println!("cargo::rerun-if-changed={}", file.display());
    }
    head
}
