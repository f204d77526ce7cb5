"""PointIndex: case points clustered per zoom in Python (no Qt, no page).

Every case is counted once at every zoom, a zoom's clusters do not depend on the part
of the map asked for, only what lies in the bounds comes back, user text stays data,
and the index read from a store matches the rows a popup reads.
"""

from __future__ import annotations

import json
import math
import random

import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.coords import wgs84_to_gcj02
from gridapp.maps.cluster import (
    CLUSTER_OFF_AT,
    MAX_ALONE,
    MAX_ZOOM,
    PointIndex,
    cell_level,
    js_value,
)
from gridapp.maps.tiles import TileSource
from gridapp.workspace import CaseQuery
from tests.core.helpers import BEIJIAO, URBAN, drive, grid_in, officer_of, report

WORLD = (-180.0, -85.0, 180.0, 85.0)
DISTRICT = (117.76, 36.71, 117.95, 36.89)  # 周村区, roughly
STATES = ["reported", "filed", "dispatched", "handled", "closed"]


def _rows(n: int, seed: int = 7) -> list[list]:
    """n cases at random points of the district, and a pile of five at one address."""
    rng = random.Random(seed)
    w, s, e, north = DISTRICT
    rows = [
        [f"c{i:05d}", round(rng.uniform(w, e), 7), round(rng.uniform(s, north), 7),
         rng.choice(STATES), rng.choice([0, 0, 1, 2])]
        for i in range(n)
    ]  # fmt: skip
    rows += [[f"pile{i}", 117.85, 36.80, "reported", 0] for i in range(5)]
    return rows


def _index(rows: list[list], chunk: int = 700) -> PointIndex:
    return PointIndex.from_rows(rows[i : i + chunk] for i in range(0, len(rows), chunk))


@pytest.fixture(scope="module")
def index() -> PointIndex:
    return _index(_rows(2000))


def _counted(view: dict) -> int:
    return sum(c[2] for c in view["c"]) + len(view["p"])


@pytest.mark.parametrize("zoom", range(0, MAX_ZOOM + 1))
def test_every_case_is_counted_once_at_every_zoom(index, zoom):
    view = index.view(zoom, *WORLD)
    assert view["n"] == index.total == 2005
    assert _counted(view) == index.total
    alone = [p[0] for p in view["p"]]
    assert len(alone) == len(set(alone))
    assert all(c[2] >= 2 for c in view["c"]), "a cell of one case is that case, not a bubble"
    if zoom >= CLUSTER_OFF_AT:
        assert view["c"] == [] and len(view["p"]) == index.total  # street level: every case


def test_a_cluster_lies_in_one_cell_and_its_mean_and_extent_are_its_cases(index):
    zoom = 13
    view = index.view(zoom, *WORLD)
    cell_deg = 360.0 / 2 ** cell_level(zoom)  # a cell's width in degrees of longitude
    for lat, lon, _n, level, s, w, north, e in view["c"]:
        assert w <= lon <= e and s <= lat <= north
        assert math.floor((w + 180) / cell_deg) == math.floor((e + 180) / cell_deg)
        assert 0 <= level <= 2
    pile = [c for c in view["c"] if c[5] <= 117.85 <= c[7] and c[4] <= 36.8 <= c[6]]
    assert len(pile) == 1 and pile[0][2] >= 5  # the five at one address, and any neighbours


def test_clusters_are_the_same_whatever_part_of_the_map_is_asked_for(index):
    for zoom in (11, 13, 15, 17):
        whole = index.view(zoom, *WORLD)
        clusters = {tuple(c) for c in whole["c"]}
        alone = {tuple(p) for p in whole["p"]}
        w, s, e, n = DISTRICT
        parts = [
            (w, s, (w + e) / 2, (s + n) / 2),
            ((w + e) / 2, s, e, n),
            (117.8, 36.75, 117.9, 36.85),
        ]
        for part in parts:
            view = index.view(zoom, *part)
            assert {tuple(c) for c in view["c"]} <= clusters
            assert {tuple(p) for p in view["p"]} <= alone
        again = index.view(zoom, *WORLD)  # cached or not, the same answer
        assert again == whole


def test_only_what_lies_in_the_bounds_comes_back(index):
    zoom = 14
    whole = index.view(zoom, *WORLD)
    bounds = (117.82, 36.76, 117.88, 36.82)
    w, s, e, n = bounds
    view = index.view(zoom, *bounds)
    assert view["b"] == list(bounds) and view["z"] == zoom
    inside_c = [c for c in whole["c"] if w <= c[1] <= e and s <= c[0] <= n]
    inside_p = [p for p in whole["p"] if w <= p[1] <= e and s <= p[2] <= n]
    assert sorted(map(tuple, view["c"])) == sorted(map(tuple, inside_c))
    assert sorted(map(tuple, view["p"])) == sorted(map(tuple, inside_p))
    assert 0 < _counted(view) < index.total
    far = index.view(zoom, 100.0, 20.0, 101.0, 21.0)
    assert far["c"] == [] and far["p"] == [] and far["n"] == index.total


def test_street_level_with_too_many_cases_stays_clustered():
    rows = [[f"x{i}", 117.85 + (i % 100) * 1e-6, 36.80 + (i // 100) * 1e-6, "filed", 0]
            for i in range(MAX_ALONE + 1)]  # fmt: skip
    view = _index(rows).view(CLUSTER_OFF_AT, *DISTRICT)
    assert view["c"] and _counted(view) == MAX_ALONE + 1


def test_a_case_stands_alone_from_the_zoom_its_neighbours_part(index):
    near = [["a", 117.85, 36.80, "filed", 0], ["b", 117.8502, 36.80, "filed", 0],  # ~18 m
            ["far", 117.90, 36.85, "filed", 0]]  # fmt: skip
    idx = _index(near)
    zoom = idx.alone_zoom(117.85, 36.80)
    assert 12 < zoom <= CLUSTER_OFF_AT
    ids_at = {p[0] for p in idx.view(zoom, *DISTRICT)["p"]}
    assert "a" in ids_at and "b" in ids_at
    assert "a" not in {p[0] for p in idx.view(zoom - 1, *DISTRICT)["p"]}
    assert idx.alone_zoom(117.90, 36.85) <= 11  # 5 km away: parts at a district view
    assert idx.count_near(117.85, 36.80, 0) == 3
    # the pile of five at one address never parts before street level
    assert index.alone_zoom(117.85, 36.80) == CLUSTER_OFF_AT


def test_replace_adds_moves_and_removes_cases(index):
    moved = ["c00003", 117.80, 36.75, "closed", 0]
    added = ["new", 117.81, 36.76, "a-state-added-later", 2]
    after = index.replace([moved, added], drop=["c00004", "no-such-case"])
    assert after.total == index.total  # one added, one removed, one moved
    assert after.row("c00003") == moved and after.row("new") == added
    assert after.row("c00004") is None and index.row("c00004") is not None  # a new index
    assert "a-state-added-later" in after.states
    for zoom in (5, 12, 16, 19):
        assert _counted(after.view(zoom, *WORLD)) == after.total
    # the same points built from scratch cluster the same way
    rows = [r for r in _rows(2000) if r[0] not in ("c00003", "c00004")] + [moved, added]
    fresh = _index(rows)
    for zoom in (9, 14):
        a, b = after.view(zoom, *WORLD), fresh.view(zoom, *WORLD)
        assert sorted(map(tuple, a["c"])) == sorted(map(tuple, b["c"]))
        assert sorted(map(tuple, a["p"])) == sorted(map(tuple, b["p"]))


def test_an_empty_index_answers_every_view():
    empty = _index([])
    assert empty.total == 0 and empty.bounds() is None
    assert empty.view(12, *WORLD) == {"z": 12, "b": list(WORLD), "n": 0, "c": [], "p": []}
    assert empty.view(19, *WORLD)["p"] == []
    assert empty.alone_zoom(117.8, 36.8) == 0
    assert empty.replace([["a", 117.8, 36.8, "filed", 0]]).total == 1


def test_user_text_stays_data_in_the_payload():
    evil = "</script><img src=x onerror=alert(1)>\"');\u2028\u2029\\"
    idx = _index([[evil, 117.85, 36.8, evil, 0], ["b", 117.86, 36.81, "filed", 1]])
    view = idx.view(CLUSTER_OFF_AT, *DISTRICT)
    text = js_value(view)
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == view
    assert [evil, 117.85, 36.8, evil, 0] in view["p"]
    assert idx.row(evil) == [evil, 117.85, 36.8, evil, 0]


# -- read from a store ---------------------------------------------------------------------


@pytest.fixture
def cases(ws):
    ids = [report(ws, URBAN, index=i % 3, address=f"<b>地址{i}</b>") for i in range(6)]
    ids.append(report(ws, BEIJIAO, index=0))
    drive(ws, ids[0], CaseState.DISPATCHED)
    return ids


def test_index_from_the_store_matches_the_popup_rows(ws, cases):
    ws.act_as("ducha")
    idx = ws.maps.point_index()
    rows = {r[0]: r for r in ws.maps.case_points()}
    assert idx.total == len(rows) == len(cases)
    for case_id, row in rows.items():
        assert idx.row(case_id) == row[:5]
    assert _counted(idx.view(10, *WORLD)) == len(cases)
    b = idx.bounds()
    assert b[0] == min(r[1] for r in rows.values()) and b[3] == max(r[2] for r in rows.values())
    only = ws.maps.point_index(CaseQuery(states=(CaseState.DISPATCHED,)))
    assert only.total == 1 and only.row(cases[0])[3] == "dispatched"


def test_index_keeps_to_the_users_scope(ws, cases):
    ws.act_as(officer_of(ws, grid_in(ws, URBAN, 0).code))
    idx = ws.maps.point_index()
    assert idx.total == len(ws.maps.case_points()) < len(cases)
    assert idx.row(cases[-1]) is None  # 北郊镇's case


def test_index_on_a_gcj02_base_is_at_the_shifted_points(ws, cases):
    ws.act_as("ducha")
    gcj = TileSource(kind="xyz", url="https://t/{z}/{x}/{y}.png", crs="gcj02")
    idx = ws.maps.point_index(source=gcj)
    rec = ws.record(cases[1])
    gx, gy = wgs84_to_gcj02(rec.lon, rec.lat)
    _, lon, lat, *_ = idx.row(cases[1])
    assert lon == pytest.approx(gx, abs=1e-7) and lat == pytest.approx(gy, abs=1e-7)
    popup = ws.maps.case_points(None, ids=[cases[1]], source=gcj)[0]
    assert (lon, lat) == pytest.approx((popup[1], popup[2]), abs=1e-9)
