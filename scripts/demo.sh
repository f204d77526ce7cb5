#!/usr/bin/env bash
# Start gridapp on the embedded demo (淄博市周村区, six months of cases).
# Sets everything up first. Extra arguments go to main.py (try --help).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh app
export QTWEBENGINE_DISABLE_SANDBOX="${QTWEBENGINE_DISABLE_SANDBOX:-$([ "$(id -u)" = 0 ] && echo 1 || echo 0)}"
exec .venv/bin/python main.py --demo "$@"
