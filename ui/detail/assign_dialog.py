"""派发核实: send a public/hotline report to a grid officer to verify on site.

The officers of the case's grid come first (one of them is the default the
service would pick); any other officer can be chosen too.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.roles import Role
from gridapp.workspace import CaseDetail
from ui.detail.action_dialog import ActionDialog
from ui.tasks import TaskRunner


class AssignDialog(ActionDialog):
    """Grid officer to verify, and a note for them."""

    def __init__(
        self,
        ws: Workspace,
        runner: TaskRunner,
        detail: CaseDetail,
        action: Action = Action.REQUEST_VERIFY,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(ws, runner, detail, action, parent)
        grid = detail.case.grid_code
        users = ws.reference.users
        own = sorted(u.username for u in ws.reference.officers_of_grid(grid))
        others = [n for n in ws.users_with_role(Role.GRID_OFFICER) if n not in own]
        self.assignee = QComboBox()
        for name in own:
            self.assignee.addItem(
                self.tr("{name} (officer of this grid)").format(name=users[name].display_name),
                name,
            )
        for name in others:
            self.assignee.addItem(f"{users[name].display_name}（{name}）", name)
        self.form.addRow(self.tr("Officer"), self.assignee)
        self.text = self.text_field(self.tr("Note"), self.tr("What to verify"))
        self.finish_layout()

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"assignee": self.assignee.currentData()}
        text = self.text.toPlainText().strip()
        if text:
            payload["note"] = text
        return payload
