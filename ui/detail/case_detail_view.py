"""The case detail pane: every field, deadline state, photos, timeline and the actions.

The action buttons are exactly ``ws.case(id).actions`` — what the rule book lets
this user do on this case now — so the UI never offers what the service would
refuse. Loading and acting both run on the ``db`` lane.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gridapp import Workspace
from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from gridapp.domain.roles import Role
from gridapp.errors import NotFoundError
from gridapp.workspace import CaseDetail, Changes
from ui.detail.action_dialog import ActionDialog
from ui.detail.action_forms import dialog_for
from ui.detail.case_sheet_dialog import CaseSheetDialog
from ui.detail.duplicate_banner import DuplicateBanner
from ui.detail.photo_strip import BeforeAfter, PhotoStrip
from ui.detail.texts import (
    LEVEL_STYLE,
    action_label,
    level_label,
    remaining_text,
    unit_label,
    urgency_label,
    when,
)
from ui.detail.timeline import TimelineView
from ui.errors import show_error
from ui.labels import case_stage_label, role_label, source_label
from ui.plain import escaped, plain_label
from ui.tasks import TaskRunner

BUTTONS_PER_ROW = 5
FIELDS = (
    # (key, English label) in two columns, left then right; what the centre looks for
    # first (who holds the case, where, until when, time left) leads the left one.
    ("holder", QT_TRANSLATE_NOOP("CaseDetailView", "Held by")),
    ("department", QT_TRANSLATE_NOOP("CaseDetailView", "Department")),
    ("deadline", QT_TRANSLATE_NOOP("CaseDetailView", "Deadline")),
    ("remaining", QT_TRANSLATE_NOOP("CaseDetailView", "Time left")),
    ("category", QT_TRANSLATE_NOOP("CaseDetailView", "Category")),
    ("source", QT_TRANSLATE_NOOP("CaseDetailView", "Source")),
    ("urgency", QT_TRANSLATE_NOOP("CaseDetailView", "Urgency")),
    ("request", QT_TRANSLATE_NOOP("CaseDetailView", "Pending request")),
    ("place", QT_TRANSLATE_NOOP("CaseDetailView", "Street / community")),
    ("grid", QT_TRANSLATE_NOOP("CaseDetailView", "Grid")),
    ("address", QT_TRANSLATE_NOOP("CaseDetailView", "Address")),
    ("reported", QT_TRANSLATE_NOOP("CaseDetailView", "Reported")),
    ("reporter", QT_TRANSLATE_NOOP("CaseDetailView", "Reporter")),
    ("phone", QT_TRANSLATE_NOOP("CaseDetailView", "Phone")),
    ("counts", QT_TRANSLATE_NOOP("CaseDetailView", "Urged / supervised / rework")),
    ("supervise_reply", QT_TRANSLATE_NOOP("CaseDetailView", "Supervision reply due")),
)


class CaseDetailView(QWidget):
    """Shows one case; ``changed`` carries the Changes of each action taken here."""

    changed = Signal(object)  # Changes
    loaded = Signal(object)  # the CaseDetail now on screen

    def __init__(self, ws: Workspace, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ws, self.runner = ws, runner
        self.case_id: str | None = None
        self.detail: CaseDetail | None = None
        self.dialog: ActionDialog | None = None
        self.sheet_dialog: CaseSheetDialog | None = None
        self.action_buttons: dict[Action, QPushButton] = {}
        self._token = 0
        self._own: Changes | None = None
        self.stack = QStackedWidget()
        self.placeholder = QLabel(self.tr("Choose a case to see its details."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setStyleSheet("color:#777;")
        self.stack.addWidget(self.placeholder)
        self.stack.addWidget(self._build_content())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    # -- layout ----------------------------------------------------------------------------

    def _build_content(self) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        self.number = plain_label()
        self.number.setStyleSheet("font-size:16px;font-weight:bold;")
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.state = plain_label()
        self.state.setStyleSheet(
            "background:#e8eef7;color:#1d3f72;padding:2px 8px;border-radius:3px;"
        )
        self.level = plain_label()
        title = QHBoxLayout()
        title.addWidget(self.number)
        title.addWidget(self.state)
        title.addWidget(self.level)
        title.addStretch(1)
        self.sheet_button = QPushButton(self.tr("Case sheet…"))
        self.sheet_button.setObjectName("case_sheet_button")
        self.sheet_button.setToolTip(self.tr("Preview, print or save the case's handling sheet"))
        self.sheet_button.clicked.connect(self.open_case_sheet)
        title.addWidget(self.sheet_button)
        box.addLayout(title)
        self.description = plain_label()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.addWidget(self.description)

        self.actions_box = QGridLayout()
        self.no_actions = QLabel(self.tr("No action for you on this case now."))
        self.no_actions.setStyleSheet("color:#777;")
        actions = QHBoxLayout()
        actions.addLayout(self.actions_box)
        actions.addWidget(self.no_actions)
        actions.addStretch(1)  # buttons keep their natural width
        box.addLayout(actions)
        box.addWidget(_line())

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        self.values: dict[str, QLabel] = {}
        half = (len(FIELDS) + 1) // 2
        for n, (key, label) in enumerate(FIELDS):
            row, col = (n, 0) if n < half else (n - half, 2)
            name = QLabel(self.tr(label))
            name.setStyleSheet("color:#555;")
            name.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            value = plain_label()
            value.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(name, row, col)
            grid.addWidget(value, row, col + 1)
            self.values[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        box.addLayout(grid)
        self.conditions = plain_label()
        self.conditions.setWordWrap(True)
        self.conditions.setStyleSheet("color:#444;")
        box.addWidget(self.conditions)
        self.merged = QLabel()
        self.merged.setTextFormat(Qt.TextFormat.RichText)  # a link; the id is escaped
        self.merged.linkActivated.connect(self.show_case)
        box.addWidget(self.merged)
        self.newer = plain_label()  # events from a newer version this one cannot read
        self.newer.setObjectName("newer_events")
        self.newer.setWordWrap(True)
        self.newer.setStyleSheet("color:#a15c00;")
        box.addWidget(self.newer)
        self.duplicate = DuplicateBanner(self.ws, self.runner)
        self.duplicate.acted.connect(self._acted)
        box.addWidget(self.duplicate)
        box.addWidget(_line())

        self.before_after = BeforeAfter(self.ws, self.runner)
        box.addWidget(self.before_after)
        self.check_photos = PhotoStrip(self.ws, self.runner, self.tr("Check photos"))
        box.addWidget(self.check_photos)
        box.addWidget(_line())
        heading = QLabel(self.tr("Timeline"))
        heading.setStyleSheet("font-weight:bold;")
        box.addWidget(heading)
        self.timeline = TimelineView(self.ws)
        self.timeline.setMinimumHeight(180)
        box.addWidget(self.timeline)
        self.event_photos = PhotoStrip(self.ws, self.runner, self.tr("Photos of the chosen event"))
        self.event_photos.hide()
        self.timeline.photos_chosen.connect(self._event_photos)
        box.addWidget(self.event_photos)
        box.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        return scroll

    # -- loading -----------------------------------------------------------------------------

    def show_case(self, case_id: str) -> None:
        """Load the case off the GUI thread; a newer call wins over an older one."""
        self.case_id = case_id
        self._token += 1
        token, ws = self._token, self.ws
        self.runner.submit(
            lambda: ws.case(case_id),
            lambda detail: self._show(token, detail),
            lambda exc: self._failed(token, exc),
            lane="db",
        )

    def clear(self) -> None:
        self.case_id, self.detail = None, None
        self._token += 1
        self._set_actions(())  # no stale button may act on a case no longer shown
        self.stack.setCurrentIndex(0)

    def reload(self) -> None:
        if self.case_id is not None:
            self.show_case(self.case_id)

    def apply_changes(self, changes: Changes) -> None:
        """Reload when the shown case (or the reference data) changed elsewhere."""
        if changes is self._own:
            return  # this view already reloaded after its own action
        if self.case_id and (self.case_id in changes.case_ids or changes.reference):
            self.reload()

    def _failed(self, token: int, exc: BaseException) -> None:
        if token != self._token:
            return
        if isinstance(exc, NotFoundError):
            self.clear()  # gone from this user's scope (e.g. sent to another department)
        show_error(self, exc)

    def departments_text(self, d: CaseDetail) -> str:
        """The lead (and whether it has 签收 yet), then the 协办 departments' progress."""
        c = d.case
        text = d.department_name or "—"
        if c.state is CaseState.DISPATCHED and c.ack_due and c.acknowledged_at is None:
            text += self.tr(" (not acknowledged)")
        co = []
        for entry in c.co_departments:
            dept = self.ws.reference.departments.get(entry.code)
            name = dept.name if dept else entry.code
            if entry.fed_back_at is not None:
                co.append(self.tr("{dept} (fed back)").format(dept=name))
            elif entry.acknowledged_at is not None:
                co.append(self.tr("{dept} (acknowledged)").format(dept=name))
            else:
                co.append(self.tr("{dept} (not acknowledged)").format(dept=name))
        if co:
            text += "\n" + self.tr("Co-handling: {depts}").format(depts="、".join(co))
        return text

    def _show(self, token: int, detail: CaseDetail) -> None:
        if token != self._token:
            return
        self.detail = detail
        self._fill(detail)
        self._set_actions(detail.actions)
        self.stack.setCurrentIndex(1)
        self.loaded.emit(detail)

    def _fill(self, d: CaseDetail) -> None:
        c, v = d.case, self.values
        self.number.setText(
            c.number + ("　" + self.tr("(provisional)") if c.number_provisional else "")
        )
        self.state.setText(case_stage_label(c))
        self.description.setText(c.description)
        cat = d.category
        v["category"].setText(_category_text(d))
        v["source"].setText(
            source_label(c.source)
            + (
                "　" + self.tr("work order {number}").format(number=c.work_order)
                if c.work_order
                else ""
            )
        )
        v["urgency"].setText(urgency_label(c.urgency))
        v["place"].setText(f"{d.street_name}／{d.community_name}")
        v["grid"].setText(f"{d.grid_name}（{c.grid_code}）")
        v["address"].setText(c.address or "—")
        reporter = self.ws.reference.users.get(c.reported_by)
        v["reported"].setText(
            f"{when(c.reported_at)}　{reporter.display_name if reporter else c.reported_by}"
        )
        v["reporter"].setText(c.reporter_name or "—")
        v["phone"].setText(c.reporter_phone or "—")
        dept = self.departments_text(d)
        if c.auto_dispatched:  # 智能派单: sent by an automatic routing rule
            dept = self.tr("{dept} (automatic)").format(dept=dept)
        v["department"].setText(dept)
        v["holder"].setText(self.holder(d))
        v["counts"].setText(f"{c.urge_count} / {c.supervise_count} / {c.rework_count}")
        self._fill_deadline(d)
        self._fill_reply_due(d)
        if c.pending_request == "extension":
            v["request"].setText(
                self.tr("Extension until {at}").format(at=when(c.requested_deadline))
            )
        elif c.pending_request == "suspension":
            v["request"].setText(self.tr("Suspension"))
        else:
            v["request"].setText("—")
        conditions = d.subclass or cat  # a 细类 has its own, narrower conditions
        self.conditions.setText(
            self.tr("Filing condition: {f}\nClosing condition: {c}").format(
                f=conditions.filing_condition, c=conditions.closing_condition
            )
            if conditions
            else ""
        )
        self.merged.setVisible(c.state is CaseState.MERGED and bool(c.merged_into))
        if c.merged_into:
            self.merged.setText(
                self.tr('Merged into another case: <a href="{id}">open it</a>').format(
                    id=escaped(c.merged_into)
                )
            )
        self.newer.setVisible(d.unreadable > 0)
        self.newer.setText(
            self.tr(
                "{n} later record(s) of this case were made by a newer version and cannot be"
                " shown here; the case is shown as before them and cannot be acted on."
                " Update the client."
            ).format(n=d.unreadable)
        )
        self.duplicate.show_hint(d)
        self.before_after.set_photos(c.photos, c.handle_photos)
        self.check_photos.set_photos(c.check_photos)
        self.check_photos.setVisible(bool(c.check_photos))
        self.timeline.set_entries(d.timeline)
        self.event_photos.hide()

    def holder(self, d: CaseDetail) -> str:
        """Who must act on the case next, from its state (the rule book's next step)."""
        c = d.case
        if c.state is CaseState.REPORTED:
            if c.verify_assignee and c.verify_result is None:
                user = self.ws.reference.users.get(c.verify_assignee)
                name = user.display_name if user else c.verify_assignee
                return self.tr("{name} (verifying)").format(name=name)
            return role_label(Role.SHIFT_LEAD if c.accepted else Role.INTAKE)
        if c.state is CaseState.FILED:
            return role_label(Role.DISPATCHER)
        if c.state in (CaseState.DISPATCHED, CaseState.SUSPENDED):
            return d.department_name or role_label(Role.DEPARTMENT)
        if c.state is CaseState.HANDLED:
            return self.tr("{role} (check)").format(role=role_label(Role.GRID_OFFICER))
        if c.state is CaseState.VERIFIED:
            return role_label(Role.SHIFT_LEAD)
        return "—"  # closed, not filed, merged: nobody

    def _fill_reply_due(self, d: CaseDetail) -> None:
        """The 督办 awaiting the department's reply: its deadline, red once passed."""
        label = self.values["supervise_reply"]
        order = self.ws.supervision.open_order(d.case)
        label.setProperty("late", bool(order and order.late))
        if order is None:
            label.setText("—")
            label.setStyleSheet("")
        elif order.late:
            label.setText(self.tr("{at} (late)").format(at=when(order.due)))
            label.setStyleSheet("color:#c0392b;font-weight:bold;")
        else:
            label.setText(when(order.due))
            label.setStyleSheet("")

    def _fill_deadline(self, d: CaseDetail) -> None:
        v, status = self.values, d.deadline
        if status is None:
            v["deadline"].setText("—")
            v["remaining"].setText("—")
            self.level.hide()
            return
        text = f"{when(status.deadline)}（{unit_label(status.unit)}）"
        if status.original and status.original != status.deadline:
            text += "\n" + self.tr("originally {at}").format(at=when(status.original))
        if status.unconfirmed_years:
            text += "\n" + self.tr("calendar for {y} not confirmed").format(
                y=", ".join(map(str, status.unconfirmed_years))
            )
        v["deadline"].setText(text)
        running = d.case.state is CaseState.DISPATCHED
        if running:
            v["remaining"].setText(remaining_text(status.remaining, status.overdue, status.unit))
        else:
            v["remaining"].setText(
                self.tr("not running ({state})").format(state=case_stage_label(d.case))
            )
        self.level.setText(level_label(status.level))
        self.level.setStyleSheet(LEVEL_STYLE[status.level])
        self.level.setVisible(running)

    def _set_actions(self, actions: tuple[Action, ...]) -> None:
        for button in self.action_buttons.values():
            self.actions_box.removeWidget(button)
            button.hide()  # at once: deleteLater only runs on the next event loop turn
            button.deleteLater()
        self.action_buttons = {}
        for n, action in enumerate(actions):
            button = QPushButton(action_label(action))
            button.setObjectName(f"action_{action.value}")
            button.clicked.connect(lambda _=False, a=action: self.open_action(a))
            self.actions_box.addWidget(button, n // BUTTONS_PER_ROW, n % BUTTONS_PER_ROW)
            self.action_buttons[action] = button
        self.no_actions.setVisible(not actions)

    def _event_photos(self, shas: tuple[str, ...]) -> None:
        self.event_photos.setVisible(bool(shas))
        if shas:
            self.event_photos.set_photos(shas)

    # -- acting ------------------------------------------------------------------------------

    def open_action(self, action: Action) -> ActionDialog | None:
        """Open the action's dialog (window-modal, not blocking); returns it for tests."""
        if self.detail is None or action not in self.detail.actions:
            return None
        self.dialog = dialog_for(self.ws, self.runner, self.detail, action, self)
        self.dialog.acted.connect(self._acted)
        self.dialog.open()
        return self.dialog

    def open_case_sheet(self) -> CaseSheetDialog | None:
        """The 案卷处理单 of the case shown: made in the background, then previewed."""
        if self.detail is None:
            return None
        case = self.detail.case
        self.sheet_dialog = CaseSheetDialog(self.ws, self.runner, case.id, case.number, self)
        self.sheet_dialog.open()
        self.sheet_dialog.generate()
        return self.sheet_dialog

    def _acted(self, changes: Changes) -> None:
        self._own = changes
        self.reload()
        self.changed.emit(changes)


def _line() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.HLine)
    line.setStyleSheet("color:#ddd;")
    return line


def _category_text(d: CaseDetail) -> str:
    """小类 with its big class, and the 细类 on a line of its own when the case has one."""
    cat, c = d.category, d.case
    if cat is None:
        return c.category_code + (f"／{c.subclass}" if c.subclass else "")
    text = f"{cat.code} {cat.big_name}／{cat.name}"
    if d.subclass is not None:
        text += "\n" + QCoreApplication.translate(
            "CaseDetailView", "Subclass {code} {name}"
        ).format(code=d.subclass.code, name=d.subclass.name)
    elif c.subclass:
        text += f"／{c.subclass}"
    return text
