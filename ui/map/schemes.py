"""The ``mbtiles://`` URL scheme: offline base tiles read from an MBTiles file.

``register_schemes()`` must run before the QApplication exists (Qt's rule for
custom schemes); the integrator calls it first thing in ``ui/app.py``. The handler
is installed on a profile when a map first needs it.
"""

from __future__ import annotations

import logging
import re
from typing import Any

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

log = logging.getLogger(__name__)

SCHEME = b"mbtiles"
# A 1×1 transparent PNG for tiles the file lacks: a failed image would log a console
# error per tile and show a broken-image frame.
BLANK_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360606060000000050001a5f645400000000049454e44ae426082"
)
_PATH = re.compile(r"^/(\d{1,2})/(\d{1,9})/(\d{1,9})(?:\.\w+)?$")


def register_schemes() -> bool:
    """Register ``mbtiles:`` with Qt. Call before QApplication; True if registered now."""
    if QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME):
        return False
    if QCoreApplication.instance() is not None:
        log.warning("register_schemes() called after the QApplication: mbtiles tiles disabled")
        return False
    scheme = QWebEngineUrlScheme(QByteArray(SCHEME))
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.SecureScheme
        | QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    QWebEngineUrlScheme.registerScheme(scheme)
    return True


def scheme_registered() -> bool:
    return QWebEngineUrlScheme.schemeByName(QByteArray(SCHEME)).name() == QByteArray(SCHEME)


class MBTilesHandler(QWebEngineUrlSchemeHandler):
    """Answers ``mbtiles://<token>/{z}/{x}/{y}`` from the readers registered by token."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.readers: dict[str, Any] = {}
        self.served = 0  # tiles answered from a file (blanks not counted)

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:
        url = job.requestUrl()
        reader = self.readers.get(url.host())
        match = _PATH.match(url.path())
        if reader is None or match is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        z, x, y = (int(v) for v in match.groups())
        try:
            tile = reader.tile(z, x, y)
        except Exception:  # a damaged file: a missing tile, never a crash
            log.exception("mbtiles read failed")
            tile = None
        if tile is None:
            data, mime = BLANK_PNG, "image/png"
        else:
            data, mime = tile
            self.served += 1
        buf = QBuffer(job)
        buf.setData(QByteArray(data))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(QByteArray(mime.encode()), buf)


_handlers: dict[int, MBTilesHandler] = {}


def mbtiles_handler(profile: QWebEngineProfile) -> MBTilesHandler:
    """The handler installed on ``profile`` (installed on first use)."""
    # Keyed by the C++ object: the default profile's Python wrapper can be collected and
    # re-made between MapViews, and Qt refuses a second handler for the same scheme.
    key = shiboken6.getCppPointer(profile)[0]
    handler = _handlers.get(key)
    if handler is None:
        handler = MBTilesHandler(profile)
        profile.installUrlSchemeHandler(QByteArray(SCHEME), handler)
        _handlers[key] = handler
    return handler
