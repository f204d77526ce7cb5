"""The case list's filter bar: every CaseQuery filter a user sets by hand, plus saved filters.

It edits a *base* query rather than building one from scratch, so a queue's own
conditions (tier, open 核实 task, 返工…) that have no widget survive when the user
narrows the queue further by state or text. Typing in the search box waits ~300 ms
for a pause before asking the store, so a 100,000-case list is not queried per key.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, time, timedelta
from typing import Any

from PySide6.QtCore import QDate, QStringListModel, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDateEdit,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.case import Source
from gridapp.domain.stages import STAGE_ORDER, Stage
from gridapp.domain.worktime import OverdueLevel
from gridapp.workspace import CaseQuery
from ui.errors import show_error
from ui.flow_layout import FlowLayout
from ui.labels import source_label, stage_label

DEBOUNCE_MS = 300
NO_DATE = QDate(2000, 1, 1)  # the date edits' minimum: shown as "—", means no limit
ANY_WARNED = "warned"  # overdue combo: yellow or red


class FilterBar(QWidget):
    """Emits ``query_changed(CaseQuery)`` whenever the user changes a filter."""

    query_changed = Signal(object)

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self._base = CaseQuery()
        self._category: str | None = None
        self._quiet = False
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self._debounce.timeout.connect(self._emit)
        self._build()
        self._fill_static()

    # -- widgets ------------------------------------------------------------------------

    def _combo(self, tip: str, width: int = 110) -> QComboBox:
        box = QComboBox()
        box.setToolTip(tip)
        box.setMinimumWidth(width)
        # As wide as its longest choice: the bar wraps rather than clip a choice.
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.currentIndexChanged.connect(self._changed)
        return box

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search number, address, description"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(_placeholder_width(self.search, 180))
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._emit_now)
        self.state_box = self._combo(self.tr("State"))
        self.overdue_box = self._combo(self.tr("Deadline warning"))
        self.source_box = self._combo(self.tr("Source"))
        self.category = QLineEdit()
        self.category.setPlaceholderText(self.tr("Category: name, code or initials"))
        self.category.setClearButtonEnabled(True)
        self.category.setMinimumWidth(_placeholder_width(self.category, 150))
        self._category_model = QStringListModel(self)
        completer = QCompleter(self._category_model, self)
        completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.category.setCompleter(completer)
        self.category.textEdited.connect(self._category_typed)
        completer.activated.connect(self._category_picked)
        self.street_box = self._combo(self.tr("Street / town"))
        self.community_box = self._combo(self.tr("Community"))
        self.grid_box = self._combo(self.tr("Grid"))
        self.dept_box = self._combo(self.tr("Department"), 130)
        self.date_from = self._date(self.tr("Reported from"))
        self.date_to = self._date(self.tr("Reported until"))
        # A statistics figure's drill-down: "统计：<figure>" until the user clears it.
        self.figure_chip = QToolButton()
        self.figure_chip.setObjectName("figure_chip")
        self.figure_chip.setToolTip(self.tr("Only the cases behind this figure; click to clear"))
        self.figure_chip.setStyleSheet(
            "QToolButton{background:#dbeafe;border:1px solid #93c5fd;border-radius:9px;"
            "padding:1px 8px;}"
        )
        self.figure_chip.clicked.connect(self.clear_figure)
        self.figure_chip.hide()
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.clicked.connect(self.reset)
        self.saved_button = QToolButton()
        self.saved_button.setText(self.tr("Saved filters"))
        self.saved_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.saved_menu = QMenu(self)
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)
        self.saved_button.setMenu(self.saved_menu)

        dates = QWidget()  # "Reported from – until" stays on one row when the bar wraps
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        dates_row.addWidget(QLabel(self.tr("Reported")))
        dates_row.addWidget(self.date_from)
        dates_row.addWidget(QLabel("–"))
        dates_row.addWidget(self.date_to)
        # One flowing bar: two rows on a wide screen, more on a laptop (ui.flow_layout).
        layout = FlowLayout(self, spacing=4)
        layout.addWidget(self.figure_chip)
        for w in (self.search, self.state_box, self.overdue_box, self.category, self.source_box):
            layout.addWidget(w)
        layout.addWidget(self.saved_button)
        layout.addWidget(self.reset_button)
        for w in (self.street_box, self.community_box, self.grid_box, self.dept_box):
            layout.addWidget(w)
        layout.addWidget(dates)

    def _date(self, tip: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setToolTip(tip)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText("—")
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(self._changed)
        return edit

    def _fill_static(self) -> None:
        self._quiet = True
        self.state_box.addItem(self.tr("All states"), None)
        for stage in STAGE_ORDER:  # the names the list's state column shows
            self.state_box.addItem(stage_label(stage), stage)
        self.overdue_box.addItem(self.tr("Any deadline"), None)
        self.overdue_box.addItem(self.tr("Yellow or red"), ANY_WARNED)
        self.overdue_box.addItem(self.tr("Yellow: 80% used"), OverdueLevel.YELLOW)
        self.overdue_box.addItem(self.tr("Red: overdue"), OverdueLevel.RED)
        self.source_box.addItem(self.tr("All sources"), None)
        for source in Source:
            self.source_box.addItem(source_label(source), source.value)
        self.street_box.addItem(self.tr("All streets"), None)
        for street in sorted(self.ws.reference.streets.values(), key=lambda s: s.code):
            self.street_box.addItem(street.name, street.code)
        self.dept_box.addItem(self.tr("All departments"), None)
        for dept in sorted(self.ws.reference.departments.values(), key=lambda d: d.code):
            self.dept_box.addItem(dept.name, dept.code)
        self._fill_communities()
        self._quiet = False

    def _fill_communities(self) -> None:
        """Street → community → grid cascade: a choice narrows the boxes below it."""
        street = self.street_box.currentData()
        ref = self.ws.reference
        self.community_box.clear()
        self.community_box.addItem(self.tr("All communities"), None)
        for comm in sorted(ref.communities.values(), key=lambda c: c.code):
            if street and comm.street_code == street:
                self.community_box.addItem(comm.name, comm.code)
        self.community_box.setEnabled(bool(street))
        self._fill_grids()

    def _fill_grids(self) -> None:
        community = self.community_box.currentData()
        self.grid_box.clear()
        self.grid_box.addItem(self.tr("All grids"), None)
        for grid in sorted(self.ws.reference.grids.values(), key=lambda g: g.code):
            if community and grid.community_code == community:
                self.grid_box.addItem(f"{grid.code[-3:]} {grid.name}", grid.code)
        self.grid_box.setEnabled(bool(community))

    # -- category search ------------------------------------------------------------------

    def _category_typed(self, text: str) -> None:
        # Past cases keep retired classes: the filter finds them too.
        hits = self.ws.catalog.search(text, limit=30, include_retired=True) if text.strip() else []
        self._category_model.setStringList([f"{c.name} · {c.code}" for c in hits])
        if not text.strip() and self._category is not None:
            self._category = None
            self._changed()

    def _category_picked(self, text: str) -> None:
        code = text.rsplit("·", 1)[-1].strip()
        if code in self.ws.catalog:
            self.set_category(code)

    def set_category(self, code: str | None) -> None:
        """Filter by one small category (None: all)."""
        self._category = code
        self.category.setText(f"{self.ws.catalog.get(code).name} · {code}" if code else "")
        self._changed()

    # -- the query ------------------------------------------------------------------------

    def query(self) -> CaseQuery:
        """The base query with what the widgets say on top."""
        overdue = self.overdue_box.currentData()
        levels: tuple[OverdueLevel, ...] = ()
        if overdue == ANY_WARNED:
            levels, overdue = (OverdueLevel.YELLOW, OverdueLevel.RED), None
        stage = self.state_box.currentData()  # Qt hands enums back as their str values
        source = self.source_box.currentData()
        start, end = self.date_from.date(), self.date_to.date()
        text = self.search.text().strip()
        return replace(
            self._base,
            stages=(Stage(stage),) if stage else self._base_stages(),
            overdue=OverdueLevel(overdue) if overdue else None,
            overdue_levels=levels,
            category_codes=(self._category,) if self._category else (),
            sources=(source,) if source else (),
            street_code=self.street_box.currentData(),
            community_code=self.community_box.currentData(),
            grid_code=self.grid_box.currentData(),
            department_code=self.dept_box.currentData(),
            reported_from=_day(start) if start != NO_DATE else None,
            reported_to=_day(end) + timedelta(days=1) if end != NO_DATE else None,
            text=text or None,
        )

    def _base_stages(self) -> tuple[Stage, ...]:
        """A queue's several stages (one stage shows in the combo; several do not).

        A query's stored-state filter (an older saved filter) stays in the base as it is.
        """
        return self._base.stages if len(self._base.stages) > 1 else ()

    def set_query(self, query: CaseQuery) -> None:
        """Show ``query`` in the widgets (no signal); the rest of it is kept as the base."""
        self._quiet = True
        try:
            self._base = query
            self._debounce.stop()
            self.search.setText(query.text or "")
            _pick(self.state_box, query.stages[0] if len(query.stages) == 1 else None)
            warned = set(query.overdue_levels) == {OverdueLevel.YELLOW, OverdueLevel.RED}
            _pick(self.overdue_box, ANY_WARNED if warned else query.overdue)
            _pick(self.source_box, query.sources[0] if len(query.sources) == 1 else None)
            code = query.category_codes[0] if len(query.category_codes) == 1 else None
            self._category = code if code in self.ws.catalog else None
            cat = self._category
            self.category.setText(f"{self.ws.catalog.get(cat).name} · {cat}" if cat else "")
            _pick(self.street_box, query.street_code)
            self._fill_communities()
            _pick(self.community_box, query.community_code)
            self._fill_grids()
            _pick(self.grid_box, query.grid_code)
            _pick(self.dept_box, query.department_code)
            self.date_from.setDate(_qdate(query.reported_from))
            to = query.reported_to - timedelta(days=1) if query.reported_to else None
            self.date_to.setDate(_qdate(to))
            self._show_chip(query)
        finally:
            self._quiet = False

    def _show_chip(self, query: CaseQuery) -> None:
        if query.numbers is None:
            self.figure_chip.hide()
            return
        # A QToolButton's text is never rich text: the figure's name shows as it is.
        self.figure_chip.setText(self.tr("Statistics: {0}").format(query.numbers_label) + "  ✕")
        self.figure_chip.show()

    def clear_figure(self) -> None:
        """Drop the figure's case set; the other filters stay."""
        self._base = replace(self._base, numbers=None, numbers_label="")
        self._show_chip(self._base)
        self._emit_now()

    def reset(self) -> None:
        self.set_query(CaseQuery(sort=self._base.sort, descending=self._base.descending))
        self._emit_now()

    def _changed(self, *_args: Any) -> None:
        if self._quiet:
            return
        sender = self.sender()
        if sender is self.street_box:
            self._quiet = True
            self._fill_communities()
            self._quiet = False
        elif sender is self.community_box:
            self._quiet = True
            self._fill_grids()
            self._quiet = False
        self._emit_now()

    def _emit_now(self) -> None:
        self._debounce.stop()
        self._emit()

    def _emit(self) -> None:
        self.query_changed.emit(self.query())

    # -- saved filters --------------------------------------------------------------------

    def _fill_saved_menu(self) -> None:
        menu = self.saved_menu
        menu.clear()
        menu.addAction(self.tr("Save current filter…"), self._ask_save)
        try:
            names = self.ws.prefs.list()
        except Exception as exc:  # the store failed: say so, keep the menu usable
            show_error(self, exc)
            names = []
        if names:
            menu.addSeparator()
            for name in names:
                menu.addAction(name, lambda n=name: self.apply_saved(n))
            remove = menu.addMenu(self.tr("Delete"))
            for name in names:
                remove.addAction(name, lambda n=name: self.delete_saved(n))

    def _ask_save(self) -> None:
        name, ok = QInputDialog.getText(self, self.tr("Save filter"), self.tr("Name:"))
        if ok and name.strip():
            self.save_current(name)

    def save_current(self, name: str) -> None:
        try:
            self.ws.prefs.save(name, self.query())
        except Exception as exc:
            show_error(self, exc)

    def apply_saved(self, name: str) -> None:
        try:
            query = self.ws.prefs.load(name)
        except Exception as exc:
            show_error(self, exc)
            return
        if query is not None:
            self.set_query(query)
            self._emit_now()

    def delete_saved(self, name: str) -> None:
        try:
            self.ws.prefs.delete(name)
        except Exception as exc:
            show_error(self, exc)


def _pick(box: QComboBox, value: Any) -> None:
    index = box.findData(value)
    box.setCurrentIndex(index if index >= 0 else 0)


def _day(d: QDate) -> datetime:
    return datetime.combine(d.toPython(), time())


def _qdate(value: datetime | None) -> QDate:
    return QDate(value.year, value.month, value.day) if value else NO_DATE


def _placeholder_width(edit: QLineEdit, at_least: int) -> int:
    """A width that shows the whole placeholder (what to type), clear button included."""
    return max(at_least, edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + 40)
