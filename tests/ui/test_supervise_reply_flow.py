"""督办单 through the detail view: the shift lead writes the instruction and picks the
reply deadline (previewed on the calendar), the department sees the open 督办 with its
deadline (red once late) and answers it; the timeline flags the late reply."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QApplication

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from tests.core.helpers import URBAN, drive, report
from tests.ui import detail_helpers
from tests.ui.detail_helpers import buttons, click_action, click_ok, make_view, open_case, type_text

errors = detail_helpers.errors

S, A = CaseState, Action


def test_supervise_then_late_reply(qtbot, ws, clock, errors, tmp_path):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    view = make_view(qtbot, ws)
    view.resize(1366 - 420, 700)
    open_case(qtbot, view, "zhiban", cid)
    dialog = click_action(qtbot, view, A.SUPERVISE)
    assert dialog.days.currentData() == 1  # one working day by default
    dialog.days.setCurrentIndex(dialog.days.findData(2))
    want = ws.supervision.reply_due_preview(2)
    assert want.strftime("%Y-%m-%d %H:%M") in dialog.due.text()
    click_ok(qtbot, dialog)  # no instruction: refused in the dialog
    assert dialog.isVisible() and dialog.message.isVisibleTo(dialog)
    type_text(qtbot, dialog.text, "请于两个工作日内说明处置进展")
    dialog.grab().save(str(tmp_path / "supervise_dialog.png"))
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.supervise_reply_due == want and rec.supervise_count == 1

    clock.now = datetime(2026, 11, 20, 10, 0)  # Friday: past the two working days
    open_case(qtbot, view, "bm-d02", cid)
    due = view.values["supervise_reply"]
    assert due.property("late") is True and want.strftime("%Y-%m-%d %H:%M") in due.text()
    assert "c0392b" in due.styleSheet()
    assert A.SUPERVISE_REPLY in buttons(view)
    reply = click_action(qtbot, view, A.SUPERVISE_REPLY)
    assert reply.findChild(type(due), "replyDue").property("late") is True
    type_text(qtbot, reply.text, "已清运完毕，今后加强巡查")
    reply.grab().save(str(tmp_path / "reply_dialog.png"))
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, reply)
    assert ws.record(cid).supervise_reply_due is None
    assert view.values["supervise_reply"].property("late") is False
    assert A.SUPERVISE_REPLY not in buttons(view)
    last = view.timeline.entries[-1]
    assert last.action is A.SUPERVISE_REPLY and last.event_id in view.timeline.late_replies
    texts = view.timeline.row_texts()
    assert "已清运完毕" in texts[-1][4]
    view.grab().save(str(tmp_path / "detail_after_reply.png"))
    QApplication.processEvents()
    assert errors == []
