"""Time to first window: from program start to a usable main window on the demo.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_ui_start.py [--data-dir DIR]

Runs the app's own start path in one process: imports, the embedded demo service,
login (online) and the first sync, the main window, the first page of the case
list and the map with its markers. The first run builds the demo district and
pulls it (a new laptop); later runs with the same --data-dir are a returning user.

Bytecode: the installed app runs from compiled bytecode (the PyInstaller bundle holds
it). Where the environment forbids writing it (``PYTHONDONTWRITEBYTECODE``, as here),
every start from the source tree would compile every module first, a cost no user
pays: the bench runs itself again with a bytecode cache under var/pycache-bench (the
first run fills it). ``--no-bytecode`` measures the start with the compiles.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_AGAIN = "GRIDAPP_BENCH_BYTECODE"
if "--no-bytecode" not in sys.argv and not os.environ.get(_AGAIN):
    _env = {**os.environ, _AGAIN: "1", "PYTHONPYCACHEPREFIX": str(ROOT / "var" / "pycache-bench")}
    _env.pop("PYTHONDONTWRITEBYTECODE", None)
    os.execve(sys.executable, [sys.executable, *sys.argv], _env)
START = time.perf_counter()
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
if hasattr(os, "geteuid") and os.geteuid() == 0:
    os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--data-dir", type=Path, default=ROOT / "var" / "bench-ui-start")
    p.add_argument("--user", default="zhiban")
    p.add_argument("--no-bytecode", action="store_true", help="compile every module (see above)")
    args = p.parse_args()

    # In the app's order: main.py imports ui.app first (ui/__init__ loads the core
    # before PySide6), then PySide6.
    from ui.app import install_translation, use_cjk_font  # isort: skip

    from PySide6.QtWidgets import QApplication

    from ui.event_wait import wait_until
    from ui.map.schemes import register_schemes
    from ui.startup import Startup
    from ui.tasks import TaskRunner

    marks = {"imports": (time.perf_counter() - START, time.process_time())}
    register_schemes()
    app = QApplication(sys.argv[:1])
    install_translation(app, "zh_CN")
    use_cjk_font(app)
    runner = TaskRunner(parent=app)
    returning = any((args.data_dir / "clients").glob("*.db"))
    startup = Startup(runner, args.data_dir, username=args.user, password="demo1234")
    windows: list[object] = []
    shown: list[int] = []

    def window_ready(window: object) -> None:
        # Connected at once: a returning user's map can draw before wait_until returns.
        window.map.cases_shown.connect(shown.append)  # type: ignore[attr-defined]
        windows.append(window)

    startup.window_ready.connect(window_ready)
    startup.start()
    if not wait_until(lambda: bool(windows), 900):
        print("no window", file=sys.stderr)
        return 1
    marks["window shown (service + login)"] = (time.perf_counter() - START, time.process_time())
    window = windows[0]
    model = window.cases.model  # type: ignore[attr-defined]
    # a returning shift lead's first queue may be empty: loaded is what counts
    wait_until(lambda: model.rowCount() > 0 or model.total == 0, 600)
    marks["first page of cases"] = (time.perf_counter() - START, time.process_time())
    if not wait_until(lambda: bool(shown), 120):
        print("the map never showed the cases", file=sys.stderr)
        return 1
    marks["map with markers"] = (time.perf_counter() - START, time.process_time())
    wait_until(lambda: window.ws.sync.status().last_sync is not None, 900)
    marks["first sync done"] = (time.perf_counter() - START, time.process_time())
    kind = "returning user" if returning else "new laptop (full first pull)"
    mode = "compiled at start" if args.no_bytecode else "bytecode cached, as installed"
    print(f"time to first window, {args.user}, {kind} ({mode}):")
    print(f"  {'':<34} {'wall':>7}   {'CPU (this process)':>9}")
    for name, (seconds, cpu) in marks.items():
        print(f"  {name:<34} {seconds:7.2f} s {cpu:7.2f} s")
    window.close()
    startup.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
