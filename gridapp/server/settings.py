"""Service settings, from arguments or ``GRIDAPP_*`` environment variables (12-factor)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gridapp.store.object_store import S3Config


def _env(name: str, default: str) -> str:
    return os.environ.get(f"GRIDAPP_{name}", default)


def _flag(name: str, default: str) -> bool:
    return _env(name, default).strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class ServerSettings:
    db_url: str = field(default_factory=lambda: _env("DB", "sqlite:///var/central.db"))
    # A folder, or s3://bucket/prefix (kept as a Path, which folds "//": both forms parse).
    files_dir: Path = field(default_factory=lambda: Path(_env("FILES", "var/central-files")))
    db_schema: str | None = field(default_factory=lambda: os.environ.get("GRIDAPP_DB_SCHEMA"))
    idle_timeout_s: int = field(default_factory=lambda: int(_env("IDLE_TIMEOUT", "28800")))
    absolute_timeout_s: int = field(default_factory=lambda: int(_env("ABSOLUTE_TIMEOUT", "604800")))
    # --- login throttling (gridapp.server.login_throttle) and client addresses ---------
    # Failures per (account, address) before growing delays start; success resets it.
    login_throttle_after: int = field(default_factory=lambda: int(_env("THROTTLE_AFTER", "5")))
    # Failures from one address (any account: password spraying, a NAT'd office) before delays.
    login_throttle_ip_after: int = field(
        default_factory=lambda: int(_env("THROTTLE_IP_AFTER", "30"))
    )
    # The first delay; it doubles with each further failure, up to the cap.
    login_throttle_base_s: int = field(default_factory=lambda: int(_env("THROTTLE_BASE", "5")))
    login_throttle_cap_s: int = field(default_factory=lambda: int(_env("THROTTLE_CAP", "900")))
    # Failures older than this are forgotten.
    login_throttle_window_s: int = field(
        default_factory=lambda: int(_env("THROTTLE_WINDOW", "3600"))
    )
    # Peers whose X-Forwarded-For is believed (a reverse proxy): addresses or networks,
    # comma-separated. By default the host itself (nginx in front, as deploy/ sets it
    # up; only someone already on the host can connect from there). Set it empty when
    # nothing proxies: then the peer address is the client, whatever the headers say.
    trusted_proxies: tuple[str, ...] = field(
        default_factory=lambda: tuple(
            p.strip() for p in _env("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
        )
    )
    # --- end of login throttling ------------------------------------------------------
    max_body_bytes: int = 25 * 1024 * 1024
    # Public Open311 reads (GET, no key) per client address and minute, per worker
    # process; 0: no ceiling (gridapp/server/open311/read_limit.py).
    open311_reads_per_minute: int = field(
        default_factory=lambda: int(_env("OPEN311_READS_PER_MINUTE", "120"))
    )
    # The S3-compatible object store, used when files_dir is s3://…; the secret stays
    # out of repr so a logged settings object never shows it.
    s3_endpoint: str = field(default_factory=lambda: _env("S3_ENDPOINT", ""))
    s3_access_key: str = field(default_factory=lambda: _env("S3_ACCESS_KEY", ""))
    s3_secret_key: str = field(default_factory=lambda: _env("S3_SECRET_KEY", ""), repr=False)
    s3_secure: bool = field(default_factory=lambda: _flag("S3_SECURE", "true"))
    s3_region: str = field(default_factory=lambda: _env("S3_REGION", "us-east-1"))
    # Uploads that do not pile up (gridapp/server/photo_gc.py): a photo no case names is
    # collected this many days after its last upload; an unfinished upload untouched for
    # this many hours; the service sweeps every photo_gc_interval_s seconds (0: never,
    # then run `gridapp gc` from cron).
    photo_retention_days: int = field(
        default_factory=lambda: int(_env("PHOTO_RETENTION_DAYS", "30"))
    )
    partial_upload_hours: int = field(
        default_factory=lambda: int(_env("PARTIAL_UPLOAD_HOURS", "24"))
    )
    photo_gc_interval_s: float = field(
        default_factory=lambda: float(_env("PHOTO_GC_INTERVAL", "3600"))
    )

    def s3_config(self) -> S3Config:
        return S3Config(
            endpoint=self.s3_endpoint,
            access_key=self.s3_access_key,
            secret_key=self.s3_secret_key,
            secure=self.s3_secure,
            region=self.s3_region,
        )
