import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Custom URL schemes (the map's mbtiles://) must exist before the QApplication.
from ui.map.schemes import register_schemes

register_schemes()

import pytest  # noqa: E402
from PySide6.QtCore import QLocale, QTranslator  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gridapp.paths import resources_dir  # noqa: E402
from tests.qt_gc import collect_after_test, gui_thread_collector  # noqa: E402, F401 (fixtures)


@pytest.fixture
def chinese(qapp):
    """The Chinese translation installed for one test (as the app does at start)."""
    translator = QTranslator()
    assert translator.load(str(resources_dir() / "translations" / "gridapp_zh_CN.qm"))
    before = QLocale()
    QApplication.installTranslator(translator)
    QLocale.setDefault(QLocale("zh_CN"))
    yield
    QApplication.removeTranslator(translator)
    QLocale.setDefault(before)
