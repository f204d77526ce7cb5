"""The view's scan over the column store counts what the SQL scan counts (``column_scan``).

``view_counts._scan`` evaluates the period's conditions in SQL; ``column_scan`` evaluates
the same conditions with numpy over each day's arrays (``mark_columns``). Every arm's
rows must be the same, on stored blobs and on days noted changed (built from the rows
of the reading snapshot), and a store that lacks a day must say so, not count less.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from sqlalchemy import delete, select, update

from gridapp.reports.indicators import _period
from gridapp.reports.mark_sql import FLAGS
from gridapp.stats import mark_columns, view_counts
from gridapp.stats.column_scan import column_scan
from gridapp.stats.view_counts import ARM_TOTAL
from gridapp.store import case_log
from gridapp.store.schema import case_departments, cases, mark_columns_dirty
from gridapp.store.schema import mark_columns as mark_columns_table
from gridapp.workspace import Workspace
from tests.stats.test_view_rows import NOW, PERIODS, _builder, _regions, demo  # noqa: F401

COMPARISON = (view_counts.ARM_TOTAL, view_counts.ARM_HEAVY)


def _normal(scan: dict[int, list[tuple]]) -> dict[int, Counter]:
    return {arm: Counter(rows) for arm, rows in scan.items()}


def _both(ws: Workspace, region: str, start: date, end: date, arms: tuple[int, ...]):
    p = _period(start, end)
    with ws.db.read() as conn:
        in_sql = view_counts._scan(conn, region, p, arms)
        columns = column_scan(mark_columns.load(conn, p.end), region, p, arms)
    return _normal(in_sql), _normal(columns)


def _noted(ws: Workspace) -> list[str]:
    with ws.db.read() as conn:
        return conn.execute(select(mark_columns_dirty.c.day)).scalars().all()


@pytest.mark.parametrize("stored", [False, True], ids=["built-from-rows", "stored-blobs"])
@pytest.mark.parametrize("start,end", PERIODS)
def test_every_arm_equals_the_sql_scan(demo: Workspace, start, end, stored: bool):  # noqa: F811
    if stored:
        mark_columns.refresh_store(demo.db)
        assert _noted(demo) == []
    else:
        with demo.db.write() as conn:
            mark_columns.note_every_day(conn)
        assert len(_noted(demo)) > 100
    for region in _regions(demo):
        for arms in (view_counts.VIEW_ARMS, COMPARISON):
            in_sql, columns = _both(demo, region.code, start, end, arms)
            assert columns == in_sql, (region.code, arms)
    # the scan had something to count, of every arm
    in_sql, _ = _both(demo, "", start, end, view_counts.VIEW_ARMS)
    if (end - start).days > 20:
        empty = [a for a in in_sql if not in_sql[a] and a != view_counts.ARM_CUBE]
        assert not empty  # ARM_CUBE's rows are under ARM_BY + its groupings


def test_a_changed_case_is_counted_as_it_is_now(demo: Workspace):  # noqa: F811
    """An action notes its case's day in its own transaction; a read counts the day from
    its rows, before and after ``refresh`` stores it; so does a deleted case."""
    mark_columns.refresh_store(demo.db)
    start, end = date(2026, 11, 1), date(2026, 11, 21)
    before, _ = _both(demo, "", start, end, COMPARISON)
    with demo.db.read() as conn:
        case_id, reported = conn.execute(
            select(cases.c.id, cases.c.reported_at)
            .where(cases.c.state == "dispatched", cases.c.supervise_count == 0)
            .where(cases.c.reported_at >= datetime(2026, 11, 1))
            .order_by(cases.c.id)
        ).first()
    day = reported.date().isoformat()
    demo.act_as("zhiban")
    try:
        demo.act(case_id, "supervise", {"note": "请加快处置", "reply_days": 1})
    finally:
        demo.act_as("ducha")
    assert _noted(demo) == [day]
    in_sql, columns = _both(demo, "", start, end, COMPARISON)
    assert columns == in_sql
    supervised = view_counts._KEYS + FLAGS.index("supervised")
    (was,), (now,) = before[ARM_TOTAL], in_sql[ARM_TOTAL]
    assert now[supervised] == was[supervised] + 1  # the 督办 counts
    mark_columns.refresh_store(demo.db)
    assert _noted(demo) == []
    in_sql, columns = _both(demo, "", start, end, view_counts.VIEW_ARMS)
    assert columns == in_sql
    with demo.db.write() as conn:  # a case deleted by its projection's writer
        case_log.delete_projection(conn, case_id)
    assert _noted(demo) == [day]
    in_sql, columns = _both(demo, "", start, end, view_counts.VIEW_ARMS)
    assert columns == in_sql


def test_a_writer_that_forgets_a_day_is_caught(demo: Workspace):  # noqa: F811
    """A case written without noting its day: the count says so, the view counts in SQL
    and the next refresh builds every day again."""
    mark_columns.refresh_store(demo.db)
    b, region = _builder(demo), _regions(demo)[0]
    start, end = date(2026, 10, 1), date(2026, 10, 31)
    with demo.db.read() as conn:
        whole = b.build(conn, region, start, end, "x", NOW, "y")
    with demo.db.write() as conn:
        gone = _a_case_of(conn, date(2026, 10, 12))
        conn.execute(delete(case_departments).where(case_departments.c.case_id == gone))
        conn.execute(delete(cases).where(cases.c.id == gone))
    with demo.db.read() as conn:
        with pytest.raises(mark_columns.MissingDays):
            mark_columns.load(conn, _period(start, end).end)
        in_sql = b.build(conn, region, start, end, "x", NOW, "y")  # counted in SQL
    assert in_sql != whole  # the case is gone
    assert mark_columns.refresh_store(demo.db) > 100  # every day built again
    with demo.db.read() as conn:
        mark_columns.load(conn, _period(start, end).end)
        assert b.build(conn, region, start, end, "x", NOW, "y") == in_sql


def _a_case_of(conn, day: date) -> str:
    q = select(cases.c.id).where(
        cases.c.reported_at >= day, cases.c.reported_at < day + timedelta(days=1)
    )
    return conn.execute(q.order_by(cases.c.id).limit(1)).scalar_one()


def test_a_store_lacking_a_day_says_so_and_the_view_counts_in_sql(demo: Workspace):  # noqa: F811
    mark_columns.refresh_store(demo.db)
    b, region = _builder(demo), _regions(demo)[0]
    start, end = date(2026, 10, 1), date(2026, 10, 31)
    with demo.db.read() as conn:
        whole = b.build(conn, region, start, end, "x", NOW, "y")
    with demo.db.write() as conn:  # as a store written without the triggers would be
        conn.execute(delete(mark_columns_table).where(mark_columns_table.c.day == "2026-10-12"))
    with demo.db.read() as conn:
        with pytest.raises(mark_columns.MissingDays):
            mark_columns.load(conn, _period(start, end).end)
        lacking = b.build(conn, region, start, end, "x", NOW, "y")
    assert lacking == whole
    with demo.db.write() as conn:
        mark_columns.note_every_day(conn)
    mark_columns.refresh_store(demo.db)
    with demo.db.read() as conn:
        mark_columns.load(conn, _period(start, end).end)  # whole again


def test_a_blob_of_another_format_is_built_again(demo: Workspace, monkeypatch):  # noqa: F811
    mark_columns.refresh_store(demo.db)
    start, end = date(2026, 9, 1), date(2026, 9, 30)
    in_sql, _ = _both(demo, "", start, end, view_counts.VIEW_ARMS)
    monkeypatch.setattr(mark_columns, "_HEAD", {**mark_columns._HEAD, "format": -1})
    _, columns = _both(demo, "", start, end, view_counts.VIEW_ARMS)
    assert columns == in_sql  # each blob found of another format: built from its rows
    monkeypatch.undo()
    with demo.db.write() as conn:  # as an upgrade leaves them (another fold: a refold)
        conn.execute(update(mark_columns_table).values(version="1:another fold"))
    _, columns = _both(demo, "", start, end, view_counts.VIEW_ARMS)
    assert columns == in_sql
    assert mark_columns.refresh_store(demo.db) > 100  # every day built again, and kept
    with demo.db.read() as conn:
        versions = conn.execute(select(mark_columns_table.c.version).distinct()).scalars()
        assert list(versions) == [mark_columns._version()]


def test_hostile_text_round_trips(demo: Workspace):  # noqa: F811
    """Ids, numbers and codes are data: any text (quotes, control characters, a lone
    surrogate) comes back as it went in."""
    odd = ['"],\\', "\x00\x1f", "\ud800", "井盖\n", "'; DROP TABLE cases; --"]
    with demo.db.read() as conn:
        (day,) = conn.execute(select(mark_columns_table.c.day).limit(1)).first()
        blob = mark_columns.build_day(conn, day)
    got = mark_columns.unpack(blob)
    block = mark_columns._text_block(odd)
    got.texts["cases.id"] = (np.frombuffer(block, np.int64, len(odd) + 1), block[8 * 6 :])
    got.n = len(odd)
    batch = mark_columns._joined([got])
    assert batch.texts("cases.id", np.arange(len(odd))) == odd
    index: dict[str, int] = {}
    codes, _null = mark_columns._array("s", [*odd, None], index)
    assert [list(index)[c] if c >= 0 else None for c in codes] == [*odd, None]


def test_a_days_items_are_looked_up_not_scanned(store_path):
    """With a big store's statistics (``ANALYZE`` on a year: 590,250 cases, 12 a report
    time) SQLite walked every mark item of the store to build one day's blob when the
    day's cases were joined (0.97 s a day); the subquery makes it look them up."""
    import sqlite3

    from sqlalchemy.dialects import sqlite as sqlite_dialect

    Workspace.open(store_path).close()  # the schema at head
    raw = sqlite3.connect(store_path)
    raw.execute("ANALYZE sqlite_schema")  # makes sqlite_stat1
    raw.executemany(
        "INSERT INTO sqlite_stat1 VALUES (?, ?, ?)",
        [
            ("case_mark_items", "sqlite_autoindex_case_mark_items_1", "147410 6 1"),
            ("cases", "sqlite_autoindex_cases_1", "590250 1"),
            ("cases", "ix_cases_reported_at", "590250 12"),
            ("cases", "ix_cases_reported_id", "590250 12 1"),
        ],
    )
    raw.commit()
    raw.close()
    raw = sqlite3.connect(store_path)  # statistics are read when the schema is loaded
    q = mark_columns.day_items_query("2026-10-14").compile(
        dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True}
    )
    plan = [row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {q}")]
    raw.close()
    assert not any(step.startswith("SCAN") for step in plan), plan
    assert any("case_mark_items" in step and "case_id=?" in step for step in plan), plan


def test_a_refold_notes_its_cases_days(ws):
    """An upgrade's refold rewrites marks rows: their days' blobs must be built again,
    or blobs made from the stale marks (by a sync's refresh before any view) would keep
    sending every case of those days to be loaded in Python."""
    from gridapp.reports import fact_store
    from gridapp.store.schema import case_facts
    from tests.core.helpers import URBAN, report

    cid = report(ws, URBAN)
    mark_columns.refresh_store(ws.db)
    with ws.db.write() as conn:
        conn.execute(update(case_facts).values(version="another fold"))
        assert conn.execute(select(mark_columns_dirty.c.day)).first() is None
    fact_store._current.discard(ws.db)
    assert fact_store.refresh_stale(ws.db) == 1
    with ws.db.read() as conn:
        day = conn.execute(select(cases.c.reported_at).where(cases.c.id == cid)).scalar_one()
        noted = list(conn.execute(select(mark_columns_dirty.c.day)).scalars())
    assert noted == [day.date().isoformat()]
