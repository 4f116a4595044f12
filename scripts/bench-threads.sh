#!/usr/bin/env bash
# decode_luma (default options) on two threads and on one, alternating, per picture size: a
# synthetic 1080 × 2340 screenshot, three corpus pictures and one of them enlarged to
# 3720 × 3720. Prints the load average before each round.
#
# Usage: scripts/bench-threads.sh [CORPUS_DIR] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${1:-../shared/corpus}"
rounds="${2:-3}"
cargo build -q --release --locked -p qr1405-symbol --example bench_decoders
bench=target/release/examples/bench_decoders
for round in $(seq 1 "$rounds"); do
  echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg)"
  for mode in --parallel --sequential; do
    "$bench" screen 40 "$mode"
    "$bench" picture 20 "$corpus/zxing-samples/qrcode-3/01.png" "$mode"
    "$bench" picture 10 "$corpus/zxing-samples/qrcode-2/6.png" "$mode"
    "$bench" picture 5 "$corpus/dgc-testdata/SM/png/1.png" "$mode"
    "$bench" picture 3 "$corpus/dgc-testdata/SM/png/1.png" --scale 2 "$mode"
  done
done
