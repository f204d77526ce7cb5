"""我的考评: an officer's and a department's own standing equals the monthly report's figures,
the settled rules it follows (a report not yet judged, a returned case), and who may see it."""

from __future__ import annotations

from datetime import date

import pytest

from gridapp.errors import DomainError
from gridapp.reports.standing import OFFICER, from_json, to_json
from tests.core.helpers import GARBAGE, URBAN, act, grid_in, officer_of, report
from tests.core.test_report_month import MONTH, at, fig, hand_worked_month, rate

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def month(ws, clock) -> dict[str, str]:
    return hand_worked_month(ws, clock)


def test_officer_sees_the_monthly_reports_figures(ws, month):
    ws.act_as("ducha")
    report = ws.reports.monthly(MONTH)
    row = next(h for h in report.role_holders if h.username == month["officer"])
    ws.act_as(month["officer"])
    mine = ws.standing.local(OCTOBER)
    assert mine.subject == OFFICER and mine.code == month["officer"]
    assert mine.indicators == row.indicators  # every rate with its case numbers
    assert (mine.score, mine.grade, mine.rank) == (row.score, row.grade, row.rank)
    assert (mine.score, mine.grade) == (87.5, "B")  # the hand-worked figure
    rates = {i.key: i.rate for i in mine.indicators}
    assert rates["valid_report_rate"] == rate(month, "BCDEHJ", "BCDEFGHJ")
    # the demo store is central: the rank table is there, without names
    assert mine.peers is not None and [p.mine for p in mine.peers].count(True) == 1


def test_department_sees_the_monthly_reports_figures(ws, month):
    report = ws.reports.monthly(MONTH)
    d02 = next(d for d in report.departments if d.code == "D02")
    ws.act_as("bm-d02")
    mine = ws.standing.local(OCTOBER)
    assert mine.indicators == d02.indicators and mine.indicators[0].rate is not None
    # 72.67: the hand-worked figure (test_report_month.test_departments_by_hand)
    assert (mine.score, mine.grade, mine.rank) == (d02.score, d02.grade, d02.rank)
    assert (mine.score, mine.grade, mine.rank) == (pytest.approx(72.67, abs=0.005), "C", 1)
    assert mine.indicators[0].rate.denominator == fig(month, "ACDHI")
    ws.act_as("bm-d12")  # one 应结案: scored, ranked apart
    d12 = ws.standing.local(OCTOBER)
    assert d12.score == 90.0 and d12.rank is None and d12.small_sample  # 签收 0/1
    ranks = [(p.rank, p.small_sample, p.mine) for p in d12.peers]
    assert ranks == [(1, False, False), (None, True, False), (None, True, True)]


def test_month_to_date_follows_the_clock(ws, clock, month):
    at(clock, "10-31T18:00")
    ws.act_as(month["officer"])
    assert ws.standing.period() == OCTOBER
    assert ws.standing.local() == ws.standing.local(OCTOBER)


def test_round_trip_on_the_wire(ws, month):
    ws.act_as("bm-d02")
    mine = ws.standing.local(OCTOBER)
    assert from_json(to_json(mine)) == mine


def test_a_report_not_yet_judged_waits_for_the_period_it_is_judged_in(ws, clock):
    """EVALUATION.md: left out of 有效上报率 at the period's end, counted when judged."""
    officer = officer_of(ws, grid_in(ws, URBAN).code)
    at(clock, "10-20T09:00")
    valid = report(ws, URBAN, category=GARBAGE)
    act(ws, "shouli", valid, "accept")
    act(ws, "zhiban", valid, "file")
    at(clock, "10-30T16:00")  # reported in October, 受理 but not judged before 1 Nov
    late = report(ws, URBAN, category=GARBAGE)
    act(ws, "shouli", late, "accept")
    at(clock, "11-02T09:00")
    act(ws, "shouli", late, "reject", {"reason": "不属于受理范围"})
    at(clock, "11-20T09:00")
    ws.act_as(officer)
    october = {i.key: i.rate for i in ws.standing.local(OCTOBER).indicators}
    number = ws.record(valid).number
    assert october["valid_report_rate"].denominator.case_numbers == (number,)
    assert october["valid_report_rate"].value == 1.0  # was 1/2 (the open one as invalid)
    november = {
        i.key: i.rate for i in ws.standing.local((date(2026, 11, 1), date(2026, 11, 30))).indicators
    }
    assert november["valid_report_rate"].denominator.case_numbers == (ws.record(late).number,)
    assert november["valid_report_rate"].value == 0.0


def test_a_returned_case_is_not_charged_to_the_returning_department(ws, clock):
    """EVALUATION.md: a round that ended in a 回退 is not charged to the department."""
    at(clock, "10-20T09:00")
    cid = report(ws, URBAN, category=GARBAGE)
    act(ws, "shouli", cid, "accept")
    act(ws, "zhiban", cid, "file")
    at(clock, "10-20T09:20")
    act(ws, "paiqian", cid, "dispatch")
    at(clock, "10-20T09:40")
    act(ws, "bm-d02", cid, "return", {"reason": "不属本部门职责"})
    at(clock, "11-20T09:00")  # never re-dispatched: open past its deadline at October's end
    report_ = ws.reports.monthly(MONTH)
    number = ws.record(cid).number
    assert number in report_.summary.due.case_numbers  # the district still counts it
    assert all(number not in d.due.case_numbers for d in report_.departments)
    assert all(number not in d.overdue_open.case_numbers for d in report_.departments)
    ws.act_as("bm-d02")
    mine = ws.standing.local(OCTOBER)
    assert mine.score is None and mine.rank is None  # nothing charged to D02
    # its 签收 is listed (the 回退 at 09:40 acknowledged it before 11:20), not scored alone
    ack = next(i for i in mine.indicators if i.key == "ack_on_time_rate")
    assert ack.rate.value == 1.0 and ack.score is None


@pytest.mark.parametrize("who", ["shouli", "zhiban", "paiqian", "ducha"])
def test_only_officers_and_departments_have_a_standing(ws, who):
    ws.act_as(who)
    assert not ws.standing.available()
    with pytest.raises(DomainError) as err:
        ws.standing.local(OCTOBER)
    assert err.value.code == "forbidden"


def test_a_standing_is_always_the_users_own(ws, month):
    """No way to name someone else: the officer's standing carries only their cases."""
    ws.act_as(month["officer"])
    mine = ws.standing.local(OCTOBER)
    assert mine.code == month["officer"] and ws.standing.available()
    assert all(not hasattr(p, "username") and not hasattr(p, "name") for p in mine.peers)
