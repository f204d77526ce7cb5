"""The PDF's 回访满意度 and 智能派单 parts: 回访率, 满意率 and 重办数 per department and per
street, and each automatic routing rule's share of later reassigned dispatches. Nothing
is printed for a part whose figures are None, so such a month's PDF is as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Paragraph

from gridapp.reports.model import MonthlyReport
from gridapp.reports.pdf.tables import Column, data_table, fmt_int, fmt_pct

if TYPE_CHECKING:
    from gridapp.reports.satisfaction import SatisfactionRow

Styles = dict[str, Any]

COLUMNS = (
    Column("序号", 28, "right"),
    Column("名称", 150),
    Column("应回访", 50, "right"),
    Column("已回访", 50, "right"),
    Column("回访率", 55, "right"),
    Column("联系上", 50, "right"),
    Column("满意", 45, "right"),
    Column("满意率", 55, "right"),
    Column("重办", 40, "right"),
)
# The counts stand on two bases (EVALUATION.md): without this line a reader takes 联系上
# above 已回访 for an error.
BASES = (
    "注：应回访、已回访按统计期内结案的案卷计；联系上、满意按统计期内的回访计，"
    "含上期结案、本期回访的案卷，故联系上可多于已回访。"
)
RULE_COLUMNS = (
    Column("序号", 28, "right"),
    Column("规则", 300, fit=True),
    Column("自动派遣", 60, "right"),
    Column("其后改派", 60, "right"),
    Column("改派率", 60, "right"),
)


def _row(i: int, r: SatisfactionRow) -> list[str]:
    return [
        str(i),
        r.name,
        fmt_int(r.closed.value),
        fmt_int(r.called_back.value),
        fmt_pct(r.callback_rate.value),
        fmt_int(r.reached.value),
        fmt_int(r.satisfied.value),
        fmt_pct(r.satisfaction_rate.value),
        fmt_int(r.reopened.value),
    ]


def callback_section(
    report: MonthlyReport, styles: Styles, numbered: Callable[[], str]
) -> list[Any]:
    out: list[Any] = []
    s = report.satisfaction
    if s is not None:
        t = s.total
        head = (
            f"{numbered()}回访满意度：回访率 {fmt_pct(t.callback_rate.value)}"
            f"（{fmt_int(t.called_back.value)} / {fmt_int(t.closed.value)} 件），"
            f"满意率 {fmt_pct(t.satisfaction_rate.value)}"
            f"（{fmt_int(t.satisfied.value)} / {fmt_int(t.reached.value)} 件），"
            f"重办 {fmt_int(t.reopened.value)} 件"
        )
        out += [
            CondPageBreak(90),
            Paragraph(escape(head), styles["h2"]),
            Paragraph(BASES, styles["body"]),
        ]
        for title, rows in (("按处置部门", s.departments), ("按街道（镇）", s.streets)):
            out.append(Paragraph(escape(title), styles["body"]))
            out.append(data_table(COLUMNS, [_row(i, r) for i, r in enumerate(rows, 1)], styles))
    if report.auto_dispatch is not None:
        out += [
            CondPageBreak(90),
            Paragraph(f"{numbered()}智能派单：自动派遣后被改派的比例", styles["h2"]),
        ]
        rows = [
            [
                str(i),
                r.label,
                fmt_int(r.dispatched.value),
                fmt_int(r.reassigned.value),
                fmt_pct(r.share.value),
            ]
            for i, r in enumerate(report.auto_dispatch, 1)
        ]
        out.append(data_table(RULE_COLUMNS, rows, styles))
    return out
