"""Starting the desktop client: arguments, Qt application, translation, first window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLocale, QStandardPaths, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from gridapp import Workspace
from gridapp.paths import resources_dir
from ui.errors import show_error
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

log = logging.getLogger("gridapp")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="gridapp", description="gridapp desktop client")
    p.add_argument("--demo", action="store_true", help="open the embedded demo store")
    p.add_argument("--data-dir", type=Path, help="data folder (default: the platform's)")
    p.add_argument("--lang", default="zh_CN", help="zh_CN (default) or en")
    p.add_argument(
        "--screenshot", type=Path, help="save a PNG of the window once loaded, then quit"
    )
    return p.parse_args(argv)


def has_display() -> bool:
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def install_translation(app: QApplication, lang: str) -> None:
    if lang.startswith("en"):
        return
    translator = QTranslator(app)
    qm = resources_dir() / "translations" / f"gridapp_{lang}.qm"
    if translator.load(str(qm)):
        app.installTranslator(translator)
        QLocale.setDefault(QLocale(lang))
    else:
        log.warning("translation %s not found; showing English", qm)


def use_cjk_font(app: QApplication) -> None:
    """Prefer a font that has Chinese glyphs, so no text shows as boxes."""
    families = set(QFontDatabase.families())
    for family in ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC"):
        if family in families:
            app.setFont(QFont(family, 10))
            return


def data_dir(args: argparse.Namespace) -> Path:
    if args.data_dir:
        return args.data_dir
    if os.environ.get("GRIDAPP_DATA_DIR"):
        return Path(os.environ["GRIDAPP_DATA_DIR"])
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    if args.screenshot and not os.environ.get("QT_QPA_PLATFORM") and not has_display():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if not has_display():
        print(
            "gridapp needs a display. Run it in a desktop session, or under a virtual one:\n"
            "  xvfb-run -a scripts/demo.sh\n"
            "or headless, saving a screenshot:  scripts/demo.sh --screenshot window.png",
            file=sys.stderr,
        )
        return 2
    app = QApplication(sys.argv[:1])
    app.setApplicationName("gridapp")
    app.setOrganizationName("gridapp")
    install_translation(app, args.lang)
    use_cjk_font(app)
    runner = TaskRunner(parent=app)
    window = MainWindow(runner)
    window.show()
    folder = data_dir(args)
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "demo" / "central.db").exists():
        window.show_building()
    runner.submit(
        lambda: Workspace.open_demo(folder), window.set_workspace, lambda e: show_error(window, e)
    )
    if args.screenshot:
        target = args.screenshot

        def save() -> None:
            window.grab().save(str(target))
            log.info("screenshot saved to %s", target)
            app.quit()

        window.loaded.connect(lambda: QTimer.singleShot(400, save))
    code = app.exec()
    runner.wait()
    return code
