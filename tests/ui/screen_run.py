"""Running the screenshot walk (python -m ui.screenshots) in a process of its own.

The screen size is fixed when the QApplication starts, so each screen size needs
its own process; the tests share this runner and read back its problems.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROLES = "officer,intake,shift-lead,dispatcher,department,supervisor,admin"


def run_screens(
    tmp_path: Path, screen: str, checks: str
) -> tuple[subprocess.CompletedProcess, Path]:
    out = tmp_path / "shots"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QTWEBENGINE_DISABLE_SANDBOX="1")
    run = subprocess.run(
        [sys.executable, "-m", "ui.screenshots", "--out", str(out), "--months", "1",
         "--data-dir", str(tmp_path / "data"), "--roles", ROLES, "--lang", "zh_CN",
         "--screen", screen, "--check", checks],
        env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    return run, out


def problems(run: subprocess.CompletedProcess) -> list[str]:
    return [line for line in run.stderr.splitlines() if line.startswith("PROBLEM")]
