"""BatchDialog: 受理, 立案 or 派遣 the cases selected in the list, in one go.

Each case is still its own action (``ws.batch``: its own event, its own checks), so
the dialog only chooses the action, the department for a 派遣 and a note, then runs
the batch on the ``db`` lane with a progress bar. The outcome opens a summary
(:class:`ui.cases.batch_result_dialog.BatchResultDialog`) and ``acted`` carries the
Changes for the other views.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.workspace import BatchResult
from ui.cases.batch_result_dialog import BatchResultDialog
from ui.detail.texts import action_label
from ui.errors import show_error
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner


def batch_actions_for(ws: Workspace) -> list[Action]:
    """The batch actions the user's role may take (empty for everyone outside a centre)."""
    return ws.batch.offered()


class _Progress(QObject):
    """Carries (done, total) from the db lane to the dialog (queued signal)."""

    changed = Signal(int, int)


class BatchDialog(QDialog):
    acted = Signal(object)  # Changes of the cases done
    finished_batch = Signal(object)  # the BatchResult

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        case_ids: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("batch_dialog")
        self.ws, self.runner = ws, runner
        self.case_ids = list(case_ids)
        self.result: BatchResult | None = None
        self.summary: BatchResultDialog | None = None
        self.setWindowTitle(self.tr("Batch action"))
        fit_to_screen(self, 480, 260)

        self.count = QLabel(self.tr("{n} cases selected").format(n=len(self.case_ids)))
        self.action = QComboBox()
        self.action.setObjectName("batch_action")
        for action in batch_actions_for(ws):
            self.action.addItem(action_label(action), action.value)
        self.department = QComboBox()
        self.department.setObjectName("batch_department")
        self._fill_departments()
        self.note = QLineEdit()
        self.note.setObjectName("batch_note")
        self.note.setMaxLength(500)
        form = QFormLayout()
        form.addRow(self.tr("Action"), self.action)
        self.department_label = QLabel(self.tr("Department"))
        form.addRow(self.department_label, self.department)
        form.addRow(self.tr("Note"), self.note)

        self.progress = QProgressBar()
        self.progress.setObjectName("batch_progress")
        self.progress.setRange(0, max(1, len(self.case_ids)))
        self.progress.setValue(0)
        self.progress.setVisible(False)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.run_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.run_button.setText(self.tr("Run"))
        self.run_button.setObjectName("batch_run")
        self.buttons.accepted.connect(self.run)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.count)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.action.currentIndexChanged.connect(self._action_changed)
        self._progress = _Progress(self)
        self._progress.changed.connect(self._on_progress)
        self._action_changed()

    def _fill_departments(self) -> None:
        """The departments the centre may choose (each case is checked again on its own)."""
        suggested, departments = self.ws.batch.dispatch_options(self.case_ids)
        for dept in departments:
            self.department.addItem(f"{dept.name}（{dept.short}）", dept.code)
        if suggested is not None:
            self.department.setCurrentIndex(max(0, self.department.findData(suggested.code)))

    def chosen_action(self) -> Action | None:
        value = self.action.currentData()
        return Action(value) if value else None

    def _action_changed(self) -> None:
        dispatch = self.chosen_action() is Action.DISPATCH
        self.department.setVisible(dispatch)
        self.department_label.setVisible(dispatch)
        ready = self.chosen_action() is not None and bool(self.case_ids)
        self.run_button.setEnabled(ready and (not dispatch or self.department.count() > 0))

    # -- running -----------------------------------------------------------------------------

    def run(self) -> None:
        action = self.chosen_action()
        if action is None:
            return
        payload: dict[str, str] = {}
        if self.note.text().strip():
            payload["note"] = self.note.text().strip()
        if action is Action.DISPATCH:
            payload["department_code"] = self.department.currentData()
        self._set_busy(True)
        ids, batch, emit = list(self.case_ids), self.ws.batch, self._progress.changed.emit
        self.runner.submit(
            lambda: batch.run(ids, action, payload, progress=emit),
            self._on_done,
            self._on_failed,
            lane="db",
        )

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _on_done(self, result: BatchResult) -> None:
        self.result = result
        self._set_busy(False)
        if result.changes:
            self.acted.emit(result.changes)
        self.finished_batch.emit(result)
        self.summary = BatchResultDialog(result, self.parentWidget())
        self.summary.open()
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        show_error(self, exc)

    def _set_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        for w in (self.action, self.department, self.note, self.run_button):
            w.setEnabled(not busy)
