#!/usr/bin/env bash
# The bindings' overhead over the Rust call for a text read (docs/performance.md, Bindings).
# Builds everything in release, then runs ROUNDS rounds; each round runs Rust, C, Python and
# Java one after the other, each reading each text of scripts/bench-texts.txt ITERATIONS times
# (after a warm-up) with the bundled trust list and the same clock. Alternating the sides round
# by round spreads the load of a shared machine over all of them. Prints, per text and side,
# the fastest and the median round in ns per read and their overhead over Rust's.
# Needs gcc, python3 with venv, a JDK 17 or later.
# Usage: scripts/bench-bindings.sh [ITERATIONS [ROUNDS]]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
rounds=${2:-5}
out=target/bench-bindings
mkdir -p "$out"

cargo build -q --release --locked -p qr1405-reader --example bench_read
cargo build -q --release --locked -p qr1405-c -p qr1405-java

gcc -std=c11 -O2 -Ibindings/c/include bindings/c/bench/reader_bench.c \
    -Ltarget/release -lqr1405 -Wl,-rpath,"$PWD/target/release" -o "$out/reader_bench"

venv=target/venv-python-release
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.5,<2"
(cd bindings/python && VIRTUAL_ENV="$PWD/../../$venv" "../../$venv/bin/maturin" develop --release --locked -q)

rm -rf "$out/java" && mkdir -p "$out/java"
javac -d "$out/java" bindings/java/java/vn/qr1405/*.java bindings/java/bench/ReaderBench.java

# One line per round, side and text: "round<TAB>side<TAB>text<TAB>ns".
results="$out/rounds.tsv"
: > "$results"
for round in $(seq "$rounds"); do
    target/release/examples/bench_read . "$n" | awk -v r="$round" -F'\t' '{ print r "\trust\t" $1 "\t" $2 }' >> "$results"
    "$out/reader_bench" "$n" | awk -v r="$round" -F'\t' '{ print r "\tC\t" $1 "\t" $2; print r "\tC+json\t" $1 "\t" $3 }' >> "$results"
    "$venv/bin/python" bindings/python/bench/bench_read.py "$n" | awk -v r="$round" -F'\t' '{ print r "\tPython\t" $1 "\t" $2 }' >> "$results"
    java -Dqr1405.library="$PWD/target/release/libqr1405_jni.so" -cp "$out/java" ReaderBench "$n" \
        | awk -v r="$round" -F'\t' '{ print r "\tJava\t" $1 "\t" $2 }' >> "$results"
    echo "round $round of $rounds done; load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
done

python3 - "$results" <<'EOF'
import statistics, sys
times = {}
for line in open(sys.argv[1]):
    _, side, text, ns = line.rstrip("\n").split("\t")
    times.setdefault((text, side), []).append(int(float(ns)))
texts = list(dict.fromkeys(text for text, _ in times))
sides = ["rust", "C", "C+json", "Python", "Java"]
print(f"{len(times[(texts[0], 'rust')])} rounds; ns per read, fastest round / median round (overhead over Rust's)")
print(f"{'text':<9} " + " ".join(f"{side:<28}" for side in sides))
for text in texts:
    base_min = min(times[(text, "rust")])
    base_med = statistics.median(times[(text, "rust")])
    cells = []
    for side in sides:
        fast, med = min(times[(text, side)]), statistics.median(times[(text, side)])
        if side == "rust":
            cells.append(f"{fast} / {med:.0f}")
        else:
            cells.append(f"{fast} ({100 * (fast - base_min) / base_min:+.0f}%) / {med:.0f} ({100 * (med - base_med) / base_med:+.0f}%)")
    print(f"{text:<9} " + " ".join(f"{cell:<28}" for cell in cells))
EOF
