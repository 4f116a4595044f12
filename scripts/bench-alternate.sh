#!/usr/bin/env bash
# The reader's fast path against zxing-cpp on the same pictures, in alternating rounds: each
# round times zxing-cpp (scripts/bench_peers.py) and then this crate's fast path
# (`bench_decoders run DIR --fast-only`) one right after the other, so both see the same load;
# the ratio of each round is the figure to compare, the load average is printed beside it.
#
# Usage: scripts/bench-alternate.sh [WORK_DIR] [CORPUS_DIR] [ROUNDS]
# WORK_DIR is prepared (pictures synthesised, manifest written) when it has no manifest.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/bench-decoders}"
corpus="${2:-../shared/corpus}"
rounds="${3:-3}"

source scripts/bench-common.sh
bench_peers_python
bench_prepared "$work" "$corpus"

for round in $(seq 1 "$rounds"); do
  echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg) before zxing-cpp"
  "$python" scripts/bench_peers.py "$work/manifest.tsv" "$work/peers.tsv" 2>/dev/null
  echo "round $round: load average $(cut -d' ' -f1-3 /proc/loadavg) before the fast path"
  "$bench" run "$work" --fast-only | tee "$work/alternate-$round.md" | grep -E 'all with codes|false positives'
done
