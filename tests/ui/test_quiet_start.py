"""A normal start of the desktop prints the program's progress, not alarming noise.

Chromium's GPU and D-Bus complaints, Qt's OpenGL/Vulkan fallbacks and one line per
HTTP request appear only with ``--verbose``. The app runs for real (main.py, the
embedded demo service, QtWebEngine offscreen) on a small prebuilt demo.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gridapp.demo.build import build_demo_store
from gridapp.demo.store import DEMO_DB_NAME

ROOT = Path(__file__).resolve().parents[2]
NOISE = ("HTTP Request:", '"GET /api', "dbus", "QRhi", "Vulkan", "alembic")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("quiet")
    (folder / "demo").mkdir()
    build_demo_store(folder / "demo" / DEMO_DB_NAME, months=1, per_day=3).close()
    return folder


def start(data_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    env.pop("QTWEBENGINE_CHROMIUM_FLAGS", None)
    env.pop("QT_LOGGING_RULES", None)
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--demo", "--data-dir", str(data_dir),
         "--screenshot", str(data_dir / "shot.png"), *extra],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_normal_start_is_quiet_and_verbose_shows_everything(data_dir):
    quiet = start(data_dir)
    assert quiet.returncode == 0, quiet.stderr[-3000:]
    printed = quiet.stdout + quiet.stderr
    assert "screenshot saved" in printed and "logged in as zhiban" in printed
    for noise in NOISE:
        assert noise not in printed, f"{noise!r} in a normal start:\n{printed[-3000:]}"
    assert "first sync:" in printed  # a new laptop store: the first pull says how far
    other = [line for line in printed.splitlines() if "first sync:" not in line]
    assert len(other) <= 6, printed

    loud = start(data_dir, "--verbose")
    assert loud.returncode == 0, loud.stderr[-3000:]
    said = loud.stdout + loud.stderr
    assert "HTTP Request:" in said and '"GET /api/v1/health' in said  # client and service
