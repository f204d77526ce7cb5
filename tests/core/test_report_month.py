"""The monthly report's indicators on a small month built by hand through the workflow.

October 2026 in 丝绸路街道 (district tier: 受理员 shouli, 值班长 zhiban, 派遣员 paiqian),
all cases in one grid with one grid officer. 暴露垃圾 (020102) has a 2 工作时 limit at
D02, 消防设施 (010113) 3 工作日 at D12. Working hours 08:30–12:00, 13:30–17:30;
1–7 October are National Day holidays. Process limits: 核实 1 工作时, 立案/派遣/结案
0.5 工作时, 核查 1 工作时.

The cases (letters are used in the arithmetic below):
  A  reported, filed, dispatched 30 Sep 16:20 → deadline runs over the holiday:
     16:20–17:30 (70 min) + 8 Oct 08:30–09:20 (50 min) = 2 h → 8 Oct 09:20.
     Handled 8 Oct 09:00 (on time), checked, closed 8 Oct.
  B  消防设施 12 Oct, dispatched 09:20 → 15 Oct 09:20; 延期 approved to 20 Oct 17:30;
     handled 19 Oct (late for the original deadline, on time for the extended one).
  C  13 Oct, dispatched 09:30 → 11:30; handled 10:00; 核查 fails 10:30 (返工): new
     deadline 10:30 + 2 h = 12:00 (1.5 h) + 13:30–14:00 → 14:00; handled 13:45: on time.
  D  30 Oct (Fri) dispatched 15:10 → 17:10; not handled in October (spans the month
     end), 督办 31 Oct; handled and closed 2 Nov.
  E  14 Oct, dispatched, then 挂账 approved: excluded from the denominators.
  F  15 Oct, filed, then 作废 by zhiban.
  G  15 Oct, 不予立案 by shouli.
  H  16 Oct, filed late (09:00 → 10:00 > 0.5 h), dispatched 10:05 → 10:05–12:00 (1 h 55)
     + 13:30–13:35 → 13:35; handled 15:00: late by 1 h 25 min (0.06 → 0.1 day).
  I  19 Oct, 12345 hotline report by shouli, 核实 by the grid officer (true): 漏报.
  J  20 Oct, dispatched to D02 09:20, 回退 09:40, 改派 to D05 10:30 (50 min after the
     回退: late), handled 11:00, closed.

签收: every dispatch is to be acknowledged within 2 工作时 (the default ``ack_limit_hours``);
a 处置反馈 or 回退 acknowledges it too (nobody handles a case they have not received):
  A  due 30 Sep 16:20 + 2 h = 8 Oct 09:20 (as its deadline); handled 09:00: on time.
  B  D12, due 12 Oct 11:20; first acted on 19 Oct (延期 requests do not acknowledge): late.
  C  due 13 Oct 11:30; handled 10:00: on time (the 返工 asks for no new 签收).
  D  due 30 Oct 17:10; nothing until 2 Nov: late (owed in October).
  E  挂账: excluded, as from every department figure.
  H  due 16 Oct 10:05 + 2 h: 10:05–12:00 (1 h 55) + 13:30–13:35 → 13:35 (as its
     deadline); handled 15:00: late.
  I  due 19 Oct 09:50 + 2 h = 11:50; handled 10:30: on time.
  J  D02 due 20 Oct 11:20, 回退 09:40: on time; D05 due 10:30 + 2 h = 10:30–12:00 (1.5 h)
     + 13:30–14:00 → 14:00, handled 11:00: on time.

With ``co_cases=True`` two 协办 cases come between J and D (K, L; 21–23 Oct):
  K  21 Oct (Wed) dispatched 09:20 to D02 with 协办 D05 and D12, no 协办 limit of its own:
     every party's deadline and acknowledge-by time is 09:20 + 2 h = 11:20. D02 签收 09:30,
     D05 签收 10:00 and feeds back 10:30 (on time); D12 does nothing. D02 reports 11:00
     with a note for D12's missing feedback (on time), checked 11:10, closed 11:20.
  L  22 Oct (Thu) dispatched 09:20 to D02 (deadline 11:20) with 协办 D05 given 1 工作日:
     D05's deadline 23 Oct 09:20; acknowledge-by 11:20 for both. D05 签收 10:00, D02 签收
     only 13:40 (late). D05 feeds back 23 Oct 09:00 (on time for its own deadline); D02
     reports 09:30 (late for 22 Oct 11:20), checked, closed.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridapp.errors import NotFoundError, ValidationError
from gridapp.reports.model import Figure, MonthlyReport, Rate
from tests.core.helpers import GARBAGE, HYDRANT, URBAN, act, grid_in, officer_of, report

MONTH = "2026-10"


def at(clock, text: str) -> None:
    clock.now = datetime.fromisoformat(f"2026-{text}")


def _simple(ws, clock, day: str, officer: str, *, category: str = GARBAGE) -> tuple[str, str]:
    """Report at 09:00, accept 09:05, file 09:10 (case id, and it is now 09:10)."""
    at(clock, f"{day}T09:00")
    cid = report(ws, URBAN, category=category)
    at(clock, f"{day}T09:05")
    act(ws, "shouli", cid, "accept")
    at(clock, f"{day}T09:10")
    act(ws, "zhiban", cid, "file")
    return cid, officer


def _finish(ws, clock, cid: str, officer: str, handled: str, dept: str = "bm-d02") -> None:
    """Handle at ``handled``, check 10 min later, close 10 min after that."""
    at(clock, handled)
    act(ws, dept, cid, "handle", {"note": "已处置"})
    clock.advance(minutes=10)
    act(ws, officer, cid, "check", {"result": True})
    clock.advance(minutes=10)
    act(ws, "zhiban", cid, "close")


@pytest.fixture
def month(ws, clock) -> dict[str, str]:
    return hand_worked_month(ws, clock)


def hand_worked_month(
    ws, clock, *, garbage: str = GARBAGE, hydrant: str = HYDRANT, co_cases: bool = False
):
    """The cases A–J above (their numbers by letter, and the officer); the class codes
    can be given, so the catalog-upgrade test builds the same month in version-1 codes;
    ``co_cases`` adds the 协办 cases K and L."""
    officer = officer_of(ws, grid_in(ws, URBAN).code)
    ids: dict[str, str] = {}
    # A: over the National Day holiday
    at(clock, "09-30T16:00")
    ids["A"] = report(ws, URBAN, category=garbage)
    at(clock, "09-30T16:05")
    act(ws, "shouli", ids["A"], "accept")
    at(clock, "09-30T16:10")
    act(ws, "zhiban", ids["A"], "file")
    at(clock, "09-30T16:20")
    act(ws, "paiqian", ids["A"], "dispatch")
    assert ws.record(ids["A"]).deadline == datetime(2026, 10, 8, 9, 20)
    _finish(ws, clock, ids["A"], officer, "10-08T09:00")
    # B: extension
    ids["B"], _ = _simple(ws, clock, "10-12", officer, category=hydrant)
    at(clock, "10-12T09:20")
    act(ws, "paiqian", ids["B"], "dispatch")
    assert ws.record(ids["B"]).deadline == datetime(2026, 10, 15, 9, 20)
    at(clock, "10-14T10:00")
    ext = {"deadline": "2026-10-20T17:30:00", "reason": "需更换井座"}
    act(ws, "bm-d12", ids["B"], "request_extension", ext)
    act(ws, "paiqian", ids["B"], "approve_extension")
    _finish(ws, clock, ids["B"], officer, "10-19T10:00", dept="bm-d12")
    # C: 返工
    ids["C"], _ = _simple(ws, clock, "10-13", officer, category=garbage)
    at(clock, "10-13T09:30")
    act(ws, "paiqian", ids["C"], "dispatch")
    at(clock, "10-13T10:00")
    act(ws, "bm-d02", ids["C"], "handle", {"note": "已清理"})
    at(clock, "10-13T10:30")
    act(ws, officer, ids["C"], "check", {"result": False, "note": "仍有残留"})
    assert ws.record(ids["C"]).deadline == datetime(2026, 10, 13, 14, 0)
    _finish(ws, clock, ids["C"], officer, "10-13T13:45")
    # E: 挂账
    ids["E"], _ = _simple(ws, clock, "10-14", officer, category=garbage)
    at(clock, "10-14T09:20")
    act(ws, "paiqian", ids["E"], "dispatch")
    at(clock, "10-14T10:00")
    act(ws, "bm-d02", ids["E"], "request_suspension", {"reason": "待拆迁"})
    at(clock, "10-14T10:30")
    act(ws, "paiqian", ids["E"], "approve_suspension")
    # F: 作废 after 立案
    ids["F"], _ = _simple(ws, clock, "10-15", officer, category=garbage)
    at(clock, "10-15T09:30")
    act(ws, "zhiban", ids["F"], "void", {"reason": "重复上报"})
    # G: 不予立案
    at(clock, "10-15T10:00")
    ids["G"] = report(ws, URBAN, category=garbage)
    at(clock, "10-15T10:05")
    act(ws, "shouli", ids["G"], "accept")
    act(ws, "shouli", ids["G"], "reject", {"reason": "不属于受理范围"})
    # H: filed late, handled late
    at(clock, "10-16T09:00")
    ids["H"] = report(ws, URBAN, category=garbage)
    act(ws, "shouli", ids["H"], "accept")
    at(clock, "10-16T10:00")
    act(ws, "zhiban", ids["H"], "file")
    at(clock, "10-16T10:05")
    act(ws, "paiqian", ids["H"], "dispatch")
    assert ws.record(ids["H"]).deadline == datetime(2026, 10, 16, 13, 35)
    _finish(ws, clock, ids["H"], officer, "10-16T15:00")
    # I: hotline, verified true by the officer
    at(clock, "10-19T09:00")
    ids["I"] = report(ws, URBAN, category=garbage, source="hotline", reporter_phone="13812341234")
    at(clock, "10-19T09:05")
    act(ws, "shouli", ids["I"], "accept")
    act(ws, "shouli", ids["I"], "request_verify")
    at(clock, "10-19T09:30")
    act(ws, officer, ids["I"], "verify_report", {"result": True})
    at(clock, "10-19T09:40")
    act(ws, "zhiban", ids["I"], "file")
    at(clock, "10-19T09:50")
    act(ws, "paiqian", ids["I"], "dispatch")
    _finish(ws, clock, ids["I"], officer, "10-19T10:30")
    # J: 回退 and a late 改派
    ids["J"], _ = _simple(ws, clock, "10-20", officer, category=garbage)
    at(clock, "10-20T09:20")
    act(ws, "paiqian", ids["J"], "dispatch")
    at(clock, "10-20T09:40")
    act(ws, "bm-d02", ids["J"], "return", {"reason": "不属本部门职责"})
    at(clock, "10-20T10:30")
    act(ws, "paiqian", ids["J"], "reassign", {"department_code": "D05", "reason": "改派"})
    _finish(ws, clock, ids["J"], officer, "10-20T11:00", dept="bm-d05")
    if co_cases:
        ids.update(_co_cases(ws, clock, officer, garbage))
    # D: spans the month end
    at(clock, "10-30T15:00")
    ids["D"] = report(ws, URBAN, category=garbage)
    act(ws, "shouli", ids["D"], "accept")
    at(clock, "10-30T15:05")
    act(ws, "zhiban", ids["D"], "file")
    at(clock, "10-30T15:10")
    act(ws, "paiqian", ids["D"], "dispatch")
    assert ws.record(ids["D"]).deadline == datetime(2026, 10, 30, 17, 10)
    at(clock, "10-31T10:00")
    act(ws, "ducha", ids["D"], "supervise", {"note": "超期督办"})
    _finish(ws, clock, ids["D"], officer, "11-02T09:00")
    at(clock, "11-21T08:00")
    ids["officer"] = officer
    return {k: (v if k == "officer" else ws.record(v).number) for k, v in ids.items()}


def _co_cases(ws, clock, officer: str, garbage: str) -> dict[str, str]:
    """K and L of the module docstring: 协办 and 签收."""
    k, _ = _simple(ws, clock, "10-21", officer, category=garbage)
    at(clock, "10-21T09:20")
    co = {"department_code": "D02", "co_department_codes": ["D05", "D12"]}
    act(ws, "paiqian", k, "dispatch", co)
    rec = ws.record(k)
    assert rec.deadline == rec.ack_due == datetime(2026, 10, 21, 11, 20)
    assert {c.code: (c.deadline, c.ack_due) for c in rec.co_departments} == {
        "D05": (datetime(2026, 10, 21, 11, 20), datetime(2026, 10, 21, 11, 20)),
        "D12": (datetime(2026, 10, 21, 11, 20), datetime(2026, 10, 21, 11, 20)),
    }
    at(clock, "10-21T09:30")
    act(ws, "bm-d02", k, "acknowledge")
    at(clock, "10-21T10:00")
    act(ws, "bm-d05", k, "acknowledge")
    at(clock, "10-21T10:30")
    act(ws, "bm-d05", k, "co_feedback", {"note": "已配合清运"})
    at(clock, "10-21T11:00")
    act(ws, "bm-d02", k, "handle", {"note": "已处置", "co_missing_note": "消防未反馈"})
    clock.advance(minutes=10)
    act(ws, officer, k, "check", {"result": True})
    clock.advance(minutes=10)
    act(ws, "zhiban", k, "close")

    ell, _ = _simple(ws, clock, "10-22", officer, category=garbage)
    at(clock, "10-22T09:20")
    co = {"department_code": "D02", "co_department_codes": ["D05"], "co_limit_days": 1}
    act(ws, "paiqian", ell, "dispatch", co)
    rec = ws.record(ell)
    assert rec.deadline == rec.ack_due == datetime(2026, 10, 22, 11, 20)
    (d05,) = rec.co_departments
    assert (d05.deadline, d05.ack_due) == (datetime(2026, 10, 23, 9, 20), rec.ack_due)
    at(clock, "10-22T10:00")
    act(ws, "bm-d05", ell, "acknowledge")
    at(clock, "10-22T13:40")
    act(ws, "bm-d02", ell, "acknowledge")
    at(clock, "10-23T09:00")
    act(ws, "bm-d05", ell, "co_feedback", {"note": "已配合"})
    _finish(ws, clock, ell, officer, "10-23T09:30")
    return {"K": k, "L": ell}


def nums(month: dict[str, str], letters: str) -> tuple[str, ...]:
    return tuple(sorted(month[c] for c in letters))


def fig(month: dict[str, str], letters: str) -> Figure:
    return Figure(len(letters), nums(month, letters))


def rate(month: dict[str, str], num: str, den: str) -> Rate:
    return Rate.of(fig(month, num), fig(month, den))


def every_figure(obj: object):
    """Every Figure inside the report (dataclasses, tuples), to check traceability."""
    if isinstance(obj, Figure):
        yield obj
    elif isinstance(obj, (tuple, list)):
        for item in obj:
            yield from every_figure(item)
    elif hasattr(obj, "__dataclass_fields__"):
        for name in obj.__dataclass_fields__:
            yield from every_figure(getattr(obj, name))


def test_district_month_by_hand(ws, month):
    ws.act_as("ducha")
    r = ws.reports.monthly(MONTH)
    assert r.region.code == "370306" and r.region.name == "淄博市周村区"
    assert (r.period_start, r.period_end) == (date(2026, 10, 1), date(2026, 10, 31))
    assert r.period_label == "2026年10月" and not r.empty
    s = r.summary
    assert s.reported == fig(month, "BCDEFGHIJ")  # A was reported in September
    assert s.filed == fig(month, "BCDEFHIJ")  # G not filed; A filed in September
    assert s.closed == fig(month, "ABCHIJ")  # D closed in November
    # 应结案: deadline in October or closed in October; E (挂账) out, F (作废) out
    assert s.due == fig(month, "ABCDHIJ")
    assert s.close_rate == rate(month, "ABCHIJ", "ABCDHIJ")  # 6 / 7
    assert s.on_time_close_rate == rate(month, "ABCIJ", "ABCDHIJ")  # H late, D open: 5 / 7
    assert s.rework_rate == rate(month, "C", "ABCDHIJ")  # 1 / 7
    assert s.overdue_open == fig(month, "D")
    assert s.supervised == fig(month, "D")
    assert s.voided == fig(month, "F") and s.not_filed == fig(month, "G")
    assert s.excluded == fig(month, "E")
    for f in every_figure(r):
        assert len(f.case_numbers) == f.value == len(set(f.case_numbers))


def test_regions_and_lists(ws, month):
    r = ws.reports.monthly(MONTH)
    by_code = {x.region.code: x for x in r.regions}
    assert len(by_code) == 8  # the district's streets and towns
    assert by_code[URBAN].filed == r.summary.filed
    assert all(x.filed.value == 0 for c, x in by_code.items() if c != URBAN)
    assert [c.number for c in r.overdue_cases] == [month["H"], month["D"]]  # most late first
    h, d = r.overdue_cases
    # Days late in working days (a working day is 7.5 h), rounded up to 0.1 (EVALUATION.md).
    # D: open at the period end; from 30 Oct (Fri) 17:10 only 17:10–17:30 is working time
    # (31 Oct is a Saturday): 20 min / 450 min = 0.04 → 0.1 工作日 (not 0.0, not 1.3 days)
    assert (d.late, d.late_unit, d.late_text) == (0.1, "工作日", "0.1 工作日")
    assert d.note == "期末未结" and d.department_code == "D02"
    # H: handled 15:00 against 13:35 = 85 working minutes / 450 = 0.19 → 0.2 工作日
    assert (h.late, h.late_unit) == (0.2, "工作日") and h.note == "超期结案"
    assert [c.number for c in r.rework_cases] == [month["C"]]
    assert [c.number for c in r.supervised_cases] == [month["D"]]
    kinds = {(e.kind, e.number) for e in r.exclusions}
    assert kinds == {("挂账", month["E"]), ("作废", month["F"]), ("不予立案", month["G"])}
    hang = next(e for e in r.exclusions if e.kind == "挂账")
    assert hang.reason == "待拆迁" and hang.approved_at == datetime(2026, 10, 14, 10, 30)
    assert hang.requested_at == datetime(2026, 10, 14, 10, 0) and hang.approved_by
    # daily: 31 days; 16 Oct had H reported; 8 Oct A closed
    assert len(r.daily) == 31
    day = {d.day.day: d for d in r.daily}
    assert day[16].reported == fig(month, "H") and day[8].closed == fig(month, "A")
    assert sum(d.filed.value for d in r.daily) == r.summary.filed.value
    # categories: 暴露垃圾 C D E F H I J filed = 7 of 8, 消防设施 B = 1
    top = r.categories[0]
    assert top.code == GARBAGE and top.filed == fig(month, "CDEFHIJ") and top.share == 7 / 8
    assert r.categories[1].code == HYDRANT and r.categories[1].filed == fig(month, "B")
    grid = grid_in(ws, URBAN).code
    counts = {g.code: g.count for g in r.grid_counts}
    assert counts[grid] == r.summary.filed and len(counts) == len(ws.reference.grids)
    # previous month (September): only A reported and filed
    assert r.previous is not None and r.previous.reported == fig(month, "A")
    assert r.previous.filed == fig(month, "A") and r.previous.closed.value == 0


def test_departments_by_hand(ws, month):
    r = ws.reports.monthly(MONTH)
    d = {x.code: x for x in r.departments}
    assert set(d) == {"D02", "D05", "D12"}
    d02 = d["D02"]
    # 应处置: rounds not returned nor suspended with deadline/handling in October: A C D H I
    # (E suspended, J returned); on time: A C I (D unhandled, H late)
    assert d02.dispatched == fig(month, "ACDHI") and d02.handled_on_time == fig(month, "ACI")
    assert d02.due == fig(month, "ACDHI") and d02.closed == fig(month, "ACHI")
    assert d02.reworked == fig(month, "C")
    assert d02.filed == fig(month, "CDEHIJ")  # filed in October and ever sent to D02
    # 应签收 (module docstring): A C D H I J (E excluded); on time A C I J (D, H late)
    assert d02.ack_due == fig(month, "ACDHIJ") and d02.ack_on_time == fig(month, "ACIJ")
    assert d02.co_due.value == 0
    scores = {i.key: i.score for i in d02.indicators}
    weights = {i.key: i.weight for i in d02.indicators}
    # 结案率 4/5 = 80; 按期处置率 3/5 = 60; 1 − 返工率 = 1 − 1/5 = 80; 按时签收率 4/6 = 66.67;
    # 立案数 6 against bands per 30 days scaled to 31: 5 × 31/30 = 5.17 ≤ 6 < 20.67 → 60
    assert scores == {"close_rate": 80.0, "on_time_rate": 60.0, "rework_rate": 80.0,
                      "ack_on_time_rate": pytest.approx(66.67, abs=0.005),
                      "filed_count": 60.0}  # fmt: skip
    # EVALUATION.md: 签收 weighs 10 %, the 立案数 band 0 %
    assert weights == {"close_rate": 30, "on_time_rate": 30, "rework_rate": 30,
                       "ack_on_time_rate": 10, "filed_count": 0}  # fmt: skip
    # (30 × 80 + 30 × 60 + 30 × 80 + 10 × 66.67 + 0 × 60) / 100 = 72.67 → C (60 ≤ s < 75)
    assert d02.score == pytest.approx(72.67, abs=0.005) and d02.grade == "C"
    # D05 (J): everything 100, 签收 1/1 → 100. D12 (B): 签收 0/1 (due 12 Oct 11:20, first
    # acted on 19 Oct): (90 × 100 + 10 × 0) / 100 = 90 → A
    assert d["D05"].ack_on_time == d["D05"].ack_due == fig(month, "J")
    assert d["D12"].ack_due == fig(month, "B") and d["D12"].ack_on_time.value == 0
    assert d["D05"].score == 100.0 and d["D12"].score == 90.0 and d["D12"].grade == "A"
    # D12 and D05 have one 应结案 each (< 5, EVALUATION.md): listed apart, not ranked, so a
    # single case handled well does not put them above D02 (5 应结案)
    assert [(x.code, x.rank, x.small_sample) for x in r.departments] == [
        ("D02", 1, False), ("D05", None, True), ("D12", None, True),
    ]  # fmt: skip
    assert not any(x.lowest for x in r.departments)  # one ranked department: none flagged
    assert any("少于 5 件" in n and "样本不足" in n for n in r.notes)  # stated in the appendix


def test_co_handling_and_acknowledging_by_hand(ws, clock):
    month = hand_worked_month(ws, clock, co_cases=True)
    r = ws.reports.monthly(MONTH)
    d = {x.code: x for x in r.departments}
    d02, d05, d12 = d["D02"], d["D05"], d["D12"]
    # D02 leads K and L: 应处置 A C D H I K L, on time A C I K (L reported 23 Oct 09:30
    # against 22 Oct 11:20); 应结案 the same 7, closed A C H I K L; 返工 C
    assert d02.dispatched == fig(month, "ACDHIKL") and d02.handled_on_time == fig(month, "ACIK")
    assert d02.due == fig(month, "ACDHIKL") and d02.closed == fig(month, "ACHIKL")
    # 签收: A C D H I J K L; on time A C I J K (L acknowledged 13:40 > 11:20)
    assert d02.ack_due == fig(month, "ACDHIJKL") and d02.ack_on_time == fig(month, "ACIJK")
    assert d02.co_due.value == 0  # D02 co-handles nothing
    rates = {i.key: i.rate for i in d02.indicators}
    assert rates["ack_on_time_rate"] == rate(month, "ACIJK", "ACDHIJKL")  # 5/8 = 62.5
    # 结案率 6/7 = 85.714; 按期 4/7 = 57.143; 1 − 1/7 = 85.714; 签收 62.5:
    # (30 × 85.714 + 30 × 57.143 + 30 × 85.714 + 10 × 62.5) / 100
    # = (2571.43 + 1714.29 + 2571.43 + 625) / 100 = 74.82 → C (just under 75)
    assert d02.score == pytest.approx(74.82, abs=0.005) and d02.grade == "C"
    # D05: leads J; 协办 K (fed back 10:30 ≤ 11:20) and L (23 Oct 09:00 ≤ 09:20): both on
    # time, and both count as 应处置 / 按时处置 for it. 应结案 J only (the lead is charged
    # with 结案). 签收 J (handled 11:00 ≤ 14:00), K 10:00, L 10:00 (≤ 11:20): 3/3.
    assert d05.co_due == d05.co_on_time == fig(month, "KL")
    assert d05.dispatched == d05.handled_on_time == fig(month, "JKL")
    assert d05.due == d05.closed == fig(month, "J")
    assert d05.ack_due == d05.ack_on_time == fig(month, "JKL")
    assert d05.score == 100.0 and d05.grade == "A"
    # D12: leads B; 协办 K with nothing done: 应处置 B K, on time B only → 50;
    # 签收 B (late) and K (never): 0/2 → 0; 结案 B 1/1, no 返工:
    # (30 × 100 + 30 × 50 + 30 × 100 + 10 × 0) / 100 = 75 → B
    assert d12.co_due == fig(month, "K") and d12.co_on_time.value == 0
    assert d12.dispatched == fig(month, "BK") and d12.handled_on_time == fig(month, "B")
    assert d12.due == d12.closed == fig(month, "B")
    assert d12.ack_due == fig(month, "BK") and d12.ack_on_time.value == 0
    assert d12.score == 75.0 and d12.grade == "B"
    # the co-departments do not change the case figures: K and L are two more closed cases
    assert r.summary.closed == fig(month, "ABCHIJKL")
    for f in every_figure(r):
        assert len(f.case_numbers) == f.value == len(set(f.case_numbers))


def test_role_holders_by_hand(ws, month):
    r = ws.reports.monthly(MONTH)
    h = {x.username: x for x in r.role_holders}
    scores = {u: {i.key: i.score for i in x.indicators} for u, x in h.items()}

    officer = h[month["officer"]]
    # 有效上报 B C D E H J of reports B C D E F G H J: 6/8 = 75
    # 漏报 I of filed-in-grid B C D E F H I J: 1/8 → 87.5; 核实 1/1; 核查 A B C H I J 6/6
    assert scores[officer.username] == {
        "valid_report_rate": 75.0, "missed_rate": 87.5,
        "verify_on_time_rate": 100.0, "check_on_time_rate": 100.0,
    }  # fmt: skip
    # (40 × 75 + 20 × 87.5 + 20 × 100 + 20 × 100) / 100 = 87.5
    assert officer.score == 87.5 and officer.grade == "B" and officer.role_label == "监督员"

    # 受理员: 受理 B..J = 9 → band 40; 核实派发 1/1; 核查 6/6: (25 × 40 + 4000 + 3500)/100 = 85
    assert scores["shouli"] == {
        "intake_count": 40.0, "verify_dispatch_rate": 100.0, "check_dispatch_rate": 100.0,
    }  # fmt: skip
    assert h["shouli"].score == 85.0

    # 值班长: 立案 B C D E F H I J = 8, on time 7 (H) → 87.5; 准确 (8 − F)/8 = 87.5;
    # 结案 A B C H I J all 10 min after 核查 → 100: (25 × 87.5 + 40 × 87.5 + 35 × 100)/100
    assert scores["zhiban"] == {
        "file_on_time_rate": 87.5, "file_accuracy_rate": 87.5, "close_on_time_rate": 100.0,
    }  # fmt: skip
    assert h["zhiban"].score == pytest.approx(91.875, abs=0.006) and h["zhiban"].grade == "A"

    # 派遣员: 派遣 B C D E H I J = 7 → band 40; on time 6/7 (J's 改派 50 min after 回退);
    # 准确 (7 − J)/7: (20 × 40 + 40 × 85.71 + 40 × 85.71) / 100 = 76.57
    dispatcher = h["paiqian"]
    rates = {i.key: i.rate for i in dispatcher.indicators}
    assert rates["dispatch_on_time_rate"] == rate(month, "BCDEHI", "BCDEHIJ")
    assert rates["dispatch_accuracy_rate"] == rate(month, "BCDEHI", "BCDEHIJ")
    assert dispatcher.score == pytest.approx(76.57, abs=0.01) and dispatcher.grade == "B"
    assert [x.role for x in r.role_holders] == sorted(
        (x.role for x in r.role_holders),
        key=["grid_officer", "intake", "shift_lead", "dispatcher"].index,
    )


def test_street_and_community_reports(ws, month):
    street = ws.reports.monthly(MONTH, region=URBAN)
    assert street.region.level == "street" and street.summary.filed.value == 8
    assert {x.region.level for x in street.regions} == {"community"}
    community = grid_in(ws, URBAN).community_code
    rc = ws.reports.monthly(MONTH, region=community)
    assert rc.summary.due.value == 7 and {x.region.level for x in rc.regions} == {"grid"}
    other = ws.reports.monthly(MONTH, region="370306002")
    assert other.empty and other.summary.filed.value == 0


def test_date_range_and_previous_period(ws, month):
    r = ws.reports.monthly(start="2026-10-12", end="2026-10-16")
    assert r.period_label == "2026-10-12 至 2026-10-16"
    assert (r.previous_start, r.previous_end) == (date(2026, 10, 7), date(2026, 10, 11))
    # reported 12–16 Oct: B C E F G H
    assert r.summary.reported.value == 6


def test_empty_month_is_a_valid_report(ws):
    r: MonthlyReport = ws.reports.monthly("2026-08")
    assert r.empty and r.summary.reported.value == 0 and r.departments == ()
    assert r.summary.close_rate.value is None and len(r.daily) == 31
    assert r.overdue_cases == () and r.report_id.startswith("JD-370306-202608-")


def test_unknown_region_and_bad_month_are_clear_errors(ws):
    with pytest.raises(NotFoundError) as err:
        ws.reports.monthly(MONTH, region="370399001")
    assert err.value.code == "unknown_region" and "370399001" in err.value.message
    with pytest.raises(ValidationError) as err:
        ws.reports.monthly("2026-13")
    assert err.value.code == "bad_month"
    with pytest.raises(ValidationError):
        ws.reports.monthly(start="2026-10-10", end="2026-10-01")


def test_regions_for_the_dialog(ws):
    choices = ws.reports.regions()
    assert choices[0].code == "370306" and choices[0].level == "district"
    assert sum(1 for c in choices if c.level == "street") == 8
    assert all(len(c.code) == 12 for c in choices if c.level == "community")
