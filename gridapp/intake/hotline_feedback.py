"""反馈: handling results sent back to the 12345 platform, as .xlsx or .csv.

One line per hotline case with a work-order number in the user's scope: the number the
platform knows it by, where it stands, what the department reported (the last 处置反馈
note), when it was handled and closed, which department, and the file names of the
handling photos, which are written next to the file (``<name>_照片/``) when this laptop
has them. Every cell is text: a caller's "=cmd|…" stays words in both formats (string
cells in the workbook, a leading apostrophe in the CSV, as OWASP advises).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from sqlalchemy import select

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord, CaseState
from gridapp.domain.roles import can_see
from gridapp.domain.stages import stage_of
from gridapp.errors import ValidationError
from gridapp.reports.safe_cells import FORMULA_TRIGGERS, append_row, cell_text
from gridapp.store import case_log
from gridapp.store.case_rows import row_to_record
from gridapp.store.schema import cases

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

FEEDBACK_HEADER = (
    "工单编号", "案卷号", "办理状态", "办理结果", "处置部门", "受理时间", "处置时间",
    "办结时间", "照片文件名",
)  # fmt: skip
PNG_MAGIC = b"\x89PNG"
_DONE = (CaseState.CLOSED, CaseState.REJECTED, CaseState.MERGED)


def feedback_rows(ws: Workspace, photo_dir: Path | None = None) -> Iterator[list[str]]:
    """The feedback lines, work order by work order; photos copied into ``photo_dir``."""
    with ws.db.read() as conn:
        rows = conn.execute(
            select(cases).where(cases.c.work_order.is_not(None)).order_by(cases.c.work_order)
        ).mappings()
        records = [r for r in (row_to_record(row) for row in rows) if can_see(ws.user, r)]
        notes = {r.id: _handle_note(conn, r.id) for r in records}
    for r in records:
        names = _photos(ws, r, photo_dir)
        yield [
            r.work_order or "",
            "" if r.number_provisional else r.number,
            stage_of(r).label_zh if r.state not in _DONE else r.state.label_zh,
            notes[r.id] or _result_without_note(r),
            _department(ws, r.department_code),
            _when(r.reported_at),
            _when(r.handled_at),
            _when(r.closed_at),
            "；".join(names),
        ]


def write_feedback(ws: Workspace, path: Path | str, *, csv_encoding: str = "utf-8-sig") -> int:
    """Write the feedback file (by its suffix: .xlsx or .csv); returns the lines written."""
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".csv"):
        raise ValidationError("unsupported_file", "反馈文件须为 .xlsx 或 .csv")
    photo_dir = path.with_name(f"{path.stem}_照片")
    rows = list(feedback_rows(ws, photo_dir))
    tmp = path.with_name(path.name + ".part")
    if path.suffix.lower() == ".xlsx":
        book = Workbook(write_only=True)
        sheet = book.create_sheet("反馈")
        append_row(sheet, FEEDBACK_HEADER)
        for row in rows:
            append_row(sheet, row)
        book.save(tmp)
    else:
        with tmp.open("w", encoding=csv_encoding, errors="replace", newline="") as f:
            out = csv.writer(f)
            out.writerow(FEEDBACK_HEADER)
            out.writerows([csv_cell(v) for v in row] for row in rows)
    tmp.replace(path)
    return len(rows)


def csv_cell(text: str) -> str:
    """A CSV cell a spreadsheet opens as text: a leading formula character is quoted
    with an apostrophe (the workbook uses string cells instead)."""
    text = cell_text(text)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_TRIGGERS) else text


def _handle_note(conn: object, case_id: str) -> str:
    events = case_log.events_of(conn, case_id)  # type: ignore[arg-type]
    notes = [e.payload.get("note") for e in events if e.action is Action.HANDLE]
    return str(notes[-1]) if notes and notes[-1] else ""


def _result_without_note(r: CaseRecord) -> str:
    if r.state is CaseState.MERGED:
        return "与其他工单合并办理"
    if r.state is CaseState.REJECTED:
        return "不予立案" if r.disposition == "not_filed" else "已作废"
    return ""


def _department(ws: Workspace, code: str | None) -> str:
    dept = ws.reference.departments.get(code) if code else None
    return dept.name if dept else (code or "")


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if value else ""


def _photos(ws: Workspace, r: CaseRecord, folder: Path | None) -> list[str]:
    """Names of the handling photos (工单编号_处置_n.jpg), written to ``folder`` when
    this laptop holds them; a photo not here yet is named and marked as missing."""
    names = []
    for n, sha in enumerate(r.handle_photos, start=1):
        data = ws.photo_bytes(sha) if folder is not None else None
        suffix = "png" if data and data.startswith(PNG_MAGIC) else "jpg"
        name = f"{r.work_order}_处置_{n}.{suffix}"
        if data is None:
            names.append(f"{name}（本机无此照片）")
            continue
        folder.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        (folder / name).write_bytes(data)  # type: ignore[operator]
        names.append(name)
    return names
