"""CaseSheetDialog: a case's 案卷处理单 — previewed, printed or saved as PDF.

The sheet is made by the core (``ws.exports.case_sheet``) on the ``db`` lane into a
temporary file; the preview shows that very file (QtPdf), and printing paints its
pages, so the paper equals the PDF a user saves.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from ui.errors import show_error
from ui.plain import plain_label, set_plain
from ui.print_pdf import ask_and_print
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner


class CaseSheetDialog(QDialog):
    ready = Signal(object)  # the temporary PDF's Path, once previewed

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        case_id: str,
        number: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_sheet_dialog")
        self.ws, self.runner, self.case_id, self.number = ws, runner, case_id, number
        self.pdf_path: Path | None = None
        self._tmp = tempfile.TemporaryDirectory(prefix="gridapp-sheet-")
        self.setWindowTitle(self.tr("Case sheet {number}").format(number=number).strip())
        fit_to_screen(self, 820, 1000)
        self.status = plain_label(self.tr("Making the case sheet…"))
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("sheet_print")
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button = QPushButton(self.tr("Save PDF…"))
        self.save_button.setObjectName("sheet_save")
        self.save_button.clicked.connect(self.save_pdf)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        self._enable(False)

    def generate(self) -> None:
        """Make the PDF off the GUI thread, then preview it."""
        target = Path(self._tmp.name) / "case-sheet.pdf"
        exports, case_id = self.ws.exports, self.case_id
        self.runner.submit(
            lambda: exports.case_sheet(case_id, target), self._on_ready, self._on_failed
        )

    def _on_ready(self, path: Path) -> None:
        self.pdf_path = path
        self.document.close()
        self.document.load(str(path))
        pages = self.document.pageCount()
        set_plain(self.status, self.tr("{pages} pages").format(pages=pages))
        self._enable(True)
        self.ready.emit(path)

    def _on_failed(self, exc: BaseException) -> None:
        set_plain(self.status, self.tr("The case sheet could not be made."))
        show_error(self, exc)

    def _enable(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def save_pdf(self) -> None:
        if self.pdf_path is None:
            return
        name = f"案卷处理单-{self.number or self.case_id}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save PDF"), name, self.tr("PDF (*.pdf)")
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> None:
        if self.pdf_path is not None:
            shutil.copyfile(self.pdf_path, path)
            set_plain(self.status, self.tr("Saved to {path}").format(path=str(path)))

    def print_sheet(self) -> None:
        ask_and_print(self.document, self)

    def done(self, result: int) -> None:
        self.document.close()
        super().done(result)
