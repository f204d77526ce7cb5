"""``/reference`` gives each role only the people its work names (need to know).

Against a real service on both backends with the demo district's staff: for one
user of each role, the usernames in the snapshot are checked against what that
role does (whom it assigns, dispatches to, works beside) — and never a hash."""

from __future__ import annotations

import json

import pytest

from gridapp.domain.roles import COMMAND_ROLES, Role
from gridapp.store.reference import ReferenceData, UserRecord
from tests.live_server import LiveServer


def _snapshot(server: LiveServer, username: str) -> tuple[dict, set[str]]:
    token = server.login(username)
    with server.client(token) as c:
        r = c.get("/reference")
    assert r.status_code == 200, r.text
    body = r.json()
    return body, {u["username"] for u in body["users"]}


def _ref(server: LiveServer) -> ReferenceData:
    return server.central.reference()


def _towns_of(ref: ReferenceData, user: UserRecord) -> set[str]:
    return {ref.grids[g].street_code for g in user.grid_codes}


def _first(ref: ReferenceData, role: Role, **where: object) -> UserRecord:
    for u in sorted(ref.users.values(), key=lambda u: u.username):
        if u.role is role and all(getattr(u, k) == v for k, v in where.items()):
            return u
    raise AssertionError(f"no demo user {role} {where}")


def _town_staff(ref: ReferenceData) -> UserRecord:
    return next(
        u
        for u in sorted(ref.users.values(), key=lambda u: u.username)
        if u.role is Role.INTAKE and u.street_code is not None
    )


def test_no_user_gets_a_password_hash_or_unknown_fields(live_server: LiveServer) -> None:
    for username in ("admin", "wg001", "shouli"):
        body, _ = _snapshot(live_server, username)
        text = json.dumps(body)
        assert "argon2" not in text and "password" not in text
        for u in body["users"]:
            assert set(u) == {
                "username",
                "display_name",
                "role",
                "street_code",
                "department_code",
                "grid_codes",
            }


@pytest.mark.parametrize("username", ["admin", "ducha"])
def test_admin_and_supervisor_see_every_active_user(live_server: LiveServer, username: str) -> None:
    _, names = _snapshot(live_server, username)
    assert names == {u.username for u in _ref(live_server).users.values() if u.active}


def test_a_grid_officer_sees_their_grid_colleagues_and_their_centres_only(
    live_server: LiveServer,
) -> None:
    ref = _ref(live_server)
    me = ref.users["wg001"]
    towns = _towns_of(ref, me)
    _, names = _snapshot(live_server, "wg001")
    assert "wg001" in names
    seen = [ref.users[n] for n in names]
    assert len(names) < len(ref.users) / 3
    for u in seen:
        if u.role is Role.GRID_OFFICER:
            assert u.grid_codes & me.grid_codes, u.username
        else:
            assert u.role in COMMAND_ROLES, u.username
            assert u.street_code is None or u.street_code in towns, u.username
    # the centres the officer's cases go to are there (timeline names)
    assert {"shouli", "zhiban"} <= names
    town_staff = {
        u.username for u in ref.users.values() if u.role in COMMAND_ROLES and u.street_code in towns
    }
    assert town_staff <= names


def test_a_department_user_sees_colleagues_and_dispatching_centres_only(
    live_server: LiveServer,
) -> None:
    ref = _ref(live_server)
    me = _first(ref, Role.DEPARTMENT)
    _, names = _snapshot(live_server, me.username)
    assert me.username in names
    for n in names:
        u = ref.users[n]
        assert u.role is not Role.GRID_OFFICER, n
        assert u.role is not Role.ADMIN, n
        if u.role is Role.DEPARTMENT:
            assert u.department_code == me.department_code, n
    assert "paiqian" in names or ref.departments[me.department_code].level == "town"


def test_a_town_centre_sees_its_town_its_officers_and_its_departments(
    live_server: LiveServer,
) -> None:
    ref = _ref(live_server)
    me = _town_staff(ref)
    town = me.street_code
    _, names = _snapshot(live_server, me.username)
    officers = {
        u.username
        for u in ref.users.values()
        if u.role is Role.GRID_OFFICER and town in _towns_of(ref, u)
    }
    assert officers and officers <= names  # everyone it may send to verify
    for n in names:
        u = ref.users[n]
        assert u.role not in (Role.ADMIN, Role.SUPERVISOR), n
        if u.role in COMMAND_ROLES:
            assert u.street_code in (None, town), n
        elif u.role is Role.GRID_OFFICER:
            assert town in _towns_of(ref, u), n
        elif u.role is Role.DEPARTMENT:
            dept = ref.departments[u.department_code]
            assert dept.level == "town" and dept.street_code == town, n
    other_towns = {
        u.username
        for u in ref.users.values()
        if u.role in COMMAND_ROLES and u.street_code not in (None, town)
    }
    assert other_towns and not (other_towns & names)


def test_the_district_centre_sees_everyone_it_may_assign_or_dispatch_to(
    live_server: LiveServer,
) -> None:
    ref = _ref(live_server)
    _, names = _snapshot(live_server, "paiqian")
    expected = {u.username for u in ref.users.values() if u.active and u.role is not Role.ADMIN}
    assert names == expected
