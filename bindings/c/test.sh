#!/usr/bin/env bash
# The C binding: header drift, the C test program (gcc) under valgrind. From any directory.
# Needs cbindgen (`cargo install --locked cbindgen`), gcc and valgrind.
set -euo pipefail
cd "$(dirname "$0")/../.."

cargo build -q --locked -p qr1405-c

# The checked-in header is exactly what cbindgen makes of the crate.
generated=$(mktemp)
trap 'rm -f "$generated"' EXIT
cbindgen --quiet --config bindings/c/cbindgen.toml --crate qr1405-c --output "$generated" bindings/c
diff -u bindings/c/include/qr1405.h "$generated" || {
    echo "bindings/c/include/qr1405.h is stale: regenerate it with"
    echo "  cbindgen --config bindings/c/cbindgen.toml --crate qr1405-c --output bindings/c/include/qr1405.h bindings/c"
    exit 1
}

gcc -std=c11 -Wall -Wextra -Werror -O1 -g -Ibindings/c/include bindings/c/tests/reader_test.c \
    -Ltarget/debug -lqr1405 -Wl,-rpath,"$PWD/target/debug" -o target/qr1405_c_test
# Leaks that are definite or indirect fail the run; "possibly lost" is left out because the
# Rust runtime keeps one handle of the main thread for the life of the process.
valgrind --quiet --leak-check=full --show-possibly-lost=no --errors-for-leak-kinds=definite,indirect \
    --error-exitcode=1 target/qr1405_c_test .
