"""Property: replaying a case's stored events always gives the stored projection.

Hypothesis drives 2–4 interleaved cases through random paths of the closed loop:
at each step it picks, among the actions ``allowed_actions`` offers to the users who
stand near a case, one with a valid payload, while the clock moves on. Each example
runs on its own fresh store (copied inside the test body from the session template).
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gridapp.domain.actions import Action, allowed_actions
from gridapp.domain.case import CaseRecord, Tier
from gridapp.domain.roles import Role, can_see
from gridapp.domain.workflow import replay
from gridapp.store.case_log import event_rows, events_of, load_case
from tests.core.helpers import (
    GARBAGE,
    HYDRANT,
    PHONE,
    STREETS,
    TOWN_PREFIX,
    Clock,
    dept_user,
    fresh_workspace,
    grid_in,
    officer_of,
    png,
    point_in,
)

A = Action
DISTRICT_STAFF = ("shouli", "shouli2", "zhiban", "paiqian", "paiqian2", "ducha", "admin")
WITH_REASON = {
    A.REJECT,
    A.VOID,
    A.RETURN,
    A.DENY_EXTENSION,
    A.DENY_SUSPENSION,
    A.REQUEST_SUSPENSION,
    A.ESCALATE,
}


DETOURS = {A.REJECT, A.VOID, A.MERGE, A.HAND_DOWN, A.ESCALATE}


def people_near(ws, rec: CaseRecord) -> list[str]:
    """Everyone who might have a button for this case now."""
    names = list(DISTRICT_STAFF)
    if rec.street_code in TOWN_PREFIX:
        names += [f"{TOWN_PREFIX[rec.street_code]}-{s}" for s in ("shouli", "zhiban", "paiqian")]
    names += [dept_user(d) for d in rec.departments]
    names.append(officer_of(ws, rec.grid_code))
    for extra in (rec.verify_assignee, rec.reported_by):
        if extra and extra not in names:
            names.append(extra)
    return names


def payload_for(ws, draw, rec: CaseRecord, action: Action, user, open_ids):
    """A valid payload for ``action``, or None when the action cannot be made valid now."""
    if action in WITH_REASON:
        return {"reason": f"{action.value} 原因"}
    match action:
        case A.VERIFY_REPORT | A.CHECK:
            return {"result": draw(st.booleans(), label="result")}
        case A.FILE:
            return draw(st.sampled_from([{}, {"urgency": "urgent"}, {"note": "立案"}]))
        case A.MERGE:
            targets = [
                cid for cid in open_ids if cid != rec.id and can_see(user, ws.service.load(cid))
            ]
            if not targets:
                return None
            return {"into": draw(st.sampled_from(sorted(targets)), label="into")}
        case A.DISPATCH | A.REASSIGN:
            _suggested, options = ws.dispatch_options(rec)
            taken = (rec.department_code, rec.returned_by)
            codes = sorted(d.code for d in options if d.code not in taken)
            if not codes:
                return None
            p = {"department_code": draw(st.sampled_from(codes), label="dept")}
            if action is A.REASSIGN:
                p["reason"] = "改派"
            elif draw(st.booleans(), label="suggested"):
                del p["department_code"]  # take the suggestion
            return p
        case A.REQUEST_EXTENSION:
            hours = draw(st.integers(1, 96), label="extra hours")
            return {"deadline": (rec.deadline + timedelta(hours=hours)).isoformat(), "reason": "r"}
        case A.HANDLE:
            return {"note": "已处置"}
        case A.SUPERVISE:  # an old 督办 (no reply asked) or a 督办单 with a reply deadline
            days = draw(st.sampled_from([None, 1, 2, 5]), label="reply days")
            return {} if days is None else {"note": "督办", "reply_days": days}
        case A.SUPERVISE_REPLY:
            return {"note": "督办回复"}
        case A.CALLBACK:
            if not draw(st.booleans(), label="reached"):
                return {"reached": False, "note": "无人接听"}
            verdict = draw(st.sampled_from(["satisfied", "basic", "unsatisfied"]), label="verdict")
            return {"reached": True, "satisfaction": verdict}
    return {}


def candidates(ws, case_ids):
    found = []
    open_ids = [cid for cid in case_ids if not ws.service.load(cid).state.is_terminal]
    for cid in case_ids:
        rec = ws.service.load(cid)
        for name in people_near(ws, rec):
            actor = ws.reference.users[name].to_actor()
            for action in allowed_actions(rec, actor):
                # a button is only offered on a case its user can open
                assert can_see(actor, rec), (name, action, rec.state)
                found.append((cid, name, action))
    return found, open_ids


def start_cases(ws, draw, n):
    ids = []
    for _ in range(n):
        street = draw(st.sampled_from(STREETS), label="street")
        grid = grid_in(ws, street, draw(st.integers(0, 30), label="grid"))
        source = draw(st.sampled_from(["patrol", "hotline", "public", "camera"]), label="source")
        if source == "patrol":
            who = officer_of(ws, grid.code)
        elif street in TOWN_PREFIX and draw(st.booleans(), label="town intake"):
            who = f"{TOWN_PREFIX[street]}-shouli"
        else:
            who = "shouli"
        ws.act_as(who)
        lon, lat = point_in(grid)
        changes = ws.report(
            source=source,
            category_code=draw(st.sampled_from([GARBAGE, HYDRANT]), label="category"),
            urgency=draw(st.sampled_from(["normal", "urgent"]), label="urgency"),
            lon=lon,
            lat=lat,
            description="随机案卷",
            reporter_phone=PHONE if source != "patrol" else None,
            photos=[png()] if draw(st.booleans(), label="photo") else [],
        )
        ids.append(next(iter(changes.case_ids)))
    return ids


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), n_cases=st.integers(2, 4), n_steps=st.integers(10, 60))
def test_replay_equals_projection(reference_template, tmp_path_factory, data, n_cases, n_steps):
    draw = data.draw
    clock = Clock()
    folder = tmp_path_factory.mktemp("replay")
    with fresh_workspace(reference_template, folder, clock) as ws:
        case_ids = start_cases(ws, draw, n_cases)
        done = []
        for _ in range(n_steps):
            clock.advance(minutes=draw(st.integers(0, 8 * 60), label="minutes"))
            found, open_ids = candidates(ws, case_ids)
            if not found:
                break
            # mostly move forward; now and then take a detour that ends or moves the case
            forward = [f for f in found if f[2] not in DETOURS]
            if forward and draw(st.integers(0, 7), label="detour?") != 0:
                found = forward
            cid, name, action = draw(st.sampled_from(found), label="step")
            rec = ws.service.load(cid)
            actor = ws.reference.users[name].to_actor()
            payload = payload_for(ws, draw, rec, action, actor, open_ids)
            if payload is None:
                continue
            photos = [png((len(done) % 250, 9, 9))] if action is A.HANDLE else []
            ws.act_as(name)
            changes = ws.act(cid, action, payload, photos)
            assert changes.case_ids == {cid}
            done.append((cid, name, action.value))
        for _cid, _name, action_name in done:
            event(action_name)

        with ws.db.read() as conn:
            for cid in case_ids:
                events = events_of(conn, cid)
                stored = load_case(conn, cid)
                assert stored is not None
                assert replay(events) == stored
                assert stored.version == len(events)
                assert events[0].action is A.REPORT
                # each step landed on its case, in order
                mine = [a for c, _n, a in done if c == cid]
                assert [e.action.value for e in events][1:] == mine
                assert all(r["status"] == "accepted" for r in event_rows(conn, cid))
                seqs = [r["seq"] for r in event_rows(conn, cid)]
                assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
                if stored.tier is Tier.TOWN:
                    assert stored.street_code in TOWN_PREFIX or any(
                        e.action is A.HAND_DOWN for e in events
                    )
                assert all(e.role is not Role.ADMIN for e in events)
