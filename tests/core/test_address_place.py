"""One address matcher for the hotline import and Open311's address_string."""

from __future__ import annotations

from gridapp.casework.address_place import DEMO_COUNTY, place_address, place_index
from gridapp.demo.roads import demo_roads


def test_a_numbered_road_address_is_one_point_for_every_way_in(ws):
    road = demo_roads()[0]
    text = f"周村区{road.name}120号门口"
    hotline = place_index(ws.reference, DEMO_COUNTY).place(text)
    assert hotline is not None and hotline.how == "number"
    # Open311 (with or without its street fallback) lands exactly where the import does
    for fallback in (False, True):
        point = place_address(ws.reference, DEMO_COUNTY, text, street_fallback=fallback)
        assert point == (hotline.lon, hotline.lat)


def test_a_street_alone_is_a_point_only_where_no_map_pick_can_follow(ws):
    street = next(iter(ws.reference.streets.values()))
    text = f"{street.name}某处"
    assert place_address(ws.reference, DEMO_COUNTY, text) is None  # the import asks for a pick
    point = place_address(ws.reference, DEMO_COUNTY, text, street_fallback=True)
    assert point is not None
    grid = ws.reference.grid_index.locate(*point)
    assert grid is not None and grid.street_code == street.code


def test_nothing_known_or_empty_places_nothing(ws):
    for text in ("火星某处", "", "   ", "x" * 10_000):
        assert place_address(ws.reference, DEMO_COUNTY, text, street_fallback=True) is None


def test_the_index_is_built_once_per_reference(ws):
    first = place_index(ws.reference, DEMO_COUNTY)
    assert place_index(ws.reference, DEMO_COUNTY) is first
    assert place_index(ws.reference, "110101") is not first  # another district: no demo roads
    assert not place_index(ws.reference, "110101").roads
