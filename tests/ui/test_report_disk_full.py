"""The report dialog on a laptop whose disk is full: the message, the draft kept, then saved.

The client store lives on a small tmpfs filled for real (``tests/fs_helpers``): the
save fails at the photo copy or at the database commit, the dialog says the disk is
full and where, keeps every field and stays usable, and the same Save works once
space is freed — one case, its photos whole.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from tests.faults.test_disk_full import (
    DISK,
    check_photo_folder,
    client_store,
    counts,
    noise_jpeg,
    pages,
)
from tests.ui.report_helpers import GARBAGE, officer_point, type_text
from tests.ui.test_report_dialog import choose_category, click_save, make_dialog, pick_on_map


@pytest.mark.parametrize("runs_out", ["photo copy", "database commit"])
def test_full_disk_keeps_the_draft_says_so_and_saves_once_space_is_freed(
    qtbot, small_disk, reference_template, clock, tmp_path, runs_out
):
    disk = small_disk(DISK)
    ws = client_store(disk, reference_template, clock)
    try:
        blobs = [noise_jpeg(11), noise_jpeg(12)]
        files = []
        for n, blob in enumerate(blobs):
            files.append(tmp_path / f"photo{n}.jpg")
            files[-1].write_bytes(blob)
        dialog, maps = make_dialog(qtbot, ws)
        choose_category(qtbot, dialog, GARBAGE)
        pick_on_map(qtbot, dialog, maps, officer_point(ws))
        dialog.photos.add_files(files)
        type_text(dialog.description, "磁盘满了也不能丢")
        before = counts(ws.db.path)
        if runs_out == "photo copy":
            disk.fill(leave=pages(blobs[0]) + pages(blobs[1]) // 2)
        else:
            disk.fill(leave=pages(*blobs))

        click_save(qtbot, dialog)
        status = dialog.status.text()
        assert "磁盘空间不足" in status and str(disk.root) in status
        assert dialog.status.toolTip().endswith("disk_full")  # "错误代码：disk_full"
        box = dialog.findChild(QMessageBox)
        assert box is not None and box.isVisible() and "磁盘空间不足" in box.text()
        box.close()
        assert dialog.isVisible() and dialog.case_id is None
        assert dialog.save_button.isEnabled() and dialog.description.isEnabled()
        assert dialog.description.toPlainText() == "磁盘满了也不能丢"
        assert len(dialog.photos.photos()) == 2 and dialog.location.point() is not None
        assert counts(ws.db.path) == before and before["integrity"] == "ok"
        check_photo_folder(ws.files.root)

        type_text(dialog.address, "新建路12号")  # still usable while the user frees space
        disk.release()
        with qtbot.waitSignal(dialog.changed):
            click_save(qtbot, dialog)
        record = ws.record(dialog.case_id)
        assert record.description == "磁盘满了也不能丢" and record.address == "新建路12号"
        assert [ws.files.read(s) for s in record.photos] == blobs
        after = counts(ws.db.path)
        assert (after["cases"], after["case_events"], after["integrity"]) == (1, 1, "ok")
        assert "waiting to sync" in dialog.status.text()
    finally:
        ws.close()
