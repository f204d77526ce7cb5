"""回访: the intake desk calls the citizen back after 结案 of a 12345 or public case.

Reached or not; when reached, the verdict (满意 / 基本满意 / 不满意) and a note. With
不满意 the desk may reopen the case at once (重办): the 回访 and then the 重办 are
two events, so a refused 重办 leaves the recorded call standing (the 重办 button then
stays on the case).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QButtonGroup, QCheckBox, QComboBox, QHBoxLayout, QRadioButton, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail, Changes
from ui.detail.action_dialog import ActionDialog
from ui.detail.texts import unit_label, when
from ui.plain import plain_label
from ui.tasks import TaskRunner

UNSATISFIED = "unsatisfied"


class CallbackDialog(ActionDialog):
    """Who to call, whether they were reached, their verdict, a note, and 重办."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.CALLBACK,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        case = detail.case
        who = " ".join(x for x in (case.reporter_name, case.reporter_phone) if x)
        self.form.addRow(self.tr("Citizen"), plain_label(who or self.tr("(not given)")))
        if case.callback_count:
            self.form.addRow(
                self.tr("Earlier calls"),
                plain_label(
                    self.tr("{n} without an answer, last {at}").format(
                        n=case.callback_count, at=when(case.callback_at)
                    )
                ),
            )
        self.reached = QRadioButton(self.tr("Reached"))
        self.not_reached = QRadioButton(self.tr("Not reached"))
        group = QButtonGroup(self)
        group.addButton(self.reached)
        group.addButton(self.not_reached)
        row = QHBoxLayout()
        row.addWidget(self.reached)
        row.addWidget(self.not_reached)
        row.addStretch(1)
        self.form.addRow(self.tr("Call*"), row)
        self.verdict = QComboBox()
        self.verdict.setObjectName("callbackVerdict")
        for text, value in (
            (self.tr("Satisfied"), "satisfied"),
            (self.tr("Basically satisfied"), "basic"),
            (self.tr("Unsatisfied"), UNSATISFIED),
        ):
            self.verdict.addItem(text, value)
        self.verdict.setCurrentIndex(-1)
        self.form.addRow(self.tr("Satisfaction"), self.verdict)
        self.reopen = QCheckBox(self.tr("Reopen the case (back to the department)"))
        self.reopen.setObjectName("callbackReopen")
        self.form.addRow(self.reopen)
        preview = ws.deadline_preview(case)
        self.reopen_info = plain_label(
            self.tr("New deadline if reopened: {at} ({unit})").format(
                at=when(preview.deadline), unit=unit_label(preview.unit)
            )
        )
        self.reopen_info.setWordWrap(True)
        self.form.addRow(self.reopen_info)
        self.text = self.text_field(self.tr("Note"), self.tr("What the citizen said"))
        self.reached.toggled.connect(self._update)
        self.verdict.currentIndexChanged.connect(self._update)
        self.finish_layout()
        self._update()

    def _update(self, *_args: object) -> None:
        reached = self.reached.isChecked()
        self.verdict.setEnabled(reached)
        unhappy = reached and self.verdict.currentData() == UNSATISFIED
        self.reopen.setEnabled(unhappy)
        if not unhappy:
            self.reopen.setChecked(False)
        self.reopen_info.setVisible(unhappy)

    def payload(self) -> dict[str, Any]:
        p: dict[str, Any] = {"reached": self.reached.isChecked()}
        if p["reached"]:
            p["satisfaction"] = str(self.verdict.currentData())
        note = self.text.toPlainText().strip()
        if note:
            p["note"] = note
        return p

    def problem(self) -> str | None:
        if not (self.reached.isChecked() or self.not_reached.isChecked()):
            return self.tr("Say whether the citizen was reached.")
        if self.reached.isChecked() and self.verdict.currentIndex() < 0:
            return self.tr("Choose the citizen's satisfaction.")
        return None

    def submit(self) -> None:
        problem = self.problem()
        if problem:
            self.message.setText(problem)
            self.message.show()
            return
        self.message.hide()
        ws, case_id, payload = self.ws, self.detail.case.id, self.payload()
        reopen = self.reopen.isChecked()
        reason = payload.get("note") or "回访不满意"

        def work() -> Changes:
            changes = ws.act(case_id, Action.CALLBACK, payload)
            if reopen:
                changes = changes | ws.act(case_id, Action.REOPEN, {"reason": reason})
            return changes

        self.ok.setEnabled(False)
        self.runner.submit(work, self._done, self._failed, lane="db")
