"""The case list driven like a user: scroll, click headers, type, pick, choose queues.

Every result is compared with ``ws.list_cases`` for the same query, the facade the
model reads through, so the list shows exactly what SQL says and never more rows
than were scrolled past.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QBrush

from gridapp.domain.case import CaseState
from gridapp.domain.stages import Stage
from gridapp.domain.worktime import OverdueLevel
from gridapp.workspace import CaseQuery, Changes, Workspace
from tests.core.helpers import act
from tests.ui.cases_helpers import NOW, build_store
from ui.cases.case_list import CaseListView
from ui.cases.case_table_model import CASE_ID_ROLE, COLUMNS, LEVEL_COLOURS
from ui.cases.queue_panel import QueuePanel
from ui.tasks import TaskRunner

PAGE = 50


@pytest.fixture(scope="session")
def cases_template(reference_template: Path, tmp_path_factory) -> tuple[Path, dict]:
    path = tmp_path_factory.mktemp("cases") / "cases.db"
    kinds = build_store(reference_template, path)
    return path, kinds


@pytest.fixture
def store(cases_template, tmp_path) -> tuple[Path, dict]:
    template, kinds = cases_template
    path = tmp_path / "cases.db"
    shutil.copyfile(template, path)
    return path, kinds


@pytest.fixture
def cws(store):
    ws = Workspace.open(store[0], clock=lambda: NOW)
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


def expected(ws, query: CaseQuery, n: int) -> list[str]:
    return [c.id for c in ws.list_cases(replace(query, offset=0, limit=n))]


def click_header(qtbot, view: CaseListView, key: str) -> None:
    header = view.table.horizontalHeader()
    column = COLUMNS.index(key)
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_pages_load_on_scroll_never_all_rows(qtbot, cws):
    view = make_view(qtbot, cws)
    model = view.model
    total = cws.count_cases()
    assert total > 4 * PAGE
    assert model.rowCount() == PAGE and model.total == total
    assert ids_on_screen(view) == expected(cws, CaseQuery(), PAGE)
    assert "50 of 304" in view.count_label.text()
    view.show()
    view.table.scrollToBottom()  # the view asks for more when it nears the end
    qtbot.waitUntil(lambda: model.rowCount() >= 2 * PAGE)
    assert model.rowCount() < total
    while model.canFetchMore():
        model.fetchMore()
    assert model.rowCount() == total
    assert ids_on_screen(view) == expected(cws, CaseQuery(), total)
    assert len(set(ids_on_screen(view))) == total


def test_header_click_sorts_in_sql(qtbot, cws):
    view = make_view(qtbot, cws)
    view.show()
    seen = []
    view.query_changed.connect(seen.append)
    click_header(qtbot, view, "deadline")
    query = view.query()
    assert query.sort == "deadline"
    assert ids_on_screen(view) == expected(cws, query, PAGE)
    assert seen and seen[-1].sort == "deadline"
    descending = query.descending
    click_header(qtbot, view, "deadline")
    assert view.query().descending is not descending
    assert ids_on_screen(view) == expected(cws, view.query(), PAGE)
    view.columns.set_shown("address", True)  # gives way first when the list is narrow
    click_header(qtbot, view, "address")
    assert view.query().sort == "address"
    got = ids_on_screen(view)
    assert got == expected(cws, view.query(), PAGE)
    addresses = [view.model.case_at(r).address for r in range(len(got))]
    assert addresses == sorted(addresses, reverse=view.query().descending)


def test_state_combo_and_debounced_search(qtbot, cws):
    view = make_view(qtbot, cws)
    bar = view.filters
    bar.state_box.setCurrentIndex(bar.state_box.findData(Stage.AWAITING_DISPATCH))
    query = view.query()
    assert query.stages == (Stage.AWAITING_DISPATCH,)  # the names the state column shows
    assert view.model.total == 30 == cws.count_cases(query)
    assert ids_on_screen(view) == expected(cws, query, PAGE)

    bar.state_box.setCurrentIndex(0)
    qtbot.keyClicks(bar.search, "129")  # 丝绸路129号
    assert view.query().text is None  # nothing asked while typing
    qtbot.waitUntil(lambda: view.query().text == "129", timeout=2000)
    query = view.query()
    want = expected(cws, query, 500)
    assert ids_on_screen(view) == want and 1 <= len(want) < 10
    assert view.model.total == len(want)


def test_cascade_department_overdue_and_category(qtbot, cws, store):
    view = make_view(qtbot, cws)
    bar = view.filters
    bar.street_box.setCurrentIndex(bar.street_box.findData("370306001"))
    assert bar.community_box.isEnabled() and bar.community_box.count() > 1
    bar.community_box.setCurrentIndex(1)
    assert bar.grid_box.isEnabled() and bar.grid_box.count() > 1
    query = view.query()
    assert query.street_code == "370306001" and query.community_code
    assert ids_on_screen(view) == expected(cws, query, PAGE)
    bar.street_box.setCurrentIndex(0)
    assert not bar.community_box.isEnabled() and view.query().community_code is None

    bar.overdue_box.setCurrentIndex(bar.overdue_box.findData("warned"))
    red, yellow = set(store[1]["red"]), set(store[1]["yellow"])
    assert set(ids_on_screen(view)) == red | yellow
    bar.overdue_box.setCurrentIndex(bar.overdue_box.findData(OverdueLevel.RED))
    assert set(ids_on_screen(view)) == red

    bar.overdue_box.setCurrentIndex(0)
    qtbot.keyClicks(bar.category, "0101")  # code prefix of 井盖 categories
    popup = bar.category.completer().popup()
    assert bar.category.completer().completionModel().rowCount() > 0
    first = bar.category.completer().completionModel().index(0, 0).data()
    bar.category.completer().activated.emit(first)
    code = first.rsplit("·", 1)[-1].strip()
    assert view.query().category_codes == (code,)
    assert ids_on_screen(view) == expected(cws, view.query(), PAGE)
    assert popup is not None
    bar.dept_box.setCurrentIndex(bar.dept_box.findData("D12"))
    assert view.query().department_code == "D12"
    assert ids_on_screen(view) == expected(cws, view.query(), PAGE)


def test_overdue_rows_are_coloured(qtbot, cws, store):
    view = make_view(qtbot, cws)
    view.set_query(CaseQuery(overdue_levels=(OverdueLevel.YELLOW, OverdueLevel.RED)))
    model = view.model
    colours = {}
    for row in range(model.rowCount()):
        brush = model.index(row, 3).data(Qt.ItemDataRole.BackgroundRole)
        assert isinstance(brush, QBrush)
        colours[model.case_at(row).id] = brush.color().name()
    assert {colours[c] for c in store[1]["red"]} == {LEVEL_COLOURS[OverdueLevel.RED].name()}
    assert {colours[c] for c in store[1]["yellow"]} == {LEVEL_COLOURS[OverdueLevel.YELLOW].name()}
    view.set_query(CaseQuery(states=(CaseState.FILED,)))
    assert model.index(0, 3).data(Qt.ItemDataRole.BackgroundRole) is None


def test_saved_filters_survive_reopening_the_store(qtbot, store):
    path, _ = store
    ws = Workspace.open(path, clock=lambda: NOW)
    ws.act_as("paiqian")
    view = make_view(qtbot, ws)
    bar = view.filters
    bar.state_box.setCurrentIndex(bar.state_box.findData(Stage.HANDLING))
    bar.search.setText("井盖")
    bar.search.returnPressed.emit()
    bar.save_current("派遣中的井盖")
    saved = view.query()
    view.close()
    ws.close()

    ws = Workspace.open(path, clock=lambda: NOW)
    ws.act_as("paiqian")
    view = make_view(qtbot, ws)
    bar = view.filters
    bar._fill_saved_menu()
    titles = [a.text() for a in bar.saved_menu.actions()]
    assert "派遣中的井盖" in titles
    next(a for a in bar.saved_menu.actions() if a.text() == "派遣中的井盖").trigger()
    assert bar.search.text() == "井盖"
    assert bar.state_box.currentData() == Stage.HANDLING
    assert view.query().stages == saved.stages and view.query().text == "井盖"
    assert ids_on_screen(view) == expected(ws, view.query(), PAGE)
    ws.act_as("paiqian2")
    assert ws.prefs.list() == []  # another user's menu stays empty
    ws.act_as("paiqian")
    bar.delete_saved("派遣中的井盖")
    assert ws.prefs.list() == []
    ws.close()


def test_queue_counts_match_and_choosing_one_lists_it(qtbot, cws):
    list_view = make_view(qtbot, cws)
    panel = QueuePanel(cws, TaskRunner(inline=True))
    qtbot.addWidget(panel)
    panel.queue_chosen.connect(list_view.set_query)
    assert panel.counts == {q.id: cws.count_cases(q.query) for q in panel.queues}
    assert panel.counts["to_dispatch"] == 30 and panel.counts["overdue"] == 14
    row = [q.id for q in panel.queues].index("overdue")
    item = panel.list.item(row)
    assert "(14)" in item.text()
    rect = panel.list.visualItemRect(item)
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    query = list_view.query()
    assert query.sort == "deadline" and not query.descending
    assert ids_on_screen(list_view) == expected(cws, panel.queue("overdue").query, PAGE)
    header = list_view.table.horizontalHeader()
    assert header.sortIndicatorSection() == COLUMNS.index("deadline")
    assert panel.last_queue() == "overdue"

    # the list narrows the queue further: its own conditions stay
    list_view.filters.search.setText("垃圾")
    list_view.filters.search.returnPressed.emit()
    assert list_view.query().overdue_levels == (OverdueLevel.YELLOW, OverdueLevel.RED)
    assert set(ids_on_screen(list_view)) <= set(expected(cws, panel.queue("overdue").query, 99))

    filed = expected(cws, panel.queue("to_dispatch").query, 1)[0]
    cws.act_as("paiqian")
    changes = cws.act(filed, "dispatch")
    panel.apply_changes(changes)
    assert panel.counts["to_dispatch"] == 29


def test_select_case_loads_pages_until_it_shows(qtbot, cws):
    view = make_view(qtbot, cws)
    view.show()
    far = expected(cws, CaseQuery(), 160)[-1]
    picked = []
    view.case_selected.connect(picked.append)
    view.select_case(far)
    row = view.model.row_of(far)
    assert row == 159
    assert 200 <= view.model.rowCount() < view.model.total  # whole pages, not every row
    assert view.table.currentIndex().row() == row
    assert view.table.selectionModel().isRowSelected(row)
    near = ids_on_screen(view)[3]
    qtbot.mouseClick(
        view.table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=view.table.visualRect(view.model.index(3, 1)).center(),
    )
    assert picked[-1] == near


def test_apply_changes_reloads_and_keeps_selection(qtbot, cws):
    view = make_view(qtbot, cws)
    view.set_query(CaseQuery(states=(CaseState.FILED,)))
    target = ids_on_screen(view)[5]
    view.select_case(target)
    other = ids_on_screen(view)[0]
    changes = act(cws, "paiqian", other, "dispatch")
    cws.act_as("paiqian")
    view.apply_changes(changes)
    assert other not in ids_on_screen(view)
    assert view.model.total == 29
    assert view.table.currentIndex().data(CASE_ID_ROLE) == target
    view.apply_changes(Changes())  # nothing changed: nothing reloads


def test_background_lane_delivers_pages(qtbot, cws):
    runner = TaskRunner()
    view = CaseListView(cws, runner)
    qtbot.addWidget(view)
    view.model.page_size = PAGE
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.set_query(CaseQuery(states=(CaseState.FILED,)))
    assert view.model.rowCount() == 30
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.set_query(CaseQuery())
    assert view.model.rowCount() == PAGE and view.model.canFetchMore()
    with qtbot.waitSignal(view.model.loaded, timeout=5000):
        view.model.fetchMore()
    assert view.model.rowCount() == 2 * PAGE
    assert runner.wait(5000)


class SteppedRunner(TaskRunner):
    """Runs the db lane's tasks one at a time when the test says (in order, as the one
    db thread does), so a test sees the list between the page and the count."""

    def __init__(self) -> None:
        super().__init__(inline=True)
        self.queue: list[tuple] = []

    def submit(self, fn, on_done=None, on_error=None, *, lane="db"):
        self.queue.append((fn, on_done))

    def step(self) -> None:
        fn, on_done = self.queue.pop(0)
        result = fn()
        if on_done:
            on_done(result)


def test_the_page_shows_before_the_count_lands(qtbot, cws):
    runner = SteppedRunner()
    view = CaseListView(cws, runner)
    qtbot.addWidget(view)
    view.model.page_size = PAGE
    runner.queue.clear()  # what the view asked while it was being built
    view.set_query(CaseQuery())
    assert len(runner.queue) == 2  # the page, then the count: two tasks, not one
    runner.step()
    total = cws.count_cases()
    assert total > PAGE
    assert ids_on_screen(view) == expected(cws, CaseQuery(), PAGE)  # rows before the count
    assert not view.model.counted and view.model.canFetchMore()  # a full page: more to ask
    assert "50" in view.count_label.text() and f"{total:,}" not in view.count_label.text()
    runner.step()
    assert view.model.counted and view.model.total == total
    assert f"{total:,}" in view.count_label.text()
    view.model.reload()  # a reload keeps the count shown until the new one lands
    runner.step()
    assert f"{total:,}" in view.count_label.text()
    runner.step()
