"""The report dialog's parts on their own: category picker, photo list, drafts."""

from __future__ import annotations

import io
import threading

import pytest
from PIL import Image
from PySide6.QtCore import Qt

from gridapp.workspace import Workspace
from tests.ui.report_helpers import GARBAGE, FakeMap, officer_point, photo, type_text
from ui.report.category_picker import CategoryPicker
from ui.report.photo_list import PhotoList
from ui.report.report_dialog import ReportDialog
from ui.tasks import TaskRunner

# -- category picker -------------------------------------------------------------------------


def test_picker_search_by_code_name_initials_and_browse(qtbot, ws):
    picker = CategoryPicker(ws.catalog)
    qtbot.addWidget(picker)
    picker.show()
    chosen = []
    picker.category_chosen.connect(chosen.append)

    for text, code in (("020102", "020102"), ("ljmy", "022101"), ("暴露垃圾", "020102")):
        picker.search.clear()
        type_text(picker.search, text)
        qtbot.keyClick(picker.search, Qt.Key.Key_Return)
        assert chosen[-1].code == code
    assert "暴露垃圾" in picker.chosen.text()
    category = ws.catalog.get("020102")
    assert category.filing_condition in picker.facts.conditions.text()
    assert category.closing_condition in picker.facts.conditions.text()

    picker.search.clear()
    qtbot.keyClicks(picker.search, "zzzz")
    assert picker.results.count() == 1  # the "no match" line, not pickable
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert chosen[-1].code == "020102"  # unchanged

    picker.tabs.setCurrentWidget(picker.tree)
    kinds = [picker.tree.topLevelItem(i).text(0) for i in range(picker.tree.topLevelItemCount())]
    assert kinds == ["部件", "事件"]
    big = picker.tree.topLevelItem(1).child(0)  # 事件 / 市容环境
    assert "市容环境" in big.text(0)
    leaf = big.child(0)
    picker.tree.itemActivated.emit(leaf, 0)
    assert chosen[-1].code == leaf.text(0).split()[0]
    total = sum(
        picker.tree.topLevelItem(k).child(b).childCount()
        for k in range(2)
        for b in range(picker.tree.topLevelItem(k).childCount())
    )
    assert total == len([c for c in ws.catalog if not c.retired])  # retired: never offered


# -- photo list ------------------------------------------------------------------------------


def _list(qtbot, ws, runner=None) -> PhotoList:
    photos = PhotoList(ws, runner or TaskRunner(inline=True))
    qtbot.addWidget(photos)
    photos.show()
    return photos


@pytest.fixture(params=["facade", "fallback"])
def checked_ws(request, ws, monkeypatch):
    """Both paths: the facade's ws.check_photo, and the list's own check without it."""
    if request.param == "fallback":  # taken from the mixin that gives it to Workspace
        owner = next(c for c in Workspace.__mro__ if "check_photo" in vars(c))
        monkeypatch.delattr(owner, "check_photo")
        assert not hasattr(ws, "check_photo")
    return ws


def test_bad_files_are_refused_when_added_and_nothing_else_is_lost(qtbot, checked_ws, tmp_path):
    photos = _list(qtbot, checked_ws)
    photos.add_files([photo(tmp_path / "good.jpg")])
    text = tmp_path / "notes.jpg"
    text.write_text("this is not a photo")
    big = tmp_path / "huge.jpg"
    big.write_bytes(b"\xff\xd8" + bytes(21 * 1024 * 1024))
    gif = tmp_path / "anim.gif"
    Image.new("RGB", (8, 8)).save(gif, "GIF")
    photos.add_files([text, big, gif, tmp_path / "missing.jpg"])

    assert [p.path.name for p in photos.photos()] == ["good.jpg"]
    assert photos.list.count() == 1
    message = photos.message.text()
    lines = message.splitlines()
    assert len(lines) == 4 and all("was not added" in line for line in lines)
    assert "notes.jpg" in lines[0] and "huge.jpg" in lines[1] and "anim.gif" in lines[2]
    assert "MB" in lines[1] and "20" in lines[1]  # says the limit
    assert "missing.jpg" in lines[3]


def test_photo_thumbnails_duplicates_remove_and_gps(qtbot, ws, tmp_path):
    runner = TaskRunner()  # real worker threads
    photos = _list(qtbot, ws, runner)
    threads = []
    real = ws.point_from_photo

    def spy(data):
        threads.append(threading.get_ident())
        return real(data)

    ws.point_from_photo = spy
    here = officer_point(ws)
    first = photo(tmp_path / "a.jpg", size=(800, 600))
    with_gps = photo(tmp_path / "b.jpg", gps=here, colour=(10, 200, 10))
    photos.add_files([first, with_gps, tmp_path / "a.jpg"])
    assert photos.is_busy()
    qtbot.waitUntil(lambda: not photos.is_busy(), timeout=5000)
    assert threading.get_ident() not in threads  # decoded off the GUI thread
    assert len(photos.photos()) == 2
    assert "already in the list" in photos.message.text()
    icon = photos.list.item(0).icon().pixmap(96, 96)
    assert not icon.isNull() and icon.width() <= 96

    assert photos.location_button.isVisible()
    with qtbot.waitSignal(photos.use_location) as got:
        qtbot.mouseClick(photos.location_button, Qt.MouseButton.LeftButton)
    assert tuple(got.args) == pytest.approx(here, abs=1e-6)

    photos.list.setCurrentRow(1)
    photos.list.setFocus()
    qtbot.keyClick(photos.list, Qt.Key.Key_Delete)
    assert [p.path.name for p in photos.photos()] == ["a.jpg"]
    assert not photos.location_button.isVisible()  # the only GPS photo is gone
    assert runner.wait(5000)


# -- drafts ----------------------------------------------------------------------------------


def test_load_draft_fills_every_field(qtbot, ws, tmp_path):
    """A report refused by the service comes back as its payload, to be made again."""
    ws.act_as("wg001")
    lon, lat = officer_point(ws)
    buf = io.BytesIO()
    Image.new("RGB", (20, 20), (200, 0, 0)).save(buf, "PNG")
    changes = ws.report(source="patrol", category_code=GARBAGE, lon=lon, lat=lat,
                        description="原稿", address="原地址", urgency="urgent",
                        photos=[buf.getvalue()])  # fmt: skip
    record = ws.record(next(iter(changes.case_ids)))
    draft = {
        "category_code": record.category_code,
        "lon": record.lon,
        "lat": record.lat,
        "address": record.address,
        "description": record.description,
        "urgency": record.urgency.value,
        "source": record.source.value,
        "photos": list(record.photos),
    }
    dialog = ReportDialog(ws, TaskRunner(inline=True), None, map_factory=FakeMap)
    qtbot.addWidget(dialog)
    dialog.load_draft(draft)
    fields = dialog.fields()
    assert fields["category_code"] == GARBAGE and fields["urgency"] == "urgent"
    assert (fields["lon"], fields["lat"]) == pytest.approx((lon, lat), abs=1e-7)
    assert fields["description"] == "原稿" and fields["address"] == "原地址"
    assert [p.sha256 for p in dialog.photos.photos()] == list(record.photos)
    assert dialog.location.grid().code == record.grid_code
    assert dialog.has_draft()


# -- typing the point, translations ----------------------------------------------------------


def test_typed_point_waits_for_both_fields(qtbot, ws):
    ws.act_as("wg001")
    dialog = ReportDialog(ws, TaskRunner(inline=True))
    qtbot.addWidget(dialog)
    dialog.show()
    lon, lat = officer_point(ws)
    box = dialog.location
    box.lon_edit.setFocus()
    qtbot.keyClicks(box.lon_edit, f"{lon:.6f}")
    qtbot.keyClick(box.lon_edit, Qt.Key.Key_Tab)  # on to latitude: no error yet
    assert not box.error.isVisible() and box.point() is None
    qtbot.keyClicks(box.lat_edit, f"{lat:.6f}")
    qtbot.keyClick(box.lat_edit, Qt.Key.Key_Return)
    assert box.point() == pytest.approx((lon, lat), abs=1e-6)
    assert box.origin.text() == "typed in" and box.grid() == ws.locate(lon, lat)
    assert dialog.isVisible() and dialog.case_id is None  # Return did not save


def test_every_report_string_has_a_chinese_text():
    import ast
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    zh = {}  # the report area's texts, and those the catalog-v2 form added (catpicker)
    for name in ("report.json", "catpicker.json"):
        zh.update(json.loads((root / "resources/translations/zh_CN" / name).read_text("utf-8")))
    found = set()
    for path in (root / "ui/report").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
                arg = node.args[0]
                if name in ("tr", "_tr") and isinstance(arg, ast.Constant):
                    found.add(arg.value)
    assert found and not (found - set(zh)), sorted(found - set(zh))
    assert all(isinstance(v, str) and v.strip() for v in zh.values())
