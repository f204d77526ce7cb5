"""Shared fixtures: fresh stores in tmp dirs with the demo district's reference data.

Tests never touch the real data directory. The district reference (grids, users,
departments) is written once per session into a template file and copied per test.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from datetime import datetime
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The live sync service needs the server packages; tests/core runs without them.
if all(importlib.util.find_spec(m) for m in ("fastapi", "uvicorn", "httpx")):
    pytest_plugins = ["tests.live_server"]

from gridapp.demo.build import DEMO_SEED  # noqa: E402
from gridapp.demo.reference import write_demo_reference  # noqa: E402
from gridapp.store.database import Database  # noqa: E402
from gridapp.workspace import Workspace  # noqa: E402
from tests.fs_helpers import small_disk  # noqa: E402, F401 (a fixture: a small tmpfs of its own)


class Clock:
    """A settable clock: tests move time explicitly."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        from datetime import timedelta

        self.now = self.now + timedelta(**kwargs)
        return self.now


@pytest.fixture(scope="session")
def reference_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "reference.db"
    db = Database(path)
    write_demo_reference(db, seed=DEMO_SEED)
    db.close()  # the last connection to close checkpoints the WAL into the main file
    assert not path.with_name(path.name + "-wal").exists()
    return path


@pytest.fixture
def store_path(reference_template: Path, tmp_path: Path) -> Path:
    """A fresh central store with the demo district and no cases."""
    path = tmp_path / "store.db"
    shutil.copyfile(reference_template, path)
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 16, 9, 0))  # a Monday morning


@pytest.fixture
def ws(store_path: Path, clock: Clock) -> Workspace:
    workspace = Workspace.open(store_path, clock=clock)
    yield workspace
    workspace.close()
