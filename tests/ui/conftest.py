import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")

# Custom URL schemes (the map's mbtiles://) must exist before the QApplication.
from ui.map.schemes import register_schemes

register_schemes()

from tests.qt_gc import collect_after_test, gui_thread_collector  # noqa: E402, F401 (fixtures)
