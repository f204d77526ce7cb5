"""An admin tab that is a list from the service: a row of buttons over a table.

The buttons a tab passes stand at the left, Reload at the right; the rows' records
are kept by key so ``selected()`` gives the record of the selected row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout

from ui.admin.common import AdminTab, fill_table, make_table, select_key, selected_key


class TableTab(AdminTab):
    """Call ``build`` from ``__init__``; override ``reload`` and ``_selection_changed``."""

    records: dict[Any, Any]

    def build(self, headers: Sequence[str], buttons: Sequence[QPushButton]) -> None:
        self.records = {}
        self.table = make_table(headers)
        self.reload_button = QPushButton(self.tr("Reload"))
        row = QHBoxLayout()
        for b in buttons:
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table)
        self.reload_button.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self._selection_changed()

    def show_rows(self, records: dict[Any, Any], rows: list[list[Any]], select: Any = None) -> None:
        """Put ``rows`` (one per record, in the records' order) on screen; select ``select``."""
        self.records = records
        fill_table(self.table, rows, list(records))
        if select:
            select_key(self.table, select)
        self._selection_changed()
        self.loaded.emit()

    def selected(self) -> Any:
        key = selected_key(self.table)
        return self.records.get(key) if key is not None else None

    def _selection_changed(self) -> None:
        """Enable the buttons that act on the selected row (none here)."""
