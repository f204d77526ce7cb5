"""签收 and 协办 per department in the PDF: 应签收, 按时签收, 按时签收率, 协办应处置, 协办按时.

Printed after the department ranking; nothing when no department owed a 签收 or had a
协办 task in the period (so a month before the feature prints as before).
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Paragraph

from gridapp.reports.model import MonthlyReport, Rate
from gridapp.reports.pdf.tables import Column, data_table, fmt_int, fmt_pct

Styles = dict[str, Any]

COLUMNS = (
    Column("序号", 30, "right"),
    Column("部门", 170),
    Column("应签收", 60, "right"),
    Column("按时签收", 60, "right"),
    Column("按时签收率", 70, "right"),
    Column("协办应处置", 70, "right"),
    Column("协办按时", 60, "right"),
)


def co_handling_section(report: MonthlyReport, styles: Styles) -> list[Any]:
    depts = [d for d in report.departments if d.ack_due.value or d.co_due.value]
    if not depts:
        return []
    out: list[Any] = [CondPageBreak(90)]
    out.append(Paragraph(escape("专业部门签收与协办"), styles["h2"]))
    rows = [
        [
            str(i),
            d.name,
            fmt_int(d.ack_due.value),
            fmt_int(d.ack_on_time.value),
            fmt_pct(Rate.of(d.ack_on_time, d.ack_due).value),
            fmt_int(d.co_due.value),
            fmt_int(d.co_on_time.value),
        ]
        for i, d in enumerate(depts, start=1)
    ]
    out.append(data_table(COLUMNS, rows, styles))
    note = (
        "应签收：签收期限或签收时间在本期的派遣（主办、协办各计）；按时签收：在签收时限内签收"
        "（处置反馈、回退、协办反馈视同签收）。协办应处置：协办期限或协办反馈在本期，"
        "亦计入该部门的应处置/按时处置。"
    )
    out.append(Paragraph(escape(note), styles["note"]))
    return out
