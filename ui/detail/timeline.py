"""The case's event log as a table: when, who, role, what, the note, photos, status.

It is the audit trail the centre reads to see how a case went, so each row also
says what the action decided (department and deadline of a dispatch, pass/fail
of a check), not only the free text the user typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.events import parse_time
from gridapp.workspace import TimelineEntry
from ui.detail.texts import action_label, chinese, when
from ui.labels import role_label
from ui.plain import plain_tip

COLUMNS = (
    QT_TRANSLATE_NOOP("TimelineView", "When"),
    QT_TRANSLATE_NOOP("TimelineView", "Who"),
    QT_TRANSLATE_NOOP("TimelineView", "Role"),
    QT_TRANSLATE_NOOP("TimelineView", "Action"),
    QT_TRANSLATE_NOOP("TimelineView", "Note"),
    QT_TRANSLATE_NOOP("TimelineView", "Photos"),
    QT_TRANSLATE_NOOP("TimelineView", "Status"),
)


class TimelineView(QTreeWidget):
    """One row per event, oldest first; selecting a row with photos emits them."""

    photos_chosen = Signal(tuple)  # the SHA-256s of the selected event's photos

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHeaderLabels([self.tr(c) for c in COLUMNS])
        header = self.header()
        header.setStretchLastSection(False)
        for col, width in enumerate((130, 90, 90, 140, 260, 60, 80)):
            self.setColumnWidth(col, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.entries: tuple[TimelineEntry, ...] = ()
        self.itemSelectionChanged.connect(self._selected)

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.clear()
        self.entries = tuple(entries)
        for entry in self.entries:
            note = self.describe(entry)
            item = QTreeWidgetItem(
                [
                    when(entry.at),
                    entry.actor_name,
                    role_label(entry.role),
                    action_label(entry.action),
                    note,
                    str(len(entry.photos)) if entry.photos else "",
                    self._status(entry),
                ]
            )
            item.setToolTip(4, plain_tip(note))
            if entry.status == "pending":
                font = QFont(item.font(0))
                font.setItalic(True)
                for col in range(len(COLUMNS)):
                    item.setFont(col, font)
            elif entry.status == "rejected":
                for col in range(len(COLUMNS)):
                    item.setForeground(col, QBrush(QColor("#c0392b")))
                item.setToolTip(6, plain_tip(entry.reject_reason))
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignCenter)
            self.addTopLevelItem(item)

    def row_texts(self) -> list[list[str]]:
        """What each row shows, column by column (tests and the screenshot check)."""
        return [
            [self.topLevelItem(r).text(c) for c in range(len(COLUMNS))]
            for r in range(self.topLevelItemCount())
        ]

    def describe(self, entry: TimelineEntry) -> str:
        """The user's note plus what the action decided, in one line."""
        p = entry.payload
        parts: list[str] = []
        match entry.action:
            case Action.DISPATCH | Action.REASSIGN:
                parts.append(self.tr("to {dept}").format(dept=self._dept(p.get("department_code"))))
                parts.append(self.tr("deadline {at}").format(at=_time(p.get("deadline"))))
            case Action.RESUME:
                parts.append(self.tr("deadline {at}").format(at=_time(p.get("deadline"))))
            case Action.REQUEST_EXTENSION:
                parts.append(self.tr("until {at}").format(at=_time(p.get("deadline"))))
            case Action.APPROVE_SUSPENSION if p.get("deadline"):  # the 挂账 review date
                parts.append(self.tr("until {at}").format(at=_time(p.get("deadline"))))
            case Action.APPROVE_EXTENSION:
                parts.append(self.tr("new deadline {at}").format(at=_time(p.get("deadline"))))
            case Action.CHECK:
                if p.get("result"):
                    parts.append(self.tr("passed"))
                else:
                    parts.append(
                        self.tr("failed, rework until {at}").format(at=_time(p.get("deadline")))
                    )
            case Action.VERIFY_REPORT:
                parts.append(self.tr("true") if p.get("result") else self.tr("not true"))
            case Action.REQUEST_VERIFY:
                assignee = str(p.get("assignee") or "")
                user = self.ws.reference.users.get(assignee)
                # Someone outside this user's reference list: their username, not nothing.
                name = user.display_name if user else assignee
                parts.append(self.tr("to {name}").format(name=name))
            case Action.MERGE:
                parts.append(self.tr("into another case"))
            case Action.FILE:
                if p.get("number"):
                    parts.append(self.tr("number {n}").format(n=p["number"]))
        text = entry.text if entry.action is not Action.REPORT else ""
        if text:
            parts.append(text)
        return ("；" if chinese() else "; ").join(parts)

    def _dept(self, code: object) -> str:
        dept = self.ws.reference.departments.get(str(code or ""))
        return dept.name if dept else str(code or "")

    def _status(self, entry: TimelineEntry) -> str:
        if entry.status == "pending":
            return self.tr("Not synced")
        if entry.status == "rejected":
            return self.tr("Refused")
        return ""

    def _selected(self) -> None:
        items = self.selectedItems()
        if not items:
            return
        entry = self.entries[self.indexOfTopLevelItem(items[0])]
        self.photos_chosen.emit(tuple(entry.photos))


def _time(value: object) -> str:
    try:
        return when(parse_time(value))
    except (TypeError, ValueError):
        return "—"
