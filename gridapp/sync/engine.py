"""One sync round: reference data, photos, push, pull. And when to try again.

Push before pull, so that what the user did offline reaches the service first;
the pull then brings everyone else's work and the server's verdict on ours.
Nothing is marked synced before a 2xx; a refused event is kept with its reason.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from gridapp.domain.events import EventStatus
from gridapp.errors import GridappError, StorageError
from gridapp.store.schema import case_events
from gridapp.sync import local
from gridapp.sync.protocol import EventStatusOut
from gridapp.sync.reference_apply import apply_snapshot
from gridapp.sync.transport import RequestRefused, Transport
from gridapp.workspace import Workspace


@dataclass
class SyncReport:
    pushed: int = 0
    accepted: int = 0
    rejected: int = 0
    waiting: int = 0  # events the service asked to send again later (photos missing)
    pulled: int = 0
    reference_updated: bool = False
    epoch_reset: bool = False
    case_ids: set[str] = field(default_factory=set)


def backoff_delay(failures: int, *, base: float = 2.0, cap: float = 300.0) -> float:
    """Seconds to wait after ``failures`` failed rounds in a row (full jitter)."""
    if failures <= 0:
        return 0.0
    return random.uniform(0, min(cap, base * 2 ** (failures - 1)))


class SyncEngine:
    def __init__(self, ws: Workspace, transport: Transport, *, batch_size: int = 100) -> None:
        self.ws = ws
        self.transport = transport
        self.batch_size = batch_size
        # Called after each pulled page with the events pulled so far this round: the
        # first pull of a big scope takes minutes, and the window shows it moving.
        self.on_pulled: Callable[[int], None] | None = None

    def state(self) -> dict[str, str]:
        with self.ws.db.read() as conn:
            return local.get_state(conn)

    def sync(self) -> SyncReport:
        report = SyncReport()
        self.refresh_reference(report)
        self.push(report)
        self.pull(report)
        if report.epoch_reset:  # a restored service: resend what it lost, then catch up
            self.push(report)
            self.pull(report)
        with self.ws.db.write() as conn:
            local.set_state(conn, last_sync=self.ws.clock().isoformat(timespec="seconds"))
        return report

    # -- reference ----------------------------------------------------------------------

    def refresh_reference(self, report: SyncReport) -> None:
        known = self.state().get("reference_version")
        version = self.transport.reference_version()
        if known is not None and int(known) == version:
            return
        snap = self.transport.reference()
        before = self._my_scope()
        with self.ws.db.write() as conn:
            apply_snapshot(conn, snap)
        self.ws.reload_reference()
        report.reference_updated = True
        if before is not None and self._my_scope() != before:
            # This user's scope changed (new grids, another department): pull all again.
            with self.ws.db.write() as conn:
                local.set_state(conn, **{f"cursor:{self.ws.user.username}": None})

    def _my_scope(self) -> tuple | None:
        try:
            user = self.ws.user
        except GridappError:
            return None
        record = self.ws.reference.users.get(user.username)
        if record is None:
            return None
        return (record.role, record.street_code, record.department_code, record.grid_codes)

    # -- epoch ----------------------------------------------------------------------------

    def _check_epoch(self, epoch: str, report: SyncReport) -> bool:
        """True when the service turned out to be a restored one (we reset and resend)."""
        known = self.state().get("epoch")
        if known == epoch:
            return False
        with self.ws.db.write() as conn:
            if known is None:
                local.set_state(conn, epoch=epoch)
                return False
            touched = local.reset_for_new_epoch(conn, epoch)
            local.rebuild(conn, touched, self.ws.reference)
        report.epoch_reset = True
        return True

    # -- push ---------------------------------------------------------------------------

    def push(self, report: SyncReport) -> None:
        waiting: set[str] = set()  # cases with an event the service asked to send later
        actor = self.ws.user.username
        while True:
            with self.ws.db.write() as conn:
                rows = local.take_outbox(conn, self.batch_size, actor, waiting)
            if not rows:
                break
            rows = self._upload_photos(rows, report)
            if not rows:
                continue
            try:
                response = self.transport.push([local.outgoing(r) for r in rows])
            except RequestRefused as exc:
                self._isolate(rows, exc, report, waiting)
                continue
            if self._check_epoch(response.epoch, report):
                waiting.clear()
                continue
            case_of = {r["id"]: r["case_id"] for r in rows}
            with self.ws.db.write() as conn:
                for result in response.results:
                    local.apply_result(conn, result)
                    if result.status is EventStatusOut.RETRY:
                        waiting.add(case_of[result.id])
                        report.waiting += 1
                    elif result.status in (EventStatusOut.ACCEPTED, EventStatusOut.DUPLICATE):
                        report.accepted += 1
                    else:
                        report.rejected += 1
                cases = {r["case_id"] for r in rows}
                local.rebuild(conn, cases, self.ws.reference)
            report.pushed += len(rows)
            report.case_ids |= cases

    def _isolate(
        self, rows: list[dict], exc: RequestRefused, report: SyncReport, waiting: set[str]
    ) -> None:
        """A whole batch was refused (4xx): send one by one so only the bad one stays out."""
        if len(rows) > 1:
            for row in rows:
                try:
                    response = self.transport.push([local.outgoing(row)])
                except RequestRefused as single:
                    self._reject(row, single, report)
                    continue
                with self.ws.db.write() as conn:
                    for result in response.results:
                        local.apply_result(conn, result)
                        if result.status is EventStatusOut.RETRY:
                            waiting.add(row["case_id"])
                    local.rebuild(conn, {row["case_id"]}, self.ws.reference)
            return
        self._reject(rows[0], exc, report)

    def _reject(self, row: dict, exc: GridappError, report: SyncReport) -> None:
        with self.ws.db.write() as conn:
            local.mark_rejected(conn, row["id"], exc.code, exc.message)
            local.rebuild(conn, {row["case_id"]}, self.ws.reference)
        report.rejected += 1

    def _upload_photos(self, rows: list[dict], report: SyncReport) -> list[dict]:
        """Upload each event's photos; an event whose photo the service refuses (4xx) is
        refused with that reason, and the others go on. Network trouble stops the round."""
        sendable = []
        for row in rows:
            try:
                for sha in json.loads(row["sent_payload"] or row["payload"]).get("photos") or []:
                    if self.ws.files.has(sha):
                        self.transport.upload(sha, self.ws.files.read(sha))
            except (RequestRefused, StorageError) as exc:  # StorageError: a sealed photo
                self._reject(row, exc, report)  # that no longer opens (tampered), refused
                continue
            sendable.append(row)
        return sendable

    # -- pull ---------------------------------------------------------------------------

    def pull(self, report: SyncReport) -> None:
        # One cursor per user: what another user of this laptop pulled says nothing
        # about what this user may see.
        key = f"cursor:{self.ws.user.username}"
        while True:
            cursor = int(self.state().get(key) or 0)
            page = self.transport.pull(cursor)
            if self._check_epoch(page.epoch, report):
                continue
            with self.ws.db.write() as conn:
                touched = local.apply_pulled(conn, page.events)
                local.rebuild(conn, touched, self.ws.reference)
                local.set_state(conn, **{key: page.cursor})  # same transaction as the events
            report.pulled += len(page.events)
            report.case_ids |= touched
            if self.on_pulled is not None:
                self.on_pulled(report.pulled)
            if not page.more:
                break


def pending_events(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return local.pending_count(conn)


def refused_events(ws: Workspace) -> list[dict]:
    """Events the service refused, with their reasons: what the sync panel lists."""
    with ws.db.read() as conn:
        rows = conn.execute(
            select(case_events)
            .where(case_events.c.status == EventStatus.REJECTED.value)
            .order_by(case_events.c.n.desc())
        ).mappings()
        return [dict(r) for r in rows]


def last_sync(ws: Workspace) -> datetime | None:
    with ws.db.read() as conn:
        value = local.get_state(conn).get("last_sync")
    return datetime.fromisoformat(value) if value else None
