#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60) with corpora seeded from the
# conformance vectors, and prints one line per target: executions, coverage, crashes.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Uses the machine's stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz pass its sanitizer
# flags. Installs cargo-fuzz when missing. Exit 1 when a target crashed; the crashing input
# is under fuzz/artifacts/TARGET/.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --quiet
fi

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets < <(cargo fuzz list)
fi

# Seed corpora: the texts, records and files of the golden vectors.
python3 - <<'PY'
import json, os, hashlib, glob
def put(target, data):
    d = os.path.join("fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)
for path in sorted(glob.glob("conformance-vectors/vectors/*.json")):
    raw = open(path, "rb").read()
    vector = json.loads(raw)
    text = bytes.fromhex(vector["text_hex"]) if "text_hex" in vector else vector["text"].encode()
    for target in ("payload_roundtrip", "recognise", "signature_verify"):
        put(target, text)
    if "record" in vector:
        put("record_build", json.dumps(vector["record"]).encode())
    put("vector_load", raw)
    if "image" in vector:
        put("image_decode", open(os.path.join(os.path.dirname(path), vector["image"]), "rb").read())
for path in sorted(glob.glob("crates/sign/testdata/*.json")):
    put("trust_list_load", open(path, "rb").read())
PY

cargo fuzz build -O >/dev/null

status=0
printf '%-20s %12s %8s %8s %s\n' target executions cov features crashes
for target in "${targets[@]}"; do
    log=$(mktemp)
    set +e
    (cargo fuzz run -O "$target" -- -max_total_time="$seconds" -print_final_stats=1 \
        -rss_limit_mb=2048 -timeout=10 >"$log" 2>&1)
    code=$?
    set -e
    execs=$(grep -E '^stat::number_of_executed_units' "$log" | awk '{print $2}' | tail -1 || true)
    cov=$(grep -Eo 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
    ft=$(grep -Eo 'ft: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
    crashes=$(ls "fuzz/artifacts/$target" 2>/dev/null | grep -c -E '^(crash|leak|timeout|oom)-' || true)
    printf '%-20s %12s %8s %8s %s\n' "$target" "${execs:-?}" "${cov:-?}" "${ft:-?}" "$crashes"
    if [ "$code" -ne 0 ]; then
        status=1
        tail -30 "$log" >&2
    fi
    rm -f "$log"
done
exit $status
