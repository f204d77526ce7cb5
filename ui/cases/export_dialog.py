"""ExportDialog: the case list as shown (台账) or the 延期、回退、挂账 ledgers, to Excel.

The list exports every case its filter matches (not only the rows loaded), with the
columns the user sees in the order they see them; the ledgers come from the event
log, optionally for the requests asked within a period. Both are written on the
``db`` lane by ``ws.exports`` (no Qt in the core), with progress for the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, QObject, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.workspace import CaseQuery
from ui.errors import show_error
from ui.plain import plain_label, set_plain
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner


class _Progress(QObject):
    changed = Signal(int, int)


class ExportDialog(QDialog):
    saved = Signal(object)  # the Path written

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        query: CaseQuery,
        columns: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.ws, self.runner = ws, runner
        self.query, self.columns = query, list(columns)
        self.setWindowTitle(self.tr("Export to Excel"))
        fit_to_screen(self, 480, 280)

        self.list_choice = QRadioButton(self.tr("The case list as shown (visible columns)"))
        self.list_choice.setObjectName("export_list")
        self.ledger_choice = QRadioButton(self.tr("Extension, return and suspension ledgers"))
        self.ledger_choice.setObjectName("export_ledgers")
        self.list_choice.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.list_choice)
        group.addButton(self.ledger_choice)
        today = ws.clock().date()
        self.period = QCheckBox(self.tr("Only requests made from"))
        self.since = QDateEdit(QDate(today.year, today.month, 1))
        self.until = QDateEdit(QDate(today.year, today.month, today.day))
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        period = QHBoxLayout()
        period.setContentsMargins(24, 0, 0, 0)
        period.addWidget(self.period)
        period.addWidget(self.since)
        period.addWidget(QLabel(self.tr("to")))
        period.addWidget(self.until)
        period.addStretch(1)

        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.status = plain_label()
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save…"))
        self.save_button.setObjectName("export_save")
        self.save_button.clicked.connect(self.choose_file)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.list_choice)
        layout.addWidget(self.ledger_choice)
        layout.addLayout(period)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self._progress = _Progress(self)
        self._progress.changed.connect(self._on_progress)
        self.ledger_choice.toggled.connect(self._choice_changed)
        self.period.toggled.connect(self._choice_changed)
        self._choice_changed()

    def _choice_changed(self) -> None:
        ledgers = self.ledger_choice.isChecked()
        self.period.setEnabled(ledgers)
        for edit in (self.since, self.until):
            edit.setEnabled(ledgers and self.period.isChecked())

    def _default_name(self) -> str:
        stamp = f"{self.ws.clock():%Y%m%d-%H%M}"
        kind = "延期回退挂账台账" if self.ledger_choice.isChecked() else "案卷台账"
        return f"{kind}-{stamp}.xlsx"

    def choose_file(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Excel"), self._default_name(), self.tr("Excel (*.xlsx)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        """Write the chosen workbook to ``path`` in the background."""
        exports, emit = self.ws.exports, self._progress.changed.emit
        if self.ledger_choice.isChecked():
            since = until = None
            if self.period.isChecked():
                since = datetime.combine(self.since.date().toPython(), time())
                until = datetime.combine(self.until.date().toPython(), time()) + timedelta(1)

            def work() -> tuple[Path, int]:
                counts = exports.request_ledgers(path, since, until)
                return path, sum(counts.values())
        else:
            query, columns = self.query, self.columns

            def work() -> tuple[Path, int]:
                return path, exports.case_ledger(query, columns, path, progress=emit)

        self._set_busy(True)
        set_plain(self.status, self.tr("Saving…"))
        self.runner.submit(work, self._on_done, self._on_failed, lane="db")

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)

    def _on_done(self, result: tuple[Path, int]) -> None:
        path, rows = result
        self._set_busy(False)
        set_plain(
            self.status, self.tr("{rows} rows saved to {path}").format(rows=rows, path=str(path))
        )
        self.saved.emit(path)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        set_plain(self.status, "")
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        for w in (self.save_button, self.list_choice, self.ledger_choice):
            w.setEnabled(not busy)
