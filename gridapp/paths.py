"""Where shipped data lives: next to the package in a checkout, in the bundle when frozen.

``app_root()`` holds ``db/`` (Alembic migrations, reference data) and ``resources/``
(translations, fonts):

- PyInstaller (packaging/gridapp.spec, one folder): ``sys._MEIPASS``, the bundle's
  ``_internal/`` folder next to the executables, where every data file lands;
- another freezer (``sys.frozen`` without ``_MEIPASS``): the executable's folder;
- a checkout or an editable install: the repository root.

User data never lives here (the bundle folder may be read-only): that is the data
directory (QStandardPaths AppDataLocation, chosen by the UI).
"""

from __future__ import annotations

import sys
from pathlib import Path


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False) or getattr(sys, "_MEIPASS", None))


def app_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[1]


def db_dir() -> Path:
    return app_root() / "db"


def resources_dir() -> Path:
    return app_root() / "resources"
