"""回访/重办 and 智能派单 over the real service (uvicorn) between laptops: the actions are
made offline, pushed, validated again by the service with its own reference data and
clock, pulled by the other laptop, and every store ends with the same projection."""

from __future__ import annotations

import httpx

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState
from gridapp.queues import queues_for
from gridapp.server.sync_push import push
from gridapp.store import case_log
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE
from tests.sync.helpers import event, hotline_event, report_event, server_case

S = CaseState


def _client(tmp_path, url, name, user):
    ws = Workspace.open_client(tmp_path / f"{name}.db")
    sync = SyncClient(ws, url, TokenStore(tmp_path / f"{name}-t", use_keyring=False))
    sync.login(user, "demo1234")
    return ws, sync


def _push(central, who: str, cid: str, action: str, payload: dict | None = None):
    actor = central.reference().users[who].to_actor()
    (res,) = push(central, actor, [event(cid, action, payload).model_dump(mode="json")])
    assert res.status.value == "accepted", res
    return res


def _closed_hotline_case(central) -> str:
    users = central.reference().users
    report = hotline_event(central, reporter_name="王女士")
    (res,) = push(central, users["shouli"].to_actor(), [report.model_dump(mode="json")])
    assert res.status.value == "accepted", res
    cid = report.case_id
    _push(central, "shouli", cid, "accept")
    _push(central, "shouli", cid, "request_verify")
    officer = server_case(central, cid).verify_assignee
    _push(central, officer, cid, "verify_report", {"result": True})
    _push(central, "zhiban", cid, "file")
    _push(central, "paiqian", cid, "dispatch")
    dept = server_case(central, cid).department_code
    dept_user = _dept_user(central, dept)
    _push(central, dept_user, cid, "handle", {"note": "已清运"})
    grid_officer = sorted(
        u.username
        for u in users.values()
        if u.role.value == "grid_officer" and server_case(central, cid).grid_code in u.grid_codes
    )[0]
    _push(central, grid_officer, cid, "check", {"result": True})
    _push(central, "zhiban", cid, "close")
    return cid


def _dept_user(central, dept: str) -> str:
    users = central.reference().users.values()
    return sorted(
        u.username for u in users if u.role.value == "department" and u.department_code == dept
    )[0]


def test_callback_unsatisfied_reopen_between_laptops(live_server, tmp_path):
    central = live_server.central
    cid = _closed_hotline_case(central)
    dept = server_case(central, cid).department_code

    desk_ws, desk = _client(tmp_path, live_server.url, "desk", "shouli")
    desk.sync()
    queue = next(q for q in queues_for(desk_ws.user) if q.id == "to_call_back")
    assert [r.id for r in desk_ws.list_cases(queue.query)] == [cid]
    # offline: two calls and the 重办, all before the next sync
    desk_ws.act(cid, "callback", {"reached": False, "note": "无人接听"})
    desk_ws.act(cid, "callback", {"reached": True, "satisfaction": "unsatisfied", "note": "仍有"})
    desk_ws.act(cid, "reopen", {"reason": "群众不满意"})
    assert desk_ws.record(cid).state is S.DISPATCHED  # shown before the push
    assert desk.sync().accepted == 3
    server = server_case(central, cid)
    assert server.state is S.DISPATCHED and server.department_code == dept
    assert server.reopen_count == 1 and server.callback_count == 2
    assert server.deadline is not None and desk_ws.record(cid).deadline == server.deadline

    dept_ws, dept_sync = _client(tmp_path, live_server.url, "dept", _dept_user(central, dept))
    dept_sync.sync()
    mine = next(q for q in queues_for(dept_ws.user) if q.id == "my_tasks")
    assert cid in [r.id for r in dept_ws.list_cases(mine.query)]
    desk.sync()
    assert dept_ws.record(cid) == desk_ws.record(cid).evolve(
        reporter_phone=dept_ws.record(cid).reporter_phone
    )
    with dept_ws.db.read() as conn:
        actions = [e.action for e in case_log.events_of(conn, cid)]
    assert actions[-3:] == [Action.CALLBACK, Action.CALLBACK, Action.REOPEN]
    desk_ws.close()
    dept_ws.close()


def test_service_refuses_a_bad_callback_alone(live_server):
    central = live_server.central
    cid = _closed_hotline_case(central)
    patrol = report_event(central)
    actor = central.reference().users["shouli"].to_actor()
    officer = central.reference().users["wg001"].to_actor()
    (res,) = push(central, officer, [patrol.model_dump(mode="json")])
    batch = [
        event(cid, "callback", {"reached": True, "satisfaction": "amazing"}),
        event(patrol.case_id, "callback", {"reached": False}),
        event(cid, "reopen", {"reason": "x"}),  # no 不满意 yet
        event(cid, "callback", {"reached": True, "satisfaction": "satisfied"}),
    ]
    results = push(central, actor, [e.model_dump(mode="json") for e in batch])
    assert [(r.status.value, r.code) for r in results] == [
        ("rejected", "bad_field"),
        ("rejected", "wrong_state"),
        ("rejected", "not_unsatisfied"),
        ("accepted", None),
    ]
    dispatcher = central.reference().users["paiqian"].to_actor()
    (res,) = push(central, dispatcher, [event(cid, "reopen").model_dump(mode="json")])
    assert (res.status.value, res.code) == ("rejected", "role_not_allowed")


def _admin(live_server) -> httpx.Client:
    return live_server.client(live_server.login("admin"))


def test_automatic_dispatch_made_offline_is_checked_by_the_service(live_server, tmp_path):
    central = live_server.central
    with _admin(live_server) as admin:
        body = {"category_code": GARBAGE, "street_code": "370306001", "department_code": "D03"}
        rule = admin.post("/admin/routing-rules", json=body).json()
        r = admin.patch(f"/admin/routing-rules/{rule['id']}", json={"automatic": True})
        assert r.status_code == 200 and r.json()["automatic"] is True, r.text

    lead_ws, lead = _client(tmp_path, live_server.url, "lead", "zhiban")
    report = report_event(central)  # wg001's grid lies in 370306001
    users = central.reference().users
    (res,) = push(central, users["wg001"].to_actor(), [report.model_dump(mode="json")])
    assert res.status.value == "accepted", res
    cid = report.case_id
    _push(central, "shouli", cid, "accept")
    lead.sync()
    lead_ws.act(cid, "file")  # offline: filed and dispatched by the rule at once
    rec = lead_ws.record(cid)
    assert rec.state is S.DISPATCHED and rec.department_code == "D03" and rec.auto_dispatched
    assert lead.sync().accepted == 2
    server = server_case(central, cid)
    assert server.auto_rule == rule["id"] and server.auto_dispatched
    assert server.department_code == "D03"
    queue = next(q for q in queues_for(lead_ws.user) if q.id == "auto_dispatched")
    assert [r.id for r in lead_ws.list_cases(queue.query)] == [cid]

    # the dispatcher's laptop sees it too; the shift lead corrects it (改派) from theirs
    disp_ws, disp = _client(tmp_path, live_server.url, "disp", "paiqian")
    disp.sync()
    assert disp_ws.record(cid).auto_dispatched
    lead_ws.act(cid, "reassign", {"department_code": "D02", "reason": "应由环卫处置"})
    assert lead.sync().accepted == 1
    disp.sync()
    assert disp_ws.record(cid).department_code == "D02"
    assert not disp_ws.record(cid).auto_dispatched
    assert disp_ws.record(cid) == lead_ws.record(cid) == server_case(central, cid)
    lead_ws.close()
    disp_ws.close()


def test_service_refuses_an_automatic_dispatch_its_rules_do_not_make(live_server, tmp_path):
    central = live_server.central
    users = central.reference().users
    report = report_event(central)
    push(central, users["wg001"].to_actor(), [report.model_dump(mode="json")])
    cid = report.case_id
    _push(central, "shouli", cid, "accept")
    _push(central, "zhiban", cid, "file")  # no automatic rule on the service
    payload = {"department_code": "D03"}
    (res,) = push(
        central,
        users["zhiban"].to_actor(),
        [event(cid, "dispatch", payload).model_dump(mode="json")],
    )
    assert (res.status.value, res.code) == ("rejected", "not_auto_routed")
    assert server_case(central, cid).state is S.FILED
