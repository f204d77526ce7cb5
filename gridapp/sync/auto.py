"""Background sync: a round every ``interval`` while online, backoff while offline.

A local change can ``poke`` it to sync now. While the service is unreachable it
retries with growing, jittered delays, so that many laptops coming back online
at once do not hammer the service; the first success syncs everything pending.
A service answering 503 with Retry-After is not asked again sooner than that.

The loop never dies on an error: a failure it does not know (a bug) is logged with
its traceback (types and first lines only: no payload text) and reported as
``client_error``, and the loop backs off and tries again.
"""

from __future__ import annotations

import logging
import random
import sys
import threading
import time
from collections.abc import Callable

from gridapp.log_privacy import safe_traceback
from gridapp.sync.client import SyncClient
from gridapp.sync.round_outcome import SyncReport, backoff_delay
from gridapp.sync.transport import AuthError, SyncError, TransientError

log = logging.getLogger(__name__)

CLIENT_ERROR = SyncError("client_error", "同步时程序出错（已记录日志），稍后自动重试")


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
        self.unexpected = 0  # rounds in a row that failed with an unknown error
        self._not_before = 0.0  # monotonic time before which the service asked us not to come

    def poke(self, *, force: bool = False) -> None:
        """Sync as soon as possible (after a local change, or "sync now").

        Not before the service's Retry-After, unless ``force`` (the user insists).
        """
        if force:
            self._not_before = 0.0
        self._wake.set()

    def stop(self) -> None:
        self.stopped.set()
        self._wake.set()

    def run(self) -> None:
        while not self.stopped.is_set():
            delay = self.interval
            if not self.needs_login:
                try:
                    delay = self._round()
                except Exception:  # around the round itself (a subclass's lock, status)
                    delay = self._unexpected()
            self._wake.wait(delay)
            self._wake.clear()
            self._hold_off()

    def _hold_off(self) -> None:
        """A poke (a local change) does not go round the service's Retry-After."""
        while not self.stopped.is_set():
            left = self._not_before - time.monotonic()
            if left <= 0:
                return
            self._wake.wait(left)  # stop() and a forced poke wake it
            self._wake.clear()

    def _round(self) -> float:
        try:
            return self._sync_once()
        except Exception:  # a bug, not the network: keep the loop, say so, back off
            return self._unexpected()

    def _unexpected(self) -> float:
        """The exception being handled is unknown: log it safely, report, back off."""
        self.unexpected += 1
        log.error(
            "sync round failed unexpectedly (%d in a row)\n%s",
            self.unexpected,
            safe_traceback(sys.exc_info()),
        )
        self._tell(CLIENT_ERROR)
        return backoff_delay(self.unexpected, cap=self.backoff_cap)

    def _sync_once(self) -> float:
        try:
            report = self.client.sync()
        except TransientError as exc:
            log.info("sync round failed for now (%s); retrying later", exc.code)
            self._tell(exc)
            return self._retry_delay(exc)
        except AuthError as exc:
            self.needs_login = True  # a revoked or expired session: the user logs in again
            self._tell(exc)
            return self.interval
        except SyncError as exc:
            self._tell(exc)
            return self.interval
        self.unexpected = 0
        self._not_before = 0.0
        if self.on_report:
            self.on_report(report)
        return self.interval

    def _retry_delay(self, exc: TransientError) -> float:
        """Growing jittered backoff, but never sooner than the service's Retry-After
        (already capped by the transport), plus up to a tenth more so that laptops told
        the same do not all come back in the same second."""
        delay = backoff_delay(self.client.failures, cap=self.backoff_cap)
        if exc.retry_after:
            delay = max(delay, exc.retry_after * random.uniform(1.0, 1.1))
            self._not_before = time.monotonic() + exc.retry_after
        else:
            self._not_before = 0.0
        return delay

    def _tell(self, exc: SyncError) -> None:
        if not self.on_error:
            return
        try:
            self.on_error(exc)
        except Exception:  # a listener's bug must not end the loop either
            log.error("sync error listener failed\n%s", safe_traceback(sys.exc_info()))
