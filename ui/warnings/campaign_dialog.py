"""CampaignDialog: name and deadline of a new 专项整治 over a warning's cases."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from gridapp.domain.campaigns import MAX_NAME
from ui.plain import plain_label
from ui.screen_fit import fit_to_screen


class CampaignDialog(QDialog):
    """Asks what the campaign is called and by when its cases must be closed."""

    def __init__(
        self, today: date, suggested_name: str, count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("campaign_dialog")
        self.setWindowTitle(self.tr("Start a special campaign"))
        fit_to_screen(self, 460, 240)
        self.name = QLineEdit(suggested_name)
        self.name.setObjectName("campaign_name")
        self.name.setMaxLength(MAX_NAME)
        self.deadline = QDateEdit()
        self.deadline.setObjectName("campaign_deadline")
        self.deadline.setCalendarPopup(True)
        self.deadline.setDisplayFormat("yyyy-MM-dd")
        self.deadline.setMinimumDate(QDate(today.year, today.month, today.day))
        later = today + timedelta(days=14)
        self.deadline.setDate(QDate(later.year, later.month, later.day))
        self.note = QLineEdit()
        self.note.setObjectName("campaign_note")
        self.note.setPlaceholderText(self.tr("Instruction to the departments (optional)"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Deadline"), self.deadline)
        form.addRow(self.tr("Instruction"), self.note)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        explain = plain_label(
            self.tr(
                "Each of the {0} cases being handled is put under the campaign with a "
                "supervision order; its progress is closed / total."
            ).format(count)
        )
        explain.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, date, str]:
        d = self.deadline.date()
        return self.name.text().strip(), date(d.year(), d.month(), d.day()), self.note.text()
