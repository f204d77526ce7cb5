"""Errors the core raises: every one carries a stable code and a human message.

The UI shows them through one function and the sync service maps them to HTTP
answers, so the code is part of the contract and must not change casually.
"""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any


class GridappError(Exception):
    """Base of every error the core raises on purpose."""

    def __init__(self, code: str, message: str, /, **details: Any) -> None:
        super().__init__(f"[{code}] {message}")
        self.code = code
        self.message = message
        self.details = details

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "details": self.details}


class DomainError(GridappError):
    """A workflow rule refused an action (wrong state, role or scope)."""


class ValidationError(GridappError):
    """Input is malformed or incomplete: nothing was written."""


class NotFoundError(GridappError):
    """A referenced object (case, category, grid, user) does not exist."""


class StorageError(GridappError):
    """The local store or the file store could not complete a write."""


class DiskFullError(StorageError):
    """The disk (or quota) under a store is full: nothing was saved, retry once space is freed.

    The message names the folder, so the user knows which disk to clear; the service
    answers it as ``storage_full`` without the path (see ``gridapp.server.app``).
    """

    def __init__(self, folder: Path | str) -> None:
        super().__init__(
            "disk_full",
            f"磁盘空间不足：{folder} 所在的磁盘已满，本次内容未保存（已填写的内容仍在）。"
            "请清理磁盘空间后重试。",
            folder=str(folder),
        )


DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
SQLITE_FULL = 13  # sqlite3's result code, also the low byte of its extended codes
PG_DISK_FULL = "53100"  # PostgreSQL SQLSTATE disk_full


def is_disk_full(exc: BaseException | None) -> bool:
    """Whether an error, however wrapped (SQLAlchemy's ``orig``, ``raise … from``), is a full disk.

    Recognises ENOSPC/EDQUOT from the OS, SQLITE_FULL ("database or disk is full")
    and PostgreSQL's disk_full, without importing a database driver here.
    """
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, DiskFullError):
            return True
        if isinstance(exc, OSError) and exc.errno in DISK_FULL_ERRNOS:
            return True
        code = getattr(exc, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF == SQLITE_FULL:
            return True
        if getattr(exc, "sqlstate", None) == PG_DISK_FULL:
            return True
        # What it wraps, what it was raised from, or what it was raised while handling
        # (SQLite rolls a whole transaction back on SQLITE_FULL, so the savepoint's own
        # rollback then fails with "no such savepoint" in the disk-full error's context).
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
    return False
