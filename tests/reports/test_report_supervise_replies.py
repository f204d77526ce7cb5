"""督办回复 in the monthly report: 按时回复率 per department with the late ones named, on a
hand-built October 2026 with known answers, read back from the model, the workbook and
the PDF (pdftotext). A month whose 督办 asked for no reply keeps its old report.

October 2026 (Tue 13th onwards, plain working days), every case dispatched:
  A 暴露垃圾 (D02): 督办 13th 10:00, 1 working day, answered 13th 15:00 → on time
  B 暴露垃圾 (D02): 督办 14th 10:00, 1 working day, answered 16th 10:00 → late
  E 消防设施 (D12): 督办 20th 10:00, 2 working days, answered 21st 09:00 → on time
  D 暴露垃圾 (D02): an old 督办 without a reply deadline → not counted
  C 暴露垃圾 (D02): 督办 Fri 30th 16:00, 1 working day → due in November, never answered
October: 应回复 3 (A B E), 按时 2 → 66.7 %; D02 1/2 (B named), D12 1/1.
November: 应回复 1 (C), 按时 0, C named as 期末未回复.
September: nothing → no 督办回复 anywhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from gridapp.reports import figures as fg
from gridapp.reports.excel import SHEETS
from gridapp.reports.scoring import ranking_note
from tests.core.helpers import GARBAGE, HYDRANT, URBAN, act, report

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def _dept_user(ws, code: str) -> str:
    return sorted(
        u.username
        for u in ws.reference.users.values()
        if u.role.value == "department" and u.department_code == code
    )[0]


def _case(ws, clock, day: int, category: str, index: int) -> tuple[str, str]:
    clock.now = datetime(2026, 10, day, 9, 0)
    cid = report(ws, URBAN, category=category, index=index)
    act(ws, "shouli", cid, "accept")
    act(ws, "zhiban", cid, "file")
    act(ws, "paiqian", cid, "dispatch")
    rec = ws.record(cid)
    return cid, rec.department_code


@pytest.fixture
def october(ws, clock) -> dict[str, str]:
    numbers = {}
    for name, day, category, at, days, answer in (
        ("A", 13, GARBAGE, (13, 10), 1, (13, 15)),
        ("B", 14, GARBAGE, (14, 10), 1, (16, 10)),
        ("E", 20, HYDRANT, (20, 10), 2, (21, 9)),
        ("D", 22, GARBAGE, (22, 10), None, None),
        ("C", 30, GARBAGE, (30, 16), 1, None),
    ):
        cid, dept = _case(ws, clock, day, category, index=len(numbers))
        clock.now = datetime(2026, 10, *at)
        payload = {"note": f"督办{name}"}
        if days:
            payload["reply_days"] = days
        act(ws, "zhiban", cid, "supervise", payload)
        if answer:
            clock.now = datetime(2026, 10, *answer)
            act(ws, _dept_user(ws, dept), cid, "supervise_reply", {"note": f"回复{name}"})
        numbers[name] = ws.record(cid).number
        numbers[f"dept{name}"] = dept
    clock.now = datetime(2026, 12, 2, 8, 0)
    return numbers


def test_october_figures(ws, october):
    r = ws.reports.monthly("2026-10").supervise_replies
    assert r is not None
    n = october
    assert r.due.case_numbers == tuple(sorted((n["A"], n["B"], n["E"])))
    assert r.on_time.case_numbers == tuple(sorted((n["A"], n["E"])))
    assert r.rate.value == pytest.approx(2 / 3)
    by = {d.code: d for d in r.departments}
    assert set(by) == {n["deptA"], n["deptE"]} and n["deptA"] != n["deptE"]
    d02 = by[n["deptA"]]
    assert (d02.due.value, d02.on_time.value, d02.rate.value) == (2, 1, 0.5)
    assert [line.number for line in d02.late] == [n["B"]]
    assert by[n["deptE"]].rate.value == 1.0 and by[n["deptE"]].late == ()
    assert r.departments[0].code == n["deptA"]  # worst first
    (late,) = r.late
    assert late.replied_at == datetime(2026, 10, 16, 10, 0) and late.state_text == "逾期回复"
    # due Thu 15th 10:00, answered Fri 16th 10:00: one working day late
    assert late.reply_due == datetime(2026, 10, 15, 10, 0)
    assert late.late_text == "1.0 工作日"


def test_november_names_the_missing_reply(ws, october):
    r = ws.reports.monthly("2026-11").supervise_replies
    assert r is not None
    assert (r.due.case_numbers, r.on_time.value) == ((october["C"],), 0)
    (line,) = r.late
    assert line.replied_at is None and line.state_text == "期末未回复"
    assert line.reply_due.month == 11 and line.late > 0


def test_month_without_reply_deadlines_is_unchanged(ws, october, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    sept = ws.reports.monthly("2026-09")
    assert sept.supervise_replies is None
    assert sept.notes == (*fg.COUNTING_NOTES, ranking_note(sept.weights.min_due_to_rank))
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(sept, tmp_path / "sept.xlsx"))
    assert tuple(wb.sheetnames) == SHEETS


def test_workbook_sheet(ws, october, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    r = ws.reports.monthly("2026-10")
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(r, tmp_path / "oct.xlsx"))
    rows = list(wb["督办回复"].iter_rows(values_only=True))
    assert rows[0][:5] == ("部门代码", "部门", "应回复", "按时回复", "按时回复率")
    assert rows[1][1:5] == ("合计", 3, 2, round(2 / 3, 4))
    late = [row for row in rows if row and row[0] == october["B"]]
    assert late and late[0][6] == "逾期回复" and late[0][7] == 1.0
    detail = [row for row in wb["考核明细"].iter_rows(values_only=True) if row[0] == "督办回复"]
    assert {row[5] for row in detail if row[2] == "按时回复"} == {october["A"], october["E"]}


@needs_poppler
def test_pdf_reads_back(ws, october, tmp_path: Path):
    r = ws.reports.monthly("2026-10")
    pdf = ws.reports.write_pdf(r, tmp_path / "oct.pdf")
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", out)
    assert "（四）督办回复：按时回复率66.7%（2/3件）" in flat
    late_part = out[out.index("逾期回复和期末未回复的督办") :]
    row = next(line for line in late_part.splitlines() if october["B"] in line)
    assert "1.0工作日" in re.sub(r"\s+", "", row) and "10-1610:00" in re.sub(r"\s+", "", row)
    assert "按时回复率=" in flat  # the counting rule in the appendix
    sept = ws.reports.write_pdf(ws.reports.monthly("2026-09"), tmp_path / "sept.pdf")
    text = subprocess.run(
        ["pdftotext", str(sept), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "督办回复" not in text and "按时回复率" not in text
