"""PyInstaller runtime hook: on Linux, let fontconfig see the bundled CJK font.

A laptop without a Chinese font package would show every label as boxes, in the Qt
widgets and in the map page (Chromium) alike: both ask fontconfig. The bundle carries
``resources/fonts/fonts.conf``, which includes the system configuration and adds its
own folder (``prefix="relative"``), so the bundled wqy-zenhei is one more font.
"""

import os
import sys

if sys.platform.startswith("linux") and "FONTCONFIG_FILE" not in os.environ:
    _conf = os.path.join(getattr(sys, "_MEIPASS", ""), "resources", "fonts", "fonts.conf")
    if os.path.isfile(_conf):
        os.environ["FONTCONFIG_FILE"] = _conf
