"""Exports are data, never code: hostile user text in the workbook is text, as typed.

A month whose every user-typed field starts with a formula trigger (``=``, ``+``, ``-``,
``@``, ``#N/A``) and carries markup goes through the real workflow into a store; the
workbook is written and read back with openpyxl: every cell holding such a text is a
string cell equal to the text, and no cell in any sheet is a formula or an error value.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from gridapp.reports.excel import SHEETS, write_workbook  # noqa: E402
from tests.reports import hostile  # noqa: E402

EXPECTED = {
    # text → a sheet it must appear on (as a whole cell, or inside a row key)
    hostile.REJECT_REASON: "不计入统计",
    hostile.VOID_REASON: "不计入统计",
    hostile.SUSPEND_REASON: "不计入统计",
    hostile.DEPT_NAME: "部门考核",
    hostile.PAIQIAN_NAME: "人员考核",
    hostile.SHOULI_NAME: "不计入统计",
    hostile.ZHIBAN_NAME: "不计入统计",
    hostile.DEPT_USER_NAME: "不计入统计",
    hostile.GRID_NAME: "网格",
    hostile.DUCHA_NAME: "汇总",  # 生成人
}


@pytest.fixture
def month(ws, clock) -> dict[str, str]:
    return hostile.build_month(ws, clock)


@pytest.fixture
def report(ws, month):
    ws.act_as("ducha")
    return ws.reports.monthly(hostile.MONTH)


def cells(wb):
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell


def test_every_user_text_is_a_string_cell_equal_to_what_was_typed(ws, report, tmp_path: Path):
    path = ws.reports.write_xlsx(report, tmp_path / "report.xlsx")
    wb = openpyxl.load_workbook(path)
    assert tuple(wb.sheetnames) == SHEETS
    found: dict[str, set[str]] = {}
    for title, cell in cells(wb):
        assert cell.data_type not in ("f", "e"), (title, cell.coordinate, cell.value)
        if not isinstance(cell.value, str):
            continue
        assert cell.data_type in ("s", "inlineStr"), (title, cell.coordinate, cell.value)
        for text in (*hostile.CASE_TEXTS, *hostile.NAMES):
            if text in cell.value:
                found.setdefault(text, set()).add(title)
                if cell.value == text and text[0] in "=+-@":
                    assert cell.quotePrefix, (title, cell.coordinate)
    for text, sheet in EXPECTED.items():
        assert sheet in found.get(text, set()), (text, sheet, found.get(text))
    # the ledgers' rows are sheet XML of our own (excel_bulk), not openpyxl's cells: the
    # department's name is the whole 处置部门 cell there (quote-prefixed, checked above)
    assert {"案卷明细", "部门案卷"} <= found[hostile.DEPT_NAME]
    ledger = wb["案卷明细"]
    assert any(c.value == hostile.DEPT_NAME and c.quotePrefix for c in ledger["H"])
    # The reject reason is the whole cell, unchanged (no apostrophe added).
    exclusions = wb["不计入统计"]
    reasons = [row[8].value for row in exclusions.iter_rows(min_row=2)]
    assert hostile.REJECT_REASON in reasons


def test_tab_cr_control_characters_and_error_codes_stay_text(report, tmp_path: Path):
    """Values the workflow would trim (leading tab/CR) or that XML cannot hold
    (control characters) must neither become formulas nor abort the export."""
    odd = [
        "\t=1+1",
        '\r=HYPERLINK("http://evil.example")',
        "a\r\nb",
        "#DIV/0!",
        "#N/A",
        "=1+1\x1b[31m",
        " =SUM(A1:A9)",
    ]
    base = report.exclusions[0]
    exclusions = tuple(dataclasses.replace(base, reason=text) for text in odd)
    path = write_workbook(dataclasses.replace(report, exclusions=exclusions), tmp_path / "x.xlsx")
    wb = openpyxl.load_workbook(path)
    for _title, cell in cells(wb):
        assert cell.data_type not in ("f", "e"), cell.value
    got = [row[8].value for row in wb["不计入统计"].iter_rows(min_row=2)]
    # XML has no bare CR: it is a line feed in every reader; control characters are
    # shown as U+FFFD rather than failing the whole workbook.
    assert got == [
        "\t=1+1",
        '\n=HYPERLINK("http://evil.example")',
        "a\nb",
        "#DIV/0!",
        "#N/A",
        "=1+1\ufffd[31m",
        " =SUM(A1:A9)",
    ]
    quoted = [row[8].quotePrefix for row in wb["不计入统计"].iter_rows(min_row=2)]
    assert quoted == [True, True, False, False, False, True, True]


POPPLER = all(shutil.which(t) for t in ("pdftotext", "pdftoppm"))


def _squeezed(text: str) -> str:
    return "".join(text.split())


@pytest.mark.skipif(not POPPLER, reason="poppler-utils (pdftotext, pdftoppm) not installed")
def test_pdf_prints_hostile_text_literally(ws, report, tmp_path: Path):
    """reportlab's Paragraph parses markup: user text must come out as the characters
    typed (read back with pdftotext), and every page must still render."""
    pdf = ws.reports.write_pdf(report, tmp_path / "report.pdf")
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = _squeezed(text)
    for value in (
        hostile.REJECT_REASON,
        hostile.VOID_REASON,
        hostile.SUSPEND_REASON,
        hostile.DEPT_NAME,
        hostile.PAIQIAN_NAME,
        hostile.ZHIBAN_NAME,
    ):
        assert _squeezed(value) in flat, value
    assert "【系统通知】" in flat
    pages = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / "page")],
        capture_output=True,
        check=True,
    )
    assert pages.returncode == 0
    assert len(list(tmp_path.glob("page-*.png"))) >= 5


def test_each_text_is_a_string_cell_and_the_risky_ones_quoted(tmp_path):
    """Plain texts take openpyxl's own string cell (fast path); an error literal or a
    formula trigger, even after spaces, still gets the hardened one."""
    from openpyxl import Workbook, load_workbook

    from gridapp.reports.safe_cells import append_row

    texts = ["#N/A", "  =1+1", "370306-20261018-0001", "普通文本", "=", "-5"]
    book = Workbook(write_only=True)
    append_row(book.create_sheet("t"), texts)
    book.save(tmp_path / "t.xlsx")
    row = next(load_workbook(tmp_path / "t.xlsx")["t"].iter_rows())
    assert [c.value for c in row] == texts
    assert {c.data_type for c in row} == {"s"}
    assert [c.quotePrefix for c in row] == [False, True, False, False, True, True]
