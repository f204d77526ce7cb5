"""Hostile GeoJSON for the grid import: a clear 4xx with a code, never a 5xx, nothing stored.

Deep nesting (RecursionError in the JSON parser or in shapely), non-finite numbers
(NaN, Infinity, 1e400, a 400-digit integer), coordinates of the wrong shape or type,
and names with control characters or lone surrogates (which neither PostgreSQL nor a
UTF-8 answer can carry) all answered 500 before.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.server.test_admin_grids import (  # noqa: F401 (fixture)
    NEW_COMMUNITY,
    _post,
    _state,
    admin,
    feature,
    square,
    two_new_grids,
)

CODE = NEW_COMMUNITY + "001"
NAMES = {"street_name": "新城街道", "community_name": "新城社区"}
RING = "[[117.96,36.80],[117.97,36.80],[117.97,36.81],[117.96,36.81],[117.96,36.80]]"


def _with_coordinates(coordinates: str, kind: str = "Polygon", name: str = '"新城一网格"') -> bytes:
    props = (
        f'{{"code":"{CODE}","name":{name},"street_name":"新城街道","community_name":"新城社区"}}'
    )
    return (
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":'
        f'{props},"geometry":{{"type":"{kind}","coordinates":{coordinates}}}}}]}}'
    ).encode()


HOSTILE: dict[str, tuple[bytes, str]] = {
    "deep document": (
        b'{"type":"FeatureCollection","features":' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "geojson_too_deep",
    ),
    "deep coordinates": (_with_coordinates("[" * 50_000 + "]" * 50_000), "geojson_too_deep"),
    "coordinates nested past a polygon": (
        _with_coordinates("[" * 900 + "]" * 900),
        "bad_geometry",
    ),
    "NaN": (
        _with_coordinates("[" + RING.replace("117.97,36.80", "NaN,36.80") + "]"),
        "non_finite_coordinates",
    ),
    "Infinity": (
        _with_coordinates("[" + RING.replace("117.97,36.80", "Infinity,36.80") + "]"),
        "non_finite_coordinates",
    ),
    "-Infinity": (
        _with_coordinates("[" + RING.replace("36.81],[117.96", "-Infinity],[117.96") + "]"),
        "non_finite_coordinates",
    ),
    "1e400": (
        _with_coordinates("[" + RING.replace("117.97,36.80", "1e400,36.80") + "]"),
        "non_finite_coordinates",
    ),
    "400-digit integer": (
        _with_coordinates("[" + RING.replace("117.97,36.80", "9" * 400 + ",36.80") + "]"),
        "non_finite_coordinates",
    ),
    "coordinates an object": (_with_coordinates('{"0":[1,2]}'), "bad_geometry"),
    "coordinates a string": (_with_coordinates('"117.9,36.8"', "MultiPolygon"), "bad_geometry"),
    "booleans as numbers": (
        _with_coordinates("[[[true,false],[true,true],[false,true],[true,false]]]"),
        "bad_geometry",
    ),
    "ragged positions": (
        _with_coordinates("[[[117.96,36.80,1,2],[117.97],[117.97,36.81],[117.96,36.80]]]"),
        "bad_geometry",
    ),
    "NUL in a name": (_with_coordinates(f"[{RING}]", name='"新城\\u0000网格"'), "bad_text"),
    "lone surrogate in a name": (_with_coordinates(f"[{RING}]", name='"新城\\ud800"'), "bad_text"),
    "lone surrogate as the type": (
        _with_coordinates(f"[{RING}]", kind="\\udc00"),
        "bad_geometry_type",
    ),
}


def _codes(body: dict[str, Any]) -> set[str]:
    found = {body["code"]} if "code" in body else set()
    for f in body.get("details", body).get("features", []):
        found |= {e["code"] for e in f["errors"]}
    return found


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_geojson_is_a_clear_4xx_and_stores_nothing(name: str, admin) -> None:  # noqa: F811
    raw, code = HOSTILE[name]
    before = _state(admin)
    for dry_run in (True, False):
        r = _post(admin, raw, dry_run=dry_run)
        # A preview answers 200 with each feature's errors; an import is refused whole.
        assert r.status_code == (422 if not dry_run else r.status_code), (name, r.text[:300])
        assert r.status_code in (200, 422), (name, dry_run, r.status_code, r.text[:300])
        assert code in _codes(r.json()), (name, r.text[:500])
    assert _state(admin) == before
    # The service is still well: a good file goes in afterwards.
    assert _post(admin, two_new_grids()).status_code == 200


def test_valid_features_still_import_next_to_the_checks(admin) -> None:  # noqa: F811
    doc = {
        "type": "FeatureCollection",
        "features": [feature(CODE, "新城一网格", square(117.96, 36.80), **NAMES)],
    }
    r = _post(admin, json.loads(json.dumps(doc)))
    assert r.status_code == 200, r.text
    assert r.json()["new"] == 1
