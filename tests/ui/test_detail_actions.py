"""Every role's main actions through the detail view's buttons and dialogs, on a real store."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from tests.core.helpers import BEIJIAO, GARBAGE, URBAN, act, drive, officer_of, report
from tests.ui import detail_helpers
from tests.ui.detail_helpers import (
    act_through,
    buttons,
    click_action,
    click_ok,
    make_view,
    open_case,
    photo_file,
    type_text,
)

errors = detail_helpers.errors  # the fixture, shared with the other detail tests

S, A = CaseState, Action


def test_intake_accepts_and_shift_lead_files(qtbot, ws, errors):
    cid = report(ws, URBAN)
    view = make_view(qtbot, ws)
    emitted = []
    view.changed.connect(emitted.append)
    act_through(qtbot, view, "shouli", cid, A.ACCEPT, "现场照片清楚")
    assert ws.record(cid).accepted
    act_through(qtbot, view, "zhiban", cid, A.FILE, "符合立案条件")
    rec = ws.record(cid)
    assert rec.state is S.FILED and not rec.number_provisional
    assert view.number.text() == rec.number  # reloaded after the action
    assert [c.case_ids for c in emitted] == [{cid}, {cid}]
    assert ws.case(cid).timeline[-1].text == "符合立案条件"
    assert errors == []


def test_reject_needs_a_reason_and_keeps_the_dialog_open(qtbot, ws, errors):
    cid = report(ws, URBAN)
    view = open_case(qtbot, make_view(qtbot, ws), "shouli", cid)
    dialog = click_action(qtbot, view, A.REJECT)
    click_ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.message.isVisibleTo(dialog)
    assert ws.record(cid).state is S.REPORTED
    type_text(qtbot, dialog.text, "不属于城管受理范围")
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.state is S.REJECTED and rec.disposition == "not_filed"
    assert view.action_buttons == {}
    assert errors == []


def test_dispatch_preselects_suggestion_and_preview_is_what_is_stored(qtbot, ws, clock, errors):
    cid = report(ws, URBAN, category=GARBAGE)
    drive(ws, cid, S.FILED)
    clock.now = datetime(2026, 11, 16, 16, 40)  # near the end of the working day
    view = open_case(qtbot, make_view(qtbot, ws), "paiqian", cid)
    dialog = click_action(qtbot, view, A.DISPATCH)
    suggested, _ = ws.dispatch_options(cid)
    assert dialog.department_code() == suggested.code == "D02"
    assert "suggested" in dialog.department.currentText()
    preview = dialog.preview.deadline
    assert preview.deadline.strftime("%Y-%m-%d %H:%M") in dialog.deadline.text()
    assert "2 h of working hours" in dialog.deadline.text()
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)  # one click: the suggestion as it stands
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == "D02"
    assert rec.deadline == preview.deadline and rec.warn_at == preview.warn_at
    assert rec.deadline > datetime(2026, 11, 17)  # runs over into the next working day
    assert errors == []


def test_department_returns_and_dispatcher_reassigns_elsewhere(qtbot, ws, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    view = make_view(qtbot, ws)
    act_through(qtbot, view, "bm-d02", cid, A.RETURN, "不属于本部门职责")
    assert ws.record(cid).state is S.FILED and ws.record(cid).returned_by == "D02"
    open_case(qtbot, view, "paiqian", cid)
    dialog = click_action(qtbot, view, A.REASSIGN)
    codes = [dialog.department.itemData(i) for i in range(dialog.department.count())]
    assert "D02" not in codes and dialog.department_code() != "D02"
    dialog.department.setCurrentIndex(dialog.department.findData("D03"))
    click_ok(qtbot, dialog)
    assert dialog.isVisible()  # 改派 needs a reason
    type_text(qtbot, dialog.text, "应由执法局处理")
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == "D03"
    assert errors == []


def test_handle_with_a_photo_stores_it_and_a_wrong_file_is_refused(qtbot, ws, tmp_path, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    view = open_case(qtbot, make_view(qtbot, ws), "bm-d02", cid)
    dialog = click_action(qtbot, view, A.HANDLE)
    bad = tmp_path / "notes.png"
    bad.write_text("not a picture")
    dialog.picker.add_files([bad, photo_file(tmp_path, "after.png", (10, 200, 10))])
    assert [e.code for e in errors] == ["not_an_image"]
    assert dialog.picker.paths() == [tmp_path / "after.png"]
    assert dialog.picker.list.count() == 1
    type_text(qtbot, dialog.text, "已清理完毕")
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.state is S.HANDLED and len(rec.handle_photos) == 1
    assert ws.photo_file(rec.handle_photos[0]).read_bytes() == (tmp_path / "after.png").read_bytes()
    assert view.before_after.after.thumbnail_count() == 1


def test_check_shows_before_after_side_by_side_and_fail_sends_back(qtbot, ws, tmp_path, errors):
    cid = report(ws, URBAN, photos=[photo_file(tmp_path, "before.png").read_bytes()])
    drive(ws, cid, S.DISPATCHED)
    act(
        ws,
        "bm-d02",
        cid,
        "handle",
        {"note": "已清理"},
        photos=[photo_file(tmp_path, "after.png", (0, 200, 0))],
    )
    officer = officer_of(ws, ws.record(cid).grid_code)
    view = open_case(qtbot, make_view(qtbot, ws), officer, cid)
    dialog = click_action(qtbot, view, A.CHECK)
    pair = dialog.before_after
    assert pair.before.thumbnail_count() == 1 and pair.after.thumbnail_count() == 1
    before, after = pair.before.geometry(), pair.after.geometry()
    assert before.right() < after.left() and before.top() == after.top()  # side by side
    qtbot.mouseClick(dialog.failed, Qt.MouseButton.LeftButton)
    assert dialog.rework.isVisibleTo(dialog) and "new limit" in dialog.rework.text()
    type_text(qtbot, dialog.text, "仍有残留垃圾")
    dialog.picker.add_files([photo_file(tmp_path, "check.png", (5, 5, 200))])
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.rework_count == 1 and len(rec.check_photos) == 1
    # the department redoes it, the officer passes it, the shift lead closes
    act(ws, "bm-d02", cid, "handle", {"note": "再次清理"})
    open_case(qtbot, view, officer, cid)
    dialog = click_action(qtbot, view, A.CHECK)
    qtbot.mouseClick(dialog.passed, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).state is S.VERIFIED
    act_through(qtbot, view, "zhiban", cid, A.CLOSE)
    assert ws.record(cid).state is S.CLOSED
    assert errors == []


def test_extension_request_and_approval_move_the_deadline(qtbot, ws, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    old = ws.record(cid).deadline
    view = open_case(qtbot, make_view(qtbot, ws), "bm-d02", cid)
    dialog = click_action(qtbot, view, A.REQUEST_EXTENSION)
    edit = dialog.new_deadline
    edit.setFocus()
    edit.setCurrentSection(QDateTimeEdit.Section.YearSection)
    qtbot.keyClicks(edit, "2026-11-18 17:00")
    assert dialog.deadline_value() == datetime(2026, 11, 18, 17, 0)
    type_text(qtbot, dialog.text, "需更换设备，等待配件")
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).pending_request == "extension"
    assert "2026-11-18 17:00" in view.values["request"].text()

    open_case(qtbot, view, "paiqian", cid)
    assert {A.APPROVE_EXTENSION, A.DENY_EXTENSION} <= set(view.action_buttons)
    dialog = click_action(qtbot, view, A.APPROVE_EXTENSION)
    assert dialog.deadline_value() == datetime(2026, 11, 18, 17, 0)  # the request preset
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.deadline == datetime(2026, 11, 18, 17, 0) != old
    assert rec.pending_request is None and rec.deadline_original == old
    assert "originally" in view.values["deadline"].text()
    assert errors == []


def test_suspension_denied_then_approved_then_resumed(qtbot, ws, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    view = make_view(qtbot, ws)
    act_through(qtbot, view, "bm-d02", cid, A.REQUEST_SUSPENSION, "需跨部门协调")
    act_through(qtbot, view, "paiqian", cid, A.DENY_SUSPENSION, "请先处置")
    assert ws.record(cid).pending_request is None
    act_through(qtbot, view, "bm-d02", cid, A.REQUEST_SUSPENSION, "确需协调")
    act_through(qtbot, view, "zhiban", cid, A.APPROVE_SUSPENSION)
    assert ws.record(cid).state is S.SUSPENDED
    assert "not running" in view.values["remaining"].text()
    act_through(qtbot, view, "paiqian", cid, A.RESUME, "协调完毕")
    assert ws.record(cid).state is S.DISPATCHED
    assert errors == []


def test_urge_and_supervise_an_overdue_case(qtbot, ws, clock, errors):
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    clock.advance(hours=3)  # 2 working hours limit: overdue
    view = open_case(qtbot, make_view(qtbot, ws), "ducha", cid)
    assert view.level.text() == "Red: overdue" and "Overdue" in view.values["remaining"].text()
    act_through(qtbot, view, "ducha", cid, A.URGE, "请尽快处置")
    act_through(qtbot, view, "paiqian", cid, A.SUPERVISE, "督办")
    rec = ws.record(cid)
    assert rec.urge_count == 1 and rec.supervise_count == 1
    assert view.values["counts"].text() == "1 / 1 / 0"
    assert errors == []


def test_hotline_report_is_verified_by_an_officer_then_filed(qtbot, ws, tmp_path, errors):
    cid = report(ws, URBAN, source="hotline")
    grid = ws.record(cid).grid_code
    officer = officer_of(ws, grid)
    view = make_view(qtbot, ws)
    act_through(qtbot, view, "shouli", cid, A.ACCEPT)
    open_case(qtbot, view, "shouli", cid)
    dialog = click_action(qtbot, view, A.REQUEST_VERIFY)
    assert dialog.assignee.currentData() == officer
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    open_case(qtbot, view, officer, cid)
    dialog = click_action(qtbot, view, A.VERIFY_REPORT)
    qtbot.mouseClick(dialog.passed, Qt.MouseButton.LeftButton)
    dialog.picker.add_files([photo_file(tmp_path, "site.png")])
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).verify_result is True
    act_through(qtbot, view, "zhiban", cid, A.FILE)
    assert ws.record(cid).state is S.FILED
    assert errors == []


def test_merge_into_a_case_found_by_number(qtbot, ws, errors):
    first = report(ws, URBAN, description="井盖缺失")
    drive(ws, first, S.FILED)
    number = ws.record(first).number
    dup = report(ws, URBAN, index=4, description="同一处井盖缺失")
    view = open_case(qtbot, make_view(qtbot, ws), "shouli", dup)
    dialog = click_action(qtbot, view, A.MERGE)
    type_text(qtbot, dialog.search, number)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.results.count() == 1 and dialog.target() == first
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(dup)
    assert rec.state is S.MERGED and rec.merged_into == first
    assert view.merged.isVisibleTo(view)
    assert errors == []


def test_town_case_escalates_and_is_handed_down(qtbot, ws, errors):
    cid = report(ws, BEIJIAO, source="camera")
    view = make_view(qtbot, ws)
    act_through(qtbot, view, "bj-shouli", cid, A.ESCALATE, "跨镇街，需区级协调")
    assert ws.record(cid).tier == "district"
    act_through(qtbot, view, "shouli", cid, A.HAND_DOWN, "镇街可处置")
    assert ws.record(cid).tier == "town"
    assert errors == []


def test_a_refused_act_shows_the_service_error_and_stays_open(qtbot, ws, errors):
    cid = report(ws, URBAN)
    view = open_case(qtbot, make_view(qtbot, ws), "shouli", cid)
    dialog = click_action(qtbot, view, A.ACCEPT)
    act(ws, "shouli2", cid, "accept")  # somebody else was quicker
    ws.act_as("shouli")
    click_ok(qtbot, dialog)
    assert [e.code for e in errors] == ["already_accepted"]
    assert dialog.isVisible() and dialog.ok.isEnabled()


def test_reassign_suggestion_is_another_department(ws):
    """改派 of a case in handling suggests another department, never the one that has it."""
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    ws.act_as("paiqian")
    suggested, _ = ws.dispatch_options(cid)
    assert suggested.code != ws.record(cid).department_code
    act(ws, "paiqian", cid, "reassign", {"reason": "应由其他部门处置"})
    assert ws.record(cid).department_code != "D02"


def test_shift_lead_files_under_a_corrected_category_and_urgency(qtbot, ws, errors):
    """The officer picked 暴露垃圾; the centre files it as 分类垃圾桶, urgent."""
    from tests.ui.report_helpers import BIN

    cid = report(ws, URBAN, category=GARBAGE)
    view = make_view(qtbot, ws)
    act_through(qtbot, view, "shouli", cid, A.ACCEPT)
    open_case(qtbot, view, "zhiban", cid)
    dialog = click_action(qtbot, view, A.FILE)
    assert dialog.picker.category().code == GARBAGE  # pre-set to what was reported
    type_text(qtbot, dialog.picker.search, "ljt")
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Return)
    assert dialog.picker.category().code == BIN
    assert ws.catalog.get(BIN).filing_condition in dialog.picker.facts.conditions.text()
    dialog.urgency.setCurrentIndex(dialog.urgency.findData("urgent"))
    with qtbot.waitSignal(view.loaded, timeout=5000):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert (rec.state, rec.category_code, rec.urgency) == (S.FILED, BIN, "urgent")
    assert errors == []


def test_dispatch_with_co_departments_and_their_limit(qtbot, ws, errors):
    cid = report(ws, URBAN, category=GARBAGE)
    drive(ws, cid, S.FILED)
    view = open_case(qtbot, make_view(qtbot, ws), "paiqian", cid)
    dialog = click_action(qtbot, view, A.DISPATCH)
    lead = dialog.department_code()
    assert lead == "D02" and not dialog.co.boxes["D02"].isEnabled()  # not its own 协办
    assert dialog.co_limit.value() == 0 and "co_department_codes" not in dialog.payload()
    qtbot.mouseClick(dialog.co.boxes["D05"], Qt.LeftButton)
    dialog.co.boxes["D12"].setChecked(True)
    dialog.co_limit.setValue(2)
    # choosing D05 as the lead clears and disables its box; back to D02 leaves it clear
    dialog.department.setCurrentIndex(dialog.department.findData("D05"))
    assert not dialog.co.boxes["D05"].isEnabled() and dialog.co.codes() == ["D12"]
    dialog.department.setCurrentIndex(dialog.department.findData("D02"))
    dialog.co.boxes["D05"].setChecked(True)
    assert dialog.payload() == {
        "department_code": "D02", "co_department_codes": ["D05", "D12"], "co_limit_days": 2,
    }  # fmt: skip
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    rec = ws.record(cid)
    assert rec.department_code == "D02" and [c.code for c in rec.co_departments] == ["D05", "D12"]
    assert all(c.deadline_unit == "work_day" for c in rec.co_departments)
    # 签收 and 协办反馈 by a co-department show in the timeline with its name
    act(ws, "bm-d05", cid, "acknowledge")
    act(ws, "bm-d05", cid, "co_feedback", {"note": "已配合"})
    open_case(qtbot, view, "paiqian", cid)
    texts = [" ".join(row) for row in view.timeline.row_texts()]
    d05 = ws.reference.departments["D05"].name
    assert any("co-handling" in t and d05 in t and ws.reference.departments["D12"].name in t
               for t in texts)  # fmt: skip
    assert any(f"received by {d05}" in t for t in texts)
    assert any(f"co-handling feedback from {d05}" in t and "已配合" in t for t in texts)
    assert errors == []


def test_department_sees_the_acknowledge_button_until_it_acknowledges(qtbot, ws, errors):
    cid = report(ws, URBAN, category=GARBAGE)
    drive(ws, cid, S.DISPATCHED, acknowledge=False)
    view = open_case(qtbot, make_view(qtbot, ws), "bm-d02", cid)
    assert A.ACKNOWLEDGE in buttons(view)
    act_through(qtbot, view, "bm-d02", cid, A.ACKNOWLEDGE)
    assert ws.record(cid).acknowledged_at is not None
    assert A.ACKNOWLEDGE not in buttons(view) and A.HANDLE in buttons(view)
    assert errors == []


def test_lead_handles_with_a_reason_for_missing_co_feedback(qtbot, ws, errors):
    cid = report(ws, URBAN, category=GARBAGE)
    drive(ws, cid, S.FILED)
    act(ws, "paiqian", cid, "dispatch", {"department_code": "D02", "co_department_codes": ["D05"]})
    view = open_case(qtbot, make_view(qtbot, ws), "bm-d02", cid)
    dialog = click_action(qtbot, view, A.HANDLE)
    assert dialog.co_note is not None and dialog.missing == ("D05",)
    type_text(qtbot, dialog.text, "已清理")
    click_ok(qtbot, dialog)
    assert dialog.isVisible()  # the reason for D05's missing feedback is required
    type_text(qtbot, dialog.co_note, "城管局电话确认无需配合")
    with qtbot.waitSignal(view.loaded):
        click_ok(qtbot, dialog)
    assert ws.record(cid).state is S.HANDLED
    texts = [" ".join(row) for row in view.timeline.row_texts()]
    assert any("城管局电话确认无需配合" in t for t in texts)
    assert errors == []
