#!/usr/bin/env bash
# Build the one-folder desktop bundle into dist/gridapp/ (Linux). Idempotent.
#   packaging/build.sh            # uses .venv's PyInstaller (pip install -e '.[ui,server,reports,packaging]')
#   GRIDAPP_BUNDLE_FONT=/path/font.ttc packaging/build.sh
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}

if ! "$PY" -c "import PyInstaller" 2>/dev/null; then
    echo "PyInstaller is missing: $PY -m pip install -e '.[packaging]'" >&2
    exit 2
fi
font=${GRIDAPP_BUNDLE_FONT:-/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc}
if [ ! -f "$font" ]; then
    echo "CJK font $font not found: apt-get install fonts-wqy-zenhei (or set GRIDAPP_BUNDLE_FONT)" >&2
    exit 2
fi
# The icon PNG is committed; (re)make it only when missing.
[ -f packaging/icons/gridapp.png ] || "$PY" packaging/icons/make_icons.py

started=$(date +%s)
# --clean: no stale analysis from an earlier tree; --noconfirm: replace dist/gridapp.
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" packaging/gridapp.spec
elapsed=$(( $(date +%s) - started ))

du -sh dist/gridapp | awk -v s="$elapsed" '{print "dist/gridapp: " $1 " (built in " s " s)"}'
echo "files: $(find dist/gridapp -type f | wc -l); run: dist/gridapp/gridapp --demo; dist/gridapp/gridapp-cli --help"
