"""Grid import from GeoJSON against a real service: preview, apply, all-or-nothing.

Bad input (not JSON, a point instead of a polygon, a self-intersecting ring, a code
of another county, overlaps, duplicates) must answer 4xx with a clear code and
leave the grids, the reference version and the client snapshot as they were.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from gridapp.store.schema import audit_log
from tests.live_server import LiveServer

NEW_STREET = "370306009"
NEW_COMMUNITY = "370306009001"


def square(x: float, y: float, size: float = 0.01) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(code: str, name: str, geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"code": code, "name": name, **props},
        "geometry": geometry,
    }


def two_new_grids() -> dict[str, Any]:
    """Two grids east of the demo district, in a new street and community."""
    names = {"street_name": "新城街道", "community_name": "新城社区"}
    return {
        "type": "FeatureCollection",
        "features": [
            feature(NEW_COMMUNITY + "001", "新城一网格", square(117.96, 36.80), **names),
            feature(NEW_COMMUNITY + "002", "新城二网格", square(117.97, 36.80), **names),
        ],
    }


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    with live_server.client(live_server.login("admin")) as client:
        yield client


def _post(admin: httpx.Client, doc: Any, *, dry_run: bool = False) -> httpx.Response:
    content = doc if isinstance(doc, bytes) else json.dumps(doc).encode()
    return admin.post(
        "/admin/grids/import",
        params={"dry_run": str(dry_run).lower()},
        content=content,
        headers={"Content-Type": "application/geo+json"},
    )


def _state(admin: httpx.Client) -> tuple[int, int]:
    version = admin.get("/reference/version").json()["version"]
    return version, len(admin.get("/reference").json()["grids"])


def test_dry_run_then_apply(live_server: LiveServer, admin: httpx.Client) -> None:
    before = _state(admin)
    r = _post(admin, two_new_grids(), dry_run=True)
    assert r.status_code == 200, r.text
    preview = r.json()
    assert (preview["new"], preview["changed"], preview["unchanged"]) == (2, 0, 0)
    assert preview["errors"] == 0 and preview["applied"] is False
    assert preview["new_streets"] == [NEW_STREET]
    assert preview["new_communities"] == [NEW_COMMUNITY]
    assert _state(admin) == before  # a dry run writes nothing

    r = _post(admin, two_new_grids())
    assert r.status_code == 200, r.text
    assert r.json()["applied"] is True and r.json()["new"] == 2
    version, count = _state(admin)
    assert version == before[0] + 1 and count == before[1] + 2
    ref = live_server.central.reference()
    grid = ref.grids[NEW_COMMUNITY + "001"]
    assert grid.street_name == "新城街道" and grid.community_name == "新城社区"
    assert ref.grid_index.locate(117.965, 36.805).code == NEW_COMMUNITY + "001"
    assert ref.streets[NEW_STREET].kind == "street"

    # The same file again: nothing new; a renamed grid is "changed".
    again = two_new_grids()
    again["features"][1]["properties"]["name"] = "新城第二网格"
    preview = _post(admin, again, dry_run=True).json()
    assert (preview["new"], preview["changed"], preview["unchanged"]) == (0, 1, 1)
    assert _post(admin, again).status_code == 200
    assert live_server.central.reference().grids[NEW_COMMUNITY + "002"].name == "新城第二网格"

    with live_server.central.db.read() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.detail).where(audit_log.c.action == "admin_import_grids")
        ).all()
    assert [json.loads(r.detail)["new"] for r in rows] == [2, 0]


def _errors_of(body: dict[str, Any]) -> list[list[str]]:
    return [[e["code"] for e in f["errors"]] for f in body["features"]]


BOWTIE = {
    "type": "Polygon",
    "coordinates": [
        [[117.96, 36.80], [117.97, 36.81], [117.97, 36.80], [117.96, 36.81], [117.96, 36.80]]
    ],
}


@pytest.mark.parametrize(
    ("name", "mutate", "expected"),
    [
        (
            "point",
            lambda f: f.update(geometry={"type": "Point", "coordinates": [117.96, 36.8]}),
            "bad_geometry_type",
        ),
        ("bowtie", lambda f: f.update(geometry=BOWTIE), "invalid_polygon"),
        ("county", lambda f: f["properties"].update(code="370305009001001"), "wrong_county"),
        ("code", lambda f: f["properties"].update(code="12345"), "bad_grid_code"),
        ("name", lambda f: f["properties"].update(name=""), "name_required"),
        ("street", lambda f: f["properties"].pop("street_name"), "street_name_required"),
        ("dup", lambda f: f["properties"].update(code=NEW_COMMUNITY + "001"), "duplicate_code"),
    ],
)
def test_bad_feature_refuses_whole_file(
    live_server: LiveServer, admin: httpx.Client, name: str, mutate: Any, expected: str
) -> None:
    doc = two_new_grids()
    target = doc["features"][1] if name == "dup" else doc["features"][0]
    mutate(target)
    before = _state(admin)

    preview = _post(admin, doc, dry_run=True)
    assert preview.status_code == 200
    assert preview.json()["errors"] >= 1
    flat = [c for codes in _errors_of(preview.json()) for c in codes]
    assert expected in flat, flat

    r = _post(admin, doc)
    assert r.status_code == 422, r.text
    body = r.json()
    assert body["code"] == "grid_import_invalid"
    assert expected in [c for codes in _errors_of(body["details"]) for c in codes]
    assert _state(admin) == before  # the good feature was not imported either
    assert NEW_COMMUNITY + "002" not in live_server.central.reference().grids


def test_overlap_with_existing_grid_is_reported(
    live_server: LiveServer, admin: httpx.Client
) -> None:
    existing = live_server.central.reference().grids["370306001001001"]
    minx, miny, maxx, maxy = existing.polygon.bounds
    doc = two_new_grids()
    doc["features"][0]["geometry"] = square(minx, miny, max(maxx - minx, maxy - miny))
    body = _post(admin, doc, dry_run=True).json()
    assert body["features"][0]["status"] == "error"
    messages = [e["message"] for e in body["features"][0]["errors"]]
    assert any("370306001001001" in m for m in messages), messages
    assert _post(admin, doc).status_code == 422


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"this is not json", "bad_geojson"),
        (b'{"type": "Feature"}', "bad_geojson"),
        (b'{"type": "FeatureCollection", "features": []}', "bad_geojson"),
        (b"\xff\xfe garbage", "bad_geojson"),
    ],
)
def test_not_geojson(admin: httpx.Client, raw: bytes, code: str) -> None:
    before = _state(admin)
    r = _post(admin, raw)
    assert r.status_code == 422 and r.json()["code"] == code
    assert _state(admin) == before


def test_grid_import_refused_for_non_admin(live_server: LiveServer) -> None:
    with live_server.client(live_server.login("zhiban")) as c:
        r = _post(c, two_new_grids())
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert NEW_COMMUNITY + "001" not in live_server.central.reference().grids
