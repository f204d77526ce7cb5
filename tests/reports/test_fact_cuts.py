"""A case's fold at every month start it lived through (``case_facts_cuts``).

A case reported in August, 督办 in October and closed in November has cuts at 1 September,
1 October and 1 November. A past month's load decodes them (no fold of its events) and
gives what folding the log gives, for each month, as the case stood then.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridapp.domain.case import CaseState
from gridapp.reports import fact_check, fact_cuts, fact_store, facts
from gridapp.stats import compute as stats_compute
from gridapp.stats import view_counts
from gridapp.stats.model import CUSTOM
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
    assert [at for at, _, _ in held] == MONTHS[1:4]
    states = [fact_store.decode_facts(text) for _, text, _ in held]
    assert [f.closed_at for f in states] == [None, None, None]
    assert [len(f.supervises) for f in states] == [0, 0, 1]
    # the marks a comparison period's flags read, as they stood at each cut
    marks = [dict(zip(fact_cuts.SUMMARY_MARKS, m, strict=True)) for _, _, m in held]
    assert [m["open_now"] for m in marks] == [True, True, True]
    assert [m["supervised_first"] for m in marks] == [None, None, states[2].supervises[0]]


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
    for at, text, marks in fact_cuts.cuts_of(rows, last):
        (expected,) = facts.fold_cases([r for r in rows if r["at"] < at])
        assert fact_store.decode_facts(text) == expected
        assert fact_cuts.cut(at, expected) == (at, text, marks)


def test_later_rows_add_cuts_only_when_none_is_before_the_new_months_start(ws, long_case):
    with ws.db.read() as conn:
        rows = fact_store.log_rows_per_case(conn, [long_case])[long_case]
    (august,) = facts.fold_cases([r for r in rows if r["at"] < MONTHS[1]])
    text = fact_store.encode_facts(august)
    held_last = max(r["at"] for r in rows if r["at"] < MONTHS[1])  # 20 August
    at_nov = MONTHS[3]
    assert fact_cuts.continued(held_last, text, datetime(2026, 11, 2), datetime(2026, 11, 5)) == [
        fact_cuts.cut(at, august) for at in MONTHS[1:4]
    ]
    # a row of October arriving with one of November: the cut at 1 November needs it
    assert fact_cuts.continued(held_last, text, datetime(2026, 10, 30), at_nov) is None
    # the same month: nothing to add, nothing to make again
    assert fact_cuts.continued(held_last, text, held_last, held_last) == []
    # held facts that do not decode: made again from all rows
    assert fact_cuts.continued(held_last, "[1]", datetime(2026, 11, 2), at_nov) is None


def test_a_comparison_period_counts_a_cut_case_in_sql(ws, long_case, clock, monkeypatch):
    """October's 环比 is September: the case changed after it, and its cut at 1 October
    marks it in SQL (``mark_sql.cut_numbers``), not loaded and marked in Python; the
    figures are those of marking every case in Python."""
    clock.now = datetime(2026, 11, 21, 9, 0)
    ws.act_as("ducha")
    loaded: list[tuple[datetime, list[str]]] = []
    real = view_counts.load_ids

    def load_ids(conn, region, p, ids):
        loaded.append((p.end, list(ids)))
        return real(conn, region, p, ids)

    monkeypatch.setattr(view_counts, "load_ids", load_ids)
    october = (date(2026, 10, 1), date(2026, 10, 31))
    new = ws.stats.view(CUSTOM, start=october[0], end=october[1])
    assert all(long_case not in ids for end, ids in loaded if end == MONTHS[2])
    monkeypatch.undo()
    builder = stats_compute.StatsBuilder
    monkeypatch.setattr(builder, "build", builder.build_from_marks)  # every case in Python
    assert ws.stats.view(CUSTOM, start=october[0], end=october[1]) == new
    assert new.previous.overdue_open.value == 1  # open past its deadline on 1 October
