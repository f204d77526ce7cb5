"""Screenshots of every role's screens and dialogs on the demo data, as users see them.

    .venv/bin/python -m ui.screenshots --out var/screens [--months 6] [--lang zh_CN]
        [--screen 1366x768 | 1920x1080@1.5] [--check fit,language] [--roles officer,…]

One process starts the demo sync service, then logs in as one user of each role
on a laptop store of its own, waits until the first sync, the case list and the
map are on screen, and walks every screen and dialog of the role
(``ui.screen_walk``), saving a PNG of each. It exits non-zero if a map page
reported a JavaScript error or a picture is blank, and with ``--check`` when a
screen does not fit the screen, clips a label, or shows English in the Chinese
interface (``ui.screen_checks``), so it doubles as a test (tests/ui/test_screen_*.py).
``--screen`` sets the offscreen screen: 1366x768, or 1920x1080@1.5 for a Full HD
laptop at 150 % scaling (1280×720 logical pixels).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from gridapp import Workspace
from gridapp.domain.roles import Role
from gridapp.workspace import CaseQuery
from ui.app import install_translation, use_cjk_font
from ui.gc_guard import GuiThreadCollector
from ui.main_window import MainWindow
from ui.map.schemes import register_schemes
from ui.screen_checks import fit_problems, language_problems
from ui.screen_walk import ScreenWalk, pause, wait_until
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
    label: str,
    username: str,
    url: str,
    data_dir: Path,
    out: Path,
    problems: list[str],
    checks: set[str] = frozenset(),
) -> list[str]:
    """Log in as ``username``, walk the role's screens, save and check each one."""
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
    window.show()
    if not wait_until(lambda: bool(shown), 60):
        problems.append(f"{label}: the map never showed the cases")
    wait_until(lambda: window.cases.model.rowCount() > 0 or window.cases.model.total == 0, 30)
    pause(800)  # the page paints after loadFinished
    allowed = frozenset(ws.reference.users)  # usernames show where a name is unknown

    def visit(name: str, widget: QWidget) -> None:
        save(widget.window(), out / f"{name}.png", problems)
        if "fit" in checks:
            problems.extend(fit_problems(name, widget))
        if "language" in checks:
            problems.extend(language_problems(name, widget, allowed))

    walk = ScreenWalk(window, label, visit)
    try:
        names = walk.run(generate_report=label == "supervisor")
    except Exception as exc:  # report it and go on: the service and threads must stop
        traceback.print_exc()
        problems.append(f"{label}: the walk failed after {walk.names[-1:]}: {exc!r}")
        names = walk.names
    if window.map.js_errors:
        problems.append(f"{label}: JS errors {window.map.js_errors}")
    print(json.dumps({"role": label, "user": username, "markers": shown[-1:], "screens": names},
                     ensure_ascii=False), flush=True)  # fmt: skip
    controller.stop()
    window.close()
    runner.wait()
    window.map.deleteLater()
    pause(100)
    ws.close()
    return names


def use_screen(spec: str, folder: Path) -> None:
    """Give the offscreen platform one screen: "1366x768" or "1920x1080@1.5"."""
    size, _, scale = spec.partition("@")
    width, height = (int(n) for n in size.lower().split("x"))
    dpi = 96 * float(scale or 1)
    config = folder / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": dpi, "logicalBaseDpi": 96, "dpr": 1,
    }]}))  # fmt: skip
    if os.environ.get("QT_QPA_PLATFORM", "offscreen").startswith("offscreen"):
        os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m ui.screenshots")
    p.add_argument("--out", type=Path, default=Path("var/screens"))
    p.add_argument("--data-dir", type=Path, help="demo data folder (default: a temp folder)")
    p.add_argument("--months", type=int, default=None, help="demo months (default: 6)")
    p.add_argument("--lang", default="zh_CN")
    p.add_argument("--roles", default=None, help="comma-separated labels (default: all)")
    p.add_argument("--screen", default="1366x768", help="WxH[@scale] (offscreen only)")
    p.add_argument("--check", default="", help="fit,language: report what fails")
    args = p.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    data_dir = args.data_dir or Path(tempfile.mkdtemp(prefix="gridapp-screens-"))
    use_screen(args.screen, args.out)
    checks = {c for c in args.check.split(",") if c}
    register_schemes()
    app = QApplication(sys.argv[:1])
    GuiThreadCollector(app)
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
            shoot_role(label, username, service.url, data_dir, args.out, problems, checks)
    finally:
        service.stop()
    for problem in problems:
        print(f"PROBLEM: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
