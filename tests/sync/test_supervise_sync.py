"""督办单 over the real service (uvicorn): the shift lead's laptop makes the 督办 with a
reply deadline, the department's laptop pulls it into its 待回复督办 queue and answers,
and every store ends with the same projection."""

from __future__ import annotations

from gridapp.domain.case import Tier
from gridapp.queues import queues_for
from gridapp.server.sync_push import push
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace
from tests.sync.helpers import event, report_event, server_case


def _client(tmp_path, url, name, user):
    ws = Workspace.open_client(tmp_path / f"{name}.db")
    sync = SyncClient(ws, url, TokenStore(tmp_path / f"{name}-t", use_keyring=False))
    sync.login(user, "demo1234")
    return ws, sync


def test_supervise_and_reply_between_laptops(live_server, tmp_path):
    central = live_server.central
    users = central.reference().users
    report = report_event(central)
    (res,) = push(central, users["wg001"].to_actor(), [report.model_dump(mode="json")])
    assert res.status.value == "accepted"
    cid = report.case_id
    assert server_case(central, cid).tier is Tier.DISTRICT
    for who, action in (("shouli", "accept"), ("zhiban", "file"), ("paiqian", "dispatch")):
        (res,) = push(central, users[who].to_actor(), [event(cid, action).model_dump(mode="json")])
        assert res.status.value == "accepted", res
    dept = server_case(central, cid).department_code

    lead_ws, lead = _client(tmp_path, live_server.url, "lead", "zhiban")
    lead.sync()
    lead_ws.act(cid, "supervise", {"note": "请两个工作日内说明进展", "reply_days": 2})
    local_due = lead_ws.record(cid).supervise_reply_due
    assert local_due is not None  # shown on the laptop before the push
    assert lead.sync().accepted == 1
    server_due = server_case(central, cid).supervise_reply_due
    assert server_due is not None and lead_ws.record(cid).supervise_reply_due == server_due

    dept_user = sorted(
        u.username
        for u in users.values()
        if u.role.value == "department" and u.department_code == dept
    )[0]
    dept_ws, dept_sync = _client(tmp_path, live_server.url, "dept", dept_user)
    dept_sync.sync()
    queue = next(q for q in queues_for(dept_ws.user) if q.id == "supervise_replies")
    assert [r.id for r in dept_ws.list_cases(queue.query)] == [cid]
    dept_ws.act(cid, "supervise_reply", {"note": "已安排清运"})
    assert dept_sync.sync().accepted == 1
    assert server_case(central, cid).supervise_reply_due is None
    lead.sync()
    assert lead_ws.record(cid).supervise_reply_due is None
    assert lead_ws.record(cid) == dept_ws.record(cid).evolve(
        reporter_phone=lead_ws.record(cid).reporter_phone
    )
    lead_ws.close()
    dept_ws.close()
