"""Each role's work queues hold exactly the cases that role acts on next.

The cases are made by running the real workflow (report, accept, file, dispatch,
handle, check…) through the Workspace, then every queue is listed and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from gridapp.domain.actions import Action
from gridapp.domain.case import CaseState, Tier
from gridapp.domain.stages import Stage, stage_of
from gridapp.domain.worktime import OverdueLevel
from gridapp.errors import DomainError
from gridapp.queues import Queue, counts, queues, queues_for
from gridapp.store.case_queries import CaseQuery
from gridapp.workspace import level_at
from tests.core.helpers import (
    BEIJIAO,
    GARBAGE,
    HYDRANT,
    URBAN,
    act,
    drive,
    grid_in,
    officer_of,
    other_officer,
    report,
)

D = "D02"


@dataclass
class World:
    ids: dict[str, str]
    verifier: str  # officer given the 核实 tasks of grid 3
    checker: str  # officer of the grid of the handled case


@pytest.fixture
def world(ws, clock) -> World:
    ids: dict[str, str] = {}

    def new(key: str, state: CaseState, *, index: int = 0, category=HYDRANT, **kw) -> str:
        cid = report(ws, URBAN, index=index, category=category, **kw)
        drive(ws, cid, state, department=D)
        ids[key] = cid
        return cid

    new("reported", CaseState.REPORTED, index=1)
    hot = report(ws, URBAN, index=3, source="hotline")
    act(ws, "shouli", hot, "accept")
    act(ws, "shouli", hot, "request_verify")
    ids["verify_open"] = hot
    answered = report(ws, URBAN, index=3, source="public")
    act(ws, "shouli", answered, "accept")
    act(ws, "shouli", answered, "request_verify")
    act(ws, ws.record(answered).verify_assignee, answered, "verify_report", {"result": True})
    ids["verify_done"] = answered
    untrue = report(ws, URBAN, index=4, source="hotline")
    act(ws, "shouli", untrue, "accept")
    act(ws, "shouli", untrue, "request_verify")
    act(ws, ws.record(untrue).verify_assignee, untrue, "verify_report", {"result": False})
    ids["verify_false"] = untrue
    unsent = report(ws, URBAN, index=4, source="public")
    act(ws, "shouli", unsent, "accept")
    ids["accepted_unverified"] = unsent
    patrol = report(ws, URBAN, index=2)
    act(ws, "shouli", patrol, "accept")
    ids["accepted_patrol"] = patrol
    new("filed", CaseState.FILED)
    act(ws, "bm-d02", new("returned", CaseState.DISPATCHED), "return", {"reason": "非本部门"})
    act(
        ws,
        "bm-d02",
        new("ext", CaseState.DISPATCHED),
        "request_extension",
        {
            "deadline": "2026-12-30T17:00:00",
            "reason": "需采购配件",
        },
    )
    act(ws, "bm-d02", new("susp", CaseState.DISPATCHED), "request_suspension", {"reason": "需协调"})
    new("suspended", CaseState.SUSPENDED)
    handled = new("handled", CaseState.HANDLED, index=5, source="camera")
    checker = officer_of(ws, ws.record(handled).grid_code)
    rework = new("rework", CaseState.HANDLED, index=2)
    act(ws, officer_of(ws, ws.record(rework).grid_code), rework, "check", {"result": False})
    new("verified", CaseState.VERIFIED)
    new("closed", CaseState.CLOSED)
    new("red", CaseState.DISPATCHED, category=GARBAGE)  # 2 工作时 from 09:00
    clock.now = datetime(2026, 11, 16, 9, 30)
    new("yellow", CaseState.DISPATCHED, category=GARBAGE)
    town_new = report(ws, BEIJIAO, source="camera")
    ids["town_new"] = town_new
    town_filed = report(ws, BEIJIAO, index=1, source="camera")
    drive(ws, town_filed, CaseState.FILED)
    ids["town_filed"] = town_filed
    clock.now = datetime(2026, 11, 16, 11, 10)
    act(ws, "ducha", ids["red"], "supervise", {"note": "请尽快处置"})
    verifier = ws.record(hot).verify_assignee
    assert verifier == ws.record(answered).verify_assignee
    return World(ids, verifier, checker)


def held(ws, username: str) -> dict[str, set[str]]:
    """Queue id → ids of the cases it lists, with its count checked against the list."""
    ws.act_as(username)
    found = {}
    for q in queues(ws):
        listed = ws.list_cases(q.query)
        assert q.count(ws) == len(listed), q.id
        found[q.id] = {c.id for c in listed}
    return found


def names(world: World, found: set[str]) -> set[str]:
    back = {v: k for k, v in world.ids.items()}
    return {back.get(cid, cid) for cid in found}


def test_intake_inbox_is_its_own_tier(ws, world):
    got = held(ws, "shouli")
    assert names(world, got["inbox"]) == {"reported"}  # only what nobody accepted yet
    assert names(world, got["to_verify"]) == {"accepted_unverified"}
    assert names(world, got["awaiting_verify"]) == {"verify_open"}
    assert names(world, got["not_confirmed"]) == {"verify_false"}
    assert "to_file" not in got  # the intake desk does not file
    town = held(ws, "bj-shouli")
    assert names(world, town["inbox"]) == {"town_new"}


def test_before_filing_each_case_sits_in_one_queue(ws, world):
    """受理 → 核实 → 立案: an unfiled case of the centre is in exactly one step queue."""
    got = held(ws, "zhiban")
    steps = ("inbox", "to_verify", "awaiting_verify", "not_confirmed", "to_file")
    unfiled = {
        c.id for c in ws.list_cases(CaseQuery(states=(CaseState.REPORTED,), tier=Tier.DISTRICT))
    }
    placed = [cid for step in steps for cid in got[step]]
    assert sorted(placed) == sorted(unfiled)


def test_verified_case_waits_for_filing_not_for_intake(ws, world):
    """The case the desk accepted and had verified: 待立案, and 派发核实 is not offered again."""
    cid = world.ids["verify_done"]
    assert stage_of(ws.record(cid)) is Stage.AWAITING_FILING
    desk = held(ws, "shouli")
    assert not any(cid in ids for ids in desk.values())  # nothing for the desk to do
    actions = ws.case(cid).actions
    assert Action.REQUEST_VERIFY not in actions and Action.ACCEPT not in actions
    with pytest.raises(DomainError) as refused:
        act(ws, "shouli", cid, "request_verify")
    assert refused.value.code == "already_verified"
    lead = held(ws, "zhiban")
    assert names(world, lead["to_file"]) == {"verify_done", "accepted_patrol"}
    assert Action.FILE in ws.case(cid).actions
    # an untrue answer may be checked again (复核), or turned down
    ws.act_as("shouli")
    untrue = ws.case(world.ids["verify_false"]).actions
    assert Action.REQUEST_VERIFY in untrue and Action.REJECT in untrue
    assert stage_of(ws.record(world.ids["verify_false"])) is Stage.NOT_CONFIRMED


def test_shift_lead_closes_and_decides_requests(ws, world):
    got = held(ws, "zhiban")
    assert names(world, got["to_close"]) == {"verified"}
    assert names(world, got["extension_requests"]) == {"ext"}
    assert names(world, got["suspension_requests"]) == {"susp"}
    assert names(world, got["overdue"]) == {"red", "yellow"}


def test_dispatcher_queues(ws, world):
    got = held(ws, "paiqian")
    assert names(world, got["to_dispatch"]) == {"filed"}
    assert names(world, got["returned"]) == {"returned"}
    assert names(world, got["extension_requests"]) == {"ext"}
    assert names(world, got["suspension_requests"]) == {"susp"}
    assert names(world, got["suspended"]) == {"suspended"}
    assert names(world, got["overdue"]) == {"red", "yellow"}
    board = next(q for q in queues(ws) if q.id == "overdue")
    listed = ws.list_cases(board.query)
    assert [c.id for c in listed] == [world.ids["red"], world.ids["yellow"]]  # by deadline
    now = ws.clock()
    assert [level_at(c, now) for c in listed] == [OverdueLevel.RED, OverdueLevel.YELLOW]
    town = held(ws, "bj-paiqian")
    assert names(world, town["to_dispatch"]) == {"town_filed"}
    assert not town["overdue"]


def test_department_tasks(ws, world):
    got = held(ws, "bm-d02")
    assert names(world, got["my_tasks"]) == {"ext", "susp", "rework", "red", "yellow"}
    assert names(world, got["rework"]) == {"rework"}
    assert names(world, got["my_requests"]) == {"ext", "susp"}
    assert names(world, got["overdue"]) == {"red", "yellow"}
    assert all(not ids for ids in held(ws, "bm-d12").values())


def test_officer_tasks(ws, world):
    got = held(ws, world.verifier)
    assert names(world, got["verify_tasks"]) == {"verify_open"}
    checks = held(ws, world.checker)
    assert names(world, checks["check_tasks"]) == {"handled"}  # in their grid, not reported
    stranger = other_officer(ws, grid_in(ws, URBAN, 5).code)
    assert not held(ws, stranger)["check_tasks"]
    reporter = officer_of(ws, grid_in(ws, URBAN, 1).code)
    ws.act_as(reporter)
    mine = {c.id for c in ws.list_cases(queues(ws)[0].query)}
    assert world.ids["reported"] in mine
    assert all(ws.record(cid).reported_by == reporter for cid in mine)


def test_supervisor_and_admin(ws, world):
    got = held(ws, "ducha")
    assert names(world, got["overdue"]) == {"red", "yellow"}
    assert names(world, got["supervised"]) == {"red"}
    assert len(got["all"]) == len(world.ids)
    admin = held(ws, "admin")
    assert list(admin) == ["all"] and len(admin["all"]) == len(world.ids)


def test_counts_in_one_call(ws, world):
    ws.act_as("paiqian")
    got = counts(ws)
    assert got["to_dispatch"] == 1 and got["overdue"] == 2
    assert all(isinstance(q, Queue) and q.label for q in queues_for(ws.user))


def test_stage_in_sql_is_stage_of_the_record(ws, world):
    """gridapp.store.case_queries.stage_condition agrees with stages.stage_of on every case."""
    ws.act_as("ducha")
    everything = ws.list_cases(CaseQuery(limit=1000))
    expected: dict[Stage, set[str]] = {}
    for record in everything:
        expected.setdefault(stage_of(record), set()).add(record.id)
    assert len(expected) >= 12  # the world covers most of the workflow
    for stage in Stage:
        listed = {c.id for c in ws.list_cases(CaseQuery(stages=(stage,), limit=1000))}
        assert listed == expected.get(stage, set()), stage
