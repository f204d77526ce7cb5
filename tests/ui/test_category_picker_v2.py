"""The report form on a catalog-v2 fixture: tree browse, keyword search, retired classes
hidden, the manhole-cover helper, the 细类 combo, and the 立案 dialog's filing hour.

The fixture catalog (tests/catalog_v2_fixture.py) stands in for the shipped one,
which is being rewritten; assertions use object names and codes, not labels.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidgetItem

from gridapp.domain.actions import Action
from gridapp.workspace import Workspace
from tests.catalog_v2_fixture import (
    BIKES,
    BUILDING,
    COVER_SEWAGE,
    COVER_UNOWNED,
    COVER_WATER,
    DIRTY_ROAD,
    GARBAGE,
    OLD_COVER_EVENT,
    fixture_catalog,
)
from tests.core.helpers import URBAN, report
from tests.ui import detail_helpers
from tests.ui.detail_helpers import click_action, make_view, open_case
from tests.ui.report_helpers import FakeMap, officer_point, type_text
from ui.detail.file_dialog import FileDialog
from ui.report.category_picker import CODE_ROLE, CategoryPicker
from ui.report.report_dialog import ReportDialog
from ui.tasks import TaskRunner

errors = detail_helpers.errors


@pytest.fixture
def vws(store_path: Path, clock, tmp_path: Path):
    workspace = Workspace.open(store_path, clock=clock, catalog=fixture_catalog(tmp_path / "fx"))
    yield workspace
    workspace.close()


def make_picker(qtbot, ws) -> tuple[CategoryPicker, list]:
    picker = CategoryPicker(ws.catalog)
    qtbot.addWidget(picker)
    picker.resize(520, 640)
    picker.show()
    chosen: list = []
    picker.category_chosen.connect(chosen.append)
    return picker, chosen


def tree_codes(item: QTreeWidgetItem) -> list[str]:
    """Codes of the small classes under ``item``, depth first."""
    codes = [item.data(0, CODE_ROLE)] if item.data(0, CODE_ROLE) else []
    for i in range(item.childCount()):
        codes += tree_codes(item.child(i))
    return codes


def test_tree_browses_kind_big_small_without_retired_classes(qtbot, vws):
    picker, chosen = make_picker(qtbot, vws)
    tree = picker.tree
    assert tree.topLevelItemCount() == 2  # 部件, 事件
    components, events = tree.topLevelItem(0), tree.topLevelItem(1)
    assert components.childCount() == 1  # 公用设施 only: 扩展部件类 has nothing to offer
    assert components.child(0).text(0).startswith("01 ")
    assert [events.child(i).text(0)[:2] for i in range(events.childCount())] == ["01", "21"]
    offered = tree_codes(components) + tree_codes(events)
    assert OLD_COVER_EVENT not in offered
    assert sorted(offered) == sorted(c.code for c in vws.catalog if not c.retired)
    leaf = events.child(1).child(0)  # 扩展事件类 → 共享单车乱停放
    tree.itemActivated.emit(leaf, 0)
    assert chosen[-1].code == BIKES


def test_keyword_search_and_retired_classes_never_offered(qtbot, vws):
    picker, chosen = make_picker(qtbot, vws)
    type_text(picker.search, "违建")
    assert picker.results.item(0).data(CODE_ROLE) == BUILDING
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen[-1].code == BUILDING
    picker.search.clear()
    qtbot.keyClicks(picker.search, "jgds")  # the retired 井盖丢失's initials
    assert picker.results.count() == 1 and not picker.results.item(0).data(CODE_ROLE)
    picker.search.clear()
    type_text(picker.search, "井盖")
    found = [picker.results.item(i).data(CODE_ROLE) for i in range(picker.results.count())]
    assert set(found) == {COVER_WATER, COVER_SEWAGE, COVER_UNOWNED}


def test_typing_cover_shows_owner_markings_and_unowned_choice(qtbot, vws):
    picker, chosen = make_picker(qtbot, vws)
    type_text(picker.search, "井盖")
    assert picker.tabs.currentWidget() is picker.covers
    choices = picker.covers.choices
    rows = {choices.item(i).data(CODE_ROLE): choices.item(i).text() for i in range(choices.count())}
    assert list(rows) == [COVER_WATER, COVER_SEWAGE]
    assert rows[COVER_WATER].startswith("上水/给水/自来水 → ")
    assert rows[COVER_SEWAGE].startswith("污水 → ")
    unowned = picker.covers.unowned  # set apart below the list, never scrolled away
    assert unowned.isVisible() and unowned.text().endswith(f"{COVER_UNOWNED} 无主井盖")
    assert picker.covers.codes() == [COVER_WATER, COVER_SEWAGE, COVER_UNOWNED]

    # Enter does not guess the owner: it goes to the list, where the officer chooses.
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen == [] and choices.currentRow() == 0
    assert choices.hasFocus() or not picker.isActiveWindow()  # (offscreen: never active)
    qtbot.mouseClick(unowned, Qt.MouseButton.LeftButton)
    assert chosen[-1].code == COVER_UNOWNED
    assert picker.facts.notes.isVisibleTo(picker)  # its marking shown with the class
    rect = choices.visualItemRect(choices.item(1))
    qtbot.mouseClick(choices.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert chosen[-1].code == COVER_SEWAGE
    choices.setCurrentRow(0)
    qtbot.keyClick(choices, Qt.Key.Key_Return)
    assert chosen[-1].code == COVER_WATER
    assert picker.covers.choices.currentItem().data(CODE_ROLE) == COVER_WATER


def test_choosing_a_cover_class_elsewhere_brings_the_helper_forward(qtbot, vws):
    picker, chosen = make_picker(qtbot, vws)
    picker.tabs.setCurrentWidget(picker.tree)
    leaf = picker.tree.topLevelItem(0).child(0).child(0)
    assert leaf.data(0, CODE_ROLE) == COVER_WATER
    picker.tree.itemActivated.emit(leaf, 0)
    assert chosen[-1].code == COVER_WATER
    assert picker.tabs.currentWidget() is picker.covers
    assert picker.covers.choices.currentItem().data(CODE_ROLE) == COVER_WATER
    limit = picker.facts.limit.text()
    assert "6" in limit and "广州" in limit  # the cover limit with its published source


def test_subclass_combo_only_for_classes_with_subclasses(qtbot, vws):
    picker, _ = make_picker(qtbot, vws)
    combo = picker.facts.subclass
    picker.set_category(GARBAGE)
    assert not combo.isVisibleTo(picker) and picker.subclass() is None
    picker.set_category(BUILDING)
    assert combo.isVisibleTo(picker)
    assert [combo.itemData(i) for i in range(combo.count())] == [None, "01", "02", "03"]
    assert picker.subclass() is None  # "not sure" until the officer says
    default_limit = picker.facts.limit.text()
    changed = []
    picker.subclass_changed.connect(changed.append)
    combo.setCurrentIndex(combo.findData("02"))
    assert changed == ["02"] and picker.subclass() == "02"
    assert "20" in picker.facts.limit.text() and picker.facts.limit.text() != default_limit
    sub = vws.catalog.subclass(BUILDING, "02")
    assert sub.filing_condition in picker.facts.conditions.text()
    picker.set_category(BUILDING, "03")
    assert picker.subclass() == "03"


def test_report_dialog_saves_the_subclass_and_says_what_photos_are_wanted(qtbot, vws):
    vws.act_as("wg001")
    dialog = ReportDialog(vws, TaskRunner(inline=True), None, map_factory=FakeMap)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.save_button.objectName() == "save"
    assert dialog.photo_hint.isVisible() and dialog.photo_hint.text()
    type_text(dialog.picker.search, "违建")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    combo = dialog.picker.facts.subclass
    combo.setCurrentIndex(combo.findData("01"))
    dialog.location.set_point(*officer_point(vws))
    type_text(dialog.description, "绿地内新建砖房")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.case_id is not None, dialog.status.text()
    record = vws.record(dialog.case_id)
    assert (record.category_code, record.subclass) == (BUILDING, "01")
    for edit in (dialog.location.lon_edit, dialog.location.lat_edit):
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.text())


def test_file_dialog_keeps_changes_subclass_and_says_the_filing_hour(qtbot, vws, clock, errors):
    cid = report(vws, URBAN, category=BUILDING, subclass="01")
    vws.act_as("shouli")
    vws.act(cid, "accept")
    view = make_view(qtbot, vws)
    open_case(qtbot, view, "zhiban", cid)
    assert "无规划许可" in view.values["category"].text()
    assert vws.catalog.subclass(BUILDING, "01").filing_condition in view.conditions.text()
    dialog = click_action(qtbot, view, Action.FILE)
    assert isinstance(dialog, FileDialog)
    assert dialog.picker.subclass() == "01" and not dialog.timing.isVisibleTo(dialog)
    assert dialog.payload() == {}
    combo = dialog.picker.facts.subclass
    combo.setCurrentIndex(combo.findData("03"))
    assert dialog.payload() == {"subclass": "03"}
    dialog.picker.set_category(DIRTY_ROAD)
    assert dialog.timing.isVisibleTo(dialog)  # 09:00: said, not in the way
    assert dialog.problem() is None
    clock.now = datetime(2026, 11, 16, 7, 40)
    dialog.picker.set_category(BUILDING)
    dialog.picker.set_category(DIRTY_ROAD)
    assert "08:00" in dialog.timing.text() and "07:40" in dialog.timing.text()
    assert dialog.problem() == dialog.timing.text()
    dialog.reject()


def test_a_draft_under_a_retired_class_asks_for_its_successor(qtbot, vws):
    """A refused report made again under 井盖丢失 (retired): the class is not taken over;
    the form names its successors and opens the cover helper."""
    vws.act_as("wg001")
    dialog = ReportDialog(vws, TaskRunner(inline=True), None, map_factory=FakeMap)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.load_draft({"category_code": OLD_COVER_EVENT, "description": "井盖不见了"})
    assert dialog.picker.category() is None
    assert "无主井盖" in dialog.status.text() and "上水井盖" in dialog.status.text()
    assert dialog.picker.tabs.currentWidget() is dialog.picker.covers
    # An old case under it still shows what it was, and where such problems go now.
    dialog.picker.set_category(OLD_COVER_EVENT)
    assert "010114 无主井盖" in dialog.picker.facts.notes.text()


@pytest.mark.parametrize(("user", "source"), [("wg001", "patrol"), ("shouli", "hotline")])
def test_report_dialog_fits_a_1366x768_laptop(qtbot, vws, user, source):
    """Opened, with the citizen's fields (intake) and with the map pane: never taller
    than 700 px (768 less taskbar and title bar) nor wider than the screen."""
    vws.act_as(user)
    dialog = ReportDialog(vws, TaskRunner(inline=True), None, map_factory=FakeMap)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.source.setCurrentIndex(dialog.source.findData(source))
    dialog.picker.set_category(BUILDING, "02")  # the longest facts of the fixture
    assert dialog.reporter_name.isVisible() is (source == "hotline")
    assert dialog.height() <= 700 and dialog.minimumSizeHint().height() <= 700
    dialog.pick_on_map()
    assert dialog.width() <= 1366 and dialog.height() <= 700
    dialog.location.set_point(-117.8641833, -36.8000201)  # the widest a point can be
    for edit in (dialog.location.lon_edit, dialog.location.lat_edit):
        assert edit.width() >= edit.fontMetrics().horizontalAdvance(edit.text()) + 8, edit.text()
