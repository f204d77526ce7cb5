"""The built bundle, smoke-tested (packaging/smoke_test.py) — only when it has been built.

CI does not build the bundle (PyInstaller takes ~2 min and writes ~600 MB), so this
test skips without ``dist/gridapp``. The README-named command is

    packaging/build.sh && packaging/smoke_test.sh

and packaging/README.md quotes its output. The cheap checks below (spec, desktop
entry, icon, installer script) always run.
"""

from __future__ import annotations

import configparser
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
BUNDLE = ROOT / "dist" / "gridapp"


@pytest.mark.slow
@pytest.mark.skipif(not (BUNDLE / "gridapp").is_file(), reason="run packaging/build.sh first")
def test_bundle_smoke():
    proc = subprocess.run(
        [sys.executable, str(PACKAGING / "smoke_test.py"), "--bundle", str(BUNDLE)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    print(proc.stdout, proc.stderr)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "SMOKE TEST PASSED" in proc.stdout


def test_desktop_entry():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive
    entry.read(PACKAGING / "linux" / "gridapp.desktop", encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Type"] == "Application"
    assert section["Exec"].split()[0].endswith("gridapp")
    assert section["Icon"] == "gridapp"
    assert "Name[zh_CN]" in section
    assert section["Categories"].endswith(";")


def test_icon_png_is_256_px():
    from PIL import Image

    with Image.open(PACKAGING / "icons" / "gridapp.png") as img:
        assert img.size == (256, 256)
    assert (PACKAGING / "icons" / "gridapp.svg").read_text().startswith("<svg")


def test_installer_keeps_user_data_and_installs_per_user():
    iss = (PACKAGING / "windows" / "gridapp.iss").read_text(encoding="utf-8")
    assert r"DefaultDirName={localappdata}\Programs\gridapp" in iss
    assert "PrivilegesRequired=lowest" in iss
    assert "ChineseSimplified.isl" in iss
    assert "{userappdata}" not in iss.split("[UninstallDelete]")[-1]


def test_spec_carries_what_the_app_loads_from_files():
    spec = (PACKAGING / "gridapp.spec").read_text(encoding="utf-8")
    for needed in (
        '"db" / "migrations"',
        '"db" / "reference"',
        '"translations"',
        "xstatic.pkg.leaflet",
        "uvicorn.lifespan.on",
        "entry_cli.py",
        "resources/fonts",
    ):
        assert needed in spec, needed
