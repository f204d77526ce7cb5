"""The case list's columns: each role's defaults fit a 1366 px laptop and show what a
dispatcher scans for, the header menu shows and hides columns, and the columns and the
sort a user chose are there again after the store is reopened.

The Chinese translation and the app's CJK font are installed as the app does
(``ui.app``), since the widths follow the text actually shown.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, QSize, Qt, QTranslator
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem, QTableView

from gridapp.domain.roles import Role
from gridapp.workspace import Workspace
from tests.ui.cases_helpers import NOW, build_store
from ui.app import install_translation, use_cjk_font
from ui.cases.case_columns import (
    COLUMNS,
    GIVE_WAY,
    NARROWEST_LIST,
    SCANNED,
    default_columns,
    default_width,
    fitting_columns,
    remaining_text,
)
from ui.cases.case_list import CaseListView
from ui.cases.column_layout import LAYOUT_KEY, SORT_KEY
from ui.cases.queue_panel import QueuePanel
from ui.tasks import TaskRunner

# one user of each role in the demo district
USERS = {
    Role.GRID_OFFICER: "wg001",
    Role.INTAKE: "shouli",
    Role.SHIFT_LEAD: "zhiban",
    Role.DISPATCHER: "paiqian",
    Role.DEPARTMENT: "bm-d02",
    Role.SUPERVISOR: "ducha",
    Role.ADMIN: "admin",
}
SHORT = ("number", "state", "remaining", "deadline", "reported_at", "department_code")


@pytest.fixture
def chinese(qapp):
    """zh_CN and the CJK font, as ``ui.app.main`` sets them; undone afterwards."""
    font = QFont(qapp.font())
    before = set(qapp.findChildren(QTranslator))
    install_translation(qapp, "zh_CN")
    use_cjk_font(qapp)
    yield qapp
    for child in qapp.findChildren(QTranslator):
        if child not in before:
            qapp.removeTranslator(child)
            child.deleteLater()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    QApplication.setFont(font)


@pytest.fixture(scope="module")
def cases_template(reference_template: Path, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("columns") / "cases.db"
    build_store(reference_template, path)
    return path


@pytest.fixture
def store(cases_template, tmp_path) -> Path:
    path = tmp_path / "cases.db"
    shutil.copyfile(cases_template, path)
    return path


def open_list(qtbot, path: Path, username: str) -> tuple[Workspace, CaseListView]:
    ws = Workspace.open(path, clock=lambda: NOW)
    ws.act_as(username)
    view = CaseListView(ws, TaskRunner(inline=True))
    view.resize(1400, 500)  # wide: every default column shows
    qtbot.addWidget(view)
    view.show()
    return ws, view


def text_room(table, index) -> int:
    """The width Qt draws the cell's text in: the cell less the overdue mark (a small
    icon) and the text's own margins, as QCommonStyle lays out and draws an item."""
    option = QStyleOptionViewItem()
    option.initFrom(table)
    table.itemDelegateForIndex(index).initStyleOption(option, index)
    style = table.style()
    icon = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize, None, table)
    option.decorationSize = QSize(icon, icon)  # what the view sets for its items
    option.rect = table.visualRect(index)
    text = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, table)
    margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1
    return text.width() - 2 * margin


def width_of(view: CaseListView, key: str) -> int:
    return view.table.horizontalHeader().sectionSize(COLUMNS.index(key))


@pytest.mark.parametrize("role", list(Role))
def test_each_roles_defaults_scan_for_the_deadline_and_fit_a_laptop(chinese, role):
    keys = default_columns(role)
    assert set(SCANNED) <= set(keys), role
    table = QTableView()
    metrics, header = table.fontMetrics(), table.horizontalHeader().fontMetrics()

    def width(key: str) -> int:
        return default_width(key, metrics, header)

    kept = [k for k in keys if k not in GIVE_WAY]
    assert {"number", *SCANNED} <= set(kept)
    assert sum(map(width, kept)) <= NARROWEST_LIST, {k: width(k) for k in kept}
    for room in (NARROWEST_LIST, 645, 700, 900):
        fits = fitting_columns(role, room, width)
        assert {"number", *SCANNED} <= set(fits)
        assert sum(map(width, fits)) <= room
        assert fits == [k for k in keys if k in fits]  # in the role's order
    assert fitting_columns(role, 3000, width) == list(keys)  # a wide screen shows them all
    assert len(fitting_columns(role, 645, width)) >= 6


def test_the_main_window_on_a_1366_screen_shows_the_scanned_columns_unclipped(store, tmp_path):
    """On a 1366×768 screen each role's list shows the number and the four scanned
    columns inside its width, and the short columns' texts whole (not elided)."""
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1,
    }]}))  # fmt: skip
    users = [USERS[r] for r in (Role.DISPATCHER, Role.INTAKE, Role.SUPERVISOR, Role.DEPARTMENT)]
    run = subprocess.run(
        [sys.executable, "-m", "tests.ui.case_columns_run", str(store), str(screen), *users],
        capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2],
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    for user in users:
        got = seen[user]
        assert got["screen"] == 1366
        assert {"number", *SCANNED} <= set(got["shown"]), got
        assert got["right"] <= got["viewport"], got  # no horizontal scrolling to see them
        assert got["rows"] > 10 and not got["clipped"], got
        assert any("剩余" in t or "超期" in t for t in got["texts"]), got  # Chinese, filled


def test_the_header_menu_hides_and_shows_columns_and_it_persists(qtbot, store):
    ws, view = open_list(qtbot, store, "paiqian")
    header = view.table.horizontalHeader()
    assert view.columns.visible() == list(default_columns(Role.DISPATCHER))
    view.filters.hide()  # (its minimum width would hold the list wide)
    view.layout().activate()
    view.resize(700, 500)  # narrower: the place gives way first
    qtbot.waitUntil(lambda: "address" not in view.columns.visible())
    assert set(SCANNED) <= set(view.columns.visible())
    view.resize(1400, 500)
    qtbot.waitUntil(lambda: "address" in view.columns.visible())
    menu = view.columns.build_menu()
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    assert {f"column:{k}" for k in COLUMNS} <= set(actions)
    assert actions["column:deadline"].isChecked() and not actions["column:source"].isChecked()

    actions["column:deadline"].trigger()  # uncheck: hidden
    assert header.isSectionHidden(COLUMNS.index("deadline"))
    assert "deadline" not in view.columns.visible()
    actions["column:source"].trigger()  # check: shown, at a usable width
    assert not header.isSectionHidden(COLUMNS.index("source"))
    assert width_of(view, "source") > 40
    # the header's own right click opens the same menu
    header.customContextMenuRequested.emit(QPoint(10, 5))
    assert view.columns.menu is not None and view.columns.menu.isVisible()
    view.columns.menu.close()
    # move a column: the user drags "category" to the front
    header.moveSection(header.visualIndex(COLUMNS.index("category_code")), 0)
    header.resizeSection(COLUMNS.index("state"), 123)
    view.columns.save()  # what the settle timer does
    layout = view.columns.visible()
    assert layout[0] == "category_code" and "source" in layout and "deadline" not in layout
    view.resize(600, 500)  # the user's own layout stays whatever the width
    qtbot.wait(50)
    assert view.columns.visible() == layout
    view.close()
    ws.close()

    ws, view = open_list(qtbot, store, "paiqian")
    assert view.columns.visible() == layout
    assert width_of(view, "state") == 123
    assert ws.prefs.get(LAYOUT_KEY)["visible"] == layout
    # another dispatcher on the same laptop keeps the role's defaults
    ws2, other = open_list(qtbot, store, "paiqian2")
    assert other.columns.visible() == list(default_columns(Role.DISPATCHER))
    # and "default columns" brings them back
    reset = next(a for a in view.columns.build_menu().actions() if a.objectName() == "column:reset")
    reset.trigger()
    assert view.columns.visible() == list(default_columns(Role.DISPATCHER))
    assert ws.prefs.get(LAYOUT_KEY) is None
    for w in (ws, ws2):
        w.close()


def test_the_last_shown_column_cannot_be_hidden(qtbot, store):
    ws, view = open_list(qtbot, store, "ducha")
    for key in view.columns.visible()[1:]:
        view.columns.set_shown(key, False)
    (last,) = view.columns.visible()
    menu = view.columns.build_menu()
    action = next(a for a in menu.actions() if a.objectName() == f"column:{last}")
    assert not action.isEnabled()
    view.columns.set_shown(last, False)
    assert view.columns.visible() == [last]
    ws.close()


def test_the_users_sort_is_kept_across_queues_and_reopening(qtbot, store):
    ws, view = open_list(qtbot, store, "paiqian")
    panel = QueuePanel(ws, TaskRunner(inline=True))
    qtbot.addWidget(panel)
    panel.queue_chosen.connect(view.set_query)
    header = view.table.horizontalHeader()
    column = COLUMNS.index("remaining")
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = view.query()
    assert first.sort == "deadline"  # the time left orders as the deadline
    assert header.sortIndicatorSection() == column
    assert ws.prefs.get(SORT_KEY) == {"column": "remaining", "descending": first.descending}
    rows = [view.model.case_at(r) for r in range(view.model.rowCount())]
    deadlines = [r.deadline for r in rows if r.deadline is not None]
    assert deadlines == sorted(deadlines, reverse=first.descending)

    # another queue, with its own default order: the user's sort stays
    other = next(q for q in panel.queues if q.query.sort != "deadline")
    panel.choose(other.id)
    assert view.query().sort == "deadline" and view.query().descending == first.descending
    assert header.sortIndicatorSection() == column
    view.close()
    ws.close()

    ws, view = open_list(qtbot, store, "paiqian")
    header = view.table.horizontalHeader()
    assert view.query().sort == "deadline" and view.query().descending == first.descending
    assert header.sortIndicatorSection() == column
    ids = [view.model.case_at(r).id for r in range(view.model.rowCount())]
    assert ids == [c.id for c in ws.list_cases(view.query())][: len(ids)]

    # "the queue's own order" forgets it: a queue sorts its own way again
    panel = QueuePanel(ws, TaskRunner(inline=True))
    qtbot.addWidget(panel)
    panel.queue_chosen.connect(view.set_query)
    panel.choose(other.id)
    menu = view.columns.build_menu()
    action = next(a for a in menu.actions() if a.objectName() == "column:queue_order")
    assert action.isEnabled()
    action.trigger()
    assert (view.query().sort, view.query().descending) == (
        other.query.sort,
        other.query.descending,
    )
    assert ws.prefs.get(SORT_KEY) is None
    assert header.sortIndicatorSection() == COLUMNS.index(other.query.sort)
    panel.choose(panel.queues[0].id)
    assert view.query().sort == panel.queues[0].query.sort
    ws.close()


def test_only_the_users_own_changes_are_saved(qtbot, store):
    """The last column stretching with the window is not a choice: nothing is saved
    (the defaults keep following the role and the font); a drag is, once it settles."""
    ws, view = open_list(qtbot, store, "zhiban")
    for width in (900, 1300, 760):
        view.resize(width, 500)
        qtbot.wait(50)
    qtbot.wait(1000)  # past the settle timer
    assert ws.prefs.get(LAYOUT_KEY) is None
    header = view.table.horizontalHeader()
    header.resizeSection(COLUMNS.index("deadline"), 140)
    qtbot.waitUntil(lambda: ws.prefs.get(LAYOUT_KEY) is not None, timeout=3000)
    assert ws.prefs.get(LAYOUT_KEY)["widths"]["deadline"] == 140
    ws.close()


def test_time_left_texts(chinese):
    assert remaining_text(timedelta(hours=23, minutes=27), None) == "剩余 23小时27分"
    assert remaining_text(None, timedelta(days=3, hours=4, minutes=5)) == "已超期 3天4小时"
    assert remaining_text(None, timedelta(hours=16, minutes=30)) == "已超期 16小时"
    assert remaining_text(None, timedelta(minutes=40)) == "已超期 40分钟"
    assert remaining_text(None, timedelta(days=12, hours=5)) == "已超期 12天"
    # working time stays in hours (a working day is 8 of them); an urgent limit runs
    # on the clock and is told in days
    assert remaining_text(timedelta(hours=99, minutes=50), None) == "剩余 99小时50分"
    assert remaining_text(timedelta(hours=99, minutes=50), None, on_clock=True) == "剩余 4天3小时"


def test_time_left_texts_in_english():
    assert remaining_text(timedelta(hours=23, minutes=27), None) == "23 h 27 min left"
    assert remaining_text(None, timedelta(days=3, hours=4)) == "overdue 3 d 4 h"
