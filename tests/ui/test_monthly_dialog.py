"""The monthly report dialog driven like a user: pick, generate, preview, save, print."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("reportlab")
pytest.importorskip("PySide6.QtPdf")

from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QFileDialog

from ui.monthly.report_dialog import MonthlyReportDialog, recent_months
from ui.tasks import TaskRunner

LEFT = Qt.MouseButton.LeftButton


def test_recent_months_start_at_the_last_full_month() -> None:
    assert recent_months(date(2026, 1, 15), 3) == ["2025-12", "2025-11", "2025-10"]


@pytest.fixture
def dialog(qtbot, ws):
    dlg = MonthlyReportDialog(ws, TaskRunner(inline=True))
    qtbot.addWidget(dlg)
    return dlg


def test_generate_preview_save_and_print(qtbot, dialog, tmp_path: Path, monkeypatch) -> None:
    assert not dialog.save_pdf_button.isEnabled()
    assert dialog.region.count() > 10  # district, streets, communities
    dialog.month.setCurrentText("2026-10")
    seen: list[object] = []
    dialog.generated.connect(seen.append)
    qtbot.mouseClick(dialog.generate_button, LEFT)
    assert seen and seen[0].period_label == "2026年10月"
    assert dialog.document.pageCount() >= 2
    assert dialog.save_pdf_button.isEnabled()

    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(dialog.save_pdf_button, LEFT)
    assert target.read_bytes().startswith(b"%PDF")
    xlsx = tmp_path / "saved.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(xlsx), ""))
    qtbot.mouseClick(dialog.save_xlsx_button, LEFT)
    assert xlsx.read_bytes().startswith(b"PK")

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    printer.setResolution(100)
    assert dialog.print_to(printer) == dialog.document.pageCount()
    assert printed.stat().st_size > 10_000


def test_unknown_region_shows_the_error(qtbot, dialog, monkeypatch) -> None:
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.monthly.report_dialog.show_error", lambda _p, exc: shown.append(exc))
    dialog.region.addItem("nowhere", "999999")
    dialog.region.setCurrentIndex(dialog.region.count() - 1)
    qtbot.mouseClick(dialog.generate_button, LEFT)
    assert shown and "999999" in str(getattr(shown[0], "message", shown[0]))
    assert dialog.generate_button.isEnabled() and not dialog.save_pdf_button.isEnabled()


def test_generates_in_the_background_with_progress(qtbot, ws) -> None:
    runner = TaskRunner()
    dlg = MonthlyReportDialog(ws, runner)
    qtbot.addWidget(dlg)
    steps: list[int] = []
    dlg._progress.changed.connect(lambda p, _t: steps.append(p))
    with qtbot.waitSignal(dlg.generated, timeout=30_000):
        qtbot.mouseClick(dlg.generate_button, LEFT)
        assert not dlg.generate_button.isEnabled()  # busy while the db lane works
    assert steps and steps[-1] == 100
    assert dlg.generate_button.isEnabled() and dlg.document.pageCount() >= 2
    runner.wait()
