"""延期 within its bound through the sync service (SQLite and PostgreSQL).

A department asked for an extension to 2200-01-01 and a dispatcher approved it
without giving a deadline: the service accepted both. Now either is refused with
``deadline_too_far`` and the case keeps its deadline.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from gridapp.casework.request_bounds import DEFAULT_MAX_EXTENSION_DAYS
from gridapp.sync.protocol import EventIn, EventStatusOut
from gridapp.sync.transport import Transport
from tests.live_server import LiveServer
from tests.sync.helpers import event, report_event, server_case, transport

S = EventStatusOut
FAR = "2200-01-01T00:00:00"


def _push(server: LiveServer, username: str, ev: EventIn):
    t: Transport = transport(server, username)
    try:
        (result,) = t.push([ev]).results
    finally:
        t.close()
    return result


def _dispatched(server: LiveServer) -> str:
    central = server.central
    rep = report_event(central)
    claim = {"actor": "x", "role": "admin"}
    steps = [
        ("wg001", rep),
        ("shouli", event(rep.case_id, "accept", at=central.clock())),
        ("zhiban", event(rep.case_id, "file", claim, at=central.clock())),
        ("paiqian", event(rep.case_id, "dispatch", {"department_code": "D02"}, at=central.clock())),
    ]
    for username, ev in steps:
        assert _push(server, username, ev).status is S.ACCEPTED
    return rep.case_id


def test_an_extension_beyond_the_bound_is_refused_by_the_service(live_server: LiveServer) -> None:
    central = live_server.central
    case_id = _dispatched(live_server)
    deadline = server_case(central, case_id).deadline
    now = central.clock()

    far = event(case_id, "request_extension", {"deadline": FAR, "reason": "r"}, at=now)
    refused = _push(live_server, "bm-d02", far)
    assert (refused.status, refused.code) == (S.REJECTED, "deadline_too_far"), refused
    assert "180" in (refused.message or "")

    wanted = (now + timedelta(days=10)).isoformat()
    ok = event(case_id, "request_extension", {"deadline": wanted, "reason": "r"}, at=now)
    assert _push(live_server, "bm-d02", ok).status is S.ACCEPTED
    approve_far = event(case_id, "approve_extension", {"deadline": FAR}, at=now)
    refused = _push(live_server, "paiqian", approve_far)
    assert (refused.status, refused.code) == (S.REJECTED, "deadline_too_far"), refused
    assert server_case(central, case_id).deadline == deadline

    within = (now + timedelta(days=DEFAULT_MAX_EXTENSION_DAYS - 1)).replace(microsecond=0)
    approve = event(case_id, "approve_extension", {"deadline": within.isoformat()}, at=now)
    assert _push(live_server, "paiqian", approve).status is S.ACCEPTED
    assert server_case(central, case_id).deadline == within


def test_a_suspension_is_approved_only_with_a_review_date_within_the_bound(
    live_server: LiveServer,
) -> None:
    central = live_server.central
    case_id = _dispatched(live_server)
    now = central.clock()
    ask = event(case_id, "request_suspension", {"reason": "待拆迁"}, at=now)
    assert _push(live_server, "bm-d02", ask).status is S.ACCEPTED
    far = event(case_id, "approve_suspension", {"deadline": FAR}, at=now)
    refused = _push(live_server, "paiqian", far)
    assert (refused.status, refused.code) == (S.REJECTED, "deadline_too_far"), refused
    approve = event(case_id, "approve_suspension", at=now)
    accepted = _push(live_server, "paiqian", approve)
    assert accepted.status is S.ACCEPTED
    until = datetime.fromisoformat(accepted.payload["deadline"])
    assert abs(until - (now + timedelta(days=365))) < timedelta(minutes=1)
