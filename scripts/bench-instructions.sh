#!/usr/bin/env bash
# Instructions per picture of the reader's fast path (`read_text_luma`), set by set, counted by
# callgrind: the figure that does not move with the load on a shared machine. Each set of a
# prepared bench (see scripts/bench-alternate.sh) is read once with `bench_decoders run
# --fast-only` under callgrind, counting only inside `read_text_luma` (loading and rotating
# the pictures excluded).
#
# Usage: scripts/bench-instructions.sh [WORK_DIR] [BENCH_BINARY]
# BENCH_BINARY defaults to this tree's release build of the example, so two builds (before and
# after a change) can be counted on the same pictures.
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-target/bench-decoders}"
bench="${2:-}"
if [ -z "$bench" ]; then
  cargo build -q --release --locked -p qr1405-symbol --example bench_decoders
  bench=target/release/examples/bench_decoders
fi
command -v valgrind >/dev/null || {
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq valgrind
}
[ -f "$work/manifest.tsv" ] || "$bench" prepare "$work" "${CORPUS:-../shared/corpus}"
sets="$work/instruction-sets"
rm -rf "$sets"
mkdir -p "$sets"
header=$(head -1 "$work/manifest.tsv")
echo "| set | pictures | fast path read | instructions per picture |"
echo "|---|---:|---:|---:|"
total_ir=0
total_pictures=0
for set in $(tail -n +2 "$work/manifest.tsv" | cut -f1 | awk '!seen[$0]++'); do
  dir="$sets/${set//\//_}"
  mkdir -p "$dir"
  { echo "$header"; awk -F'\t' -v s="$set" '$1 == s' "$work/manifest.tsv"; } > "$dir/manifest.tsv"
  valgrind --tool=callgrind --callgrind-out-file="$dir/callgrind.out" \
    --toggle-collect='qr1405_symbol::read::read_text_luma' \
    "$bench" run "$dir" --fast-only > "$dir/table.md" 2> "$dir/valgrind.log"
  ir=$(grep -E '^summary:|^totals:' "$dir/callgrind.out" | head -1 | awk '{print $2}')
  row=$(grep -F "| $set" "$dir/table.md" | head -1)
  pictures=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $3); print $3}')
  read=$(echo "$row" | awk -F'|' '{gsub(/ /, "", $4); print $4}')
  printf '| %s | %s | %s | %.2f M |\n' "$set" "$pictures" "$read" "$(awk -v i="$ir" -v p="$pictures" 'BEGIN { print i / p / 1e6 }')"
  case "$set" in *falsepositives*) ;; *)
    total_ir=$((total_ir + ir)); total_pictures=$((total_pictures + pictures)) ;;
  esac
done
printf '| **all with codes** | %s | | %.2f M |\n' "$total_pictures" "$(awk -v i="$total_ir" -v p="$total_pictures" 'BEGIN { print i / p / 1e6 }')"
