"""The desktop client's ``--help``: what starts, the demo users, the data folder as Qt
resolves it on this computer, and the way to the monthly report."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QStandardPaths

from gridapp.paths import DATA_DIR_ENV, user_data_dir
from ui.app import parse_args


def test_the_folder_without_qt_is_the_folder_qt_gives(qapp, tmp_path, monkeypatch):
    monkeypatch.delenv(DATA_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    names = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    QCoreApplication.setOrganizationName("gridapp")  # as ui.app.main sets them
    QCoreApplication.setApplicationName("gridapp")
    try:
        location = QStandardPaths.StandardLocation.AppDataLocation
        assert str(user_data_dir()) == QStandardPaths.writableLocation(location)
    finally:
        QCoreApplication.setOrganizationName(names[0])
        QCoreApplication.setApplicationName(names[1])


def test_help_says_where_the_demo_is_and_how_to_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "gridapp-数据"))
    with pytest.raises(SystemExit) as done:
        parse_args(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    assert str(tmp_path / "gridapp-数据" / "demo" / "central.db") in text
    assert DATA_DIR_ENV in text and "--data-dir" in text
    assert "demo1234" in text and "ducha" in text
    assert "月度考评报告" in text and "report --demo" in text
    assert "--server" in text and "--lang" in text
