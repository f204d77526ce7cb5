"""The filtered case list as a workbook (台账): the columns the user sees, in order.

Why through the core and not a dump of the Qt model: the model holds only the pages
loaded so far; the ledger must hold every case the filter matches, in the list's
order and scope. So it reads the same ``CaseQuery`` page by page (keyset, as the
list scrolls) and writes each cell as text with ``append_row`` (formula-safe).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from gridapp.domain.case import CaseState
from gridapp.domain.units import TimeUnit
from gridapp.errors import ValidationError
from gridapp.reports.safe_cells import append_row
from gridapp.store.case_list_rows import CaseListRow
from gridapp.store.case_queries import CaseQuery

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

#: Column key (as the case list names them) → the workbook's Chinese header and width.
LEDGER_COLUMNS: dict[str, tuple[str, int]] = {
    "number": ("案卷号", 24),
    "state": ("状态", 12),
    "category_code": ("类别", 18),
    "street_code": ("街道 / 社区", 24),
    "address": ("地址", 32),
    "source": ("来源", 12),
    "department_code": ("处置部门", 18),
    "reported_at": ("上报时间", 18),
    "deadline": ("处置时限", 18),
    "remaining": ("剩余时间", 16),
    "updated_at": ("最后变更", 18),
}
PAGE = 2000
SHEET_TITLE = "案卷台账"

Progress = Callable[[int, int], None]


def _when(value: datetime | None) -> str:
    return f"{value:%Y-%m-%d %H:%M}" if value is not None else ""


def _span(value: timedelta) -> str:
    minutes = int(abs(value).total_seconds() // 60)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{days}天" if days else "", f"{hours}小时" if hours else "", f"{minutes}分"]
    return "".join(p for p in parts if p)


class LedgerTexts:
    """A list row's cells as the ledger writes them (names, not codes)."""

    def __init__(self, ws: Workspace, now: datetime) -> None:
        self.ws, self.now = ws, now

    def cell(self, row: CaseListRow, key: str) -> str:
        ref = self.ws.reference
        match key:
            case "number":
                return row.number  # a provisional one reads 临-…
            case "state":
                return row.stage.label_zh
            case "category_code":
                cat = self.ws.catalog
                return (
                    cat.get(row.category_code).name
                    if row.category_code in cat
                    else row.category_code
                )
            case "street_code":
                street = ref.streets.get(row.street_code)
                community = ref.communities.get(row.community_code)
                names = [street.name if street else row.street_code]
                if community:
                    names.append(community.name)
                return " / ".join(names)
            case "address":
                return row.address
            case "source":
                return row.source.label_zh
            case "department_code":
                dept = ref.departments.get(row.department_code or "")
                return (dept.short or dept.name) if dept else ""
            case "reported_at":
                return _when(row.reported_at)
            case "deadline":
                return _when(row.deadline)
            case "remaining":
                return self._remaining(row)
            case "updated_at":
                return _when(row.updated_at)
        raise ValidationError("unknown_column", f"未知的列：{key}", column=key)

    def _remaining(self, row: CaseListRow) -> str:
        if row.state is not CaseState.DISPATCHED or row.deadline is None:
            return ""
        if self.now > row.deadline:
            return "超期" + _span(self.now - row.deadline)
        unit = TimeUnit(row.deadline_unit or TimeUnit.WORK_HOUR)
        left = self.ws.reference.calendar.remaining(row.deadline, self.now, unit)
        return "剩余" + _span(max(left, timedelta(0)))


def write_case_ledger(
    ws: Workspace,
    query: CaseQuery,
    columns: Sequence[str],
    path: Path | str,
    *,
    progress: Progress | None = None,
) -> int:
    """Write every case ``query`` matches for the current user, ``columns`` in order.

    Returns the number of cases written. Unknown column keys are refused before
    anything is written.
    """
    keys = list(columns)
    if not keys:
        raise ValidationError("no_columns", "没有可导出的列")
    if unknown := [k for k in keys if k not in LEDGER_COLUMNS]:
        raise ValidationError("unknown_column", f"未知的列：{', '.join(unknown)}")
    now = ws.clock()
    total = ws.count_cases(query)
    texts = LedgerTexts(ws, now)
    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(SHEET_TITLE)
    sheet.freeze_panes = "A2"
    for i, key in enumerate(keys, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = LEDGER_COLUMNS[key][1]
    append_row(sheet, [LEDGER_COLUMNS[k][0] for k in keys])
    page = replace(query, offset=0, after=None, limit=PAGE)
    written = 0
    while True:
        rows = ws.list_rows_for_list(page)
        for row in rows:
            append_row(sheet, [texts.cell(row, k) for k in keys])
        written += len(rows)
        if progress is not None:
            progress(written, max(total, written))
        if len(rows) < PAGE:
            break
        page = replace(page, after=rows[-1].cursor(query.sort))
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(keys))}{written + 1}"
    target = Path(path)
    wb.save(target)
    return written


__all__ = ["LEDGER_COLUMNS", "write_case_ledger"]
