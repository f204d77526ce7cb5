"""The 预警 queue driven like a shift lead: see the warning, its cases, 督办, a campaign."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import Qt

from gridapp.domain.case import CaseState
from tests.core.helpers import URBAN, drive, report
from ui.tasks import TaskRunner
from ui.warnings.warnings_dialog import WarningsDialog

LEFT = Qt.MouseButton.LeftButton
NOW = datetime(2026, 11, 19, 16, 0)


def test_warning_queue_supervise_and_campaign(qtbot, ws, clock, tmp_path):
    ids = []
    for n, target in ((3, CaseState.DISPATCHED), (2, CaseState.DISPATCHED), (1, "reported")):
        clock.now = NOW - timedelta(days=n)
        cid = report(ws, URBAN, index=0, source="camera")
        drive(ws, cid, target, department="D02")
        ids.append(cid)
    clock.now = NOW
    ws.act_as("zhiban")
    dialog = WarningsDialog(ws, TaskRunner(inline=True))
    qtbot.addWidget(dialog)
    dialog.resize(1366, 700)
    dialog.show()
    assert dialog.warning_table.rowCount() == 1
    assert dialog.warning_table.item(0, 0).data(Qt.ItemDataRole.UserRole).startswith("recurring:")
    assert dialog.case_table.rowCount() == 3 and set(dialog.shown_cases) == set(ids)
    qtbot.mouseClick(dialog.supervise_all, LEFT)
    outcome = dialog.last_outcome
    assert set(outcome.done) == set(ids[:2]) and set(outcome.refused) == {ids[2]}
    assert dialog.outcome_box.objectName() == "warning_outcome"
    dialog.outcome_box.close()
    assert [ws.record(c).supervise_count for c in ids] == [1, 1, 0]
    opened: list[str] = []
    dialog.open_case.connect(opened.append)
    dialog.case_table.selectRow(1)
    qtbot.mouseClick(dialog.open_button, LEFT)
    assert opened == [dialog.case_table.item(1, 0).data(Qt.ItemDataRole.UserRole)]
    # a campaign from the warning
    form = dialog.start_campaign()
    assert form.name.text()  # a suggested name
    form.name.setText("夜市整治")
    form.deadline.setDate(form.deadline.date().addDays(3))
    dialog.grab().save(str(tmp_path / "warnings.png"))
    form.accept()
    dialog.outcome_box.close()
    dialog.reload()
    assert dialog.campaign_table.rowCount() == 1
    assert dialog.campaign_table.item(0, 0).text() == "夜市整治"
    assert (
        dialog.campaign_table.item(0, 1).text()
        == (date(2026, 12, 3) + timedelta(days=3)).isoformat()
    )
    bar = dialog.campaign_table.cellWidget(0, 2)
    assert (bar.value(), bar.maximum(), bar.format()) == (0, 2, "0/2")
    dialog.tabs.setCurrentIndex(1)
    dialog.campaign_table.selectRow(0)
    assert set(dialog.shown_cases) == set(ids[:2])
    # a department has no 预警 queue
    ws.act_as("bm-d02")
    assert not ws.warnings.available()
