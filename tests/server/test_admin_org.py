"""Departments, a user's role/organisation and calendar overrides, against a real service.

Every change must be admin-only (403 and a ``forbidden`` audit row otherwise), leave
its ``admin_…`` audit row and move the reference version so clients pull again.
"""

from __future__ import annotations

import json

import httpx
import pytest
import sqlalchemy as sa

from gridapp.store.schema import audit_log
from gridapp.workspace import Workspace
from tests.core.helpers import drive, report
from tests.live_server import LiveServer


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    with live_server.client(live_server.login("admin")) as client:
        yield client


def _version(client: httpx.Client) -> int:
    r = client.get("/reference/version")
    assert r.status_code == 200, r.text
    return r.json()["version"]


def _actions(server: LiveServer, username: str = "admin") -> list[tuple[str, dict]]:
    with server.central.db.read() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.action, audit_log.c.detail)
            .where(audit_log.c.username == username)
            .order_by(audit_log.c.id)
        ).all()
    return [(r.action, json.loads(r.detail)) for r in rows]


NEW_DEPT = {"code": "D90", "name": "区城市更新中心", "short": "更新", "level": "district"}


def test_department_create_update_and_reference(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    before = _version(admin)
    r = admin.post("/admin/departments", json=NEW_DEPT)
    assert r.status_code == 201, r.text
    assert r.json()["active"] is True
    assert _version(admin) == before + 1
    assert "D90" in live_server.central.reference().departments
    assert any(c["code"] == "D90" for c in admin.get("/reference").json()["departments"])

    r = admin.patch("/admin/departments/D90", json={"name": "区城市更新服务中心"})
    assert r.status_code == 200 and r.json()["name"] == "区城市更新服务中心"
    r = admin.patch("/admin/departments/D90", json={"active": False})
    assert r.status_code == 200 and r.json()["active"] is False
    assert live_server.central.reference().departments["D90"].active is False

    listed = {d["code"]: d for d in admin.get("/admin/departments").json()}
    assert listed["D90"]["active"] is False and listed["D02"]["active"] is True
    actions = [a for a, _ in _actions(live_server)]
    assert actions.count("admin_update_department") == 2
    assert "admin_create_department" in actions and "admin_list_departments" in actions


def test_department_rules(admin: httpx.Client) -> None:
    assert admin.post("/admin/departments", json={**NEW_DEPT, "code": "D02"}).status_code == 409
    town = {**NEW_DEPT, "code": "T101XX", "level": "town"}
    r = admin.post("/admin/departments", json=town)
    assert r.status_code == 422 and r.json()["code"] == "street_required"
    r = admin.post("/admin/departments", json={**town, "street_code": "370306001"})
    assert r.status_code == 422 and r.json()["code"] == "street_without_centre"
    r = admin.post("/admin/departments", json={**town, "street_code": "370306101"})
    assert r.status_code == 201, r.text
    r = admin.post("/admin/departments", json={**NEW_DEPT, "street_code": "370306101"})
    assert r.status_code == 422 and r.json()["code"] == "street_not_allowed"
    r = admin.patch("/admin/departments/NOPE", json={"active": False})
    assert r.status_code == 404
    r = admin.post("/admin/departments", json={**NEW_DEPT, "level": "city"})
    assert r.status_code == 422


def test_deactivating_a_department_with_open_cases_is_refused(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    central = live_server.central
    ws = Workspace(central.db, files=central.files)
    case_id = report(ws)
    drive(ws, case_id, "dispatched", department="D02")
    before = _version(admin)

    r = admin.patch("/admin/departments/D02", json={"active": False})
    assert r.status_code == 409
    body = r.json()
    assert body["code"] == "department_has_open_cases"
    assert body["details"]["open_cases"] == 1 and "改派" in body["message"]
    assert _version(admin) == before
    assert central.reference().departments["D02"].active is True
    listed = {d["code"]: d for d in admin.get("/admin/departments").json()}
    assert listed["D02"]["open_cases"] == 1


def test_user_role_change_moves_scope_and_ends_sessions(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    officer_token = live_server.login("shouli")
    before = _version(admin)
    body = {"role": "grid_officer", "grid_codes": ["370306001001001"]}
    r = admin.put("/admin/users/shouli/role", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["role"] == "grid_officer" and r.json()["grid_codes"] == ["370306001001001"]
    assert _version(admin) > before
    with live_server.client(officer_token) as c:
        assert c.get("/auth/me").status_code == 401  # the old session ended
    user = live_server.central.reference().users["shouli"]
    assert user.grid_codes == {"370306001001001"} and user.street_code is None

    bad = admin.put("/admin/users/shouli/role", json={"role": "department"})
    assert bad.status_code == 422 and bad.json()["code"] == "department_required"
    bad = admin.put("/admin/users/admin/role", json={"role": "supervisor"})
    assert bad.status_code == 409 and bad.json()["code"] == "cannot_demote_self"
    assert admin.put("/admin/users/nobody/role", json={"role": "supervisor"}).status_code == 404


def test_calendar_overrides_list_and_delete(live_server: LiveServer, admin: httpx.Client) -> None:
    assert admin.put("/admin/calendar/2027-10-08", json={"is_workday": False}).status_code == 200
    r = admin.put("/admin/calendar/2027-10-09", json={"is_workday": True, "note": "调休"})
    assert r.status_code == 200
    days = admin.get("/admin/calendar", params={"year": 2027}).json()
    assert [(d["day"], d["is_workday"]) for d in days] == [
        ("2027-10-08", False),
        ("2027-10-09", True),
    ]
    assert admin.get("/admin/calendar", params={"year": 2026}).json() == []
    before = _version(admin)
    assert admin.delete("/admin/calendar/2027-10-08").status_code == 204
    assert _version(admin) == before + 1
    assert admin.delete("/admin/calendar/2027-10-08").status_code == 404
    assert len(admin.get("/admin/calendar", params={"year": 2027}).json()) == 1


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/admin/departments", None),
        ("POST", "/admin/departments", NEW_DEPT),
        ("PATCH", "/admin/departments/D02", {"active": False}),
        ("PUT", "/admin/users/shouli/role", {"role": "supervisor"}),
        ("GET", "/admin/calendar?year=2027", None),
        ("DELETE", "/admin/calendar/2027-10-08", None),
        ("POST", "/admin/grids/import?dry_run=true", {"type": "FeatureCollection"}),
    ],
)
def test_non_admin_is_refused_and_audited(
    live_server: LiveServer, method: str, path: str, body: dict | None
) -> None:
    with live_server.client(live_server.login("paiqian")) as c:
        before = _version(c)
        r = c.request(method, path, json=body)
        assert r.status_code == 403, r.text
        assert r.json()["code"] == "forbidden"
        assert _version(c) == before
    refusals = [d for a, d in _actions(live_server, "paiqian") if a == "forbidden"]
    assert refusals and refusals[-1]["path"].startswith("/api/v1/admin/")
    with live_server.client() as anonymous:
        assert anonymous.request(method, path, json=body).status_code == 401
    assert live_server.central.reference().departments["D02"].active is True
