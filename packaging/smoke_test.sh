#!/usr/bin/env bash
# The bundle smoke test (see packaging/smoke_test.py): packaging/build.sh && packaging/smoke_test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
exec "${PYTHON:-.venv/bin/python}" packaging/smoke_test.py "$@"
