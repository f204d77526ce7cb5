"""The screenshot run (python -m ui.screenshots) on a small demo: every role's main
screen is drawn, the map page loaded with no JavaScript error, nothing is blank."""

from __future__ import annotations

import os
import subprocess
import sys

from PIL import Image, ImageStat


def test_screenshot_run_shows_every_role_with_the_map(tmp_path):
    out = tmp_path / "shots"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    run = subprocess.run(
        [sys.executable, "-m", "ui.screenshots", "--out", str(out), "--months", "1",
         "--data-dir", str(tmp_path / "data"), "--roles", "officer,dispatcher,supervisor,admin"],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    names = {p.name for p in out.glob("*.png")}
    assert {"officer.png", "officer-dialog.png", "dispatcher.png", "supervisor.png",
            "supervisor-dialog.png", "admin.png", "admin-tab.png"} <= names  # fmt: skip
    for name in names:
        with Image.open(out / name) as image:
            assert image.width >= 600 and image.height >= 400, name
            spread = ImageStat.Stat(image.convert("L")).stddev[0]
            assert spread > 10, f"{name} looks blank (stddev {spread:.1f})"
    assert "PROBLEM" not in run.stderr
