"""The case list's table model: pages of cases fetched on demand from the local store.

It stays instant at 100,000+ cases because it never holds more than the rows the
user has scrolled past: the first page and the total (one COUNT) load when the
query changes, and Qt's ``canFetchMore``/``fetchMore`` ask for the next page when
the view nears the bottom. Filtering and sorting happen in SQL. Rows are slim
(``ws.list_rows_for_list``: the shown columns as codes, names resolved only for the
cells painted) and each next page is a keyset seek after the last row held
(``CaseQuery.after``), so row 50,000 comes as fast as row 200. Every store read runs
on the TaskRunner's ``db`` lane; a generation number drops answers to a query that
was replaced since.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from gridapp import Workspace
from gridapp.domain.case import CaseState
from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import OverdueLevel
from gridapp.workspace import CaseListRow, CaseQuery
from ui.cases.case_columns import (
    BY_KEY,
    CASE_COLUMNS,
    COLUMNS,
    remaining_text,
    tip,
    title,
    when_text,
)
from ui.labels import source_label, stage_label
from ui.plain import plain_tip
from ui.tasks import TaskRunner

_Index = QModelIndex | QPersistentModelIndex
PAGE = 200
MAX_PAGE = 2_000
LEVEL_COLOURS = {OverdueLevel.YELLOW: QColor("#fff3c4"), OverdueLevel.RED: QColor("#ffd6d6")}
LEVEL_DOTS = {OverdueLevel.YELLOW: QColor("#e0a800"), OverdueLevel.RED: QColor("#d93025")}
CASE_ID_ROLE = Qt.ItemDataRole.UserRole
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 1
PENDING_ROLE = Qt.ItemDataRole.UserRole + 2  # bool: this laptop has unsynced events of it
PENDING_MARK = "⟳"
PENDING_COLOUR = QColor("#1a62c4")  # the number of a case not yet synced: blue, like a link


class CaseNames:
    """Codes → display names from the workspace's reference data (all in memory)."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def category(self, code: str) -> str:
        return self.ws.catalog.get(code).name if code in self.ws.catalog else code

    def place(self, street_code: str, community_code: str) -> str:
        ref = self.ws.reference
        street = ref.streets.get(street_code)
        community = ref.communities.get(community_code)
        names = [street.name if street else street_code]
        if community:
            names.append(community.name)
        return " / ".join(names)

    def department(self, code: str | None) -> str:
        dept = self.ws.reference.departments.get(code or "")
        return dept.short or dept.name if dept else ""


class CaseTableModel(QAbstractTableModel):
    """Rows = the cases loaded so far for ``query``; ``total`` = all that match it."""

    loaded = Signal()  # a page (or a reload) landed
    total_changed = Signal(int)
    failed = Signal(object)  # an exception from the db lane

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: Any = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.names = CaseNames(ws)
        self.page_size = PAGE
        self._query = CaseQuery(limit=PAGE)
        self._rows: list[CaseListRow] = []
        self._row_of: dict[str, int] = {}
        self._total = 0
        self._counted = False
        self._now = ws.clock()
        self._generation = 0
        self._loading = False
        self._deferred: tuple[str, Callable[[int | None], None]] | None = None  # a seek
        self._headers = [title(c) for c in CASE_COLUMNS]
        self._header_tips = [tip(c) for c in CASE_COLUMNS]

    # -- what is loaded -------------------------------------------------------------------

    @property
    def query(self) -> CaseQuery:
        return self._query

    @property
    def total(self) -> int:
        return self._total

    @property
    def counted(self) -> bool:
        """The count of the current query has landed (``total`` is exact)."""
        return self._counted

    @property
    def loading(self) -> bool:
        return self._loading

    def case_at(self, row: int) -> CaseListRow:
        return self._rows[row]

    def row_of(self, case_id: str) -> int | None:
        return self._row_of.get(case_id)

    # -- loading --------------------------------------------------------------------------

    def set_query(self, query: CaseQuery) -> None:
        """Show ``query`` from its first page (the query's own offset/limit are ignored)."""
        self._query = replace(query, offset=0, after=None, limit=self.page_size)
        self._load(keep=0)

    def reload(self) -> None:
        """Re-read the rows loaded so far (cases changed underneath) and the total."""
        self._load(keep=len(self._rows))

    def _load(self, keep: int) -> None:
        self._generation += 1
        generation, ws = self._generation, self.ws
        query = replace(self._query, offset=0, limit=max(keep, self.page_size))
        self._loading = True
        if keep == 0:  # a new query; a reload keeps showing the old total until the new one
            self._counted = False

        def page() -> tuple[list[CaseListRow], int, datetime]:
            return ws.list_rows_for_list(query), query.limit, ws.clock()

        # The page first, then the count on the same lane: the rows show as soon as they
        # are read, and a slow count (a big store, a common word) never holds them back.
        self.runner.submit(page, self._guard(generation, self._reset_rows), self._on_error)
        count = self._guard(generation, self._set_total)
        self.runner.submit(lambda: ws.count_cases(query), count, self._on_error)

    def _guard(self, generation: int, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        def on_done(result: Any) -> None:
            if generation == self._generation:  # else a newer query replaced this one
                fn(result)

        return on_done

    def _on_error(self, exc: BaseException) -> None:
        self._loading = False
        self._deferred = None
        self.failed.emit(exc)

    def _reset_rows(self, result: tuple[list[CaseListRow], int, datetime]) -> None:
        rows, asked, now = result
        self._loading = False
        if (
            rows
            and len(rows) == len(self._rows)
            and all(a.id == b.id for a, b in zip(rows, self._rows, strict=True))
        ):
            # Same cases in the same order (a reload after a change elsewhere): refresh
            # the cells in place, so the scroll position and selection stay put.
            self._rows, self._now = rows, now
            last = self.index(len(rows) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
        else:
            self.beginResetModel()
            self._rows, self._now = rows, now
            self._row_of = {c.id: i for i, c in enumerate(rows)}
            self.endResetModel()
        if not self._counted:
            # Until the count lands: a short page is all there is; a full one may go on
            # (one more row than held lets the view ask for the next page).
            full = len(rows) >= asked
            self._total = max(self._total, len(rows) + 1) if full else len(rows)
        self.loaded.emit()
        self._run_deferred()

    def _set_total(self, total: int) -> None:
        self._counted = True
        self._total = total
        self.total_changed.emit(total)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid():
            return False
        return not self._loading and len(self._rows) < self._total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._loading = True
        ws, generation = self.ws, self._generation
        # Each page is an index seek after the last row held (keyset), so depth costs
        # nothing; pages still grow with the rows loaded (a fifth of them, up to
        # MAX_PAGE) so that a long drag of the scroll bar needs few round trips.
        limit = max(self.page_size, min(len(self._rows) // 5, MAX_PAGE))
        query = self._after_last(limit)

        def done(rows: list[CaseListRow]) -> None:
            self._append(rows, asked=limit)

        self.runner.submit(
            lambda: ws.list_rows_for_list(query), self._guard(generation, done), self._on_error
        )

    def _after_last(self, limit: int) -> CaseQuery:
        """The query for ``limit`` rows right after the last row held."""
        after = self._rows[-1].cursor(self._query.sort) if self._rows else None
        return replace(self._query, offset=0, after=after, limit=limit)

    def _append(self, rows: list[CaseListRow], *, asked: int | None = None) -> None:
        self._loading = False
        fresh = [c for c in rows if c.id not in self._row_of]  # a case moved between pages
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            for i, case in enumerate(fresh, start=first):
                self._row_of[case.id] = i
            self._rows.extend(fresh)
            self.endInsertRows()
        if len(rows) < (asked or self.page_size):  # the end came sooner than the count said
            self._total = len(self._rows)
            self.total_changed.emit(self._total)
        self.loaded.emit()
        self._run_deferred()

    def _run_deferred(self) -> None:
        if self._deferred is not None and not self._loading:
            case_id, on_found = self._deferred
            self._deferred = None
            self.seek(case_id, on_found)

    def seek(self, case_id: str, on_found: Callable[[int | None], None]) -> None:
        """Load rows down to ``case_id`` (map → list); ``on_found(row)``, None if not listed.

        One COUNT of the rows before the case in this order (an index range) says how
        far it is; one keyset read then loads from the last row held down to a page
        past it. A case at row 60,000 costs one count and one read, not 300 pages.
        """
        if case_id in self._row_of:
            on_found(self._row_of[case_id])
            return
        if self._loading:  # a page is on its way: seek once it has landed
            self._deferred = (case_id, on_found)
            return
        ws, generation, base = self.ws, self._generation, self._query
        held = len(self._rows)
        after = self._rows[-1].cursor(base.sort) if self._rows else None
        self._loading = True

        def work() -> tuple[list[CaseListRow], int]:
            position = ws.case_position(case_id, base)
            if position is None:
                return [], 0
            limit = max(position - held, 0) + self.page_size
            return ws.list_rows_for_list(replace(base, offset=0, after=after, limit=limit)), limit

        def done(result: tuple[list[CaseListRow], int]) -> None:
            rows, asked = result
            if rows:
                self._append(rows, asked=asked)
            else:
                self._loading = False
            on_found(self._row_of.get(case_id))

        self.runner.submit(work, self._guard(generation, done), self._on_error)

    # -- Qt model -------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips[section] or None
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Header click: the database sorts (never Python), then the first page shows."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        key = BY_KEY[COLUMNS[column]].sort
        if self._query.sort == key and self._query.descending == descending:
            return
        self._query = replace(self._query, sort=key, descending=descending)
        self._load(keep=0)

    def level(self, case: CaseListRow) -> OverdueLevel:
        return case.level(self._now)

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        case = self._rows[index.row()]
        column = index.column()
        match role:
            case Qt.ItemDataRole.DisplayRole:
                text = self._text(case, column)
                return f"{text} {PENDING_MARK}" if column == 0 and case.pending else text
            case Qt.ItemDataRole.BackgroundRole:
                colour = LEVEL_COLOURS.get(self.level(case))
                return QBrush(colour) if colour else None
            case Qt.ItemDataRole.ForegroundRole if column == 0 and case.pending:
                return QBrush(PENDING_COLOUR)
            case Qt.ItemDataRole.DecorationRole if column == 0:
                return LEVEL_DOTS.get(self.level(case))
            case Qt.ItemDataRole.FontRole if column == 0 and case.number_provisional:
                font = QFont()
                font.setItalic(True)
                return font
            case Qt.ItemDataRole.ToolTipRole:
                return self._tooltip(case)
            case _ if role == CASE_ID_ROLE:
                return case.id
            case _ if role == LEVEL_ROLE:
                return self.level(case)
            case _ if role == PENDING_ROLE:
                return case.pending
        return None

    def _tooltip(self, case: CaseListRow) -> str | None:
        level = self.level(case)
        parts = []
        if case.pending:
            parts.append(self.tr("Pending sync: saved on this computer, not yet on the server"))
        if case.number_provisional:
            parts.append(self.tr("Provisional number: the case is not filed yet"))
        if level is OverdueLevel.RED:
            parts.append(self.tr("Overdue"))
        elif level is OverdueLevel.YELLOW:
            parts.append(self.tr("80% of the time limit used"))
        return plain_tip("\n".join(parts)) or None

    def _text(self, case: CaseListRow, column: int) -> str:
        match COLUMNS[column]:
            case "number":
                return case.number
            case "state":
                return stage_label(case.stage)
            case "category_code":
                return self.names.category(case.category_code)
            case "street_code":
                return self.names.place(case.street_code, case.community_code)
            case "address":
                return case.address
            case "source":
                if case.work_order:  # the hotline's number: what a caller quotes
                    return f"{source_label(case.source)} {case.work_order}"
                return source_label(case.source)
            case "department_code":
                return self.names.department(case.department_code)
            case "reported_at":
                return when_text(case.reported_at, self._now)
            case "deadline":
                return when_text(case.deadline, self._now)
            case "remaining":
                return self._remaining(case)
            case "updated_at":
                return when_text(case.updated_at, self._now)
        return ""

    def _remaining(self, case: CaseListRow) -> str:
        """Time left while the clock runs (a department has it), or how late it is."""
        if case.state is not CaseState.DISPATCHED or case.deadline is None:
            return ""
        if self._now > case.deadline:
            return remaining_text(None, self._now - case.deadline)
        unit = TimeUnit(case.deadline_unit or TimeUnit.WORK_HOUR)
        left = self.ws.reference.calendar.remaining(case.deadline, self._now, unit)
        return remaining_text(max(left, timedelta(0)), None, on_clock=unit.on_clock)
