"""The 督办回复 part of the PDF's case lists: 按时回复率 per department and every late or
missing reply by case number. Nothing is printed when no 督办 of the period asked for a
reply (``report.supervise_replies`` is None), so such a month's PDF is as before.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import CondPageBreak, Paragraph

from gridapp.reports.model import MonthlyReport, ReplyLine
from gridapp.reports.pdf.tables import Column, data_table, fmt_int, fmt_pct

Styles = dict[str, Any]

DEPARTMENT_COLUMNS = (
    Column("序号", 30, "right"),
    Column("部门", 190),
    Column("应回复", 80, "right"),
    Column("按时回复", 80, "right"),
    Column("按时回复率", 90, "right"),
)
LATE_COLUMNS = (
    Column("序号", 24, "right"),
    Column("案卷号", 100, fit=True),
    Column("责任部门", 70),
    Column("督办时间", 70, "center"),
    Column("督办人", 44),
    Column("回复期限", 70, "center"),
    Column("回复", 60, "center"),
    Column("逾期", 55, "right", fit=True),
)


def _t(value: datetime | None) -> str:
    return value.strftime("%m-%d %H:%M") if value else "—"


def _late_row(i: int, line: ReplyLine) -> list[str]:
    return [
        str(i),
        line.number,
        line.department_name or "—",
        _t(line.supervised_at),
        line.supervised_by,
        _t(line.reply_due),
        _t(line.replied_at) if line.replied_at else line.state_text,
        line.late_text,
    ]


def supervise_reply_section(
    report: MonthlyReport, styles: Styles, numbered: Callable[[], str]
) -> list[Any]:
    replies = report.supervise_replies
    if replies is None:
        return []
    out: list[Any] = [CondPageBreak(90)]
    head = (
        f"{numbered()}督办回复：按时回复率 {fmt_pct(replies.rate.value)}"
        f"（{fmt_int(replies.on_time.value)} / {fmt_int(replies.due.value)} 件）"
    )
    out.append(Paragraph(escape(head), styles["h2"]))
    rows = [
        [str(i), d.name, fmt_int(d.due.value), fmt_int(d.on_time.value), fmt_pct(d.rate.value)]
        for i, d in enumerate(replies.departments, start=1)
    ]
    out.append(data_table(DEPARTMENT_COLUMNS, rows, styles))
    title = f"逾期回复和期末未回复的督办（{len(replies.late)} 件）"
    out.append(Paragraph(escape(title), styles["h2"]))
    if replies.late:
        late_rows = [_late_row(i, line) for i, line in enumerate(replies.late, start=1)]
        out.append(data_table(LATE_COLUMNS, late_rows, styles))
    else:
        out.append(Paragraph("本期督办均按时回复。", styles["body"]))
    return out
