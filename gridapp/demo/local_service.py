"""The embedded demo: a real sync service on 127.0.0.1 over the demo central store.

The desktop client always talks to a sync service, even on a laptop with nothing
configured: then it starts this one, so that the demo exercises the same login,
push and pull paths as a district deployment. The service runs in a daemon
thread of the app (uvicorn.Server), on a port remembered in the data folder, so
the client store (one per service URL) is the same from one start to the next.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from gridapp.demo.people import DEMO_PASSWORD
from gridapp.demo.progress import DemoProgress, OnProgress
from gridapp.demo.service_port import remember_port, service_port
from gridapp.demo.store import DEMO_DB_NAME, open_demo
from gridapp.domain.roles import Role
from gridapp.errors import StorageError
from gridapp.store.reference import ReferenceData, UserRecord
from gridapp.sync.protocol import API_PREFIX, SERVICE_KEEP_ALIVE_S
from gridapp.workspace import Workspace

log = logging.getLogger(__name__)

START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class DemoUser:
    """A demo account the login dialog offers (every one has the password ``demo1234``)."""

    username: str
    display_name: str
    role: Role
    organisation: str  # department, town centre or district centre, in Chinese


@dataclass
class DemoService:
    url: str  # http://127.0.0.1:PORT
    users: list[DemoUser]
    password: str
    _server: object
    _thread: threading.Thread

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    def stop(self, timeout: float = 10.0) -> None:
        """Ask uvicorn to finish (open requests end first) and wait for the thread."""
        self._server.should_exit = True  # type: ignore[attr-defined]
        self._thread.join(timeout)


def start_demo_service(
    data_dir: Path,
    port: int = 0,
    *,
    months: int | None = None,
    on_progress: OnProgress | None = None,
    verbose: bool = False,
) -> DemoService:
    """Build the demo central store if missing (~30 s once), then serve it.

    ``port`` 0 reuses the port of the previous start when it is free, else a free one.
    ``verbose`` turns on uvicorn's access log (a line per request).
    """
    import uvicorn

    from gridapp.server.app import create_app
    from gridapp.server.settings import ServerSettings

    folder = Path(data_dir) / "demo"

    # Atomic build on first use; ``months`` makes a smaller demo (screenshot tests).
    def progress(step: DemoProgress) -> None:
        log.info("%s", step)  # the console shows the first start moving, step by step
        if on_progress:
            on_progress(step)

    ws = open_demo(Path(data_dir), months=months, on_progress=progress)
    try:
        users = demo_users(ws)
    finally:
        ws.close()
    db_path = folder / DEMO_DB_NAME
    settings = ServerSettings(
        db_url=f"sqlite:///{db_path.resolve()}",
        files_dir=db_path.with_name(db_path.stem + "-files"),
    )
    port = port or service_port(folder)
    app = create_app(settings)
    config = uvicorn.Config(  # one access line per sync request: only when asked for
        app,
        host="127.0.0.1",
        port=port,
        log_level="info" if verbose else "warning",
        access_log=verbose,
        lifespan="on",
        timeout_keep_alive=SERVICE_KEEP_ALIVE_S,  # longer than a client keeps one
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="demo-sync-service", daemon=True)
    progress(DemoProgress("starting"))
    thread.start()
    url = f"http://127.0.0.1:{port}"
    _wait_healthy(url, server, thread)
    remember_port(folder, port)
    log.info("demo sync service on %s", url)
    return DemoService(url, users, DEMO_PASSWORD, server, thread)


def demo_users(ws: Workspace) -> list[DemoUser]:
    """Every active user of the demo store, ordered by role then username."""
    order = list(Role)
    users = sorted(ws.reference.users.values(), key=lambda u: (order.index(u.role), u.username))
    return [
        DemoUser(u.username, u.display_name, u.role, _organisation(ws.reference, u))
        for u in users
        if u.active
    ]


def _organisation(ref: ReferenceData, user: UserRecord) -> str:
    """Where a demo user works: their department, town centre, community or the district."""
    if user.department_code:
        dept = ref.departments.get(user.department_code)
        return dept.name if dept else user.department_code
    if user.role is Role.GRID_OFFICER:
        grids = [ref.grids[c] for c in sorted(user.grid_codes) if c in ref.grids]
        if not grids:
            return ""
        street = ref.streets.get(grids[0].street_code)
        community = ref.communities.get(grids[0].community_code)
        names = "".join(x.name for x in (street, community) if x is not None)
        return f"{names}（{len(grids)}个网格）"
    if user.street_code:
        street = ref.streets.get(user.street_code)
        return (street.name if street else user.street_code) + "指挥中心"
    if user.role.is_command_staff:
        return "区城市管理指挥中心"
    return "区级"


def _wait_healthy(url: str, server: object, thread: threading.Thread) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if not thread.is_alive():
            raise StorageError("demo_service_failed", "演示同步服务未能启动")
        if server.started:  # type: ignore[attr-defined]
            try:
                if httpx.get(url + API_PREFIX + "/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
        time.sleep(0.05)
    server.should_exit = True  # type: ignore[attr-defined]
    raise StorageError("demo_service_failed", "演示同步服务启动超时")
