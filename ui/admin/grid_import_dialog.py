"""Import unit grids from a GeoJSON file: dry-run preview first, then all or nothing.

The preview is the service's own check (codes of this county, valid polygons,
duplicates, overlaps with stored grids), feature by feature; "Import" stays off
until a preview of the chosen file came back without errors.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.admin_client import AdminClient, ImportPreview
from gridapp.errors import GridappError
from gridapp.workspace import Changes
from ui.admin.common import fill_table, make_table
from ui.errors import show_error
from ui.plain import plain_label
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

MAX_FILE_BYTES = 20 * 1024 * 1024


class GridImportDialog(QDialog):
    changed = Signal(object)
    previewed = Signal(object)  # ImportPreview
    imported = Signal(object)  # ImportPreview

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.preview: ImportPreview | None = None
        self.setWindowTitle(self.tr("Import grids from GeoJSON"))
        fit_to_screen(self, 820, 520)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("A .geojson file (WGS-84, one feature per grid)"))
        self.browse_button = QPushButton(self.tr("Choose file…"))
        self.preview_button = QPushButton(self.tr("Preview"))
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.close_button = QPushButton(self.tr("Close"))
        self.summary = plain_label(
            self.tr(
                "Each feature needs the properties code (15 digits) and name; "
                "street_name and community_name when the street or community is new."
            )
        )
        self.summary.setWordWrap(True)
        self.table = make_table(
            [
                self.tr("No."),
                self.tr("Code"),
                self.tr("Name"),
                self.tr("Result"),
                self.tr("Problems"),
            ]
        )
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse_button)
        row.addWidget(self.preview_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.browse_button.clicked.connect(self.browse)
        self.preview_button.clicked.connect(self.run_preview)
        self.import_button.clicked.connect(self.run_import)
        self.close_button.clicked.connect(self.accept)
        self.path.textChanged.connect(lambda _: self.import_button.setEnabled(False))

    def browse(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("GeoJSON file"), "", self.tr("GeoJSON (*.geojson *.json)")
        )
        if name:
            self.path.setText(name)
            self.run_preview()

    def _read(self) -> bytes | None:
        path = Path(self.path.text().strip())
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                self.summary.setText(self.tr("The file is too large (at most 20 MB)."))
                return None
            return path.read_bytes()
        except OSError:
            self.summary.setText(self.tr("The file cannot be read."))
            return None

    def _busy(self, busy: bool) -> None:
        for b in (self.preview_button, self.browse_button):
            b.setEnabled(not busy)
        if busy:
            self.import_button.setEnabled(False)

    def run_preview(self) -> None:
        data = self._read()
        if data is None:
            return
        self._busy(True)
        self.runner.submit(
            lambda: self.ws.admin.import_grids(data, dry_run=True),
            self._show_preview,
            self._failed,
            lane="net",
        )

    def run_import(self) -> None:
        data = self._read()
        if data is None:
            return
        self._busy(True)
        self.runner.submit(
            lambda: self.ws.admin.import_grids(data), self._done, self._failed, lane="net"
        )

    def _show(self, p: ImportPreview) -> None:
        status = {
            "new": self.tr("new"),
            "changed": self.tr("changed"),
            "unchanged": self.tr("unchanged"),
            "error": self.tr("error"),
        }
        fill_table(
            self.table,
            [
                [
                    f["index"] + 1,
                    f.get("code") or "",
                    f.get("name") or "",
                    status.get(f["status"], f["status"]),
                    "; ".join(e["message"] for e in f["errors"] + f["warnings"]),
                ]
                for f in p.features
            ],
            [f["index"] for f in p.features],
        )

    def _counts(self, p: ImportPreview) -> str:
        text = self.tr("%1 new, %2 changed, %3 unchanged, %4 with errors")
        for i, n in enumerate((p.new, p.changed, p.unchanged, p.errors), start=1):
            text = text.replace(f"%{i}", str(n))
        if p.new_streets or p.new_communities:
            more = self.tr("New streets: %1; new communities: %2")
            text += "\n" + more.replace("%1", str(len(p.new_streets))).replace(
                "%2", str(len(p.new_communities))
            )
        return text

    def _show_preview(self, p: ImportPreview) -> None:
        self._busy(False)
        self.preview = p
        self._show(p)
        verdict = (
            self.tr("Preview: nothing was imported yet.")
            if p.ok
            else self.tr("Fix the errors in the file: nothing can be imported while any remain.")
        )
        self.summary.setText(self._counts(p) + "\n" + verdict)
        self.import_button.setEnabled(p.ok and (p.new + p.changed) > 0)
        self.previewed.emit(p)

    def _done(self, p: ImportPreview) -> None:
        self._busy(False)
        self.preview = p
        self._show(p)
        self.summary.setText(self._counts(p) + "\n" + self.tr("Imported."))
        self.import_button.setEnabled(False)
        self.changed.emit(Changes(reference=True))
        self.imported.emit(p)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        preview = AdminClient.preview_of(exc) if isinstance(exc, GridappError) else None
        if preview is not None:
            self._show_preview(preview)
            return
        self.summary.setText(str(getattr(exc, "message", exc)))
        show_error(self, exc)
