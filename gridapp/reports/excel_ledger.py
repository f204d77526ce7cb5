"""「案卷明细」: one row per case of the report, from which a figure is re-counted by filtering.

A 45,000-case month listed once per figure (summary, every street, community, category,
day and grid again) was 1.7 million rows and a minute of writing. Here each case is one
row: where it was (街道/镇, 社区, 网格), what (小类, 来源, 处置部门), the day it was reported,
filed and closed in the period, and a 是 in each summary figure it counts in. Any region,
category, day or grid figure is then an autofilter: e.g. 区域 丝绸路街道's 应结案数 = the
rows with 街道/镇 丝绸路街道 and 应结案 是; 每日趋势 10-05's 立案数 = 立案日期 2026-10-05.

A figure is only left to the ledger after checking that this filter gives exactly its
cases (:meth:`Ledger.select` against ``Figure.case_numbers``); any figure whose cases the
columns cannot show (department and staff figures, whose responsibility rules differ per
case; a case that changed between counting and writing) is listed case by case on the
trace sheet instead (excel.py). So every figure stays traceable to exactly its cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from gridapp.reports.ledger_cases import CaseInfo
from gridapp.reports.model import (
    LEVEL_COMMUNITY,
    LEVEL_GRID,
    LEVEL_STREET,
    Figure,
    MonthlyReport,
    RegionFigures,
)

if TYPE_CHECKING:
    from gridapp.reports.excel import Book

LEDGER = "案卷明细"
YES = "是"
INFO_COLUMNS = ("街道/镇", "社区", "网格代码", "小类代码", "小类", "来源", "处置部门")
# The day of each event in the period; a date there is also the case's 上报/立案/结案 mark.
DAY_COLUMNS = ("上报日期", "立案日期", "结案日期")
FLAG_COLUMNS = ("应结案", "按期结案", "返工", "超期未结", "督办", "作废", "不予立案", "挂账")
LEDGER_HEADER = ["案卷号", *INFO_COLUMNS, *DAY_COLUMNS, *FLAG_COLUMNS]
_INFO_AT = {name: i for i, name in enumerate(INFO_COLUMNS)}
LEDGER_WIDTHS = [24, 12, 14, 18, 10, 18, 11, 22, 11, 11, 11] + [7] * len(FLAG_COLUMNS)

# A filter: (column, value) pairs that must all hold; value None = any non-blank value.
Where = tuple[tuple[str, str | None], ...]

# The ledger column a figure of a region row counts on, by its label in the workbook.
REGION_FIGURE_COLUMNS: dict[str, tuple[str, str | None]] = {
    "上报数": ("上报日期", None),
    "立案数": ("立案日期", None),
    "结案数": ("结案日期", None),
    "应结案数": ("应结案", YES),
    "按期结案数": ("按期结案", YES),
    "返工数": ("返工", YES),
    "超期未结数": ("超期未结", YES),
    "督办数": ("督办", YES),
    "作废": ("作废", YES),
    "不予立案": ("不予立案", YES),
    "挂账": ("挂账", YES),
}
# The region column a report's rows are at: streets of a district, communities, grids.
LEVEL_COLUMNS = {LEVEL_STREET: "街道/镇", LEVEL_COMMUNITY: "社区", LEVEL_GRID: "网格代码"}


def region_where(region: RegionFigures, label: str, summary: bool = False) -> Where:
    """The ledger filter of one region figure (the report's whole region: no place column)."""
    flag = REGION_FIGURE_COLUMNS[label]
    column = LEVEL_COLUMNS.get(region.region.level)
    if summary or column is None:
        return (flag,)
    key = region.region.code if column == "网格代码" else region.region.name
    return ((column, key), flag)


def _flag_figures(s: RegionFigures) -> dict[str, Figure]:
    return {
        "应结案": s.due,
        "按期结案": s.closed_on_time,
        "返工": s.reworked,
        "超期未结": s.overdue_open,
        "督办": s.supervised,
        "作废": s.voided,
        "不予立案": s.not_filed,
        "挂账": s.excluded,
    }


class Ledger:
    """The ledger's cells as data, and the filters a supervisor would apply to them."""

    def __init__(self, report: MonthlyReport, infos: Mapping[str, CaseInfo]) -> None:
        self.infos = infos
        self.marks: dict[str, dict[str, str]] = {}  # column → case number → cell text
        for name, fig in _flag_figures(report.summary).items():
            self.marks[name] = dict.fromkeys(fig.case_numbers, YES)
        days: tuple[dict[str, str], ...] = ({}, {}, {})
        for d in report.daily:
            text = d.day.isoformat()
            for column, fig in zip(days, (d.reported, d.filed, d.closed), strict=True):
                column.update(dict.fromkeys(fig.case_numbers, text))
        self.marks.update(zip(DAY_COLUMNS, days, strict=True))
        numbers: set[str] = set()
        for column in self.marks.values():
            numbers.update(column)
        numbers.update(_region_numbers(report.summary))
        self.numbers = sorted(numbers)
        self._indexes: dict[str, dict[str | None, list[str]]] = {}
        self._sets: dict[tuple[str, str | None], set[str]] = {}

    def value(self, number: str, column: str) -> str | None:
        if column in self.marks:
            return self.marks[column].get(number)
        info = self.infos.get(number)
        return (info[_INFO_AT[column]] or None) if info else None

    def row(self, number: str) -> list[str | None]:
        info = self.infos.get(number)
        return [
            number,
            *(info if info else ("",) * len(INFO_COLUMNS)),
            *(self.marks[c].get(number) for c in DAY_COLUMNS),
            *(self.marks[c].get(number) for c in FLAG_COLUMNS),
        ]

    def _index(self, column: str) -> dict[str | None, list[str]]:
        """Value → case numbers in ledger order; None → every non-blank one."""
        index = self._indexes.get(column)
        if index is None:
            index = self._indexes[column] = {None: []}
            for n in self.numbers:
                v = self.value(n, column)
                if v is not None:
                    index.setdefault(v, []).append(n)
                    index[None].append(n)
        return index

    def select(self, where: Where) -> list[str]:
        """The case numbers an autofilter of ``where`` leaves, in ledger (number) order."""
        (column, value), rest = where[0], where[1:]
        found = self._index(column).get(value, [])
        for column, value in rest:
            wanted = self._sets.get((column, value))
            if wanted is None:  # one set per filter value: 8 streets share the flag sets
                wanted = self._sets[(column, value)] = set(self._index(column).get(value, []))
            found = [n for n in found if n in wanted]
        return found


def _region_numbers(s: RegionFigures) -> Iterable[str]:
    for fig in (s.reported, s.filed, s.closed):  # the other figures are flag columns
        yield from fig.case_numbers


def write_ledger(
    book: Book, report: MonthlyReport, infos: Mapping[str, CaseInfo]
) -> list[tuple[str, str, str, tuple[str, ...]]]:
    """Write 「案卷明细」 and return the candidate figures the ledger cannot show exactly."""
    ledger = Ledger(report, infos)
    missed = [
        (table, row, figure, numbers)
        for table, row, figure, numbers, where in book.ledger_figures
        if tuple(ledger.select(where)) != numbers
    ]
    from gridapp.reports.excel_bulk import LongSheet

    sheet = LongSheet(book, LEDGER, LEDGER_HEADER, LEDGER_WIDTHS, freeze="B2")
    for n in ledger.numbers:
        sheet.append(ledger.row(n))
    sheet.close()
    return missed


# Department and staff figures, one sheet each: a row per (department or person, case)
# with a 是 per figure of theirs that counts the case. One row per figure and case was
# a million rows in a 45,000-case month; a department's or a person's figure is still
# one filter (部门 + the figure's column).
HOLDER_SHEETS = {"部门考核": ("部门案卷", "部门"), "人员考核": ("人员案卷", "人员")}


def write_holders(
    book: Book, table: str, figures: list[tuple[str, str, str, tuple[str, ...]]]
) -> None:
    """「部门案卷」/「人员案卷」 from the traced figures of ``table`` (in the order traced)."""
    from gridapp.reports.excel_bulk import LongSheet

    title, who = HOLDER_SHEETS[table]
    labels: dict[str, int] = {}
    holders: dict[str, int] = {}
    for _table, row, figure, _numbers in figures:
        labels.setdefault(figure, len(labels))
        holders.setdefault(row, len(holders))
    marks: dict[tuple[int, str], list[str | None]] = {}
    width = len(labels)
    for _table, row, figure, numbers in figures:
        at, holder = labels[figure], holders[row]
        for n in numbers:
            cells = marks.get((holder, n))
            if cells is None:
                cells = marks[(holder, n)] = [None] * width
            cells[at] = YES
    names = list(holders)
    header = [who, "案卷号", *labels]
    widths = [28, 24, *(max(8, len(label) + 3) for label in labels)]
    sheet = LongSheet(book, title, header, widths, freeze="C2")
    for holder, n in sorted(marks):
        sheet.append([names[holder], n, *marks[(holder, n)]])
    sheet.close()


def write_trace(book: Book, title: str, header: list[str]) -> None:
    """One row per case and figure for the figures left (督办回复, 回访, any the ledgers
    could not show), filterable; 「考核明细（续2）」… past Excel's row limit."""
    from gridapp.reports.excel_bulk import LongSheet

    sheet = LongSheet(book, title, header, [12, 28, 18, 8, 6, 24])
    for table, row, figure, numbers in book.detail:
        count = len(numbers)
        for k, number in enumerate(numbers, start=1):
            sheet.append([table, row, figure, count, k, number])
    sheet.close()
