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

import os
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


DATA_DIR_ENV = "GRIDAPP_DATA_DIR"


def user_data_dir() -> Path:
    """The desktop client's data folder, without Qt: ``GRIDAPP_DATA_DIR`` if set, else
    where Qt's AppDataLocation puts it for organisation and application "gridapp"
    (``ui.app.data_dir``; a test keeps the two equal). The command line uses it to
    find the demo store the client built (``<data>/demo/central.db``)."""
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV])
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = home / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or home / ".local" / "share")
    return base / "gridapp" / "gridapp"


def demo_store_path() -> Path:
    """The embedded demo's central store in the data folder (built on first start)."""
    return user_data_dir() / "demo" / "central.db"
