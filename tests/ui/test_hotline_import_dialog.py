"""The 12345 import driven like intake staff: toolbar → file → mapping → import → place."""

from __future__ import annotations

import csv

from gridapp.demo.hotline_export import sample_export
from ui.intake.hotline_import_dialog import HotlineImportDialog
from ui.intake.hotline_waiting_dialog import HotlineWaitingDialog
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def _window(qtbot, ws, user: str) -> MainWindow:
    ws.act_as(user)
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window)
    return window


def test_intake_imports_a_file_and_places_a_waiting_order(qtbot, ws, tmp_path) -> None:
    sample = sample_export(120)
    path = sample.write_csv(tmp_path / "工单.csv", "gb18030")
    window = _window(qtbot, ws, "shouli")
    assert window.hotline_action.isVisible()
    window.hotline_action.trigger()
    dialog: HotlineImportDialog = window.hotline_dialog
    assert not dialog.import_button.isEnabled()
    dialog.read_file(str(path))
    assert dialog.combos["work_order"].currentText() == "工单编号"
    assert dialog.combos["called_at"].currentText() == "来电时间"
    assert dialog.combos["title"].currentData() == -1  # not in this file
    assert dialog.preview.rowCount() == 5
    assert dialog.preview.item(0, 0).text() == sample.rows[0][0]
    assert dialog.import_button.isEnabled()

    with qtbot.waitSignal(dialog.imported) as got:
        dialog.import_button.click()
    counts = got.args[0].counts()
    assert counts == sample.expected
    assert str(counts["imported"]) in dialog.summary.text()
    assert dialog.problems.rowCount() == counts["bad"] + counts["duplicates"]
    reasons = {dialog.problems.item(r, 2).text() for r in range(dialog.problems.rowCount())}
    assert "缺少工单编号" in reasons and "来电时间无法识别" in reasons

    dialog.waiting_button.click()
    waiting: HotlineWaitingDialog = window.hotline_waiting_dialog
    assert waiting.list.rowCount() == counts["waiting"]
    waiting.list.selectRow(0)
    number = waiting.current().number
    assert not waiting.place_button.isEnabled()
    grid = next(iter(ws.reference.grids.values()))
    p = grid.polygon.representative_point()
    waiting.map.point_picked.emit(p.x, p.y)  # what a click in pick mode sends
    waiting.picker.set_category("020102")
    assert waiting.place_button.isEnabled()
    waiting.place_button.click()
    assert waiting.list.rowCount() == counts["waiting"] - 1
    placed = [c for c in ws.list_cases() if c.work_order == number]
    assert len(placed) == 1 and placed[0].grid_code == grid.code
    waiting.close()
    waiting.map.deleteLater()
    window.map.deleteLater()


def test_mapping_choices_are_remembered_for_the_next_file(qtbot, ws, tmp_path) -> None:
    path = tmp_path / "odd.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["单据", "日期", "说明", "位置"])
        out.writerow(["A100", "2026-11-10 09:00", "路灯不亮", "周村区正阳路12号"])
    window = _window(qtbot, ws, "shouli")
    window.hotline_action.trigger()
    dialog = window.hotline_dialog
    dialog.read_file(str(path))
    assert dialog.combos["work_order"].currentData() == -1
    assert not dialog.import_button.isEnabled()
    for key, column in (("work_order", 0), ("called_at", 1), ("content", 2), ("address", 3)):
        dialog.combos[key].setCurrentIndex(column + 1)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.imported):
        dialog.import_button.click()
    again = HotlineImportDialog(ws, TaskRunner(inline=True), window)
    qtbot.addWidget(again)
    again.read_file(str(path))
    assert again.mapping() == {"work_order": 0, "called_at": 1, "content": 2, "address": 3}
    window.map.deleteLater()


def test_other_roles_have_no_import(qtbot, ws) -> None:
    window = _window(qtbot, ws, "wg001")
    assert not window.hotline_action.isVisible()
    window.map.deleteLater()
