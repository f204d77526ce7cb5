#!/usr/bin/env bash
# Per-user install of the built bundle on Linux (no root): the program under
# ~/.local/opt/gridapp, a `gridapp` link in ~/.local/bin, the menu entry and icon.
# User data stays in ~/.local/share/gridapp/gridapp (QStandardPaths AppDataLocation),
# which neither this script nor `install.sh --uninstall` touches.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE=${BUNDLE:-$HERE/../../dist/gridapp}
PREFIX=${PREFIX:-$HOME/.local}
apps=$PREFIX/share/applications
icons=$PREFIX/share/icons/hicolor
if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$PREFIX/opt/gridapp" "$PREFIX/bin/gridapp" "$apps/gridapp.desktop" \
        "$icons/256x256/apps/gridapp.png" "$icons/scalable/apps/gridapp.svg"
    echo "gridapp removed (data kept in ${XDG_DATA_HOME:-$HOME/.local/share}/gridapp)"
    exit 0
fi
[ -x "$BUNDLE/gridapp" ] || { echo "no bundle at $BUNDLE: run packaging/build.sh" >&2; exit 2; }
mkdir -p "$PREFIX/opt" "$PREFIX/bin" "$apps" "$icons/256x256/apps" "$icons/scalable/apps"
rm -rf "$PREFIX/opt/gridapp.new"
cp -a "$BUNDLE" "$PREFIX/opt/gridapp.new"
rm -rf "$PREFIX/opt/gridapp" && mv "$PREFIX/opt/gridapp.new" "$PREFIX/opt/gridapp"
ln -sf "$PREFIX/opt/gridapp/gridapp" "$PREFIX/bin/gridapp"
sed "s|^Exec=gridapp|Exec=$PREFIX/opt/gridapp/gridapp|; s|^TryExec=gridapp|TryExec=$PREFIX/opt/gridapp/gridapp|" \
    "$HERE/gridapp.desktop" > "$apps/gridapp.desktop"
cp "$HERE/../icons/gridapp.png" "$icons/256x256/apps/gridapp.png"
cp "$HERE/../icons/gridapp.svg" "$icons/scalable/apps/gridapp.svg"
command -v update-desktop-database >/dev/null && update-desktop-database "$apps" || true
echo "gridapp installed in $PREFIX/opt/gridapp (menu: 网格化城市管理)"
