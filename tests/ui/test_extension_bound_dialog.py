"""The 延期 dialogs show the bound and keep the deadline within it."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QDateTime

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from tests.core.helpers import URBAN, act, drive, report
from tests.ui import detail_helpers
from tests.ui.detail_helpers import click_action, click_ok, make_view, open_case

errors = detail_helpers.errors


def timeline_texts(view) -> list[str]:
    tl = view.timeline
    return [tl.describe(entry) for entry in view.detail.timeline]


# the fixture, shared with the other detail tests


def test_approve_dialog_shows_the_bound_and_refuses_beyond_it(qtbot, ws, clock, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, CaseState.DISPATCHED)
    wanted = (clock.now + timedelta(days=5)).replace(second=0, microsecond=0)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": wanted.isoformat(), "reason": "r"})
    view = open_case(qtbot, make_view(qtbot, ws), "paiqian", cid)
    dialog = click_action(qtbot, view, Action.APPROVE_EXTENSION)
    days, latest = ws.extension_limit()
    assert days == 180
    assert str(days) in dialog.limit_label.text()
    assert latest.strftime("%Y-%m-%d %H:%M") in dialog.limit_label.text()
    # The editor stops at the bound: the far date of the attack cannot even be entered.
    dialog.new_deadline.setDateTime(QDateTime(latest + timedelta(days=3000)))
    assert dialog.deadline_value() <= latest
    dialog.new_deadline.setDateTime(QDateTime(wanted))
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).deadline == wanted
    assert errors == []


def test_approve_suspension_dialog_asks_a_review_date_within_the_bound(qtbot, ws, clock, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, CaseState.DISPATCHED)
    act(ws, "bm-d02", cid, "request_suspension", {"reason": "待拆迁"})
    view = open_case(qtbot, make_view(qtbot, ws), "paiqian", cid)
    dialog = click_action(qtbot, view, Action.APPROVE_SUSPENSION)
    days, latest = ws.extension_limit("suspension")
    assert days == 365 and "365" in dialog.limit_label.text()
    assert dialog.deadline_value() <= latest  # preset to the bound, never beyond
    until = (clock.now + timedelta(days=90)).replace(second=0, microsecond=0)
    dialog.new_deadline.setDateTime(QDateTime(until))
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).state is CaseState.SUSPENDED
    assert any(until.strftime("%Y-%m-%d %H:%M") in line for line in timeline_texts(view))
    assert errors == []
