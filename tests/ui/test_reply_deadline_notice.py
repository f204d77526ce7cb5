"""The department's notification list tells of a 督办回复 due soon and one overdue, in
Chinese, and the two kinds can be muted from the list (pytest-qt, real store)."""

from __future__ import annotations

from gridapp.notifications import Kind
from tests.core.helpers import URBAN, act, drive, report
from ui.notifications.list_dialog import CASE_ROLE, NotificationsDialog
from ui.notifications.texts import kind_label
from ui.tasks import TaskRunner


def test_reply_deadlines_listed_and_mutable(qtbot, ws, clock):
    soon, late = report(ws, URBAN), report(ws, URBAN, index=1)
    for cid in (soon, late):
        drive(ws, cid, "dispatched", department="D02")
    ws.act_as("bm-d02")
    ws.notifications.check()  # the watermark
    act(ws, "zhiban", late, "supervise", {"note": "请说明", "reply_days": 1})
    cal = ws.reference.calendar
    clock.now = cal.deadline_for(clock.now, 1, "work_day")
    act(ws, "zhiban", soon, "supervise", {"note": "请说明", "reply_days": 1})
    clock.now = cal.deadline_for(clock.now, 7, "work_hour")  # `late` past, `soon` 1 h left
    ws.act_as("bm-d02")
    found = {n.case_id: n.kind for n in ws.notifications.check()}
    assert found[soon] is Kind.REPLY_SOON and found[late] is Kind.REPLY_LATE

    dialog = NotificationsDialog(ws, TaskRunner(inline=True))
    qtbot.addWidget(dialog)
    dialog.show()
    tree = dialog.list
    rows = {
        tree.topLevelItem(i).data(0, CASE_ROLE): tree.topLevelItem(i)
        for i in range(tree.topLevelItemCount())
        if tree.topLevelItem(i).text(1)
        in (kind_label(Kind.REPLY_SOON), kind_label(Kind.REPLY_LATE))
    }
    assert set(rows) == {soon, late}
    assert ws.record(late).number in rows[late].text(2)
    due = ws.record(soon).supervise_reply_due
    assert f"{due:%Y-%m-%d %H:%M}" in rows[soon].text(2)
    dialog.mute_boxes[Kind.REPLY_LATE].setChecked(True)
    kinds = {tree.topLevelItem(i).text(1) for i in range(tree.topLevelItemCount())}
    assert kind_label(Kind.REPLY_LATE) not in kinds and kind_label(Kind.REPLY_SOON) in kinds
    assert Kind.REPLY_LATE in ws.notifications.muted()
