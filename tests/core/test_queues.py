"""Each role's work queues hold exactly the cases that role acts on next.

The cases are made by running the real workflow (report, accept, file, dispatch,
handle, check…) through the Workspace, then every queue is listed and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.worktime import OverdueLevel
from gridapp.queues import Queue, counts, queues, queues_for
from gridapp.workspace import level_at
from tests.core.helpers import (
    BEIJIAO,
    GARBAGE,
    MANHOLE,
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

    def new(key: str, state: CaseState, *, index: int = 0, category=MANHOLE, **kw) -> str:
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
    assert names(world, got["inbox"]) == {"reported", "verify_open", "verify_done"}
    assert names(world, got["awaiting_verify"]) == {"verify_open"}
    town = held(ws, "bj-shouli")
    assert names(world, town["inbox"]) == {"town_new"}


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
