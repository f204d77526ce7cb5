"""Where the embedded demo lives, and opening it (building it on first use)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from gridapp.demo.build import build_demo_store
from gridapp.demo.progress import OnProgress
from gridapp.workspace import Workspace

DEMO_DB_NAME = "central.db"


def open_demo(
    data_dir: Path,
    *,
    end: date | None = None,
    months: int | None = None,
    on_progress: OnProgress | None = None,
) -> Workspace:
    """Open ``data_dir/demo/central.db``, building it first if it is not there.

    The build happens in a side folder renamed into place at the end, so an
    interrupted build never leaves a half demo behind.
    """
    folder = Path(data_dir) / "demo"
    path = folder / DEMO_DB_NAME
    if not path.exists():
        staging = Path(data_dir) / "demo.building"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        extra = {"months": months} if months else {}
        build_demo_store(staging / DEMO_DB_NAME, end=end, on_progress=on_progress, **extra).close()
        shutil.rmtree(folder, ignore_errors=True)
        staging.rename(folder)
    return Workspace.open(path)
