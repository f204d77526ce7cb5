"""督办回复: the department answers the 督办 it was sent, before the reply deadline.

Shows each open 督办's instruction and deadline (red once passed: the reply will
be counted late in the monthly report) above the required reply text.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.texts import when
from ui.plain import plain_label
from ui.tasks import TaskRunner

LATE_STYLE = "color:#c0392b;font-weight:bold;"


class SuperviseReplyDialog(ActionDialog):
    """The open 督办 (instruction, deadline) and the department's reply."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.SUPERVISE_REPLY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        for entry in ws.supervision.open_instructions(detail.timeline):
            note = plain_label(
                self.tr("Instruction from {who} ({at}): {text}").format(
                    who=entry.actor_name, at=when(entry.at), text=entry.text
                )
            )
            note.setWordWrap(True)
            self.form.addRow(note)
        order = ws.supervision.open_order(detail.case)
        if order is not None:
            due = plain_label(when(order.due))
            due.setObjectName("replyDue")
            due.setProperty("late", order.late)
            if order.late:
                due.setText(self.tr("{at} (late)").format(at=when(order.due)))
                due.setStyleSheet(LATE_STYLE)
            self.form.addRow(self.tr("Reply deadline"), due)
        self.text = self.text_field(self.tr("Reply*"), self.tr("Required"))
        self.text.setObjectName("superviseReplyText")
        self.finish_layout()
        self.text.setFocus()

    def payload(self) -> dict[str, Any]:
        return {"note": self.text.toPlainText().strip()}

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return self.tr("Please write the reply.")
        return None
