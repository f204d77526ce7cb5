"""``gridapp --help`` says where the demo store lives and how to make the monthly report
from it, and ``gridapp report --demo`` makes it from the store the client built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from gridapp.cli import main  # noqa: E402
from gridapp.paths import DATA_DIR_ENV, demo_store_path, user_data_dir  # noqa: E402
from gridapp.workspace import Workspace  # noqa: E402
from tests.core.helpers import URBAN, drive, report  # noqa: E402


def test_help_names_the_commands_the_demo_store_and_the_report(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "数据"))
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    text = capsys.readouterr().out
    for command in ("demo", "report", "serve", "backup", "restore", "gc"):
        assert f"\n    {command}" in text, command
    assert "月度考评报告" in text and "演示" in text  # Chinese, as the users read it
    assert str(tmp_path / "数据" / "demo" / "central.db") in text
    assert DATA_DIR_ENV in text
    assert "report --demo" in text
    with pytest.raises(SystemExit):
        main(["report", "--help"])
    assert "--demo" in capsys.readouterr().out


def test_the_data_folder_follows_the_variable_and_the_platform(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path))
    assert demo_store_path() == tmp_path / "demo" / "central.db"
    monkeypatch.delenv(DATA_DIR_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "roaming"))
    assert user_data_dir().parts[-2:] == ("gridapp", "gridapp")


def test_report_from_the_demo_store(store_path: Path, clock, tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    (data / "demo").mkdir(parents=True)
    shutil.copyfile(store_path, data / "demo" / "central.db")
    with Workspace.open(data / "demo" / "central.db", clock=clock) as ws:
        drive(ws, report(ws, URBAN), "closed")
    monkeypatch.setenv(DATA_DIR_ENV, str(data))
    out = tmp_path / "月报.xlsx"
    assert main(["report", "--demo", "--month", "2026-11", "--xlsx", str(out)]) == 0
    assert "淄博市周村区 2026年11月: 上报 1，立案 1，结案 1" in capsys.readouterr().out
    assert openpyxl.load_workbook(out)["汇总"].max_row > 1

    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "none"))
    assert main(["report", "--demo", "--xlsx", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no_store" in err and str(tmp_path / "none") in err
