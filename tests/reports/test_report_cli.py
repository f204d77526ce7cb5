"""``gridapp report`` against a local store and against a live sync service."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

openpyxl = pytest.importorskip("openpyxl")

from gridapp.cli import main  # noqa: E402
from gridapp.workspace import Workspace  # noqa: E402
from tests.core import test_report_month as hand  # noqa: E402
from tests.core.helpers import URBAN, Clock, act, drive, report  # noqa: E402

month = hand.month  # the hand-built October (a fixture)


def summary_cells(path: Path) -> dict[str, object]:
    wb = openpyxl.load_workbook(path)
    return {r[0]: r[1] for r in wb["汇总"].iter_rows(min_row=2, values_only=True) if r and r[0]}


def test_report_from_a_local_store(ws, month, store_path: Path, tmp_path: Path, capsys):
    ws.close()
    out = tmp_path / "r.xlsx"
    argv = ["report", "--month", "2026-10", "--region", "370306", "--db", str(store_path)]
    assert main([*argv, "--xlsx", str(out), "--as-user", "ducha"]) == 0
    printed = capsys.readouterr().out
    assert "淄博市周村区 2026年10月: 上报 9，立案 8，结案 6，应结案 7" in printed
    cells = summary_cells(out)
    assert cells["上报数"] == 9 and cells["应结案数"] == 7 and "ducha" in str(cells["生成人"])


def test_bad_arguments_are_clear_errors(store_path: Path, tmp_path: Path, capsys):
    base = ["report", "--db", str(store_path), "--xlsx", str(tmp_path / "x.xlsx")]
    assert main([*base, "--month", "2026-10", "--region", "999"]) == 2
    assert "unknown_region" in capsys.readouterr().err
    assert main([*base, "--month", "10/2026"]) == 2
    assert "bad_month" in capsys.readouterr().err
    assert main(["report", "--db", str(store_path), "--month", "2026-10"]) == 2
    assert "no_output" in capsys.readouterr().err
    assert main(["report", "--db", str(tmp_path / "none.db"), "--xlsx", "x.xlsx"]) == 2
    assert "no_store" in capsys.readouterr().err


def test_report_from_a_sync_service(central_settings, tmp_path: Path, monkeypatch, capsys):
    if central_settings.db_schema:
        pytest.skip("cases are written into the SQLite file before the service starts")
    from tests.live_server import PASSWORD, start_server

    db_path = Path(central_settings.db_url.removeprefix("sqlite:///"))
    clock = Clock(datetime(2026, 10, 12, 9, 0))
    central = Workspace.open(db_path, clock=clock)
    closed = report(central, URBAN)
    drive(central, closed, "closed")
    clock.advance(hours=1)
    rejected = report(central, URBAN)
    act(central, "shouli", rejected, "reject", {"reason": "不属于受理范围"})
    central.close()
    server = start_server(central_settings)
    try:
        monkeypatch.setenv("GRIDAPP_PASSWORD", PASSWORD)
        out = tmp_path / "server.xlsx"
        argv = ["report", "--server", server.url, "--user", "ducha", "--month", "2026-10"]
        assert main([*argv, "--xlsx", str(out)]) == 0
    finally:
        server.stop()
    assert "上报 2，立案 1，结案 1" in capsys.readouterr().out
    cells = summary_cells(out)
    assert cells["不予立案"] == 1 and "最后同步" in str(cells["数据快照"])
