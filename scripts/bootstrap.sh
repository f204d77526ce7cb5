#!/usr/bin/env bash
# Set up everything gridapp needs on a fresh Debian 12 / Python 3.11 machine.
#   scripts/bootstrap.sh app    system libraries for Qt + .venv with the app
#   scripts/bootstrap.sh tests  the same, plus test tools and .venv-core (no Qt)
# Idempotent and quick when nothing changed (a stamp of pyproject.toml per venv).
set -euo pipefail
cd "$(dirname "$0")/.."
mode="${1:-app}"

say() { printf '[bootstrap] %s\n' "$*" >&2; }

# --- Python 3.11+ --------------------------------------------------------------------
find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}
PY="$(find_python)" || {
  say "Python 3.11–3.13 is required. On Debian 12: sudo apt-get install -y python3 python3-venv"
  exit 1
}

# --- system packages (Debian names) ----------------------------------------------------
# QtWebEngine offscreen, a real X window, a CJK font, and the PDF tools of the test suite.
pkgs=(libgl1 libegl1 libglib2.0-0 libfontconfig1 libnss3 libasound2 libdbus-1-3 libgbm1
      libxkbcommon0 libx11-xcb1 libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1
      libbrotli1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
      libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-zenhei)
# tests/deploy runs the shipped deploy/ files for real: nginx in front of the service,
# logrotate on its access log, systemd-analyze on the units (package systemd).
if [ "$mode" = tests ]; then pkgs+=(poppler-utils xvfb nginx logrotate systemd); fi
missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ! "$PY" -m venv --help >/dev/null 2>&1 || ! "$PY" -c 'import ensurepip' 2>/dev/null; then
    missing+=(python3-venv)
  fi
fi
# nginx's package starts (and on systemd enables) its own service when installed; the
# tests start their own nginx on free ports, so no service is started here: Debian's
# policy-rc.d switch (exit 101: "action forbidden") for the install only, and on a
# systemd host the unit the install enabled is disabled again.
no_service_start() {  # no_service_start SUDO-PREFIX...: run on a fresh nginx install only
  [[ " ${missing[*]} " == *" nginx "* ]] || return 0
  [ -e /usr/sbin/policy-rc.d ] && return 0
  "$@" sh -c 'printf "#!/bin/sh\nexit 101\n" > /usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d'
  made_policy=1
}
after_install() {  # after_install SUDO-PREFIX...
  [ "${made_policy:-0}" = 1 ] || return 0
  "$@" rm -f /usr/sbin/policy-rc.d
  if [ -d /run/systemd/system ]; then "$@" systemctl disable --quiet nginx || true; fi
}
if [ ${#missing[@]} -gt 0 ]; then
  apt_cmd=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    no_service_start env
    trap 'after_install env' EXIT
    "${apt_cmd[@]}" -qq >/dev/null
    after_install env; trap - EXIT
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    say "installing system packages with sudo: ${missing[*]}"
    sudo DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    no_service_start sudo
    trap 'after_install sudo' EXIT
    sudo DEBIAN_FRONTEND=noninteractive "${apt_cmd[@]}" -qq >/dev/null
    after_install sudo; trap - EXIT
  else
    say "missing system packages. Install them with:"
    say "  sudo apt-get update && sudo ${apt_cmd[*]}"
    exit 1
  fi
fi

# --- virtual environments -------------------------------------------------------------
make_venv() {  # make_venv DIR EXTRAS
  local dir="$1" extras="$2" stamp
  stamp="$(cat pyproject.toml | sha256sum | cut -c1-16)-$extras"
  if [ ! -x "$dir/bin/python" ]; then
    say "creating $dir"
    "$PY" -m venv "$dir"
  fi
  if [ "$(cat "$dir/.gridapp-stamp" 2>/dev/null)" != "$stamp" ]; then
    say "installing Python packages into $dir ($extras)"
    local log="$dir/.gridapp-install.log"
    if ! { "$dir/bin/python" -m pip install --disable-pip-version-check -U pip &&
           "$dir/bin/python" -m pip install --disable-pip-version-check -e ".[$extras]"; } >"$log" 2>&1; then
      tail -n 40 "$log" >&2
      say "pip install failed; the full log is in $log"
      exit 1
    fi
    echo "$stamp" > "$dir/.gridapp-stamp"
  fi
}

case "$mode" in
  app)   make_venv .venv "ui,reports,server" ;;
  tests) make_venv .venv "ui,reports,server,dev,dev-ui"
         make_venv .venv-core "dev" ;;
  *)     say "usage: scripts/bootstrap.sh app|tests"; exit 2 ;;
esac
