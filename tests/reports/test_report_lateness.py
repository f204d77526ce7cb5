"""Days late carry their unit and never read "0.0" for a late case (EVALUATION.md: working
days to 0.1 for 工作日/工作时 limits, clock hours for 紧急 limits, printed with the unit).

A case handled 40 minutes after its deadline is built through the real workflow, its
month's report written as PDF and workbook, and read back with poppler and openpyxl.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from gridapp.domain.units import TimeUnit
from gridapp.reports.figures import Lateness
from gridapp.reports.model import LATE_HOURS, LATE_WORK_DAYS
from tests.core.helpers import GARBAGE, URBAN, act, grid_in, officer_of, report

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def test_lateness_rounds_up_in_the_limits_unit(ws) -> None:
    late = Lateness(ws.reference.calendar)
    tue = datetime(2026, 10, 13, 14, 0)  # a working Tuesday afternoon
    work, urgent = TimeUnit.WORK_HOUR.value, TimeUnit.URGENT_HOUR.value
    assert late.of(tue, tue, work) == (0.0, LATE_WORK_DAYS)  # at the deadline: on time
    assert late.of(tue, tue + timedelta(minutes=40), work) == (0.1, LATE_WORK_DAYS)
    assert late.of(tue, tue + timedelta(minutes=40), urgent) == (0.7, LATE_HOURS)
    assert late.of(tue, tue + timedelta(minutes=1), TimeUnit.URGENT_DAY.value)[0] == 0.1
    # 46 working minutes are 0.102 of a 450-minute day: up to 0.2, not down to 0.1
    assert late.of(tue, tue + timedelta(minutes=46), TimeUnit.WORK_DAY.value)[0] == 0.2
    # two full working days and 4 minutes: Tue 14:00 → Thu 14:04
    assert late.of(tue, tue + timedelta(days=2, minutes=4), work)[0] == 2.1
    # Friday 17:30 deadline, handled Saturday: no working time passed, but it was late
    fri = datetime(2026, 10, 16, 17, 30)
    assert late.of(fri, fri + timedelta(hours=16), work) == (0.1, LATE_WORK_DAYS)
    # events without a unit (older data) are told in working days
    assert late.of(tue, tue + timedelta(hours=3), "")[1] == LATE_WORK_DAYS
    assert late.hours(0.2, LATE_WORK_DAYS) == pytest.approx(1.5)  # 0.2 × 7.5 h


@pytest.fixture
def forty_minutes_late(ws, clock) -> tuple[str, datetime]:
    """One case of October 2026 handled 40 minutes after its handling deadline."""
    officer = officer_of(ws, grid_in(ws, URBAN).code)
    clock.now = datetime(2026, 10, 13, 9, 0)
    cid = report(ws, URBAN, category=GARBAGE)
    clock.advance(minutes=5)
    act(ws, "shouli", cid, "accept")
    clock.advance(minutes=5)
    act(ws, "zhiban", cid, "file")
    clock.advance(minutes=10)
    act(ws, "paiqian", cid, "dispatch")
    rec = ws.record(cid)
    clock.now = rec.deadline + timedelta(minutes=40)
    dept = next(u.username for u in ws.reference.users.values() if u.role.value == "department"
                and u.department_code == rec.department_code)  # fmt: skip
    act(ws, dept, cid, "handle", {"note": "已处置"})
    clock.advance(minutes=10)
    act(ws, officer, cid, "check", {"result": True})
    clock.advance(minutes=10)
    act(ws, "zhiban", cid, "close")
    clock.now = datetime(2026, 11, 21, 8, 0)
    return ws.record(cid).number, rec.deadline


def expected_text(ws, number: str) -> str:
    unit = next(c for c in ws.reports.monthly("2026-10").overdue_cases if c.number == number)
    return "0.7 小时" if unit.late_unit == LATE_HOURS else "0.1 工作日"


def test_forty_minutes_late_is_not_zero_in_the_model(ws, forty_minutes_late) -> None:
    number, _deadline = forty_minutes_late
    r = ws.reports.monthly("2026-10")
    line = next(c for c in r.overdue_cases if c.number == number)
    assert line.late > 0 and line.late_text == expected_text(ws, number)
    assert line.note == "超期结案"


@needs_poppler
def test_forty_minutes_late_prints_with_its_unit(ws, forty_minutes_late, tmp_path: Path) -> None:
    number, _deadline = forty_minutes_late
    r = ws.reports.monthly("2026-10")
    pdf = ws.reports.write_pdf(r, tmp_path / "october.pdf")
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    row = next(line for line in out.splitlines() if number in line)
    assert expected_text(ws, number).replace(" ", "") in re.sub(r"\s+", "", row), row
    assert not re.search(r"(?<![\d.])0\.0(?!\d)", row), row  # never "0.0" for a late case
    flat = re.sub(r"\s+", "", out)
    assert "超期时长" in flat and "按工作日历计工作日" in flat  # the header and the rule


def test_forty_minutes_late_in_the_workbook(ws, forty_minutes_late, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    number, _deadline = forty_minutes_late
    r = ws.reports.monthly("2026-10")
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(r, tmp_path / "october.xlsx"))
    sheet = wb["超期案卷"]
    header = [c.value for c in sheet[1]]
    row = next(x for x in sheet.iter_rows(min_row=2, values_only=True) if x[0] == number)
    amount, unit = row[header.index("超期时长")], row[header.index("单位")]
    assert f"{amount} {unit}" == expected_text(ws, number)
