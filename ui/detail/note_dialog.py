"""Actions that need only a note or a reason: 受理, 立案, 不予立案, 作废, 催办, 结案…

Which field each action carries (``note`` or ``reason``) and whether it is
required follows the workflow's payload rules, so the service never refuses a
filled form for a missing field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.texts import unit_label, when
from ui.plain import plain_label
from ui.tasks import TaskRunner

# action -> (payload key, required). Required ones match workflow.REQUIRED.
FIELDS: dict[Action, tuple[str, bool]] = {
    Action.ACCEPT: ("note", False),
    Action.FILE: ("note", False),
    Action.REJECT: ("reason", True),
    Action.VOID: ("reason", True),
    Action.URGE: ("note", False),
    Action.CLOSE: ("note", False),
    Action.RESUME: ("note", False),
    Action.APPROVE_SUSPENSION: ("note", False),
    Action.DENY_EXTENSION: ("reason", True),
    Action.DENY_SUSPENSION: ("reason", True),
    Action.ESCALATE: ("reason", True),
    Action.HAND_DOWN: ("reason", False),
    Action.REOPEN: ("reason", False),
}


class NoteDialog(ActionDialog):
    """A note (optional) or a reason (required), plus what the action will do."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        self.key, self.required = FIELDS.get(action, ("note", False))
        info = self._info()
        if info:
            label = plain_label(info)
            label.setWordWrap(True)
            self.form.addRow(label)
        label = self.tr("Reason") if self.key == "reason" else self.tr("Note")
        placeholder = self.tr("Required") if self.required else self.tr("Optional")
        self.text = self.text_field(label + ("*" if self.required else ""), placeholder)
        self.finish_layout()
        self.text.setFocus()

    def _info(self) -> str:
        """Context the decision needs: the conditions to file/close, the new deadline."""
        d, c = self.detail, self.detail.case
        if self.action is Action.FILE and d.category:
            return self.tr("Filing condition: {text}").format(text=d.category.filing_condition)
        if self.action is Action.CLOSE and d.category:
            return self.tr("Closing condition: {text}").format(text=d.category.closing_condition)
        if self.action is Action.REOPEN:
            p = self.ws.deadline_preview(c)
            return self.tr(
                "Back to the department with a new limit: deadline {at} ({unit})"
            ).format(at=when(p.deadline), unit=unit_label(p.unit))
        if self.action is Action.RESUME:
            p = self.ws.deadline_preview(c)
            return self.tr("Handling restarts with a new limit: deadline {at} ({unit})").format(
                at=when(p.deadline), unit=unit_label(p.unit)
            )
        if self.action in (Action.DENY_EXTENSION,) and c.requested_deadline:
            return self.tr("Requested deadline: {at}").format(at=when(c.requested_deadline))
        if self.action is Action.URGE and c.deadline:
            return self.tr("Deadline: {at}; urged {u} times, supervised {s} times").format(
                at=when(c.deadline), u=c.urge_count, s=c.supervise_count
            )
        return ""

    def payload(self) -> dict[str, Any]:
        text = self.text.toPlainText().strip()
        return {self.key: text} if text else {}

    def problem(self) -> str | None:
        if self.required and not self.text.toPlainText().strip():
            return self.tr("Please give a reason.")
        return None
