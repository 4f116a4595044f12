"""Times Reader.read through the Python binding (scripts/bench-bindings.sh): one line per text
of scripts/bench-texts.txt, "name<TAB>ns per read"."""

import pathlib
import sys
import time

import qr1405

iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
vectors = pathlib.Path("conformance-vectors")
reader = qr1405.Reader((vectors / "trust-list.json").read_bytes(), (vectors / "root.pub").read_text())
for line in pathlib.Path("scripts/bench-texts.txt").read_text("utf-8").splitlines():
    if line.startswith("#") or "\t" not in line:
        continue
    name, text = line.split("\t", 1)
    data = text.encode("utf-8")
    for _ in range(iterations // 10):
        reader.read(data, 1654045200)
    start = time.perf_counter_ns()
    for _ in range(iterations):
        reader.read(data, 1654045200)
    print(f"{name}\t{(time.perf_counter_ns() - start) // iterations}")
