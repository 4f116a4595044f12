//! Embeds the bundled conformance vectors (`conformance-vectors/` at the top of the
//! repository) so that `qr1405 conform` runs anywhere, with no files beside it.

use std::{
    env,
    fmt::Write as _,
    fs,
    path::{Path, PathBuf},
};

fn main() {
    let manifest = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("set by cargo"));
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
