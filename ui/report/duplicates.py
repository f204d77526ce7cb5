"""The "maybe already reported" warning: open cases of the same small category nearby.

Two officers passing the same overflowing bin report it twice; the centre then has to
merge. Showing the likely duplicates (same small category, within 50 m, last 72 h,
open) while the report is being written lets the officer open the existing case
instead. It is a warning, not a block: the officer may know better and still save.
The query runs on the db lane; an answer for a point or category that has changed
since is dropped.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gridapp import Workspace
from gridapp.domain.case import CaseRecord
from gridapp.domain.coords import distance_m
from ui.labels import case_stage_label
from ui.tasks import TaskRunner

RADIUS_M = 50
HOURS = 72
Query = tuple[str, float, float]


class DuplicateWarning(QWidget):
    """Hidden unless likely duplicates exist; each one is a link (``open_case(id)``)."""

    open_case = Signal(str)
    checked = Signal(int)  # number found, after each answer (tests and the dialog wait on it)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self._query: Query | None = None
        self.cases: list[CaseRecord] = []

        self.label = QLabel()
        self.label.setObjectName("duplicates")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.label.setOpenExternalLinks(False)
        self.label.linkActivated.connect(self._link)
        self.label.setStyleSheet(
            "QLabel { background: #fff4ce; border: 1px solid #e0b000; padding: 6px; }"
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        self.hide()

    def check(self, category_code: str | None, point: tuple[float, float] | None) -> None:
        """Look for duplicates of this category at this point (None clears the warning)."""
        if not category_code or point is None:
            self._query = None
            self._show([])
            return
        query: Query = (category_code, point[0], point[1])
        if query == self._query:
            return
        self._query = query
        ws = self.ws
        self.runner.submit(
            lambda: ws.nearby_open_cases(query[0], query[1], query[2], RADIUS_M, HOURS),
            lambda found: self._answer(query, found),
            lambda exc: self._answer(query, []),  # a warning only: never block the report
            lane="db",
            owner=self,  # the dialog may close before the answer
        )

    def _answer(self, query: Query, found: list[CaseRecord]) -> None:
        if query != self._query:
            return  # the user moved on to another point
        self._show(found)

    def _show(self, found: list[CaseRecord]) -> None:
        self.cases = list(found)
        if not self.cases:
            self.label.clear()
            self.hide()
            self.checked.emit(0)
            return
        _, lon, lat = self._query or ("", 0.0, 0.0)
        lines = [
            "<b>"
            + html.escape(
                self.tr(
                    "Possibly already reported: {0} open case(s) of this category "
                    "within {1} m in the last {2} hours."
                ).format(len(self.cases), RADIUS_M, HOURS)
            )
            + "</b>"
        ]
        for case in self.cases:
            metres = distance_m(lon, lat, case.lon, case.lat)
            text = case.address or case.description
            lines.append(
                f'<a href="{html.escape(case.id)}">{html.escape(case.number)}</a>'
                f" · {html.escape(case_stage_label(case))}"
                f" · {case.reported_at:%m-%d %H:%M}"
                f" · {metres:.0f} m · {html.escape(text[:40])}"
            )
        lines.append(html.escape(self.tr("Open one to check it; you may still save a new report.")))
        self.label.setText("<br>".join(lines))
        self.show()
        self.checked.emit(len(self.cases))

    def _link(self, case_id: str) -> None:
        self.open_case.emit(case_id)
