"""延期、回退、挂账 ledgers from the event log: who asked, who decided, when, the result."""

from __future__ import annotations

from openpyxl import load_workbook

from gridapp.domain.case import CaseState
from tests.core.helpers import BEIJIAO, URBAN, act, drive, report, town_case

UNTIL = "2026-11-17T17:30:00"


def _sheet(wb, title: str) -> list[list]:
    rows = [[c.value for c in row] for row in wb[title].iter_rows()]
    for row in wb[title].iter_rows():
        assert all(c.data_type != "f" for c in row)
    return rows


def test_three_ledgers_pair_requests_with_their_decisions(ws, clock, tmp_path):
    approved, denied, waiting, returned, suspended = (report(ws, URBAN, index=i) for i in range(5))
    for case_id in (approved, denied, waiting, returned, suspended):
        drive(ws, case_id, CaseState.DISPATCHED, department="D02")
    clock.advance(minutes=10)
    act(ws, "bm-d02", approved, "request_extension", {"deadline": UNTIL, "reason": "需调机械"})
    act(ws, "bm-d02", denied, "request_extension", {"deadline": UNTIL, "reason": "=1+1"})
    act(ws, "bm-d02", waiting, "request_extension", {"deadline": UNTIL, "reason": "等材料"})
    act(ws, "bm-d02", returned, "return", {"reason": "不属本部门职责"})
    act(ws, "bm-d02", suspended, "request_suspension", {"reason": "需协调产权单位"})
    clock.advance(minutes=20)
    act(ws, "paiqian", approved, "approve_extension", {"note": "同意"})
    act(ws, "zhiban", denied, "deny_extension", {"reason": "时限充足"})
    act(ws, "paiqian", returned, "reassign", {"department_code": "D05", "reason": "改派"})
    act(ws, "paiqian", suspended, "approve_suspension")
    town = town_case(ws, BEIJIAO)
    drive(ws, town, CaseState.SUSPENDED)  # a town case: its own centre decided it

    ws.act_as("paiqian")
    path = tmp_path / "ledgers.xlsx"
    counts = ws.exports.request_ledgers(path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["延期台账", "回退台账", "挂账台账"]
    ext = _sheet(wb, "延期台账")
    assert ext[0][:3] == ["案卷号", "申请单位", "申请人"]
    by_number = {r[0]: r for r in ext[1:]}
    assert counts["extension"] == len(ext) - 1 == 3
    a = by_number[ws.record(approved).number]
    asked_by = ws.reference.users["bm-d02"].display_name
    assert a[2] == asked_by and a[3] == "2026-11-16 09:10" and a[4] == "需调机械"
    assert a[5] == "2026-11-17 17:30"
    assert a[6] == ws.reference.users["paiqian"].display_name
    assert a[7] == "2026-11-16 09:30" and a[8] == "批准" and a[9] == "同意"
    d = by_number[ws.record(denied).number]
    assert d[4] == "=1+1" and d[8] == "驳回" and d[9] == "时限充足"
    assert d[6] == ws.reference.users["zhiban"].display_name
    w = by_number[ws.record(waiting).number]
    assert w[6] is None and w[8] == "待审批"
    ret = _sheet(wb, "回退台账")
    assert len(ret) == 2 and ret[1][0] == ws.record(returned).number
    assert ret[1][4] == "不属本部门职责" and ret[1][8].startswith("已改派至")
    sus = _sheet(wb, "挂账台账")
    sus_numbers = [r[0] for r in sus[1:]]
    assert ws.record(suspended).number in sus_numbers
    assert counts["suspension"] == len(sus) - 1
    # the town dispatcher sees only the town's cases: one suspension, nothing else
    ws.act_as("bj-paiqian")
    town_counts = ws.exports.request_ledgers(tmp_path / "town.xlsx")
    assert town_counts == {"extension": 0, "return": 0, "suspension": 1}


def test_period_keeps_requests_asked_within_it(ws, clock, tmp_path):
    case_id = report(ws, URBAN)
    drive(ws, case_id, CaseState.DISPATCHED, department="D02")
    act(ws, "bm-d02", case_id, "request_extension", {"deadline": UNTIL, "reason": "r"})
    ws.act_as("paiqian")
    later = clock.now.replace(hour=23)
    assert ws.exports.request_ledgers(tmp_path / "a.xlsx", since=later)["extension"] == 0
    assert ws.exports.request_ledgers(tmp_path / "b.xlsx", until=later)["extension"] == 1
