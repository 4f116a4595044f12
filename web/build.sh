#!/usr/bin/env bash
# Makes web/ servable: builds the WebAssembly package into web/pkg/ and copies the bundled
# test trust list and root key into web/trust/ (both gitignored). Then `qr1405 serve`, or
# copy the folder to any static web server.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
"$here/../bindings/wasm/build.sh" "$here/pkg"
mkdir -p "$here/trust"
cp "$here/../conformance-vectors/trust-list.json" "$here/../conformance-vectors/root.pub" \
    "$here/trust/"
