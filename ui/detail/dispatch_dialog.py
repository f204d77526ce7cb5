"""派遣 / 改派: the suggested department preselected and the deadline it would get,
and optionally 协办 departments (联动处置) with their own limit.

The preview comes from ``ws.dispatch_preview``, which computes the limit with the
same function and clock the service uses when it stores the dispatch; it is
refreshed every 30 s while the dialog is open so it never shows a stale minute.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.co_handling import MAX_CO_DEPARTMENTS
from gridapp.workspace import CaseDetail, DispatchPreview
from ui.detail.action_dialog import ActionDialog
from ui.detail.co_departments import CoDepartmentPicker, co_limit_field
from ui.detail.texts import duration, unit_label, when
from ui.plain import plain_label
from ui.tasks import TaskRunner

REFRESH_MS = 30_000


class DispatchDialog(ActionDialog):
    """Department list (suggested first choice), deadline preview, 协办 departments and
    their limit, reason for 改派."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        self.setMinimumWidth(520)
        case = detail.case
        self.preview: DispatchPreview = ws.dispatch_preview(case)
        # 改派 must pick another department than the one that has it or sent it back.
        excluded = {case.department_code, case.returned_by} if action is Action.REASSIGN else set()
        self.departments = [d for d in self.preview.departments if d.code not in excluded]
        self.department = QComboBox()
        suggested = self.preview.suggested
        for dept in self.departments:
            text = f"{dept.name}（{dept.short}）"
            if suggested is not None and dept.code == suggested.code:
                text += "　" + self.tr("★ suggested")
            self.department.addItem(text, dept.code)
        index = self.department.findData(suggested.code) if suggested else -1
        self.department.setCurrentIndex(max(index, 0))
        self.form.addRow(self.tr("Department"), self.department)
        if case.returned_by:
            returned = ws.reference.departments.get(case.returned_by)
            note = plain_label(
                self.tr("Returned by {dept}").format(
                    dept=returned.name if returned else case.returned_by
                )
            )
            note.setStyleSheet("color:#8a6d3b;")
            self.form.addRow("", note)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.form.addRow(self.tr("Deadline"), self.deadline)
        self.warn = QLabel()
        self.form.addRow(self.tr("Yellow from"), self.warn)
        # 协办: any department of the centre's range but the lead; a 改派 shows those kept
        self.co_before = [c.code for c in case.co_departments]
        self.co = CoDepartmentPicker(self.preview.departments)
        self.co.set_lead(self.department_code())
        self.co.check(self.co_before)
        self.department.currentIndexChanged.connect(
            lambda _i: self.co.set_lead(self.department_code())
        )
        self.form.addRow(self.tr("Co-handling"), self.co)
        self.co_limit = co_limit_field(self)
        self.form.addRow(self.tr("Co-handling limit"), self.co_limit)
        if action is Action.REASSIGN:
            self.text = self.text_field(self.tr("Reason*"), self.tr("Required"))
        else:
            self.text = self.text_field(self.tr("Note"), self.tr("Optional"))
        self.finish_layout()
        self._show_deadline()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.refresh_preview)
        self.timer.start(REFRESH_MS)
        self.ok.setFocus()  # one click (or Enter) dispatches to the suggestion

    def refresh_preview(self) -> None:
        self.preview = self.ws.dispatch_preview(self.detail.case)
        self._show_deadline()

    def _show_deadline(self) -> None:
        d = self.preview.deadline
        text = self.tr("{at} — {time} of {unit} from now").format(
            at=when(d.deadline), time=duration(d.working_time), unit=unit_label(d.unit)
        )
        if d.unconfirmed_years:
            years = ", ".join(str(y) for y in d.unconfirmed_years)
            text += "\n" + self.tr("Calendar for {years} not confirmed yet").format(years=years)
        self.deadline.setText(text)
        self.warn.setText(when(d.warn_at))

    def department_code(self) -> str | None:
        return self.department.currentData()

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"department_code": self.department_code()}
        text = self.text.toPlainText().strip()
        if text:
            payload["reason" if self.action is Action.REASSIGN else "note"] = text
        co = self.co.codes()
        if co or self.co_before:  # a 改派 that unticks them all drops the co-departments
            payload["co_department_codes"] = co
            if co and self.co_limit.value():
                payload["co_limit_days"] = self.co_limit.value()
        return payload

    def problem(self) -> str | None:
        if self.department_code() is None:
            return self.tr("There is no department this centre may dispatch to.")
        if len(self.co.codes()) > MAX_CO_DEPARTMENTS:
            return self.tr("At most {n} co-handling departments.").format(n=MAX_CO_DEPARTMENTS)
        if self.action is Action.REASSIGN and not self.text.toPlainText().strip():
            return self.tr("Please give a reason for reassigning.")
        return None
