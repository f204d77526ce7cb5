"""Where shipped data lives: next to the package in a checkout, in the bundle when frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle)
    return Path(__file__).resolve().parents[1]


def db_dir() -> Path:
    return app_root() / "db"


def resources_dir() -> Path:
    return app_root() / "resources"
