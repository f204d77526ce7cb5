"""The notification list: newest first, unread in bold; a double click opens the case.

Read marks and mutes are the user's own (kept in the store by ``ws.notifications``);
every read and write goes through the runner's ``db`` lane.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.notifications import Kind, Notification
from gridapp.queues import queues
from ui.errors import show_error
from ui.flow_layout import FlowLayout
from ui.notifications.texts import kind_label, line_text
from ui.plain import plain_label, plain_tip
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner

ID_ROLE = Qt.ItemDataRole.UserRole
CASE_ROLE = Qt.ItemDataRole.UserRole + 1


class NotificationsDialog(QDialog):
    """What is new for the user; opens a case, marks read, mutes kinds."""

    open_case = Signal(str)
    read_changed = Signal()  # read marks or mutes changed: the badge must recount

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("notifications_dialog")
        self.ws, self.runner = ws, runner
        self.queues = {q.id: q for q in queues(ws)}
        self.notifications: list[Notification] = []
        self.setWindowTitle(self.tr("Notifications"))
        fit_to_screen(self, 820, 560)

        self.unread_only = QCheckBox(self.tr("Unread only"))
        self.unread_only.setObjectName("unread_only")
        self.unread_only.toggled.connect(lambda _on: self.reload())
        self.mark_all = QPushButton(self.tr("Mark all as read"))
        self.mark_all.setObjectName("mark_all_read")
        self.mark_all.clicked.connect(self._mark_all)
        self.toggle_read = QPushButton(self.tr("Mark as read / unread"))
        self.toggle_read.setObjectName("toggle_read")
        self.toggle_read.clicked.connect(self._toggle_read)
        self.open_button = QPushButton(self.tr("Open case"))
        self.open_button.setObjectName("open_case")
        self.open_button.clicked.connect(self._open_current)
        top = QHBoxLayout()
        top.addWidget(self.unread_only)
        top.addStretch(1)
        for button in (self.toggle_read, self.mark_all, self.open_button):
            top.addWidget(button)

        self.list = QTreeWidget()
        self.list.setObjectName("notifications_list")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr("Time"), self.tr("Kind"), self.tr("What")])
        header = self.list.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(lambda *_: self._enable())

        self.empty = plain_label(
            self.tr(
                "Nothing yet. New tasks in your queues, urging and supervision, your cases"
                " turning yellow or red and refused actions will be listed here."
            )
        )
        self.empty.setObjectName("notifications_empty")
        self.empty.setWordWrap(True)
        self.empty.hide()

        mutes = QGroupBox(self.tr("Do not notify me of"))
        flow = FlowLayout(mutes)
        self.mute_boxes: dict[Kind, QCheckBox] = {}
        muted = ws.notifications.muted()
        for kind in Kind:
            box = QCheckBox(kind_label(kind))
            box.setObjectName(f"mute_{kind.value}")
            box.setChecked(kind in muted)
            box.toggled.connect(lambda _on: self._save_mutes())
            flow.addWidget(box)
            self.mute_boxes[kind] = box

        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        layout.addWidget(mutes)
        layout.addLayout(bottom)
        self.reload()

    # -- loading --------------------------------------------------------------------------

    def reload(self) -> None:
        unread = self.unread_only.isChecked()
        self.runner.submit(
            lambda: self.ws.notifications.items(unread_only=unread),
            self._show,
            lambda exc: show_error(self, exc),
        )

    def _show(self, items: list[Notification]) -> None:
        current = self.current_id()
        self.notifications = items
        self.list.clear()
        for n in items:
            item = QTreeWidgetItem(
                [n.at.strftime("%m-%d %H:%M"), kind_label(n.kind), line_text(n, self.queues)]
            )
            item.setData(0, ID_ROLE, n.id)
            item.setData(0, CASE_ROLE, n.case_id)
            item.setToolTip(2, plain_tip(line_text(n, self.queues)))
            if not n.read:
                font = item.font(0)
                font.setBold(True)
                for col in range(3):
                    item.setFont(col, font)
            self.list.addTopLevelItem(item)
            if n.id == current:
                self.list.setCurrentItem(item)
        self.empty.setVisible(not items and not self.unread_only.isChecked())
        self._enable()

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None else item.data(0, ID_ROLE)

    def _enable(self) -> None:
        has = self.list.currentItem() is not None
        self.open_button.setEnabled(has)
        self.toggle_read.setEnabled(has)
        self.mark_all.setEnabled(any(not n.read for n in self.notifications))

    # -- acting ---------------------------------------------------------------------------

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        """Open the case and count the notification as read."""
        nid, case_id = item.data(0, ID_ROLE), item.data(0, CASE_ROLE)
        self._write(lambda: self.ws.notifications.mark_read(nid))
        if case_id:
            self.open_case.emit(case_id)

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._activated(item)

    def _toggle_read(self) -> None:
        nid = self.current_id()
        found = next((n for n in self.notifications if n.id == nid), None)
        if found is not None:
            self._write(lambda: self.ws.notifications.mark_read(nid, read=not found.read))

    def _mark_all(self) -> None:
        self._write(self.ws.notifications.mark_all_read)

    def _save_mutes(self) -> None:
        kinds = [k for k, box in self.mute_boxes.items() if box.isChecked()]
        self._write(lambda: self.ws.notifications.set_muted(kinds))

    def _write(self, fn) -> None:
        def done(_result: object) -> None:
            self.read_changed.emit()
            self.reload()

        self.runner.submit(fn, done, lambda exc: show_error(self, exc))
