"""The desktop loads the core before PySide6, so PySide6's import hook skips the core."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_app_imports_the_core_before_pyside6():
    # as main.py starts the app; sys.modules keeps the order imports began in
    code = (
        "import json, sys\n"
        "import ui.app\n"
        "import shibokensupport.feature as feature\n"
        "names = list(sys.modules)\n"
        "print(json.dumps([names.index('gridapp.workspace'), names.index('PySide6'),\n"
        "    'sqlalchemy.sql.compiler' in feature.pyside_feature_dict]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
    )
    core, pyside, core_checked = json.loads(out.stdout.strip().splitlines()[-1])
    assert core < pyside
    # PySide6 read no source of SQLAlchemy's modules (its hook's cost at start)
    assert not core_checked
