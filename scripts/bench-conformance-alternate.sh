#!/usr/bin/env bash
# The conformance path (decode_luma, default options: both decoders and the grade) against
# zxing-cpp on the ten synthetic 1080 × 2340 screenshots of the decoder bench, in alternating
# rounds: zxing-cpp (scripts/bench_peers.py), then `bench_decoders run` on the same pictures,
# one right after the other; each round's ratio is the figure, its load average beside it.
#
# Usage: scripts/bench-conformance-alternate.sh [WORK_DIR] [CORPUS_DIR] [ROUNDS]
# WORK_DIR is prepared as scripts/bench-alternate.sh prepares it.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/bench-decoders}"
corpus="${2:-../shared/corpus}"
rounds="${3:-3}"

source scripts/bench-common.sh
bench_peers_python
bench_prepared "$work" "$corpus"
screens="$work/screenshots"
mkdir -p "$screens"
(head -1 "$work/manifest.tsv"; grep screenshot "$work/manifest.tsv") >"$screens/manifest.tsv"

for round in $(seq 1 "$rounds"); do
  echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg) before zxing-cpp"
  "$python" scripts/bench_peers.py "$screens/manifest.tsv" "$screens/peers.tsv" 2>/dev/null
  echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg) before decode_luma"
  "$bench" run "$screens" | grep -m1 screenshot
done
