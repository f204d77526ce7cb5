"""Pages fetched ahead are applied together, in writes cut between cases.

A pull far behind finds several pages already fetched: ``SyncEngine.pull`` folds them
together (a case with events in each is folded and written once) and writes them in
parts of about ``events_per_write`` events, a case's events all in one part, the cursor
moving with the last part. These tests pull the demo month that way and check the store
against a replay from scratch (``test_page_apply_tails.assert_as_replayed``): with local
work between pages, and with the pull stopped between two parts of a fold and resumed
(no event lost, none twice, every case's rows those of its stored events).
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from gridapp.domain.case import CaseState
from gridapp.errors import DomainError
from gridapp.store.schema import case_events, cases
from gridapp.store.write_queue import WriteQueue
from gridapp.sync import local, projections
from gridapp.sync.engine import SyncEngine
from gridapp.sync.page_prefetch import PagePrefetch
from gridapp.sync.protocol import EventOut, PullResponse
from gridapp.sync.pull_folds import by_cases
from gridapp.sync.round_outcome import SyncReport
from gridapp.workspace import Workspace
from tests.sync import test_page_apply
from tests.sync.test_page_apply import EPOCH, PagesTransport, client_store, pages_of
from tests.sync.test_page_apply_tails import FACT_TABLES, assert_as_replayed

demo_log = test_page_apply.demo_log  # the demo month's log (a module fixture)

PAGE = 97


class Writes:
    """The events each ``apply_page`` call (one per write) was given. ``fail_at``: the
    first write from that one on that is not the first part of its fold fails, after
    its rows went in."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, fail_at: int | None = None) -> None:
        self.parts: list[list[EventOut]] = []
        self.fail_at = fail_at
        real = projections.apply_page

        def apply_page(conn, events, reference):
            events = list(events)
            if self.fail_at is not None and len(self.parts) >= self.fail_at:
                top = conn.execute(select(func.max(case_events.c.seq))).scalar_one()
                if top > int(local.get_state(conn).get("cursor:zhiban") or 0):
                    self.fail_at = None
                    real(conn, events, reference)  # written, then the write fails
                    raise OSError("the laptop lost power")
            self.parts.append(events)
            return real(conn, events, reference)

        monkeypatch.setattr(projections, "apply_page", apply_page)


def fresh_laptop(path: Path, template: Path) -> Workspace:
    """``client_store`` without the template's kept facts (a new laptop has none)."""
    ws = client_store(path, template)
    with ws.db.write() as conn:
        for table in FACT_TABLES:
            conn.execute(delete(table))
    return ws


def engine_of(ws: Workspace, pages: dict[int, PullResponse], per_write: int) -> SyncEngine:
    engine = SyncEngine(ws, PagesTransport(pages))  # type: ignore[arg-type]
    engine.events_per_write = per_write
    return engine


def held_events(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return conn.execute(select(func.count()).select_from(case_events)).scalar_one()


def cursor(ws: Workspace) -> int:
    with ws.db.read() as conn:
        return int(local.get_state(conn).get("cursor:zhiban") or 0)


def test_pages_folded_together_in_parts_cut_between_cases(
    demo_log, tmp_path: Path, monkeypatch
) -> None:
    template, events = demo_log
    ws = client_store(tmp_path / "a.db", template)
    pages = pages_of(events, PAGE)
    engine = engine_of(ws, pages, per_write=150)
    writes = Writes(monkeypatch)
    urged: list[str] = []

    def local_work(since: int) -> None:
        """Between pages (on the fetch thread): a pending event on a case held so far."""
        if since == 0 or len(urged) >= 6:
            return
        with ws.db.read() as conn:
            q = select(cases.c.id).where(cases.c.state == CaseState.DISPATCHED.value)
            open_ids = conn.execute(q.order_by(cases.c.id)).scalars().all()
        for case_id in open_ids:
            if case_id in urged:
                continue
            try:
                ws.act(case_id, "urge", {"note": "请尽快处置"})
            except DomainError:
                continue
            urged.append(case_id)
            break

    engine.transport.after_page = local_work  # type: ignore[attr-defined]
    engine.pull(SyncReport())
    assert urged
    # Several pages went into a fold: fewer case touches than page by page
    per_page = sum(len({ev.case_id for ev in p.events}) for p in pages.values())
    per_write = sum(len({ev.case_id for ev in part}) for part in writes.parts)
    assert per_write < per_page
    # ... and a fold was written in parts, none sharing a case with another of its fold
    assert len(writes.parts) > len(pages) // engine.pages_per_fold
    assert max(len(part) for part in writes.parts) < 2 * 150
    assert sorted(ev.id for part in writes.parts for ev in part) == sorted(ev.id for ev in events)
    assert held_events(ws) == len(events) + len(urged)
    assert cursor(ws) == events[-1].seq
    assert_as_replayed(ws)
    ws.close()


def test_progress_moves_with_every_write(demo_log, tmp_path: Path, monkeypatch) -> None:
    """A fold of several pages reports progress after each of its writes (a new
    laptop's bar keeps moving), the cursor shown rising in step with the events written
    and ending at the head with every event counted."""
    template, events = demo_log
    ws = fresh_laptop(tmp_path / "a.db", template)
    pages = pages_of(events, PAGE)
    engine = engine_of(ws, pages, per_write=150)
    engine.parts_per_write = 1
    writes = Writes(monkeypatch)
    seen = []
    engine.on_pulled = seen.append
    engine.pull(SyncReport())
    assert len(seen) == len(writes.parts)
    assert [p.pulled for p in seen] == sorted(p.pulled for p in seen)
    assert [p.cursor for p in seen] == sorted(p.cursor for p in seen)
    page_ends = {page.cursor for page in pages.values()}
    assert any(p.cursor not in page_ends for p in seen), "only whole folds were reported"
    assert (seen[-1].pulled, seen[-1].cursor) == (len(events), events[-1].seq)
    written = 0
    for part, p in zip(writes.parts, seen, strict=True):
        written += len(part)
        assert p.pulled == written
    ws.close()


def test_a_pull_stopped_between_parts_resumes_without_loss(
    demo_log, tmp_path: Path, monkeypatch
) -> None:
    """The write of a fold's second or later part fails after its rows went in (rolled
    back): the parts before it are kept, the cursor is before the fold; the store is as
    a replay of what it holds, and pulling again ends with every event once."""
    template, events = demo_log
    ws = fresh_laptop(tmp_path / "a.db", template)
    pages = pages_of(events, PAGE)
    engine = engine_of(ws, pages, per_write=150)
    engine.parts_per_write = 1  # a transaction per part
    writes = Writes(monkeypatch, fail_at=len(events) // 150 // 2)
    with pytest.raises(OSError):
        engine.pull(SyncReport())
    kept = held_events(ws)
    assert 0 < kept < len(events)
    assert kept == sum(len(part) for part in writes.parts)
    held_after = {ev.seq for part in writes.parts for ev in part}
    assert cursor(ws) < max(held_after)  # parts of a fold not done: events held early
    assert_as_replayed(ws)

    engine = engine_of(ws, pages, per_write=150)
    report = SyncReport()
    engine.pull(report)
    assert held_events(ws) == len(events)
    with ws.db.read() as conn:
        ids = conn.execute(select(case_events.c.id)).scalars().all()
    assert sorted(ids) == sorted(ev.id for ev in events)
    assert cursor(ws) == events[-1].seq
    assert_as_replayed(ws)
    ws.close()


@pytest.mark.parametrize("awaited", [False, True])
def test_parts_share_a_transaction_unless_a_save_waits(
    demo_log, tmp_path: Path, monkeypatch, awaited: bool
) -> None:
    """No save waiting: up to ``parts_per_write`` parts a transaction. A save waiting:
    the transaction commits after the part in hand."""
    template, events = demo_log
    ws = fresh_laptop(tmp_path / "a.db", template)
    pages = pages_of(events, PAGE)
    engine = engine_of(ws, pages, per_write=150)
    engine.parts_per_write = 3
    writes = Writes(monkeypatch)
    per_transaction: list[int] = []
    real_write = type(ws.db).write

    @contextlib.contextmanager
    def write(db):
        before = len(writes.parts)
        with real_write(db) as conn:
            yield conn
        per_transaction.append(len(writes.parts) - before)

    monkeypatch.setattr(type(ws.db), "write", write)
    monkeypatch.setattr(type(ws.db), "write_awaited", lambda db: awaited)
    engine.pull(SyncReport())
    pulls = [n for n in per_transaction if n]
    assert sum(pulls) == len(writes.parts)
    assert max(pulls) == (1 if awaited else 3)
    assert_as_replayed(ws)
    ws.close()


def test_by_cases_keeps_a_case_whole_and_in_order() -> None:
    def ev(n: int, case_id: str) -> EventOut:
        return EventOut(
            id=f"e{n}", case_id=case_id, action="urge", actor="a", role="supervisor",
            at_client="2026-11-01T08:00:00", at_server="2026-11-01T08:00:00", seq=n,
            payload={},
        )  # fmt: skip

    events = [ev(n, case_id) for n, case_id in enumerate("abacbdaeff")]
    parts = by_cases(events, 3)
    assert [[e.id for e in part] for part in parts] == [
        ["e0", "e2", "e6"],
        ["e1", "e4", "e3"],
        ["e5", "e7"],
        ["e8", "e9"],
    ]
    assert by_cases(events[:1], 0) == [events[:1]]  # a case bigger than a part: alone
    assert by_cases([], 5) == [[]]


def test_write_queue_serves_waiters_in_order() -> None:
    """A thread asking again at once goes behind the one already waiting."""
    queue = WriteQueue()
    order: list[str] = []
    queue.acquire()
    queue.acquire()  # reentrant
    queue.release()

    def saver() -> None:
        with queue:
            order.append("save")

    thread = threading.Thread(target=saver)
    thread.start()
    while not queue._waiting:  # the saver is in line
        time.sleep(0.001)
    queue.release()
    with queue:  # the pull asks again at once
        order.append("pull")
    thread.join()
    assert order == ["save", "pull"]
    with pytest.raises(RuntimeError):
        queue.release()


def test_prefetch_runs_ahead_up_to_its_depth() -> None:
    asked: list[int] = []
    gate = threading.Event()

    def fetch(since: int) -> PullResponse:
        asked.append(since)
        if since == 3:
            gate.wait(5)
            raise OSError("network down")
        return PullResponse(epoch=EPOCH, events=[], cursor=since + 1, more=True)

    with PagePrefetch(fetch, depth=3) as pages:
        pages.ahead(0)
        deadline = time.monotonic() + 5
        while len(asked) < 3 and time.monotonic() < deadline:
            time.sleep(0.001)
        time.sleep(0.05)
        assert asked == [0, 1, 2]  # three pages waiting unused: no fourth asked
        assert pages.ready(0) is not None and pages.ready(1) is None  # only the next one
        assert pages.page(0).cursor == 1  # one used: the next one is asked for
        while len(asked) < 4 and time.monotonic() < deadline:
            time.sleep(0.001)
        assert asked == [0, 1, 2, 3]
        assert pages.page(1).cursor == 2 and pages.page(2).cursor == 3
        assert pages.ready(3) is None
        gate.set()
        with pytest.raises(OSError):
            pages.page(3)  # its failure raised where the page is used
