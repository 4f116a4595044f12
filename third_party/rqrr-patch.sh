#!/usr/bin/env bash
# third_party/rqrr is rqrr 0.11.0 as published on crates.io, plus rqrr.patch.
#
#   third_party/rqrr-patch.sh          check it: fetch the published crate with cargo, apply
#                                      the patch, and compare with third_party/rqrr
#   third_party/rqrr-patch.sh --write  write rqrr.patch from third_party/rqrr after a change
#
# The published package is taken as its author wrote it: Cargo.toml.orig as Cargo.toml,
# without the files cargo adds when it packages (.cargo-checksum.json, .cargo_vcs_info.json).
# Cargo.lock is left out of both: ours is what cargo resolves today for running rqrr's own
# tests with --locked, the published one is older.
set -euo pipefail
cd "$(dirname "$0")"
here=$(pwd)

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/fetch/src"
cat >"$scratch/fetch/Cargo.toml" <<'EOF'
[package]
name = "rqrr-published"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
rqrr = "=0.11.0"

[workspace]
EOF
touch "$scratch/fetch/src/lib.rs"
cargo vendor -q --versioned-dirs --manifest-path "$scratch/fetch/Cargo.toml" \
    "$scratch/vendor" >/dev/null

published="$scratch/a"
cp -r "$scratch/vendor/rqrr-0.11.0" "$published"
rm "$published/.cargo-checksum.json" "$published/.cargo_vcs_info.json" "$published/Cargo.toml" \
    "$published/Cargo.lock"
mv "$published/Cargo.toml.orig" "$published/Cargo.toml"

if [ "${1:-}" = "--write" ]; then
    cp -r "$here/rqrr" "$scratch/b"
    rm "$scratch/b/Cargo.lock"
    # Paths a/… and b/…, without timestamps: `patch -p1` in the published crate applies it.
    (cd "$scratch" && diff -ruN a b || true) |
        sed -E 's/^(---|\+\+\+) ([^\t]*)\t.*/\1 \2/' >"$here/rqrr.patch"
    echo "wrote third_party/rqrr.patch ($(grep -c '^+++ ' "$here/rqrr.patch") files)"
    exit 0
fi

(cd "$published" && patch -s -p1 <"$here/rqrr.patch")
if ! diff -r --exclude Cargo.lock "$published" "$here/rqrr"; then
    echo "third_party/rqrr is not rqrr 0.11.0 plus third_party/rqrr.patch;" \
        "after a change, run third_party/rqrr-patch.sh --write" >&2
    exit 1
fi
echo "third_party/rqrr is rqrr 0.11.0 plus third_party/rqrr.patch"
