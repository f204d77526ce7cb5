"""A first start on a new laptop, against a real service: the window tells the truth.

A new client store pulls the log page by page. Until the last page has arrived the
store holds old cases' reports without what happened to them since, so the window
shows the first sync's progress (received out of the service's total) instead of
cases and queue counts; once complete, every queue count is the service's own.
"""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from gridapp import Workspace
from gridapp.domain.case import CaseState
from gridapp.queues import counts
from gridapp.server.settings import ServerSettings
from gridapp.store.schema import case_events
from gridapp.sync.session import SyncStatus
from tests.core.helpers import URBAN, act, drive, report
from tests.live_server import PASSWORD, start_server
from tests.ui.map_helpers import dispose
from ui.main_window import MainWindow
from ui.sync.connect import Connector
from ui.sync.first_sync_panel import FirstSyncPanel
from ui.sync.sync_controller import SyncController
from ui.tasks import TaskRunner

WAIT = 60_000
PAGE = 12  # events per pull page: the first pull takes many pages
TARGETS = [CaseState.CLOSED, CaseState.DISPATCHED, CaseState.FILED, CaseState.REPORTED]


@pytest.fixture
def central(reference_template, tmp_path):
    """A district whose cases went a long way: most of the log is after their reports."""
    db = tmp_path / "central.db"
    shutil.copyfile(reference_template, db)
    ws = Workspace.open(db)
    for i in range(16):
        cid = report(ws, URBAN, index=i % 5, source="hotline" if i % 3 == 0 else "patrol")
        drive(ws, cid, TARGETS[i % len(TARGETS)])
    verified = report(ws, URBAN, index=2, source="public")  # accepted and verified: 待立案
    act(ws, "shouli", verified, "accept")
    act(ws, "shouli", verified, "request_verify")
    act(ws, ws.record(verified).verify_assignee, verified, "verify_report", {"result": True})
    ws.close()
    settings = ServerSettings(db_url=f"sqlite:///{db}", files_dir=tmp_path / "central-files")
    server = start_server(settings)
    yield server, db
    server.stop()


def service_head(db) -> int:
    ws = Workspace.open(db)
    try:
        with ws.db.read() as conn:
            return int(conn.execute(select(func.max(case_events.c.seq))).scalar())
    finally:
        ws.close()


def service_counts(db, username: str, window: MainWindow) -> dict[str, int]:
    """The queue counts the service's own store gives this user: the truth to show."""
    ws = Workspace.open(db)
    try:
        ws.act_as(username)
        return counts(ws, window.queues.queues)
    finally:
        ws.close()


def test_first_start_shows_progress_and_no_stale_queue(qtbot, central, tmp_path):
    server, db = central
    head = service_head(db)
    assert head > 5 * PAGE  # several pages
    runner = TaskRunner()
    connector = Connector(tmp_path / "laptop", use_keyring=False, interval=3600)
    connector.login(server.url, "zhiban", PASSWORD)
    ws = connector.ws
    ws.sync.client.engine.pull_limit = PAGE
    # Page by page: fetched pages are otherwise applied together (up to 8 a write,
    # tests/sync/test_pull_folds.py) and report together, so how many steps the panel
    # shows would depend on the prefetch's timing. This test is about the panel.
    ws.sync.client.engine.pages_per_fold = 1
    assert not ws.sync.first_pull_done  # a new store: nothing pulled yet

    controller = SyncController(ws, runner)
    window = MainWindow(ws, runner, sync_controller=controller)
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    window.show()
    qtbot.waitSignal(window.map.ready, timeout=20_000).wait()
    assert window.first_sync_shown  # from the first paint: no cases, no counts
    assert not window.queues.isVisible() and not window.cases.isVisible()

    seen = []  # what the window showed at each status of the first pull

    def record(status) -> None:
        if status.first_pull_done:
            return
        panel = window.first_sync
        seen.append(
            {
                "panel": window.first_sync_shown and panel.isVisible(),
                "queues_visible": window.queues.isVisible(),
                "syncing": status.syncing,
                "arrived": panel.arrived,
                "bar": (panel.bar.value(), panel.bar.maximum()),
                "status_bar": window.sync_status.progress_label.text(),
            }
        )

    controller.status_changed.connect(record)
    controller.start()
    qtbot.waitUntil(lambda: not window.first_sync_shown, timeout=WAIT)

    pulling = [s for s in seen if s["syncing"] and s["arrived"][2] is not None]
    assert len(pulling) >= 5, seen  # one status per page at least
    assert all(s["panel"] and not s["queues_visible"] for s in seen)  # never a stale count
    received = [s["arrived"][0] for s in pulling]
    positions = [s["arrived"][1] for s in pulling]
    assert received == sorted(received) and positions == sorted(positions)
    assert {s["arrived"][2] for s in pulling} == {head}  # the service told the total
    middle = [s for s in pulling if 0 < s["arrived"][1] < head]
    assert middle, "no status between the first and the last page"
    for s in middle:
        value, maximum = s["bar"]
        assert 0 < value < maximum  # the bar shows part of the way, out of the total
        assert value == round(s["arrived"][1] / head * maximum)
        assert "%" in s["status_bar"]

    # Complete: the work area is back, and each queue count is the service's own.
    assert window.queues.isVisible()
    truth = service_counts(db, "zhiban", window)
    qtbot.waitUntil(lambda: window.queues.counts == truth, timeout=WAIT)
    assert truth["to_file"] == 1 and truth["inbox"] >= 1
    window.queues.choose("inbox")
    qtbot.waitUntil(
        lambda: not window.cases.model.loading and window.cases.model.total == truth["inbox"],
        timeout=WAIT,
    )
    assert ws.sync.first_pull_done
    controller.stop()
    runner.wait(10_000)
    qtbot.wait(200)  # the answers of the last reads reach their views before they go
    connector.close()


def test_interrupted_first_sync_says_so_and_offers_a_retry(qtbot):
    panel = FirstSyncPanel()
    qtbot.addWidget(panel)
    panel.show()
    common = dict(
        server_url="http://grid.example", username="zhiban", online=False, pending=0,
        refused=0, last_sync=None, needs_login=False, first_pull_done=False,
    )  # fmt: skip
    panel.set_status(SyncStatus(**common, syncing=False, last_error=None))
    assert panel.title.text() == "First sync in progress…" and not panel.retry.isVisible()
    panel.set_status(
        SyncStatus(**common, syncing=True, last_error=None, pulled=40, pull_cursor=50,
                   pull_head=200, first_pull=True)
    )  # fmt: skip
    assert (panel.bar.value(), panel.bar.maximum()) == (250, 1000) and panel.bar.text() == "25%"
    said = "<b>无法连接同步服务</b>"  # the service's words, shown as they are
    panel.set_status(SyncStatus(**common, syncing=False, last_error=said))
    assert panel.title.text() == "First sync not complete" and panel.retry.isVisible()
    assert said in panel.detail.text() and panel.detail.textFormat() == Qt.TextFormat.PlainText
    assert panel.bar.value() == 250  # what arrived stays shown
    with qtbot.waitSignal(panel.sync_requested):
        qtbot.mouseClick(panel.retry, Qt.MouseButton.LeftButton)
