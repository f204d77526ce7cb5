"""The main window on a laptop: it opens within the screen, the queue panel collapses,
and the panes keep the sizes each user chose (per user, in the store)."""

from __future__ import annotations

from tests.ui.map_helpers import dispose
from ui.main_window import QUEUES_VISIBLE_KEY, WORK_SIZES_KEY, MainWindow
from ui.screen_fit import usable_size
from ui.tasks import TaskRunner


def open_window(qtbot, ws, username: str) -> MainWindow:
    ws.act_as(username)
    window = MainWindow(ws, TaskRunner(inline=True))
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    window.show()
    return window


def test_window_opens_within_the_screen(qtbot, ws):
    window = open_window(qtbot, ws, "paiqian")
    room = usable_size(window)
    assert window.width() <= room.width() and window.height() <= room.height()
    assert window.minimumSizeHint().width() <= 1000  # fits 1280 px with room to spare


def test_queue_panel_collapses_and_stays_so_for_this_user(qtbot, ws):
    window = open_window(qtbot, ws, "paiqian")
    assert window.queues.isVisible() and window.queues_action.isChecked()
    window.queues_action.trigger()
    assert not window.queues.isVisible()
    assert ws.prefs.get(QUEUES_VISIBLE_KEY) is False
    again = open_window(qtbot, ws, "paiqian")
    assert not again.queues.isVisible() and not again.queues_action.isChecked()
    other = open_window(qtbot, ws, "zhiban")  # another user of the same laptop
    assert other.queues.isVisible()


def test_pane_sizes_are_kept(qtbot, ws):
    window = open_window(qtbot, ws, "paiqian")
    splitter = window.work_splitter
    before = splitter.sizes()
    total = sum(before)
    splitter.setSizes([total // 6, total // 2, total - total // 6 - total // 2])
    chosen = splitter.sizes()
    assert chosen != before
    splitter.splitterMoved.emit(chosen[0], 1)  # what a drag of the divider sends
    qtbot.waitUntil(lambda: ws.prefs.get(WORK_SIZES_KEY) == chosen, timeout=3000)
    again = open_window(qtbot, ws, "paiqian")
    sizes = again.work_splitter.sizes()
    assert all(abs(a - b) <= 10 for a, b in zip(sizes, chosen, strict=True)), (sizes, chosen)
    other = open_window(qtbot, ws, "zhiban")
    assert other.work_splitter.sizes() != sizes or sizes == before
