"""The workbook (台账) read back with openpyxl: sheets, headers, figures equal to the model,
and the case numbers behind each figure on 「案卷明细」."""

from __future__ import annotations

from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from gridapp.reports.excel import NUMBERS_PER_CELL, SHEETS  # noqa: E402
from gridapp.reports.model import Figure, MonthlyReport  # noqa: E402
from tests.core import test_report_month as hand  # noqa: E402

MONTH, fig = hand.MONTH, hand.fig
month = hand.month  # the hand-built October (a fixture)


def details(wb) -> dict[tuple[str, str, str], list[str]]:
    """(table, row, figure) → the case numbers, chunks joined back."""
    out: dict[tuple[str, str, str], list[str]] = {}
    for table, row, figure, count, _k, numbers in wb["案卷明细"].iter_rows(
        min_row=2, values_only=True
    ):
        out.setdefault((table, row, figure), []).extend(numbers.split("、"))
        assert count >= len(out[(table, row, figure)])
    return out


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
    assert tuple(wb.sheetnames) == SHEETS
    for name in SHEETS:
        ws = wb[name]
        assert ws.freeze_panes == "A2", name
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
    trace = details(wb)
    key = f"{s.region.code} {s.region.name}"
    assert tuple(sorted(trace[("汇总", key, "应结案数")])) == fig(month, "ABCDHIJ").case_numbers
    assert tuple(sorted(trace[("汇总", key, "挂账")])) == fig(month, "E").case_numbers

    depts = {r[1]: r for r in rows(wb["部门考核"])}
    d02 = next(d for d in report.departments if d.code == "D02")
    row = depts["D02"]
    assert row[0] == d02.rank == 3 and row[-3] == d02.score == 72.0 and row[-2] == "C"
    assert row[4:11] == (5, 3, 5, 4, 1, 6, 1)  # 应处置 按时 应结案 结案 返工 立案 超期未结
    assert (
        tuple(sorted(trace[("部门考核", "D02 区环境卫生服务中心", "按时处置")]))
        == fig(month, "ACI").case_numbers
    )

    people = rows(wb["人员考核"])
    paiqian = [r for r in people if r[2] == "paiqian"]
    on_time = next(r for r in paiqian if r[5] == "按时派遣率")
    assert on_time[6:9] == (6, 7, pytest.approx(6 / 7, abs=1e-4))
    overdue = rows(wb["超期案卷"])
    assert [r[0] for r in overdue] == [month["D"], month["H"]] and overdue[0][5] == 1.3
    excluded = {(r[1], r[0]) for r in rows(wb["不计入统计"])}
    assert excluded == {("挂账", month["E"]), ("作废", month["F"]), ("不予立案", month["G"])}
    daily = rows(wb["每日趋势"])
    assert len(daily) == 31 and sum(r[2] for r in daily) == s.filed.value
    weights = rows(wb["指标与权重"])
    assert ("专业部门", "结案率", 30, "比率", "结案 / 应结案") in weights


def test_every_count_cell_has_its_numbers(book):
    report, wb = book
    trace = details(wb)
    for (table, row, figure), numbers in trace.items():
        assert len(numbers) == len(set(numbers)), (table, row, figure)
    d = next(d for d in report.departments if d.code == "D12")
    assert trace[("部门考核", f"D12 {d.name}", "应结案")] == list(d.due.case_numbers)


def test_long_figures_are_split_over_rows(tmp_path: Path, ws):
    from dataclasses import replace

    report = ws.reports.monthly(MONTH)
    many = Figure.of(f"370306-20261001-{i:05d}" for i in range(NUMBERS_PER_CELL * 2 + 5))
    big = replace(report, summary=replace(report.summary, reported=many))
    wb = openpyxl.load_workbook(ws.reports.write_xlsx(big, tmp_path / "big.xlsx"))
    cells = [r for r in rows(wb["案卷明细"]) if r[0] == "汇总" and r[2] == "上报数"]
    assert [r[4] for r in cells] == [1, 2, 3] and all(r[3] == many.value for r in cells)
    assert max(len(r[5]) for r in cells) < 32_767
    assert sum(len(r[5].split("、")) for r in cells) == many.value
