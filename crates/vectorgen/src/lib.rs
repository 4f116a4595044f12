//! The generator of this project's golden vectors and example submissions.
//!
//! Every vector of `conformance-vectors/`, the requirements page `docs/requirements.md` and
//! the example submissions of `examples/submissions/` are made here from fixed records, keys
//! and clocks, byte for byte the same on every run; CI regenerates them and fails on any
//! difference. The keys are the published test keys of `qr1405-testkeys`, whose secret seeds
//! are public: this crate is the only one that depends on them outside tests, and it is never
//! published nor linked into the `qr1405` command.
//!
//! ```sh
//! cargo run -p qr1405-vectorgen -- --out conformance-vectors \
//!     --requirements docs/requirements.md --examples examples/submissions
//! ```
//!
//! ```
//! let generated = qr1405_vectorgen::generate()?;
//! let first = &generated[0].vector;
//! assert!(generated.windows(2).all(|w| w[0].vector.id < w[1].vector.id));
//! assert!(!first.stages.is_empty());
//! # Ok::<(), qr1405_vectorgen::Error>(())
//! ```
//!
//! The vectors are made by family, one module each: the test identities and their signed
//! forms, signature defects, one-field defects, structure defects, the other codes a reader
//! meets, green-card claims, display defects, EXT combinations and symbol defects.

mod certificates;
mod display;
mod error;
mod examples;
mod ext;
mod fields;
mod files;
mod green;
mod identities;
mod other;
mod signature;
mod spec;
mod structure;
mod symbol;

pub use certificates::{CertificateVector, certificate_files, certificate_vectors};
pub use error::Error;
pub use examples::example_submissions;
pub use files::{suite_files, vector_files, write};
pub use spec::Generated;

use spec::Spec;

/// Generates every vector with its image, sorted by id.
pub fn generate() -> Result<Vec<Generated>, Error> {
    let mut specs = Vec::new();
    for (index, identity) in identities::identities().iter().enumerate() {
        specs.extend(identities::identity_vectors(identity, index)?);
    }
    specs.extend(signature::signature_defects()?);
    specs.extend(green::green_cards()?);
    specs.extend(display::display_defects()?);
    specs.extend(ext::ext_combinations()?);
    specs.extend(ext::signed_ext_combinations()?);
    specs.extend(fields::field_defects());
    specs.extend(structure::structure_defects());
    specs.extend(other::other_codes());
    specs.extend(symbol::symbol_defects()?);
    let mut generated = specs
        .into_iter()
        .map(Spec::into_generated)
        .collect::<Result<Vec<_>, _>>()?;
    generated.sort_by(|a, b| a.vector.id.cmp(&b.vector.id));
    Ok(generated)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic() {
        let first = generate().unwrap();
        let second = generate().unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn ids_are_unique() {
        let vectors = generate().unwrap();
        let mut ids: Vec<&str> = vectors.iter().map(|g| g.vector.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), vectors.len());
    }
}
