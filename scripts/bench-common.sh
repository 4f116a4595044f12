# Shared by the decoding benchmarks; sourced from the repository root, not run.

# Sets `python` to the interpreter of the peers' virtual environment, target/bench-venv, first
# installing what is missing: Debian's libzbar0, and PyPI's zxing-cpp, pyzbar, Pillow and numpy.
bench_peers_python() {
  local venv=target/bench-venv
  python="$venv/bin/python"
  if ! "$python" -c 'import zxingcpp, pyzbar.pyzbar, PIL, numpy' 2>/dev/null; then
    if ! ldconfig -p | grep -q libzbar.so.0; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libzbar0
    fi
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q zxing-cpp pyzbar pillow numpy
  fi
}

# Builds the bench program and sets `bench` to it; prepares WORK_DIR (pictures synthesised,
# the corpus in CORPUS_DIR listed, manifest written) when it has no manifest yet.
bench_prepared() {
  local work=$1 corpus=$2
  cargo build -q --release --locked -p qr1405-symbol --example bench_decoders
  bench=target/release/examples/bench_decoders
  mkdir -p "$work"
  [ -f "$work/manifest.tsv" ] || "$bench" prepare "$work" "$corpus"
}
