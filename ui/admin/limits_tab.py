"""分类时限: every class's handling limits, where they come from, and the district's own;
above them the 签收 limit (working hours to acknowledge a dispatch).

A row per class and per 细类; "Set limits…" opens the stages of the selected row and
"Restore catalog limits" removes the district's setting.
"""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton, QWidget

from gridapp import Workspace
from gridapp.domain.catalog_types import Limits
from ui.admin.ack_limit_box import AckLimitBox
from ui.admin.common import selected_key
from ui.admin.limits_dialog import LimitsDialog
from ui.admin.table_tab import TableTab
from ui.tasks import TaskRunner

Key = str  # "010101", or "010101/01" for a 细类 (as the service keys them)


def stages_text(limits: Limits, urgency: str) -> str:
    """ "设置警示 0.5紧急工作时 → 修复 6紧急工作时"."""
    stages = limits.get(urgency, ())
    return " → ".join(f"{s.stage} {s.amount:g}{s.unit.label_zh}" for s in stages)


class LimitsTab(TableTab):
    records: dict[Key, tuple[str, Limits, str]]  # title, limits, source text

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(ws, runner, parent)
        self.dialog: LimitsDialog | None = None
        self.adjusted: set[Key] = set()
        self.edit_button = QPushButton(self.tr("Set limits…"))
        self.reset_button = QPushButton(self.tr("Restore catalog limits"))
        self.build(
            [
                self.tr("Code"),
                self.tr("Class"),
                self.tr("Normal"),
                self.tr("Urgent"),
                self.tr("Source"),
            ],
            [self.edit_button, self.reset_button],
        )
        self.edit_button.clicked.connect(self.open_dialog)
        self.reset_button.clicked.connect(self.reset_selected)
        self.ack = AckLimitBox(self)
        self.layout().insertWidget(0, self.ack)
        self.ack.save_button.clicked.connect(self.save_ack_limit)
        self.ack.reset_button.clicked.connect(self.reset_ack_limit)

    def reload(self, select: Key | None = None) -> None:
        self.run(self.ws.admin.category_limits, lambda rows: self._show(rows, select))
        self.run(self.ws.admin.ack_limit, lambda got: self.ack.show_limit(*got))

    def save_ack_limit(self) -> None:
        hours = self.ack.hours.value()
        self.run(
            lambda: self.ws.admin.set_ack_limit(hours),
            lambda saved: self.ack.show_limit(saved, False),
            changes=True,
        )

    def reset_ack_limit(self) -> None:
        self.run(
            self.ws.admin.reset_ack_limit,
            lambda _: self.run(self.ws.admin.ack_limit, lambda got: self.ack.show_limit(*got)),
            changes=True,
        )

    def _source(self, source: str) -> str:
        return source or self.tr("Local default (an administrator may change it)")

    def _show(self, adjusted: list, select: Key | None = None) -> None:
        self.adjusted = {a.key for a in adjusted}
        records: dict[Key, tuple[str, Limits, str]] = {}
        rows = []
        for cat in self.ws.catalog.active():
            entries = [(cat.code, cat.name, cat.limits, cat.limits_source)]
            entries += [
                (f"{cat.code}/{s.code}", f"{cat.name} / {s.name}", s.limits, s.limits_source)
                for s in cat.subclasses
            ]
            for key, title, limits, source in entries:
                records[key] = (title, limits, self._source(source))
                rows.append(
                    [
                        key.replace("/", "-"),
                        title,
                        stages_text(limits, "normal"),
                        stages_text(limits, "urgent"),
                        records[key][2],
                    ]
                )
        self.show_rows(records, rows, select)
        for r in range(self.table.rowCount()):  # the whole source, however long
            item = self.table.item(r, 4)
            item.setToolTip(item.text())

    def selected_key(self) -> Key | None:
        return selected_key(self.table)

    def _selection_changed(self) -> None:
        key = self.selected_key()
        self.edit_button.setEnabled(key is not None)
        self.reset_button.setEnabled(key in self.adjusted)

    def open_dialog(self) -> LimitsDialog | None:
        key = self.selected_key()
        if key is None:
            return None
        title, limits, source = self.records[key]
        self.dialog = dialog = LimitsDialog(title, limits, source, self)
        dialog.accepted.connect(lambda: self._save(key, dialog))
        dialog.open()
        return dialog

    def _save(self, key: Key, dialog: LimitsDialog) -> None:
        code, _, sub = key.partition("/")
        limits, note = dialog.time_limits(), dialog.note.text().strip()
        self.run(
            lambda: self.ws.admin.set_category_limit(code, limits, note, subclass=sub or None),
            lambda _: self.reload(select=key),
            changes=True,
        )

    def reset_selected(self) -> None:
        key = self.selected_key()
        if key is None or key not in self.adjusted:
            return
        code, _, sub = key.partition("/")
        self.run(
            lambda: self.ws.admin.reset_category_limit(code, subclass=sub or None),
            lambda _: self.reload(select=key),
            changes=True,
        )
