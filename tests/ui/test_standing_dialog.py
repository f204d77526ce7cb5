"""我的考评 driven like a user: an officer opens it from the toolbar, reads the score, grade,
rank and each indicator's cases; offline the rank is said to need the service."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt

from tests.core.test_report_month import hand_worked_month, nums
from ui.main_window import MainWindow
from ui.standing.standing_dialog import StandingDialog
from ui.tasks import TaskRunner


def _rows(table) -> list[list[str]]:
    return [
        [table.item(r, c).text() for c in range(table.columnCount()) if table.item(r, c)]
        for r in range(table.rowCount())
    ]


def test_officer_reads_their_standing(qtbot, ws, clock, monkeypatch) -> None:
    month = hand_worked_month(ws, clock)
    clock.now = datetime(2026, 10, 31, 18, 0)  # October to date = the October report
    ws.act_as("ducha")
    report = ws.reports.monthly("2026-10")
    row = next(h for h in report.role_holders if h.username == month["officer"])
    ws.act_as(month["officer"])
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window)
    assert window.standing_action.isVisible() and not window.monthly_action.isVisible()
    window.standing_action.trigger()
    dialog: StandingDialog = window.standing_dialog
    assert dialog.refresh_button.isEnabled()  # computed (inline runner)
    assert str(row.score) in dialog.score_label.text() and row.grade in dialog.score_label.text()
    # four indicators, the first (有效上报率) selected: its 8 reports, 6 of them counted
    table = _rows(dialog.indicators)
    assert [r[0] for r in table] == [i.label for i in row.indicators]
    assert table[0][2:5] == ["6", "8", "75.0%"]
    cases = _rows(dialog.cases)
    assert tuple(c[0] for c in cases) == nums(month, "BCDEFGHJ")
    yes = dialog.tr("Yes")
    assert {c[0] for c in cases if c[1] == yes} == set(nums(month, "BCDEHJ"))
    # double-clicking a listed case opens it in the window
    first = dialog.cases.item(0, 0)
    dialog.cases.cellDoubleClicked.emit(0, 0)
    assert window.detail.case_id == ws.standing.case_id(first.text())
    assert ws.record(window.detail.case_id).number == first.text() == month["B"]
    # choosing 1 − 漏报率 shows its cases: I of the 8 filed in the grid
    dialog.indicators.selectRow(1)
    assert len(_rows(dialog.cases)) == 8
    # the demo store is central: the rank table is there, own row marked, nobody named
    assert dialog.peers_box.isVisibleTo(dialog) and dialog.standing.rank == row.rank
    peers = _rows(dialog.peers)
    assert sum(1 for p in peers if len(p) == 4 and p[3]) == 1
    others = [h for h in report.role_holders if h.username != month["officer"]]
    shown = " ".join(" ".join(r) for r in peers)
    assert all(h.display_name not in shown and h.username not in shown for h in others)

    # a laptop (client store) offline: own figures, the rank said to need the service
    monkeypatch.setattr(ws, "authority", False)
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.standing.peers is None and not dialog.peers_box.isVisibleTo(dialog)
    assert dialog.standing.indicators == row.indicators
    assert dialog.source == "local" and dialog.rank_label.text()

    # online: the service's standing (rank table) replaces it
    served = ws.standing.local  # what the service would compute for this user
    monkeypatch.setattr(ws, "authority", True)
    with_rank = served()
    monkeypatch.setattr(ws, "authority", False)
    monkeypatch.setattr(type(ws.standing), "online", lambda self: True)
    monkeypatch.setattr(type(ws.standing), "from_service", lambda self: with_rank)
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert dialog.source == "service" and dialog.standing.rank == row.rank
    assert dialog.peers_box.isVisibleTo(dialog)


def test_command_staff_have_no_standing_button(qtbot, ws) -> None:
    ws.act_as("zhiban")
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window)
    assert not window.standing_action.isVisible()
