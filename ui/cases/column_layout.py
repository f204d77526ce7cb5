"""Which case-list columns a user sees, in what order and width, and how the list is sorted.

Each user keeps their own (``ws.prefs``, the store's ``user_settings``: a laptop
is shared by a shift), so the layout and sort a dispatcher chose are there after
logging in again. Until a user changes anything, their role's default columns
show (``ui.cases.case_columns.ROLE_COLUMNS``), sized to their content, as many as
the list's width holds: on a 1366 px laptop the place gives way, on a wide screen it
shows too; the deadline columns always do.

The header's right-click menu is the column chooser: one checkable entry per
column, and "Default columns" to go back to the role's set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from gridapp import Workspace
from ui.cases.case_columns import (
    BY_KEY,
    CASE_COLUMNS,
    COLUMNS,
    default_columns,
    default_width,
    fitting_columns,
    title,
)
from ui.tasks import TaskRunner

LAYOUT_KEY = "cases.columns"  # {"visible": [keys in order], "widths": {key: px}}
SORT_KEY = "cases.sort"  # {"column": key, "descending": bool}: the user's own sort
MIN_WIDTH = 30
log = logging.getLogger(__name__)


class ColumnLayout(QObject):
    """Applies, edits and saves the columns of one case table for the acting user."""

    changed = Signal()  # columns shown, hidden or moved by the user
    sort_reset = Signal()  # the user dropped their own sort ("the queue's order")

    def __init__(self, ws: Workspace, runner: TaskRunner, table: QTableView) -> None:
        super().__init__(table)
        self.ws, self.runner, self.table = ws, runner, table
        self.header: QHeaderView = table.horizontalHeader()
        self.header.setSectionsMovable(True)
        self.header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.header.customContextMenuRequested.connect(self.show_menu)
        self.menu: QMenu | None = None
        self._applying = False
        self._sort: tuple[str, bool] | bool | None = False  # False: not read yet
        self._save_timer = QTimer(self, singleShot=True, interval=800)
        self._save_timer.timeout.connect(self.save)
        saved = self._read(LAYOUT_KEY)
        self.custom = isinstance(saved, dict) and bool(saved.get("visible"))
        self.apply(saved if self.custom else None)
        table.viewport().installEventFilter(self)  # the defaults follow the list's width
        # a drag resizes many times a second: save once it settles
        self.header.sectionResized.connect(self._resized)
        self.header.sectionMoved.connect(self._touched)

    # -- what is shown ------------------------------------------------------------------

    def visible(self) -> list[str]:
        """The shown columns' keys, left to right."""
        h = self.header
        logical = (h.logicalIndex(v) for v in range(h.count()))
        return [COLUMNS[i] for i in logical if not h.isSectionHidden(i)]

    def defaults(self) -> tuple[str, ...]:
        return default_columns(self.ws.user.role)

    def default_width(self, key: str) -> int:
        return default_width(key, self.table.fontMetrics(), self.header.fontMetrics())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and not self.custom:
            self.fit()
        return False

    def fit(self) -> None:
        """The role's defaults that the list's width holds (no user layout yet)."""
        width = self.table.viewport().width()
        if width <= 0 or self._applying:  # hiding a column resizes the viewport too
            return
        keys = fitting_columns(self.ws.user.role, width, self.default_width)
        if keys != self.visible():
            self.apply({"visible": keys})

    def apply(self, saved: Any = None) -> None:
        """Show the saved layout, or the role's defaults (unknown keys are skipped)."""
        shown: list[str] = list(self.defaults())
        widths: dict[str, int] = {}
        if isinstance(saved, dict):
            keys = [k for k in saved.get("visible") or () if k in BY_KEY]
            if keys:
                shown = list(dict.fromkeys(keys))
            raw = saved.get("widths")
            if isinstance(raw, dict):
                widths = {k: v for k, v in raw.items() if k in BY_KEY and _width(v)}
        h = self.header
        was, self._applying = self._applying, True
        try:
            order = shown + [k for k in COLUMNS if k not in shown]
            for position, key in enumerate(order):
                logical = COLUMNS.index(key)
                h.moveSection(h.visualIndex(logical), position)
                h.setSectionHidden(logical, key not in shown)
                h.resizeSection(logical, widths.get(key) or self.default_width(key))
        finally:
            self._applying = was

    def set_shown(self, key: str, shown: bool) -> None:
        """Show or hide one column (the last shown one stays)."""
        logical = COLUMNS.index(key)
        if not shown and self.visible() == [key]:
            return
        if shown and self.header.isSectionHidden(logical):
            self.header.resizeSection(logical, self.default_width(key))
        self.header.setSectionHidden(logical, not shown)
        self._touched()
        self.changed.emit()

    def reset(self) -> None:
        """The role's default columns and widths again, following the list's width."""
        self._save_timer.stop()
        self.custom = False
        ws = self.ws
        self.runner.submit(lambda: ws.prefs.remove(LAYOUT_KEY), None, _log_failure(LAYOUT_KEY))
        self.apply(None)
        self.fit()
        self.changed.emit()

    # -- the chooser --------------------------------------------------------------------

    def build_menu(self) -> QMenu:
        menu = QMenu(self.header)
        menu.setObjectName("column_chooser")
        shown = set(self.visible())
        for column in CASE_COLUMNS:
            action = QAction(title(column), menu)
            action.setObjectName(f"column:{column.key}")
            action.setCheckable(True)
            action.setChecked(column.key in shown)
            action.setEnabled(not (column.key in shown and len(shown) == 1))
            action.toggled.connect(lambda on, key=column.key: self.set_shown(key, on))
            menu.addAction(action)
        menu.addSeparator()
        reset = QAction(self.tr("Default columns"), menu)
        reset.setObjectName("column:reset")
        reset.triggered.connect(self.reset)
        menu.addAction(reset)
        queue_order = QAction(self.tr("Queue's own order"), menu)
        queue_order.setObjectName("column:queue_order")
        queue_order.setToolTip(self.tr("Forget the order you chose; each queue sorts its own way"))
        queue_order.setEnabled(self.saved_sort() is not None)
        queue_order.triggered.connect(self.forget_sort)
        menu.addAction(queue_order)
        return menu

    def show_menu(self, pos: QPoint) -> None:
        self.menu = self.build_menu()
        self.menu.popup(self.header.mapToGlobal(pos))

    # -- the user's sort ----------------------------------------------------------------

    def saved_sort(self) -> tuple[str, bool] | None:
        """(column key, descending) the user last chose by a header click, if any."""
        if self._sort is False:  # not read yet
            value = self._read(SORT_KEY)
            ok = isinstance(value, dict) and value.get("column") in BY_KEY
            self._sort = (str(value["column"]), bool(value.get("descending"))) if ok else None
        return self._sort

    def save_sort(self, key: str, descending: bool) -> None:
        self._sort = (key, descending)
        self._write(SORT_KEY, {"column": key, "descending": descending})

    def forget_sort(self) -> None:
        self._sort = None
        ws = self.ws
        self.runner.submit(lambda: ws.prefs.remove(SORT_KEY), None, _log_failure(SORT_KEY))
        self.sort_reset.emit()

    # -- the store ----------------------------------------------------------------------

    def _resized(self, logical: int, _old: int, new: int) -> None:
        """A user's drag, not the last column stretching with the window (that one is
        not the user's choice: saving it would freeze every width at today's), nor a
        hidden column folding to 0."""
        h = self.header
        if new == 0 or h.isSectionHidden(logical):
            return
        shown = [i for i in range(h.count()) if not h.isSectionHidden(i)]
        if shown and logical == max(shown, key=h.visualIndex):
            return
        self._touched()

    def _touched(self, *_args: object) -> None:
        if not self._applying:
            self.custom = True  # the user's own layout from now on
            self._save_timer.start()

    def layout(self) -> dict[str, Any]:
        h = self.header
        keys = self.visible()
        # the last shown column stretches to the list's edge: its size is the window's
        widths = {k: h.sectionSize(COLUMNS.index(k)) for k in keys[:-1]}
        return {"visible": keys, "widths": widths}

    def save(self) -> None:
        self._save_timer.stop()
        self._write(LAYOUT_KEY, self.layout())

    def _read(self, key: str) -> Any:
        try:
            return self.ws.prefs.get(key)
        except Exception as exc:  # no user yet or no store: keep the defaults
            log.warning("%s not read: %s", key, exc)
            return None

    def _write(self, key: str, value: Any) -> None:
        ws = self.ws

        self.runner.submit(lambda: ws.prefs.set(key, value), None, _log_failure(key))


def _width(value: object) -> bool:
    return isinstance(value, int) and value >= MIN_WIDTH


def _log_failure(key: str) -> Callable[[BaseException], None]:
    def failed(exc: BaseException) -> None:  # a nicety: log it, never interrupt the user
        log.warning("%s not saved: %s", key, exc)

    return failed
