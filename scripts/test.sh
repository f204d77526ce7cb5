#!/usr/bin/env bash
# Run every check CI runs: set-up, ruff, the import-layer contracts, the core tests
# in a Python without Qt, then the whole suite offscreen. Extra args go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh tests
export QT_QPA_PLATFORM=offscreen QTWEBENGINE_DISABLE_SANDBOX=1 PYTHONDONTWRITEBYTECODE=1

echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check . >/dev/null || { .venv/bin/ruff format --check .; exit 1; }

echo "== import layers (gridapp never imports Qt; ui above gridapp)"
.venv/bin/lint-imports

echo "== tests/core without PySide6"
.venv-core/bin/python - <<'PY'
import importlib.util, sys
sys.exit("PySide6 must not be installed in .venv-core" if importlib.util.find_spec("PySide6") else 0)
PY
.venv-core/bin/python -m pytest tests/core -q -p no:cacheprovider "$@"

echo "== full suite (offscreen, two workers: most tests wait on servers, subprocesses or Qt)"
.venv/bin/python -m pytest -q -p no:cacheprovider --ignore=tests/core -n 2 --dist loadfile "$@"
