#!/usr/bin/env bash
# Runs the workspace's tests ROUNDS times (default 5), optimised, each round with a fresh
# random seed and CASES cases per property test (default 4096; a block that sets its own
# count keeps it, and gets its new cases from the new seeds). Finds the property failures
# that an ordinary run of 256 cases meets once in a hundred runs.
#
#   scripts/proptest-soak.sh [ROUNDS] [CASES]
#
# Proptest saves a failing case beside the test's source (the crate's proptest-regressions/
# for unit tests, tests/NAME.proptest-regressions for integration tests; `cc …` lines) and
# replays it first in every later run, so later rounds repeat it until it is fixed; pin it
# as a plain test, then delete the file. The failing round's log is target/soak/round-N.log.
# Exits 1 when a round failed, 2 on bad arguments.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=${1:-5}
cases=${2:-4096}
for value in "$rounds" "$cases"; do
    if ! [[ $value =~ ^[1-9][0-9]*$ ]]; then
        echo "usage: scripts/proptest-soak.sh [ROUNDS] [CASES] (positive integers, not '$value')" >&2
        exit 2
    fi
done

# A pinned seed (as in CI) would make every round the same.
unset PROPTEST_RNG_SEED
export PROPTEST_CASES=$cases CARGO_TARGET_DIR=target/soak
mkdir -p target/soak
cargo test --release --workspace --locked --no-run -q

failed=0
for round in $(seq 1 "$rounds"); do
    log=target/soak/round-$round.log
    start=$(date +%s)
    if cargo test --release --workspace --locked -q --no-fail-fast >"$log" 2>&1; then
        echo "round $round: passed in $(($(date +%s) - start)) s"
        rm "$log"
    else
        echo "round $round: FAILED in $(($(date +%s) - start)) s; log: $log"
        grep -E -- '^---- |^minimal failing input|^Test aborted|^cc ' "$log" | sed 's/^/  /' || true
        failed=1
    fi
done
exit "$failed"
