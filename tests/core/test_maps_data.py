"""MapData: compact case points and grid counts in the user's scope; tile settings."""

from __future__ import annotations

import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.coords import wgs84_to_gcj02
from gridapp.maps.tiles import TileSource
from gridapp.workspace import CaseQuery
from tests.core.helpers import (
    BEIJIAO,
    URBAN,
    act,
    centre,
    drive,
    grid_in,
    officer_of,
    report,
)


@pytest.fixture
def cases(ws, clock):
    """Two cases in one urban grid, one in another urban grid, one in 北郊镇, one rejected."""
    a1 = report(ws, URBAN, index=0, address="<img src=x onerror=alert(1)>")
    a2 = report(ws, URBAN, index=0)
    b = report(ws, URBAN, index=1)
    town = report(ws, BEIJIAO, index=0)
    gone = report(ws, URBAN, index=0)
    act(ws, centre(ws, gone)["intake"], gone, "reject", {"reason": "重复上报"})
    return {"a1": a1, "a2": a2, "b": b, "town": town, "gone": gone}


def test_supervisor_sees_every_point_with_compact_rows(ws, cases):
    ws.act_as("ducha")
    rows = ws.maps.case_points()
    assert {r[0] for r in rows} == set(cases.values())
    row = next(r for r in rows if r[0] == cases["a1"])
    rec = ws.record(cases["a1"])
    assert row[1:4] == [rec.lon, rec.lat, "reported"]
    assert row[4] == 0
    assert row[5] == rec.number
    assert row[6] == ws.catalog.get(rec.category_code).name
    assert row[7] == "<img src=x onerror=alert(1)>"  # escaped on display, never here


def test_officer_sees_only_points_in_scope(ws, cases):
    grid0 = grid_in(ws, URBAN, 0)
    officer = officer_of(ws, grid0.code)
    actor = ws.act_as(officer)
    rows = ws.maps.case_points()
    ids = {r[0] for r in rows}
    assert cases["a1"] in ids and cases["town"] not in ids
    # the same set the case list shows (all pages)
    listed = {c.id for c in ws.list_cases(CaseQuery(limit=10_000))}
    assert ids == listed
    for r in rows:
        rec = ws.record(r[0])
        assert rec.grid_code in actor.grid_codes or rec.reported_by == officer


def test_query_filters_points_without_paging(ws, cases):
    ws.act_as("ducha")
    rows = ws.maps.case_points(CaseQuery(states=(CaseState.REJECTED,), limit=1))
    assert [r[0] for r in rows] == [cases["gone"]]
    many = ws.maps.case_points(CaseQuery(limit=1, offset=3))
    assert len(many) == 5
    only = ws.maps.case_points(None, ids=[cases["b"], "nope"])
    assert [r[0] for r in only] == [cases["b"]]


def test_grid_counts_are_open_cases_in_scope(ws, cases):
    ws.act_as("ducha")
    g0, g1 = grid_in(ws, URBAN, 0).code, grid_in(ws, URBAN, 1).code
    fc = ws.maps.grid_features()
    assert fc["type"] == "FeatureCollection"
    assert len(fc["features"]) == len(ws.reference.grids)
    props = {f["properties"]["code"]: f["properties"] for f in fc["features"]}
    assert props[g0]["open"] == 2  # the rejected one is not open
    assert props[g1]["open"] == 1
    assert sum(p["open"] for p in props.values()) == 4
    assert props[g0]["street"] and props[g0]["community"] and props[g0]["name"]
    town_staff = centre(ws, cases["town"])["intake"]
    ws.act_as(town_staff)  # a town centre sees its own town only
    assert ws.maps.grid_counts() == {grid_in(ws, BEIJIAO, 0).code: 1}


def test_overdue_level_in_rows(ws, cases, clock):
    drive(ws, cases["b"], CaseState.DISPATCHED)
    ws.act_as("ducha")
    level = {r[0]: r[4] for r in ws.maps.case_points()}
    assert level[cases["b"]] == 0
    rec = ws.record(cases["b"])
    clock.now = rec.warn_at
    assert {r[0]: r[4] for r in ws.maps.case_points()}[cases["b"]] == 1
    clock.advance(days=30)
    assert {r[0]: r[4] for r in ws.maps.case_points()}[cases["b"]] == 2
    assert ws.maps.case_points(CaseQuery(overdue="red"))[0][0] == cases["b"]


def test_point_of_respects_scope(ws, cases):
    ws.act_as("ducha")
    rec = ws.record(cases["town"])
    assert ws.maps.point_of(cases["town"]) == (rec.lon, rec.lat)
    ws.act_as(officer_of(ws, grid_in(ws, URBAN, 0).code))
    assert ws.maps.point_of(cases["town"]) is None
    assert ws.maps.point_of("no-such-case") is None


def test_gcj02_source_shifts_display_not_storage(ws, cases):
    ws.act_as("ducha")
    gcj = TileSource(kind="xyz", url="https://t/{z}/{x}/{y}.png", crs="gcj02")
    rec = ws.record(cases["a1"])
    shifted = {r[0]: r for r in ws.maps.case_points(source=gcj)}[cases["a1"]]
    gx, gy = wgs84_to_gcj02(rec.lon, rec.lat)
    assert shifted[1] == pytest.approx(gx, abs=1e-7) and shifted[2] == pytest.approx(gy, abs=1e-7)
    assert abs(shifted[1] - rec.lon) > 1e-4  # a few hundred metres around 周村
    assert ws.record(cases["a1"]).lon == rec.lon  # storage untouched
    plain = ws.maps.grid_features(TileSource())["features"][0]["geometry"]["coordinates"]
    moved = ws.maps.grid_features(gcj)["features"][0]["geometry"]["coordinates"]
    assert plain != moved
    assert gcj.from_display(gx, gy) == pytest.approx((rec.lon, rec.lat), abs=1e-8)


def test_tile_source_is_stored_per_laptop(ws, tmp_path):
    assert ws.maps.tile_source() == TileSource()
    src = TileSource(kind="mbtiles", url=str(tmp_path / "a.mbtiles"), max_zoom=16)
    ws.maps.set_tile_source(src)
    assert ws.maps.tile_source() == src
    ws.maps.set_tile_source(TileSource())
    assert ws.maps.tile_source().kind == "none"
