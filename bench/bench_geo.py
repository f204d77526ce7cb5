"""Point → grid lookups at 5,000 grids: single locate vs vectorised locate_many.

Run: .venv/bin/python bench/bench_geo.py. Fixed sizes so figures compare across runs.
The grids are irregular (jittered lattice cells, 12–20 vertices each) so the
point-in-polygon tests cost about what real grid boundaries cost.
"""

from __future__ import annotations

import random
import time

import numpy as np
import shapely

from gridapp.demo.district import build_demo_geography
from gridapp.domain.geo import Grid, GridIndex

N_GRIDS = 5_000  # 50 × 100 cells
N_SINGLE = 50_000
N_MANY = 200_000
X0, Y0, STEP = 117.75, 36.70, 0.002


def synthetic_grids(seed: int = 1) -> list[Grid]:
    """5,000 wobbly quadrilateral cells sharing their (jittered) corners."""
    rng = random.Random(seed)
    cols, rows = 50, 100
    corner = {
        (i, j): (
            X0 + i * STEP + (rng.uniform(-0.3, 0.3) * STEP if 0 < i < cols else 0.0),
            Y0 + j * STEP + (rng.uniform(-0.3, 0.3) * STEP if 0 < j < rows else 0.0),
        )
        for i in range(cols + 1)
        for j in range(rows + 1)
    }

    def edge(a: tuple[int, int], b: tuple[int, int]) -> list[tuple[float, float]]:
        (ax, ay), (bx, by) = corner[a], corner[b]
        return [(ax + (bx - ax) * t / 4, ay + (by - ay) * t / 4) for t in range(4)]

    grids = []
    for i in range(cols):
        for j in range(rows):
            ring = [
                *edge((i, j), (i + 1, j)),
                *edge((i + 1, j), (i + 1, j + 1)),
                *edge((i + 1, j + 1), (i, j + 1)),
                *edge((i, j + 1), (i, j)),
            ]
            n = i * rows + j
            street = f"370306{n // 1000 + 1:03d}"
            community = f"{street}{(n // 100) % 10 + 1:03d}"
            grids.append(
                Grid(
                    f"{community}{n % 100 + 1:03d}",
                    f"网格{n}",
                    street,
                    "街道",
                    community,
                    "社区",
                    shapely.Polygon(ring).wkt,
                )
            )
    return grids


def points(index: GridIndex, n: int, seed: int) -> np.ndarray:
    """Uniform points over the index bounds plus a 5% margin (some fall outside)."""
    x0, y0, x1, y1 = index.bounds or (0.0, 0.0, 1.0, 1.0)
    mx, my = (x1 - x0) * 0.05, (y1 - y0) * 0.05
    rng = np.random.default_rng(seed)
    return np.column_stack([rng.uniform(x0 - mx, x1 + mx, n), rng.uniform(y0 - my, y1 + my, n)])


def measure(label: str, index: GridIndex, build_s: float) -> list[str]:
    pts = points(index, N_SINGLE, 1)
    single = [(float(x), float(y)) for x, y in pts]
    start = time.perf_counter()
    found = [index.locate(x, y) for x, y in single]
    t_single = time.perf_counter() - start
    many_pts = points(index, N_MANY, 2)
    start = time.perf_counter()
    many = index.locate_many(many_pts)
    t_many = time.perf_counter() - start
    assert index.locate_many(single) == found  # the two paths agree
    hit = sum(g is not None for g in many) / len(many)
    return [
        f"{label:<22}{len(index):>7,}{build_s * 1000:>10.1f}"
        f"{N_SINGLE / t_single:>14,.0f}{t_single / N_SINGLE * 1e6:>9.1f}"
        f"{N_MANY / t_many:>16,.0f}{t_many / N_MANY * 1e6:>9.2f}{hit:>7.0%}"
    ]


def main() -> None:
    rows = []
    grids = synthetic_grids()
    start = time.perf_counter()
    index = GridIndex(grids)  # build = parse WKT, validate, prepare, STRtree
    rows += measure("synthetic 50×100", index, time.perf_counter() - start)
    start = time.perf_counter()
    demo = build_demo_geography()
    t_demo = time.perf_counter() - start
    start = time.perf_counter()
    demo_index = GridIndex(demo.grids)
    rows += measure("demo district", demo_index, time.perf_counter() - start)
    print(
        f"{'grid set':<22}{'grids':>7}{'build ms':>10}"
        f"{'locate /s':>14}{'µs each':>9}{'locate_many /s':>16}{'µs each':>9}{'in':>7}"
    )
    print("\n".join(rows))
    print(f"build_demo_geography(): {t_demo * 1000:.0f} ms, {len(demo.grids)} grids")


if __name__ == "__main__":
    main()
