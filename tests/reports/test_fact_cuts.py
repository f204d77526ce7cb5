"""A case's fold at every month start it lived through (``case_facts_cuts``).

A case reported in August, 督办 in October and closed in November has cuts at 1 September,
1 October and 1 November. A past month's load decodes them (no fold of its events) and
gives what folding the log gives, for each month, as the case stood then.
"""

from __future__ import annotations

from datetime import datetime

import pytest

from gridapp.domain.case import CaseState
from gridapp.reports import fact_check, fact_cuts, fact_store, facts
from tests.core.helpers import URBAN, act, drive, report

MONTHS = [datetime(2026, m, 1) for m in (8, 9, 10, 11, 12)]


@pytest.fixture
def long_case(ws, clock) -> str:
    clock.now = datetime(2026, 8, 20, 9, 0)
    cid = report(ws, URBAN)
    drive(ws, cid, CaseState.DISPATCHED)
    clock.now = datetime(2026, 10, 12, 10, 0)
    act(ws, "zhiban", cid, "supervise", {"note": "请加快处置", "reply_days": 1})
    clock.now = datetime(2026, 11, 16, 9, 0)
    drive(ws, cid, CaseState.CLOSED)
    return cid


def test_every_month_start_is_cut(ws, long_case):
    with ws.db.read() as conn:
        held = fact_cuts.held(conn, [long_case])[long_case]
        assert fact_check.outdated(conn) == []
    assert [at for at, _ in held] == MONTHS[1:4]
    states = [fact_store.decode_facts(text) for _, text in held]
    assert [f.closed_at for f in states] == [None, None, None]
    assert [len(f.supervises) for f in states] == [0, 0, 1]


@pytest.mark.parametrize("month", range(4))
def test_a_past_month_decodes_its_cut_and_folds_nothing(ws, long_case, monkeypatch, month):
    start, end = MONTHS[month], MONTHS[month + 1]
    with ws.db.read() as conn:
        logged = facts.load_facts(conn, "", start, end)
        folds: list[datetime] = []
        real_cut = fact_store._cut
        monkeypatch.setattr(
            fact_store, "_cut", lambda cid, ev, at: folds.append(at) or real_cut(cid, ev, at)
        )
        assert fact_store.load(conn, "", start, end) == logged
    assert [f.case_id for f in logged] == [long_case]
    assert folds == []  # the cut was kept (or, in November, the case's whole facts)


def test_a_week_across_a_months_end_is_folded(ws, long_case, monkeypatch):
    """Only month starts are kept: any other end folds the events, as before."""
    start, end = datetime(2026, 9, 28), datetime(2026, 10, 5)
    with ws.db.read() as conn:
        folds: list[datetime] = []
        real_cut = fact_store._cut
        monkeypatch.setattr(
            fact_store, "_cut", lambda cid, ev, at: folds.append(at) or real_cut(cid, ev, at)
        )
        assert fact_store.load(conn, "", start, end) == facts.load_facts(conn, "", start, end)
    assert folds == [end]


def test_cuts_of_rows_fold_each_prefix(ws, long_case):
    with ws.db.read() as conn:
        rows = fact_store.log_rows_per_case(conn, [long_case])[long_case]
    last = max(r["at"] for r in rows)
    for at, text in fact_cuts.cuts_of(rows, last):
        (expected,) = facts.fold_cases([r for r in rows if r["at"] < at])
        assert fact_store.decode_facts(text) == expected
