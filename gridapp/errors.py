"""Errors the core raises: every one carries a stable code and a human message.

The UI shows them through one function and the sync service maps them to HTTP
answers, so the code is part of the contract and must not change casually.
"""

from __future__ import annotations

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
