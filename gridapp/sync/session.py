"""The sync side of one open workspace, shaped for the window (``ws.sync``).

It wraps :class:`SyncClient` (login online or offline, one round) and
:class:`AutoSync` (the background loop) and answers in plain values: a
:class:`SyncStatus` for the status bar and :class:`RefusedItem` rows for the
refused-events panel. Every round, whether the loop runs it or "sync now", holds
one lock, so two rounds never push the same outbox at once.

Nothing here logs a password or a token.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from gridapp.casework.changes import Changes
from gridapp.domain.actions import Action
from gridapp.domain.catalog_versions import codes_as_current
from gridapp.domain.events import EventStatus
from gridapp.domain.roles import Actor
from gridapp.errors import DomainError, GridappError, NotFoundError
from gridapp.store.files import inspect_photo
from gridapp.store.meta_values import set_meta_value
from gridapp.store.schema import case_events, cases, meta
from gridapp.sync import local_state, outbox_faults
from gridapp.sync.errors import AuthError, ServiceFault, SyncError, TransientError
from gridapp.sync.refusals import (  # noqa: F401  (HINT_* and hint_for: the session's API)
    HINT_ADMIN,
    HINT_FIX,
    HINT_NOTHING,
    HINT_PHOTO,
    HINT_RECREATE,
    HINT_SCOPE,
    HINT_TEXT,
    RefusedItem,
    StuckItem,
    hint_for,
    refused_item,
    stuck_items,
)
from gridapp.sync.round_outcome import LocalDiskFull, PullProgress, SyncReport
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace

if TYPE_CHECKING:
    from gridapp.sync.auto import AutoSync
    from gridapp.sync.client import SyncClient
    from gridapp.sync.transport import Transport

log = logging.getLogger(__name__)

ACK_PREFIX = "refused_ack:"  # meta rows: a refused event the user has seen and set aside


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows; a snapshot, safe to hand to the GUI thread."""

    server_url: str
    username: str | None
    online: bool
    pending: int
    refused: int  # refused events not yet acknowledged
    last_sync: datetime | None
    last_error: str | None  # the last round's failure, in Chinese; None after a success
    syncing: bool
    needs_login: bool  # the session expired or was revoked: log in (online) again
    stuck: int = 0  # events the service keeps failing on, held back (shown with the refused)
    pulled: int = 0  # events pulled so far in the running round
    first_pull: bool = False  # the running round is this user's first full pull
    pull_cursor: int = 0  # log position the running pull reached ...
    pull_head: int | None = None  # ... out of this (None: the service does not say)
    pull_start: int = 0  # ... starting from here
    # False until this user's store holds their whole scope: until then what it holds
    # is a part of the log (old cases' reports without their later events), and the
    # window shows the first pull's progress instead of cases and queue counts.
    first_pull_done: bool = True
    # Why photos saved here wait in the store instead of the photo folder (a full disk,
    # naming the folder), in Chinese; None when none wait. Nothing is lost meanwhile.
    photos_waiting: str | None = None

    @property
    def pull_fraction(self) -> float | None:
        """Share of the log read by the running pull (None: no total known)."""
        progress = PullProgress(self.pulled, self.pull_cursor, self.pull_head, self.pull_start)
        return progress.fraction


class SyncSession:
    """``ws.sync``: login, sync rounds, status and refused events for the window."""

    def __init__(
        self,
        ws: Workspace,
        server_url: str,
        token_dir: Path,
        *,
        transport: Transport | None = None,
        interval: float = 60.0,
        backoff_cap: float = 300.0,
        use_keyring: bool = True,
    ) -> None:
        self.ws = ws
        self.server_url = server_url.rstrip("/")
        self.interval = interval
        self.backoff_cap = backoff_cap
        self.tokens = TokenStore(Path(token_dir), use_keyring=use_keyring)
        self._transport = transport
        self._client: SyncClient | None = None  # made on first use: see ``client``
        self._client_guard = threading.Lock()
        self._offline_user: str | None = None  # logged in by login_offline, client not made
        self._lock = threading.Lock()  # one round at a time
        self._syncing = False
        self._pulled = 0
        self._progress: PullProgress | None = None
        self._first_pull = False
        self._pull_done: bool | None = None  # cached: the status is read on the GUI's lanes
        self._last_error: str | None = None
        self._needs_login = False
        self._loop: AutoSync | None = None
        self._status_listeners: list[Callable[[SyncStatus], None]] = []
        self._report_listeners: list[Callable[[SyncReport], None]] = []

    # -- login --------------------------------------------------------------------------

    @property
    def client(self) -> SyncClient:
        """The sync client (HTTP transport and round engine), made on first use.

        Its imports (httpx, the pydantic wire models: ~0.2-0.4 s of a cold start's CPU)
        are not needed to open a returning user's window (:meth:`login_offline`); the
        window's start asks for it once the map has drawn.
        """
        with self._client_guard:
            if self._client is None:
                from gridapp.sync.client import SyncClient

                url, tokens = self.server_url, self.tokens
                client = SyncClient(self.ws, url, tokens, transport=self._transport)
                client.engine.on_pulled = self._pulled_progress
                if self._offline_user is not None:  # as a login that found no service
                    client.resume_offline(self._offline_user)
                self._client = client
            return self._client

    @property
    def online(self) -> bool:
        return self._client is not None and self._client.online

    def login(self, username: str, password: str) -> Actor:
        """Online when the service answers; offline (local verifier) when it does not.

        Raises DomainError: ``bad_credentials``, ``locked_out``, ``account_disabled``,
        or ``offline_first_login`` when the service is unreachable and this user never
        logged in on this computer.
        """
        try:
            actor = self.client.login(username, password)
        except DomainError as exc:
            unreachable = isinstance(exc.__context__, TransientError)
            record = self.ws.reference.users.get(username)
            if unreachable and (record is None or not record.password_hash):
                raise DomainError(
                    "offline_first_login",
                    "无法连接同步服务，且该用户从未在本机登录过：首次登录需要联网",
                ) from None
            raise
        with self._client_guard:
            self._offline_user = None  # the client is made: it holds the token now
        self._logged_in(username)
        return actor

    def login_offline(self, username: str, password: str) -> Actor:
        """Log in against this laptop's verifier without asking the service, as
        :meth:`login` does when the service does not answer.

        For a start that opens the window before the service is asked (the embedded
        demo starts after the window): no transport is made, so the sync client is not
        imported on the way to the window. The saved session token is read when the
        client is made; the first round then goes online with it, or asks for a login
        when it has expired. Raises DomainError ``bad_credentials`` (a wrong password
        or an unknown user), ``offline_first_login`` (never logged in on this computer).
        """
        record = self.ws.reference.users.get(username)
        if record is None or not record.password_hash:
            raise DomainError(
                "offline_first_login",
                "无法连接同步服务，且该用户从未在本机登录过：首次登录需要联网",
            )
        actor = self.ws.login(username, password)
        with self._client_guard:
            if self._client is not None:
                self._client.resume_offline(username)
            else:
                self._offline_user = username
        self._logged_in(username)
        return actor

    def _logged_in(self, username: str) -> None:
        self._needs_login = False
        self._last_error = None if self.online else "无法连接同步服务，已离线登录"
        self._pull_done = None
        log.debug("first pull done: %s", self.first_pull_done)  # read off the GUI thread
        if self._loop is not None:
            self._loop.needs_login = False
            self._loop.poke()
        log.info("logged in as %s (%s)", username, "online" if self.online else "offline")
        self._notify()

    def logout(self) -> None:
        """End the session (on the service too when online) and stop the loop."""
        self.stop()
        if self.ws._user is not None:
            self.client.logout()
        self.ws._user = None
        self._notify()

    # -- rounds ---------------------------------------------------------------------------

    def sync_now(self) -> SyncReport:
        """One round now, blocking (call it from a worker). Errors are raised and noted."""
        with self._round_guard():
            try:
                report = self.client.sync()
            except SyncError as exc:
                self._failed(exc)
                raise
            self._succeeded(report)
            return report

    def auto(
        self,
        *,
        on_report: Callable[[SyncReport], None] | None = None,
        on_status: Callable[[SyncStatus], None] | None = None,
    ) -> AutoSync:
        """The background loop (run ``.run()`` on a worker; ``poke()`` after a change).

        The callbacks run in the loop's thread. Calling again while a loop is alive
        returns that loop (with the new callbacks added); a new loop starts with only
        the callbacks given now.
        """
        if self._loop is None or self._loop.stopped.is_set():
            self._report_listeners.clear()  # a new loop: the old one's listeners are gone
            self._status_listeners.clear()
            from gridapp.sync.session_loop import SessionLoop

            self._loop = SessionLoop(
                self,
                interval=self.interval,
                backoff_cap=self.backoff_cap,
                on_report=self._succeeded,
                on_error=self._failed,
            )
            self._loop.needs_login = self._needs_login
        if on_report is not None:
            self._report_listeners.append(on_report)
        if on_status is not None:
            self._status_listeners.append(on_status)
        return self._loop

    def poke(self) -> None:
        """A local change: sync soon (no-op without a running loop)."""
        if self._loop is not None:
            self._loop.poke()
        self._notify()

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.stop()
        self._status_listeners.clear()
        self._report_listeners.clear()

    def close(self, timeout: float = 10.0) -> None:
        """Stop the loop and let a round in flight finish before the store closes."""
        self.stop()
        if self._lock.acquire(timeout=timeout):
            self._lock.release()
        else:
            log.warning("a sync round was still running when the session closed")
        if self._client is not None:
            self._client.transport.close()

    def _round_guard(self) -> _RoundGuard:
        return _RoundGuard(self)

    def _pulled_progress(self, progress: PullProgress) -> None:
        self._pulled = progress.pulled
        self._progress = progress
        if self._first_pull:  # the console shows a first start moving, page by page
            log.info(
                "first sync: %d events received, log position %d of %s",
                progress.pulled,
                progress.cursor,
                progress.head if progress.head is not None else "?",
            )
        self._pull_done = None  # the engine wrote the flag with the page: read it again
        self._notify()

    @property
    def first_pull_done(self) -> bool:
        """Whether the logged-in user's store holds their whole scope (see SyncStatus).

        Read once and cached (the window asks it while it builds); every pulled page
        forgets the cached answer. No user logged in: True (nothing to wait for).
        """
        if self._pull_done is None:
            user = self.ws._user
            if user is None:
                return True
            try:
                with self.ws.db.read() as conn:
                    state = local_state.get_state(conn)
                self._pull_done = local_state.first_pull_done(state, user.username)
            except GridappError as exc:  # the store is closing
                log.debug("first pull state not read: %s", exc.code)
                return True
        return self._pull_done

    def _succeeded(self, report: SyncReport) -> None:
        self._last_error = None
        self._needs_login = False
        for listener in list(self._report_listeners):
            listener(report)

    def _failed(self, exc: SyncError) -> None:
        if isinstance(exc, AuthError):
            self._needs_login = True
            self._last_error = "登录已失效，请重新登录"
        elif isinstance(exc, ServiceFault):
            said = f"：{exc.message}" if exc.message else ""
            self._last_error = f"同步服务出错（HTTP {exc.status or '-'}）{said}，稍后自动重试"
        elif isinstance(exc, LocalDiskFull):
            self._last_error = f"同步暂停：{exc.message}"
        elif isinstance(exc, TransientError) and exc.answered:
            # The service answered "not now" (503 storage_full, service_unavailable, 429):
            # it is reachable, and its own words say why.
            said = exc.message if exc.code != "http_error" else ""  # a proxy's page: no words
            said = said or f"同步服务暂时不可用（HTTP {exc.status}）"
            self._last_error = f"{said}（{_retry_text(exc.retry_after)}）"
        elif isinstance(exc, TransientError):
            self._last_error = "无法连接同步服务"
        else:
            self._last_error = exc.message or exc.code
        log.info("sync round failed: %s", exc.code)

    # -- status ---------------------------------------------------------------------------

    def status(self) -> SyncStatus:
        user = self.ws._user
        progress = self._progress if self._syncing else None
        return SyncStatus(
            server_url=self.server_url,
            username=user.username if user else None,
            online=self.online,
            pending=local_state.pending_events(self.ws),
            refused=len(self.refused()) if user else 0,
            stuck=self._stuck_count() if user else 0,
            last_sync=local_state.last_sync(self.ws),
            last_error=self._last_error,
            syncing=self._syncing,
            needs_login=self._needs_login,
            pulled=self._pulled if self._syncing else 0,
            first_pull=self._first_pull if self._syncing else False,
            pull_cursor=progress.cursor if progress else 0,
            pull_head=progress.head if progress else None,
            pull_start=progress.start if progress else 0,
            first_pull_done=self.first_pull_done if user else True,
            photos_waiting=self._photos_waiting(),
        )

    def _photos_waiting(self) -> str | None:
        journal = getattr(self.ws, "journal", None)
        error = journal.last_error if journal is not None else None
        return error.message if error is not None else None

    def _notify(self) -> None:
        if not self._status_listeners:
            return
        try:
            status = self.status()
        except GridappError as exc:  # the store is closing: nothing to show
            log.debug("no status: %s", exc.code)
            return
        for listener in list(self._status_listeners):
            listener(status)

    # -- refused events -------------------------------------------------------------------

    def refused(self, *, include_acknowledged: bool = False) -> list[RefusedItem]:
        """This user's refused events, newest first (acknowledged ones hidden by default)."""
        user = self.ws._user
        e = case_events.c
        with self.ws.db.read() as conn:
            acked = {
                r.key[len(ACK_PREFIX) :]
                for r in conn.execute(select(meta.c.key).where(meta.c.key.like(ACK_PREFIX + "%")))
            }
            q = select(case_events).where(e.status == EventStatus.REJECTED.value)
            if user is not None:
                q = q.where(e.actor == user.username)
            rows = [dict(r) for r in conn.execute(q.order_by(e.n.desc())).mappings()]
            ids = sorted({r["case_id"] for r in rows})
            numbers = {
                r.id: r.number
                for r in conn.execute(select(cases.c.id, cases.c.number).where(cases.c.id.in_(ids)))
            }
        items = []
        for row in rows:
            if row["id"] in acked and not include_acknowledged:
                continue
            items.append(refused_item(row, numbers, row["id"] in acked))
        return items

    def stuck(self) -> list[StuckItem]:
        """This user's events the service keeps failing on (held back), newest first."""
        user = self.ws._user
        with self.ws.db.read() as conn:
            return stuck_items(conn, user.username if user else None)

    def retry_stuck(self, event_id: str | None = None) -> int:
        """Try stuck events (one, or all) again at the next round, which starts now."""
        with self.ws.db.write() as conn:
            released = outbox_faults.release(conn, event_id)
        log.info("retrying %d stuck event(s) on request", released)
        self.poke()
        return released

    def _stuck_count(self) -> int:
        user = self.ws._user
        with self.ws.db.read() as conn:
            return outbox_faults.stuck_count(conn, user.username if user else None)

    def acknowledge_refused(self, event_id: str) -> None:
        """Hide a refused event from the panel; the event itself stays in the log."""
        self._refused_row(event_id)
        key = ACK_PREFIX + event_id
        with self.ws.db.write() as conn:
            set_meta_value(conn, key, self.ws.clock().isoformat(timespec="seconds"))
        self._notify()

    def draft_from_refused(self, event_id: str) -> dict[str, Any]:
        """The fields (and the photos still here) of a refused report, to report it anew."""
        row = self._refused_row(event_id)
        if row["action"] != Action.REPORT.value:
            raise DomainError("not_a_report", "只有被拒绝的上报可以重新上报")
        # What was sent may predate this laptop's catalog upgrade: read its codes as meant.
        payload = codes_as_current(
            json.loads(row["sent_payload"] or row["payload"]), self.ws.catalog.version
        )
        keys = (
            "source",
            "category_code",
            "subclass",
            "urgency",
            "lon",
            "lat",
            "address",
            "description",
            "reporter_name",
            "reporter_phone",
        )
        draft = {k: payload[k] for k in keys if payload.get(k) is not None}
        draft["photos"] = [s for s in payload.get("photos") or [] if self.ws.files.has(s)]
        draft["missing_photos"] = [
            s for s in payload.get("photos") or [] if s not in draft["photos"]
        ]
        return draft

    def _refused_row(self, event_id: str) -> dict[str, Any]:
        with self.ws.db.read() as conn:
            row = (
                conn.execute(select(case_events).where(case_events.c.id == event_id))
                .mappings()
                .first()
            )
        if row is None or row["status"] != EventStatus.REJECTED.value:
            raise NotFoundError("unknown_event", "没有这条被拒绝的记录", event_id=event_id)
        return dict(row)

    # -- photos ---------------------------------------------------------------------------

    def fetch_photo(self, sha256: str) -> bool:
        """Download a photo into the local file store; False when offline or absent."""
        if self.ws.files.has(sha256):
            return True
        try:
            data = self.client.transport.download(sha256)
        except SyncError as exc:
            log.info("photo %s… not fetched: %s", sha256[:12], exc.code)
            return False
        if hashlib.sha256(data).hexdigest() != sha256:
            log.warning("photo %s… arrived damaged; not kept", sha256[:12])
            return False
        try:
            info = inspect_photo(data)
        except GridappError as exc:
            log.warning("photo %s… is not a usable image: %s", sha256[:12], exc.code)
            return False
        self.ws.files.write(info, data)
        return True


def _retry_text(seconds: float | None) -> str:
    if not seconds:
        return "稍后自动重试"
    if seconds < 90:
        return f"约 {round(seconds)} 秒后自动重试"
    return f"约 {round(seconds / 60)} 分钟后自动重试"


def changes_of(report: SyncReport) -> Changes:
    """What a round changed, as the Changes value the views already understand."""
    return Changes(case_ids=frozenset(report.case_ids), reference=report.reference_updated)


class _RoundGuard:
    """Holds the session's round lock and keeps the syncing flag and progress right."""

    def __init__(self, session: SyncSession) -> None:
        self.session = session

    def __enter__(self) -> None:
        s = self.session
        s._lock.acquire()
        s._syncing = True
        s._pulled = 0
        s._progress = None
        s._pull_done = None  # a scope change or another user since: read it again
        s._first_pull = not s.first_pull_done
        s._notify()

    def __exit__(self, *exc: object) -> None:
        s = self.session
        s._syncing = False
        s._first_pull = False
        s._pull_done = None
        s._lock.release()
        s._notify()
