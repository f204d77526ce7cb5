"""The sync client's errors, sorted by what the client should do next.

Kept apart from :mod:`gridapp.sync.transport` (which re-exports them) so that what
only reads or sorts these errors — the session's status, the outbox's faults — does
not import the HTTP client: a returning user's window opens before it is needed.
"""

from __future__ import annotations


class SyncError(Exception):
    def __init__(
        self,
        code: str,
        message: str,
        status: int | None = None,
        *,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"[{code}] {message}")
        self.code, self.message, self.status = code, message, status
        self.retry_after = retry_after  # seconds the service asked to wait (Retry-After)


class TransientError(SyncError):
    """The service could not be reached or answered 5xx/429: retry with backoff."""

    @property
    def answered(self) -> bool:
        """The service (or a proxy in front of it) answered: it is reachable, just not now."""
        return self.status is not None


class ServiceFault(TransientError):
    """The service failed on this request (HTTP 500 or a garbled answer), not the network.

    Temporary like any TransientError, but when it keeps coming back for one push the
    cause may be one event's content: the engine then isolates that event.
    """


class AuthError(SyncError):
    """The session is missing, expired or revoked: the user must log in (online) again."""


class RequestRefused(SyncError):
    """A 4xx answer: resending the same request will not help."""
