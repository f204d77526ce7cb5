"""督办单 over sync: the service accepts a pushed 督办 with its reply days and a pushed
督办回复, computes the reply deadline on ITS calendar (a client's ``reply_due`` is not
trusted), and refuses a reply from a department the case is not with.

Runs on SQLite and, with GRIDAPP_TEST_PG_URL set, on PostgreSQL (``central_settings``).
"""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError as WireError

from gridapp.casework.supervise_orders import reply_due
from gridapp.domain.case import Tier
from gridapp.server.central import Central
from gridapp.server.sync_push import push
from gridapp.sync.protocol import EventIn
from tests.sync.helpers import event, report_event, server_case

MONDAY_MORNING = datetime(2026, 11, 16, 9, 30)


@pytest.fixture
def central(central_settings):
    store = Central(central_settings, clock=lambda: MONDAY_MORNING)
    yield store
    store.close()


def _push(central: Central, username: str, ev: EventIn):
    user = central.reference().users[username].to_actor()
    (result,) = push(central, user, [ev.model_dump(mode="json")])
    return result


def _dispatched_case(central: Central) -> tuple[str, str]:
    """A patrol report of wg001 taken to 派遣; returns (case id, the centre's prefix)."""
    report = report_event(central)
    assert _push(central, "wg001", report).status.value == "accepted"
    rec = server_case(central, report.case_id)
    prefix = ""
    if rec.tier is Tier.TOWN:
        prefix = {"370306101": "bj-", "370306102": "nj-", "370306103": "wc-"}[rec.street_code]
    for who, action in (("shouli", "accept"), ("zhiban", "file"), ("paiqian", "dispatch")):
        result = _push(central, prefix + who, event(report.case_id, action))
        assert result.status.value == "accepted", result
    return report.case_id, prefix


def _dept_user(central: Central, code: str, *, other: bool = False) -> str:
    users = sorted(
        u.username
        for u in central.reference().users.values()
        if u.role.value == "department" and (u.department_code != code) is other
    )
    return users[0]


def test_pushed_supervise_and_reply(central):
    cid, prefix = _dispatched_case(central)
    forged = "2099-01-01T00:00:00"  # what a client says the deadline is: recomputed
    order = event(cid, "supervise", {"note": "请说明进展", "reply_days": 2, "reply_due": forged})
    result = _push(central, prefix + "zhiban", order)
    assert result.status.value == "accepted", result
    rec = server_case(central, cid)
    calendar = central.reference().calendar
    assert rec.supervise_reply_due == reply_due(calendar, MONDAY_MORNING, 2)
    assert rec.supervise_count == 1

    dept = rec.department_code
    assert dept
    stranger = _push(
        central, _dept_user(central, dept, other=True), event(cid, "supervise_reply", {"note": "x"})
    )
    assert stranger.status.value == "rejected"
    empty = _push(central, _dept_user(central, dept), event(cid, "supervise_reply", {"note": " "}))
    assert (empty.status.value, empty.code) == ("rejected", "missing_field")
    reply = event(cid, "supervise_reply", {"note": "已安排清运，今日完成"})
    answered = _push(central, _dept_user(central, dept), reply)
    assert answered.status.value == "accepted", answered
    assert server_case(central, cid).supervise_reply_due is None
    again = _push(central, _dept_user(central, dept), event(cid, "supervise_reply", {"note": "再"}))
    assert (again.status.value, again.code) == ("rejected", "no_supervise_pending")


def test_pushed_supervise_refusals(central):
    cid, prefix = _dispatched_case(central)
    no_text = _push(central, prefix + "zhiban", event(cid, "supervise", {"reply_days": 1}))
    assert (no_text.status.value, no_text.code) == ("rejected", "missing_field")
    too_far = _push(
        central, prefix + "zhiban", event(cid, "supervise", {"note": "x", "reply_days": 99})
    )
    assert (too_far.status.value, too_far.code) == ("rejected", "bad_field")
    # an old client's 督办 (no reply days) is still accepted and asks for no reply
    old = _push(central, prefix + "zhiban", event(cid, "supervise", {"note": "督办"}))
    assert old.status.value == "accepted", old
    rec = server_case(central, cid)
    assert (rec.supervise_count, rec.supervise_reply_due) == (1, None)


def test_wire_check_takes_the_new_action_and_keys():
    raw = event("6f1b7a3e-0000-4000-8000-000000000001", "supervise_reply", {"note": "好"})
    assert EventIn.model_validate(raw.model_dump(mode="json")).action == "supervise_reply"
    with pytest.raises(WireError):
        EventIn.model_validate({**raw.model_dump(mode="json"), "payload": {"note": "a\x00b"}})
