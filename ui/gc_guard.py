"""Python's cycle collector runs on the GUI thread only.

Automatic collection runs in whichever thread happens to allocate when a threshold
trips. A worker of the task runner could then free a widget caught in a reference
cycle, and Qt crashes when a QObject is destroyed off its thread (seen in CI: a
segfault while the monthly report rendered on the db lane). So automatic collection
is switched off and a GUI-thread timer collects when the counts say it is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

from gridapp.bulk_work import bulk_work_running


class GuiThreadCollector(QObject):
    """Collects cyclic garbage from a timer on the thread that owns it."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 500) -> None:
        super().__init__(parent)
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int:
        """Collect the oldest generation whose count passed its threshold; -1 when none.

        Not while a bulk read runs (a statistics view, a report): a pass then would walk
        the millions of objects it is building, for no garbage (``gridapp.bulk_work``).
        """
        if bulk_work_running():
            return -1
        counts, thresholds = gc.get_count(), gc.get_threshold()
        due = -1
        for generation in range(3):
            if thresholds[generation] and counts[generation] > thresholds[generation]:
                due = generation
        if due >= 0:
            gc.collect(due)
        return due

    def stop(self) -> None:
        """Hand collection back to Python (tests, shutdown)."""
        self._timer.stop()
        gc.enable()
