"""Printing a PDF previewed in QtPdf: the monthly report and the 案卷处理单 share it."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of ``document`` onto ``printer``; returns the pages printed.

    Pages are rasterised at the printer's resolution (QtPdf has no vector output to a
    QPainter), 300 dpi at most to keep spooling reasonable.
    """
    count = document.pageCount()
    painter = QPainter()
    if count <= 0 or not painter.begin(printer):
        return 0
    try:
        dpi = min(300, printer.resolution())
        for page in range(count):
            if page:
                printer.newPage()
            points = document.pagePointSize(page)
            size = QSize(int(points.width() / 72 * dpi), int(points.height() / 72 * dpi))
            image = document.render(page, size)
            target = painter.viewport()
            scale = min(target.width() / size.width(), target.height() / size.height())
            w, h = size.width() * scale, size.height() * scale
            painter.drawImage(QRectF(QPointF(0, 0), QPointF(w, h)), image)
    finally:
        painter.end()
    return count


def ask_and_print(document: QPdfDocument, parent: QWidget) -> int:
    """The system print dialog, then the document onto the chosen printer."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if QPrintDialog(printer, parent).exec() != QDialog.DialogCode.Accepted:
        return 0
    return print_pdf(document, printer)
