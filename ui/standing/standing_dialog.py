"""StandingDialog (我的考评): a grid officer's or department's own month-to-date standing.

It shows what the monthly report says about the user, computed by the report's own
functions (``ws.standing``): each indicator with its numerator and denominator, the
case numbers behind the chosen indicator, the score, grade and rank. The user's own
figures come from the laptop's store at once (they work offline); the rank needs every
peer's figures, so it comes from the sync service when it answers: a table of ranks,
scores and grades with the user's row marked and no peer named.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from ui.plain import plain_label, set_plain
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.1f}%"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _item(text: str, *, align_right: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


class StandingDialog(QDialog):
    """我的考评: indicators, cases behind them, score, grade and rank (month to date)."""

    open_case = Signal(str)  # a case id, when a listed case is double-clicked

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("standing_dialog")
        self.ws, self.runner = ws, runner
        self.standing: Any = None  # the one shown: the service's when it answered
        self.source = ""  # "local" | "service"
        self.setWindowTitle(self.tr("My standing"))
        fit_to_screen(self, 1000, 680)

        self.heading = plain_label()
        self.heading.setObjectName("standing_heading")
        self.heading.setWordWrap(True)
        self.score_label = QLabel()
        self.score_label.setObjectName("standing_score")
        big = QFont(self.score_label.font())
        big.setPointSizeF(big.pointSizeF() * 1.4)
        big.setBold(True)
        self.score_label.setFont(big)
        self.rank_label = plain_label()
        self.rank_label.setObjectName("standing_rank")
        self.rank_label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.score_label)
        top.addWidget(self.rank_label, 1)

        self.indicators = _table(
            [
                self.tr("Indicator"),
                self.tr("Weight"),
                self.tr("Numerator"),
                self.tr("Denominator"),
                self.tr("Rate"),
                self.tr("Score"),
            ],
            "standing_indicators",
        )
        header = self.indicators.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.indicators.itemSelectionChanged.connect(self._show_cases)
        self.cases_box = QGroupBox(self.tr("Cases behind the indicator"))
        self.cases = _table([self.tr("Case number"), self.tr("Counted")], "standing_cases")
        self.cases.setToolTip(self.tr("Double-click a case to open it"))
        self.cases.cellDoubleClicked.connect(self._open_case)
        box = QVBoxLayout(self.cases_box)
        box.addWidget(self.cases)
        self.peers_box = QGroupBox(self.tr("Rank among peers (names not shown)"))
        self.peers = _table([self.tr("Rank"), self.tr("Score"), self.tr("Grade"), ""], "peers")
        pbox = QVBoxLayout(self.peers_box)
        pbox.addWidget(self.peers)
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.cases_box)
        lower.addWidget(self.peers_box)
        lower.setChildrenCollapsible(False)

        self.status = plain_label()
        self.status.setObjectName("standing_status")
        self.status.setWordWrap(True)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.clicked.connect(self.refresh)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.indicators, 2)
        layout.addWidget(lower, 3)
        layout.addLayout(buttons)
        self.refresh()

    # -- loading --------------------------------------------------------------------------

    def refresh(self) -> None:
        """Own figures from the store now; the rank from the service when it answers."""
        self.refresh_button.setEnabled(False)
        set_plain(self.status, self.tr("Computing…"))
        self.runner.submit(self.ws.standing.local, self._local_done, self._failed)

    def _local_done(self, standing: Any) -> None:
        if self.source != "service" or standing.peers is not None:
            self._show(standing, "local")
        if standing.peers is not None:  # a central store (demo): the rank is already here
            self._finished(self.tr("Computed on this computer."))
        elif self.ws.standing.online():
            set_plain(self.status, self.tr("Asking the sync service for the rank…"))
            self.runner.submit(
                self.ws.standing.from_service, self._service_done, self._service_failed, lane="net"
            )
        else:
            self._finished(self.tr("Offline: your own figures from this computer; no rank."))

    def _service_done(self, standing: Any) -> None:
        self._show(standing, "service")
        self._finished(self.tr("Rank from the sync service."))

    def _service_failed(self, _exc: BaseException) -> None:
        self._finished(self.tr("The sync service did not answer: your own figures, no rank."))

    def _failed(self, exc: BaseException) -> None:
        self._finished(self.tr("Could not compute: {0}").format(exc))

    def _finished(self, text: str) -> None:
        set_plain(self.status, text)
        self.refresh_button.setEnabled(True)

    # -- showing --------------------------------------------------------------------------

    def _show(self, s: Any, source: str) -> None:
        self.standing, self.source = s, source
        period = f"{s.period_start:%Y-%m-%d} – {s.period_end:%Y-%m-%d}"
        set_plain(
            self.heading,
            self.tr("{0} ({1}) · this month to date: {2} · {3}").format(
                s.name, s.role_label, period, s.snapshot_label
            ),
        )
        if s.score is None:
            self.score_label.setText(self.tr("Nothing to judge yet"))
        else:
            self.score_label.setText(
                self.tr("Score {0} · Grade {1}").format(_num(s.score), s.grade)
            )
        set_plain(self.rank_label, self._rank_text(s))
        self.indicators.setRowCount(len(s.indicators))
        for row, i in enumerate(s.indicators):
            if i.rate is not None:
                counted, out_of = str(i.rate.numerator.value), str(i.rate.denominator.value)
                value = _pct(i.rate.value)
            else:
                counted, out_of, value = str(i.count.value if i.count else 0), "", ""
            cells = [i.label, f"{i.weight:g}%", counted, out_of, value, _num(i.score)]
            for col, text in enumerate(cells):
                self.indicators.setItem(row, col, _item(text, align_right=col > 0))
        self.peers.setRowCount(len(s.peers or ()))
        for row, p in enumerate(s.peers or ()):
            if p.rank is not None:
                rank = str(p.rank)
            else:
                rank = self.tr("apart (few cases)") if p.small_sample else "—"
            mark = self.tr("You") if p.mine else ""
            cells = [rank, _num(p.score), p.grade or "—", mark]
            for col, text in enumerate(cells):
                item = _item(text, align_right=col < 2)
                if p.mine:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.peers.setItem(row, col, item)
        self.peers_box.setVisible(s.peers is not None)
        if self.indicators.rowCount():
            self.indicators.selectRow(0)
        self._show_cases()

    def _rank_text(self, s: Any) -> str:
        if s.peers is None:
            return self.tr("Rank: needs the sync service (peers' figures are kept there).")
        if s.small_sample:
            return self.tr("Fewer than the minimum cases due this month: ranked apart.")
        if s.rank is None:
            return self.tr("Not ranked this month.")
        return self.tr("Rank {0} of {1}").format(s.rank, s.ranked_count)

    def _show_cases(self) -> None:
        s = self.standing
        rows = self.indicators.selectionModel().selectedRows() if s else []
        if not rows:
            self.cases.setRowCount(0)
            return
        i = s.indicators[rows[0].row()]
        if i.rate is not None:
            counted = set(i.rate.numerator.case_numbers)
            lines = [(n, n in counted) for n in i.rate.denominator.case_numbers]
            # a numerator case outside the denominator cannot happen; list it if it does
            lines += [(n, True) for n in sorted(counted - set(i.rate.denominator.case_numbers))]
        else:
            lines = [(n, True) for n in (i.count.case_numbers if i.count else ())]
        self.cases_box.setTitle(self.tr("Cases behind {0}").format(i.label))
        self.cases.setRowCount(len(lines))
        for row, (number, yes) in enumerate(lines):
            self.cases.setItem(row, 0, _item(number))
            self.cases.setItem(row, 1, _item(self.tr("Yes") if yes else self.tr("No")))

    def _open_case(self, row: int, _column: int) -> None:
        item = self.cases.item(row, 0)
        case_id = self.ws.standing.case_id(item.text()) if item else None
        if case_id:
            self.open_case.emit(case_id)
