"""The Excel export from the case list (the columns as shown) and the case sheet preview."""

from __future__ import annotations

import re
import subprocess

import pytest
from openpyxl import load_workbook
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter

from gridapp.domain.case import CaseState
from gridapp.exports.case_ledger import LEDGER_COLUMNS
from gridapp.workspace import CaseQuery, Workspace
from tests.core.helpers import URBAN, Clock, drive, report
from ui.cases.case_columns import COLUMNS
from ui.cases.case_list import CaseListView
from ui.detail.case_detail_view import CaseDetailView
from ui.print_pdf import print_pdf
from ui.tasks import TaskRunner


@pytest.fixture
def sws(store_path):
    ws = Workspace.open(store_path, clock=Clock())
    ids = [report(ws, URBAN, index=i) for i in range(3)]
    drive(ws, ids[0], CaseState.DISPATCHED)
    ws.act_as("zhiban")
    yield ws, ids
    ws.close()


def test_export_writes_the_columns_as_shown(qtbot, sws, tmp_path):
    ws, _ids = sws
    runner = TaskRunner()
    view = CaseListView(ws, runner)
    qtbot.addWidget(view)
    view.set_query(CaseQuery())
    qtbot.waitUntil(lambda: view.model.rowCount() == 3 and not view.model.loading)
    header = view.table.horizontalHeader()
    for key in COLUMNS:  # the user hides the address and puts the department first
        header.setSectionHidden(COLUMNS.index(key), key == "address")
    header.moveSection(header.visualIndex(COLUMNS.index("department_code")), 0)
    shown = view.visible_columns()
    assert shown[0] == "department_code" and "address" not in shown
    dialog = view.open_export()
    path = tmp_path / "list.xlsx"
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.export_to(path)
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert list(rows[0]) == [LEDGER_COLUMNS[k][0] for k in shown]
    assert len(rows) == 4
    ledgers = tmp_path / "ledgers.xlsx"
    dialog.ledger_choice.setChecked(True)
    dialog.period.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=20_000):
        dialog.export_to(ledgers)
    assert load_workbook(ledgers).sheetnames == ["延期台账", "回退台账", "挂账台账"]
    runner.wait()


def test_case_sheet_preview_and_save(qtbot, sws, tmp_path):
    ws, ids = sws
    runner = TaskRunner()
    detail = CaseDetailView(ws, runner)
    qtbot.addWidget(detail)
    detail.show_case(ids[0])
    qtbot.waitUntil(lambda: detail.detail is not None)
    dialog = detail.open_case_sheet()
    assert dialog is not None and not dialog.print_button.isEnabled()
    with qtbot.waitSignal(dialog.ready, timeout=30_000):
        pass
    assert dialog.document.status() is QPdfDocument.Status.Ready
    assert dialog.document.pageCount() >= 1 and dialog.print_button.isEnabled()
    target = tmp_path / "sheet.pdf"
    dialog.save_to(target)
    assert target.read_bytes().startswith(b"%PDF")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # a printer that writes a file
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setResolution(100)
    printed = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(printed))
    assert print_pdf(dialog.document, printer) == dialog.document.pageCount()
    info = subprocess.run(["pdfinfo", str(printed)], capture_output=True, text=True, check=True)
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.M)
    assert pages and int(pages.group(1)) == dialog.document.pageCount()
    dialog.reject()
    runner.wait()
