"""Open311 integration clients: who may post reports into the system, where and how often."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from gridapp import Workspace
from gridapp.integrations_admin import IntegrationClient
from ui.admin.api_key_dialog import ApiKeyDialog
from ui.admin.integration_dialog import IntegrationDialog
from ui.admin.table_tab import TableTab
from ui.tasks import TaskRunner


class IntegrationsTab(TableTab):
    records: dict[str, IntegrationClient]

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.dialog: IntegrationDialog | None = None
        self.key_dialog: ApiKeyDialog | None = None
        self.add_button = QPushButton(self.tr("New client…"))
        self.toggle_button = QPushButton(self.tr("Disable"))
        self.key_button = QPushButton(self.tr("New key…"))
        self.build(
            [
                self.tr("Name"),
                self.tr("Source"),
                self.tr("May post in"),
                self.tr("Rate limit"),
                self.tr("Key starts"),
                self.tr("State"),
            ],
            [self.add_button, self.toggle_button, self.key_button],
        )
        self.add_button.clicked.connect(self.open_dialog)
        self.toggle_button.clicked.connect(self.toggle_selected)
        self.key_button.clicked.connect(self.new_key_for_selected)

    def reload(self, select: str | None = None) -> None:
        self.run(self.ws.admin.integrations.list, lambda rows: self._show(rows, select))

    def _show(self, rows: list[IntegrationClient], select: str | None = None) -> None:
        streets = self.ws.reference.streets
        sources = {"hotline": self.tr("12345 hotline"), "public": self.tr("Public report")}
        self.show_rows(
            {c.id: c for c in rows},
            [
                [
                    c.name,
                    sources.get(c.source, c.source),
                    "、".join(streets[s].name if s in streets else s for s in c.street_codes),
                    self.tr("%1 per hour").replace("%1", str(c.rate_per_hour)),
                    c.key_hint + "…",
                    self.tr("Active") if c.active else self.tr("Disabled"),
                ]
                for c in rows
            ],
            select,
        )

    def _selection_changed(self) -> None:
        client = self.selected()
        self.toggle_button.setEnabled(client is not None)
        self.key_button.setEnabled(client is not None)
        if client is not None:
            self.toggle_button.setText(self.tr("Disable") if client.active else self.tr("Enable"))

    def open_dialog(self) -> IntegrationDialog:
        self.dialog = dialog = IntegrationDialog(self.ws, self)
        dialog.accepted.connect(lambda: self._create(dialog.values()))
        dialog.open()
        return dialog

    def _create(self, v: dict) -> None:
        self.run(
            lambda: self.ws.admin.integrations.create(
                v["name"], v["source"], v["street_codes"], v["rate_per_hour"]
            ),
            self._created,
        )

    def _created(self, result: tuple[IntegrationClient, str]) -> None:
        client, key = result
        self.reload(select=client.id)
        self.show_key(client, key)

    def show_key(self, client: IntegrationClient, key: str) -> ApiKeyDialog:
        self.key_dialog = dialog = ApiKeyDialog(client.name, key, self)
        dialog.open()
        return dialog

    def toggle_selected(self) -> None:
        client = self.selected()
        if client is None:
            return
        self.run(
            lambda: self.ws.admin.integrations.update(client.id, active=not client.active),
            lambda c: self.reload(select=c.id),
        )

    def new_key_for_selected(self) -> None:
        client = self.selected()
        if client is None:
            return
        self.run(lambda: self.ws.admin.integrations.new_key(client.id), self._created)
