"""``mark_sql``'s conditions say what ``figures.mark`` says, at every edge of a period.

Hand-built facts whose times sit on the period's edges (the first instant, one second
before the end, the end itself), deadlines met to the second, 返工, finished and open
cases, are written to a real store as ``mark_rows.mark_columns`` writes them; each flag
read back in SQL must equal the mark computed in Python. The demo's months are checked
as a whole in test_fact_store.py.
"""

from __future__ import annotations

import random
from datetime import datetime

import pytest
from sqlalchemy import case, insert, select

from gridapp.reports import fact_store, mark_rows, mark_sql
from gridapp.reports import figures as fg
from gridapp.reports.facts import CaseFacts, Round
from gridapp.store.database import Database
from gridapp.store.schema import case_marks
from tests.reports.period_edges import EDGES, P


def _facts(i: int, rnd: random.Random) -> CaseFacts:
    def at() -> datetime | None:
        return rnd.choice(EDGES)

    reported = rnd.choice([t for t in EDGES if t is not None])
    deadline, handled = at(), at()
    if deadline is not None and rnd.random() < 0.3:
        handled = deadline  # met to the second
    rounds = []
    if rnd.random() < 0.8:
        rounds.append(
            Round(
                "d1", "dispatch", reported, "pq", deadline, reported,
                handled_at=handled, check_ok=rnd.choice([None, True, False]),
            )
        )  # fmt: skip
        if rnd.random() < 0.3:
            rounds.append(Round("d2", "rework", reported, "wg", at(), reported, handled_at=at()))
    times = [t for t in EDGES if t is not None]
    supervises = rnd.sample(times, rnd.choice([0, 0, 1, 2]))  # a plain case: at most two
    return CaseFacts(
        case_id=f"c{i}",
        number=f"N{i:04d}",
        source="patrol",
        category="010101",
        grid="g",
        community="c",
        street="s",
        reported_at=reported,
        reported_by="wg",
        reporter_role="grid_officer",
        filed_at=at(),
        rejected_at=at() if rnd.random() < 0.2 else None,
        voided_at=at() if rnd.random() < 0.2 else None,
        merged_at=at() if rnd.random() < 0.1 else None,
        closed_at=at(),
        rounds=rounds,
        supervises=supervises,
    )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    rnd = random.Random(20261204)
    facts = [_facts(i, rnd) for i in range(1500)]
    db = Database(tmp_path_factory.mktemp("marks") / "marks.db")
    with db.write() as conn:
        conn.execute(
            insert(case_marks),
            [
                {
                    "case_id": f.case_id,
                    "version": fact_store.FACTS_VERSION,
                    "last_at": f.reported_at,
                    **mark_rows.mark_columns(f),
                }
                for f in facts
            ],
        )
    yield db, facts
    db.close()


@pytest.mark.parametrize("flag", mark_sql.FLAGS)
def test_each_flag_in_sql_is_the_python_mark(store, flag: str):
    db, facts = store
    condition = mark_sql._flag_conditions(P)[flag]
    with db.read() as conn:
        if condition is None:  # a plain case is never excluded
            rows = {f.case_id: False for f in facts}
        else:
            q = select(case_marks.c.case_id, case((condition, True), else_=False))
            rows = dict(conn.execute(q).all())
    expected = {f.case_id: bool(getattr(fg.mark(f, P), flag)) for f in facts}
    assert rows == expected
    assert 0 < sum(expected.values()) < len(facts) or condition is None


def test_a_case_with_a_third_supervise_is_not_plain():
    """Two columns hold two 督办: a third would be lost, so such a case is marked in
    Python (and has no department items: ``tally_departments`` reads it there)."""
    rnd = random.Random(7)
    f = _facts(0, rnd)
    f.suspensions.clear()
    f.supervises[:] = [P.end, P.start]
    assert mark_rows.mark_columns(f)["plain"] is True
    assert mark_rows.mark_columns(f)["supervised_first"] == P.start
    f.supervises.append(P.start)
    columns = mark_rows.mark_columns(f)
    assert columns["plain"] is False and columns["simple"] is False
    assert columns["supervised_first"] is None and mark_rows.dept_items(f) == []
