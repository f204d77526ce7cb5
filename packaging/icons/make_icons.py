"""Render packaging/icons/gridapp.svg to gridapp.png (256 px) and gridapp.ico (Windows).

Uses Qt's SVG renderer (PySide6 is in .venv; no cairo/rsvg needed), then Pillow for
the multi-size .ico:  .venv/bin/python packaging/icons/make_icons.py
"""

from __future__ import annotations

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(HERE / "gridapp.svg"))
    image = QImage(256, 256, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    png = HERE / "gridapp.png"
    image.save(str(png))
    Image.open(png).save(
        HERE / "gridapp.ico", sizes=[(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (256, 256)]
    )
    print(f"{png} and gridapp.ico written")


if __name__ == "__main__":
    main()
