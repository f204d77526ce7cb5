"""WarningsDialog: the 预警 queue of command staff and supervisors.

Warnings are computed from the store on the ``db`` lane (offline too) within the user's
scope, with the rules the administrator set. Selecting one lists its cases; from there
the user sends a 督办 on all of them or on the chosen one, or starts a 专项整治 (a named
group with its own deadline, followed on the second tab as closed / total). Every case is
checked by the rules on its own: the cases a 督办 cannot reach are listed with the reason.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.early_warning.acks import MAX_NOTE, AckState
from ui.errors import show_error
from ui.labels import case_stage_label
from ui.plain import plain_label, set_plain
from ui.screen_fit import fit_to_screen
from ui.tasks import TaskRunner
from ui.warnings.campaign_dialog import CampaignDialog
from ui.warnings.texts import ack_text, campaign_name, figures, kind_label, subject

CASE_ROLE = Qt.ItemDataRole.UserRole


def _table(object_name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


def _item(text: str, data: Any = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)  # an item view's text is never markup
    if data is not None:
        item.setData(CASE_ROLE, data)
    return item


class WarningsDialog(QDialog):
    open_case = Signal(str)
    changed = Signal(object)  # Changes after a 督办 / campaign
    loaded = Signal()  # warnings and campaigns shown (tests wait on it)
    acks_changed = Signal()  # a warning acknowledged, dismissed or reopened (the count)

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.warnings: list[Any] = []  # the ones listed
        self.all_warnings: list[Any] = []  # every warning evaluated
        self.acks: dict[str, Any] = {}
        self.campaigns: list[Any] = []
        self.shown_cases: list[str] = []
        self.setObjectName("warnings_dialog")
        self.setWindowTitle(self.tr("Early warnings"))
        fit_to_screen(self, 1180, 680)

        self.warning_table = _table(
            "warning_table",
            [self.tr("Rule"), self.tr("About"), self.tr("Figures"), self.tr("Handled")],
        )
        self.show_handled = QCheckBox(self.tr("Show acknowledged and dismissed warnings"))
        self.show_handled.setObjectName("show_handled_warnings")
        self.show_handled.toggled.connect(lambda _on: self._show_warnings())
        self.ack_note = QLineEdit()
        self.ack_note.setObjectName("warning_ack_note")
        self.ack_note.setMaxLength(MAX_NOTE)
        self.ack_note.setPlaceholderText(self.tr("Note (a dismissal must say why)"))
        self.ack_button = QPushButton(self.tr("Acknowledge"))
        self.ack_button.setObjectName("acknowledge_warning")
        self.ack_button.setToolTip(
            self.tr("Seen and followed: off your open list until a new case joins it")
        )
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setObjectName("dismiss_warning")
        self.dismiss_button.setToolTip(
            self.tr("Not a problem: off your open list, with the reason")
        )
        self.reopen_button = QPushButton(self.tr("Reopen"))
        self.reopen_button.setObjectName("reopen_warning")
        self.case_table = _table(
            "warning_cases",
            [self.tr("Case number"), self.tr("Stage"), self.tr("Category"), self.tr("Department")],
        )
        self.summary = plain_label()
        self.summary.setObjectName("warning_summary")
        self.supervise_all = QPushButton(self.tr("Supervise all"))
        self.supervise_all.setObjectName("supervise_all")
        self.supervise_one = QPushButton(self.tr("Supervise the chosen case"))
        self.supervise_one.setObjectName("supervise_one")
        self.campaign_button = QPushButton(self.tr("Start a campaign…"))
        self.campaign_button.setObjectName("start_campaign")
        self.open_button = QPushButton(self.tr("Open case"))
        self.open_button.setObjectName("open_warning_case")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refresh_warnings")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.summary)
        right_layout.addWidget(self.case_table)
        buttons = QHBoxLayout()
        for b in (self.supervise_all, self.supervise_one, self.campaign_button, self.open_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        right_layout.addLayout(buttons)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.warning_table, 1)
        left_layout.addWidget(self.show_handled)
        ack_row = QHBoxLayout()
        ack_row.addWidget(self.ack_note, 1)
        for b in (self.ack_button, self.dismiss_button, self.reopen_button):
            ack_row.addWidget(b)
        left_layout.addLayout(ack_row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 560])

        self.campaign_table = _table(
            "campaign_table",
            [self.tr("Campaign"), self.tr("Deadline"), self.tr("Progress"), self.tr("Started by")],
        )
        self.tabs = QTabWidget()
        self.tabs.setObjectName("warning_tabs")
        self.tabs.addTab(split, self.tr("Warnings"))
        self.tabs.addTab(self.campaign_table, self.tr("Campaigns"))
        self.status = plain_label()
        self.status.setObjectName("warning_status")
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addLayout(bottom)

        self.warning_table.itemSelectionChanged.connect(self._warning_chosen)
        self.campaign_table.itemSelectionChanged.connect(self._campaign_chosen)
        self.case_table.itemDoubleClicked.connect(lambda _i: self._open())
        self.open_button.clicked.connect(self._open)
        self.supervise_all.clicked.connect(lambda: self._supervise(self.shown_cases))
        self.supervise_one.clicked.connect(
            lambda: self._supervise([c] if (c := self._chosen_case()) else [])
        )
        self.campaign_button.clicked.connect(self.start_campaign)
        self.ack_button.clicked.connect(lambda: self.acknowledge(AckState.ACKNOWLEDGED))
        self.dismiss_button.clicked.connect(lambda: self.acknowledge(AckState.DISMISSED))
        self.reopen_button.clicked.connect(self.reopen)
        self.refresh_button.clicked.connect(self.reload)
        self._enable()
        self.reload()

    # -- loading ----------------------------------------------------------------------------

    def reload(self) -> None:
        set_plain(self.status, self.tr("Evaluating the warning rules…"))
        ws = self.ws
        self.runner.submit(
            lambda: (ws.warnings.evaluate(), ws.warnings.campaigns(), ws.warnings.acks()),
            self._show,
            lambda exc: show_error(self, exc),
        )

    def _show(self, result: tuple[list[Any], list[Any], dict[str, Any]]) -> None:
        self.all_warnings, self.campaigns, self.acks = result
        self._show_warnings(select_first=False)
        self.campaign_table.setRowCount(len(self.campaigns))
        today = self.ws.clock().date()
        for row, k in enumerate(self.campaigns):
            name = k.name + (self.tr(" (late)") if k.late(today) else "")
            self.campaign_table.setItem(row, 0, _item(name, k.id))
            self.campaign_table.setItem(row, 1, _item(k.deadline.isoformat()))
            bar = QProgressBar()
            bar.setRange(0, max(k.total, 1))
            bar.setValue(k.closed)
            bar.setFormat(f"{k.closed}/{k.total}")
            self.campaign_table.setCellWidget(row, 2, bar)
            user = self.ws.reference.users.get(k.started_by)
            self.campaign_table.setItem(row, 3, _item(user.display_name if user else k.started_by))
        set_plain(
            self.status,
            self.tr("{0} open warnings, {1} campaigns (rules: {2})").format(
                self.open_count(),
                len(self.campaigns),
                self.tr("set by the administrator")
                if self.ws.warnings.rules.changed_by
                else self.tr("defaults"),
            ),
        )
        self._show_cases([], "")
        if self.warnings:
            self.warning_table.selectRow(0)
        self.loaded.emit()

    def _ack(self, w: Any) -> Any:
        """The acknowledgement still covering ``w`` (None: open)."""
        return self.ws.warnings.ack_of(w, self.acks)

    def open_count(self) -> int:
        return sum(1 for w in self.all_warnings if self._ack(w) is None)

    def _show_warnings(self, select_first: bool = True) -> None:
        """List the open warnings (and the handled ones when asked), open ones first."""
        keep = self.current_warning()
        handled = self.show_handled.isChecked()
        rows = [w for w in self.all_warnings if handled or self._ack(w) is None]
        rows.sort(key=lambda w: self._ack(w) is not None)
        self.warnings = rows
        self.warning_table.clearSelection()
        self.warning_table.setRowCount(len(rows))
        for row, w in enumerate(rows):
            self.warning_table.setItem(row, 0, _item(kind_label(w.kind), w.key))
            self.warning_table.setItem(row, 1, _item(subject(self.ws, w)))
            self.warning_table.setItem(row, 2, _item(figures(w)))
            earlier = self.acks.get(w.key)
            self.warning_table.setItem(
                row, 3, _item(ack_text(self.ws, earlier, self._ack(w) is not None))
            )
        if select_first:
            keys = [w.key for w in rows]
            if keep is not None and keep.key in keys:
                self.warning_table.selectRow(keys.index(keep.key))
            elif rows:
                self.warning_table.selectRow(0)
            else:
                self._show_cases([], "")
        self._enable()

    def acknowledge(self, state: AckState) -> None:
        """Acknowledge or dismiss the chosen warning with the note typed beside."""
        w = self.current_warning()
        if w is None:
            return
        note = self.ack_note.text()
        ws = self.ws

        def done(_ack: Any) -> None:
            self.ack_note.clear()
            self.acks = ws.warnings.acks()
            self._show_warnings()
            self.acks_changed.emit()

        self.runner.submit(
            lambda: ws.warnings.acknowledge(w, note, state), done, lambda e: show_error(self, e)
        )

    def reopen(self) -> None:
        w = self.current_warning()
        if w is None:
            return
        self.ws.warnings.reopen(w.key)
        self.acks = self.ws.warnings.acks()
        self._show_warnings()
        self.acks_changed.emit()

    def current_warning(self) -> Any:
        rows = self.warning_table.selectionModel().selectedRows()
        return self.warnings[rows[0].row()] if rows else None

    def _warning_chosen(self) -> None:
        w = self.current_warning()
        if w is not None:
            self._show_cases(list(w.case_ids), f"{kind_label(w.kind)} · {subject(self.ws, w)}")
        self._enable()

    def _campaign_chosen(self) -> None:
        rows = self.campaign_table.selectionModel().selectedRows()
        if rows:
            k = self.campaigns[rows[0].row()]
            self.tabs.setCurrentIndex(0)
            self.warning_table.clearSelection()
            self._show_cases(list(k.case_ids), k.name)

    def _show_cases(self, case_ids: list[str], title: str) -> None:
        self.shown_cases = case_ids
        set_plain(
            self.summary, self.tr("{0}: {1} cases").format(title, len(case_ids)) if title else ""
        )
        ws = self.ws

        def rows() -> list[tuple[str, str, str, str, str]]:
            out = []
            for cid in case_ids:
                rec = ws.record(cid)
                dept = ws.reference.departments.get(rec.department_code or "")
                try:
                    category = ws.catalog.get(rec.category_code).name
                except Exception:
                    category = rec.category_code
                out.append(
                    (
                        cid,
                        rec.number or "",
                        case_stage_label(rec),
                        category,
                        dept.name if dept else "",
                    )
                )
            return out

        self.runner.submit(rows, self._fill_cases, lambda exc: show_error(self, exc))

    def _fill_cases(self, rows: list[tuple[str, str, str, str, str]]) -> None:
        self.case_table.setRowCount(len(rows))
        for r, (cid, *cells) in enumerate(rows):
            for c, text in enumerate(cells):
                self.case_table.setItem(r, c, _item(text, cid))
        if rows:
            self.case_table.selectRow(0)
        self._enable()

    def _chosen_case(self) -> str | None:
        rows = self.case_table.selectionModel().selectedRows()
        return self.case_table.item(rows[0].row(), 0).data(CASE_ROLE) if rows else None

    def _enable(self) -> None:
        w = self.current_warning()
        handled = w is not None and self._ack(w) is not None
        self.ack_button.setEnabled(w is not None and not handled)
        self.dismiss_button.setEnabled(w is not None and not handled)
        self.reopen_button.setEnabled(handled)
        have = bool(self.shown_cases)
        for b in (self.supervise_all, self.campaign_button):
            b.setEnabled(have)
        chosen = self.case_table.rowCount() > 0
        self.supervise_one.setEnabled(chosen)
        self.open_button.setEnabled(chosen)

    # -- acting -----------------------------------------------------------------------------

    def _open(self) -> None:
        if case_id := self._chosen_case():
            self.open_case.emit(case_id)

    def _supervise(self, case_ids: list[str]) -> None:
        if case_ids:
            self._run(lambda: self.ws.warnings.supervise(case_ids), self.tr("Supervision sent"))

    def start_campaign(self) -> CampaignDialog | None:
        if not self.shown_cases:
            return None
        w = self.current_warning()
        suggested = campaign_name(self.ws, w) if w is not None else ""
        dialog = CampaignDialog(self.ws.clock().date(), suggested, len(self.shown_cases), self)
        case_ids = list(self.shown_cases)

        def go() -> None:
            name, deadline, note = dialog.values()
            self._run(
                lambda: self.ws.warnings.start_campaign(name, deadline, case_ids, note, w),
                self.tr("Campaign started"),
            )

        dialog.accepted.connect(go)
        dialog.open()
        self.campaign_dialog = dialog
        return dialog

    def _run(self, fn: Any, title: str) -> None:
        def done(outcome: Any) -> None:
            self.last_outcome = outcome
            if outcome.changes:
                self.changed.emit(outcome.changes)
            lines = [self.tr("{0} cases done.").format(len(outcome.done))]
            if outcome.refused:
                lines.append(self.tr("Not possible on {0} cases:").format(len(outcome.refused)))
                lines += sorted({f"· {why}" for why in outcome.refused.values()})
            box = QMessageBox(QMessageBox.Icon.Information, title, "\n".join(lines), parent=self)
            box.setTextFormat(Qt.TextFormat.PlainText)
            box.setObjectName("warning_outcome")
            box.open()
            self.outcome_box = box
            if not outcome.changes:  # else the window's broadcast reloads (apply_changes)
                self.reload()

        self.runner.submit(fn, done, lambda exc: show_error(self, exc))

    def apply_changes(self, changes: Any) -> None:
        """Sync brought events: the warnings may have changed."""
        if changes and self.isVisible():
            self.reload()
