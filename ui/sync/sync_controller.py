"""Runs the background sync loop for the window and brings its news to the GUI thread.

``ws.sync.auto()`` runs on the runner's "sync" lane (a thread of its own: the loop
sleeps there between rounds). Its callbacks fire in that thread; emitting this
object's signals from there queues them to the GUI thread, where the status bar
and the views (``synced`` carries a Changes value) pick them up.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from gridapp import Workspace
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from gridapp.sync.round_outcome import SyncReport
    from gridapp.sync.session import SyncStatus

log = logging.getLogger(__name__)


class SyncController(QObject):
    status_changed = Signal(object)  # SyncStatus
    synced = Signal(object)  # Changes: cases (and reference data) a round changed
    needs_login = Signal()  # the session expired or was revoked
    round_done = Signal(object)  # SyncReport of every round that reached the service

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        if ws.sync is None:
            raise ValueError("the workspace is not connected to a sync service")
        self.ws = ws
        self.session = ws.sync
        self.runner = runner
        self.status: SyncStatus | None = None
        self._loop = None
        self._asked_login = False

    @property
    def started(self) -> bool:
        """The loop runs (a window opened before its sync starts has none yet)."""
        return self._loop is not None and not self._loop.stopped.is_set()

    def start(self) -> None:
        """Start the loop (its first round runs at once); a running loop is kept."""
        if self._loop is not None and not self._loop.stopped.is_set():
            return
        self._loop = self.session.auto(on_report=self._on_report, on_status=self._on_status)
        self._asked_login = False
        self.runner.submit(self._loop.run, None, self._loop_failed, lane="sync")
        self.refresh()

    def sync_now(self) -> None:
        """ "Sync now": wake the loop (or ask for a login when the session is gone)."""
        if self.status is not None and self.status.needs_login:
            self.needs_login.emit()
            return
        if self._loop is None or self._loop.stopped.is_set():
            self.start()
        else:
            self._loop.poke(force=True)  # the user asked: not held back by a Retry-After

    def poke(self) -> None:
        """After a local change: the pending count moves now, the round follows."""
        self.session.poke()
        self.refresh()

    def logged_in_again(self) -> None:
        """After the login dialog renewed the session: resume syncing."""
        self._asked_login = False
        self.start()
        self.session.poke()

    def refresh(self) -> None:
        """Re-read the status (pending/refused counts) off the GUI thread."""
        self.runner.submit(self.session.status, self._on_status, lane="db")

    def stop(self) -> None:
        """End the loop: it leaves its wait at once (a round in flight finishes first)."""
        if self._loop is not None:
            self._loop.stop()

    # -- callbacks (the loop's thread, or the GUI thread for refresh) ----------------------

    def _on_report(self, report: SyncReport) -> None:
        # Imported here, not with the window: a returning user's login imports the sync
        # client while Argon2 derives the store key (Workspace.open_session).
        from gridapp.sync.session import changes_of

        changes = changes_of(report)
        if changes:
            self.synced.emit(changes)
        self.round_done.emit(report)

    def _on_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)
        if status.needs_login and not self._asked_login:
            self._asked_login = True
            self.needs_login.emit()

    def _loop_failed(self, exc: BaseException) -> None:
        log.error("the sync loop stopped on an error", exc_info=exc)
