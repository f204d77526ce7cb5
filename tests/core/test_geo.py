"""Grid codes and the point→grid index."""

from __future__ import annotations

import math
import random

import pytest
import shapely

from gridapp.domain.geo import (
    Grid,
    GridIndex,
    check_point,
    community_code,
    parse_grid_code,
    street_code,
)
from gridapp.errors import ValidationError

X0, Y0, STEP = 117.80, 36.75, 0.001


def square_grid(i: int, j: int, step: float = STEP) -> Grid:
    """Unit square (i, j) of a lattice; 100 columns per community, 10 communities a street."""
    n = i * 100 + j
    street = f"370306{(n // 10_000) + 1:03d}"
    community = f"{street}{(n // 100) % 100 + 1:03d}"
    x, y = X0 + i * step, Y0 + j * step
    return Grid(
        code=f"{community}{n % 100 + 1:03d}",
        name=f"网格{n}",
        street_code=street,
        street_name="丝绸路街道",
        community_code=community,
        community_name="银山社区",
        wkt=shapely.box(x, y, x + step, y + step).wkt,
    )


@pytest.fixture(scope="module")
def lattice() -> GridIndex:
    """5,000 grids: 50 columns × 100 rows of 0.001° squares."""
    return GridIndex(square_grid(i, j) for i in range(50) for j in range(100))


def test_parse_good_code() -> None:
    assert parse_grid_code("370306001002003") == ("370306", "001", "002", "003")
    assert street_code("370306001002003") == "370306001"
    assert community_code("370306001002003") == "370306001002"


@pytest.mark.parametrize(
    "code",
    [
        "",
        "37030600100200",
        "3703060010020031",
        "37030600100200a",
        "３７０３０６００１００２００３",
        " 370306001002003",
        "37030600100200-",
    ],
)
def test_parse_bad_code(code: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_grid_code(code)
    assert err.value.code == "bad_grid_code"
    with pytest.raises(ValidationError):
        street_code(code)


def test_parse_rejects_non_string() -> None:
    with pytest.raises(ValidationError):
        parse_grid_code(370306001002003)  # type: ignore[arg-type]


def test_grid_codes_must_agree() -> None:
    with pytest.raises(ValidationError) as err:
        Grid("370306001002003", "x", "370306009", "s", "370306001002", "c", "POLYGON EMPTY")
    assert err.value.code == "bad_grid_code"


def test_bad_geometry_is_refused() -> None:
    bowtie = "POLYGON ((0 0, 1 1, 1 0, 0 1, 0 0))"
    grid = Grid("370306001002003", "x", "370306001", "s", "370306001002", "c", bowtie)
    with pytest.raises(ValidationError) as err:
        GridIndex([grid])
    assert err.value.code == "bad_grid_geometry"
    line = Grid(
        "370306001002003", "x", "370306001", "s", "370306001002", "c", "LINESTRING (0 0, 1 1)"
    )
    with pytest.raises(ValidationError):
        _ = line.polygon
    junk = Grid("370306001002003", "x", "370306001", "s", "370306001002", "c", "garbage ((")
    with pytest.raises(ValidationError) as err:
        _ = junk.polygon
    assert err.value.code == "bad_grid_geometry"


def test_duplicate_codes_are_refused() -> None:
    with pytest.raises(ValidationError) as err:
        GridIndex([square_grid(0, 0), square_grid(0, 0)])
    assert err.value.code == "duplicate_grid_code"


def test_len_get_bounds(lattice: GridIndex) -> None:
    assert len(lattice) == 5000
    first = square_grid(0, 0)
    assert lattice.get(first.code) == first
    assert lattice.get("370306999999999") is None
    assert first.code in lattice
    assert lattice.bounds == pytest.approx((X0, Y0, X0 + 50 * STEP, Y0 + 100 * STEP))
    assert GridIndex([]).bounds is None


def test_locate_inside(lattice: GridIndex) -> None:
    grid = lattice.locate(X0 + 12.5 * STEP, Y0 + 40.5 * STEP)
    assert grid == square_grid(12, 40)


def test_locate_outside(lattice: GridIndex) -> None:
    assert lattice.locate(X0 - 0.01, Y0) is None
    assert lattice.locate(0.0, 0.0) is None
    with pytest.raises(ValidationError) as err:
        lattice.locate_or_raise(X0 - 0.01, Y0)
    assert err.value.code == "point_outside_grids"
    assert err.value.details == {"lon": X0 - 0.01, "lat": Y0}
    assert lattice.locate_or_raise(X0 + 0.0005, Y0 + 0.0005) == square_grid(0, 0)


def test_border_goes_to_smallest_code() -> None:
    # Two squares sharing the edge x = 1 and a corner square: borders are deterministic.
    a = square_grid(0, 0, step=1.0)
    b = square_grid(1, 0, step=1.0)
    c = square_grid(1, 1, step=1.0)
    for order in ([a, b, c], [c, b, a], [b, c, a]):
        index = GridIndex(order)
        on_edge = index.locate(X0 + 1.0, Y0 + 0.5)
        assert on_edge is not None
        assert on_edge.code == min(a.code, b.code)
        corner = index.locate(X0 + 1.0, Y0 + 1.0)
        assert corner is not None
        assert corner.code == min(a.code, b.code, c.code)
        assert index.locate_many([(X0 + 1.0, Y0 + 0.5), (X0 + 1.0, Y0 + 1.0)]) == [on_edge, corner]


@pytest.mark.parametrize(
    ("lon", "lat"),
    [(math.nan, 36.8), (117.8, math.inf), (181.0, 36.8), (117.8, -90.5), ("x", 1.0), (None, 1.0)],
)
def test_bad_point(lattice: GridIndex, lon: object, lat: object) -> None:
    with pytest.raises(ValidationError) as err:
        lattice.locate(lon, lat)  # type: ignore[arg-type]
    assert err.value.code == "bad_point"
    with pytest.raises(ValidationError):
        check_point(lon, lat)  # type: ignore[arg-type]


def test_locate_many_bad_point(lattice: GridIndex) -> None:
    with pytest.raises(ValidationError) as err:
        lattice.locate_many([(117.8, 36.8), (math.nan, 36.8)])
    assert err.value.code == "bad_point"
    assert err.value.details["index"] == 1
    with pytest.raises(ValidationError):
        lattice.locate_many([(1.0, 2.0, 3.0)])
    assert lattice.locate_many([]) == []
    with pytest.raises(ValidationError):
        lattice.locate_many([("a", "b")])
    inside = (X0 + 0.0005, Y0 + 0.0005)
    assert lattice.locate_many(p for p in [inside]) == [square_grid(0, 0)]


def test_locate_many_equals_locate(lattice: GridIndex) -> None:
    rng = random.Random(7)
    bx0, by0, bx1, by1 = lattice.bounds or (0, 0, 0, 0)
    points = [
        (rng.uniform(bx0 - 0.005, bx1 + 0.005), rng.uniform(by0 - 0.005, by1 + 0.005))
        for _ in range(1900)
    ]
    # Exactly on lattice lines and corners too, where the border rule matters.
    points += [(X0 + rng.randrange(51) * STEP, Y0 + rng.randrange(101) * STEP) for _ in range(100)]
    many = lattice.locate_many(points)
    assert many == [lattice.locate(x, y) for x, y in points]
    assert any(g is None for g in many) and sum(g is not None for g in many) > 1500
    for (x, y), grid in zip(points, many, strict=True):
        if grid is not None:
            assert grid.polygon.covers(shapely.Point(x, y))


def test_empty_index() -> None:
    index = GridIndex([])
    assert len(index) == 0
    assert index.locate(117.8, 36.8) is None
    assert index.locate_many([(117.8, 36.8)]) == [None]
