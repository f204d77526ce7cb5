"""The workbook's 「督办回复」 sheet: 按时回复率 per department, then every late or missing
reply by case number; the case numbers behind each figure go to 「案卷明细」 like every
other figure. Not written when no 督办 of the period asked for a reply, so such a
month's workbook is as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gridapp.reports.model import MonthlyReport

if TYPE_CHECKING:
    from gridapp.reports.excel import Book

SHEET = "督办回复"
PERCENT = "0.0%"
TIME = "yyyy-mm-dd hh:mm"


def write_supervise_replies(book: Book, report: MonthlyReport) -> None:
    replies = report.supervise_replies
    if replies is None:
        return
    header = ["部门代码", "部门", "应回复", "按时回复", "按时回复率"]
    ws = book.sheet(SHEET, header, [10, 26, 10, 10, 12])
    rows = [("", "合计", replies.due, replies.on_time, replies.rate.value)]
    rows += [(d.code, d.name, d.due, d.on_time, d.rate.value) for d in replies.departments]
    for code, name, due, on_time, rate in rows:
        key = f"{code} {name}".strip()
        ws.append(
            [
                code,
                name,
                book.trace(SHEET, key, "应回复", due),
                book.trace(SHEET, key, "按时回复", on_time),
                None if rate is None else round(rate, 4),
            ],
            {4: PERCENT},
        )
    ws.append([])
    ws.append(["逾期回复和期末未回复"])
    ws.append(
        ["案卷号", "责任部门", "督办时间", "督办人", "回复期限", "回复时间", "情况", "逾期", "单位"]
    )
    for line in replies.late:
        ws.append(
            [
                line.number,
                line.department_name,
                line.supervised_at,
                line.supervised_by,
                line.reply_due,
                line.replied_at,
                line.state_text,
                line.late,
                line.late_unit,
            ],
            {2: TIME, 4: TIME, 5: TIME},
        )
