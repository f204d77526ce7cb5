"""Screenshots of the detail view and the dispatch/check dialogs: not blank, nothing cut off.

Set GRIDAPP_SHOTS=/some/dir to keep the PNGs (the screenshot run); else they go to tmp.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from tests.core.helpers import URBAN, act, drive, officer_of, report
from tests.ui.detail_helpers import click_action, make_view, open_case, photo_file
from ui.app import use_cjk_font

A, S = Action, CaseState


def _save(widget: QWidget, folder: Path, name: str) -> Path:
    QApplication.processEvents()
    image = widget.grab().toImage()
    assert not image.isNull() and image.width() > 300 and image.height() > 150
    rows = range(5, min(image.height(), 240), 9)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in rows}
    assert len(colours) > 3, f"{name} looks blank"
    hint = widget.minimumSizeHint()
    assert hint.width() <= widget.width() and hint.height() <= widget.height(), name
    path = folder / f"{name}.png"
    image.save(str(path))
    return path


def test_detail_and_dialog_screens(qtbot, ws, tmp_path, clock):
    folder = Path(os.environ.get("GRIDAPP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    use_cjk_font(QApplication.instance())
    photos = [
        photo_file(tmp_path, "a.png").read_bytes(),
        photo_file(tmp_path, "b.png", (30, 90, 200)).read_bytes(),
    ]
    cid = report(
        ws,
        URBAN,
        address="丝绸路12号北侧",
        description="路边暴露垃圾，约两立方米，影响通行",
        source="hotline",
        reporter_phone="13812341234",
        reporter_name="张先生",
        photos=photos,
    )
    drive(ws, cid, S.FILED)
    view = make_view(qtbot, ws)
    view.resize(1000, 900)
    open_case(qtbot, view, "paiqian", cid)
    dialog = click_action(qtbot, view, A.DISPATCH)
    _save(dialog, folder, "detail_dispatch_dialog")
    dialog.reject()
    act(ws, "paiqian", cid, "dispatch")
    clock.advance(minutes=100)
    after = [photo_file(tmp_path, "c.png", (0, 200, 0))]
    act(ws, "bm-d02", cid, "handle", {"note": "已清理"}, photos=after)
    officer = officer_of(ws, ws.record(cid).grid_code)
    open_case(qtbot, view, officer, cid)
    _save(view, folder, "detail_view_officer")
    dialog = click_action(qtbot, view, A.CHECK)
    dialog.failed.click()
    dialog.picker.add_files([photo_file(tmp_path, "d.png", (200, 200, 0))])
    _save(dialog, folder, "detail_check_dialog")
    dialog.reject()
    open_case(qtbot, view, "bm-d02", cid)
    _save(view, folder, "detail_view_department")


def test_co_handling_screens(qtbot, ws, tmp_path, clock):
    """The dispatch dialog with 协办 departments ticked, and a department's detail with
    the 签收 button (in Chinese when the translations are built)."""
    folder = Path(os.environ.get("GRIDAPP_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    use_cjk_font(QApplication.instance())
    cid = report(ws, URBAN, address="丝绸路18号", description="路口暴露垃圾，堆放较多")
    drive(ws, cid, S.FILED)
    view = make_view(qtbot, ws)
    view.resize(1366, 768)
    open_case(qtbot, view, "paiqian", cid)
    dialog = click_action(qtbot, view, A.DISPATCH)
    dialog.co.boxes["D05"].setChecked(True)
    dialog.co.boxes["D12"].setChecked(True)
    dialog.co_limit.setValue(1)
    _save(dialog, folder, "detail_dispatch_co_dialog")
    dialog.reject()
    co = {"department_code": "D02", "co_department_codes": ["D05", "D12"]}
    act(ws, "paiqian", cid, "dispatch", co)
    act(ws, "bm-d05", cid, "acknowledge")
    clock.advance(minutes=20)
    act(ws, "bm-d05", cid, "co_feedback", {"note": "已派员配合清运"})
    open_case(qtbot, view, "bm-d02", cid)
    assert A.ACKNOWLEDGE in view.action_buttons
    _save(view, folder, "detail_view_acknowledge")
