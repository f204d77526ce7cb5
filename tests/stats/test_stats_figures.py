"""The statistics view shows the monthly report's figures: equal for the same period on the
hand-worked October and on a one-month demo, and each figure's drill-down list (the case
list filtered by the figure's case numbers) has exactly the figure's count."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridapp.errors import DomainError, ValidationError
from gridapp.reports.model import Figure, MonthlyReport
from gridapp.stats.compute import same_period_last_year
from gridapp.stats.facade import period_of
from gridapp.stats.model import CUSTOM, THIS_MONTH, THIS_WEEK, TODAY, Change, StatsView
from gridapp.workspace import CaseQuery, Workspace
from tests.core.test_report_month import every_figure, hand_worked_month


def assert_same_as_report(view: StatsView, report: MonthlyReport) -> None:
    assert view.summary == report.summary
    assert view.previous == report.previous
    assert (view.previous_start, view.previous_end) == (
        report.previous_start,
        report.previous_end,
    )
    assert view.streets == report.regions
    assert view.departments == report.departments
    assert view.categories[: len(report.categories)] == report.categories
    assert view.daily == report.daily
    assert view.grids == report.grid_counts
    assert view.overdue == report.overdue_cases


def assert_partitions(view: StatsView) -> None:
    """By stage and by source split the period's 上报 figure exactly."""
    reported = set(view.summary.reported.case_numbers)
    for slices in (view.by_stage, view.by_source):
        numbers = [n for s in slices for n in s.figure.case_numbers]
        assert len(numbers) == len(set(numbers)) == view.summary.reported.value
        assert set(numbers) == reported


def assert_drill_downs(ws: Workspace, view: StatsView) -> int:
    """Every figure opens a list of exactly its cases; returns how many were checked."""
    checked = 0
    seen: set[tuple[str, ...]] = set()
    for figure in every_figure(view):
        assert len(figure.case_numbers) == figure.value
        if figure.case_numbers in seen:
            continue
        seen.add(figure.case_numbers)
        q = CaseQuery(numbers=figure.case_numbers, numbers_label="x", limit=100_000)
        assert ws.count_cases(q) == figure.value
        listed = {r.number for r in ws.list_cases(q)}
        assert listed == set(figure.case_numbers)
        checked += 1
    return checked


def test_hand_worked_month_equals_the_report(ws, clock):
    month = hand_worked_month(ws, clock)
    ws.act_as("ducha")
    view = ws.stats.view(CUSTOM, start=date(2026, 10, 1), end=date(2026, 10, 31))
    report = ws.reports.monthly("2026-10")
    assert_same_as_report(view, report)
    assert_partitions(view)
    # hand-known figures: the 10 cases A–J were reported in October except A (30 Sep)
    assert view.summary.reported.value == 9
    assert month["A"] not in view.summary.reported.case_numbers
    sources = {s.key: s.figure.value for s in view.by_source}
    assert sources == {"patrol": 8, "hotline": 1}
    assert view.last_year.reported == Figure(0, ())
    assert (view.last_year_start, view.last_year_end) == (date(2025, 10, 1), date(2025, 10, 31))
    assert assert_drill_downs(ws, view) > 10


def test_one_month_demo_equals_the_report(tmp_path):
    from gridapp.demo.build import build_demo_store

    ws = build_demo_store(tmp_path / "demo.db", end=date(2026, 11, 10), months=1, per_day=12)
    try:
        ws.clock = lambda: datetime(2026, 11, 10, 12, 0)
        ws.act_as("ducha")
        view = ws.stats.view(CUSTOM, start=date(2026, 10, 11), end=date(2026, 11, 9))
        report = ws.reports.monthly(start="2026-10-11", end="2026-11-09")
        assert report.summary.reported.value > 100
        assert_same_as_report(view, report)
        assert_partitions(view)
        assert assert_drill_downs(ws, view) > 50
        # this month so far: the same definitions, a shorter period
        month = ws.stats.view(THIS_MONTH)
        assert (month.start, month.end) == (date(2026, 11, 1), date(2026, 11, 10))
        assert month.summary == ws.reports.monthly(start="2026-11-01", end="2026-11-10").summary
    finally:
        ws.close()


def test_periods_and_changes():
    wed = date(2026, 11, 18)
    assert period_of(TODAY, wed) == (wed, wed)
    assert period_of(THIS_WEEK, wed) == (date(2026, 11, 16), wed)
    assert period_of(THIS_MONTH, wed) == (date(2026, 11, 1), wed)
    assert same_period_last_year(date(2028, 2, 1), date(2028, 2, 29)) == (
        date(2027, 2, 1),
        date(2027, 2, 28),
    )
    assert Change(12, 8).text() == "+50.0%"
    assert Change(6, 8).text() == "-25.0%"
    assert Change(3, 0).text() == "—"


def test_roles_and_bad_periods(ws):
    officer = next(u for u in ws.reference.users.values() if u.role.value == "grid_officer")
    ws.act_as(officer.username)
    with pytest.raises(DomainError):
        ws.stats.view(THIS_MONTH)
    ws.act_as("ducha")
    with pytest.raises(ValidationError):
        ws.stats.view(CUSTOM, start=date(2026, 10, 2), end=date(2026, 10, 1))
    assert ws.stats.region().code == ws.county_code


def test_town_centre_sees_its_town(ws):
    town = next(
        u for u in ws.reference.users.values() if u.role.value == "shift_lead" and u.street_code
    )
    ws.act_as(town.username)
    assert ws.stats.region().code == town.street_code
    view = ws.stats.view(TODAY)
    assert view.region.code == town.street_code


def test_callback_figures_equal_the_report(ws, clock):
    """回访率/满意率/重办数 in the view are the report's, and each opens its cases."""
    from tests.core.test_report_callbacks import callback_month

    callback_month(ws, clock)
    ws.act_as("ducha")
    view = ws.stats.view(CUSTOM, start=date(2026, 11, 1), end=date(2026, 11, 30))
    report = ws.reports.monthly("2026-11")
    assert view.satisfaction is not None and view.satisfaction == report.satisfaction
    assert view.satisfaction.total.callback_rate.value == 0.5
    for row in (view.satisfaction.total, *view.satisfaction.departments):
        for figure in (row.closed, row.called_back, row.reached, row.satisfied, row.reopened):
            q = CaseQuery(numbers=figure.case_numbers, numbers_label="x", limit=1000)
            assert {r.number for r in ws.list_cases(q)} == set(figure.case_numbers)
