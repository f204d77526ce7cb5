"""The case list's keyset scrolling, far selection and pending-sync marker, driven like a user.

Rows after scrolling must be exactly ``ws.list_cases`` of the same query (the model
pages by keyset, the facade by OFFSET: two roads, one answer); a marker click on a
case far down loads the list down to it; a case reported on this laptop shows ⟳
until the central store accepts its events.
"""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

from gridapp.domain.case import CaseState
from gridapp.workspace import CaseQuery, Workspace
from tests.ui.cases_helpers import NOW, build_store
from ui.cases.case_list import CaseListView
from ui.cases.case_table_model import CASE_ID_ROLE, PENDING_MARK, PENDING_ROLE
from ui.tasks import TaskRunner

PAGE = 40


@pytest.fixture(scope="module")
def scroll_template(reference_template, tmp_path_factory):
    path = tmp_path_factory.mktemp("scroll") / "cases.db"
    build_store(reference_template, path)
    return path


@pytest.fixture
def cws(scroll_template, tmp_path):
    path = tmp_path / "cases.db"
    shutil.copyfile(scroll_template, path)
    ws = Workspace.open(path, clock=lambda: NOW)
    ws.act_as("paiqian")
    yield ws
    ws.close()


def make_view(qtbot, ws, runner=None) -> CaseListView:
    view = CaseListView(ws, runner or TaskRunner(inline=True))
    view.model.page_size = PAGE
    view.set_query(CaseQuery())
    view.resize(1200, 600)
    qtbot.addWidget(view)
    return view


def ids_on_screen(view: CaseListView) -> list[str]:
    m = view.model
    return [m.index(r, 0).data(CASE_ID_ROLE) for r in range(m.rowCount())]


@pytest.mark.parametrize(
    ("sort", "descending", "states"),
    [
        ("deadline", False, ()),  # NULL deadlines first, then by deadline
        ("deadline", True, ()),  # NULLs last
        ("address", True, ()),
        ("state", False, ()),  # long runs of ties: the id decides
        ("department_code", True, (CaseState.DISPATCHED, CaseState.FILED)),
    ],
)
def test_scrolled_rows_equal_list_cases(qtbot, cws, sort, descending, states):
    view = make_view(qtbot, cws)
    query = CaseQuery(sort=sort, descending=descending, states=states)
    view.set_query(query)
    model = view.model
    while model.canFetchMore():
        model.fetchMore()
    want = [c.id for c in cws.list_cases(replace(view.query(), offset=0, limit=10_000))]
    assert ids_on_screen(view) == want
    assert model.rowCount() == model.total == cws.count_cases(query)


def test_background_scroll_then_select_far_case(qtbot, cws):
    runner = TaskRunner()
    view = CaseListView(cws, runner)
    qtbot.addWidget(view)
    view.model.page_size = PAGE
    view.show()
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.set_query(CaseQuery(sort="deadline", descending=True))
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.model.fetchMore()
    assert view.model.rowCount() == 2 * PAGE
    everything = [c.id for c in cws.list_cases(replace(view.query(), limit=10_000))]
    far = everything[250]
    picked = []
    view.case_selected.connect(picked.append)
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.select_case(far)
    qtbot.waitUntil(lambda: view.table.currentIndex().row() == 250, timeout=5000)
    assert view.model.row_of(far) == 250
    assert 251 <= view.model.rowCount() <= 251 + PAGE  # down to it and a page more
    assert ids_on_screen(view) == everything[: view.model.rowCount()]
    assert view.table.selectionModel().isRowSelected(250)
    assert picked == []  # the map asked for it: no echo back
    assert runner.wait(5000)


def test_select_case_outside_the_query_says_so(qtbot, cws):
    view = make_view(qtbot, cws)
    view.set_query(CaseQuery(states=(CaseState.FILED,)))
    reported = cws.list_cases(CaseQuery(states=(CaseState.REPORTED,), limit=1))[0].id
    view.select_case(reported)
    assert view.model.row_of(reported) is None
    assert view.model.rowCount() == 30  # nothing more loaded for it
    assert "not in this list" in view.count_label.text()


def test_pending_marker_until_the_server_accepts(qtbot, live_server, tmp_path):
    from tests.sync.helpers import make_client

    client = make_client(tmp_path, live_server.url, "laptop", "wg001")
    try:
        case_id = client.report(0)
        view = CaseListView(client.ws, TaskRunner(inline=True))
        qtbot.addWidget(view)
        model = view.model
        row = model.row_of(case_id)
        assert row is not None
        assert model.index(row, 0).data(PENDING_ROLE) is True
        assert model.index(row, 0).data().endswith(PENDING_MARK)
        assert "Pending sync" in model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole)
        report = client.run()
        assert report.accepted >= 1 and report.rejected == 0
        view.model.reload()
        row = model.row_of(case_id)
        assert model.index(row, 0).data(PENDING_ROLE) is False
        assert PENDING_MARK not in model.index(row, 0).data()
        assert "Pending sync" not in (model.index(row, 3).data(Qt.ItemDataRole.ToolTipRole) or "")
    finally:
        client.close()


def test_reload_with_the_same_rows_keeps_the_scroll_position(qtbot, cws):
    view = make_view(qtbot, cws)
    view.show()
    model = view.model
    while model.rowCount() < 4 * PAGE:
        model.fetchMore()
    view.select_case(ids_on_screen(view)[3 * PAGE])
    bar = view.table.verticalScrollBar()
    position = bar.value()
    assert position > 0
    resets, loads = [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.loaded.connect(lambda: loads.append(1))
    view.apply_changes(cws.reload_reference())  # a change elsewhere: the same rows
    assert loads and resets == [] and bar.value() == position
    assert view.table.currentIndex().row() == 3 * PAGE
