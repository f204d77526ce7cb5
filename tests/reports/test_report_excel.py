"""The workbook (台账) read back with openpyxl: sheets, headers, figures equal to the model,
and the case numbers behind each figure: by filtering the per-case ledger 「案卷明细」, or
on the per-figure trace 「考核明细」 (department and staff figures)."""

from __future__ import annotations

from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from gridapp.reports import excel  # noqa: E402
from gridapp.reports.excel import SHEETS  # noqa: E402
from gridapp.reports.model import Figure, MonthlyReport  # noqa: E402
from tests.core import test_report_month as hand  # noqa: E402
from tests.core.test_report_month import every_figure  # noqa: E402
from tests.reports.workbook_trace import Workbook, check_every_figure  # noqa: E402

MONTH, fig = hand.MONTH, hand.fig
month = hand.month  # the hand-built October (a fixture)


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=2, values_only=True))


@pytest.fixture
def book(ws, month, tmp_path: Path) -> tuple[MonthlyReport, object]:
    report = ws.reports.monthly(MONTH)
    path = ws.reports.write_xlsx(report, tmp_path / "out" / "report.xlsx")
    assert path.exists() and not path.with_name("report.xlsx.partial").exists()
    return report, openpyxl.load_workbook(path)


def test_sheets_headers_and_frozen_rows(book):
    _report, wb = book
    # October closes one hotline case (I): its 回访 sheet (回访率 0/1) comes before 不计入统计
    expected = (*SHEETS[:10], "回访满意度", *SHEETS[10:])
    assert tuple(wb.sheetnames) == expected
    for name in expected:
        ws = wb[name]
        # the ledgers keep their case-number (and holder) columns in view too
        panes = {"案卷明细": "B2", "部门案卷": "C2", "人员案卷": "C2"}
        assert ws.freeze_panes == panes.get(name, "A2"), name
        assert all(c.value for c in ws[1]), name  # a header in every column
    assert [c.value for c in wb["区域"][1]][:4] == ["代码", "名称", "上报数", "立案数"]


def test_figures_equal_the_model_and_trace_to_cases(book, month):
    report, wb = book
    summary = {r[0]: r[1:] for r in rows(wb["汇总"]) if r and r[0]}
    s = report.summary
    assert summary["上报数"][0] == s.reported.value == 9
    assert summary["结案率"][0] == pytest.approx(6 / 7, abs=1e-4)
    assert summary["上报数"][1] == 1  # September: A
    assert summary["上报数"][2] == 8  # change
    assert summary["报告编号"][0] == report.report_id
    book = Workbook(wb)
    assert tuple(book.filtered(应结案="是")) == fig(month, "ABCDHIJ").case_numbers
    assert tuple(book.filtered(挂账="是")) == fig(month, "E").case_numbers
    assert tuple(book.filtered(上报日期=None)) == s.reported.case_numbers
    trace = book.trace

    depts = {r[1]: r for r in rows(wb["部门考核"])}
    d02 = next(d for d in report.departments if d.code == "D02")
    row = depts["D02"]
    # the last columns: 综合得分 等级 末三位 不参与排名 应签收 按时签收 协办应处置 协办按时处置
    assert row[0] == d02.rank == 1 and row[-8] == d02.score == pytest.approx(72.67, abs=0.005)
    assert row[-7] == "C" and row[-5] is None and depts["D12"][0] is None  # D12: not ranked
    assert depts["D12"][-5] == "样本不足（应结案少于 5 件）"
    assert row[-4:] == (6, 4, 0, 0)  # 签收 A C D H I J, on time A C I J; no 协办
    assert (
        tuple(sorted(trace[("部门考核", "D02 区环境卫生服务中心", "按时签收")]))
        == fig(month, "ACIJ").case_numbers
    )
    assert row[4:11] == (5, 3, 5, 4, 1, 6, 1)  # 应处置 按时 应结案 结案 返工 立案 超期未结
    assert {r[3] for r in depts.values()} <= {"区级", "镇街"}  # not district / town
    assert (
        tuple(sorted(trace[("部门考核", "D02 区环境卫生服务中心", "按时处置")]))
        == fig(month, "ACI").case_numbers
    )

    people = rows(wb["人员考核"])
    paiqian = [r for r in people if r[2] == "paiqian"]
    on_time = next(r for r in paiqian if r[5] == "按时派遣率")
    assert on_time[6:9] == (6, 7, pytest.approx(6 / 7, abs=1e-4))
    overdue = rows(wb["超期案卷"])
    assert [r[0] for r in overdue] == [month["H"], month["D"]]  # by time late, descending
    assert overdue[0][5:7] == (0.2, "工作日") and overdue[1][5:7] == (0.1, "工作日")
    excluded = {(r[1], r[0]) for r in rows(wb["不计入统计"])}
    assert excluded == {("挂账", month["E"]), ("作废", month["F"]), ("不予立案", month["G"])}
    daily = rows(wb["每日趋势"])
    assert len(daily) == 31 and sum(r[2] for r in daily) == s.filed.value
    weights = rows(wb["指标与权重"])
    assert ("专业部门", "结案率", 30, "比率", "结案 / 应结案") in weights


def test_every_printed_figure_is_exactly_its_cases(book):
    report, wb = book
    checked = check_every_figure(report, wb)
    assert checked > 200  # 汇总, 区域, 分类, 31 days, grids, departments, staff
    book_ = Workbook(wb)
    # on the hand-built month only department, staff and 回访 figures are outside the ledger
    assert {table for table, _row, _fig in book_.trace} == {"部门考核", "人员考核", "回访满意度"}
    assert {r[0] for r in rows(wb["考核明细"])} == {"回访满意度"}
    d = next(d for d in report.departments if d.code == "D12")
    assert book_.trace[("部门考核", f"D12 {d.name}", "应结案")] == list(d.due.case_numbers)


def test_the_ledger_is_one_row_per_case_under_a_filter(book, month):
    report, wb = book
    sheet = wb["案卷明细"]
    data = rows(sheet)
    assert data and sheet.auto_filter.ref == f"A1:S{len(data) + 1}"
    numbers = [r[0] for r in data]
    assert numbers == sorted(set(numbers))  # one row per case, in number order
    in_summary = {n for f in every_figure(report.summary) for n in f.case_numbers}
    assert set(numbers) == in_summary
    header = [c.value for c in sheet[1]]
    assert header[:8] == [
        "案卷号", "街道/镇", "社区", "网格代码", "小类代码", "小类", "来源", "处置部门",
    ]  # fmt: skip
    assert all(widths > 6 for widths in _widths(sheet, len(header)))
    # a header wrapped in a narrow column gets the height for its lines (Excel keeps the
    # stored height), e.g. 不予立案 in a column 7 wide is two lines
    assert sheet.row_dimensions[1].height == 30
    assert excel.header_lines("不予立案", 7) == 2 and excel.header_lines("上报数", 16) == 1
    h = dict(zip(header, next(r for r in data if r[0] == month["H"]), strict=True))
    assert h["街道/镇"] == "丝绸路街道" and h["来源"] == "巡查上报" and h["小类代码"] == "020102"
    assert h["应结案"] == "是" and h["按期结案"] is None and h["结案日期"].startswith("2026-10-")
    trace = wb["考核明细"]
    assert trace.auto_filter.ref == f"A1:F{len(rows(trace)) + 1}"
    assert [c.value for c in trace[1]] == ["表", "行", "指标", "数量", "序", "案卷号"]


def _widths(sheet, n: int) -> list[float]:
    from openpyxl.utils import get_column_letter

    return [sheet.column_dimensions[get_column_letter(i)].width for i in range(1, n + 1)]


def test_a_big_figure_is_many_short_rows(tmp_path: Path, ws):
    from dataclasses import replace

    report = ws.reports.monthly(MONTH)
    many = Figure.of(f"370306-20261001-{i:05d}" for i in range(13_000))
    big = replace(report, summary=replace(report.summary, reported=many))
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(big, tmp_path / "big.xlsx"))
    # the ledger's days no longer give these cases: the figure falls back to the trace
    cells = [r for r in rows(wb["考核明细"]) if r[0] == "汇总" and r[2] == "上报数"]
    assert [r[4] for r in cells] == list(range(1, 13_001))
    assert all(r[3] == many.value for r in cells)
    assert [r[5] for r in cells] == list(many.case_numbers)
    assert max(len(r[5]) for r in cells) == len(many.case_numbers[0])  # no joined cells


def test_past_the_row_limit_a_ledger_continues_on_a_new_sheet(
    tmp_path: Path, ws, month, monkeypatch: pytest.MonkeyPatch
):
    report = ws.reports.monthly(MONTH)
    whole = openpyxl.load_workbook(ws.reports.write_xlsx(report, tmp_path / "whole.xlsx"))
    expected = rows(whole["人员案卷"])
    assert len(expected) > 12
    monkeypatch.setattr(excel, "MAX_DATA_ROWS", 5)
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(report, tmp_path / "split.xlsx"))
    parts = [n for n in wb.sheetnames if n.startswith("人员案卷")]
    assert parts[:3] == ["人员案卷", "人员案卷（续2）", "人员案卷（续3）"]
    got = []
    header = [c.value for c in whole["人员案卷"][1]]
    for name in parts:
        part = rows(wb[name])
        assert 0 < len(part) <= 5
        assert wb[name].auto_filter.ref == f"A1:{_letter(len(header))}{len(part) + 1}"
        assert [c.value for c in wb[name][1]] == header and wb[name].freeze_panes == "C2"
        got += part
    assert got == expected


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
