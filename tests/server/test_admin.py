"""Admin routes against a real service: users, routing rules, calendar, sessions, audit.

Every change must reach the reference data (its version moves) and leave an
``admin_…`` audit row.
"""

from __future__ import annotations

import json
from datetime import date

import httpx
import pytest
import sqlalchemy as sa

from gridapp.store.schema import audit_log, counters
from tests.live_server import PASSWORD, LiveServer


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    with live_server.client(live_server.login("admin")) as client:
        yield client


def _version(server: LiveServer, client: httpx.Client) -> int:
    r = client.get("/reference/version")
    if r.status_code == 404:  # route absent: read the counter itself
        with server.central.db.read() as conn:
            stmt = sa.select(counters.c.value).where(counters.c.name == "reference_version")
            return int(conn.execute(stmt).scalar() or 0)
    assert r.status_code == 200, r.text
    return r.json()["version"]


def _admin_rows(server: LiveServer) -> list[tuple[str, dict]]:
    with server.central.db.read() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.detail)
            .where(audit_log.c.username == "admin", audit_log.c.action.like("admin_%"))
            .order_by(audit_log.c.id)
        ).all()
    return [(r.action, json.loads(r.detail)) for r in rows]


def _code(r: httpx.Response) -> str:
    return r.json()["code"]


NEW_OFFICER = {
    "username": "wg-neu",
    "display_name": "新网格员",
    "role": "grid_officer",
    "grid_codes": ["370306001001001", "370306001001002"],
    "password": "anfang-2026",
}


# --- users -------------------------------------------------------------------------------


def test_created_user_can_log_in_with_its_scope(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    before = _version(live_server, admin)
    r = admin.post("/admin/users", json=NEW_OFFICER)
    assert r.status_code == 201, r.text
    assert r.json()["active"] is True and "password" not in r.text
    assert _version(live_server, admin) > before

    token = live_server.login("wg-neu", "anfang-2026")
    with live_server.client(token) as c:
        me = c.get("/auth/me").json()
    assert me["role"] == "grid_officer"
    assert me["grid_codes"] == NEW_OFFICER["grid_codes"]
    assert "wg-neu" in live_server.central.reference().users

    listed = {u["username"]: u for u in admin.get("/admin/users").json()}
    assert listed["wg-neu"]["grid_codes"] == NEW_OFFICER["grid_codes"]
    assert all("password_hash" not in u for u in listed.values())
    assert ("admin_create_user", "wg-neu") in [
        (a, d.get("target")) for a, d in _admin_rows(live_server)
    ]

    # a town centre's staff and a town department's user
    town = {"username": "bj-neu", "display_name": "镇受理员", "role": "intake"}
    r = admin.post(
        "/admin/users", json={**town, "street_code": "370306101", "password": "anfang-2026"}
    )
    assert r.status_code == 201, r.text
    dept = {"username": "bm-neu", "display_name": "部门人员", "role": "department"}
    r = admin.post(
        "/admin/users", json={**dept, "department_code": "T101ZF", "password": "anfang-2026"}
    )
    assert r.status_code == 201, r.text
    with live_server.client(live_server.login("bm-neu", "anfang-2026")) as c:
        assert c.get("/auth/me").json()["department_code"] == "T101ZF"


# (change to a valid body, expected status, expected code)
BAD_USERS = [
    ({"username": "wg001"}, 409, "user_exists"),
    ({"role": "wizard"}, 422, "bad_request"),
    ({"password": "short"}, 422, "password_too_short"),
    ({"password": "password1"}, 422, "password_common"),
    ({"username": "has space"}, 422, "bad_request"),
    ({"is_admin": True}, 422, "bad_request"),  # unknown fields are refused
    ({"grid_codes": ["370306999999999"]}, 404, "unknown_grid"),
    ({"role": "intake", "grid_codes": ["370306001001001"]}, 422, "grids_not_allowed"),
    ({"role": "department", "grid_codes": []}, 422, "department_required"),
    (
        {"role": "department", "grid_codes": [], "department_code": "D99"},
        404,
        "unknown_department",
    ),
    ({"department_code": "D02"}, 422, "department_not_allowed"),
    (
        {"role": "intake", "grid_codes": [], "street_code": "370306001"},
        422,
        "street_without_centre",
    ),
    ({"role": "intake", "grid_codes": [], "street_code": "370306999"}, 404, "unknown_street"),
]


def test_user_creation_is_validated(live_server: LiveServer, admin: httpx.Client) -> None:
    before = _version(live_server, admin)
    problems = []
    for change, status, code in BAD_USERS:
        r = admin.post("/admin/users", json={**NEW_OFFICER, **change})
        if (r.status_code, r.json().get("code")) != (status, code):
            problems.append(f"{change} -> {r.status_code} {r.text[:200]}")
    assert not problems, "\n".join(problems)
    assert _version(live_server, admin) == before  # nothing written
    assert "wg-neu" not in {u["username"] for u in admin.get("/admin/users").json()}


def test_patch_user_renames_reassigns_and_resets_the_password(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    old_session = live_server.login("wg001")
    before = _version(live_server, admin)
    r = admin.patch(
        "/admin/users/wg001",
        json={
            "display_name": "改名后",
            "grid_codes": ["370306001002001"],
            "password": "zurueckgesetzt-1",
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["display_name"] == "改名后"
    assert r.json()["grid_codes"] == ["370306001002001"]
    assert _version(live_server, admin) > before
    with live_server.client(old_session) as c:
        assert c.get("/auth/me").status_code == 401  # a reset ends every session
    with live_server.client() as c:
        r = c.post("/auth/login", json={"username": "wg001", "password": PASSWORD})
        assert r.status_code == 401
    with live_server.client(live_server.login("wg001", "zurueckgesetzt-1")) as c:
        assert c.get("/auth/me").json()["grid_codes"] == ["370306001002001"]

    action, detail = _admin_rows(live_server)[-1]
    assert action == "admin_update_user" and detail["target"] == "wg001"
    assert detail["changes"]["password_reset"] is True
    assert "zurueckgesetzt-1" not in json.dumps(detail)

    assert admin.patch("/admin/users/nobody", json={"active": False}).status_code == 404
    r = admin.patch("/admin/users/admin", json={"active": False})
    assert r.status_code == 409 and _code(r) == "cannot_disable_self"
    r = admin.patch("/admin/users/wg001", json={"grid_codes": ["nope"]})
    assert r.status_code == 404 and _code(r) == "unknown_grid"
    r = admin.patch("/admin/users/shouli", json={"grid_codes": ["370306001002001"]})
    assert r.status_code == 422 and _code(r) == "grids_not_allowed"


# --- sessions ----------------------------------------------------------------------------


def test_session_list_shows_no_token_and_revocation(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    token = live_server.login("wg002")
    r = admin.get("/admin/sessions", params={"active_only": True})
    assert r.status_code == 200
    assert token not in r.text and "token" not in r.text
    mine = [s for s in r.json() if s["username"] == "wg002"]
    assert len(mine) == 1 and mine[0]["active"] is True and mine[0]["revoked_at"] is None

    r = admin.post("/admin/sessions/revoke", json={"username": "wg002"})
    assert r.status_code == 200 and r.json()["revoked"] == 1
    assert not [
        s
        for s in admin.get("/admin/sessions", params={"active_only": True}).json()
        if s["username"] == "wg002"
    ]
    everything = [s for s in admin.get("/admin/sessions").json() if s["username"] == "wg002"]
    assert everything[0]["revoked_at"] is not None and everything[0]["active"] is False
    r = admin.post("/admin/sessions/revoke", json={"username": "ghost"})
    assert r.status_code == 404 and _code(r) == "unknown_user"


# --- routing rules -----------------------------------------------------------------------


def test_routing_rules_crud_validates_codes(live_server: LiveServer, admin: httpx.Client) -> None:
    category = next(iter(live_server.central.catalog)).code
    rule = {"category_code": category, "street_code": "370306001", "department_code": "D02"}
    v0 = _version(live_server, admin)
    r = admin.post("/admin/routing-rules", json={**rule, "note": "试点"})
    assert r.status_code == 201, r.text
    created = r.json()
    assert created["id"] >= 1 and created["note"] == "试点"
    v1 = _version(live_server, admin)
    assert v1 > v0
    assert admin.get("/admin/routing-rules").json() == [created]

    snapshot = admin.get("/reference")
    if snapshot.status_code == 200:
        assert snapshot.json()["version"] == v1
        assert [r["id"] for r in snapshot.json()["routing_rules"]] == [created["id"]]

    bad = [
        ({"category_code": "999999"}, 404, "unknown_category"),
        ({"department_code": "D99"}, 404, "unknown_department"),
        ({"street_code": "370306999"}, 404, "unknown_street"),
        ({"grid_code": "370306999999999"}, 404, "unknown_grid"),
        ({"grid_code": "370306002001001"}, 422, "grid_outside_street"),  # grid of another street
        ({"department_code": "T101ZF"}, 422, "department_outside_street"),  # a town's department
        ({}, 409, "duplicate_rule"),
        ({"category_code": "01-01"}, 422, "bad_request"),
        ({"priority": 1}, 422, "bad_request"),
    ]
    for change, status, code in bad:
        r = admin.post("/admin/routing-rules", json={**rule, **change})
        assert (r.status_code, _code(r)) == (status, code), (change, r.text)
    assert _version(live_server, admin) == v1  # refused rules wrote nothing

    grid_rule = {**rule, "grid_code": "370306001001001"}
    r = admin.post("/admin/routing-rules", json=grid_rule)
    assert r.status_code == 201, r.text
    assert len(admin.get("/admin/routing-rules").json()) == 2

    assert admin.delete(f"/admin/routing-rules/{created['id']}").status_code == 204
    r = admin.delete(f"/admin/routing-rules/{created['id']}")
    assert r.status_code == 404 and _code(r) == "unknown_rule"
    assert admin.delete("/admin/routing-rules/31689939171816531558").status_code == 422
    remaining = admin.get("/admin/routing-rules").json()
    assert [x["grid_code"] for x in remaining] == ["370306001001001"]
    assert remaining[0]["id"] != created["id"]

    actions = [a for a, _ in _admin_rows(live_server)]
    assert actions.count("admin_create_routing_rule") == 2
    assert actions.count("admin_delete_routing_rule") == 1


# --- calendar ----------------------------------------------------------------------------


def test_calendar_override_changes_the_servers_reference(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    new_year = date(2027, 1, 1)
    assert live_server.central.reference().calendar.is_workday(new_year)  # a Friday, no data
    v0 = _version(live_server, admin)
    r = admin.put(f"/admin/calendar/{new_year}", json={"is_workday": False, "note": "元旦"})
    assert r.status_code == 200, r.text
    assert r.json() == {"day": "2027-01-01", "is_workday": False, "note": "元旦"}
    v1 = _version(live_server, admin)
    assert v1 > v0
    assert live_server.central.reference().calendar.is_workday(new_year) is False

    r = admin.post("/admin/calendar/years/2027/confirm")
    assert r.status_code == 200 and r.json() == {"year": 2027, "confirmed": True}
    assert _version(live_server, admin) > v1
    assert live_server.central.reference().calendar.is_confirmed(2027)

    snapshot = admin.get("/reference")
    if snapshot.status_code == 200:
        body = snapshot.json()
        assert {"day": "2027-01-01", "is_workday": False, "note": "元旦"} in body[
            "calendar_overrides"
        ]
        assert 2027 in body["calendar_years"]

    assert admin.put("/admin/calendar/2027-02-30", json={"is_workday": True}).status_code == 422
    assert admin.put(f"/admin/calendar/{new_year}", json={"is_workday": "maybe"}).status_code == 422
    assert admin.post("/admin/calendar/years/1900/confirm").status_code == 422

    rows = _admin_rows(live_server)
    assert (
        "admin_set_calendar_day",
        {"day": "2027-01-01", "is_workday": False, "note": "元旦"},
    ) in rows
    assert ("admin_confirm_calendar_year", {"year": 2027}) in rows


# --- audit -------------------------------------------------------------------------------


def test_audit_log_is_most_recent_first_filterable_and_audited(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    admin.get("/admin/users")
    admin.put("/admin/calendar/2027-05-06", json={"is_workday": False, "note": "调休"})
    r = admin.get("/admin/audit", params={"limit": 3})
    assert r.status_code == 200
    rows = r.json()
    assert [x["action"] for x in rows] == ["admin_set_calendar_day", "admin_list_users", "login_ok"]
    assert rows[0]["id"] > rows[1]["id"] > rows[2]["id"]
    assert rows[0]["username"] == "admin" and rows[0]["ip"] == "127.0.0.1"

    only = admin.get("/admin/audit", params={"action": "login_ok"}).json()
    assert only and {x["action"] for x in only} == {"login_ok"}
    assert admin.get("/admin/audit", params={"limit": 0}).status_code == 422
    assert admin.get("/admin/audit", params={"limit": 100000}).status_code == 422
    # reading the audit log is itself audited
    assert admin.get("/admin/audit", params={"limit": 1}).json()[0]["action"] == "admin_read_audit"


def test_routing_rule_automatic_switch(live_server: LiveServer, admin: httpx.Client) -> None:
    """智能派单: an admin marks a rule automatic; the reference moves, the change is audited."""
    category = next(iter(live_server.central.catalog)).code
    body = {"category_code": category, "street_code": "370306002", "department_code": "D02"}
    created = admin.post("/admin/routing-rules", json=body).json()
    assert created["automatic"] is False
    v0 = _version(live_server, admin)
    r = admin.patch(f"/admin/routing-rules/{created['id']}", json={"automatic": True})
    assert r.status_code == 200 and r.json() == {**created, "automatic": True}, r.text
    assert _version(live_server, admin) > v0
    assert live_server.central.reference().routing_rules[-1].automatic is True
    assert _admin_rows(live_server)[-1] == (
        "admin_update_routing_rule",
        {"id": created["id"], "automatic": True},
    )
    snapshot = admin.get("/reference")
    if snapshot.status_code == 200:
        assert snapshot.json()["routing_rules"][-1]["automatic"] is True
    assert admin.patch("/admin/routing-rules/999999", json={"automatic": True}).status_code == 404
    for bad in ({}, {"automatic": "yes please"}, {"automatic": True, "note": "x"}):
        assert admin.patch(f"/admin/routing-rules/{created['id']}", json=bad).status_code == 422
    with live_server.client(live_server.login("zhiban")) as lead:
        r = lead.patch(f"/admin/routing-rules/{created['id']}", json={"automatic": False})
        assert r.status_code == 403
