#!/usr/bin/env bash
# The bindings' overhead over the Rust call for a text read (docs/performance.md, Bindings).
# Builds everything in release, reads each text of scripts/bench-texts.txt ITERATIONS times
# through Rust, C, Python and Java, and prints ns per read and the overhead over Rust.
# Needs gcc, python3 with venv, a JDK 17 or later. Usage: scripts/bench-bindings.sh [ITERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-20000}
out=target/bench-bindings
mkdir -p "$out"

cargo build -q --release --locked -p qr1405-reader --example bench_read
cargo build -q --release --locked -p qr1405-c -p qr1405-java
target/release/examples/bench_read . "$n" > "$out/rust.tsv"

gcc -std=c11 -O2 -Ibindings/c/include bindings/c/bench/reader_bench.c \
    -Ltarget/release -lqr1405 -Wl,-rpath,"$PWD/target/release" -o "$out/reader_bench"
"$out/reader_bench" "$n" > "$out/c.tsv"

venv=target/venv-python-release
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.5,<2"
(cd bindings/python && VIRTUAL_ENV="$PWD/../../$venv" "../../$venv/bin/maturin" develop --release --locked -q)
"$venv/bin/python" bindings/python/bench/bench_read.py "$n" > "$out/python.tsv"

rm -rf "$out/java" && mkdir -p "$out/java"
javac -d "$out/java" bindings/java/java/vn/qr1405/*.java bindings/java/bench/ReaderBench.java
java -Dqr1405.library="$PWD/target/release/libqr1405_jni.so" -cp "$out/java" ReaderBench "$n" > "$out/java.tsv"

echo "text      rust ns   C ns (+%)        C+json ns (+%)   Python ns (+%)   Java ns (+%)"
paste "$out/rust.tsv" "$out/c.tsv" "$out/python.tsv" "$out/java.tsv" | awk -F'\t' '
    function pct(x, base) { return sprintf("%.0f (%+.0f%%)", x, 100 * (x - base) / base) }
    { printf "%-9s %-9s %-16s %-16s %-16s %s\n", $1, $2, pct($4, $2), pct($5, $2), pct($7, $2), pct($9, $2) }'
