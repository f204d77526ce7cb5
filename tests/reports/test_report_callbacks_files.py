"""The 回访 and 智能派单 figures of the hand-worked November (tests/core/test_report_callbacks.py)
read back from the workbook and the PDF; a month without them keeps its old sheets."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.core.test_report_callbacks import callback_month

needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def test_workbook_sheets(ws, clock, tmp_path: Path):
    openpyxl = pytest.importorskip("openpyxl")
    ids, _rule = callback_month(ws, clock)
    r = ws.reports.monthly("2026-11")
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(r, tmp_path / "nov.xlsx"))
    rows = list(wb["回访满意度"].iter_rows(values_only=True))
    assert rows[0][2:9] == (
        "应回访",
        "已回访",
        "回访率",
        "联系上",
        "满意及基本满意",
        "满意率",
        "重办数",
    )
    assert rows[1][1:9] == ("合计", 4, 2, 0.5, 3, 2, round(2 / 3, 4), 1)
    auto = list(wb["智能派单"].iter_rows(values_only=True))
    assert auto[1][2:5] == (2, 1, 0.5)
    detail = [row for row in wb["考核明细"].iter_rows(values_only=True) if row[0] == "回访满意度"]
    q = ws.record(ids["Q"]).number
    assert {row[5] for row in detail if row[1] == "合计" and row[2] == "重办数"} == {q}
    octo = openpyxl.load_workbook(
        ws.reports.write_xlsx(ws.reports.monthly("2026-09"), tmp_path / "sep.xlsx")
    )
    assert "回访满意度" not in octo.sheetnames and "智能派单" not in octo.sheetnames


@needs_poppler
def test_pdf_reads_back(ws, clock, tmp_path: Path):
    callback_month(ws, clock)
    pdf = ws.reports.write_pdf(ws.reports.monthly("2026-11"), tmp_path / "nov.pdf")
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", out)
    assert "回访率50.0%（2/4件），满意率66.7%（2/3件），重办1件" in flat
    assert "故联系上可多于已回访" in flat  # 3 reached, 2 called back: the note says why
    # no 督办 asked for a reply this month: the parts are numbered on, with no gap
    assert "（四）回访满意度" in flat and "（五）智能派单" in flat and "督办回复" not in flat
    assert "智能派单：自动派遣后被改派的比例" in flat and "大街街道" in flat
    assert "回访率=" in flat  # the counting rule in the appendix
