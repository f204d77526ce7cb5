"""Screenshots of every role's main screens on the demo data, as users see them.

    .venv/bin/python -m ui.screenshots --out var/screens [--months 6] [--lang zh_CN]

One process starts the demo sync service, then logs in as one user of each role
on a laptop store of its own, waits until the first sync, the case list and the
map (grids and markers) are on screen, opens the first case, and saves PNGs.
It exits non-zero if a map page reported a JavaScript error or a picture is blank,
so it doubles as a check (tests/ui/test_screenshots.py runs it on a small demo).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from gridapp import Workspace
from gridapp.domain.roles import Role
from gridapp.workspace import CaseQuery
from ui.app import install_translation, use_cjk_font
from ui.main_window import MainWindow
from ui.map.schemes import register_schemes
from ui.startup import Startup
from ui.sync.sync_controller import SyncController
from ui.tasks import TaskRunner

# One user per role; the department user is the one with the most cases.
ROLE_USERS = [
    ("officer", "wg001"),
    ("intake", "shouli"),
    ("shift-lead", "zhiban"),
    ("dispatcher", "paiqian"),
    ("department", None),
    ("supervisor", "ducha"),
    ("admin", "admin"),
]


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)
    return True


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def is_blank(image: QImage) -> bool:
    """True when the picture has (almost) one colour: nothing was drawn."""
    small = image.scaled(64, 48)
    colours = {small.pixel(x, y) for x in range(small.width()) for y in range(small.height())}
    return len(colours) < 8


def save(widget: QWidget, path: Path, problems: list[str]) -> None:
    image = widget.grab().toImage()
    image.save(str(path))
    if is_blank(image):
        problems.append(f"{path.name}: blank")
    print(f"saved {path}", flush=True)


def busiest_department_user(data_dir: Path) -> str:
    """The department account with the most cases: its screens have something to show."""
    with Workspace.open(data_dir / "demo" / "central.db") as ws:
        ws.act_as("ducha")
        users = [
            u
            for u in ws.reference.users.values()
            if u.role is Role.DEPARTMENT and u.active and u.department_code
        ]
        counts = {
            u.username: ws.count_cases(CaseQuery(department_code=u.department_code)) for u in users
        }
    return max(sorted(counts), key=lambda name: counts[name])


def shoot_role(
    label: str, username: str, url: str, data_dir: Path, out: Path, problems: list[str]
) -> None:
    runner = TaskRunner()
    startup = Startup(runner, data_dir / username, server_url=url)
    ws = startup.open_session(url, username, "demo1234")
    assert ws.sync is not None
    ws.sync.sync_now()  # the first pull, before the window: what a returning user has
    controller = SyncController(ws, runner)
    window = MainWindow(ws, runner, sync_controller=controller)
    controller.start()
    shown: list[int] = []
    window.map.cases_shown.connect(shown.append)
    window.resize(1440, 860)
    window.show()
    if not wait_until(lambda: bool(shown), 60):
        problems.append(f"{label}: the map never showed the cases")
    wait_until(lambda: window.cases.model.rowCount() > 0 or window.cases.model.total == 0, 30)
    if window.cases.model.rowCount():
        first = window.cases.model.case_at(0).id
        window.open_case(first)
        wait_until(lambda: window.detail.case_id == first and window.detail.detail is not None)
    pause(800)  # the page paints after loadFinished
    save(window, out / f"{label}.png", problems)
    if window.map.js_errors:
        problems.append(f"{label}: JS errors {window.map.js_errors}")
    extra = {"officer": window.open_report_dialog, "supervisor": window.open_monthly_report}
    if label in extra:
        extra[label]()
        dialog = getattr(window, "report_dialog" if label == "officer" else "monthly_dialog")
        if label == "supervisor":
            done: list[object] = []
            dialog.generated.connect(done.append)
            dialog.generate_button.click()
            if not wait_until(lambda: bool(done), 300):
                problems.append("supervisor: the monthly report was not generated")
        pause(1500)
        save(dialog, out / f"{label}-dialog.png", problems)
        dialog.close()
    if label == "admin" and window.tabs.count() > 1:
        window.tabs.setCurrentIndex(1)
        pause(1500)
        save(window, out / "admin-tab.png", problems)
    print(json.dumps({"role": label, "user": username, "markers": shown[-1:]}), flush=True)
    controller.stop()
    window.close()
    runner.wait()
    window.map.deleteLater()
    pause(100)
    ws.close()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.screenshots")
    p.add_argument("--out", type=Path, default=Path("var/screens"))
    p.add_argument("--data-dir", type=Path, help="demo data folder (default: a temp folder)")
    p.add_argument("--months", type=int, default=None, help="demo months (default: 6)")
    p.add_argument("--lang", default="zh_CN")
    p.add_argument("--roles", default=None, help="comma-separated labels (default: all)")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gridapp-screens-"))
    register_schemes()
    app = QApplication(sys.argv[:1])
    install_translation(app, args.lang)
    use_cjk_font(app)
    service = Workspace.start_demo_service(data_dir, months=args.months)
    problems: list[str] = []
    try:
        wanted = set(args.roles.split(",")) if args.roles else None
        for label, username in ROLE_USERS:
            if wanted and label not in wanted:
                continue
            if username is None:
                username = busiest_department_user(data_dir)
            shoot_role(label, username, service.url, data_dir, args.out, problems)
    finally:
        service.stop()
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
