#!/usr/bin/env bash
# Decoding benchmark: qr1405-symbol side by side with zxing-cpp and ZBar on the same pictures.
# Installs the peers (Debian's libzbar0; PyPI's zxing-cpp, pyzbar, Pillow and numpy in the
# script's own virtual environment, target/bench-venv), synthesises the
# distorted pictures from fixed seeds, reads the public corpora from ../shared/corpus, and
# prints the table that goes into docs/performance.md.
#
# Usage: scripts/bench-decoders.sh [WORK_DIR] [CORPUS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/bench-decoders}"
corpus="${2:-../shared/corpus}"

source scripts/bench-common.sh
bench_peers_python

mkdir -p "$work"
cargo run -q --release --locked -p qr1405-symbol --example bench_decoders -- prepare "$work" "$corpus"
"$python" scripts/bench_peers.py "$work/manifest.tsv" "$work/peers.tsv"
echo
echo "Machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); zxing-cpp $("$python" -c 'import importlib.metadata as m; print(m.version("zxing-cpp"))'), ZBar $(dpkg-query -W -f='${Version}' libzbar0 2>/dev/null || echo '?')"
echo
cargo run -q --release --locked -p qr1405-symbol --example bench_decoders -- run "$work"
