"""BatchResultDialog: what a batch did, case by case: done, and refused with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp.errors import GridappError
from gridapp.workspace import BatchResult
from ui.detail.texts import action_label
from ui.error_texts import error_text
from ui.plain import plain_tip
from ui.screen_fit import fit_to_screen


class BatchResultDialog(QDialog):
    def __init__(self, result: BatchResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batch_result_dialog")
        self.result = result
        self.setWindowTitle(self.tr("Batch result"))
        fit_to_screen(self, 640, 420)
        done, refused = result.done, result.refused
        self.summary = QLabel(
            self.tr("{action}: {done} done, {refused} refused").format(
                action=action_label(result.action), done=len(done), refused=len(refused)
            )
        )
        self.summary.setObjectName("batch_summary")
        self.table = QTableWidget(len(result.outcomes), 3)
        self.table.setObjectName("batch_outcomes")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Case number"), self.tr("Result"), self.tr("Reason")]
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        # refused first: they are what the user has to look at
        ordered = [*refused, *done]
        for row, outcome in enumerate(ordered):
            number = outcome.number or self.tr("(not visible to you)")
            if outcome.ok:
                verdict, reason = self.tr("Done"), ""
            else:
                verdict = self.tr("Refused")
                reason = error_text(GridappError(outcome.code, outcome.message))
            for col, text in enumerate((number, verdict, reason)):
                item = QTableWidgetItem(text)  # item text is plain: user text stays text
                item.setToolTip(plain_tip(text) if col == 2 and text else "")
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
