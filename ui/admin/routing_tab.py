"""Routing rules: which department a category goes to, by grid or street."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.admin_client import RoutingRule
from ui.admin.common import AdminTab, fill_table, make_table, select_key, selected_key
from ui.admin.routing_rule_dialog import RoutingRuleDialog
from ui.tasks import TaskRunner


class RoutingTab(AdminTab):
    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.rules: dict[int, RoutingRule] = {}
        self.dialog: RoutingRuleDialog | None = None
        self.table = make_table(
            [
                self.tr("No."),
                self.tr("Category"),
                self.tr("Applies to"),
                self.tr("Department"),
                self.tr("Note"),
            ]
        )
        self.add_button = QPushButton(self.tr("New rule…"))
        self.delete_button = QPushButton(self.tr("Delete"))
        self.reload_button = QPushButton(self.tr("Reload"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.delete_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reload_button)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        self.add_button.clicked.connect(self.open_dialog)
        self.delete_button.clicked.connect(self.delete_selected)
        self.reload_button.clicked.connect(self.reload)
        self.table.itemSelectionChanged.connect(
            lambda: self.delete_button.setEnabled(self.selected() is not None)
        )
        self.delete_button.setEnabled(False)

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
        self.rules = {r.id: r for r in rows}
        catalog, depts = self.ws.catalog, self.ws.reference.departments
        fill_table(
            self.table,
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
                ]
                for r in rows
            ],
            [r.id for r in rows],
        )
        if select is not None:
            select_key(self.table, select)
        self.loaded.emit()

    def selected(self) -> RoutingRule | None:
        key = selected_key(self.table)
        return self.rules.get(key) if key is not None else None

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
