"""疑似重复 on a case: what the service found nearby, and 合并 in one click.

The service flags a report that lies within 50 m of an open case of the same small class
reported in the 72 h before, whoever holds that case. The banner names only the cases
this user may see (the others as a count: "look wider", not where). The button merges
the case shown into the nearest named candidate with the ordinary 合并 action, so it
works offline, is checked again by the service and appears in the timeline; it is shown
only while the rules allow 合并 (intake and the shift lead, before dispatch).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import CaseDetail
from ui.errors import show_error
from ui.plain import plain_label
from ui.tasks import TaskRunner

STYLE = "background:#fff4e5; color:#8a4b00; padding:6px; border-radius:4px;"


class DuplicateBanner(QWidget):
    acted = Signal(object)  # Changes of the merge

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws = ws
        self.runner = runner
        self.case_id: str | None = None
        self.into: str | None = None
        self.text = plain_label()
        self.text.setWordWrap(True)
        self.text.setStyleSheet(STYLE)
        self.merge = QPushButton()
        self.merge.setObjectName("merge_duplicate")
        self.merge.clicked.connect(self.merge_now)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.merge)
        self.hide()

    def show_hint(self, d: CaseDetail) -> None:
        hint = d.duplicate
        open_case = not d.case.state.is_terminal
        if hint is None or not open_case or not (hint.candidates or hint.others):
            self.case_id = self.into = None
            self.hide()
            return
        numbers = "、".join(str(c.get("number") or "") for c in hint.candidates)
        lines = []
        if numbers:
            lines.append(self.tr("Possible duplicate of %1").replace("%1", numbers))
        if hint.others:
            lines.append(
                self.tr(
                    "%1 possible duplicate(s) outside your area: ask the district centre."
                ).replace("%1", str(hint.others))
            )
        self.text.setText("\n".join(lines))
        self.case_id = d.case.id
        first = hint.candidates[0] if hint.candidates else None
        self.into = str(first.get("case_id")) if first else None
        can_merge = self.into is not None and Action.MERGE in d.actions
        self.merge.setVisible(can_merge)
        self.merge.setEnabled(can_merge)
        if first is not None:
            self.merge.setText(self.tr("Merge into %1").replace("%1", str(first.get("number"))))
        self.show()

    def merge_now(self) -> None:
        if self.case_id is None or self.into is None:
            return
        ws, case_id, into = self.ws, self.case_id, self.into
        note = self.tr("Merged as a duplicate found by the service")
        self.merge.setEnabled(False)
        self.runner.submit(
            lambda: ws.act(case_id, Action.MERGE, {"into": into, "note": note}),
            self.acted.emit,
            self._failed,
            lane="db",
        )

    def _failed(self, exc: BaseException) -> None:
        self.merge.setEnabled(True)
        show_error(self, exc)
