"""Departments with too few cases to rank fairly are ranked apart ("样本不足", EVALUATION.md:
fewer than 5 应结案 in the period), in the model, the printed PDF (read back with poppler)
and the workbook; the rule is stated in the appendix and its threshold is a setting.

On the hand-built October (tests/core/test_report_month.py) D02 has 5 应结案 and scores
72.67, while D05 and D12 have one case each and score 100 and 90 (D12 签收 late): before
the rule, they topped it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from gridapp.errors import ValidationError
from gridapp.reports.weights import DEFAULT_WEIGHTS, parse_weights
from tests.core import test_report_month as hand

MONTH = hand.MONTH
month = hand.month  # the hand-built October (a fixture)
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")


def test_default_threshold_and_setting() -> None:
    assert DEFAULT_WEIGHTS.min_due_to_rank == 5
    assert parse_weights({"min_due_to_rank": 2}).min_due_to_rank == 2
    for bad in (-1, 1.5, "5", True):
        with pytest.raises(ValidationError):
            parse_weights({"min_due_to_rank": bad})


def test_small_samples_keep_their_score_but_not_a_rank(ws, month) -> None:
    r = ws.reports.monthly(MONTH)
    by_code = {d.code: d for d in r.departments}
    assert by_code["D02"].rank == 1 and by_code["D02"].due.value == 5
    for code, score in (("D05", 100.0), ("D12", 90.0)):
        d = by_code[code]
        assert d.small_sample and d.rank is None and not d.lowest
        assert d.score == score and d.grade == "A"  # figures unchanged, only the rank
    # with the threshold lowered to 1 the old ranking comes back: the setting is used
    loose = ws.reports.monthly(MONTH, weights=parse_weights({"min_due_to_rank": 1}))
    assert [(d.code, d.rank) for d in loose.departments] == [("D05", 1), ("D12", 2), ("D02", 3)]


@needs_poppler
def test_the_pdf_ranks_them_apart_and_says_why(ws, month, tmp_path: Path) -> None:
    r = ws.reports.monthly(MONTH)
    names = {d.code: d.name for d in r.departments}
    pdf = ws.reports.write_pdf(r, tmp_path / "october.pdf")
    out = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = re.sub(r"\s+", "", out)
    section = flat[flat.index("二、专业部门考核排名") : flat.index("三、岗位人员评价")]
    apart_at = section.index("样本不足、不参与排名的部门（应结案少于5件，2个）")
    ranked, apart = section[:apart_at], section[apart_at:]
    assert names["D02"] in ranked and f"1{names['D02']}" in ranked  # rank 1, then the name
    for code in ("D05", "D12"):
        assert names[code] not in ranked and f"—{names[code]}" in apart  # no rank
    appendix = flat[flat.index("七、附录") :]
    assert "本期应结案少于5件的部门为“样本不足”" in appendix
    assert "超期时长=处置时限至处置反馈" in appendix  # and the unit of days late


def test_the_workbook_marks_them(ws, month, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    r = ws.reports.monthly(MONTH)
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(r, tmp_path / "october.xlsx"))
    sheet = wb["部门考核"]
    header = [c.value for c in sheet[1]]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    col = header.index("不参与排名")
    assert rows["D02"][0] == 1 and rows["D02"][col] is None
    assert rows["D12"][0] is None and "样本不足" in rows["D12"][col]
