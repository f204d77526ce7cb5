"""Grids: how many unit grids each street holds, and the GeoJSON import."""

from __future__ import annotations

from collections import Counter

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from gridapp import Workspace
from ui.admin.common import AdminTab, fill_table, make_table
from ui.admin.grid_import_dialog import GridImportDialog
from ui.tasks import TaskRunner


class GridsTab(AdminTab):
    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.dialog: GridImportDialog | None = None
        self.total = QLabel()
        self.import_button = QPushButton(self.tr("Import from GeoJSON…"))
        self.table = make_table(
            [self.tr("Street code"), self.tr("Street"), self.tr("Communities"), self.tr("Grids")]
        )
        top = QHBoxLayout()
        top.addWidget(self.total, 1)
        top.addWidget(self.import_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.import_button.clicked.connect(self.open_import)

    def reload(self) -> None:
        """From the local reference (refreshed after every admin change): no network."""
        ref = self.ws.reference
        grids = Counter(g.street_code for g in ref.grids.values())
        communities = Counter(c.street_code for c in ref.communities.values())
        streets = sorted(ref.streets.values(), key=lambda s: s.code)
        fill_table(
            self.table,
            [[s.code, s.name, communities[s.code], grids[s.code]] for s in streets],
            [s.code for s in streets],
        )
        self.total.setText(
            self.tr("%1 grids in %2 streets")
            .replace("%1", str(len(ref.grids)))
            .replace("%2", str(len(streets)))
        )
        self.loaded.emit()

    def open_import(self) -> GridImportDialog:
        self.dialog = dialog = GridImportDialog(self.ws, self.runner, self)
        dialog.changed.connect(self.changed)
        dialog.changed.connect(lambda _: self.reload())
        dialog.open()
        return dialog
