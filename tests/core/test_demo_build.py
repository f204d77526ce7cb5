"""The demo district is made by running the workflow, deterministically, with a real mix."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from gridapp.demo.build import build_demo_store, demo_start
from gridapp.domain.case import CaseState
from gridapp.domain.workflow import replay
from gridapp.domain.worktime import OverdueLevel
from gridapp.store import case_log
from gridapp.store.schema import case_events, cases
from gridapp.workspace import CaseQuery

END = date(2026, 11, 21)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = build_demo_store(
        tmp_path_factory.mktemp("demo") / "central.db", end=END, months=2, per_day=16
    )
    yield ws
    ws.close()


def _events(ws):
    with ws.db.read() as conn:
        return conn.execute(
            select(
                case_events.c.id,
                case_events.c.case_id,
                case_events.c.action,
                case_events.c.actor,
                case_events.c.at_client,
                case_events.c.payload,
                case_events.c.seq,
            ).order_by(case_events.c.seq)
        ).all()


def test_same_seed_same_cases(demo, tmp_path):
    again = build_demo_store(tmp_path / "again.db", end=END, months=2, per_day=16)
    try:
        assert _events(again) == _events(demo)
    finally:
        again.close()


def test_different_seed_differs(demo, tmp_path):
    other = build_demo_store(tmp_path / "other.db", seed=7, end=END, months=1, per_day=4)
    try:
        assert {e.id for e in _events(other)}.isdisjoint({e.id for e in _events(demo)})
    finally:
        other.close()


def test_realistic_mix(demo):
    with demo.db.read() as conn:
        states = dict(
            conn.execute(select(cases.c.state, func.count()).group_by(cases.c.state)).all()
        )
        actions = dict(
            conn.execute(
                select(case_events.c.action, func.count()).group_by(case_events.c.action)
            ).all()
        )
        first = conn.execute(select(func.min(cases.c.reported_at))).scalar()
    assert first.date() >= demo_start(END, 2)
    assert first.date() < date(2026, 9, 8)
    total = sum(states.values())
    assert total > 500
    assert states["closed"] > total * 0.6
    for state in ("reported", "dispatched", "handled", "rejected", "merged", "suspended"):
        assert states.get(state, 0) > 0, state
    for action in (
        "return",
        "reassign",
        "approve_extension",
        "deny_extension",
        "approve_suspension",
        "resume",
        "void",
        "merge",
        "urge",
        "supervise",
        "escalate",
        "request_verify",
        "acknowledge",  # 签收
        "co_feedback",  # 协办反馈
        "callback",  # 回访
        "reopen",  # 重办
    ):
        assert actions.get(action, 0) > 0, action
    assert actions["check"] > actions["close"]  # some checks failed: 返工
    # most dispatches are acknowledged explicitly (the rest by acting on them)
    assert actions["acknowledge"] > 0.8 * (actions["dispatch"] + actions["reassign"])
    demo.act_as("ducha")
    assert demo.count_cases(CaseQuery(overdue=OverdueLevel.RED)) > 0


def test_citizens_are_called_back_after_closing(demo):
    """回访 only for 12345 and public cases, after a 结案; most are reached and satisfied."""
    with demo.db.read() as conn:
        called = conn.execute(
            select(cases.c.source, cases.c.satisfaction, cases.c.state).where(
                cases.c.callback_count > 0
            )
        ).all()
        citizen_closed = conn.execute(
            select(func.count()).where(
                cases.c.source.in_(["hotline", "public"]), cases.c.state == "closed"
            )
        ).scalar()
    assert called and {source for source, _s, _st in called} <= {"hotline", "public"}
    verdicts = [satisfaction for _src, satisfaction, _st in called]
    assert verdicts.count("satisfied") > len(verdicts) / 2
    assert len(called) > 0.5 * citizen_closed  # most closed citizen cases are called back


def test_every_demo_case_replays_to_its_projection(demo):
    with demo.db.read() as conn:
        ids = conn.execute(select(cases.c.id)).scalars().all()
        for case_id in ids:
            assert replay(case_log.events_of(conn, case_id)) == case_log.load_case(conn, case_id)


def test_demo_numbers_are_unique_and_follow_the_pattern(demo):
    with demo.db.read() as conn:
        numbers = conn.execute(
            select(cases.c.number).where(cases.c.state != CaseState.REPORTED.value)
        ).scalars()
        filed = [n for n in numbers if not n.startswith("临")]
    assert len(filed) == len(set(filed)) > 0
    assert all(n.startswith("370306-2026") and len(n) == len("370306-20261121-0012") for n in filed)


def test_build_reports_its_steps_and_counts(tmp_path):
    """A first start is not two silent minutes: the district, then each month's count."""
    steps = []
    ws = build_demo_store(
        tmp_path / "told.db", end=END, months=2, per_day=4, on_progress=steps.append
    )
    try:
        ws.act_as("ducha")
        total = ws.count_cases()
    finally:
        ws.close()
    assert steps[0].step == "reference"
    months = [s for s in steps[1:] if s.step == "cases"]
    assert [s.done for s in months] == [1, 2, 3] and {s.total for s in months} == {3}
    assert [s.cases for s in months] == sorted(s.cases for s in months)
    assert 0 < months[0].cases < months[-1].cases == total
    assert "3/3 months" in str(months[-1]) and f"{total:,} cases" in str(months[-1])
