"""The work-queue panel: the acting user's queues (gridapp.queues) with live counts.

Counting runs on the ``db`` lane (one COUNT per queue, each indexed), so a
100,000-case store never stalls the window; choosing a queue emits its CaseQuery
for the case list. The last chosen queue is remembered per user (``ws.prefs``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.queues import Queue, counts, queues_for
from gridapp.workspace import Changes
from ui.cases.labels import queue_hint, queue_label
from ui.tasks import TaskRunner

LAST_QUEUE_KEY = "cases.last_queue"
log = logging.getLogger(__name__)


class QueuePanel(QWidget):
    queue_chosen = Signal(object)  # CaseQuery
    counts_updated = Signal(dict)  # queue id → count (tests and the status bar)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.queues: list[Queue] = []
        self.counts: dict[str, int] = {}
        self._generation = 0
        title = QLabel(self.tr("Work queues"))
        font = QFont(title.font())
        font.setBold(True)
        title.setFont(font)
        self.list = QListWidget()
        self.list.setMinimumWidth(140)
        self.list.itemClicked.connect(self._clicked)
        self.list.itemActivated.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(title)
        layout.addWidget(self.list, 1)
        self.reload()

    def reload(self) -> None:
        """Rebuild the list for the acting user (after login or a user switch)."""
        self.queues = queues_for(self.ws.user)
        self.counts = {}
        self.list.clear()
        for queue in self.queues:
            item = QListWidgetItem(queue_label(queue))
            item.setData(Qt.ItemDataRole.UserRole, queue.id)
            item.setToolTip(queue_hint(queue))  # what this role does next with them
            self.list.addItem(item)
        self.refresh_counts()

    def queue(self, queue_id: str) -> Queue:
        return next(q for q in self.queues if q.id == queue_id)

    def choose(self, queue_id: str) -> None:
        """Select a queue as if clicked (restoring the last one, tests)."""
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == queue_id:
                self.list.setCurrentItem(item)
                self._clicked(item)
                return

    def last_queue(self) -> str | None:
        """The queue this user chose last time, if it is still one of theirs."""
        try:
            last = self.ws.prefs.get(LAST_QUEUE_KEY)
        except Exception as exc:
            log.warning("last queue not read: %s", exc)
            return None
        return last if any(q.id == last for q in self.queues) else None

    def refresh_counts(self) -> None:
        """Count every queue off the GUI thread; late answers for old users are dropped."""
        self._generation += 1
        generation, ws, queue_list = self._generation, self.ws, list(self.queues)

        def done(result: dict[str, int]) -> None:
            if generation == self._generation:
                self._show_counts(result)

        def failed(exc: BaseException) -> None:
            log.warning("queue counts failed: %s", exc)

        self.runner.submit(lambda: counts(ws, queue_list), done, failed)

    def apply_changes(self, changes: Changes) -> None:
        if changes.case_ids or changes.reference:
            self.refresh_counts()

    def _show_counts(self, result: dict[str, int]) -> None:
        self.counts = result
        for row in range(self.list.count()):
            item = self.list.item(row)
            queue = self.queue(item.data(Qt.ItemDataRole.UserRole))
            n = result.get(queue.id)
            item.setText(queue_label(queue) + (f"  ({n:,})" if n is not None else ""))
            font = item.font()
            font.setBold(bool(n))
            item.setFont(font)
        self.counts_updated.emit(result)

    def _clicked(self, item: QListWidgetItem) -> None:
        queue = self.queue(item.data(Qt.ItemDataRole.UserRole))
        ws = self.ws

        def failed(exc: BaseException) -> None:
            log.warning("last queue not saved: %s", exc)

        self.runner.submit(lambda: ws.prefs.set(LAST_QUEUE_KEY, queue.id), None, failed)
        self.queue_chosen.emit(queue.query)
        # The list is read afresh now: count afresh too, so the two never disagree
        # (a sync may have changed cases since the last count).
        self.refresh_counts()
