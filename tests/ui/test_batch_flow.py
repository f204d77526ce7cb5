"""Batch dispatch driven like a dispatcher: Ctrl-click cases, 派遣 to one department, read
the summary; the work runs on the db lane (a real thread) with progress."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gridapp.domain.case import CaseState
from gridapp.workspace import CaseQuery, Workspace
from tests.core.helpers import BEIJIAO, URBAN, Clock, drive, report, town_case
from ui.cases.case_list import CaseListView
from ui.tasks import TaskRunner

SHOTS = Path("/tmp/batch")


@pytest.fixture
def dws(store_path):
    ws = Workspace.open(store_path, clock=Clock())
    filed = [report(ws, URBAN, index=i) for i in range(3)]
    for case_id in filed:
        drive(ws, case_id, CaseState.FILED)
    waiting = report(ws, URBAN, index=3)  # not filed yet: 派遣 refused
    town = town_case(ws, BEIJIAO)
    drive(ws, town, CaseState.FILED)  # the town centre's: refused for the district
    ws.act_as("paiqian")
    yield ws, filed, waiting, town
    ws.close()


def _click(qtbot, view: CaseListView, case_id: str, ctrl: bool) -> None:
    row = view.model.row_of(case_id)
    rect = view.table.visualRect(view.model.index(row, 0))
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_batch_dispatch_flow(qtbot, dws):
    ws, filed, waiting, town = dws
    runner = TaskRunner()
    view = CaseListView(ws, runner)
    view.acted.connect(view.apply_changes)  # what the main window's broadcast does
    qtbot.addWidget(view)
    view.resize(1000, 500)
    view.show()
    view.set_query(CaseQuery())
    qtbot.waitUntil(lambda: view.model.rowCount() == 5 and not view.model.loading)
    assert view.batch_button.isVisible() and not view.batch_button.isEnabled()
    chosen = [*filed, waiting, town]
    for n, case_id in enumerate(chosen):
        _click(qtbot, view, case_id, ctrl=n > 0)
    assert set(view.selected_case_ids()) == set(chosen)
    assert view.batch_button.isEnabled()

    dialog = view.open_batch()
    assert dialog is not None
    dialog.action.setCurrentIndex(dialog.action.findData("dispatch"))
    assert dialog.department.isVisible()
    dept = dialog.department.itemData(dialog.department.count() - 1)
    dialog.department.setCurrentIndex(dialog.department.count() - 1)
    dialog.note.setText("批量派遣")
    SHOTS.mkdir(exist_ok=True)
    dialog.grab().save(str(SHOTS / "batch-dialog.png"))
    progress: list[int] = []
    dialog.progress.valueChanged.connect(progress.append)
    with qtbot.waitSignal(dialog.finished_batch, timeout=20_000) as done:
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)
    result = done.args[0]
    assert progress and max(progress) == len(chosen)  # progress came from the worker
    refused = {o.case_id: o.code for o in result.refused}
    assert {o.case_id for o in result.done} == set(filed), refused
    assert refused == {waiting: "wrong_state", town: "out_of_scope"}
    for case_id in filed:
        rec = ws.service.load(case_id)
        assert rec.state is CaseState.DISPATCHED and rec.department_code == dept
    assert ws.service.load(waiting).state is CaseState.REPORTED

    summary = dialog.summary
    assert summary is not None and summary.isVisible()
    table = summary.table
    assert table.rowCount() == len(chosen)
    # refused rows first, each with a reason
    for row in range(2):
        assert table.item(row, 2).text()
    assert {table.item(r, 0).text() for r in range(2)} == {
        ws.record(waiting).number,
        ws.record(town).number,
    }
    assert all(not table.item(r, 2).text() for r in range(2, 5))
    summary.grab().save(str(SHOTS / "batch-result.png"))
    # the list reloaded: the dispatched cases now show their department
    qtbot.waitUntil(
        lambda: all(view.model.case_at(view.model.row_of(c)).department_code for c in filed)
    )
    view.grab().save(str(SHOTS / "case-list.png"))
    runner.wait()
