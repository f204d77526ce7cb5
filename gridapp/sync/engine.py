"""One sync round: reference data, photos, push, pull. And when to try again.

Push before pull, so that what the user did offline reaches the service first;
the pull then brings everyone else's work and the server's verdict on ours.
Nothing is marked synced before a 2xx; a refused event is kept with its reason.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from sqlalchemy import select

from gridapp.bulk_work import collector_paused
from gridapp.domain.events import EventStatus
from gridapp.errors import DiskFullError, GridappError, StorageError, is_disk_full
from gridapp.reports import fact_store
from gridapp.stats import mark_columns
from gridapp.store.schema import case_events
from gridapp.sync import local, outbox_faults, projections
from gridapp.sync.local_state import (  # noqa: F401  (re-exported: the store's sync state)
    first_pull_done,
    last_sync,
    pending_events,
    pulled_all_key,
)
from gridapp.sync.page_prefetch import PagePrefetch
from gridapp.sync.protocol import EventStatusOut, PullResponse, PushResponse
from gridapp.sync.pull_folds import (
    EVENTS_PER_WRITE,
    PAGES_PER_FOLD,
    PARTS_PER_WRITE,
    PartWrite,
    by_cases,
    ready_pages,
)
from gridapp.sync.push_round import Alone, PushRound, merge_holds
from gridapp.sync.reference_apply import apply_snapshot
from gridapp.sync.round_outcome import LocalDiskFull, PullProgress, SyncReport
from gridapp.sync.transport import (
    RequestRefused,
    ServiceFault,
    SyncError,
    TransientError,
    Transport,
)
from gridapp.workspace import Workspace

log = logging.getLogger(__name__)
BATCH_FAULTS = "push_faults"  # sync_state: rounds in a row the service failed on a batch
FAULT_ROUNDS = 3  # ... before the batch is pushed one by one; and failures alone → stuck
REFOLD_BATCH = 1_000  # cases a write when a sync refolds (≈0.3 s: saves go between)
WALK_LIMIT = 8  # one-by-one pushes that may fail before any succeeds: then it is the service


class SyncEngine:
    def __init__(
        self,
        ws: Workspace,
        transport: Transport,
        *,
        batch_size: int = 100,
        fault_rounds: int = FAULT_ROUNDS,
    ) -> None:
        self.ws = ws
        self.transport = transport
        self.batch_size = batch_size
        self.fault_rounds = fault_rounds
        # Called after each pulled page with how far the pull has come: the first pull
        # of a big scope takes minutes, and the window shows it moving, out of a total.
        self.on_pulled: Callable[[PullProgress], None] | None = None
        self.pull_limit: int | None = None  # events per page (None: the service's maximum)
        # Ask for the next page while this one is applied (gridapp.sync.page_prefetch)
        self.pull_ahead = True
        # Pages already fetched folded together (at most this many), and written in
        # transactions of about this many events, cut between cases (see ``by_cases``)
        self.pages_per_fold = PAGES_PER_FOLD
        self.events_per_write = EVENTS_PER_WRITE
        self.parts_per_write = PARTS_PER_WRITE

    def state(self) -> dict[str, str]:
        with self.ws.db.read() as conn:
            return local.get_state(conn)

    def sync(self) -> SyncReport:
        """One round. A full local disk raises LocalDiskFull (temporary), not a driver error."""
        try:
            return self._sync()
        except SyncError:
            raise
        except Exception as exc:
            if not is_disk_full(exc):
                raise
            raise LocalDiskFull(self._disk_full_error(exc)) from exc

    def _disk_full_error(self, exc: BaseException) -> DiskFullError:
        if isinstance(exc, DiskFullError):  # the photo store names its own folder
            return exc
        path = self.ws.db.path
        return DiskFullError(path.parent if path is not None else "数据库服务器")

    def _sync(self) -> SyncReport:
        report = SyncReport()
        self._check_catalog()
        self.refresh_reference(report)
        self.push(report)
        self.pull(report)
        if report.epoch_reset:  # a restored service: resend what it lost, then catch up
            self.push(report)
            self.pull(report)
        with self.ws.db.write() as conn:
            local.set_state(conn, last_sync=self.ws.clock().isoformat(timespec="seconds"))
        # An upgrade's refold (a year's store: minutes) here, on the sync's thread, so the
        # first view or report after it does not wait for it; current stores pass at once
        refolded = fact_store.refresh_stale(self.ws.db, batch=REFOLD_BATCH)
        if (report.pulled or refolded) and self.ws.stats.allowed():  # read built at a view
            mark_columns.refresh_store(self.ws.db)
        return report

    # -- reference ----------------------------------------------------------------------

    def refresh_reference(self, report: SyncReport, for_user: str | None = None) -> None:
        """Pull the snapshot when it changed, or when it was pulled for someone else.

        The service gives each user only the people their work needs, so a second
        user logging in on this computer needs their own snapshot (``for_user`` at
        login, before they are the workspace's user).
        """
        who = for_user or self._username()
        state = self.state()
        known = state.get("reference_version")
        version = self.transport.reference_version()
        if known is not None and int(known) == version and state.get("reference_for") == who:
            return
        snap = self.transport.reference()
        before = self._my_scope()
        with self.ws.db.write() as conn:
            apply_snapshot(conn, snap)
            local.set_state(conn, reference_for=who)
        self.ws.reload_reference()
        report.reference_updated = True
        if before is not None and self._my_scope() != before:
            # This user's scope changed (new grids, another department): pull all again,
            # and until that pull is complete the window says so.
            username = self.ws.user.username
            with self.ws.db.write() as conn:
                local.set_state(conn, **{f"cursor:{username}": None, pulled_all_key(username): "0"})

    def _username(self) -> str | None:
        try:
            return self.ws.user.username
        except GridappError:
            return None

    def _my_scope(self) -> tuple | None:
        try:
            user = self.ws.user
        except GridappError:
            return None
        record = self.ws.reference.users.get(user.username)
        if record is None:
            return None
        return (record.role, record.street_code, record.department_code, record.grid_codes)

    def _check_catalog(self) -> None:
        """Sync only with a service on this laptop's catalog version.

        Codes mean different classes in different versions: a newer service would be
        read wrongly here, and an older one would read this laptop's codes wrongly
        (it does not know the version mark). Nothing is lost: events wait in the outbox.
        """
        theirs, mine = self.transport.catalog_version(), self.ws.catalog.version
        if theirs > mine:
            raise RequestRefused(
                "client_outdated",
                f"服务端分类目录已升级为版本{theirs}（本机为版本{mine}）：请升级客户端后再同步，"
                "本机案件保存在本机，不会丢失",
            )
        if theirs < mine:
            raise RequestRefused(
                "service_outdated",
                f"服务端分类目录为旧版本{theirs}（本机为版本{mine}）：请管理员升级服务端，"
                "升级前暂停同步，本机案件保存在本机，不会丢失",
            )

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
        """Send the outbox: held events alone first, then the rest in batches.

        A batch the service fails on (ServiceFault: a 500 or a garbled answer) is
        temporary at first, like network trouble; after ``fault_rounds`` such rounds
        in a row it is pushed one event at a time, so that the events the service
        takes flow and the one it fails on is found (see ``outbox_faults``).
        """
        rnd = PushRound()
        with self.ws.db.write() as conn:
            outbox_faults.prune(conn)
        try:
            self._push_held(report, rnd, force=report.reference_updated or report.epoch_reset)
            self._push_batches(report, rnd)
        except TransientError:
            self._settle(report, rnd, probe=False)
            raise
        if not self._settle(report, rnd, probe=True) and rnd.last_fault is not None:
            raise rnd.last_fault

    def _push_batches(self, report: SyncReport, rnd: PushRound) -> None:
        actor = self.ws.user.username
        while True:
            with self.ws.db.write() as conn:
                held = merge_holds(outbox_faults.holds(conn), rnd.held)
                rows = local.take_outbox(conn, self.batch_size, actor, rnd.waiting, held)
            if not rows:
                break
            rows = self._upload_photos(rows, report)
            if not rows:
                continue
            try:
                response = self.transport.push([local.outgoing(r) for r in rows])
            except ServiceFault as exc:
                rnd.last_fault = exc
                if not rnd.walking and self._count_batch_fault() < self.fault_rounds:
                    raise
                rnd.walking = True
                self._walk(rows, report, rnd)
                continue
            except RequestRefused as exc:
                if len(rows) == 1:
                    self._reject(rows[0], exc, report)
                else:  # one event spoilt the whole request (4xx): find it
                    self._walk(rows, report, rnd)
                continue
            rnd.proof = True
            self._set_batch_faults(0)
            if self._check_epoch(response.epoch, report):
                rnd.waiting.clear()
                continue
            self._apply(rows, response, report, rnd)

    def _walk(self, rows: list[dict], report: SyncReport, rnd: PushRound) -> None:
        """The service refused or keeps failing on this batch: push it one by one, in order.

        An event it refuses (4xx) is refused alone. An event it fails on is held for the
        rest of the round (and suspected, see ``_settle``) with the later events of its
        case. When the first events all fail and nothing went through, the service
        itself is probably broken: stop early. A walk done, batch faults count afresh.
        """
        unproven = 0
        for row in rows:
            if rnd.holds_back(row):
                continue
            outcome = self._push_alone(row, report, rnd)
            if outcome is Alone.NEW_EPOCH:
                return
            if outcome is Alone.FAILED and not rnd.proof:
                unproven += 1
                if unproven >= WALK_LIMIT and rnd.last_fault is not None:
                    raise rnd.last_fault  # the service itself is broken: back off
        self._set_batch_faults(0)

    def _push_held(self, report: SyncReport, rnd: PushRound, *, force: bool) -> None:
        """Suspected events alone; stuck ones too when due (or ``force``: new reference
        data or a new epoch may be what they needed)."""
        actor = self.ws.user.username
        now = self.ws.clock()
        with self.ws.db.read() as conn:
            suspected = outbox_faults.held_events(conn, actor, stuck=False)
            stuck = outbox_faults.held_events(conn, actor, stuck=True)
        due = [r for r in stuck if force or outbox_faults.is_due(r, now)]
        for row in sorted(suspected + due, key=lambda r: r["n"]):
            if rnd.holds_back(row) or row["id"] in rnd.tried:
                continue
            rnd.tried.add(row["id"])
            if not self._upload_photos([row], report):
                continue
            if self._push_alone(row, report, rnd) is Alone.NEW_EPOCH:
                return

    def _push_alone(self, row: dict, report: SyncReport, rnd: PushRound) -> Alone:
        """Push one event by itself: its answer applied, its refusal kept, its failure
        counted against it for this round."""
        try:
            response = self.transport.push([local.outgoing(row)])
        except ServiceFault as exc:
            rnd.fail(row, exc)
            return Alone.FAILED
        except RequestRefused as exc:
            self._reject(row, exc, report)
            return Alone.REFUSED
        rnd.proof = True
        if self._check_epoch(response.epoch, report):
            rnd.waiting.clear()
            return Alone.NEW_EPOCH
        self._apply([row], response, report, rnd)
        return Alone.ANSWERED

    def _settle(self, report: SyncReport, rnd: PushRound, *, probe: bool) -> bool:
        """Count this round's failures alone, if the service proved it takes pushes.

        Proof is a push of ours it answered this round, or else an empty one: without
        it a service failing on everything would get every event blamed. False when
        failures were left uncounted.
        """
        if not rnd.failed:
            return True
        if not rnd.proof and probe:
            try:
                self.transport.push([])
                rnd.proof = True
            except SyncError as exc:
                log.info("empty push failed too (%s): the service, not an event", exc.code)
        if not rnd.proof:
            return False
        now = self.ws.clock()
        with self.ws.db.write() as conn:
            for row, exc in rnd.failed:
                fault = outbox_faults.Fault.of(exc)
                if outbox_faults.record_failure(
                    conn, row, fault, now, stuck_after=self.fault_rounds
                ):
                    log.warning(
                        "event %s held back: the service failed on it alone %d times (%s %s)",
                        row["id"],
                        self.fault_rounds,
                        exc.status,
                        exc.code,
                    )
                    report.stuck += 1
        return True

    def _apply(
        self, rows: list[dict], response: PushResponse, report: SyncReport, rnd: PushRound
    ) -> None:
        """Store the service's answers; an event it did not answer waits for next round."""
        case_of = {r["id"]: r["case_id"] for r in rows}
        answered: set[str] = set()
        with self.ws.db.write() as conn:
            for result in response.results:
                if result.id not in case_of or result.id in answered:
                    continue  # not one we sent: nothing to store
                answered.add(result.id)
                local.apply_result(conn, result)
                outbox_faults.clear(conn, result.id)
                if result.status is EventStatusOut.RETRY:
                    rnd.waiting.add(case_of[result.id])
                    report.waiting += 1
                elif result.status in (EventStatusOut.ACCEPTED, EventStatusOut.DUPLICATE):
                    report.accepted += 1
                else:
                    report.rejected += 1
            cases = set(case_of.values())
            local.rebuild(conn, cases, self.ws.reference)
        for row in rows:
            if row["id"] not in answered:
                rnd.hold(row)
        report.pushed += len(rows)
        report.case_ids |= cases

    def _count_batch_fault(self) -> int:
        """One more round whose batch the service failed on; how many in a row now."""
        with self.ws.db.write() as conn:
            faults = int(local.get_state(conn).get(BATCH_FAULTS) or 0) + 1
            local.set_state(conn, **{BATCH_FAULTS: faults})
        return faults

    def _set_batch_faults(self, value: int) -> None:
        if int(self.state().get(BATCH_FAULTS) or 0) != value:
            with self.ws.db.write() as conn:
                local.set_state(conn, **{BATCH_FAULTS: value or None})

    def _reject(self, row: dict, exc: GridappError, report: SyncReport) -> None:
        with self.ws.db.write() as conn:
            local.mark_rejected(conn, row["id"], exc.code, exc.message)
            outbox_faults.clear(conn, row["id"])
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
        """Pull pages until the end of the log; the cursor moves in the same write as the
        last events it covers. Pages already fetched are applied together, in writes cut
        between cases (:mod:`gridapp.sync.pull_folds`).

        The user's ``pulled_all`` flag is "0" from the first page of a pull from the
        start until its last page, "1" from then on: the window hides what a part of
        the log would show wrongly (a case's report without its later events) until then.
        """
        # One cursor per user: what another user of this laptop pulled says nothing
        # about what this user may see.
        username = self.ws.user.username
        key, done_key = f"cursor:{username}", pulled_all_key(username)
        start: int | None = None

        def fetch(since: int) -> PullResponse:
            return self.transport.pull(since, self.pull_limit, catalog=self.ws.catalog.version)

        with PagePrefetch(fetch, depth=self.pages_per_fold) as pages:
            while True:
                cursor = int(self.state().get(key) or 0)
                start = cursor if start is None else start
                page = pages.page(cursor) if self.pull_ahead else fetch(cursor)
                if self._check_epoch(page.epoch, report):
                    continue
                if page.more and self.pull_ahead:
                    pages.ahead(page.cursor)  # the service works on it while we apply
                batch = [page]
                if self.pull_ahead:
                    batch += ready_pages(pages, page, self.pages_per_fold - 1)
                last = batch[-1]
                state: dict[str, object] = {key: last.cursor}  # same transaction as events
                if not last.more:
                    state[done_key] = "1"
                elif cursor == 0:
                    state[done_key] = "0"
                parts = by_cases([ev for p in batch for ev in p.events], self.events_per_write)
                # A page builds some 100,000 short-lived objects that form no cycles:
                # the cycle collector's passes over everything alive would cost a tenth.
                touched: set[str] = set()
                head = None if last.head is None else max(last.head, last.cursor)
                # up to ``parts_per_write`` parts a transaction, fewer when a save waits
                # (it goes first after the part in hand)
                write = PartWrite(parts, self.parts_per_write, self.ws.db.write_awaited)
                while not write.last:
                    with collector_paused(), self.ws.db.write() as conn:
                        for part in write.parts():
                            touched |= projections.apply_page(conn, part, self.ws.reference)
                        if write.last:
                            local.set_state(conn, **state)
                    if self.on_pulled is not None:
                        at = write.share(cursor, last.cursor)
                        self.on_pulled(PullProgress(report.pulled + write.written, at, head, start))
                report.case_ids |= touched
                report.pulled += write.total
                if not last.more:
                    break

    def first_pull_done(self) -> bool:
        """Whether the acting user's first pull (or the pull after a scope change) is done."""
        return first_pull_done(self.state(), self.ws.user.username)


def refused_events(ws: Workspace) -> list[dict]:
    """Events the service refused, with their reasons: what the sync panel lists."""
    with ws.db.read() as conn:
        rows = conn.execute(
            select(case_events)
            .where(case_events.c.status == EventStatus.REJECTED.value)
            .order_by(case_events.c.n.desc())
        ).mappings()
        return [dict(r) for r in rows]
