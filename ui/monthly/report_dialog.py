"""MonthlyReportDialog: pick month and region, generate in the background, preview,
print, save as PDF or Excel.

The report is computed and rendered on the ``db`` lane (it reads the store and takes
a second or more for a district month), with the service's progress messages shown
as it goes.  The preview is the very PDF that gets saved and printed (QtPdf), so what
the supervisor sees is what they sign.  The dialog reaches the core only through
``ws.reports``.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from ui.errors import show_error
from ui.plain import plain_label
from ui.print_pdf import ask_and_print, print_pdf
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner


class _Progress(QObject):
    """Carries progress from the worker thread to the dialog (queued signal)."""

    changed = Signal(int, str)


def recent_months(today: date, count: int = 24) -> list[str]:
    """'YYYY-MM' of the last full month back ``count`` months, newest first."""
    y, m = today.year, today.month
    out = []
    for _ in range(count):
        m -= 1
        if m == 0:
            y, m = y - 1, 12
        out.append(f"{y:04d}-{m:02d}")
    return out


class MonthlyReportDialog(QDialog):
    """Month + region → report; preview, print, save PDF / Excel."""

    generated = Signal(object)  # the MonthlyReport, once previewed

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.report: Any = None
        self.pdf_path: Path | None = None
        # The previewed PDF lives here until the dialog goes (removed by its finalizer).
        self._tmp = tempfile.TemporaryDirectory(prefix="gridapp-report-")
        self.setWindowTitle(self.tr("Monthly supervision report"))
        fit_to_screen(self, 900, 1000)

        self.month = QComboBox()
        self.month.addItems(recent_months(ws.clock().date()))
        self.region = QComboBox()
        for ref in ws.reports.regions():
            indent = {"district": "", "street": "  ", "community": "    "}.get(ref.level, "")
            self.region.addItem(f"{indent}{ref.name}", ref.code)
        self.generate_button = QPushButton(self.tr("Generate"))
        self.generate_button.clicked.connect(self.generate)

        pickers = QHBoxLayout()
        pickers.addWidget(QLabel(self.tr("Month")))
        pickers.addWidget(self.month)
        pickers.addWidget(QLabel(self.tr("Region")))
        pickers.addWidget(self.region, 1)
        pickers.addWidget(self.generate_button)

        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.setVisible(False)
        self.status = plain_label(self.tr("Choose a month and a region, then Generate."))

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.clicked.connect(self.print_report)
        self.save_pdf_button = QPushButton(self.tr("Save PDF…"))
        self.save_pdf_button.clicked.connect(self.save_pdf)
        self.save_xlsx_button = QPushButton(self.tr("Save Excel…"))
        self.save_xlsx_button.clicked.connect(self.save_xlsx)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        actions = QHBoxLayout()
        actions.addWidget(self.print_button)
        actions.addWidget(self.save_pdf_button)
        actions.addWidget(self.save_xlsx_button)
        actions.addStretch(1)
        actions.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addLayout(pickers)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)

        self._progress = _Progress(self)
        self._progress.changed.connect(self._on_progress)
        self._set_busy(False)

    # -- generating -------------------------------------------------------------------

    def generate(self) -> None:
        month = self.month.currentText()
        region = self.region.currentData()
        self._set_busy(True)
        self.status.setText(self.tr("Generating…"))
        emit = self._progress.changed.emit
        folder = Path(self._tmp.name)
        reports = self.ws.reports

        def work() -> tuple[Any, Path]:
            report = reports.monthly(month, region=region, on_progress=emit)
            emit(100, "PDF")
            path = reports.write_pdf(report, folder / f"{report.report_id}.pdf")
            return report, path

        self.runner.submit(work, self._on_generated, self._on_failed, lane="db")

    def _on_progress(self, percent: int, text: str) -> None:
        self.progress.setValue(int(percent))
        self.status.setText(text)

    def _on_generated(self, result: tuple[Any, Path]) -> None:
        self.report, self.pdf_path = result
        self.document.close()
        self.document.load(str(self.pdf_path))
        self._set_busy(False)
        pages = self.document.pageCount()
        self.status.setText(
            self.tr("{title}: {pages} pages").format(
                title=f"{self.report.region.name} {self.report.period_label}", pages=pages
            )
        )
        self.generated.emit(self.report)

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.status.setText(self.tr("The report could not be made."))
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        if busy:
            self.progress.setValue(0)
        for w in (self.generate_button, self.month, self.region):
            w.setEnabled(not busy)
        ready = not busy and self.report is not None
        for w in (self.print_button, self.save_pdf_button, self.save_xlsx_button):
            w.setEnabled(ready)

    # -- output -----------------------------------------------------------------------

    def _default_name(self, suffix: str) -> str:
        r = self.report
        return f"{r.region.name}-{r.period_start:%Y-%m}-监督评价月报{suffix}"

    def save_pdf(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF"), self._default_name(".pdf"), self.tr("PDF (*.pdf)")
        )
        if path:
            self._save(lambda: self.ws.reports.write_pdf(self.report, Path(path)))

    def save_xlsx(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save Excel"), self._default_name(".xlsx"), self.tr("Excel (*.xlsx)")
        )
        if path:
            self._save(lambda: self.ws.reports.write_xlsx(self.report, Path(path)))

    def _save(self, fn: Any) -> None:
        self._set_busy(True)
        self.status.setText(self.tr("Saving…"))

        def done(path: Path) -> None:
            self._set_busy(False)
            self.status.setText(self.tr("Saved to {path}").format(path=str(path)))

        self.runner.submit(fn, done, self._on_failed, lane="db")

    def print_report(self) -> None:
        ask_and_print(self.document, self)

    def print_to(self, printer: QPrinter) -> int:
        """Paint every page of the previewed PDF onto ``printer``; returns pages printed."""
        return print_pdf(self.document, printer)

    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)


__all__ = ["MonthlyReportDialog", "recent_months"]
