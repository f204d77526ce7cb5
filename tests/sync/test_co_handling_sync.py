"""联动处置 and 签收 over the real service (uvicorn): the dispatcher's laptop dispatches
offline to a lead with a co-department, the co-department's laptop pulls the case into its
协办 queue, acknowledges and feeds back offline, the lead's laptop sees it and handles; the
service checks every event again and every store ends with the same projection."""

from __future__ import annotations

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


def _dept_user(users, code):
    return sorted(
        u.username
        for u in users.values()
        if u.role.value == "department" and u.department_code == code
    )[0]


def test_co_handling_between_laptops(live_server, tmp_path):
    central = live_server.central
    users = central.reference().users
    report = report_event(central)
    (res,) = push(central, users["wg001"].to_actor(), [report.model_dump(mode="json")])
    cid = report.case_id
    for who, action in (("shouli", "accept"), ("zhiban", "file")):
        (res,) = push(central, users[who].to_actor(), [event(cid, action).model_dump(mode="json")])
        assert res.status.value == "accepted", res

    disp_ws, disp = _client(tmp_path, live_server.url, "disp", "paiqian")
    disp.sync()
    disp_ws.act(cid, "dispatch", {"department_code": "D02", "co_department_codes": ["D12"]})
    assert [c.code for c in disp_ws.record(cid).co_departments] == ["D12"]  # offline first
    assert disp.sync().accepted == 1
    server = server_case(central, cid)
    assert [c.code for c in server.co_departments] == ["D12"] and server.ack_due is not None

    co_ws, co = _client(tmp_path, live_server.url, "co", _dept_user(users, "D12"))
    co.sync()
    queue = next(q for q in queues_for(co_ws.user) if q.id == "co_handling")
    assert [r.id for r in co_ws.list_cases(queue.query)] == [cid]
    co_ws.act(cid, "acknowledge")
    co_ws.act(cid, "co_feedback", {"note": "已配合处置"})
    assert co.sync().accepted == 2
    entry = server_case(central, cid).co_departments[0]
    assert entry.acknowledged_at is not None and entry.fed_back_at is not None

    lead_ws, lead = _client(tmp_path, live_server.url, "lead", _dept_user(users, "D02"))
    lead.sync()
    lead_ws.act(cid, "acknowledge")
    lead_ws.act(cid, "handle", {"note": "已清理完毕"})
    assert lead.sync().accepted == 2
    assert server_case(central, cid).state.value == "handled"
    actions = [e.action.value for e in lead_ws.case(cid).timeline]
    assert "co_feedback" in actions and "acknowledge" in actions
    co.sync()
    disp.sync()
    for ws in (co_ws, disp_ws):
        assert ws.record(cid) == lead_ws.record(cid).evolve(
            reporter_phone=ws.record(cid).reporter_phone
        )
    for ws in (disp_ws, co_ws, lead_ws):
        ws.close()


def test_service_refuses_a_lead_handle_without_co_feedback(live_server):
    central = live_server.central
    users = central.reference().users
    report = report_event(central)
    push(central, users["wg001"].to_actor(), [report.model_dump(mode="json")])
    cid = report.case_id
    for who, action in (("shouli", "accept"), ("zhiban", "file")):
        push(central, users[who].to_actor(), [event(cid, action).model_dump(mode="json")])
    dispatch = event(cid, "dispatch", {"department_code": "D02", "co_department_codes": ["D12"]})
    (res,) = push(central, users["paiqian"].to_actor(), [dispatch.model_dump(mode="json")])
    assert res.status.value == "accepted", res
    lead = users[_dept_user(users, "D02")].to_actor()
    other = users[_dept_user(users, "D05")].to_actor()
    bad = [
        (other, event(cid, "acknowledge")),
        (lead, event(cid, "co_feedback", {"note": "x"})),
        (lead, event(cid, "handle", {"note": "done"})),
    ]
    codes = []
    for actor, ev in bad:
        (res,) = push(central, actor, [ev.model_dump(mode="json")])
        codes.append((res.status.value, res.code))
    assert codes == [
        ("rejected", "unknown_case"),
        ("rejected", "out_of_scope"),
        ("rejected", "co_feedback_missing"),
    ]
