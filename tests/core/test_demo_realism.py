"""The demo reads as a real district: addresses on named roads, photos that look like
street photographs, and nothing stamped later than the wall clock at the build."""

from __future__ import annotations

import io
import json
import random
import re
from collections import Counter
from datetime import date, datetime, timedelta

import numpy as np
import pytest
from PIL import Image
from sqlalchemy import func, select

from gridapp import clock
from gridapp.demo.build import build_demo_store
from gridapp.demo.district import build_demo_geography
from gridapp.demo.photos import SCENES, scene_for, street_photo
from gridapp.demo.roads import address_at, demo_roads, on_road
from gridapp.domain.geo import GridIndex
from gridapp.store.schema import case_events, cases

# A Saturday morning: the build runs before the noon the demo would otherwise end at.
BUILT_AT = datetime(2026, 11, 21, 9, 5, 30)
ON_ROAD = re.compile(r"^周村区(?P<road>\S+?(?:路|街|国道))(?:\d+号|与\S+交叉口|周村段[\d.]+公里处)")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    with clock.frozen(BUILT_AT):
        ws = build_demo_store(tmp_path_factory.mktemp("demo") / "central.db", months=1, per_day=8)
    yield ws
    ws.close()


def test_no_event_after_the_wall_clock_at_the_build(demo):
    with demo.db.read() as conn:
        latest = [
            conn.execute(select(func.max(column))).scalar()
            for column in (
                case_events.c.at_client,
                case_events.c.at_server,
                cases.c.reported_at,
                cases.c.updated_at,
                cases.c.closed_at,
                cases.c.handled_at,
            )
        ]
    assert all(t is not None for t in latest)
    assert max(latest) <= BUILT_AT
    assert max(latest) > BUILT_AT - timedelta(hours=24)  # and it does run up to the build
    assert demo.clock() <= BUILT_AT


def test_a_past_end_still_ends_at_its_noon(tmp_path):
    with clock.frozen(BUILT_AT):
        ws = build_demo_store(tmp_path / "past.db", end=date(2026, 11, 20), months=1, per_day=2)
    try:
        assert ws.clock() == datetime(2026, 11, 20, 12, 0)
    finally:
        ws.close()


def test_addresses_are_mostly_on_named_roads(demo):
    with demo.db.read() as conn:
        rows = conn.execute(select(cases.c.address, cases.c.street_code)).all()
    addresses = [r.address for r in rows]
    on_roads = [a for a in addresses if ON_ROAD.match(a)]
    assert len(on_roads) >= 0.7 * len(addresses), Counter(addresses).most_common(5)
    # many different roads and numbers: not one road for the whole district
    roads = Counter(ON_ROAD.match(a).group("road") for a in on_roads)
    assert len(roads) >= 12
    assert Counter(addresses).most_common(1)[0][1] <= max(5, len(addresses) // 50)
    names = {r.name for r in demo_roads()}
    assert {"正阳路", "丝绸路", "青年路", "309国道"} <= names
    # the rest name the village or community, still with the district and town
    for a in addresses:
        assert a.startswith("周村区"), a


def test_an_address_names_the_road_the_point_is_on():
    rng = random.Random(4)
    road = next(r for r in demo_roads() if r.name == "正阳路")
    line = road.line
    mid = line.interpolate(0.5, normalized=True)
    lon, lat = on_road(mid.x, mid.y + 0.0004, rng)  # ~45 m north of the centre line
    assert abs(lat - mid.y) < 0.0002  # moved to the pavement
    index = GridIndex(build_demo_geography().grids)
    grid = index.locate(lon, lat)
    texts = {address_at(lon, lat, grid, random.Random(k)) for k in range(12)}
    assert all("正阳路" in t for t in texts), texts
    numbers = {int(m.group(1)) for t in texts if (m := re.search(r"(\d+)号", t))}
    assert len(numbers) == 1  # the same point has one house number
    # the other side of the road has the other parity
    south = address_at(mid.x, mid.y - 0.0001, index.locate(mid.x, mid.y - 0.0001), rng)
    assert "正阳路" in south
    assert int(re.search(r"(\d+)号", south).group(1)) % 2 != next(iter(numbers)) % 2


def _pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


@pytest.mark.parametrize("scene", [*SCENES, "barrier", None])
def test_photos_look_like_photographs(scene):
    data = street_photo(11, scene, taken=datetime(2026, 11, 16, 9, 23))
    assert data[:3] == b"\xff\xd8\xff" and len(data) < 60_000  # small JPEGs
    px = _pixels(data)
    assert px.shape == (360, 480, 3)
    colours = np.unique(px.reshape(-1, 3), axis=0)
    assert len(colours) > 5_000  # not a flat card: gradients, texture, noise
    assert px.std() > 30
    top, bottom = px[:60].mean(axis=(0, 1)), px[-120:-50].mean(axis=(0, 1))
    assert top[2] > bottom[2]  # sky above (bluer), street below
    assert street_photo(11, scene, taken=datetime(2026, 11, 16, 9, 23)) == data  # same seed


def test_the_problem_shows_in_the_picture_and_photos_differ():
    street = _pixels(street_photo(5, None))
    for scene in [*SCENES, "barrier"]:
        with_problem = _pixels(street_photo(5, scene))
        changed = np.abs(with_problem.astype(int) - street.astype(int)).sum(axis=2) > 60
        assert changed.mean() > 0.01, scene  # the same street, with the problem drawn in
    assert street_photo(5, "garbage") != street_photo(6, "garbage")


def test_categories_get_their_scene():
    assert scene_for("暴露垃圾") == "garbage"
    assert scene_for("上水井盖") == "manhole"
    assert scene_for("占道经营") == "stall"
    assert scene_for("非法小广告") == "poster"
    assert scene_for("某种其他问题") == "barrier"


def test_demo_cases_carry_street_photos_of_their_kind(demo):
    with demo.db.read() as conn:
        rows = conn.execute(select(cases.c.photos).where(cases.c.photos != "[]")).scalars().all()
    shas = {sha for r in rows for sha in json.loads(r)}
    assert len(shas) >= 10  # many different pictures, not a dozen shared cards
    for sha in sorted(shas)[:5]:
        px = _pixels(demo.files.read(sha))
        assert len(np.unique(px.reshape(-1, 3), axis=0)) > 5_000


def test_the_handling_photo_shows_the_same_spot_without_the_problem(demo):
    with demo.db.read() as conn:
        rows = conn.execute(
            select(cases.c.photos, cases.c.handle_photos).where(
                cases.c.photos != "[]", cases.c.handle_photos != "[]"
            )
        ).all()
    assert rows
    before, after = json.loads(rows[0].photos)[0], json.loads(rows[0].handle_photos)[0]
    assert before != after
    a, b = _pixels(demo.files.read(before)), _pixels(demo.files.read(after))
    # the same street (sky and buildings alike up top), the problem gone from the ground
    assert np.abs(a[:100].astype(int) - b[:100].astype(int)).mean() < 8
    assert np.abs(a.astype(int) - b.astype(int)).mean() > 1
