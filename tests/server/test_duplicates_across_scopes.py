"""疑似重复 across scopes, on a real service (SQLite and PostgreSQL).

A report near an open case of the same small class (≤ 50 m, ≤ 72 h) gets a
``flag_duplicate`` event from the service, whoever holds the other case. What each user
pulls of it is cut to their scope: a town centre's intake sees that a candidate exists
outside its town but not which; district intake sees the number and merges with the
existing 合并 action. Nobody may push a flag.
"""

from __future__ import annotations

import itertools
import json
import uuid

import shapely
from sqlalchemy import select

from gridapp.store.schema import case_events
from tests.core.helpers import GARBAGE
from tests.server.open311_client import GeoReportClient
from tests.sync.helpers import event

TOWN = "370306101"  # 北郊镇: a town centre (bj-shouli)


def _pair_across(reference, metres: float = 20.0) -> tuple[tuple, tuple]:
    """A point in the town and one in a neighbouring urban street, ``metres`` apart."""
    index = reference.grid_index
    town = [g for g in index if g.street_code == TOWN]
    streets = reference.streets
    urban = [g for g in index if not streets[g.street_code].has_centre]
    step = metres / 2 / 89_000  # degrees of longitude at 36.8° N, roughly
    for a, b in itertools.product(town, urban):
        if a.polygon.distance(b.polygon) > 1e-9:
            continue
        shared = a.polygon.boundary.intersection(b.polygon.boundary)
        if shared.is_empty:
            continue
        p = shapely.get_coordinates(shared.representative_point())[0]
        for dx, dy in ((1, 0), (0, 1), (1, 1), (1, -1)):
            p1 = (p[0] + dx * step, p[1] + dy * step * 0.8)
            p2 = (p[0] - dx * step, p[1] - dy * step * 0.8)
            g1, g2 = index.locate(*p1), index.locate(*p2)
            if g1 and g2 and {g1.street_code, g2.street_code} == {TOWN, b.street_code}:
                return (p1, p2) if g1.street_code == TOWN else (p2, p1)
    raise AssertionError("no town/street boundary in the demo district")


def _report(lon: float, lat: float, note: str) -> dict:
    payload = {
        "source": "patrol",
        "category_code": GARBAGE,
        "catalog": 2,
        "lon": lon,
        "lat": lat,
        "description": note,
    }
    return event(str(uuid.uuid4()), "report", payload).model_dump(mode="json")


def _push(live_server, username: str, events: list[dict]) -> list[dict]:
    with live_server.client(live_server.login(username)) as c:
        r = c.post("/sync/push", json={"events": events})
    assert r.status_code == 200, r.text
    return r.json()["results"]


def _flags(live_server, username: str) -> dict[str, dict]:
    with live_server.client(live_server.login(username)) as c:
        r = c.get("/sync/pull", params={"since": 0, "catalog": 2})
    assert r.status_code == 200, r.text
    return {
        e["case_id"]: e["payload"] for e in r.json()["events"] if e["action"] == "flag_duplicate"
    }


def test_duplicates_found_across_scopes_and_merged(live_server):
    reference = live_server.central.reference()
    in_town, in_street = _pair_across(reference)
    # 1. an officer reports rubbish in the urban street (the district centre's case)
    first = _report(*in_street, "暴露垃圾一处")
    (r1,) = _push(live_server, "wg001", [first])
    assert r1["status"] == "accepted"
    first_number = live_server.central.service().load(first["case_id"]).number
    # 2. a citizen app reports the same heap from the town side, 20 m away (Open311)
    token = live_server.login("admin")
    with live_server.client(token) as c:
        created = c.post(
            "/admin/integration-clients",
            json={
                "name": "app",
                "source": "public",
                "street_codes": sorted(reference.streets),
                "rate_per_hour": 10,
            },
        ).json()
    api = GeoReportClient(live_server.url + "/open311/v2", created["api_key"])
    (posted,) = api.post(
        service_code=GARBAGE, lat=in_town[1], long=in_town[0], description="门口一堆垃圾"
    )
    town_case = posted["service_request_id"]
    assert live_server.central.service().load(town_case).street_code == TOWN
    # the service wrote the flag, naming the urban case
    with live_server.central.db.read() as conn:
        stored = conn.execute(
            select(case_events.c.payload, case_events.c.actor).where(
                case_events.c.case_id == town_case, case_events.c.action == "flag_duplicate"
            )
        ).one()
    assert json.loads(stored.payload)["candidates"][0]["case_id"] == first["case_id"]
    # 3. the town's intake learns that a duplicate exists elsewhere, not which one
    town_flag = _flags(live_server, "bj-shouli")[town_case]
    assert town_flag == {"candidates": [], "others": 1}
    assert first_number not in json.dumps(town_flag) and first["case_id"] not in json.dumps(
        town_flag
    )
    # district intake sees the number; the officer of the grid sees a count only
    district_flag = _flags(live_server, "shouli")[town_case]
    assert [c["number"] for c in district_flag["candidates"]] == [first_number]
    assert district_flag["others"] == 0
    # 4. a second officer report 5 m from the first, same street: district intake merges it
    second = _report(in_street[0] + 0.00005, in_street[1], "同一处垃圾")
    (r2,) = _push(live_server, "wg001", [second])
    assert r2["status"] == "accepted"
    flag = _flags(live_server, "shouli")[second["case_id"]]
    # (the town's case lies within 50 m too: district intake may see both)
    assert {c["case_id"] for c in flag["candidates"]} == {first["case_id"], town_case}
    assert flag["candidates"][0]["case_id"] == first["case_id"]  # nearest first
    merge = event(second["case_id"], "merge", {"into": first["case_id"], "note": "重复"})
    (m,) = _push(live_server, "shouli", [merge.model_dump(mode="json")])
    assert m["status"] == "accepted", m
    merged = live_server.central.service().load(second["case_id"])
    assert merged.state.value == "merged" and merged.merged_into == first["case_id"]
    # 5. a flag is the service's own: nobody may push one
    fake = event(first["case_id"], "flag_duplicate", {"candidates": []})
    (f,) = _push(live_server, "shouli", [fake.model_dump(mode="json")])
    assert f["status"] == "rejected" and f["code"] == "role_not_allowed"
    # 6. a different small class at the same spot is no duplicate
    other = _report(*in_street, "另一类")
    other["payload"]["category_code"] = "020103"
    (r3,) = _push(live_server, "wg001", [other])
    assert r3["status"] == "accepted", r3
    assert other["case_id"] not in _flags(live_server, "shouli")
    api.close()
