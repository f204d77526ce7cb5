"""预警预判 on hand-built event logs with known answers: every rule, tuning, scope.

Each store is made through the real workflow (report, 立案, 派遣, 核查) with the settable
clock, so the events carry the times the rules read.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.warning_rules import DEFAULT_RULES, parse_rules, rules_from_json
from gridapp.early_warning.model import WarningKind
from gridapp.errors import DomainError, ValidationError
from gridapp.store.case_queries import overdue_condition
from tests.core.helpers import (
    BEIJIAO,
    GARBAGE,
    HYDRANT,
    URBAN,
    act,
    drive,
    grid_in,
    officer_of,
    report,
)

S = CaseState
NOW = datetime(2026, 11, 19, 16, 0)  # a Thursday afternoon


def at(clock, when: datetime) -> None:
    clock.now = when


def kinds(warnings, kind):
    return [w for w in warnings if w.kind == kind]


def report_at(ws, clock, when, street=URBAN, **kw) -> str:
    at(clock, when)
    return report(ws, street, **kw)


# -- 高发/顽疾 -------------------------------------------------------------------------------------


def test_recurring_same_class_same_grid_three_times_in_seven_days(ws, clock):
    d = NOW
    old = report_at(ws, clock, d - timedelta(days=8), index=0)  # outside the window
    ids = [report_at(ws, clock, d - timedelta(days=n), index=0) for n in (6, 3, 1)]
    for n in (5, 2):  # another class in the same grid: twice only
        report_at(ws, clock, d - timedelta(days=n), index=0, category=HYDRANT)
    other = [report_at(ws, clock, d - timedelta(days=n), index=1) for n in (4, 3, 2)]
    act(ws, "shouli", other[0], "reject", {"reason": "不属于受理范围"})  # not a problem
    at(clock, d)
    ws.act_as("zhiban")
    found = kinds(ws.warnings.evaluate(), WarningKind.RECURRING)
    grid = grid_in(ws, URBAN, 0)
    assert [(w.grid_code, w.category_code, w.count) for w in found] == [(grid.code, GARBAGE, 3)]
    assert set(found[0].case_ids) == set(ids) and old not in found[0].case_ids
    assert found[0].community_code == grid.community_code
    # tuned: 2 within 7 days now trips the hydrants and the other grid too
    tuned = parse_rules({"recurring": {"min_count": 2}})
    found = kinds(ws.warnings.evaluate(rules=tuned), WarningKind.RECURRING)
    assert sorted(w.count for w in found) == [2, 2, 3]
    # tuned: a 10-day window reaches the old report
    tuned = parse_rules({"recurring": {"days": 10}})
    found = kinds(ws.warnings.evaluate(rules=tuned), WarningKind.RECURRING)
    assert [w.count for w in found] == [4]


# -- 激增 ----------------------------------------------------------------------------------


def _surge_store(ws, clock) -> list[str]:
    """Grid 2 of the street: one case a week for 4 weeks, then 5 in the last week."""
    for week in range(1, 5):
        report_at(ws, clock, NOW - timedelta(days=7 * week + 2), index=2)
    return [
        report_at(ws, clock, NOW - timedelta(days=n, hours=1), index=2, category=c)
        for n, c in ((6, GARBAGE), (5, HYDRANT), (4, GARBAGE), (2, HYDRANT), (0, GARBAGE))
    ]


def test_surge_this_week_against_the_four_weeks_before(ws, clock):
    recent = _surge_store(ws, clock)
    at(clock, NOW)
    ws.act_as("zhiban")
    found = kinds(ws.warnings.evaluate(), WarningKind.SURGE)
    grid = grid_in(ws, URBAN, 2)
    by_key = {w.key: w for w in found}
    assert set(by_key) == {f"surge:grid:{grid.code}", f"surge:community:{grid.community_code}"}
    w = by_key[f"surge:grid:{grid.code}"]
    assert (w.count, w.baseline) == (5, 1.0) and set(w.case_ids) == set(recent)
    # tuning: a higher ratio or minimum, or grids only
    for section in ({"ratio": 6}, {"min_count": 6}):
        assert not kinds(ws.warnings.evaluate(rules=parse_rules({"surge": section})), "surge")
    grids_only = parse_rules({"surge": {"levels": ["grid"]}})
    assert [w.key for w in ws.warnings.evaluate(rules=grids_only) if w.kind == "surge"] == [
        f"surge:grid:{grid.code}"
    ]
    # a 2-week baseline: weeks 1-2 held 1 each, still 5 >= 2 x 1
    two = parse_rules({"surge": {"weeks": 2, "ratio": 5}})
    assert kinds(ws.warnings.evaluate(rules=two), WarningKind.SURGE)


# -- 超期攀升 --------------------------------------------------------------------------------------


def _dispatch_at(ws, clock, when) -> str:
    cid = report_at(ws, clock, when, source="camera")
    drive(ws, cid, S.DISPATCHED, department="D02")
    return cid


def test_overdue_rising_on_each_of_the_last_three_days(ws, clock):
    # 暴露垃圾 has 2 working hours: each case dispatched at 16:30 is overdue the next day.
    ids = [
        _dispatch_at(ws, clock, NOW - timedelta(days=n) + timedelta(minutes=30)) for n in (3, 2, 1)
    ]
    at(clock, NOW)
    ws.act_as("paiqian")
    found = kinds(ws.warnings.evaluate(), WarningKind.OVERDUE_RISING)
    assert len(found) == 1
    w = found[0]
    assert (w.department_code, w.series, w.count) == ("D02", (0, 1, 2, 3), 3)
    assert set(w.case_ids) == set(ids)
    # the count now is the case list's red overdue count of the department
    with ws.db.read() as conn:
        from sqlalchemy import func, select

        from gridapp.domain.worktime import OverdueLevel
        from gridapp.store.schema import cases

        red = conn.execute(
            select(func.count()).where(
                overdue_condition(OverdueLevel.RED, NOW), cases.c.department_code == "D02"
            )
        ).scalar()
    assert red == 3
    # two days asked: the first case, untouched since, counts from the projection
    two = kinds(
        ws.warnings.evaluate(rules=parse_rules({"overdue_rising": {"days": 2}})), "overdue_rising"
    )
    assert [w.series for w in two] == [(1, 2, 3)]
    # four days asked: the count 4 days ago was 0 as 3 days ago: not rising each day
    assert not kinds(
        ws.warnings.evaluate(rules=parse_rules({"overdue_rising": {"days": 4}})), "overdue_rising"
    )
    # the department handles one case this morning: 0, 1, 2, 2 is no longer rising
    at(clock, NOW - timedelta(hours=6))
    act(ws, "bm-d02", ids[1], "handle", {"note": "已处置"})
    at(clock, NOW)
    ws.act_as("paiqian")
    assert not kinds(ws.warnings.evaluate(), WarningKind.OVERDUE_RISING)


# -- 多次返工 --------------------------------------------------------------------------------------


def test_case_reworked_twice(ws, clock):
    at(clock, NOW - timedelta(days=2))
    twice, once = report(ws, URBAN, index=3), report(ws, URBAN, index=4)
    for cid, fails in ((twice, 2), (once, 1)):
        drive(ws, cid, S.DISPATCHED)
        officer = officer_of(ws, ws.record(cid).grid_code)
        for _ in range(fails):
            act(ws, "bm-d02", cid, "handle", {"note": "已处置"})
            act(ws, officer, cid, "check", {"result": False, "note": "仍有残留"})
    at(clock, NOW)
    ws.act_as("zhiban")
    found = kinds(ws.warnings.evaluate(), WarningKind.REWORK)
    assert [(w.case_ids, w.count) for w in found] == [((twice,), 2)]
    tuned = parse_rules({"rework": {"min_count": 1}})
    assert {w.case_ids[0] for w in kinds(ws.warnings.evaluate(rules=tuned), "rework")} == {
        twice,
        once,
    }
    off = parse_rules({"rework": {"enabled": False}})
    assert not kinds(ws.warnings.evaluate(rules=off), WarningKind.REWORK)


# -- scope per role -------------------------------------------------------------------------------


def test_scope_follows_the_case_list(ws, clock):
    for n in (3, 2, 1):
        report_at(ws, clock, NOW - timedelta(days=n), URBAN, index=0)
        report_at(ws, clock, NOW - timedelta(days=n), BEIJIAO, index=0, source="camera")
    at(clock, NOW)
    streets = {}
    for user in ("zhiban", "paiqian", "ducha", "bj-zhiban", "nj-zhiban"):
        ws.act_as(user)
        streets[user] = sorted(
            ws.reference.grids[w.grid_code].street_code
            for w in kinds(ws.warnings.evaluate(), WarningKind.RECURRING)
        )
    assert streets["zhiban"] == streets["paiqian"] == streets["ducha"] == sorted([URBAN, BEIJIAO])
    assert streets["bj-zhiban"] == [BEIJIAO] and streets["nj-zhiban"] == []
    for user in ("bm-d02", officer_of(ws, grid_in(ws, URBAN, 0).code), "shouli"):
        ws.act_as(user)
        assert not ws.warnings.available() and ws.warnings.evaluate() == []


# -- rules as data --------------------------------------------------------------------------------


def test_rules_are_checked_and_stored_as_reference_data(ws, clock):
    assert ws.warnings.rules == DEFAULT_RULES
    for bad in (
        {"recurring": {"min_count": 1}},
        {"surge": {"ratio": "2"}},
        {"surge": {"levels": ["street"]}},
        {"rework": {"bogus": 1}},
        {"panic": {}},
        {"overdue_rising": {"days": 2.5}},
    ):
        with pytest.raises(ValidationError) as err:
            parse_rules(bad)
        assert err.value.code == "bad_warning_rules"
    assert rules_from_json({"recurring": "garbage"}) == DEFAULT_RULES  # ignored, logged
    ws.act_as("zhiban")
    with pytest.raises(DomainError):
        ws.warnings.set_rules({"recurring": {"min_count": 5}})
    ws.act_as("admin")
    rules = ws.warnings.set_rules({"recurring": {"min_count": 5}, "note": "试行"})
    assert rules.recurring_min == 5 and rules.changed_by == "admin" and rules.note == "试行"
    ws.reload_reference()
    assert ws.warnings.rules.recurring_min == 5 and ws.warnings.rules.surge_ratio == 2.0
    assert ws.warnings.set_rules({}) == DEFAULT_RULES
