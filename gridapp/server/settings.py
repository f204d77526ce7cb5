"""Service settings, from arguments or ``GRIDAPP_*`` environment variables (12-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


def _env(name: str, default: str) -> str:
    return os.environ.get(f"GRIDAPP_{name}", default)


@dataclass(frozen=True)
class ServerSettings:
    db_url: str = field(default_factory=lambda: _env("DB", "sqlite:///var/central.db"))
    files_dir: Path = field(default_factory=lambda: Path(_env("FILES", "var/central-files")))
    db_schema: str | None = field(default_factory=lambda: os.environ.get("GRIDAPP_DB_SCHEMA"))
    idle_timeout_s: int = field(default_factory=lambda: int(_env("IDLE_TIMEOUT", "28800")))
    absolute_timeout_s: int = field(default_factory=lambda: int(_env("ABSOLUTE_TIMEOUT", "604800")))
    max_login_failures: int = field(default_factory=lambda: int(_env("MAX_LOGIN_FAILURES", "5")))
    lockout_s: int = field(default_factory=lambda: int(_env("LOCKOUT", "900")))
    max_body_bytes: int = 25 * 1024 * 1024
