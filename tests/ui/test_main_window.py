"""The minimal main window lists the cases the chosen user may see, through the task lane."""

from __future__ import annotations

from gridapp.domain.case import CaseState
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


def _report(ws, officer: str, n: int) -> list[str]:
    ws.act_as(officer)
    grid = sorted(ws.reference.user(officer).grid_codes)[0]
    p = ws.reference.grids[grid].polygon.representative_point()
    ids = []
    for i in range(n):
        (cid,) = ws.report(
            source="patrol", category_code="020101", lon=p.x, lat=p.y, description=f"垃圾{i}"
        ).case_ids
        ids.append(cid)
    return ids


def test_window_lists_scope_and_filters(qtbot, ws):
    mine = _report(ws, "wg001", 3)
    _report(ws, "wg030", 2)
    ws.act_as("shouli")
    ws.act(mine[0], "accept")
    ws.act_as("zhiban")
    ws.act(mine[0], "file")

    window = MainWindow(TaskRunner(inline=True))
    qtbot.addWidget(window)
    window.set_workspace(ws)
    assert window.user_box.currentData() == "zhiban"
    assert window.model.rowCount() == 5  # district shift lead sees every street

    window.user_box.setCurrentIndex(window.user_box.findData("wg001"))
    assert window.model.rowCount() == 3  # an officer sees only their own grids
    assert {window.model.case_at(r).id for r in range(3)} == set(mine)

    window.user_box.setCurrentIndex(window.user_box.findData("zhiban"))
    window.state_box.setCurrentIndex(window.state_box.findData(CaseState.FILED))
    assert window.model.rowCount() == 1
    assert window.model.case_at(0).number.startswith("370306-")
    assert "1" in window.status.text()

    window.state_box.setCurrentIndex(0)
    window.search.setText("垃圾1")
    window.search.returnPressed.emit()
    assert window.model.rowCount() == 2  # one from each officer


def test_background_runner_delivers_on_gui_thread(qtbot):
    runner = TaskRunner()
    got = []
    runner.submit(lambda: 41 + 1, got.append)
    qtbot.waitUntil(lambda: got == [42], timeout=5000)
    errors = []
    runner.submit(lambda: 1 / 0, None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
    assert isinstance(errors[0], ZeroDivisionError)
    assert runner.wait(5000)
