"""Routing rules: which department a category goes to, by grid or street."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from gridapp import Workspace
from gridapp.admin_client import RoutingRule
from ui.admin.routing_rule_dialog import RoutingRuleDialog
from ui.admin.table_tab import TableTab
from ui.tasks import TaskRunner


class RoutingTab(TableTab):
    records: dict[int, RoutingRule]

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.dialog: RoutingRuleDialog | None = None
        self.add_button = QPushButton(self.tr("New rule…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        # 智能派单: a matching case filed by the centre goes to the department at once
        self.automatic_button = QPushButton(self.tr("Automatic dispatch on/off"))
        self.automatic_button.setObjectName("routingAutomatic")
        self.build(
            [
                self.tr("No."),
                self.tr("Category"),
                self.tr("Applies to"),
                self.tr("Department"),
                self.tr("Note"),
                self.tr("Automatic"),
            ],
            [self.add_button, self.delete_button, self.automatic_button],
        )
        self.add_button.clicked.connect(self.open_dialog)
        self.delete_button.clicked.connect(self.delete_selected)
        self.automatic_button.clicked.connect(self.toggle_automatic)

    def reload(self, select: int | None = None) -> None:
        self.run(self.ws.admin.routing_rules, lambda rows: self._show(rows, select))

    def _scope(self, r: RoutingRule) -> str:
        ref = self.ws.reference
        if r.grid_code:
            grid = ref.grids.get(r.grid_code)
            return self.tr("Grid %1").replace("%1", f"{r.grid_code} {grid.name if grid else ''}")
        if r.street_code:
            street = ref.streets.get(r.street_code)
            return street.name if street else r.street_code
        return self.tr("Everywhere")

    def _show(self, rows: list[RoutingRule], select: int | None = None) -> None:
        catalog, depts = self.ws.catalog, self.ws.reference.departments
        self.show_rows(
            {r.id: r for r in rows},
            [
                [
                    r.id,
                    f"{r.category_code} {catalog.get(r.category_code).name}"
                    if r.category_code in catalog
                    else r.category_code,
                    self._scope(r),
                    depts[r.department_code].name
                    if r.department_code in depts
                    else r.department_code,
                    r.note,
                    self.tr("Yes") if r.automatic else "—",
                ]
                for r in rows
            ],
            select,
        )

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(self.selected() is not None)
        self.automatic_button.setEnabled(self.selected() is not None)

    def toggle_automatic(self) -> None:
        """Switch 智能派单 for the selected rule; the monthly report shows how often its
        automatic dispatches were reassigned, so a wrong rule can be switched off."""
        rule = self.selected()
        if rule is None:
            return
        self.run(
            lambda: self.ws.admin.set_rule_automatic(rule.id, not rule.automatic),
            lambda changed: self.reload(select=changed.id),
            changes=True,
        )

    def open_dialog(self) -> RoutingRuleDialog:
        self.dialog = dialog = RoutingRuleDialog(self.ws, self)
        dialog.accepted.connect(lambda: self._add(dialog.values()))
        dialog.open()
        return dialog

    def _add(self, v: dict) -> None:
        self.run(
            lambda: self.ws.admin.add_routing_rule(
                v["category_code"],
                v["department_code"],
                street_code=v["street_code"],
                grid_code=v["grid_code"],
                note=v["note"],
            ),
            lambda rule: self.reload(select=rule.id),
            changes=True,
        )

    def delete_selected(self) -> None:
        rule = self.selected()
        if rule is None:
            return
        self.run(
            lambda: self.ws.admin.delete_routing_rule(rule.id),
            lambda _: self.reload(),
            changes=True,
        )
