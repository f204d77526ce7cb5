"""The service's 疑似重复 flag: 50 m, 72 h, same small class, open cases only; the flag is
a service-only event that replays like any other and is cut to each user's scope."""

from __future__ import annotations

from gridapp.casework.duplicates import flag_duplicates, visible_candidates
from gridapp.domain.actions import Action, allowed_actions
from gridapp.domain.coords import distance_m
from gridapp.domain.roles import Actor, Role
from gridapp.domain.workflow import replay
from gridapp.store import case_log
from tests.core.helpers import GARBAGE, URBAN, act, grid_in, officer_of, point_in

M_LON = 1 / 89_140  # a metre east, in degrees, at the demo district's latitude


def _report_at(ws, lon: float, lat: float, officer: str, category: str = GARBAGE) -> str:
    ws.act_as(officer)
    changes = ws.report(
        source="patrol", category_code=category, lon=lon, lat=lat, description="暴露垃圾"
    )
    (case_id,) = changes.case_ids
    return case_id


def _flag(ws, case_id: str) -> list[str]:
    with ws.service.db.write() as conn:
        return [r.id for r in flag_duplicates(conn, case_id, ws.clock())]


def test_radius_window_class_and_state(ws, clock):
    grid = grid_in(ws, URBAN)
    officer = officer_of(ws, grid.code)
    lon, lat = point_in(grid)
    a = _report_at(ws, lon, lat, officer)
    assert _flag(ws, a) == []  # alone: nothing written
    b = _report_at(ws, lon + 30 * M_LON, lat, officer)
    assert 29 < distance_m(lon, lat, lon + 30 * M_LON, lat) < 31
    assert _flag(ws, b) == [a]
    c = _report_at(ws, lon - 60 * M_LON, lat, officer)  # 60 m from a, 90 m from b
    assert _flag(ws, c) == []
    other_class = _report_at(ws, lon, lat, officer, category="020103")
    assert _flag(ws, other_class) == []
    clock.advance(hours=73)
    d = _report_at(ws, lon, lat, officer)
    assert _flag(ws, d) == []  # a, b reported 73 h before
    e = _report_at(ws, lon + 10 * M_LON, lat, officer)
    act(ws, "zhiban", d, "reject", {"reason": "不属实"})
    assert _flag(ws, e) == []  # d closed (不予立案): not a candidate
    f = _report_at(ws, lon, lat, officer)
    assert _flag(ws, f) == [e]
    # the flag replays like any event: projection == replay of the log
    with ws.service.reading() as conn:
        stored = case_log.load_case(conn, f)
        replayed = replay(case_log.events_of(conn, f))
    assert replayed == stored and stored.version == 2


def test_what_each_user_sees_and_merge_in_one_click(ws):
    grid = grid_in(ws, URBAN)
    officer = officer_of(ws, grid.code)
    lon, lat = point_in(grid)
    kept = _report_at(ws, lon, lat, officer)
    dup = _report_at(ws, lon + 5 * M_LON, lat, officer)
    _flag(ws, dup)
    kept_number = ws.service.load(kept).number
    ws.act_as("shouli")  # district intake: sees the number
    hint = ws.duplicate_hint(dup)
    assert [c["number"] for c in hint.candidates] == [kept_number] and hint.others == 0
    ws.act_as(officer)  # the officer: that one exists, not which
    hint = ws.duplicate_hint(dup)
    assert hint.candidates == () and hint.others == 1
    assert ws.duplicate_hint(kept) is None
    # a town centre's intake, for a candidate outside its town
    town = Actor("bj-shouli", Role.INTAKE, street_code="370306101")
    cut = visible_candidates({"candidates": [{"case_id": kept, "street_code": URBAN}]}, town)
    assert cut == {"candidates": [], "others": 1}
    # 合并 is offered to intake before dispatch, never the flag itself
    record = ws.service.load(dup)
    shouli = ws.reference.users["shouli"].to_actor()
    offered = allowed_actions(record, shouli)
    assert Action.MERGE in offered and Action.FLAG_DUPLICATE not in offered
    act(ws, "shouli", dup, "merge", {"into": kept})
    merged = ws.service.load(dup)
    assert merged.state.value == "merged" and merged.merged_into == kept


def test_a_fault_in_the_check_leaves_the_report_standing(ws, monkeypatch):
    from gridapp.casework import duplicates

    grid = grid_in(ws, URBAN)
    officer = officer_of(ws, grid.code)
    lon, lat = point_in(grid)
    _report_at(ws, lon, lat, officer)
    b = _report_at(ws, lon + 5 * M_LON, lat, officer)

    def broken(*_args, **_kwargs):
        raise ValueError("a bug in the hint")

    monkeypatch.setattr(duplicates, "nearby_open", broken)
    with ws.service.db.write() as conn:
        duplicates.flag_duplicates_quietly(conn, b, ws.clock())  # no exception
    with ws.service.reading() as conn:
        assert [e.action for e in case_log.events_of(conn, b)] == [Action.REPORT]
