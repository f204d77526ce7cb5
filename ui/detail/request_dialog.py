"""A department's requests (延期 with a new deadline, 挂账, 回退) and approving 延期.

A request always needs a reason (the centre decides on it); an extension also
needs the deadline asked for, later than the current one. Approving shows the
requested deadline, which the approver may change before approving.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDateTimeEdit, QLabel, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.texts import when
from ui.tasks import TaskRunner

DEADLINE_ACTIONS = (Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION, Action.APPROVE_SUSPENSION)
REASON_REQUIRED = {
    Action.REQUEST_EXTENSION,
    Action.REQUEST_SUSPENSION,
    Action.RETURN,
}


class RequestDialog(ActionDialog):
    """Reason, and for 延期 the new deadline (requested, or approved)."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        case = detail.case
        self.new_deadline: QDateTimeEdit | None = None
        self.limit: tuple[int, datetime] | None = None  # days, latest deadline allowed
        if case.deadline:
            self.form.addRow(self.tr("Current deadline"), QLabel(when(case.deadline)))
        if action in DEADLINE_ACTIONS:
            kind = "suspension" if action is Action.APPROVE_SUSPENSION else "extension"
            self.limit = ws.extension_limit(kind)
            start = case.requested_deadline or (case.deadline or ws.clock()) + timedelta(days=1)
            if action is Action.APPROVE_SUSPENSION:
                start = self.limit[1]
            self.new_deadline = QDateTimeEdit(QDateTime(start))
            self.new_deadline.setDisplayFormat("yyyy-MM-dd HH:mm")
            self.new_deadline.setCalendarPopup(True)
            label = {
                Action.APPROVE_EXTENSION: self.tr("Approved deadline"),
                Action.APPROVE_SUSPENSION: self.tr("Suspended until"),
            }.get(action, self.tr("Requested deadline"))
            self.form.addRow(label, self.new_deadline)
            days, latest = self.limit
            self.new_deadline.setMaximumDateTime(QDateTime(latest))
            self.limit_label = QLabel(
                self.tr("At most {days} days from now: {latest} at the latest").format(
                    days=days, latest=when(latest)
                )
            )
            self.form.addRow("", self.limit_label)
        if action is Action.RETURN:
            hint = QLabel(
                self.tr("The case goes back to the command centre for another department.")
            )
            hint.setWordWrap(True)
            self.form.addRow(hint)
        if action is Action.REQUEST_SUSPENSION:
            hint = QLabel(self.tr("While suspended, the handling limit does not run."))
            hint.setWordWrap(True)
            self.form.addRow(hint)
        self.required = action in REASON_REQUIRED
        self.key = "reason" if self.required else "note"
        label = self.tr("Reason*") if self.required else self.tr("Note")
        self.text = self.text_field(label, self.tr("Required") if self.required else "")
        self.finish_layout()
        self.text.setFocus()

    def deadline_value(self) -> datetime | None:
        if self.new_deadline is None:
            return None
        value = self.new_deadline.dateTime().toPython()
        return value.replace(second=0, microsecond=0)

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {}
        text = self.text.toPlainText().strip()
        if text:
            payload[self.key] = text
        deadline = self.deadline_value()
        if deadline is not None:
            payload["deadline"] = deadline.isoformat(timespec="seconds")
        return payload

    def problem(self) -> str | None:
        if self.required and not self.text.toPlainText().strip():
            return self.tr("Please give a reason.")
        deadline, current = self.deadline_value(), self.detail.case.deadline
        later = self.action is not Action.APPROVE_SUSPENSION  # a review date, not a new limit
        if later and deadline is not None and current is not None and deadline <= current:
            return self.tr("The new deadline must be later than the current one.")
        if deadline is not None and self.limit is not None and deadline > self.limit[1]:
            return self.limit_label.text()
        return None
