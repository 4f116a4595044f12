#!/usr/bin/env bash
# The Python binding: build it into a virtual environment with maturin, run pytest. From any
# directory. Needs python3 (3.9 or later) with venv; maturin and pytest come from PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."

venv=target/venv-python
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "maturin>=1.5,<2" "pytest>=7"
(cd bindings/python && VIRTUAL_ENV="$PWD/../../$venv" "../../$venv/bin/maturin" develop --locked -q)
"$venv/bin/python" -m pytest -q bindings/python/tests
