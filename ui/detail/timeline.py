"""The case's event log as a table: when, who, role, what, the note, photos, status.

It is the audit trail the centre reads to see how a case went, so each row also
says what the action decided (department and deadline of a dispatch, pass/fail
of a check), not only the free text the user typed.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

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
NOTE, STATUS = 4, 6


class WrappingNote(QStyledItemDelegate):
    """The note column's rows are as tall as the note wrapped to the column's width
    (Qt's tree view does not ask the delegate with the column width by itself)."""

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        width = max(self.view.header().sectionSize(index.column()) - 8, 40)
        text = str(index.data() or "")
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), flags, text)
        return QSize(base.width(), max(base.height(), rect.height() + 6))


class TimelineView(QTreeWidget):
    """One row per event, oldest first; selecting a row with photos emits them."""

    photos_chosen = Signal(tuple)  # the SHA-256s of the selected event's photos

    def __init__(self, ws: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setHeaderLabels([self.tr(c) for c in COLUMNS])
        header = self.header()
        header.setStretchLastSection(False)
        # Short columns as wide as their text, the note takes the rest and wraps, so
        # all columns are readable in a 500 px detail pane without a sideways scroll.
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(NOTE, QHeaderView.ResizeMode.Stretch)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setItemDelegateForColumn(NOTE, WrappingNote(self))
        header.sectionResized.connect(lambda *_: self.scheduleDelayedItemsLayout())
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entries: tuple[TimelineEntry, ...] = ()
        self.late_replies: frozenset[str] = frozenset()
        self.itemSelectionChanged.connect(self._selected)

    def set_entries(self, entries: Sequence[TimelineEntry]) -> None:
        self.clear()
        self.entries = tuple(entries)
        self.late_replies = self.ws.supervision.late_event_ids(self.entries)
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
            if entry.event_id in self.late_replies:  # a 督办 answered late, or not yet
                item.setForeground(NOTE, QBrush(QColor("#c0392b")))
            item.setTextAlignment(5, Qt.AlignmentFlag.AlignCenter)
            self.addTopLevelItem(item)
        # The sync status column only when a row has one (pending or refused events).
        self.setColumnHidden(STATUS, not any(e.status in ("pending", "rejected") for e in entries))

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
            case Action.DISPATCH | Action.REASSIGN | Action.REOPEN:
                parts.append(self.tr("to {dept}").format(dept=self._dept(p.get("department_code"))))
                parts.append(self.tr("deadline {at}").format(at=_time(p.get("deadline"))))
                if p.get("auto_rule") is not None:
                    parts.append(self.tr("automatic (rule {n})").format(n=p["auto_rule"]))
                co = p.get("co_departments")
                if isinstance(co, list) and co:
                    names = "、".join(
                        self._dept(i.get("department_code")) for i in co if isinstance(i, dict)
                    )
                    parts.append(self.tr("co-handling: {depts}").format(depts=names))
            case Action.CALLBACK:
                parts.append(self._verdict(p))
            case Action.ACKNOWLEDGE:
                dept = self._dept(p.get("department_code"))
                parts.append(self.tr("received by {dept}").format(dept=dept))
            case Action.CO_FEEDBACK:
                dept = self._dept(p.get("department_code"))
                parts.append(self.tr("co-handling feedback from {dept}").format(dept=dept))
            case Action.HANDLE if p.get("co_missing_note"):
                note = str(p["co_missing_note"])
                parts.append(self.tr("co-handling feedback missing: {note}").format(note=note))
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
            case Action.SUPERVISE if p.get("reply_due"):
                parts.append(self.tr("reply by {at}").format(at=_time(p.get("reply_due"))))
                if entry.event_id in self.late_replies:
                    parts.append(self.tr("no reply in time"))
            case Action.SUPERVISE_REPLY if entry.event_id in self.late_replies:
                parts.append(self.tr("replied late"))
        text = entry.text if entry.action is not Action.REPORT else ""
        if text:
            parts.append(text)
        return ("；" if chinese() else "; ").join(parts)

    def _verdict(self, p: dict) -> str:
        """回访: not reached, or the citizen's verdict (literal tr calls for lupdate)."""
        if not p.get("reached"):
            return self.tr("not reached")
        return {
            "satisfied": self.tr("satisfied"),
            "basic": self.tr("basically satisfied"),
            "unsatisfied": self.tr("unsatisfied"),
        }.get(str(p.get("satisfaction")), "")

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
