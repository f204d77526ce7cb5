"""回访 and 重办 through the detail view, and the automatic dispatch marker: the intake desk
calls back a closed hotline case (not reached, then 不满意 with 重办 in the same dialog),
the department has it again; a case sent by an automatic rule says so in the detail."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtWidgets import QApplication
from sqlalchemy import insert

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from gridapp.store.schema import routing_rules
from tests.core.helpers import GARBAGE, URBAN, drive, report
from tests.ui import detail_helpers
from tests.ui.detail_helpers import buttons, click_action, click_ok, make_view, open_case, type_text

errors = detail_helpers.errors
S, A = CaseState, Action
SHOTS = Path(os.environ.get("REVISIT_SHOTS", "")) if os.environ.get("REVISIT_SHOTS") else None


def _save(widget, tmp_path: Path, name: str) -> None:
    widget.grab().save(str((SHOTS or tmp_path) / name))


def test_call_back_then_reopen(qtbot, ws, errors, tmp_path):
    cid = report(ws, URBAN, source="hotline", reporter_name="王女士", reporter_phone="13800001234")
    drive(ws, cid, S.CLOSED)
    view = make_view(qtbot, ws)
    view.resize(1366 - 420, 700)
    open_case(qtbot, view, "shouli", cid)
    assert A.CALLBACK in buttons(view) and A.REOPEN not in buttons(view)
    dialog = click_action(qtbot, view, A.CALLBACK)
    click_ok(qtbot, dialog)  # nothing chosen: refused in the dialog
    assert dialog.isVisible() and dialog.message.isVisibleTo(dialog)
    assert "13800001234" in " ".join(w.text() for w in dialog.findChildren(type(dialog.message)))
    dialog.not_reached.setChecked(True)
    assert not dialog.verdict.isEnabled() and not dialog.reopen.isEnabled()
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).callback_count == 1 and ws.record(cid).satisfaction is None

    dialog = click_action(qtbot, view, A.CALLBACK)
    dialog.reached.setChecked(True)
    dialog.verdict.setCurrentIndex(dialog.verdict.findData("unsatisfied"))
    assert dialog.reopen.isEnabled() and dialog.reopen_info.isVisibleTo(dialog)
    dialog.reopen.setChecked(True)
    type_text(qtbot, dialog.text, "垃圾又堆起来了")
    dialog.resize(dialog.sizeHint())
    _save(dialog, tmp_path, "callback_dialog.png")
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.reopen_count == 1 and rec.callback_count == 2
    texts = view.timeline.row_texts()
    actions = [e.action for e in view.timeline.entries[-2:]]
    assert actions == [A.CALLBACK, A.REOPEN]
    assert "垃圾又堆起来了" in texts[-2][4]
    open_case(qtbot, view, "bm-d02", cid)
    assert A.HANDLE in buttons(view)
    QApplication.processEvents()
    assert errors == []


def test_automatic_dispatch_marker_and_reassign(qtbot, ws, errors, tmp_path):
    with ws.db.write() as conn:
        conn.execute(
            insert(routing_rules).values(
                category_code=GARBAGE, street_code=URBAN, department_code="D03", automatic=True
            )
        )
    ws.reload_reference()
    cid = report(ws, URBAN)
    drive(ws, cid, S.FILED)
    view = make_view(qtbot, ws)
    view.resize(1366 - 420, 700)
    open_case(qtbot, view, "zhiban", cid)
    assert view.values["department"].text().endswith("(automatic)")
    assert A.REASSIGN in buttons(view) and A.DISPATCH not in buttons(view)
    _save(view, tmp_path, "detail_auto_dispatched.png")
    last = view.timeline.entries[-1]
    assert last.action is A.DISPATCH and last.payload.get("auto_rule") is not None
    assert "automatic (rule" in view.timeline.row_texts()[-1][4]
    QApplication.processEvents()
    assert errors == []
