"""A returning demo user's window opens from the laptop's store before the service starts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from gridapp import Workspace
from gridapp.demo import build, store
from gridapp.demo.people import DEMO_PASSWORD
from tests.ui.map_helpers import dispose
from ui.startup import WINDOW_IMPORTS, Startup
from ui.tasks import TaskRunner

ROOT = Path(__file__).resolve().parents[2]


def small_demo(path, *, end=None, **_kwargs):
    return build.build_demo_store(path, end=end or date(2026, 10, 20), months=1, per_day=2.0)


@pytest.fixture(scope="module")
def returning(tmp_path_factory):
    """The demo built and served once, with zhiban logged in and synced on this laptop."""
    tmp_path = tmp_path_factory.mktemp("laptop")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "build_demo_store", small_demo)
        service = Workspace.start_demo_service(tmp_path)
    try:
        ws = Workspace.open_client_store(
            tmp_path, service.url, username="zhiban", password=DEMO_PASSWORD
        )
        try:
            ws.connect(service.url, tmp_path / "tokens")
            assert ws.sync is not None
            ws.sync.login("zhiban", DEMO_PASSWORD)
            ws.sync.sync_now()
            ws.maps.page_file()  # built by that first login's window
        finally:
            ws.close()
        return tmp_path, service.url
    finally:
        service.stop()


def _start(qtbot, folder, username):
    startup = Startup(TaskRunner(), folder, username=username, password=DEMO_PASSWORD)
    seen: list = []
    startup.window_ready.connect(lambda w: seen.append((w, startup.service, w.ws.sync.online)))
    startup.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
    window = seen[0][0]
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    qtbot.waitUntil(lambda: window.map.is_ready, timeout=60_000)  # no load left running
    return startup, seen[0]


def _stop(startup) -> None:
    startup.shutdown()  # stops syncing, closes the store, stops the service
    startup.window = None  # closed by the test, not the user: the app does not quit


def test_the_window_comes_first_then_the_service_and_sync_online(qtbot, returning):
    folder, url = returning
    startup, (window, service_then, online_then) = _start(qtbot, folder, "zhiban")
    try:
        assert service_then is None and not online_then  # from the store, logged in offline
        assert window.ws.user.username == "zhiban" and window.ws.count_cases() > 0
        qtbot.waitUntil(lambda: startup.service is not None, timeout=60_000)
        assert startup.service.url == url  # the same address, so the same laptop store
        qtbot.waitUntil(lambda: window.ws.sync.online, timeout=60_000)
    finally:
        _stop(startup)


def test_the_sync_client_is_made_once_the_map_has_drawn(qtbot, returning):
    folder, _url = returning
    startup = Startup(TaskRunner(), folder, username="zhiban", password=DEMO_PASSWORD)
    seen: list = []  # as the window opens: the session's client made? its loop running?
    startup.window_ready.connect(
        lambda w: seen.append((w, w.ws.sync._client is not None, w.sync.started))
    )
    startup.start()
    qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
    window, client_then, loop_then = seen[0]
    qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
    try:
        # logged in offline with no HTTP client: nothing of it on the way to the window
        assert window.ws.user.username == "zhiban" and not client_then and not loop_then
        qtbot.waitUntil(lambda: window.sync.status is not None, timeout=60_000)
        assert window.sync.status.username == "zhiban"  # the status bar filled at once
        qtbot.waitUntil(lambda: window.sync.started, timeout=60_000)  # after the map
        qtbot.waitUntil(lambda: window.ws.sync.online, timeout=60_000)
    finally:
        _stop(startup)


def test_a_first_login_on_this_laptop_waits_for_the_service(qtbot, returning):
    folder, _url = returning
    startup, (window, service_then, online_then) = _start(qtbot, folder, "shouli")
    try:
        # never logged in here: no offline login, so the service is asked, as before
        assert service_then is not None and online_then
        assert window.ws.user.username == "shouli"
    finally:
        _stop(startup)


def test_the_map_page_loads_while_the_store_is_unlocked(qtbot, returning):
    folder, _url = returning
    page = Workspace.known_map_page(folder)
    assert page is not None  # the fixture's login built it
    startup = Startup(TaskRunner(), folder, username="zhiban", password=DEMO_PASSWORD)
    windows: list = []
    startup.window_ready.connect(windows.append)
    startup.start()
    early = startup._early_map  # made at once, before the store's key is derived
    try:
        assert early is not None and early.page_path == page
        qtbot.waitUntil(lambda: bool(windows), timeout=60_000)
        window = windows[0]
        qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
        assert window.map is early and window.map.page_path == page
        qtbot.waitUntil(lambda: window.map.is_ready, timeout=60_000)
        assert window.map._page_number == 1  # that page shown, not loaded a second time
        assert not window.map.js_errors
    finally:
        _stop(startup)


def test_a_stale_known_page_gives_way_to_the_stores_own(qtbot, returning):
    folder, _url = returning
    own = Workspace.known_map_page(folder)
    assert own is not None
    stale = own.with_name("map-0000000000000000.html")  # newer: taken as the last used
    stale.write_text("<html><body>an older build</body></html>", encoding="utf-8")
    try:
        assert Workspace.known_map_page(folder) == stale
        startup = Startup(TaskRunner(), folder, username="zhiban", password=DEMO_PASSWORD)
        seen: list = []  # the map as the window opens, before any sync can reload it
        startup.window_ready.connect(
            lambda w: seen.append((w, w.map.page_path, w.map._page_number))
        )
        startup.start()
        assert startup._early_map is not None  # the stale page is loading
        try:
            qtbot.waitUntil(lambda: bool(seen), timeout=60_000)
            window, path, loads = seen[0]
            qtbot.addWidget(window, before_close_func=lambda w: dispose(w.map))
            assert path == own and loads == 2  # the store's page loaded instead
            shown: list = []
            window.map.cases_shown.connect(shown.append)
            window.map.show_cases(window.cases.query())
            qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
            assert not window.map.js_errors
        finally:
            _stop(startup)
    finally:
        stale.unlink()


def test_nothing_starts_after_a_quick_shutdown(qtbot, returning, monkeypatch):
    """Closed before its map drew: the demo service's fallback timer still fires, and
    started a service nobody would stop (its port taken: the next start could not open
    the window first). After shutdown nothing starts."""
    from gridapp.demo.service_port import next_demo_url
    from ui import startup as startup_module

    folder, url = returning
    monkeypatch.setattr(startup_module, "SERVICE_AFTER_MS", 300)
    startup = Startup(TaskRunner(), folder, username="zhiban", password=DEMO_PASSWORD)
    windows: list = []
    # at the next turn of the event loop: the timer is set, the map not drawn yet
    startup.window_ready.connect(lambda w: (windows.append(w), QTimer.singleShot(0, stop)))
    stopped: list = []

    def stop() -> None:
        _stop(startup)
        stopped.append(startup.service)

    startup.start()
    qtbot.waitUntil(lambda: bool(stopped), timeout=60_000)
    qtbot.addWidget(windows[0], before_close_func=lambda w: dispose(w.map))
    qtbot.wait(1500)  # past the timer
    startup.runner.wait()
    assert stopped == [None] and startup.service is None and startup._service_made is None
    assert next_demo_url(folder) == url  # the port is free for the next start


def test_the_window_finds_its_modules_imported_while_the_store_unlocked(returning):
    folder, _url = returning
    # a fresh interpreter, as the app starts: what MainWindow.__init__ still imports
    code = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "import ui.app\n"
        "from PySide6.QtWidgets import QApplication\n"
        "from ui.event_wait import wait_until\n"
        "from ui.main_window import MainWindow\n"
        "from ui.map.schemes import register_schemes\n"
        "from ui.startup import WINDOW_IMPORTS, Startup\n"
        "from ui.tasks import TaskRunner\n"
        "register_schemes()\n"
        "app = QApplication([])\n"
        "init, found = MainWindow.__init__, []\n"
        "def recording(self, *args, **kwargs):\n"
        "    found.append([m for m in WINDOW_IMPORTS if m in sys.modules])\n"
        "    for name in WINDOW_IMPORTS:  # those the store's unlock left no time for\n"
        "        __import__(name)\n"
        "    before = set(sys.modules)\n"
        "    init(self, *args, **kwargs)\n"
        "    found.append(sorted(m for m in set(sys.modules) - before\n"
        "        if m.startswith(('ui.', 'gridapp.'))))\n"
        "MainWindow.__init__ = recording\n"
        f"startup = Startup(TaskRunner(parent=app), Path({str(folder)!r}),\n"
        f"    username='zhiban', password={DEMO_PASSWORD!r})\n"
        "windows, failures = [], []\n"
        "startup.window_ready.connect(windows.append)\n"
        "startup.failed.connect(failures.append)\n"
        "startup.start()\n"
        "assert wait_until(lambda: bool(windows or failures), 60), 'no window in 60 s'\n"
        "assert not failures, repr(failures[0])\n"
        "print(json.dumps([startup._early_url, *found]))\n"
        "startup.window = None\n"
        "startup.shutdown()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert out.returncode == 0, out.stderr[-2000:]
    early, imported_before, imported_by_init = json.loads(out.stdout.strip().splitlines()[-1])
    assert early is not None  # the window opened from the store before the service
    # the first ones at least, in order, while the store unlocked (one per event-loop
    # turn: how many depends on the machine)
    assert imported_before and imported_before == list(WINDOW_IMPORTS[: len(imported_before)])
    assert imported_by_init == []  # the list is whole: the window imports nothing of ours
