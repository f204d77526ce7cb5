"""The session's background loop: AutoSync whose rounds go through the session.

Its own module so that :mod:`gridapp.sync.session` imports the sync client (HTTP,
wire models) only when a loop or a round first needs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gridapp.sync.auto import AutoSync

if TYPE_CHECKING:
    from gridapp.sync.session import SyncSession


class SessionLoop(AutoSync):
    """AutoSync whose rounds go through the session (lock, syncing flag, status)."""

    def __init__(self, session: SyncSession, **kwargs: Any) -> None:
        super().__init__(session.client, **kwargs)
        self.session = session

    def _round(self) -> float:
        with self.session._round_guard():
            return super()._round()
