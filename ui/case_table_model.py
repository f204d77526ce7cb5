"""Table model over one page of cases (rows fetched by the window through the task lane)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from gridapp.domain.case import CaseRecord
from gridapp.domain.worktime import OverdueLevel
from gridapp.workspace import level_at
from ui.labels import source_label, state_label

_Index = QModelIndex | QPersistentModelIndex
LEVEL_COLOURS = {OverdueLevel.YELLOW: QColor("#fff3c4"), OverdueLevel.RED: QColor("#ffd6d6")}


class CaseTableModel(QAbstractTableModel):
    def __init__(self, names: Any, parent: Any = None) -> None:
        super().__init__(parent)
        self._names = names  # callables: category, street, department → display name
        self._rows: list[CaseRecord] = []
        self._now = datetime.now()
        self._headers = [
            self.tr("Case number"),
            self.tr("State"),
            self.tr("Category"),
            self.tr("Street / town"),
            self.tr("Address"),
            self.tr("Source"),
            self.tr("Department"),
            self.tr("Reported at"),
            self.tr("Deadline"),
        ]

    def set_rows(self, rows: list[CaseRecord], now: datetime) -> None:
        self.beginResetModel()
        self._rows, self._now = rows, now
        self.endResetModel()

    def case_at(self, row: int) -> CaseRecord:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def data(self, index: _Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = LEVEL_COLOURS.get(level_at(case, self._now))
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.UserRole:
            return case.id
        return None

    def _text(self, case: CaseRecord, column: int) -> str:
        match column:
            case 0:
                return case.number
            case 1:
                return state_label(case.state)
            case 2:
                return self._names.category(case.category_code)
            case 3:
                return self._names.street(case.street_code)
            case 4:
                return case.address
            case 5:
                return source_label(case.source)
            case 6:
                return self._names.department(case.department_code)
            case 7:
                return f"{case.reported_at:%Y-%m-%d %H:%M}"
            case 8:
                return f"{case.deadline:%Y-%m-%d %H:%M}" if case.deadline else ""
        return ""
