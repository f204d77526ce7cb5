"""Background sync: a round every ``interval`` while online, backoff while offline.

A local change can ``poke`` it to sync now. While the service is unreachable it
retries with growing, jittered delays, so that many laptops coming back online
at once do not hammer the service; the first success syncs everything pending.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from gridapp.sync.client import SyncClient
from gridapp.sync.engine import SyncReport, backoff_delay
from gridapp.sync.transport import AuthError, SyncError, TransientError

log = logging.getLogger(__name__)


class AutoSync:
    def __init__(
        self,
        client: SyncClient,
        *,
        interval: float = 60.0,
        backoff_cap: float = 300.0,
        on_report: Callable[[SyncReport], None] | None = None,
        on_error: Callable[[SyncError], None] | None = None,
    ) -> None:
        self.client = client
        self.interval = interval
        self.backoff_cap = backoff_cap
        self.on_report = on_report
        self.on_error = on_error
        self.stopped = threading.Event()
        self._wake = threading.Event()
        self.needs_login = False

    def poke(self) -> None:
        """Sync as soon as possible (after a local change, or "sync now")."""
        self._wake.set()

    def stop(self) -> None:
        self.stopped.set()
        self._wake.set()

    def run(self) -> None:
        while not self.stopped.is_set():
            delay = self.interval
            if not self.needs_login:
                delay = self._round()
            self._wake.wait(delay)
            self._wake.clear()

    def _round(self) -> float:
        try:
            report = self.client.sync()
        except TransientError as exc:
            log.info("sync service unreachable (%s); retrying later", exc.code)
            self._tell(exc)
            return backoff_delay(self.client.failures, cap=self.backoff_cap)
        except AuthError as exc:
            self.needs_login = True  # a revoked or expired session: the user logs in again
            self._tell(exc)
            return self.interval
        except SyncError as exc:
            self._tell(exc)
            return self.interval
        if self.on_report:
            self.on_report(report)
        return self.interval

    def _tell(self, exc: SyncError) -> None:
        if self.on_error:
            self.on_error(exc)
