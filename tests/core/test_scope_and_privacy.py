"""Who sees which case (scope) and who sees the citizen's phone number (privacy).

One store per module with ~40 cases across all eight streets in every state; the
tests only read it (the masking test adds nothing either), so sharing it is safe.
"""

from __future__ import annotations

import shutil

import pytest
from sqlalchemy import select

from gridapp.domain.case import CaseState, Tier
from gridapp.domain.roles import Role, can_see
from gridapp.errors import NotFoundError
from gridapp.store import case_log
from gridapp.store.case_queries import CaseQuery, scope_condition
from gridapp.store.schema import cases
from gridapp.workspace import Workspace
from tests.core.helpers import (
    BEIJIAO,
    MASKED,
    NANJIAO,
    PHONE,
    STREETS,
    TOWN_PREFIX,
    URBAN,
    Clock,
    act,
    drive,
    grid_in,
    officer_of,
    point_in,
    report,
)

S = CaseState
PLAN = [S.REPORTED, S.FILED, S.DISPATCHED, S.HANDLED, S.CLOSED]


@pytest.fixture(scope="module")
def world(reference_template, tmp_path_factory):
    """A store with cases in every street; returns (ws, notes about particular cases)."""
    path = tmp_path_factory.mktemp("scope") / "store.db"
    shutil.copyfile(reference_template, path)
    ws = Workspace.open(path, clock=Clock())
    notes: dict[str, str] = {}
    for street in STREETS:
        for i, target in enumerate(PLAN):
            source = ("patrol", "camera", "hotline", "patrol", "hotline")[i]
            cid = report(ws, street, index=i * 3, source=source, reporter_phone=PHONE)
            drive(ws, cid, target)
    # reassigned away from its first department
    moved = report(ws, URBAN, index=20)
    drive(ws, moved, S.DISPATCHED)
    act(ws, "bm-d02", moved, "return", {"reason": "非本部门"})
    act(ws, "paiqian", moved, "reassign", {"department_code": "D07", "reason": "改派"})
    notes["moved"] = moved
    # an officer reporting outside his own grids
    home = grid_in(ws, URBAN, 0)
    roamer = officer_of(ws, home.code)
    away = grid_in(ws, NANJIAO, 7)
    assert away.code not in ws.reference.users[roamer].grid_codes
    ws.act_as(roamer)
    lon, lat = point_in(away)
    changes = ws.report(source="patrol", category_code="020102", lon=lon, lat=lat, description="d")
    notes["roamer"], notes["away"] = roamer, next(iter(changes.case_ids))
    # a town case escalated to the district
    up = report(ws, BEIJIAO, index=30, source="camera")
    act(ws, "bj-zhiban", up, "escalate", {"reason": "需区级协调"})
    drive(ws, up, S.DISPATCHED)
    notes["escalated"] = up
    # a town case dispatched to a town department
    notes["town_dispatched"] = next(
        c.id
        for c in all_records(ws)
        if c.street_code == BEIJIAO and c.state is S.DISPATCHED and c.tier is Tier.TOWN
    )
    yield ws, notes
    ws.close()


def all_records(ws):
    with ws.db.read() as conn:
        ids = [r.id for r in conn.execute(select(cases.c.id))]
        return list(case_log.load_cases(conn, ids).values())


def visible_ids(ws, username):
    ws.act_as(username)
    return {c.id for c in ws.list_cases(CaseQuery(limit=1000))}


def test_world_is_big_enough(world):
    ws, _notes = world
    recs = all_records(ws)
    assert len(recs) >= 40
    assert {r.street_code for r in recs} == set(STREETS)
    assert {r.state for r in recs} >= set(PLAN)


def test_sql_scope_equals_can_see_for_every_user_and_case(world):
    ws, _notes = world
    recs = all_records(ws)
    users = list(ws.reference.users.values())
    assert len(users) > 60
    with ws.db.read() as conn:
        for user in users:
            actor = user.to_actor()
            in_sql = {r.id for r in conn.execute(select(cases.c.id).where(scope_condition(actor)))}
            in_python = {r.id for r in recs if can_see(actor, r)}
            assert in_sql == in_python, user.username


def test_list_and_count_follow_the_scope(world):
    ws, _notes = world
    recs = all_records(ws)
    for user in ws.reference.users.values():
        expected = {r.id for r in recs if can_see(user.to_actor(), r)}
        assert visible_ids(ws, user.username) == expected, user.username
        assert ws.count_cases() == len(expected)


@pytest.mark.parametrize("username", ["ducha", "admin", "shouli", "zhiban", "paiqian2"])
def test_district_staff_supervisor_and_admin_see_everything(world, username):
    ws, _notes = world
    assert visible_ids(ws, username) == {r.id for r in all_records(ws)}


@pytest.mark.parametrize("street", [BEIJIAO, NANJIAO, "370306103"])
def test_town_staff_see_their_town_only(world, street):
    ws, notes = world
    recs = all_records(ws)
    mine = {r.id for r in recs if r.street_code == street}
    assert len(mine) >= len(PLAN)
    for suffix in ("shouli", "zhiban", "paiqian"):
        assert visible_ids(ws, f"{TOWN_PREFIX[street]}-{suffix}") == mine
    if street == BEIJIAO:
        assert notes["escalated"] in mine  # still theirs to see after escalation
    if street == NANJIAO:
        assert notes["away"] in mine


def test_grid_officer_sees_own_grids_and_own_reports(world):
    ws, notes = world
    recs = all_records(ws)
    roamer = notes["roamer"]
    grids = ws.reference.users[roamer].grid_codes
    seen = visible_ids(ws, roamer)
    assert seen == {r.id for r in recs if r.grid_code in grids or r.reported_by == roamer}
    assert notes["away"] in seen
    assert any(r.grid_code in grids and r.reported_by != roamer for r in recs if r.id in seen)
    # the officer who owns the grid of the away report sees it too; a third one does not
    away = ws.service.load(notes["away"])
    assert notes["away"] in visible_ids(ws, officer_of(ws, away.grid_code))
    third = next(
        u.username
        for u in ws.reference.users.values()
        if u.role is Role.GRID_OFFICER
        and u.username != roamer
        and away.grid_code not in u.grid_codes
    )
    assert notes["away"] not in visible_ids(ws, third)


def test_department_sees_what_was_ever_sent_to_it(world):
    ws, notes = world
    recs = all_records(ws)
    moved = ws.service.load(notes["moved"])
    assert moved.department_code == "D07" and moved.departments == ("D02", "D07")
    d02 = visible_ids(ws, "bm-d02")
    assert notes["moved"] in d02
    assert d02 == {r.id for r in recs if "D02" in r.departments}
    assert notes["moved"] in visible_ids(ws, "bm-d07")
    assert notes["moved"] not in visible_ids(ws, "bm-d03")
    # still readable after reassignment away, but no longer actionable
    ws.act_as("bm-d02")
    assert ws.case(notes["moved"]).actions == ()
    ws.act_as("bm-d07")
    assert ws.case(notes["moved"]).actions != ()
    # reported and filed cases were never sent anywhere: no department sees them
    unsent = {r.id for r in recs if not r.departments}
    assert unsent
    for user in ws.reference.users.values():
        if user.role is Role.DEPARTMENT:
            assert not unsent & visible_ids(ws, user.username)


def test_town_department_sees_town_cases_sent_to_it(world):
    ws, notes = world
    rec = ws.service.load(notes["town_dispatched"])
    assert rec.department_code.startswith("T101")
    user = "bm-" + rec.department_code.lower()
    assert notes["town_dispatched"] in visible_ids(ws, user)
    assert notes["town_dispatched"] not in visible_ids(ws, "bm-d02")


def test_out_of_scope_case_is_unknown(world):
    ws, _notes = world
    recs = all_records(ws)
    for user in ws.reference.users.values():
        actor = user.to_actor()
        hidden = [r for r in recs if not can_see(actor, r)]
        shown = [r for r in recs if can_see(actor, r)]
        ws.act_as(user.username)
        for r in hidden[:2]:
            for read in (ws.case, ws.record):
                with pytest.raises(NotFoundError) as err:
                    read(r.id)
                assert err.value.code == "unknown_case"
                with pytest.raises(NotFoundError) as err2:
                    read("00000000-0000-0000-0000-000000000000")
                assert err2.value.code == err.value.code
                assert err2.value.message == err.value.message
            # acting on it is refused the same way, and nothing is said about the case
            with pytest.raises(NotFoundError) as err:
                ws.act(r.id, "urge")
            assert err.value.code == "unknown_case"
        for r in shown[:2]:
            assert ws.case(r.id).case.id == r.id


# -- the reporter's phone --------------------------------------------------------------------

SEES_PHONE = ["shouli", "zhiban", "paiqian"]
MASKED_FOR = ["ducha", "bm-d02"]


def _phone_case(ws):
    """A dispatched urban hotline case with the phone, plus an officer of its grid."""
    recs = [
        r
        for r in all_records(ws)
        if r.reporter_phone == PHONE
        and r.street_code == URBAN
        and r.state is S.DISPATCHED
        and r.department_code == "D02"
    ]
    assert recs
    rec = recs[0]
    return rec, officer_of(ws, rec.grid_code)


def _phones_seen(ws, username, rec):
    ws.act_as(username)
    listed = {c.id: c for c in ws.list_cases(CaseQuery(limit=1000))}[rec.id]
    detail = ws.case(rec.id)
    report_entry = detail.timeline[0]
    near = {c.id: c for c in ws.nearby_open_cases(rec.category_code, rec.lon, rec.lat)}
    return {
        listed.reporter_phone,
        ws.record(rec.id).reporter_phone,
        detail.case.reporter_phone,
        report_entry.payload["reporter_phone"],
        near[rec.id].reporter_phone,
    }


@pytest.mark.parametrize("username", SEES_PHONE)
def test_centre_staff_see_the_phone(world, username):
    ws, _notes = world
    rec, _officer = _phone_case(ws)
    assert _phones_seen(ws, username, rec) == {PHONE}


@pytest.mark.parametrize("username", [*MASKED_FOR, "officer"])
def test_others_see_it_masked(world, username):
    ws, _notes = world
    rec, officer = _phone_case(ws)
    who = officer if username == "officer" else username
    assert _phones_seen(ws, who, rec) == {MASKED}
    # masking is a view: the store keeps the number
    assert ws.service.load(rec.id).reporter_phone == PHONE
    ws.act_as(who)
    assert PHONE not in repr(ws.case(rec.id))


def test_town_staff_see_the_phone_of_their_town(world):
    ws, _notes = world
    rec = next(
        r
        for r in all_records(ws)
        if r.reporter_phone == PHONE and r.street_code == BEIJIAO and r.state is S.DISPATCHED
    )
    assert _phones_seen(ws, "bj-shouli", rec) == {PHONE}
