"""An administrator makes the 天地图 base map (with the key) the whole district's from the
base-map dialog; an officer's laptop then starts on it after its next sync."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox

from gridapp.maps.presets import preset
from tests.live_server import LiveServer
from tests.sync.helpers import make_client
from tests.ui.admin_helpers import AdminSession, admin_session
from ui.map.tiles_dialog import TileSourceDialog
from ui.tasks import TaskRunner

KEY = "0123456789abcdef0123456789abcdef"


@pytest.fixture
def session(live_server: LiveServer, tmp_path: Path) -> AdminSession:
    s = admin_session(live_server, tmp_path)
    yield s
    s.close()


def test_admin_sets_the_district_base_map_from_the_dialog(qtbot, session, live_server, tmp_path):
    dialog = TileSourceDialog(session.ws, TaskRunner(inline=True))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.district_check.isVisible()
    radio = dialog.xyz_radio
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(8, radio.height() // 2))
    dialog.preset_combo.setCurrentIndex(dialog.preset_combo.findData("tianditu-vector"))
    dialog.key_edit.setText(KEY)
    dialog.district_check.setChecked(True)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.LeftButton)

    laptop = make_client(tmp_path / "officer", live_server.url, "officer", "wg001")
    try:
        laptop.run()
        assert laptop.ws.maps.tile_source() == preset("tianditu-vector").source(KEY)
        # Not offered to anyone but an administrator.
        other = TileSourceDialog(laptop.ws, TaskRunner(inline=True))
        qtbot.addWidget(other)
        other.show()
        assert not other.district_check.isVisible()
    finally:
        laptop.close()
