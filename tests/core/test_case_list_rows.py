"""Keyset paging and slim list rows: the same rows as OFFSET paging, index seeks only.

The store has ties on purpose (every report at the same minute, a handful of
states, categories and streets) and NULLs (no deadline or department before
dispatch), the cases where a cursor of (value, id) is easy to get wrong.
"""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import replace
from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.dialects import sqlite

from gridapp.domain.case import CaseState
from gridapp.domain.events import EventStatus
from gridapp.domain.stages import stage_of
from gridapp.store.case_queries import SORTABLE, page_statements
from gridapp.store.schema import case_events, cases
from gridapp.workspace import CaseQuery, Workspace, level_at
from tests.core.helpers import GARBAGE, HYDRANT, STREETS, Clock, drive, report

N = 60


@pytest.fixture(scope="module")
def listed(reference_template, tmp_path_factory):
    """A central store with N cases: equal report times in blocks, half never dispatched."""
    path = tmp_path_factory.mktemp("keyset") / "store.db"
    path.write_bytes(reference_template.read_bytes())
    clock = Clock(datetime(2026, 11, 16, 9, 0))
    ws = Workspace.open(path, clock=clock)
    for i in range(N):
        if i % 7 == 0:
            clock.advance(minutes=5)  # blocks of equal reported_at: ties
        cid = report(
            ws,
            STREETS[i % 3],
            index=i // 3,
            category=GARBAGE if i % 2 else HYDRANT,
            address=f"丝绸路{i % 4}号",
        )
        if i % 4 == 1:
            drive(ws, cid, CaseState.DISPATCHED)
        elif i % 4 == 2:
            drive(ws, cid, CaseState.FILED)
    ws.act_as("zhiban")
    yield ws
    ws.close()


def keyset_ids(ws: Workspace, query: CaseQuery, page: int) -> list[str]:
    """Walk the whole list a page at a time, each page after the previous page's last row."""
    out: list[str] = []
    q = replace(query, limit=page)
    while True:
        rows = ws.list_rows_for_list(q)
        out += [r.id for r in rows]
        if len(rows) < page:
            return out
        q = replace(q, after=rows[-1].cursor(query.sort))


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(SORTABLE))
def test_keyset_pages_equal_offset_pages(listed, sort, descending):
    ws = listed
    query = CaseQuery(sort=sort, descending=descending)
    full = [c.id for c in ws.list_cases(replace(query, limit=10_000))]
    assert len(full) == ws.count_cases(query) == N
    for page in (1, 7, 25):
        offset_pages = list(
            itertools.chain.from_iterable(
                [c.id for c in ws.list_cases(replace(query, offset=o, limit=page))]
                for o in range(0, N, page)
            )
        )
        assert offset_pages == full
        assert keyset_ids(ws, query, page) == full
    # list_cases (full records) honours the cursor too
    rows = ws.list_rows_for_list(replace(query, limit=10))
    after = ws.list_cases(replace(query, after=rows[-1].cursor(sort), limit=5))
    assert [c.id for c in after] == full[10:15]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    sort=st.sampled_from(sorted(SORTABLE)),
    descending=st.booleans(),
    page=st.integers(1, 30),
    state=st.sampled_from([None, CaseState.DISPATCHED, CaseState.FILED, CaseState.REPORTED]),
    street=st.sampled_from([None, *STREETS[:3]]),
)
def test_keyset_equals_offset_under_filters(listed, sort, descending, page, state, street):
    query = CaseQuery(
        sort=sort,
        descending=descending,
        states=(state,) if state else (),
        street_code=street,
    )
    full = [c.id for c in listed.list_cases(replace(query, limit=10_000))]
    assert keyset_ids(listed, query, page) == full
    for i in range(0, len(full), 5):
        assert listed.case_position(full[i], query) == i


def test_slim_rows_match_records(listed):
    query = CaseQuery(sort="deadline")
    rows = listed.list_rows_for_list(replace(query, limit=N))
    records = listed.list_cases(replace(query, limit=N))
    for row, rec in zip(rows, records, strict=True):
        for name in row._fields:
            if name not in ("pending", "stage"):
                assert getattr(row, name) == getattr(rec, name), name
        assert row.stage is stage_of(rec)  # computed in SQL, the same as the record's
        assert row.pending is False  # a central store has nothing waiting to sync
        for now in (
            datetime(2026, 11, 16, 9, 0),
            datetime(2026, 11, 17, 9, 0),
            datetime(2027, 1, 1),
        ):
            assert row.level(now) == level_at(rec, now)
    assert any(r.deadline is None for r in rows) and any(r.deadline for r in rows)


def test_position_of_a_case_the_query_does_not_list(listed):
    dispatched = CaseQuery(states=(CaseState.DISPATCHED,))
    filed = listed.list_cases(CaseQuery(states=(CaseState.FILED,), limit=1))[0]
    assert listed.case_position(filed.id, dispatched) is None
    assert listed.case_position("no-such-case") is None


def plan(ws: Workspace, query: CaseQuery) -> str:
    """EXPLAIN QUERY PLAN of the first statement of a keyset page (the seek)."""
    stmt = page_statements(query, ws.user, ws.clock(), [cases.c.id])[0].limit(200)
    compiled = stmt.compile(dialect=sqlite.dialect(), compile_kwargs={"render_postcompile": True})
    args = tuple(
        str(v) if isinstance(v, datetime) else v
        for v in (compiled.params[k] for k in compiled.positiontup or ())
    )
    with ws.service.reading() as conn:
        rows = conn.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), args).all()
    return "\n".join(r[-1] for r in rows)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize(
    ("sort", "filters"),
    [
        *((sort, {}) for sort in sorted(SORTABLE)),
        ("deadline", {"states": (CaseState.DISPATCHED,)}),
        ("reported_at", {"states": (CaseState.FILED,)}),
        ("reported_at", {"street_code": STREETS[0]}),
    ],
)
def test_page_query_seeks_an_index_without_sorting(listed, sort, filters, descending):
    query = CaseQuery(sort=sort, descending=descending, **filters)
    # a row with a value (NULLs sort last descending): the seek, not the NULL block
    cursor = listed.list_rows_for_list(replace(query, descending=True, limit=3))[-1].cursor(sort)
    assert cursor[0] is not None
    for q in (query, replace(query, after=cursor)):
        text = plan(listed, q)
        assert "INDEX" in text, text
        assert "TEMP B-TREE" not in text, text


def test_pending_flag_is_this_laptops_unsynced_events(reference_template, tmp_path):
    path = tmp_path / "client.db"
    path.write_bytes(reference_template.read_bytes())
    with sqlite3.connect(path) as conn:  # the same reference, as a laptop's store
        conn.execute("UPDATE meta SET value = 'client' WHERE key = 'store_role'")
    conn.close()
    ws = Workspace.open_client(path, clock=Clock())
    try:
        first, second = report(ws, STREETS[0]), report(ws, STREETS[1], index=1)
        ws.act_as("zhiban")
        rows = {r.id: r for r in ws.list_rows_for_list()}
        assert rows[first].pending and rows[second].pending
        with ws.db.write() as db:  # the central store accepted the first one
            db.execute(
                update(case_events)
                .where(case_events.c.case_id == first)
                .values(status=EventStatus.ACCEPTED.value)
            )
        rows = {r.id: r for r in ws.list_rows_for_list()}
        assert not rows[first].pending and rows[second].pending
    finally:
        ws.close()
