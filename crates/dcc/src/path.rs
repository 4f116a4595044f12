//! Where a value sits in a certificate (`$.v[0].dn`), written out only when a diagnostic
//! names it: the walks over the certificate pass a chain of borrowed steps down instead of
//! formatting a path at every value they visit.

use std::fmt;

/// A value's place: the root `$`, a key of an object or an index of an array below another.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Path<'a> {
    /// The certificate itself, `$`.
    Root,
    /// `{parent}.{key}`.
    Key(&'a Path<'a>, &'a str),
    /// `{parent}[{index}]`.
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of the value under `key` of this one.
    pub(crate) fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    /// The path of the item at `index` of this one.
    pub(crate) fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }
}

impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("$"),
            Path::Key(parent, key) => write!(f, "{parent}.{key}"),
            Path::Index(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_as_json_paths() {
        let root = Path::Root;
        let v = root.key("v");
        let first = v.index(0);
        assert_eq!(root.to_string(), "$");
        assert_eq!(first.key("dn").to_string(), "$.v[0].dn");
        assert_eq!(root.key("nam").key("fnt").to_string(), "$.nam.fnt");
    }
}
