"""合并: choose the open case this report duplicates, by number or from the nearby ones.

Likely duplicates (same small category, close by, recent) are listed when the
dialog opens; a search by number, address or description finds any other one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.case import CaseRecord
from gridapp.workspace import CaseDetail, CaseQuery
from ui.detail.action_dialog import ActionDialog
from ui.errors import show_error
from ui.labels import case_stage_label
from ui.tasks import TaskRunner

ID_ROLE = Qt.ItemDataRole.UserRole
LIMIT = 30


class MergeDialog(ActionDialog):
    """Search field, candidate list (nearby duplicates first), optional note."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.MERGE,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        self.setMinimumWidth(560)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Case number, address or description"))
        self.search.setClearButtonEnabled(True)
        self.search_button = QPushButton(self.tr("Search"))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.search_button)
        self.form.addRow(self.tr("Find"), row)
        self.results = QListWidget()
        self.results.setMinimumHeight(160)
        self.form.addRow(self.tr("Duplicate of*"), self.results)
        self.text = self.text_field(self.tr("Note"), self.tr("Optional"))
        self.finish_layout()
        self.search_button.clicked.connect(self.run_search)
        self.results.itemDoubleClicked.connect(lambda _item: self.submit())
        self._load_nearby()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter in the search field searches; it must not merge into the first hit."""
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and self.focusWidget() is self.search
        ):
            self.run_search()
            return
        super().keyPressEvent(event)

    def _load_nearby(self) -> None:
        case, ws = self.detail.case, self.ws
        self.runner.submit(
            lambda: ws.nearby_open_cases(case.category_code, case.lon, case.lat),
            self._show,
            lambda exc: show_error(self, exc),
            lane="db",
        )

    def run_search(self) -> None:
        text = self.search.text().strip()
        if not text:
            self._load_nearby()
            return
        ws = self.ws
        query = CaseQuery(text=text, limit=LIMIT)
        self.runner.submit(
            lambda: ws.list_cases(query), self._show, lambda exc: show_error(self, exc), lane="db"
        )

    def _show(self, found: list[CaseRecord]) -> None:
        self.results.clear()
        for record in found:
            if record.id == self.detail.case.id or record.state.is_terminal:
                continue  # the service only merges into another open case
            item = QListWidgetItem(
                f"{record.number}　{case_stage_label(record)}　"
                f"{record.address or ''}　{record.description[:40]}"
            )
            item.setData(ID_ROLE, record.id)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)

    def target(self) -> str | None:
        item = self.results.currentItem()
        return item.data(ID_ROLE) if item else None

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"into": self.target()}
        text = self.text.toPlainText().strip()
        if text:
            payload["note"] = text
        return payload

    def problem(self) -> str | None:
        if self.target() is None:
            return self.tr("Please choose the case this one duplicates.")
        return None
