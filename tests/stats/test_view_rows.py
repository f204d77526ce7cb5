"""The view counted from ``case_marks`` rows in SQL (``StatsBuilder.build``) is the view of
every case marked in Python (``build_from_marks``), figure by figure, case numbers
included: over the demo district for past months (cases cut by later events), weeks
across a month's end, single days and this month, for the district, a town and a
community; on the hand-worked October (挂账, 督办, 返工, 回退, 协办, 签收). And each SQL
condition of a simple case's department measures says what ``tally_departments`` says,
at the edges of a period (a mutated ``<=`` or a missing term fails here).
"""

from __future__ import annotations

import random
from datetime import date, datetime

import pytest
from sqlalchemy import distinct, func, insert, select

from gridapp.reports import fact_store, mark_rows, mark_sql
from gridapp.reports import figures as fg
from gridapp.reports.facts import AckTask, CaseFacts, CoTask, Round
from gridapp.reports.indicators import ReportBuilder
from gridapp.reports.model import LEVEL_COMMUNITY, LEVEL_STREET, RegionRef
from gridapp.reports.scoring import tally_departments
from gridapp.stats import view_counts, view_items, view_rows
from gridapp.stats.compute import StatsBuilder
from gridapp.store.database import Database
from gridapp.store.schema import case_mark_items, case_marks, cases
from gridapp.workspace import Workspace
from tests.core.test_report_month import hand_worked_month
from tests.reports.period_edges import EDGES, P

NOW = datetime(2026, 11, 21, 12, 0)
PERIODS = [
    (date(2026, 9, 1), date(2026, 9, 30)),
    (date(2026, 10, 1), date(2026, 10, 31)),  # cut: ~10 % of its cases changed later
    (date(2026, 10, 27), date(2026, 11, 2)),  # a week across a month's end
    (date(2026, 10, 14), date(2026, 10, 14)),  # one day
    (date(2026, 11, 1), date(2026, 11, 21)),  # this month
    (date(2026, 6, 1), date(2026, 11, 21)),  # half a year
]


def _builder(ws: Workspace) -> StatsBuilder:
    return StatsBuilder(ReportBuilder(ws.reference, ws.catalog, ws.reports.weights()))


def _both(ws: Workspace, region: RegionRef, start: date, end: date):
    b = _builder(ws)
    with ws.db.read() as conn:
        new = b.build(conn, region, start, end, "x", NOW, "y")
        old = b.build_from_marks(conn, region, start, end, "x", NOW, "y")
    return new, old


def assert_same(new, old) -> None:
    """Field by field first, so a failure names the figure that differs."""
    for name in new.__dataclass_fields__:
        assert getattr(new, name) == getattr(old, name), name
    assert new == old


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    """The demo store as built for 21 Nov 2026 (six months, ~4,300 cases)."""
    from gridapp.demo.build import build_demo_store

    ws = build_demo_store(tmp_path_factory.mktemp("demo") / "demo.db", end=date(2026, 11, 21))
    ws.clock = lambda: NOW
    ws.act_as("ducha")
    yield ws
    ws.close()


def _regions(ws: Workspace) -> list[RegionRef]:
    with ws.db.read() as conn:
        street, community = conn.execute(
            select(cases.c.street_code, cases.c.community_code).order_by(cases.c.number)
        ).first()
    return [
        ws.reports.district(),
        RegionRef(street, street, LEVEL_STREET),
        RegionRef(community, community, LEVEL_COMMUNITY),
    ]


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_the_sql_view_is_the_python_view_on_the_demo(demo: Workspace, start, end):
    for region in _regions(demo):
        new, old = _both(demo, region, start, end)
        assert_same(new, old)
    assert old.summary.reported.value > 0


def test_the_demo_checks_are_about_something(demo: Workspace):
    """Most cases are counted in SQL, departments of cases that are not simple and 回访
    included; the rest (督办, 挂账, cut by a later event) exist; case numbers are unique
    (a figure's count is its SQL sum plus its Python list)."""
    p = fg.Period(datetime(2026, 10, 1), datetime(2026, 11, 1))
    with demo.db.read() as conn:
        pc = view_counts.counts_of(conn, "", p, conn.engine.begin)
        numbers = conn.execute(select(func.count(), func.count(distinct(cases.c.number)))).one()
    assert numbers[0] == numbers[1]
    loaded = {m.f.number for m in pc.marks if m.f.reported_by}  # stand-ins have no reporter
    rest = loaded - {m.f.number for m in pc.dept_marks}
    in_python = len(pc.dept_marks)
    in_sql = sum(n for *_, n in pc.days)
    assert in_sql > 500 and in_python < (in_sql + in_python) / 4
    assert any(m.f.supervises for m in pc.marks) and any(m.f.suspensions for m in pc.marks)
    supervised = view_counts.total(pc.groups)[mark_sql.FLAGS.index("supervised")]
    assert supervised > 20  # a case with one or two 督办 is summed in SQL (0021)
    assert any(g[view_counts.SUM_DEPT["dispatched"]] for g in pc.groups[view_counts.ROW_DEPT])
    assert rest  # SQL cases loaded for 回访 (more than one 结案 or 回访)
    measures = {measure for _, measure in pc.item_sums}  # SQL cases that are not simple
    assert {"dispatched", "on_time", "co_due", "co_on_time", "ack_due", "filed"} <= measures
    assert sum(g[3] for g in pc.satisfy) > 20  # 回访 of SQL cases summed from columns
    assert sum(m.f.number not in loaded for m in pc.marks) > 20  # overdue board stand-ins


def test_the_hand_worked_month_is_the_same_both_ways(ws, clock):
    month = hand_worked_month(ws, clock, co_cases=True)
    ws.act_as("ducha")
    street = ws.reference.grids[next(iter(ws.reference.grids))].street_code
    for region in (ws.reports.district(), ws.reports.region(street)):
        for start, end in (
            (date(2026, 10, 1), date(2026, 10, 31)),
            (date(2026, 10, 15), date(2026, 10, 31)),
            (date(2026, 10, 1), date(2026, 11, 30)),
        ):
            new, old = _both(ws, region, start, end)
            assert_same(new, old)
    assert len(month) >= 10 and new.summary.reported.value >= 10


# -- the department measures of a simple case, at the edges of a period ---------------


def _simple(i: int, rnd: random.Random) -> CaseFacts:
    def at() -> datetime | None:
        return rnd.choice(EDGES)

    reported = rnd.choice([t for t in EDGES if t is not None])
    deadline, handled = at(), at()
    if deadline is not None and rnd.random() < 0.3:
        handled = deadline  # met to the second
    rounds, acks = [], []
    if rnd.random() < 0.85:
        rounds.append(
            Round("d1", "dispatch", reported, "pq", deadline, reported, handled_at=handled)
        )
        if rnd.random() < 0.8:
            due = rnd.choice([t for t in EDGES if t is not None])
            acked = due if rnd.random() < 0.3 else at()
            acks.append(AckTask("d1", True, due, acked_at=acked))
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
        closed_at=at(),
        rounds=rounds,
        acks=acks,
    )


@pytest.fixture(scope="module")
def simple_store(tmp_path_factory: pytest.TempPathFactory):
    rnd = random.Random(20261204)
    facts = [_simple(i, rnd) for i in range(1500)]
    assert all(mark_rows.simple(f) for f in facts)
    db = Database(tmp_path_factory.mktemp("simple") / "simple.db")
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


@pytest.mark.parametrize("measure", view_rows.DEPT_MEASURES)
def test_each_department_measure_in_sql_is_the_tally(simple_store, measure: str):
    db, facts = simple_store
    condition = view_rows._dept_conditions(P)[view_rows.DEPT_MEASURES.index(measure)]
    with db.read() as conn:
        q = select(case_marks.c.case_id).where(condition)
        in_sql = set(conn.execute(q).scalars())
    tally = tally_departments([fg.mark(f, P) for f in facts], P)
    expected = {f"c{int(n[1:])}" for n in tally.sets.get(("d1", measure), ())}
    assert in_sql == expected
    assert 0 < len(expected) < len(facts)


# -- the department measures of a plain case that is not simple, from its items ------------

ITEM_COLUMNS = ("case_id", "n", "kind", "dept", "due", "done")
ITEM_MEASURES = view_items.ITEM_MEASURES


def _not_simple(i: int, rnd: random.Random) -> CaseFacts:
    """Rounds (回退, 挂账'd, 返工), 协办 tasks and 签收 of three departments, every time at
    or around the period's edges."""

    def at() -> datetime | None:
        return rnd.choice(EDGES)

    def some() -> datetime:
        return rnd.choice([t for t in EDGES if t is not None])

    def done_by(due: datetime | None) -> datetime | None:
        return due if due is not None and rnd.random() < 0.3 else at()

    depts = ("d1", "d2", "d3")
    reported = some()
    rounds = []
    for _ in range(rnd.randint(0, 3)):
        deadline = at()
        rounds.append(
            Round(
                rnd.choice(depts),
                rnd.choice(["dispatch", "reassign", "rework"]),
                reported,
                "pq",
                deadline,
                reported,
                handled_at=done_by(deadline),
                returned_at=some() if rnd.random() < 0.2 else None,
                suspended=rnd.random() < 0.1,
                check_ok=rnd.choice([None, True, False]),
            )
        )
    co_tasks = []
    for _ in range(rnd.randint(0, 3)):
        deadline = at()
        co_tasks.append(
            CoTask(
                rnd.choice(depts),
                reported,
                deadline,
                fed_back_at=done_by(deadline),
                ended_at=some() if rnd.random() < 0.2 else None,
            )
        )
    acks = []
    for _ in range(rnd.randint(0, 3)):
        due = some()
        acks.append(
            AckTask(
                rnd.choice(depts),
                rnd.random() < 0.5,
                due,
                acked_at=done_by(due),
                ended_at=some() if rnd.random() < 0.3 else None,
            )
        )
    return CaseFacts(
        case_id=f"c{i:04d}",
        number=f"c{i:04d}",
        source="patrol",
        category="010101",
        grid="g",
        community="c",
        street="s",
        reported_at=reported,
        reported_by="wg",
        reporter_role="grid_officer",
        filed_at=at(),
        closed_at=at(),
        rounds=rounds,
        acks=acks,
        co_tasks=co_tasks,
    )


@pytest.fixture(scope="module")
def items_store(tmp_path_factory: pytest.TempPathFactory):
    rnd = random.Random(20261205)
    facts = [f for f in (_not_simple(i, rnd) for i in range(3000)) if not mark_rows.simple(f)]
    db = Database(tmp_path_factory.mktemp("items") / "items.db")
    with db.write() as conn:
        conn.execute(
            insert(case_mark_items),
            [
                dict(zip(ITEM_COLUMNS, (f.case_id, n, *item), strict=True))
                for f in facts
                for n, item in enumerate(mark_rows.dept_items(f))
            ],
        )
    yield db, facts
    db.close()


@pytest.mark.parametrize("measure", ITEM_MEASURES)
def test_each_department_measure_from_items_is_the_tally(items_store, measure: str):
    """``view_items.item_measures`` over a (case, department)'s items, with what the case
    itself needs (``CASE_NEEDS``: here from its marks), is ``tally_departments``."""
    db, facts = items_store
    marks = {f.case_id: fg.mark(f, P) for f in facts}
    tally = tally_departments(list(marks.values()), P)
    need = view_items.CASE_NEEDS.get(measure)
    for dept in ("d1", "d2", "d3"):
        with db.read() as conn:
            ids = conn.execute(view_items.ids_with(measure, dept, P)).scalars().all()
        cases_of = [marks[i] for i in ids]
        if need == "filed":
            cases_of = [m for m in cases_of if m.filed]
        elif need == "charged_due":
            cases_of = [m for m in cases_of if m.due and m.f.department == dept]
        expected = sorted(tally.sets.get((dept, measure), ()))
        assert sorted(m.f.number for m in cases_of) == expected, dept
        assert 0 < len(expected) < len(facts)
