"""From program start to a logged-in main window: demo service, login, window.

With no sync service configured the app starts the embedded demo: a local
service over the demo central store (built on first use), and the login dialog
offers its users of every role. Each service gets its own client store on this
laptop; a returning user can log in offline against it.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog

from gridapp import Workspace
from ui.errors import show_error
from ui.main_window import MainWindow
from ui.map.map_view import MapView
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# What the main window imports as it is built (its tabs, toolbar, status bar): imported
# while a returning user's store unlocks instead, the window's __init__ is shorter.
WINDOW_IMPORTS = (
    "ui.sync.first_sync_panel",
    "ui.sync.status_bar",
    "ui.sync.refused_panel",
    "ui.sync.sync_controller",
    "gridapp.prefs",
    "gridapp.maps.data",
    "gridapp.maps.page",
    "gridapp.maps.mbtiles",
    "gridapp.store.fast_rows",
    "gridapp.stats.facade",
    "ui.stats.stats_view",
    "gridapp.early_warning.facade",
    "ui.warnings.warning_count",
    "gridapp.reports.standing_facade",
)
SERVICE_AFTER_MS = 3000  # the latest the demo service starts after an early window


class Startup(QObject):
    window_ready = Signal(object)  # the MainWindow, shown and syncing
    failed = Signal(object)
    demo_progress = Signal(object)  # DemoProgress, while the demo district is built

    def __init__(
        self,
        runner: TaskRunner,
        data_dir: Path,
        *,
        server_url: str | None = None,
        username: str | None = None,
        password: str | None = None,
        verbose: bool = False,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner, self.data_dir = runner, Path(data_dir)
        self.server_url, self.username, self.password = server_url, username, password
        self.verbose = verbose  # the demo service logs every request too
        self.service = None  # the embedded demo service, when we started one
        self._service_made: object | None = None  # the same, set on the worker
        self.window: MainWindow | None = None
        self.ws: Workspace | None = None
        self._progress: QProgressDialog | None = None
        self._early_url: str | None = None  # the demo's address known before it starts
        self._window_first = False  # the window opened from the store before the service
        self._service_asked = False
        self._early_map: MapView | None = None  # its page loading while the store opens
        self._warm: list[str] = []  # WINDOW_IMPORTS still to import
        self._closed = False  # shut down: nothing starts any more (a timer may still fire)

    def start(self) -> None:
        if self.server_url:
            self._ask_login(self.server_url, None)
            return
        if self.username and self.password is not None:
            self._early_url = Workspace.next_demo_url(self.data_dir)
        if self._early_url is not None:
            # A returning user: the window opens from this laptop's store (logged in
            # offline), then the demo service starts and sync goes online.
            user, password, url = self.username, self.password, self._early_url
            self.runner.submit(
                lambda: self.open_session_offline(url, user, password),
                self._early_logged_in,
                self._early_failed,
                lane="db",
            )
            page = Workspace.known_map_page(self.data_dir)
            if page is not None:
                self._early_map = MapView(None, self.runner)
                self._early_map.early_load(page)
            self._warm = list(WINDOW_IMPORTS)
            QTimer.singleShot(0, self._import_next)
            return  # the service starts once the window is up: not competing with it
        self._show_service_progress()
        self._start_service()

    def _import_next(self) -> None:
        """One of the window's own imports while the store unlocks (the GUI thread is
        idle then); one per event-loop turn, so the early page's loading goes on."""
        if self.window is not None or not self._warm:
            return
        importlib.import_module(self._warm.pop(0))
        QTimer.singleShot(0, self._import_next)

    def _show_service_progress(self) -> None:
        self._progress = QProgressDialog(self.tr("Starting the demo sync service…"), "", 0, 0)
        self._progress.setMinimumWidth(460)
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle("gridapp")
        self._progress.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._progress.show()

    def _start_service(self) -> None:
        if self._service_asked or self._closed:
            return
        self._service_asked = True
        folder = self.data_dir
        self.demo_progress.connect(self._show_demo_progress)
        emit = self.demo_progress.emit  # from the worker: queued to this (GUI) thread
        verbose = self.verbose

        def start() -> object:
            service = Workspace.start_demo_service(folder, on_progress=emit, verbose=verbose)
            self._service_made = service  # stopped at shutdown even before its callback
            return service

        self.runner.submit(
            start,
            self._service_started,
            self._fail,
            lane="net",
        )

    def _show_demo_progress(self, step: Any) -> None:
        """The first start builds the demo district (a minute or two): say how far.

        ``step`` is a gridapp.demo.progress.DemoProgress (the UI does not import the demo).
        """
        if self._progress is None:
            return
        match step.step:
            case "reference":
                text = self.tr("Building the demo district: streets, grids, departments, users…")
                self._progress.setRange(0, 0)
            case "cases":
                text = self.tr(
                    "Building the demo cases: {done} of {total} months done, {cases} cases so far…"
                ).format(done=step.done, total=step.total, cases=f"{step.cases:,}")
                self._progress.setRange(0, max(step.total, 1))
                self._progress.setValue(step.done)
            case _:
                text = self.tr("Starting the demo sync service…")
                self._progress.setRange(0, 0)
        self._progress.setLabelText(text)

    def _service_started(self, service: object) -> None:
        if self._progress is not None:
            self._progress.close()
        self.service = service
        url = service.url  # type: ignore[attr-defined]
        if self._window_first:
            if url != self._early_url:  # the port was taken between the look and the start
                log.warning("demo service on %s, not %s: log in again", url, self._early_url)
            return
        self._ask_login(url, service.users)  # type: ignore[attr-defined]

    def _early_logged_in(self, ws: Workspace) -> None:
        self._window_first = True
        self._logged_in(ws, start_sync=False)
        # The sync client's making and the service's start (imports, mostly) would hold
        # the interpreter while the map draws: they wait for the first drawn view, or a
        # few seconds at most.
        window = self.window
        assert window is not None

        def after_first_view() -> None:
            if self.window is window:  # not logged out meanwhile
                self._start_sync(ws, window)
            self._start_service()

        window.map.cases_shown.connect(after_first_view)
        QTimer.singleShot(SERVICE_AFTER_MS, self, after_first_view)  # not once self is gone

    def _start_sync(self, ws: Workspace, window: MainWindow) -> None:
        """The sync client is made (its imports) off the GUI thread, then the loop starts."""
        if window.sync is None or window.sync.started:
            return
        assert ws.sync is not None
        session = ws.sync

        def start(_client: object) -> None:
            if self.window is window and window.sync is not None:
                window.sync.start()

        self.runner.submit(lambda: session.client, start, self._fail, lane="net", owner=window)

    def _early_failed(self, exc: BaseException) -> None:
        """Not logged in from the store alone (a first login here, a wrong password):
        the usual way, against the service, which says why."""
        log.info("no early login (%s): logging in against the service", exc)
        self._show_service_progress()
        self._start_service()

    def _ask_login(self, url: str, demo_users: list | None) -> None:
        if self.username and self.password is not None:
            user, password = self.username, self.password
            self.runner.submit(
                lambda: self.open_session(url, user, password),
                self._logged_in,
                self._fail,
                lane="net",
            )
            return
        from ui.sync.login_dialog import LoginDialog

        dialog = LoginDialog(
            None,
            server_url=url,
            demo_users=demo_users,
            login_fn=self.open_session,
            runner=self.runner,
        )
        dialog.logged_in.connect(self._logged_in)
        dialog.rejected.connect(self._cancelled)
        dialog.show()
        self.login_dialog = dialog

    def open_session_offline(self, url: str, username: str, password: str) -> Workspace:
        """A returning user's start: this laptop's store and its offline login, the
        service not asked (it starts after the window). The sync client is made later
        (``_start_sync``); a wrong password is refused here as in :meth:`open_session`.
        """
        return self._open(url, username, password, offline=True)

    def open_session(self, url: str, username: str, password: str) -> Workspace:
        """Open this laptop's store for ``url`` and log in (online, else offline).

        The store is encrypted at rest; the login's password unlocks its key where the
        OS has no keyring (the first login makes the key), so nothing more is asked.
        """
        return self._open(url, username, password, offline=False)

    def _open(self, url: str, username: str, password: str, *, offline: bool) -> Workspace:
        ws = Workspace.open_client_store(
            self.data_dir, url, username=username, password=password, import_sync=not offline
        )
        try:
            ws.connect(url, self.data_dir / "tokens")
            assert ws.sync is not None
            login = ws.sync.login_offline if offline else ws.sync.login
            login(username, password)
        except BaseException:
            ws.close()
            raise
        return ws

    def _logged_in(self, ws: Workspace, *, start_sync: bool = True) -> None:
        """``start_sync`` False: the status bar is filled now, the loop starts later."""
        from ui.sync.sync_controller import SyncController

        self.ws = ws
        controller = SyncController(ws, self.runner)
        early_map, self._early_map = self._early_map, None
        window = MainWindow(ws, self.runner, sync_controller=controller, map_view=early_map)
        window.logout_requested.connect(self._logout)
        window.closed.connect(self._window_closed)
        window.show()
        if start_sync:
            controller.start()
        else:
            controller.refresh()
        self.window = window
        self.window_ready.emit(window)

    def _window_closed(self) -> None:
        if self.window is not None:  # closed by the user, not by a logout
            QApplication.quit()

    def _logout(self) -> None:
        window, ws = self.window, self.ws
        self.window = self.ws = None
        if window is not None:
            window.close()
            window.deleteLater()
        if ws is not None:
            if ws.sync is not None:
                ws.sync.logout()
            self.runner.submit(ws.close, lane="net")
        service_url = self.service.url if self.service else self._early_url  # type: ignore[attr-defined]
        url = self.server_url or service_url or ""
        self.username = self.password = None
        self._ask_login(url, getattr(self.service, "users", None))

    def _cancelled(self) -> None:
        if self.window is None:
            QApplication.quit()

    def _fail(self, exc: BaseException) -> None:
        if self._progress is not None:
            self._progress.close()
        show_error(None, exc)
        self.failed.emit(exc)

    def shutdown(self) -> None:
        """Stop syncing, close the store, stop the demo service (window closed)."""
        self._closed = True
        if self.window is not None and self.window.sync is not None:
            self.window.sync.stop()
        self.runner.wait()
        if self._early_map is not None:  # never given to a window (no login)
            self._early_map.deleteLater()
        if self.ws is not None:
            self.ws.close()
        # A service whose start ended while the window closed: its callback never ran.
        service = self.service or self._service_made
        if service is not None:
            service.stop()  # type: ignore[attr-defined]
