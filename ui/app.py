"""Starting the desktop client: arguments, Qt application, translation, first window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QLibraryInfo,
    QLocale,
    QStandardPaths,
    QTimer,
    QtMsgType,
    QTranslator,
    qInstallMessageHandler,
)
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from gridapp.paths import resources_dir
from ui import app_help
from ui.gc_guard import GuiThreadCollector
from ui.main_window import MainWindow
from ui.map.schemes import register_schemes
from ui.startup import Startup
from ui.tasks import TaskRunner

log = logging.getLogger("gridapp")


def _qt_message_to_log(verbose: bool) -> Callable[..., None]:
    """Qt's own messages go to the log: on a machine without a GPU, QtWebEngine warns
    of OpenGL, Vulkan and GBM at every start (software rendering works). Critical ones
    are always shown; the rest only with ``--verbose``."""
    qt_log = logging.getLogger("qt")

    def handler(kind: QtMsgType, _context: object, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            qt_log.error("%s", message)
        elif verbose:
            qt_log.info("%s", message)
        else:
            qt_log.debug("%s", message)

    return handler


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="gridapp",
        description=app_help.DESCRIPTION,
        epilog=app_help.epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--server",
        help="sync service address, e.g. https://grid.example.gov.cn "
        "(default: GRIDAPP_SERVER, else the embedded demo)",
    )
    p.add_argument("--demo", action="store_true", help="use the embedded demo service")
    p.add_argument("--data-dir", type=Path, help="data folder (default: the platform's)")
    p.add_argument("--lang", default="zh_CN", help="zh_CN (default) or en")
    p.add_argument("--user", help="log in as this user without the dialog (with --password)")
    p.add_argument("--password", help="password for --user (demo users: demo1234)")
    p.add_argument(
        "--screenshot", type=Path, help="save a PNG of the window once loaded, then quit"
    )
    p.add_argument(
        "--wall",
        action="store_true",
        help="after the login, open the command centre's wall display (大屏) full screen"
        " (shift leads, dispatchers, supervisors)",
    )
    p.add_argument(
        "--verbose",
        action="store_true",
        help="also log every HTTP request, the demo service's access log and Chromium's"
        " own messages (GPU, D-Bus); without it only the program's progress and problems",
    )
    return p.parse_args(argv)


# Chromium (QtWebEngine, the map) writes its own ERROR lines to stderr on machines without
# a GPU or a D-Bus system bus: harmless for the map, alarming to read. Fatal ones only.
QUIET_CHROMIUM = "--log-level=3"
# Per-request lines of the HTTP client (every sync round) and of the embedded demo
# service (its logins, its migrations check at every start).
CHATTY_LOGGERS = (
    "httpx",
    "httpcore",
    "uvicorn.access",
    "uvicorn.error",
    "asyncio",
    "alembic",
    "gridapp.server",
)


def configure_logging(verbose: bool) -> None:
    """A normal start prints the program's own progress and problems, nothing per request.

    Must run before the QApplication exists: Chromium reads its flags when QtWebEngine
    starts. With ``verbose``, everything (and Chromium's messages) is shown.
    """
    logging.basicConfig(
        level=logging.INFO if not verbose else logging.DEBUG,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    qInstallMessageHandler(_qt_message_to_log(verbose))
    if verbose:
        return
    for name in CHATTY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if "--log-level" not in flags:
        os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = f"{flags} {QUIET_CHROMIUM}".strip()


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
        return
    # Qt's own texts (standard buttons, file and print dialogs, context menus).
    qt_own = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(QLocale(lang), "qtbase", "_", folder):
        app.installTranslator(qt_own)
    else:
        log.warning("Qt's own %s translation not found in %s", lang, folder)


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


def server_url(args: argparse.Namespace) -> str | None:
    """The configured sync service; None means the embedded demo."""
    if args.demo:
        return None
    return args.server or os.environ.get("GRIDAPP_SERVER") or None


def open_wall(window: MainWindow) -> None:
    """``--wall``: the wall display for a user with a statistics role, else say why not."""
    if window.ws.stats.allowed():
        window.open_wall()
        return
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(
        window,
        window.tr("Wall display"),
        window.tr("The wall display is for shift leads, dispatchers and supervisors."),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    configure_logging(args.verbose)
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
    register_schemes()  # custom URL schemes must exist before the application
    app = QApplication(sys.argv[:1])
    app.setApplicationName("gridapp")
    app.setOrganizationName("gridapp")
    GuiThreadCollector(app)
    # Startup shows a progress box, then the login, then the window: none of them is
    # "the last window"; Startup quits when the main window closes or login is cancelled.
    app.setQuitOnLastWindowClosed(False)
    install_translation(app, args.lang)
    use_cjk_font(app)
    runner = TaskRunner(parent=app)
    folder = data_dir(args)
    folder.mkdir(parents=True, exist_ok=True)
    user = args.user or ("zhiban" if args.screenshot else None)
    password = args.password if args.password is not None else ("demo1234" if user else None)
    startup = Startup(
        runner,
        folder,
        server_url=server_url(args),
        username=user,
        password=password,
        verbose=args.verbose,
    )
    startup.failed.connect(lambda _exc: app.exit(1) if args.screenshot else None)
    if args.wall:
        startup.window_ready.connect(open_wall)
    if args.screenshot:
        target = args.screenshot

        def save(window: MainWindow) -> None:
            if window.first_sync_shown:  # a first start: picture the cases, not the wait
                QTimer.singleShot(500, lambda: save(window))
                return
            window.grab().save(str(target))
            log.info("screenshot saved to %s", target)
            if window.map.js_errors:  # a check, too: the map page must load cleanly
                log.error("map page reported errors: %s", window.map.js_errors)
                app.exit(3)
                return
            app.quit()

        startup.window_ready.connect(
            lambda window: window.map.ready.connect(
                lambda: QTimer.singleShot(1500, lambda: save(window))
            )
        )
    startup.start()
    code = app.exec()
    startup.shutdown()
    return code
