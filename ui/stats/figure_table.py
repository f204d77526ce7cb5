"""A table whose cells are figures: click a count to list its cases.

Rows are regions (街道/镇, 社区) or departments; columns are counts and rates of the
monthly report's definitions. Counts are clickable; rates show the percent and open
their numerator's cases.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from gridapp.reports.model import Figure, Rate

OnFigure = Callable[[str, Figure], None]
# A column: header, and how to read its Figure or Rate from a row
# (a text column reads a str: clicking it opens the row's own figure, if it has one)
Column = tuple[str, Callable[[object], Figure | Rate | str]]


class FigureTable(QTableWidget):
    """Rows of figures; a click on a count cell calls ``on_figure(name, figure)``."""

    def __init__(self, name: str, on_figure: OnFigure) -> None:
        super().__init__()
        self.setObjectName(name)
        self.on_figure = on_figure
        self._cells: dict[tuple[int, int], tuple[str, Figure]] = {}
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.cellClicked.connect(self._clicked)

    def fill(
        self,
        first: str,
        rows: Sequence[object],
        name_of: Callable[[object], str],
        columns: Sequence[Column],
        row_figure: Callable[[object], Figure] | None = None,
        stretch: int | None = None,
    ) -> None:
        self._cells.clear()
        self.clear()
        self.setColumnCount(1 + len(columns))
        self.setHorizontalHeaderLabels([first, *(h for h, _ in columns)])
        self.setRowCount(len(rows))
        for r, row in enumerate(rows):
            label = name_of(row)
            self.setItem(r, 0, QTableWidgetItem(label))  # items are plain text
            if row_figure is not None:
                self._cells[(r, 0)] = (label, row_figure(row))
            for c, (header, read) in enumerate(columns, start=1):
                value = read(row)
                if isinstance(value, str):
                    self.setItem(r, c, QTableWidgetItem(value))
                    if row_figure is not None:
                        self._cells[(r, c)] = (label, row_figure(row))
                    continue
                if isinstance(value, Rate):
                    text = "—" if value.value is None else f"{value.value * 100:.1f}%"
                    figure = value.numerator
                else:
                    text, figure = f"{value.value:,}", value
                item = QTableWidgetItem(text)
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.setItem(r, c, item)
                self._cells[(r, c)] = (f"{label} · {header}", figure)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        if stretch is not None and self.columnCount() > stretch:
            header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)

    def click_cell(self, row: int, column: int) -> None:
        """What a click does (tests use it too)."""
        self._clicked(row, column)

    def _clicked(self, row: int, column: int) -> None:
        if (row, column) in self._cells:
            name, figure = self._cells[(row, column)]
            self.on_figure(name, figure)
