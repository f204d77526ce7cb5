"""The status bar says when photos saved here wait in the store because the photo
folder's disk is full (the save succeeded; nothing is lost), in Chinese, naming the
folder, and stops saying it once they are written."""

from __future__ import annotations

import pytest

from gridapp.errors import DiskFullError
from gridapp.store.database import Database
from gridapp.store.files import FileStore
from gridapp.sync.session import SyncSession
from gridapp.workspace import Workspace
from tests.core.helpers import jpeg
from tests.core.test_photo_journal import report
from tests.fs_helpers import small_disk  # noqa: F401 (the fixture)
from ui.sync.status_bar import SyncStatusWidget


def test_photos_waiting_on_a_full_disk_show_in_the_status_bar(
    qtbot,
    chinese,
    small_disk,  # noqa: F811
    store_path,
    clock,
    tmp_path,
) -> None:
    disk = small_disk(4 * 1024 * 1024)
    ws = Workspace(Database(store_path), files=FileStore(disk.root / "files"), clock=clock)
    session = SyncSession(ws, "http://127.0.0.1:9", tmp_path / "tokens", use_keyring=False)
    widget = SyncStatusWidget()
    qtbot.addWidget(widget)
    widget.show()
    try:
        ws.journal.background = False
        ws.act_as("wg001")
        widget.set_status(session.status())
        assert not widget.photos_label.isVisible()
        disk.fill(leave=0)
        report(ws, jpeg(7))
        with pytest.raises(DiskFullError):
            ws.journal.settle()
        widget.set_status(session.status())
        assert widget.photos_label.isVisible()
        assert widget.photos_label.text() == "照片待写入"
        tip = widget.photos_label.toolTip()
        assert "照片已随案卷保存在本机数据库中" in tip and str(disk.root) in tip

        disk.release()
        assert ws.journal.settle() == 1
        widget.set_status(session.status())
        assert not widget.photos_label.isVisible()
    finally:
        session.close()
        ws.close()
