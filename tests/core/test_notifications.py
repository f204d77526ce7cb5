"""Notifications per kind and role, on small hand-built stores with a settable clock.

Cases are driven through the real Workspace; each user's checks read only the store
(no sync), so these are the offline rules: new tasks in one's queues, 催办/督办
received, one's own cases turning yellow and red, refused events, mutes and the
read state kept per user.
"""

from __future__ import annotations

from sqlalchemy import select

from gridapp.notifications import Kind, derive
from gridapp.store.schema import case_events
from gridapp.sync.local import mark_rejected
from gridapp.workspace import Workspace
from tests.core.helpers import BEIJIAO, GARBAGE, URBAN, act, drive, officer_of, report

D = "D02"
DEPT = "bm-d02"


def check(ws: Workspace, who: str):
    ws.act_as(who)
    return ws.notifications.check()


def kinds(found) -> list[tuple[str, str]]:
    return sorted((n.kind.value, n.case_id) for n in found)


def test_first_check_only_sets_the_watermark(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    assert check(ws, DEPT) == []  # the past is not news
    assert ws.notifications.items() == []
    assert check(ws, DEPT) == []


def test_a_dispatch_is_a_new_task_for_the_department_only(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, "filed")
    for who in (DEPT, "bm-d03", "paiqian"):
        check(ws, who)
    act(ws, "paiqian", cid, "dispatch", {"department_code": D})
    found = check(ws, DEPT)
    assert [(n.kind, n.case_id, n.queue) for n in found] == [(Kind.TASK, cid, "my_tasks")]
    assert found[0].case_number == ws.record(cid).number
    assert check(ws, DEPT) == []  # told once
    assert check(ws, "bm-d03") == []  # another department
    assert check(ws, "paiqian") == []  # one's own action is no news
    assert ws.notifications.unread_count() == 0
    ws.act_as(DEPT)
    assert ws.notifications.unread_count() == 1


def test_rework_comes_back_as_rework(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, "handled", department=D)
    check(ws, DEPT)
    grid = ws.record(cid).grid_code
    act(ws, officer_of(ws, grid), cid, "check", {"result": False, "note": "仍有垃圾"})
    found = check(ws, DEPT)
    assert [(n.kind, n.queue) for n in found] == [(Kind.TASK, "rework")]


def test_centre_and_officer_tasks(ws):
    for who in ("shouli", "zhiban", "paiqian", "bj-shouli"):
        check(ws, who)
    cid = report(ws, URBAN)  # a patrol report by the grid's officer
    town = report(ws, BEIJIAO)  # a town with its own centre: its desk, not the district
    assert [(n.queue, n.case_id) for n in check(ws, "shouli")] == [("inbox", cid)]
    assert [(n.queue, n.case_id) for n in check(ws, "bj-shouli")] == [("inbox", town)]
    act(ws, "shouli", cid, "accept")
    assert [n.queue for n in check(ws, "zhiban")] == ["to_file"]
    act(ws, "zhiban", cid, "file")
    assert [n.queue for n in check(ws, "paiqian")] == ["to_dispatch"]

    hot = report(ws, URBAN, index=3, source="hotline")
    act(ws, "shouli", hot, "accept")
    grid_officer = officer_of(ws, ws.record(hot).grid_code)
    assert check(ws, grid_officer) == []
    act(ws, "shouli", hot, "request_verify")
    assignee = ws.record(hot).verify_assignee
    assert assignee == grid_officer
    found = check(ws, assignee)
    assert [(n.kind, n.queue, n.case_id) for n in found] == [(Kind.TASK, "verify_tasks", hot)]


def test_urge_and_supervise_reach_the_department_holding_the_case(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    for who in (DEPT, "bm-d03", "wg001"):
        check(ws, who)
    act(ws, "paiqian", cid, "urge", {"note": "请尽快处置"})
    act(ws, "ducha", cid, "supervise", {"note": "限今日办结"})
    found = check(ws, DEPT)
    assert [(n.kind, n.note) for n in found] == [
        (Kind.SUPERVISE, "限今日办结"),
        (Kind.URGE, "请尽快处置"),
    ]
    assert all(n.case_id == cid for n in found)
    assert check(ws, "bm-d03") == []


def test_own_cases_turn_yellow_then_red_with_the_clock_alone(ws, clock):
    cid = report(ws, URBAN, category=GARBAGE)
    drive(ws, cid, "dispatched", department=D)
    rec = ws.record(cid)
    for who in (DEPT, "paiqian", "shouli", officer_of(ws, rec.grid_code)):
        check(ws, who)
    clock.now = rec.warn_at
    found = check(ws, DEPT)
    assert kinds(found) == [("yellow", cid)] and found[0].at == rec.warn_at
    assert check(ws, DEPT) == []
    clock.now = rec.deadline
    assert check(ws, DEPT) == []  # red is after the deadline, not at it
    clock.advance(minutes=1)
    assert kinds(check(ws, DEPT)) == [("red", cid)]
    assert check(ws, DEPT) == []
    # The centre's overdue board: both marks passed since its last check, only red.
    assert kinds(check(ws, "paiqian")) == [("red", cid)]
    assert check(ws, "shouli") == []  # the intake desk holds no limits
    assert check(ws, officer_of(ws, rec.grid_code)) == []


def test_a_handled_case_does_not_turn_red(ws, clock):
    cid = report(ws, URBAN, category=GARBAGE)
    drive(ws, cid, "dispatched", department=D)
    deadline = ws.record(cid).deadline
    check(ws, DEPT)
    act(ws, DEPT, cid, "handle", {"note": "已处置"})
    clock.now = deadline
    clock.advance(hours=1)
    assert check(ws, DEPT) == []


def test_muted_kinds_are_not_told(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    check(ws, DEPT)
    ws.notifications.set_muted([Kind.URGE])
    assert ws.notifications.muted() == {Kind.URGE}
    act(ws, "paiqian", cid, "urge", {"note": "快"})
    act(ws, "paiqian", cid, "supervise", {"note": "督"})
    assert [n.kind for n in check(ws, DEPT)] == [Kind.SUPERVISE]
    ws.act_as("bm-d03")
    assert ws.notifications.muted() == frozenset()  # mutes are per user


def test_read_state_persists_per_user(ws, store_path, clock):
    a = report(ws, URBAN)
    b = report(ws, URBAN, index=1)
    for cid in (a, b):
        drive(ws, cid, "filed")
    check(ws, DEPT)
    check(ws, "bm-d03")
    act(ws, "paiqian", a, "dispatch", {"department_code": D})
    act(ws, "paiqian", b, "dispatch", {"department_code": "D03"})
    first = check(ws, DEPT)
    assert ws.notifications.mark_read(first[0].id) == 1
    assert ws.notifications.unread_count() == 0
    assert len(check(ws, "bm-d03")) == 1
    ws.close()

    again = Workspace.open(store_path, clock=clock)
    try:
        again.act_as(DEPT)
        items = again.notifications.items()
        assert [(n.case_id, n.read) for n in items] == [(a, True)]
        assert again.notifications.mark_read(items[0].id, read=False) == 1
        again.act_as("bm-d03")
        assert [(n.case_id, n.read) for n in again.notifications.items()] == [(b, False)]
        assert again.notifications.mark_all_read() == 1
        assert again.notifications.unread_count() == 0
        again.act_as(DEPT)
        assert again.notifications.unread_count() == 1
    finally:
        again.close()


def test_a_refused_event_is_told_once_to_its_author(ws):
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    check(ws, DEPT)
    check(ws, "paiqian")
    act(ws, DEPT, cid, "handle", {"note": "已处置"})
    with ws.db.write() as conn:
        event_id = conn.execute(
            select(case_events.c.id).where(
                case_events.c.case_id == cid, case_events.c.action == "handle"
            )
        ).scalar_one()
        mark_rejected(conn, event_id, "wrong_state", "案卷已改派")
    found = check(ws, DEPT)
    assert [(n.kind, n.case_id, n.note) for n in found] == [(Kind.REFUSED, cid, "案卷已改派")]
    assert check(ws, DEPT) == []
    assert all(n.kind is not Kind.REFUSED for n in check(ws, "paiqian"))


class _Pulling:
    """Stands in for a client store's sync session: is its first pull complete?"""

    def __init__(self) -> None:
        self.first_pull_done = False

    def close(self) -> None:
        pass


def test_the_history_a_first_pull_brings_is_not_news(ws):
    ws.sync = _Pulling()
    assert check(ws, DEPT) == []  # the window opens before anything is pulled
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)  # what the first pull brings in
    act(ws, "paiqian", cid, "urge", {"note": "早先的催办"})
    ws.sync.first_pull_done = True  # the round that completed it ends
    assert check(ws, DEPT) == []  # the pulled past is not news…
    act(ws, "paiqian", cid, "urge", {"note": "快"})
    assert [n.kind for n in check(ws, DEPT)] == [Kind.URGE]  # …what follows is
    ws.sync = None


def test_officer_gets_the_check_and_supervisor_the_red_of_a_supervised_case(ws, clock):
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    officer = officer_of(ws, ws.record(cid).grid_code)
    for who in (officer, "ducha", "zhiban"):
        check(ws, who)
    act(ws, "ducha", cid, "supervise", {"note": "限期办结"})
    other = report(ws, URBAN, index=1)
    drive(ws, other, "dispatched", department=D)  # not supervised: not the supervisor's
    clock.now = ws.record(cid).deadline
    clock.advance(minutes=5)
    assert kinds(check(ws, "ducha")) == [("red", cid)]
    act(ws, DEPT, cid, "handle", {"note": "已处置"})
    found = check(ws, officer)
    assert [(n.kind, n.queue, n.case_id) for n in found] == [(Kind.TASK, "check_tasks", cid)]
    act(ws, officer, cid, "check", {"result": True})
    # The shift lead: the board's other case went red, the checked one waits to close.
    found = check(ws, "zhiban")
    assert sorted((n.kind, n.queue, n.case_id) for n in found) == sorted(
        [(Kind.RED, "", other), (Kind.TASK, "to_close", cid)]
    )


# -- 督办回复 deadlines (the department that must reply) ---------------------------------------


REPLY_KINDS = (Kind.REPLY_SOON, Kind.REPLY_LATE)


def replies(found):
    """The 督办回复 notifications only (the case's own handling limit turns red too)."""
    return [n for n in found if n.kind in REPLY_KINDS]


def _supervised_with_reply(ws, clock, days: int = 1) -> str:
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    for who in (DEPT, "bm-d03", "zhiban"):
        check(ws, who)
    act(ws, "zhiban", cid, "supervise", {"note": "请说明进展", "reply_days": days})
    return cid


def test_reply_due_soon_then_late_for_the_department_only(ws, clock):
    cid = _supervised_with_reply(ws, clock)
    due = ws.record(cid).supervise_reply_due
    assert [n.kind for n in check(ws, DEPT)] == [Kind.SUPERVISE]  # received, not yet due
    cal = ws.reference.calendar
    # three working hours before: not yet "soon"; two: soon (working time, not clock time)
    clock.now = cal.deadline_for(clock.now, 5, "work_hour")
    assert cal.remaining(due, clock.now, "work_hour") > derive.REPLY_SOON_LEFT
    assert replies(check(ws, DEPT)) == []
    clock.now = cal.deadline_for(clock.now, 1, "work_hour")
    assert cal.remaining(due, clock.now, "work_hour") <= derive.REPLY_SOON_LEFT
    soon = replies(check(ws, DEPT))
    assert [(n.kind, n.case_id) for n in soon] == [(Kind.REPLY_SOON, cid)]
    assert soon[0].extra["reply_due"] == due.isoformat(timespec="seconds")
    assert replies(check(ws, DEPT)) == []  # told once
    clock.now = due
    assert replies(check(ws, DEPT)) == []  # at the deadline: still in time
    clock.advance(minutes=1)
    late = replies(check(ws, DEPT))
    assert [(n.kind, n.case_id, n.at) for n in late] == [(Kind.REPLY_LATE, cid, due)]
    assert replies(check(ws, DEPT)) == []
    for other in ("bm-d03", "zhiban", "ducha"):  # nobody else owes the reply
        assert replies(check(ws, other)) == []


def test_a_reply_ends_the_deadline_notifications(ws, clock):
    cid = _supervised_with_reply(ws, clock)
    check(ws, DEPT)
    act(ws, DEPT, cid, "supervise_reply", {"note": "已安排人员处理"})
    clock.now = ws.reference.calendar.deadline_for(clock.now, 2, "work_day")
    assert replies(check(ws, DEPT)) == []


def test_a_first_check_after_the_deadline_is_late_only_and_muting_works(ws, clock):
    cid = _supervised_with_reply(ws, clock)
    ws.act_as(DEPT)
    ws.notifications.set_muted([Kind.SUPERVISE])
    check(ws, DEPT)
    clock.now = ws.reference.calendar.deadline_for(clock.now, 3, "work_day")
    assert [(n.kind, n.case_id) for n in replies(check(ws, DEPT))] == [(Kind.REPLY_LATE, cid)]
    ws.notifications.set_muted([Kind.REPLY_LATE])
    assert replies(ws.notifications.items()) == []


def test_an_old_supervise_without_a_reply_deadline_asks_for_nothing(ws, clock):
    cid = report(ws, URBAN)
    drive(ws, cid, "dispatched", department=D)
    check(ws, DEPT)
    act(ws, "zhiban", cid, "supervise", {"note": "督办"})
    clock.now = ws.reference.calendar.deadline_for(clock.now, 5, "work_day")
    assert [n.kind for n in check(ws, DEPT) if n.kind is not Kind.RED] == [Kind.SUPERVISE]
