"""Case detail: fields, buttons = allowed actions, timeline, photos, masking."""

from __future__ import annotations

from gridapp.domain.actions import RULES, Action
from gridapp.domain.case import CaseState
from gridapp.errors import NotFoundError
from tests.core.helpers import MASKED, PHONE, URBAN, act, drive, officer_of, report
from tests.ui import detail_helpers
from tests.ui.detail_helpers import (
    buttons,
    make_view,
    open_case,
    photo_file,
)
from ui.detail.action_forms import FORMS
from ui.tasks import TaskRunner

errors = detail_helpers.errors  # the fixture, shared with the other detail tests

S, A = CaseState, Action


def test_every_offered_action_has_a_dialog():
    # (the 疑似重复 flag is the service's alone: no role is offered it)
    assert set(FORMS) == set(RULES) - {A.REPORT, A.FLAG_DUPLICATE}


def test_fields_and_deadline_are_shown(qtbot, ws, errors):
    cid = report(ws, URBAN, address="丝绸路12号", description="路边暴露垃圾")
    drive(ws, cid, S.DISPATCHED)
    view = open_case(qtbot, make_view(qtbot, ws), "paiqian", cid)
    rec = ws.record(cid)
    assert view.number.text() == rec.number
    assert view.values["address"].text() == "丝绸路12号"
    assert "020102" in view.values["category"].text()
    assert "2026-11-16 11:00" in view.values["deadline"].text()
    assert view.values["remaining"].text() == "2 h left (working time)"
    assert view.values["holder"].text() == view.values["department"].text() != "—"
    assert "Filing condition" in view.conditions.text()
    assert view.level.isVisible() and view.level.text() == "On time"
    assert errors == []


def test_buttons_are_exactly_the_allowed_actions(qtbot, ws, errors):
    grid_cases = {}
    for state in (S.REPORTED, S.FILED, S.DISPATCHED, S.HANDLED, S.VERIFIED, S.CLOSED):
        cid = report(ws, URBAN, index=len(grid_cases))
        drive(ws, cid, state)
        grid_cases[state] = cid
    accepted = report(ws, URBAN, index=9)
    act(ws, "shouli", accepted, "accept")
    grid_cases["accepted"] = accepted
    view = make_view(qtbot, ws)
    officer = officer_of(ws, ws.record(grid_cases[S.REPORTED]).grid_code)
    users = ("shouli", "zhiban", "paiqian", "bm-d02", officer, "ducha")
    seen = set()
    for state, cid in grid_cases.items():
        for user in users:
            ws.act_as(user)
            try:
                expected = list(ws.case(cid).actions)
            except NotFoundError:
                view.show_case(cid)  # outside this user's scope: nothing shown
                assert view.stack.currentIndex() == 0 and view.action_buttons == {}
                continue
            open_case(qtbot, view, user, cid)
            assert buttons(view) == expected, (state, user)
            assert [b.text() for b in view.action_buttons.values()] == [
                view.action_buttons[a].text() for a in expected
            ]
            assert view.no_actions.isVisible() is (not expected)
            seen.update(expected)
    assert {A.ACCEPT, A.FILE, A.DISPATCH, A.HANDLE, A.CHECK, A.CLOSE, A.URGE} <= seen
    assert {e.code for e in errors} == {"unknown_case"}  # bm-d02 on the undispatched ones


def test_out_of_scope_case_is_cleared(qtbot, ws, errors):
    cid = report(ws, URBAN)
    view = open_case(qtbot, make_view(qtbot, ws), "zhiban", cid)
    ws.act_as("bm-d05")
    view.show_case(cid)
    assert view.stack.currentIndex() == 0 and view.detail is None
    assert [e.code for e in errors] == ["unknown_case"]


def test_phone_is_masked_for_a_department(qtbot, ws, errors):
    cid = report(ws, URBAN, source="hotline", reporter_phone=PHONE, reporter_name="张先生")
    drive(ws, cid, S.DISPATCHED)
    dept = "bm-" + ws.record(cid).department_code.lower()
    view = open_case(qtbot, make_view(qtbot, ws), dept, cid)
    assert view.values["phone"].text() == MASKED
    open_case(qtbot, view, "shouli", cid)
    assert view.values["phone"].text() == PHONE
    assert errors == []


def test_timeline_lists_every_event_in_order(qtbot, ws, tmp_path, errors):
    cid = report(ws, URBAN, photos=[photo_file(tmp_path, "r.png").read_bytes()])
    drive(ws, cid, S.CLOSED)
    view = open_case(qtbot, make_view(qtbot, ws), "zhiban", cid)
    rows = view.timeline.row_texts()
    actions = [t.action for t in ws.case(cid).timeline]
    main_path = [A.REPORT, A.ACCEPT, A.FILE, A.DISPATCH, A.ACKNOWLEDGE, A.HANDLE, A.CHECK]
    assert actions == [*main_path, A.CLOSE]
    assert [r[3] for r in rows] == [
        "Report",
        "Accept",
        "File",
        "Dispatch",
        "Acknowledge receipt",
        "Report handling",
        "Check",
        "Close",
    ]
    users = ws.reference.users
    assert [r[1] for r in rows] == [users[t.actor].display_name for t in ws.case(cid).timeline]
    assert rows[0][2] == "Grid officer" and rows[3][2] == "Dispatcher"
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert "to 区环境卫生服务中心" in rows[3][4] and "2026-11-16 11:00" in rows[3][4]
    assert rows[4][4] == "received by 区环境卫生服务中心"
    assert rows[6][4] == "passed" and rows[0][5] == "1"
    assert view.action_buttons == {}  # closed: nothing to do
    assert errors == []


def test_report_photos_show_as_thumbnails_and_event_photos_on_selection(
    qtbot, ws, tmp_path, errors
):
    cid = report(ws, URBAN, photos=[photo_file(tmp_path, "r.png").read_bytes()])
    drive(ws, cid, S.FILED)
    view = open_case(qtbot, make_view(qtbot, ws), "paiqian", cid)
    assert view.before_after.before.thumbnail_count() == 1
    assert view.before_after.after.thumbnail_count() == 0
    view.timeline.setCurrentItem(view.timeline.topLevelItem(0))
    assert view.event_photos.isVisibleTo(view) and view.event_photos.thumbnail_count() == 1
    item = view.before_after.before.list.item(0)
    view.before_after.before.list.itemClicked.emit(item)
    viewer = view.before_after.before.viewer
    assert viewer is not None and viewer.isVisible() and viewer.image.pixmap().width() == 64
    viewer.close()
    assert errors == []


def test_changes_elsewhere_reload_the_shown_case(qtbot, ws, errors):
    cid = report(ws, URBAN)
    view = open_case(qtbot, make_view(qtbot, ws), "zhiban", cid)
    assert A.ACCEPT in view.action_buttons or A.FILE not in view.action_buttons
    changes = act(ws, "shouli", cid, "accept")
    ws.act_as("zhiban")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.apply_changes(changes)
    assert A.FILE in view.action_buttons
    assert errors == []


def test_loading_and_acting_off_the_gui_thread(qtbot, ws, tmp_path, errors):
    """With the real lanes: the case loads on db, thumbnails on net, the act on db."""
    cid = report(ws, URBAN, photos=[photo_file(tmp_path, "r.png").read_bytes()])
    runner = TaskRunner()
    view = make_view(qtbot, ws, runner)
    with qtbot.waitSignal(view.before_after.before.loaded, timeout=5000):
        open_case(qtbot, view, "shouli", cid)
    assert view.before_after.before.thumbnail_count() == 1
    dialog = view.open_action(A.ACCEPT)
    with qtbot.waitSignals([view.changed, view.loaded], timeout=5000):
        dialog.submit()
    assert ws.record(cid).accepted
    runner.wait()
    assert errors == []
