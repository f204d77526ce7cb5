"""``facts.period_cases``: the cases a period can be about, found by index ranges.

Every combination of report, 结案 and 回访 times at a period's edges, 挂账 or not, is
kept or left out as the definition says (reported before the end, and not finished
before the start unless 挂账 or called back in the period); and SQLite finds them by
ranges of the report-time, close-time and 回访-time indexes, never by walking every case
reported before the end (a store's whole history, for a past month).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Boolean, DateTime, Float, Integer, insert, select

from gridapp.reports.facts import period_cases
from gridapp.store.database import Database
from gridapp.store.schema import cases

SINCE, END = datetime(2026, 10, 1), datetime(2026, 11, 1)
TIMES = (
    datetime(2026, 9, 30, 23, 59),
    SINCE,
    datetime(2026, 10, 15),
    END,
    datetime(2026, 11, 2),
)


def _row(n: int, reported: datetime, closed, callback, state: str) -> dict:
    """A cases row with these times and state, every other required column a filler."""
    row: dict = {}
    for column in cases.columns:
        if column.nullable or column.server_default is not None or column.default is not None:
            continue
        kind = column.type
        if isinstance(kind, Boolean):
            row[column.name] = False
        elif isinstance(kind, Integer):
            row[column.name] = 0
        elif isinstance(kind, Float):
            row[column.name] = 0.0
        elif isinstance(kind, DateTime):
            row[column.name] = reported
        else:
            row[column.name] = "x"
    row.update(
        id=f"c{n:04d}",
        number=f"N{n:04d}",
        reported_at=reported,
        closed_at=closed,
        callback_at=callback,
        state=state,
        street_code="370303001",
    )
    return row


def _kept(reported: datetime, closed, callback, state: str) -> bool:
    on = closed is None or closed >= SINCE or state == "suspended"
    return reported < END and (on or (callback is not None and callback >= SINCE))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    db = Database(Path(tmp_path_factory.mktemp("period")) / "period.db")
    combos = list(
        itertools.product(
            TIMES, (None, *TIMES), (None, *TIMES), ("closed", "suspended", "dispatched")
        )
    )
    rows = [_row(n, *combo) for n, combo in enumerate(combos)]
    with db.write() as conn:
        conn.execute(insert(cases), rows)
    yield db, {r["id"]: _kept(*combo) for r, combo in zip(rows, combos, strict=True)}
    db.close()


@pytest.mark.parametrize("region", ["", "370303001", "370303001001"])
def test_the_cases_of_a_period_are_the_definitions(store, region: str):
    db, kept = store
    with db.read() as conn:
        found = set(
            conn.execute(select(cases.c.id).where(period_cases(region, SINCE, END))).scalars()
        )
    expected = {case_id for case_id, k in kept.items() if k} if len(region) < 12 else set()
    assert found == expected
    assert 0 < len(found) < len(kept) or len(region) == 12


def test_found_by_index_ranges_not_a_walk_of_the_history(store):
    db, _ = store
    q = select(cases.c.id).where(period_cases("", SINCE, END))
    with db.read() as conn:
        sql = str(q.compile(conn, compile_kwargs={"literal_binds": True}))
        plan = [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql)]
    text = " | ".join(plan)
    assert "MULTI-INDEX OR" in text, text
    assert "ix_cases_closed_reported" in text and "ix_cases_callback_reported" in text, text
    assert "(reported_at<?)" not in text and "SCAN cases" not in text, text
