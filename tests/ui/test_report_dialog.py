"""Reporting a case through the dialog, driven like a user: type, pick, add photos, save."""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from gridapp.domain.actions import RULES, Action
from gridapp.domain.case import Source
from gridapp.errors import DomainError, StorageError
from gridapp.workspace import Workspace
from tests.ui.report_helpers import (
    BIN,
    GARBAGE,
    FakeMap,
    moved,
    officer_point,
    photo,
    type_text,
)
from ui.report.report_dialog import ReportDialog
from ui.tasks import TaskRunner


def make_dialog(qtbot, ws, runner=None, with_map=True) -> tuple[ReportDialog, list[FakeMap]]:
    maps: list[FakeMap] = []

    def factory(parent):
        maps.append(FakeMap(parent))
        return maps[-1]

    dialog = ReportDialog(
        ws, runner or TaskRunner(inline=True), None, map_factory=factory if with_map else None
    )
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, maps


def choose_category(qtbot, dialog: ReportDialog, text: str) -> None:
    type_text(dialog.picker.search, text)
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)


def pick_on_map(qtbot, dialog: ReportDialog, maps: list[FakeMap], point) -> None:
    qtbot.mouseClick(dialog.location.pick_button, Qt.MouseButton.LeftButton)
    maps[-1].point_picked.emit(*point)


def type_point(qtbot, dialog: ReportDialog, lon: float, lat: float) -> None:
    for edit, value in ((dialog.location.lon_edit, lon), (dialog.location.lat_edit, lat)):
        edit.setFocus()
        edit.selectAll()
        qtbot.keyClicks(edit, f"{value:.6f}")
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def click_save(qtbot, dialog: ReportDialog) -> None:
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_officer_reports_with_map_point_and_photo(qtbot, ws, tmp_path):
    ws.act_as("wg001")
    dialog, maps = make_dialog(qtbot, ws)
    assert dialog.source.count() == 1 and dialog.source.currentData() == Source.PATROL
    choose_category(qtbot, dialog, "ljt")  # 分类垃圾桶 by pinyin initials, Enter picks
    assert dialog.picker.category().code == BIN
    assert dialog.picker.category().filing_condition in dialog.picker.facts.conditions.text()

    point = officer_point(ws)
    pick_on_map(qtbot, dialog, maps, point)
    assert maps[0].picks == [(None, None)]
    grid = ws.locate(*point)
    assert dialog.location.grid_label.text().startswith(grid.code)
    assert dialog.location.community_label.text() == grid.community_name
    assert dialog.location.street_label.text() == grid.street_name

    dialog.photos.add_files([photo(tmp_path / "bin.jpg")])
    assert len(dialog.photos.photos()) == 1
    type_text(dialog.address, "新建路12号")
    type_text(dialog.description, "分类垃圾桶破损")
    with qtbot.waitSignal(dialog.changed) as got:
        click_save(qtbot, dialog)

    (case_id,) = got.args[0].case_ids
    record = ws.record(case_id)
    assert (record.category_code, record.grid_code) == (BIN, grid.code)
    assert (record.street_code, record.community_code) == (grid.street_code, grid.community_code)
    assert record.address == "新建路12号" and record.description == "分类垃圾桶破损"
    assert record.photos == (dialog.photos.photos()[0].sha256,)
    assert ws.photo_file(record.photos[0]) is not None
    assert record.number in dialog.status.text()
    assert "waiting to sync" not in dialog.status.text()  # the central store: no sync
    assert not dialog.save_button.isVisible() and dialog.another_button.isVisible()


def test_point_from_photo_exif_and_keyboard_category(qtbot, ws, tmp_path):
    ws.act_as("wg001")
    dialog, _ = make_dialog(qtbot, ws, with_map=False)
    assert not dialog.location.pick_button.isVisible()
    type_text(dialog.picker.search, "垃圾")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)  # into the results
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.results, Qt.Key.Key_Return)
    assert dialog.picker.category().code == "010305"  # the second hit: 垃圾箱
    assert dialog.isVisible() and dialog.case_id is None  # Enter did not press Save

    point = officer_point(ws, k=1)
    dialog.photos.add_files([photo(tmp_path / "gps.jpg", gps=point)])
    button = dialog.photos.location_button
    assert button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    lon, lat = dialog.location.point()
    assert (lon, lat) == pytest.approx(point, abs=1e-6)
    assert dialog.location.grid().code == ws.locate(*point).code

    type_text(dialog.description, "垃圾转运站异味")
    with qtbot.waitSignal(dialog.changed):
        click_save(qtbot, dialog)
    record = ws.record(dialog.case_id)
    assert record.grid_code == ws.locate(*point).code and len(record.photos) == 1


def test_outside_grid_point_is_refused_and_fields_kept(qtbot, ws):
    ws.act_as("wg001")
    dialog, _ = make_dialog(qtbot, ws)
    choose_category(qtbot, dialog, GARBAGE)
    type_point(qtbot, dialog, 116.5, 36.2)  # far outside the district
    assert dialog.location.error.isVisible()
    assert "outside every unit grid" in dialog.location.error.text()
    assert dialog.location.grid_label.text() == "—"
    type_text(dialog.description, "暴露垃圾一堆")
    type_text(dialog.address, "城外")
    click_save(qtbot, dialog)

    assert "该位置不在任何单元网格内" in dialog.status.text()  # the core's own message
    assert "point_outside_grids" in dialog.status.toolTip()  # "Error code: …"
    assert ws.count_cases() == 0
    assert dialog.isVisible() and dialog.case_id is None
    assert dialog.description.toPlainText() == "暴露垃圾一堆"
    assert dialog.address.text() == "城外" and dialog.picker.category().code == GARBAGE

    type_point(qtbot, dialog, *officer_point(ws))  # fix the point, the rest stays
    assert not dialog.location.error.isVisible()
    with qtbot.waitSignal(dialog.changed):
        click_save(qtbot, dialog)
    assert ws.count_cases() == 1


def test_missing_fields_are_said_before_saving(qtbot, ws):
    ws.act_as("wg001")
    dialog, _ = make_dialog(qtbot, ws)
    click_save(qtbot, dialog)
    assert "Choose a category" in dialog.status.text()
    choose_category(qtbot, dialog, GARBAGE)
    click_save(qtbot, dialog)
    assert "point" in dialog.status.text()
    type_point(qtbot, dialog, *officer_point(ws))
    click_save(qtbot, dialog)
    assert "Describe" in dialog.status.text()
    assert ws.count_cases() == 0


def test_duplicate_warning_same_category_near_open_only(qtbot, ws, clock):
    ws.act_as("wg001")
    here = officer_point(ws)
    near = moved(here, 30)
    far = moved(here, 80)
    (dup,) = ws.report(source="patrol", category_code=GARBAGE, lon=near[0], lat=near[1],
                       description="暴露垃圾 30 m").case_ids  # fmt: skip
    ws.report(source="patrol", category_code=GARBAGE, lon=far[0], lat=far[1],
              description="暴露垃圾 80 m")  # fmt: skip
    ws.report(source="patrol", category_code=BIN, lon=here[0], lat=here[1],
              description="另一类")  # fmt: skip
    (gone,) = ws.report(source="patrol", category_code=GARBAGE, lon=here[0], lat=here[1],
                        description="已作废").case_ids  # fmt: skip
    ws.act_as("shouli")
    ws.act(gone, "reject", {"reason": "重复"})
    ws.act_as("wg001")
    clock.advance(hours=2)

    dialog, maps = make_dialog(qtbot, ws, runner=TaskRunner())  # the query runs off-thread
    choose_category(qtbot, dialog, GARBAGE)
    with qtbot.waitSignal(dialog.duplicates.checked, timeout=5000) as got:
        pick_on_map(qtbot, dialog, maps, here)
    assert got.args == [1]
    assert dialog.duplicates.isVisible()
    assert [c.id for c in dialog.duplicates.cases] == [dup]
    assert ws.record(dup).number in dialog.duplicates.label.text()
    with qtbot.waitSignal(dialog.open_case) as opened:
        dialog.duplicates.label.linkActivated.emit(dup)  # the user clicks the link
    assert opened.args == [dup]

    with qtbot.waitSignal(dialog.duplicates.checked, timeout=5000) as got:
        pick_on_map(qtbot, dialog, maps, moved(here, 150))  # 150 m: 120 m from the 30 m one
    assert got.args == [0] and not dialog.duplicates.isVisible()

    type_text(dialog.description, "还是要报")  # a warning, not a block
    with qtbot.waitSignal(dialog.changed, timeout=5000):
        click_save(qtbot, dialog)


def test_duplicates_older_than_72_hours_are_not_shown(qtbot, ws, clock):
    ws.act_as("wg001")
    here = officer_point(ws)
    ws.report(source="patrol", category_code=GARBAGE, lon=here[0], lat=here[1],
              description="三天前")  # fmt: skip
    clock.advance(hours=73)
    dialog, maps = make_dialog(qtbot, ws)
    choose_category(qtbot, dialog, GARBAGE)
    pick_on_map(qtbot, dialog, maps, here)
    assert dialog.duplicates.cases == [] and not dialog.duplicates.isVisible()


def test_officer_cannot_choose_hotline_but_intake_records_calls(qtbot, ws):
    ws.act_as("wg001")
    dialog, _ = make_dialog(qtbot, ws)
    sources = [dialog.source.itemData(i) for i in range(dialog.source.count())]
    assert sources == [Source.PATROL] and not dialog.source.isEnabled()
    assert not dialog.reporter_phone.isVisible()

    ws.act_as("shouli")
    dialog, _ = make_dialog(qtbot, ws)
    sources = [dialog.source.itemData(i) for i in range(dialog.source.count())]
    assert Source.PATROL not in sources and Source.HOTLINE in sources
    dialog.source.setCurrentIndex(dialog.source.findData(Source.HOTLINE))
    assert dialog.reporter_phone.isVisible()
    choose_category(qtbot, dialog, "ljmy")
    type_point(qtbot, dialog, *officer_point(ws, "wg002"))
    type_text(dialog.description, "市民来电：垃圾满溢")
    type_text(dialog.reporter_name, "张先生")
    qtbot.keyClicks(dialog.reporter_phone, "12ab")
    click_save(qtbot, dialog)
    assert "联系电话格式不正确" in dialog.status.text() and ws.count_cases() == 0
    assert dialog.reporter_phone.hasFocus() or dialog.reporter_phone.text() == "12ab"

    dialog.reporter_phone.clear()
    qtbot.keyClicks(dialog.reporter_phone, "13812341234")
    with qtbot.waitSignal(dialog.changed):
        click_save(qtbot, dialog)
    record = ws.record(dialog.case_id)
    assert record.source is Source.HOTLINE and record.reporter_phone == "13812341234"
    assert record.category_code == "022101"


def test_role_that_does_not_report_cannot_save(qtbot, ws):
    ws.act_as("paiqian")
    dialog, _ = make_dialog(qtbot, ws)
    assert dialog.source.count() == 0 and not dialog.save_button.isEnabled()
    assert "does not report" in dialog.status.text()


def test_failed_write_keeps_the_draft_then_saves(qtbot, ws, tmp_path, monkeypatch):
    ws.act_as("wg001")
    dialog, maps = make_dialog(qtbot, ws)
    choose_category(qtbot, dialog, GARBAGE)
    pick_on_map(qtbot, dialog, maps, officer_point(ws))
    dialog.photos.add_files([photo(tmp_path / "a.jpg")])
    type_text(dialog.description, "磁盘满了也不能丢")
    real = ws.report

    def broken(**kwargs):
        raise StorageError("file_write_failed", "照片保存失败：No space left on device")

    monkeypatch.setattr(ws, "report", broken)
    click_save(qtbot, dialog)
    assert "No space left" in dialog.status.text()
    box = dialog.findChild(QMessageBox)
    assert box is not None and box.isVisible()  # ui.errors.show_error
    box.close()
    assert dialog.isVisible() and dialog.save_button.isEnabled()
    assert dialog.description.toPlainText() == "磁盘满了也不能丢"
    assert len(dialog.photos.photos()) == 1 and dialog.location.point() is not None

    dialog.reject()  # closing asks first: the draft is not thrown away silently
    assert dialog.isVisible() and dialog.discard_box.isVisible()
    dialog.discard_box.button(QMessageBox.StandardButton.Cancel).click()
    assert dialog.isVisible()

    monkeypatch.setattr(ws, "report", real)
    with qtbot.waitSignal(dialog.changed):
        click_save(qtbot, dialog)
    assert ws.record(dialog.case_id).description == "磁盘满了也不能丢"


def test_client_store_says_waiting_to_sync(qtbot, store_path, tmp_path, clock):
    path = tmp_path / "client.db"
    shutil.copyfile(store_path, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 'client' WHERE key = 'store_role'")
    ws = Workspace.open(path, clock=clock)
    try:
        assert not ws.authority
        ws.act_as("wg001")
        dialog, maps = make_dialog(qtbot, ws)
        choose_category(qtbot, dialog, GARBAGE)
        pick_on_map(qtbot, dialog, maps, officer_point(ws))
        type_text(dialog.description, "离线上报")
        with qtbot.waitSignal(dialog.changed):
            click_save(qtbot, dialog)
        assert "waiting to sync" in dialog.status.text()
        record = ws.record(dialog.case_id)
        assert record.number_provisional and record.number in dialog.status.text()
    finally:
        ws.close()


def test_town_intake_cannot_record_a_case_in_another_street(qtbot, ws):
    """A town centre records calls about its own town: elsewhere is refused, input kept."""
    ws.act_as("bj-shouli")
    before = ws.count_cases()
    dialog, _ = make_dialog(qtbot, ws)
    choose_category(qtbot, dialog, GARBAGE)
    type_point(qtbot, dialog, *officer_point(ws, "wg001"))  # 丝绸路街道, not 北郊镇
    type_text(dialog.description, "来电")
    click_save(qtbot, dialog)
    qtbot.waitUntil(lambda: "职责范围" in dialog.status.text())
    assert dialog.case_id is None and ws.count_cases() == before
    assert dialog.description.toPlainText() == "来电"


# -- the core's report rule: roles and scope ----------------------------------------------


@pytest.mark.parametrize("username", ["admin", "bm-d02", "ducha", "paiqian"])
def test_core_refuses_reports_from_roles_outside_the_report_rule(ws, username):
    ws.act_as(username)
    assert ws.user.role not in RULES[Action.REPORT].roles
    x, y = officer_point(ws)
    with pytest.raises(DomainError):
        ws.report(source="hotline", category_code=GARBAGE, lon=x, lat=y, description="来电")


def test_core_refuses_town_intake_report_outside_its_town(ws):
    ws.act_as("bj-shouli")  # 北郊镇 centre
    x, y = officer_point(ws, "wg001")  # a grid of 丝绸路街道
    with pytest.raises(DomainError):
        ws.report(source="hotline", category_code=GARBAGE, lon=x, lat=y, description="来电")


def test_changes_of_a_client_report_say_pending(store_path, tmp_path, clock):
    path = tmp_path / "client.db"
    shutil.copyfile(store_path, path)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE meta SET value = 'client' WHERE key = 'store_role'")
    with Workspace.open(path, clock=clock) as ws:
        ws.act_as("wg001")
        x, y = officer_point(ws)
        changes = ws.report(source="patrol", category_code=GARBAGE, lon=x, lat=y, description="x")
        assert changes.pending is True
