"""A pulled page applied set-based gives the projection the row-by-row fold gives.

The demo month's log is pulled by a fresh client in small pages (so most cases span
pages and their history is read back), with local pending events made between pages;
then the same stored events are folded case by case, row by row, as the client did
before (read the history, replay, delete and insert each case's rows), on a second
store. Every row of ``cases`` and ``case_departments`` must be identical.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from gridapp.demo.build import build_demo_store
from gridapp.domain.case import CaseState
from gridapp.domain.events import EventStatus
from gridapp.domain.workflow import decide, replay
from gridapp.errors import DomainError, GridappError
from gridapp.store import case_log
from gridapp.store.case_rows import row_to_event
from gridapp.store.database import Database
from gridapp.store.schema import case_departments, case_events, cases
from gridapp.sync import projections
from gridapp.sync.engine import SyncEngine
from gridapp.sync.protocol import EventOut, PullResponse
from gridapp.sync.round_outcome import SyncReport
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, point_of

EPOCH = "page-apply-test"
PAGE = 97  # small pages: a case's events spread over many of them


@pytest.fixture(scope="module")
def demo_log(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[EventOut]]:
    folder = tmp_path_factory.mktemp("demo")
    ws = build_demo_store(folder / "demo.db", end=date(2026, 11, 10), months=1, per_day=12)
    with ws.db.read() as conn:
        rows = conn.execute(
            select(case_events).where(case_events.c.seq.is_not(None)).order_by(case_events.c.seq)
        ).mappings()
        events = [
            EventOut(
                id=r["id"],
                case_id=r["case_id"],
                action=r["action"],
                actor=r["actor"],
                role=r["role"],
                at_client=r["at_client"],
                at_server=r["at_server"],
                seq=r["seq"],
                payload=json.loads(r["payload"]),
            )
            for r in rows
        ]
    ws.close()
    return folder / "demo.db", events


def pages_of(events: list[EventOut], size: int) -> dict[int, PullResponse]:
    pages, since = {}, 0
    for i in range(0, len(events), size):
        part = events[i : i + size]
        pages[since] = PullResponse(
            epoch=EPOCH, events=part, cursor=part[-1].seq, more=i + size < len(events)
        )
        since = part[-1].seq
    return pages


class PagesTransport:
    """The service's pull answered from pages made beforehand, one page per call."""

    def __init__(self, pages: dict[int, PullResponse]) -> None:
        self.pages = pages
        self.after_page = lambda since: None

    def pull(self, since: int, limit: int | None = None, catalog: int | None = None):
        self.after_page(since)
        return self.pages[since]


def client_store(path: Path, template: Path) -> Workspace:
    """A client store holding the demo district's reference data (copied from the demo)."""
    import sqlite3

    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    try:
        src.backup(dst)
        for table in ("case_files", "case_departments", "cases", "case_events", "sync_state"):
            dst.execute(f"DELETE FROM {table}")
        dst.execute("UPDATE meta SET value = 'client' WHERE key = 'store_role'")
        dst.commit()
    finally:
        src.close()
        dst.close()
    ws = Workspace.open_client(path)
    ws.act_as("zhiban")
    with ws.db.write() as conn:
        from gridapp.sync import local

        local.set_state(conn, epoch=EPOCH)
    return ws


def rebuild_row_by_row(ws: Workspace) -> None:
    """The client's rebuild before set-based pages: each case alone, row by row."""
    with ws.db.write() as conn:
        ids = sorted(set(conn.execute(select(case_events.c.case_id)).scalars()))
        for case_id in ids:
            rows = case_log.event_rows(conn, case_id)
            held = (EventStatus.ACCEPTED.value, EventStatus.RESEND.value)
            try:
                record = replay(row_to_event(r) for r in rows if r["status"] in held)
            except GridappError:
                continue
            for row in rows:
                if row["status"] != EventStatus.PENDING.value:
                    continue
                event = row_to_event(row)
                actor = ws.reference.user(event.actor).to_actor()
                try:
                    record = decide(record, event, actor)
                except GridappError:
                    continue
            case_log.delete_projection(conn, case_id)
            if record is not None:
                case_log.save_projection(conn, record, None)


def table_rows(ws: Workspace | Database, table) -> list[tuple]:
    with getattr(ws, "db", ws).read() as conn:
        return sorted(tuple(r) for r in conn.execute(select(table)))


def test_page_apply_matches_row_by_row_fold(demo_log, tmp_path: Path, monkeypatch) -> None:
    template, events = demo_log
    assert len(events) > 1500
    ws = client_store(tmp_path / "a.db", template)
    pages = pages_of(events, PAGE)
    transport = PagesTransport(pages)
    engine = SyncEngine(ws, transport)  # type: ignore[arg-type]

    hooked: list[set[str]] = []
    real_hook = projections.cases_changed

    def hook(conn, changes):
        hooked.append(set(changes.case_ids))
        real_hook(conn, changes)

    monkeypatch.setattr(projections, "cases_changed", hook)

    urged: list[str] = []
    reported: list[str] = []

    def local_work(since: int) -> None:
        """Between pages: pending events of this laptop's users on cases held so far."""
        if since == 0 or len(urged) >= 12:
            return
        with ws.db.read() as conn:
            open_ids = (
                conn.execute(
                    select(cases.c.id)
                    .where(cases.c.state == CaseState.DISPATCHED.value)
                    .order_by(cases.c.id)
                )
                .scalars()
                .all()
            )
        for case_id in open_ids:
            if case_id in urged:
                continue
            try:
                ws.act(case_id, "urge", {"note": "请尽快处置"})
            except DomainError:  # a town centre's case: not zhiban's to urge
                continue
            urged.append(case_id)
            break
        if len(reported) < 3:  # a report made here: a case only this store holds
            ws.act_as("wg001")
            x, y = point_of(ws, "wg001", len(reported))
            values = {"source": "patrol", "category_code": GARBAGE, "lon": x, "lat": y}
            (case_id,) = ws.report(description="本机待上传", **values).case_ids
            reported.append(case_id)
            ws.act_as("zhiban")

    transport.after_page = local_work
    engine.pull(SyncReport())
    assert urged, "no pending event was made between pages"

    with ws.db.read() as conn:
        statuses = dict(conn.execute(select(case_events.c.id, case_events.c.status)).all())
    mine = len(urged) + len(reported)
    assert sum(s == EventStatus.PENDING.value for s in statuses.values()) == mine
    assert len(statuses) == len(events) + mine
    # The hook heard exactly the cases the pages brought events of; pages fetched ahead
    # were applied together, so a case in several of them was folded fewer times.
    brought = [{ev.case_id for ev in page.events} for page in pages.values()]
    assert set().union(*hooked) == set().union(*brought)
    assert len(hooked) < len(brought)
    assert sum(map(len, hooked)) < sum(map(len, brought))

    # The same events folded row by row on another store.
    other = client_store(tmp_path / "b.db", template)
    with ws.db.read() as conn:
        q = select(case_events).order_by(case_events.c.n)
        rows = [dict(r) for r in conn.execute(q).mappings()]
    with other.db.write() as conn:
        conn.execute(insert(case_events), rows)
    rebuild_row_by_row(other)
    for table in (cases, case_departments):
        assert table_rows(ws, table) == table_rows(other, table), table.name

    # The pulled cases with no local event look as the central store shows them.
    central = Database(template)
    try:
        held = {r[0]: r for r in table_rows(ws, cases)}
        theirs = {r[0]: r for r in table_rows(central, cases)}
        for case_id, row in theirs.items():
            if case_id not in urged:
                assert held[case_id] == row
    finally:
        central.close()

    # Applying a page again changes nothing and touches no case.
    before = table_rows(ws, cases)
    hooked.clear()
    with ws.db.write() as conn:
        again = projections.apply_page(conn, pages[0].events, ws.reference)
    assert again == set()
    assert table_rows(ws, cases) == before
    ws.close()
    other.close()
