"""Import a 12345 platform's work-order export (.xlsx / .csv) with a column mapping.

The file is read off the GUI thread; each field (工单编号, 来电时间 …) gets a column,
guessed from the header names and from this user's earlier choices (per-user
preferences), shown with the first rows as they will be read, so a wrong guess is seen
before anything is imported. The import runs off the GUI thread; its result lists every
row not imported with its reason. Rows without a place or category wait in the list
behind "Place waiting orders…"; "Export feedback…" writes the 反馈 file back.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.intake.hotline_file import WorkOrderTable
from gridapp.intake.hotline_import import ImportResult
from gridapp.intake.hotline_rows import FIELDS
from ui.errors import show_error
from ui.plain import plain_label
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

PREVIEW_ROWS = 5


class HotlineImportDialog(QDialog):
    changed = Signal(object)  # Changes
    table_read = Signal(object)  # WorkOrderTable
    imported = Signal(object)  # ImportResult
    open_waiting = Signal()

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.table: WorkOrderTable | None = None
        self.result: ImportResult | None = None
        self.setWindowTitle(self.tr("Import 12345 work orders"))
        self.path = QLineEdit()
        self.path.setObjectName("hotline_path")
        self.path.setPlaceholderText(self.tr("An .xlsx or .csv export of the hotline platform"))
        self.browse_button = QPushButton(self.tr("Choose file…"))
        self.file_info = plain_label("")
        self.combos: dict[str, QComboBox] = {}
        mapping_box = QGroupBox(self.tr("Columns"))
        form = QFormLayout(mapping_box)
        for key, label, _, required in FIELDS:
            combo = QComboBox()
            combo.setObjectName(f"column_{key}")
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(self._mapping_changed)
            self.combos[key] = combo
            form.addRow(plain_label(label + (" *" if required else "")), combo)
        self.preview = QTableWidget(0, len(FIELDS))
        self.preview.setObjectName("hotline_preview")
        self.preview.setHorizontalHeaderLabels([label for _, label, _, _ in FIELDS])
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary = plain_label(self.tr("Choose the file the hotline platform exported."))
        self.summary.setObjectName("hotline_summary")
        self.summary.setWordWrap(True)
        self.problems = QTableWidget(0, 3)
        self.problems.setObjectName("hotline_problems")
        self.problems.setHorizontalHeaderLabels(
            [self.tr("Line"), self.tr("Work order"), self.tr("Reason")]
        )
        self.problems.verticalHeader().setVisible(False)
        self.problems.horizontalHeader().setStretchLastSection(True)
        self.problems.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("hotline_import")
        self.import_button.setEnabled(False)
        self.waiting_button = QPushButton(self.tr("Place waiting orders…"))
        self.feedback_button = QPushButton(self.tr("Export feedback…"))
        self.close_button = QPushButton(self.tr("Close"))

        top = QHBoxLayout()
        top.addWidget(self.path, 1)
        top.addWidget(self.browse_button)
        middle = QHBoxLayout()
        middle.addWidget(mapping_box)
        right = QVBoxLayout()
        right.addWidget(plain_label(self.tr("The first rows as they will be read")))
        right.addWidget(self.preview, 1)
        middle.addLayout(right, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.waiting_button)
        bottom.addWidget(self.feedback_button)
        bottom.addStretch(1)
        bottom.addWidget(self.import_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.file_info)
        layout.addLayout(middle, 2)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems, 1)
        layout.addLayout(bottom)

        self.browse_button.clicked.connect(self.choose_file)
        self.path.returnPressed.connect(lambda: self.read_file(self.path.text()))
        self.import_button.clicked.connect(self.run_import)
        self.waiting_button.clicked.connect(self.open_waiting.emit)
        self.feedback_button.clicked.connect(self.export_feedback)
        self.close_button.clicked.connect(self.reject)
        fit_to_screen(self, 1200, 720)

    # -- file and mapping ----------------------------------------------------------------

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Work-order export"), "", self.tr("Work orders (*.xlsx *.csv)")
        )
        if name:
            self.read_file(name)

    def read_file(self, path: str) -> None:
        self.path.setText(path)
        self.import_button.setEnabled(False)
        hotline = self.ws.hotline

        def read() -> tuple[WorkOrderTable, dict[str, int]]:
            table = hotline.read(Path(path))
            return table, hotline.guess_mapping(table.headers)

        self.runner.submit(read, self._file_read, self._failed, lane="db")

    def _file_read(self, answer: tuple[WorkOrderTable, dict[str, int]]) -> None:
        table, mapping = answer
        self.table = table
        encoding = {"xlsx": "Excel", "gb18030": "GBK/GB18030", "utf-8": "UTF-8"}[table.encoding]
        self.file_info.setText(
            self.tr("{name}: {rows} rows, {encoding}").format(
                name=table.name, rows=len(table.rows), encoding=encoding
            )
        )
        for key, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(not in the file)"), -1)
            for i, header in enumerate(table.headers):
                combo.addItem(header or self.tr("Column {n}").format(n=i + 1), i)
            combo.setCurrentIndex(mapping.get(key, -1) + 1)
            combo.blockSignals(False)
        self._mapping_changed()
        self.table_read.emit(table)

    def mapping(self) -> dict[str, int]:
        return {k: c.currentData() for k, c in self.combos.items() if (c.currentData() or 0) >= 0}

    def _mapping_changed(self) -> None:
        if self.table is None:
            return
        mapping = self.mapping()
        rows = self.table.rows[:PREVIEW_ROWS]
        self.preview.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, (key, _, _, _) in enumerate(FIELDS):
                i = mapping.get(key)
                text = values[i] if i is not None and i < len(values) else ""
                self.preview.setItem(r, c, QTableWidgetItem(text[:80]))  # plain text
        missing = [label for key, label, _, req in FIELDS if req and key not in mapping]
        self.import_button.setEnabled(not missing)
        if missing:
            self.summary.setText(
                self.tr("Choose the columns for: {fields}").format(fields="、".join(missing))
            )
        else:
            self.summary.setText(
                self.tr("Ready to import {rows} rows.").format(rows=len(self.table.rows))
            )

    # -- import ----------------------------------------------------------------------------

    def run_import(self) -> None:
        if self.table is None:
            return
        table, mapping, hotline = self.table, self.mapping(), self.ws.hotline
        self.import_button.setEnabled(False)
        self.summary.setText(self.tr("Importing…"))

        def work() -> ImportResult:
            result = hotline.run(table, mapping)
            hotline.remember_mapping(table.headers, mapping)
            return result

        self.runner.submit(work, self._imported, self._failed, lane="db")

    def _imported(self, result: ImportResult) -> None:
        self.result = result
        n = result.counts()
        self.summary.setText(
            self.tr(
                "{rows} rows: {imported} imported as reports, {waiting} waiting for a place "
                "or category, {duplicates} already imported, {bad} not imported."
            ).format(**n)
        )
        problems = sorted(result.bad + result.duplicates, key=lambda p: p.row)
        self.problems.setRowCount(len(problems))
        for r, p in enumerate(problems):
            for c, text in enumerate((str(p.row), p.number, p.reason)):
                self.problems.setItem(r, c, QTableWidgetItem(text))
        self.problems.resizeColumnsToContents()
        self.import_button.setEnabled(True)
        if result.changes:
            self.changed.emit(result.changes)
        self.imported.emit(result)

    def export_feedback(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Feedback for the hotline platform"),
            "反馈.xlsx",
            self.tr("Excel workbook (*.xlsx);;CSV (*.csv)"),
        )
        if name:
            self.write_feedback(name)

    def write_feedback(self, path: str, done: Callable[[int], None] | None = None) -> None:
        hotline = self.ws.hotline

        def finished(lines: int) -> None:
            self.summary.setText(
                self.tr("Feedback: {n} work orders written to {file}.").format(
                    n=lines, file=Path(path).name
                )
            )
            if done is not None:
                done(lines)

        self.runner.submit(lambda: hotline.write_feedback(path), finished, self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.import_button.setEnabled(self.table is not None)
        show_error(self, exc)
