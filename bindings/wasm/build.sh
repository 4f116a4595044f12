#!/usr/bin/env bash
# Builds the npm package into bindings/wasm/pkg/ (or the folder given): the JavaScript glue,
# the .wasm module and the TypeScript types. Needs the wasm32-unknown-unknown target and
# wasm-bindgen-cli of exactly the version Cargo.toml pins (installed here when missing).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$here/../.."
out="${1:-$here/pkg}"
version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' "$here/Cargo.toml")

rustup target add wasm32-unknown-unknown >/dev/null 2>&1 || true
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $version" ]; then
    cargo install --locked wasm-bindgen-cli --version "$version" \
        || cargo install wasm-bindgen-cli --version "$version"
fi
cargo build -q --locked --manifest-path "$root/Cargo.toml" -p qr1405-wasm \
    --target wasm32-unknown-unknown --profile wasm
target="${CARGO_TARGET_DIR:-$root/target}"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name qr1405 \
    "$target/wasm32-unknown-unknown/wasm/qr1405_wasm.wasm"
