"""The working calendar: a year's holidays and make-up working days, and its confirmation.

Deadlines count working time, so a missing holiday makes every deadline across it
wrong; a year nobody confirmed is flagged in red until an admin confirms it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.admin_client import CalendarDay
from ui.admin.common import AdminTab, fill_table, make_table, selected_key
from ui.tasks import TaskRunner


class CalendarTab(AdminTab):
    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        today = ws.clock().date()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year + 1 if today.month >= 10 else today.year)
        self.warning = QLabel()
        self.warning.setStyleSheet("color: #b00020; font-weight: bold")
        self.warning.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm this year's calendar"))
        self.table = make_table([self.tr("Date"), self.tr("Kind"), self.tr("Note")])
        self.day = QDateEdit()
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Holiday (no work)"), False)
        self.kind.addItem(self.tr("Make-up working day"), True)
        # Room for the longest choice: Chinese glyphs from a fallback font run wider
        # than the width Qt estimates from the combo's own font.
        longest = max(
            self.kind.fontMetrics().horizontalAdvance(self.kind.itemText(i))
            for i in range(self.kind.count())
        )
        self.kind.setMinimumWidth(longest + 48)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("e.g. National Day"))
        self.note.setMaxLength(128)
        self.add_button = QPushButton(self.tr("Add"))
        self.delete_button = QPushButton(self.tr("Remove selected"))

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year")))
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.confirm_button)
        add = QHBoxLayout()
        add.addWidget(self.day)
        add.addWidget(self.kind)
        add.addWidget(self.note, 1)
        add.addWidget(self.add_button)
        add.addWidget(self.delete_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.warning)
        layout.addWidget(self.table)
        layout.addLayout(add)

        self.year.valueChanged.connect(self._year_changed)
        self.add_button.clicked.connect(self.add_day)
        self.delete_button.clicked.connect(self.delete_selected)
        self.confirm_button.clicked.connect(self.confirm_year)
        self._year_changed()

    def _year_changed(self) -> None:
        y = self.year.value()
        current = self.day.date()
        self.day.setDate(QDate(y, current.month(), min(current.day(), 28)))
        self.show_warning()

    def show_warning(self) -> None:
        """Name every unconfirmed year from this year to the one shown (deadlines at risk)."""
        this_year = self.ws.clock().year
        last = max(self.year.value(), this_year + 1)
        years = self.ws.admin.unconfirmed_years(this_year, last)
        if years:
            text = self.tr(
                "The working calendar of %1 is not confirmed: deadlines may be wrong "
                "across holidays until its holidays are entered and the year is confirmed."
            )
            self.warning.setText(text.replace("%1", ", ".join(map(str, years))))
        self.warning.setVisible(bool(years))
        self.confirm_button.setEnabled(self.year.value() in years)

    def reload(self) -> None:
        year = self.year.value()
        self.run(lambda: self.ws.admin.calendar(year), self._show)

    def _show(self, days: list[CalendarDay]) -> None:
        fill_table(
            self.table,
            [
                [
                    d.day.isoformat(),
                    self.tr("Make-up working day") if d.is_workday else self.tr("Holiday"),
                    d.note,
                ]
                for d in days
            ],
            [d.day.isoformat() for d in days],
        )
        self.show_warning()
        self.loaded.emit()

    def add_day(self) -> None:
        day = self.day.date().toPython()
        is_workday = bool(self.kind.currentData())
        note = self.note.text().strip()
        if day.year != self.year.value():
            self.year.setValue(day.year)
        self.run(
            lambda: self.ws.admin.set_calendar_day(day, is_workday, note),
            lambda _: (self.note.clear(), self.reload()),
            changes=True,
        )

    def delete_selected(self) -> None:
        key = selected_key(self.table)
        if isinstance(key, str):
            day = date.fromisoformat(key)
            self.run(
                lambda: self.ws.admin.delete_calendar_day(day),
                lambda _: self.reload(),
                changes=True,
            )

    def confirm_year(self) -> None:
        year = self.year.value()
        self.run(lambda: self.ws.admin.confirm_year(year), lambda _: self.reload(), changes=True)
