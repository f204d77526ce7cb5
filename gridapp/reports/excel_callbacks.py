"""The workbook's 「回访满意度」 and 「智能派单」 sheets: 回访率, 满意率, 重办数 per department
and per street, and per automatic routing rule the share later reassigned. Each figure's
case numbers go to 「案卷明细」 like every other figure. A sheet is not written when its
figures are None, so such a month's workbook is as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gridapp.reports.model import MonthlyReport

if TYPE_CHECKING:
    from gridapp.reports.excel import Book
    from gridapp.reports.satisfaction import SatisfactionRow

SATISFACTION_SHEET = "回访满意度"
AUTO_SHEET = "智能派单"
PERCENT = "0.0%"
HEADER = [
    "代码",
    "名称",
    "应回访",
    "已回访",
    "回访率",
    "联系上",
    "满意及基本满意",
    "满意率",
    "重办数",
]


def _rate(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _row(book: Book, sheet: str, part: str, r: SatisfactionRow) -> list[object]:
    key = f"{part} {r.code} {r.name}" if r.code else r.name  # the total: "合计"
    return [
        r.code,
        r.name,
        book.trace(sheet, key, "应回访", r.closed),
        book.trace(sheet, key, "已回访", r.called_back),
        _rate(r.callback_rate.value),
        book.trace(sheet, key, "联系上", r.reached),
        book.trace(sheet, key, "满意及基本满意", r.satisfied),
        _rate(r.satisfaction_rate.value),
        book.trace(sheet, key, "重办数", r.reopened),
    ]


def write_callbacks(book: Book, report: MonthlyReport) -> None:
    s = report.satisfaction
    if s is not None:
        ws = book.sheet(SATISFACTION_SHEET, HEADER, [11, 26, 9, 9, 9, 9, 14, 9, 9])
        formats = {4: PERCENT, 7: PERCENT}
        ws.append(_row(book, SATISFACTION_SHEET, "合计", s.total), formats)
        for title, rows, part in (("按部门", s.departments, "部门"), ("按街道", s.streets, "街道")):
            ws.append([])
            ws.append([title])
            for r in rows:
                ws.append(_row(book, SATISFACTION_SHEET, part, r), formats)
    rules = report.auto_dispatch
    if rules is not None:
        header = ["规则编号", "规则", "自动派遣", "其后改派", "改派率"]
        ws = book.sheet(AUTO_SHEET, header, [10, 48, 10, 10, 10])
        for r in rules:
            key = f"规则 {r.rule_id}"
            ws.append(
                [
                    str(r.rule_id),
                    r.label,
                    book.trace(AUTO_SHEET, key, "自动派遣", r.dispatched),
                    book.trace(AUTO_SHEET, key, "其后改派", r.reassigned),
                    _rate(r.share.value),
                ],
                {4: PERCENT},
            )
