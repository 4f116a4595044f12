//! Where the public corpora are: the real QR pictures and the EU's certificate test vectors
//! that tests and benchmarks read and the repository does not hold.

use std::path::{Path, PathBuf};

/// The folder of the public corpora: `$QR1405_CORPUS` when it is set, else `shared/corpus`
/// in the nearest folder above this crate that has one (`../shared/corpus` beside a clone).
///
/// # Panics
///
/// When there is no corpus there: a test over the corpora must fail without them, not pass
/// for nothing. CI always has them (`.ci/run` sets `QR1405_CORPUS`).
pub fn corpus() -> PathBuf {
    if let Some(dir) = std::env::var_os("QR1405_CORPUS") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "QR1405_CORPUS is {}, where there is no corpus",
            dir.display()
        );
        return dir;
    }
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .map(|dir| dir.join("shared/corpus"))
        .find(|dir| dir.is_dir())
        .expect(
            "the public corpora: shared/corpus beside or above the repository, or $QR1405_CORPUS",
        )
}

/// The EU's certificate test vectors, `dgc-testdata` in the [`corpus`].
///
/// # Panics
///
/// When the corpus or its `dgc-testdata` folder is missing.
pub fn dgc_testdata() -> PathBuf {
    let dir = corpus().join("dgc-testdata");
    assert!(
        dir.is_dir(),
        "the EU test vectors: no dgc-testdata in the corpus at {}",
        dir.display()
    );
    dir
}
