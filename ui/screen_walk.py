"""Walk every screen and dialog a role can open from its main window, one at a time.

The screenshot run (``python -m ui.screenshots``) and its checks (``ui.screen_checks``:
fits the screen, nothing clipped, no English left in the Chinese interface) share
this walk, so a dialog added to the window is photographed and checked alike.
For each screen the walk calls ``visit(name, window)`` while it is shown, then
closes it without acting: the store is left as it was found.

Screens: the main window on the first case of every queue (and its refused-events
dock), each action dialog the shown cases offer, the new-report form, the monthly
report, the statistics tab and the wall display, the base-map dialog, an error box,
the login dialog and, for the administrator, every administration tab and its dialogs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from gridapp.domain.actions import RULES, Action
from gridapp.errors import DomainError
from gridapp.workspace import BatchOutcome, BatchResult, CaseQuery, Changes
from ui.cases.batch_dialog import BatchDialog
from ui.cases.batch_result_dialog import BatchResultDialog
from ui.detail.action_forms import dialog_for
from ui.errors import show_error
from ui.event_wait import wait_until
from ui.main_window import MainWindow

log = logging.getLogger(__name__)
Visit = Callable[[str, QWidget], None]
CASES_PER_QUEUE = 5  # cases opened per queue when looking for action dialogs


def pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def open_windows() -> set[QWidget]:
    return {w for w in QApplication.topLevelWidgets() if w.isVisible()}


def new_window(before: set[QWidget], timeout: float = 10.0) -> QWidget | None:
    """The window that appeared since ``before`` (a dialog a click opened)."""
    found: list[QWidget] = []

    def appeared() -> bool:
        found[:] = [w for w in open_windows() - before if w.isWindow()]
        return bool(found)

    wait_until(appeared, timeout)
    return found[0] if found else None


def close(widget: QWidget) -> None:
    if isinstance(widget, QDialog):
        widget.reject()
    widget.close()
    pause(50)


class ScreenWalk:
    """The walk over one role's window; ``names`` lists what was visited."""

    def __init__(self, window: MainWindow, label: str, visit: Visit) -> None:
        self.window, self.label, self.visit = window, label, visit
        self.names: list[str] = []
        self.seen_actions: set[Action] = set()

    def show(self, name: str, widget: QWidget, settle_ms: int = 300) -> None:
        pause(settle_ms)
        full = f"{self.label}-{name}"
        self.names.append(full)
        self.visit(full, widget)

    def run(self, *, generate_report: bool = False) -> list[str]:
        self.queues()
        self.other_forms()
        self.work_faster()
        self.refused_dock()
        self.report_dialog()
        self.monthly_dialog(generate_report)
        self.standing_dialog()
        self.hotline_dialogs()
        self.notifications_dialog()
        self.statistics()
        self.warnings_dialog()
        self.tile_dialog()
        self.error_box()
        self.admin()
        return self.names

    # -- the main window, queue by queue, and the action dialogs -------------------------

    def open_case(self, row: int) -> bool:
        w = self.window
        case_id = w.cases.model.case_at(row).id
        w.open_case(case_id)
        return wait_until(lambda: w.detail.case_id == case_id and w.detail.detail is not None, 20)

    def queues(self) -> None:
        w = self.window
        w.tabs.setCurrentIndex(0)
        for n, queue in enumerate(w.queues.queues):
            w.queues.choose(queue.id)
            wait_until(lambda: not w.cases.model.loading, 20)
            pause(300)
            rows = w.cases.model.rowCount()
            for row in range(min(rows, CASES_PER_QUEUE)):
                if not self.open_case(row):
                    continue
                if row == 0:
                    self.show("main" if n == 0 else f"queue-{queue.id}", w, 500)
                self.action_dialogs()
            if not rows and n == 0:
                self.show("main", w, 500)
        if w.detail.detail is None:  # every queue empty at this hour: any case in scope
            w.show_query(CaseQuery())
            wait_until(lambda: not w.cases.model.loading, 20)
            if w.cases.model.rowCount():
                self.open_case(0)

    def action_dialogs(self) -> None:
        detail = self.window.detail
        for action in detail.detail.actions if detail.detail else ():
            if action in self.seen_actions:
                continue
            self.seen_actions.add(action)
            dialog = detail.open_action(action)
            if dialog is None:
                continue
            self.show(f"action-{action.value}", dialog)
            close(dialog)

    def other_forms(self) -> None:
        """The role's action dialogs no shown case offered (the demo's cases may not be
        in every state): drawn over the last case shown, only to look at, never sent."""
        detail = self.window.detail
        if detail.detail is None:
            return
        role = self.window.ws.user.role
        for action, rule in RULES.items():
            if action in self.seen_actions or action is Action.REPORT or role not in rule.roles:
                continue
            self.seen_actions.add(action)
            try:
                dialog = dialog_for(
                    self.window.ws, self.window.runner, detail.detail, action, detail
                )
            except Exception as exc:  # a form that needs the case in its own state
                log.info("%s form not drawn on this case: %r", action.value, exc)
                continue
            dialog.open()
            self.show(f"form-{action.value}", dialog)
            close(dialog)

    def work_faster(self) -> None:
        """The case sheet of the case shown, the Excel export, and for command staff the
        batch dialog on the list's first rows and a summary of what a batch did (drawn
        from those rows, nothing run)."""
        w = self.window
        if w.detail.detail is not None:
            sheet = w.detail.open_case_sheet()
            if sheet is not None:
                ready: list[object] = []
                sheet.ready.connect(ready.append)
                wait_until(lambda: bool(ready), 60)
                self.show("case-sheet", sheet, 800)
                close(sheet)
        export = w.cases.open_export()
        self.show("export", export)
        close(export)
        rows = min(3, w.cases.model.rowCount())
        if not w.cases.batch_button.isVisible() or not rows:
            return
        w.cases.table.selectRow(0)
        ids = [w.cases.model.case_at(r).id for r in range(rows)]
        batch = BatchDialog(w.ws, w.runner, ids, w.cases)
        batch.open()
        self.show("batch", batch)
        close(batch)
        first = w.cases.model.case_at(0)
        outcomes = [BatchOutcome(first.id, first.number, False, "wrong_state", "案卷状态不允许")]
        outcomes += [
            BatchOutcome(i, w.cases.model.case_at(r).number, True) for r, i in enumerate(ids)
        ][1:]
        summary = BatchResultDialog(BatchResult(Action.ACCEPT, tuple(outcomes), Changes()), w)
        summary.open()
        self.show("batch-result", summary)
        close(summary)

    def refused_dock(self) -> None:
        w = self.window
        if w.refused_dock is None:
            return
        w.show_refused()
        self.show("refused", w)
        w.refused_dock.hide()

    # -- dialogs from the toolbar -------------------------------------------------------

    def report_dialog(self) -> None:
        w = self.window
        if not w.new_report_action.isVisible():
            return
        w.open_report_dialog()
        dialog = w.report_dialog
        self.show("report", dialog, 800)
        close(dialog)

    def monthly_dialog(self, generate: bool) -> None:
        w = self.window
        if not w.monthly_action.isVisible():
            return
        w.open_monthly_report()
        dialog = w.monthly_dialog
        if generate:
            done: list[object] = []
            dialog.generated.connect(done.append)
            dialog.generate_button.click()
            wait_until(lambda: bool(done), 300)
            pause(1200)
        self.show("monthly", dialog)
        close(dialog)

    def standing_dialog(self) -> None:
        w = self.window
        if not w.standing_action.isVisible():
            return
        w.open_standing()
        dialog = w.standing_dialog
        wait_until(lambda: dialog.refresh_button.isEnabled(), 60)
        self.show("standing", dialog)
        close(dialog)

    def hotline_dialogs(self) -> None:
        """The 12345 import (before a file is chosen) and its waiting orders (intake)."""
        w = self.window
        if not w.hotline_action.isVisible():
            return
        w.open_hotline_import()
        self.show("hotline-import", w.hotline_dialog)
        w.open_hotline_waiting()
        waiting = w.hotline_waiting_dialog
        self.show("hotline-waiting", waiting, 800)
        close(waiting)
        waiting.map.deleteLater()
        close(w.hotline_dialog)

    def notifications_dialog(self) -> None:
        w = self.window
        w.bell.click()
        dialog = w.notifications.dialog
        if dialog is not None:
            self.show("notifications", dialog)
            close(dialog)

    def statistics(self) -> None:
        """The 统计分析 tab (each of its tabs) and the 大屏 wall (ui/stats)."""
        w = self.window
        if w.stats is None:
            return
        w.tabs.setCurrentWidget(w.stats)
        wait_until(lambda: w.stats.view is not None, 120)
        for i in range(w.stats.tabs.count()):
            w.stats.tabs.setCurrentIndex(i)
            if w.stats.tabs.widget(i) is w.stats.grids:  # the choropleth: its page loads
                wait_until(lambda: w.stats.grid_map.drawn is not None, 60)
                self.show(f"statistics-{i}", w, 1500)
                continue
            self.show(f"statistics-{i}", w)
        w.stats.tabs.setCurrentIndex(0)
        w.open_wall()
        wait_until(lambda: w.wall.view is not None, 120)
        self.show("wall", w.wall)
        w.wall.rotate_timer.stop()
        while w.wall.panels.currentWidget() is not w.wall.grid_panel:
            w.wall.next_panel()
        wait_until(lambda: w.wall.grid_map.drawn is not None, 60)
        self.show("wall-grids", w.wall, 1500)
        close(w.wall)
        w.tabs.setCurrentIndex(0)

    def warnings_dialog(self) -> None:
        """The 预警 queue and the campaign form it opens."""
        w = self.window
        if not w.warnings_action.isVisible():
            return
        w.open_warnings()
        dialog = w.warnings_dialog
        self.show("warnings", dialog, 800)
        if dialog.shown_cases:
            form = dialog.start_campaign()
            if form is not None:
                self.show("campaign", form)
                close(form)
        dialog.tabs.setCurrentIndex(1)
        self.show("campaigns", dialog)
        dialog.tabs.setCurrentIndex(0)
        close(dialog)

    def tile_dialog(self) -> None:
        before = open_windows()
        self.window.map.choose_tile_source()
        dialog = new_window(before)
        if dialog is not None:
            self.show("base-map", dialog)
            close(dialog)

    def error_box(self) -> None:
        """What a refused action looks like (the core's code and message)."""
        before = open_windows()
        show_error(self.window, DomainError("state_not_allowed", "案卷当前状态不允许此操作"))
        box = new_window(before)
        if isinstance(box, QMessageBox):
            self.show("error", box)
            close(box)

    # -- administration ----------------------------------------------------------------

    def admin(self) -> None:
        w = self.window
        admin = getattr(w, "admin", None)
        if admin is None:
            return
        w.tabs.setCurrentWidget(admin)
        for i, tab in enumerate(admin.all_tabs()):
            admin.tabs.setCurrentIndex(i)
            wait_until(lambda tab=tab: not tab.busy, 30)
            self.show(f"admin-{i}-{type(tab).__name__}", w, 500)
        openers = [
            ("user", lambda: admin.users.open_dialog(None)),
            ("department", lambda: admin.departments.open_dialog(None)),
            ("routing-rule", admin.routing.open_dialog),
            ("grid-import", admin.grids.open_import),
        ]
        if admin.users.table.rowCount():
            admin.users.table.selectRow(0)
            openers.append(("password", admin.users.open_password))
        for name, opener in openers:
            admin.tabs.setCurrentIndex(
                {"user": 0, "password": 0, "department": 1, "routing-rule": 2}.get(name, 4)
            )
            before = open_windows()
            opener()
            dialog = new_window(before)
            if dialog is not None:
                self.show(f"admin-{name}", dialog)
                close(dialog)
        w.tabs.setCurrentIndex(0)
