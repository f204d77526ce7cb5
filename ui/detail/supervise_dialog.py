"""督办: the instruction (督办意见) and how long the department has to answer it.

The reply deadline is chosen in working days (1 by default) and shown as the date
and time it falls on, from the working calendar, before the user confirms; the
service counts it again when the 督办 is made. The department holding the case then
owes a 督办回复 (``ui.detail.supervise_reply_dialog``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.detail.texts import when
from ui.plain import plain_label
from ui.tasks import TaskRunner


class SuperviseDialog(ActionDialog):
    """A required instruction and a reply deadline in working days."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.SUPERVISE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        c = detail.case
        if c.deadline:
            info = plain_label(
                self.tr("Deadline: {at}; urged {u} times, supervised {s} times").format(
                    at=when(c.deadline), u=c.urge_count, s=c.supervise_count
                )
            )
            info.setWordWrap(True)
            self.form.addRow(info)
        if detail.department_name:
            self.form.addRow(self.tr("Department"), plain_label(detail.department_name))
        self.text = self.text_field(self.tr("Instruction*"), self.tr("Required"))
        self.text.setObjectName("superviseInstruction")
        self.days = QComboBox()
        self.days.setObjectName("superviseReplyDays")
        for n in ws.supervision.choices:
            self.days.addItem(self.tr("{n} working days").format(n=n), n)
        self.days.setCurrentIndex(self.days.findData(ws.supervision.default_days))
        self.form.addRow(self.tr("Reply within"), self.days)
        self.due = QLabel()
        self.due.setObjectName("superviseReplyDue")
        self.form.addRow(self.tr("Reply deadline"), self.due)
        self.days.currentIndexChanged.connect(self._show_due)
        self._show_due()
        self.finish_layout()
        self.text.setFocus()

    def _show_due(self) -> None:
        self.due.setText(when(self.ws.supervision.reply_due_preview(self.reply_days())))

    def reply_days(self) -> int:
        return int(self.days.currentData())

    def payload(self) -> dict[str, Any]:
        return {"note": self.text.toPlainText().strip(), "reply_days": self.reply_days()}

    def problem(self) -> str | None:
        if not self.text.toPlainText().strip():
            return self.tr("Please write the instruction.")
        return None
