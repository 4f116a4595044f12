#!/usr/bin/env bash
# Runs every fuzz target (or those named) for SECONDS each (default 60), one after the other,
# with corpora seeded from the conformance vectors and the crates' test data, and prints one
# line per target: executions, speed, coverage, peak memory and the crashes of this run.
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]
#
# Builds optimised with debug assertions and overflow checks, under AddressSanitizer, with the
# machine's stable toolchain: RUSTC_BOOTSTRAP lets cargo-fuzz pass its sanitizer flags.
# Installs cargo-fuzz when missing. Corpora grow in fuzz/corpus/TARGET, crashing inputs land
# in fuzz/artifacts/TARGET, and each run's full libFuzzer log is fuzz/logs/TARGET.log (all
# three are ignored by git). Exits 1 when a target crashed, leaked, ran out of memory or
# timed out; 2 on bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-60}
shift || true
if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
    echo "usage: scripts/fuzz.sh [SECONDS] [TARGET…] (SECONDS a positive integer, not '$seconds')" >&2
    exit 2
fi
export RUSTC_BOOTSTRAP=1

if ! command -v cargo-fuzz >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked --quiet
fi

known=$(cargo fuzz list)
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    mapfile -t targets <<<"$known"
fi
for target in "${targets[@]}"; do
    if ! [[ $'\n'$known$'\n' == *$'\n'"$target"$'\n'* ]]; then
        echo "no fuzz target '$target'; the targets are: ${known//$'\n'/ }" >&2
        exit 2
    fi
done

# Seed corpora: the texts, records, files and images of the golden vectors, the trust lists of
# the signature crate, the claims, facts (with their clocks) and rule sets of the green card,
# the test signer certificates and DSC trust list of the EU certificates, and the files under
# fuzz/seeds/TARGET (pictures in every format the decoder reads).
python3 - <<'PY'
import glob, hashlib, json, os

def put(target, data):
    d = os.path.join("fuzz", "corpus", target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

def read(path):
    with open(path, "rb") as f:
        return f.read()

for path in sorted(glob.glob("conformance-vectors/vectors/*.json")):
    raw = read(path)
    vector = json.loads(raw)
    put("vector_load", raw)
    if "text_hex" in vector:
        text = bytes.fromhex(vector["text_hex"])
    elif "text" in vector:
        text = vector["text"].encode()
    else:
        text = None
    if text is not None:
        for target in ("payload_roundtrip", "recognise", "signature_verify"):
            put(target, text)
    if vector.get("record") is not None:
        put("record_build", json.dumps(vector["record"]).encode())
    image = vector.get("image")
    if image and os.path.exists(os.path.join(os.path.dirname(path), image)):
        put("image_decode", read(os.path.join(os.path.dirname(path), image)))
for path in sorted(glob.glob("crates/sign/testdata/*.json")):
    put("trust_list_load", read(path))
for path in sorted(glob.glob("crates/greencard/rules/*.json")):
    put("greencard_claim", read(path))
for path in sorted(glob.glob("crates/greencard/vectors/*.json")):
    for vector in json.loads(read(path)):
        facts = json.dumps(vector["facts"], indent=2)
        put("greencard_claim", facts.encode())
        put("greencard_claim", (facts + "\n@" + vector["at"]).encode())
        put("greencard_claim", vector["claim"].encode())
        put("greencard_claim", (vector["claim"] + "\n@" + vector["at"]).encode())
for path in sorted(glob.glob("crates/testkeys/certificates/*.pem")):
    put("dcc_signers", read(path))
# A PEM bundle of every test signer certificate, as `qr1405 verify --dsc` reads one.
put("dcc_signers", b"".join(read(p) for p in sorted(glob.glob("crates/testkeys/certificates/*-dsc.pem"))))
put("dcc_signers", read("conformance-vectors/eu-dcc/signers.json"))
for path in sorted(glob.glob("fuzz/seeds/*/*")):
    put(os.path.basename(os.path.dirname(path)), read(path))
# The EU's test vectors beside the clone, when present: their texts and COSE structures.
for path in sorted(glob.glob("../shared/corpus/dgc-testdata/**/*.json", recursive=True)):
    try:
        vector = json.loads(read(path))
        if isinstance(vector, dict) and vector.get("PREFIX"):
            put("dcc_open", vector["PREFIX"].encode())
        if isinstance(vector, dict) and vector.get("COSE"):
            put("dcc_cose", bytes.fromhex(vector["COSE"]))
        certificate = vector.get("TESTCTX", {}).get("CERTIFICATE") if isinstance(vector, dict) else None
        if certificate:
            put("dcc_signers", certificate.encode())
    except ValueError:
        pass
PY

cargo fuzz build >/dev/null
mkdir -p fuzz/logs

# The last value of a libFuzzer field ("cov:", "stat::peak_rss_mb:") in a log; "?" if none.
field() {
    awk -v name="$1" '{ for (i = 1; i < NF; i++) if ($i == name) value = $(i + 1) }
        END { print (value == "" ? "?" : value) }' "$2"
}

status=0
printf '%-18s %7s %12s %8s %6s %7s %7s %s\n' \
    target seconds executions exec/s cov features rss_mb crashes
for target in "${targets[@]}"; do
    log="fuzz/logs/$target.log"
    artifacts="fuzz/artifacts/$target"
    mkdir -p "$artifacts"
    marker=$(mktemp)
    set +e
    cargo fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=1 \
        -rss_limit_mb=2048 -timeout=10 >"$log" 2>&1
    code=$?
    set -e
    # Failing inputs of this run only: written after the marker.
    found=$(find "$artifacts" -maxdepth 1 -type f -newer "$marker" \
        \( -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
    rm -f "$marker"
    printf '%-18s %7s %12s %8s %6s %7s %7s %s\n' "$target" "$seconds" \
        "$(field 'stat::number_of_executed_units:' "$log")" \
        "$(field 'stat::average_exec_per_sec:' "$log")" \
        "$(field 'cov:' "$log")" "$(field 'ft:' "$log")" \
        "$(field 'stat::peak_rss_mb:' "$log")" "$found"
    if [ "$code" -ne 0 ] || [ "$found" -ne 0 ]; then
        status=1
        echo "--- $target failed (exit $code); the end of $log:" >&2
        tail -30 "$log" >&2
    fi
done
exit $status
