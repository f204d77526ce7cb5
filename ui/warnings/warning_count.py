"""WarningCount: the number of open early warnings on the toolbar's 预警 entry.

Evaluating the rules reads the store (about a second over a year of a district), so the
count is computed off the GUI thread: at start, a while after cases change (a sync
brings events in bursts: one count after them) and when the user acknowledges,
dismisses or reopens a warning.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction

from gridapp import Workspace
from gridapp.workspace import Changes
from ui.tasks import TaskRunner

RECOUNT_DELAY_MS = 3000


class WarningCount(QObject):
    """Keeps ``action``'s text as "Early warnings (n)"; ``counted(n)`` after each count."""

    counted = Signal(int)

    def __init__(self, ws: Workspace, runner: TaskRunner, action: QAction) -> None:
        super().__init__(action)
        self.ws, self.runner, self.action = ws, runner, action
        self.count: int | None = None
        self._busy = False
        self._again = False
        self._debounce = QTimer(self, singleShot=True, interval=RECOUNT_DELAY_MS)
        self._debounce.timeout.connect(self.refresh)
        self._show()

    def _show(self) -> None:
        if self.count:
            self.action.setText(self.tr("Early warnings ({0})").format(self.count))
            self.action.setToolTip(
                self.tr("{0} early warnings not yet acknowledged or dismissed").format(self.count)
            )
        else:
            self.action.setText(self.tr("Early warnings"))
            self.action.setToolTip(self.tr("No open early warnings"))

    def refresh(self) -> None:
        """Count now (one count at a time; a request during one runs after it)."""
        if not self.ws.warnings.available():
            return
        if self._busy:
            self._again = True
            return
        self._busy = True

        def done(n: int) -> None:
            self._busy = False
            self.count = n
            self._show()
            self.counted.emit(n)
            if self._again:
                self._again = False
                self.refresh()

        def failed(_exc: BaseException) -> None:
            self._busy = False  # the count stays as it was; the next change retries

        # owner: a count finishing after the window closed (its action gone) is dropped
        self.runner.submit(self.ws.warnings.open_count, done, failed, owner=self)

    def apply_changes(self, changes: Changes) -> None:
        if changes.case_ids or changes.reference:
            self._debounce.start()
