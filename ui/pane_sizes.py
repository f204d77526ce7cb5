"""Splitter pane sizes the user chose, kept per user in the store's preferences.

A user drags the queue | list | detail dividers once and finds them where they left
them at the next start (``ws.prefs``, table ``user_settings``; per user because a
laptop is shared by a shift). Sizes saved on a larger screen are scaled by Qt to the
splitter's current size, so they still fit a smaller one.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QSplitter

log = logging.getLogger(__name__)
SAVE_DELAY_MS = 400  # a drag moves the divider many times; save once it rests


def _prefs_get(prefs: Any, key: str) -> Any:
    try:
        return prefs.get(key)
    except Exception as exc:  # a locked or read-only store must not stop the window
        log.warning("pane sizes %s not read: %s", key, exc)
        return None


def restore_sizes(splitter: QSplitter, prefs: Any, key: str) -> bool:
    """Apply the saved sizes if they suit this splitter; True when they did."""
    saved = _prefs_get(prefs, key)
    if (
        not isinstance(saved, list)
        or len(saved) != splitter.count()
        or not all(isinstance(n, int) and n >= 0 for n in saved)
        or not any(saved)
    ):
        return False
    splitter.setSizes(saved)
    return True


def remember_sizes(splitter: QSplitter, prefs: Any, key: str) -> None:
    """Restore ``splitter``'s sizes from ``prefs[key]`` and save them after each drag."""
    restore_sizes(splitter, prefs, key)
    timer = QTimer(splitter)
    timer.setSingleShot(True)
    timer.setInterval(SAVE_DELAY_MS)

    def save() -> None:
        try:
            prefs.set(key, splitter.sizes())
        except Exception as exc:
            log.warning("pane sizes %s not saved: %s", key, exc)

    timer.timeout.connect(save)
    splitter.splitterMoved.connect(lambda _pos, _index: timer.start())
    splitter.setProperty("prefs_key", key)
