"""The statistics view's grid figure as a map: cases filed per grid, shaded by class.

Beside ``compute.py``, not in it: the figures stay the report's (``StatsView.grids`` is
``MonthlyReport.grid_counts``); this module only turns them into what the map page's
``GridMap.setChoropleth`` takes and finds the figure behind a clicked grid, so the case
list a grid opens holds exactly the cases its shade counts.
"""

from __future__ import annotations

import math
from typing import Any

from gridapp.reports.model import Figure, GridCount
from gridapp.stats.model import StatsView

# Light to dark; the page draws a grid with 0 cases unshaded.
RAMP = ("#fdcc8a", "#fc8d59", "#ef6548", "#d7301f", "#990000")


def class_breaks(counts: list[int], classes: int = len(RAMP)) -> list[int]:
    """Lower bounds of up to ``classes`` classes over the grids with cases: quantiles of
    the distinct counts, so a month's large counts and a day's small ones both spread
    over the ramp, and a few outliers among many grids with one case still get a darker
    class. The first bound is always 1; bounds never repeat."""
    values = sorted({c for c in counts if c > 0})
    if not values:
        return [1]
    bounds = [1]
    for k in range(1, classes):
        at = values[min(len(values) - 1, math.floor(len(values) * k / classes))]
        if at > bounds[-1]:
            bounds.append(at)
    return bounds


def choropleth(view: StatsView, title: str, count_label: str) -> dict[str, Any]:
    """The page's choropleth: counts per grid code, classes (largest first), the legend's
    title and the tooltip's word for the count. Grids outside the view's region are
    absent (drawn unshaded, not clickable to a figure)."""
    counts = {g.code: g.count.value for g in view.grids}
    bounds = class_breaks(list(counts.values()))
    # Spread the classes used over the ramp (one class: the middle colour).
    last = len(RAMP) - 1
    if len(bounds) == 1:
        colours = [RAMP[last // 2]]
    else:
        colours = [RAMP[round(i * last / (len(bounds) - 1))] for i in range(len(bounds))]
    steps = [[b, c] for b, c in zip(bounds, colours, strict=True)][::-1]
    return {"counts": counts, "steps": steps, "title": title, "countLabel": count_label}


def grid_figure(view: StatsView, code: str) -> tuple[GridCount, Figure] | None:
    """The figure behind a clicked grid (exactly the cases its shade counts), or None for
    a grid outside the view's region."""
    for g in view.grids:
        if g.code == code:
            return g, g.count
    return None
