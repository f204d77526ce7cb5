"""Figures counted by SQL ``GROUP BY`` open exactly their cases (``view_counts``).

``StatsBuilder.build`` keeps counts for the cases SQL marks and fetches a figure's list
when it is read (``case_lists.FigureCases``, by re-running that figure's condition; the
UI asks ``ws.stats.case_numbers`` when a figure is clicked). Here every figure of the
view — summary, towns, communities, categories, days, grids, sources, stages,
departments, 环比 and 同比 — is fetched one by one the way the UI does and compared with
the all-Python view (``build_from_marks``): the same numbers, exactly its count.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select

from gridapp.reports.model import Figure
from gridapp.stats import view_counts
from gridapp.stats.case_lists import FigureCases
from gridapp.store.schema import case_marks
from gridapp.workspace import Workspace
from tests.reports.period_edges import EDGES, P
from tests.stats.test_view_rows import NOW, _builder, _regions, demo, simple_store  # noqa: F401

PERIODS = [
    (date(2026, 10, 1), date(2026, 10, 31)),  # a past month: cases cut by later events
    (date(2026, 11, 1), date(2026, 11, 21)),  # this month
]


def figures_in(value: Any, path: str = "") -> Iterator[tuple[str, Figure]]:
    """Every Figure inside a view, with where it sits."""
    if isinstance(value, Figure):
        yield path, value
    elif is_dataclass(value) and not isinstance(value, type):
        for f in fields(value):
            yield from figures_in(getattr(value, f.name), f"{path}.{f.name}")
    elif isinstance(value, (tuple, list)):
        for i, item in enumerate(value):
            key = getattr(item, "key", None) or getattr(item, "code", None) or i
            yield from figures_in(item, f"{path}[{key}]")


def _views(ws: Workspace, start: date, end: date, region_index: int):
    b = _builder(ws)
    region = _regions(ws)[region_index]
    with ws.db.read() as conn:
        new = b.build(conn, region, start, end, "x", NOW, "y")
        old = b.build_from_marks(conn, region, start, end, "x", NOW, "y")
    return new, old


@pytest.mark.parametrize(("start", "end"), PERIODS)
@pytest.mark.parametrize("region_index", [0, 1])
def test_every_figure_opens_exactly_its_cases(demo: Workspace, start, end, region_index):  # noqa: F811
    new, old = _views(demo, start, end, region_index)
    expected = dict(figures_in(old))
    got = dict(figures_in(new))
    assert got.keys() == expected.keys()
    lazy = 0
    for path, figure in got.items():  # counted without reading any list
        if isinstance(figure.case_numbers, FigureCases):
            assert not figure.case_numbers.fetched, path
            lazy += 1
    for path, figure in got.items():
        listed = demo.stats.case_numbers(figure)
        assert listed == expected[path].case_numbers, path
        assert len(listed) == figure.value == expected[path].value, path
    # most figures were counted in SQL, of every kind the view shows
    assert lazy > len(got) / 3
    top = {path.split("[")[0].split(".")[1] for path, f in got.items() if f.value}
    lazy_top = {
        path.split("[")[0].split(".")[1]
        for path, f in got.items()
        if isinstance(f.case_numbers, FigureCases)
    }
    kinds = {"summary", "streets", "departments", "categories", "daily", "grids"}
    kinds |= {"by_source", "by_stage", "previous"}
    assert kinds <= lazy_top <= top


@pytest.mark.parametrize("column", ["reported_at", "filed_at", "closed_at"])
def test_a_days_list_is_the_day_it_was_counted_on(simple_store, column: str):  # noqa: F811
    """A day's figure is counted by ``date(column)`` and its list fetched by a time range
    (``view_counts.on_day``): the same cases, at the edges of a day too (a list shifted
    by an hour, or taking midnight twice, fails here)."""
    db, facts = simple_store
    col = case_marks.c[column]
    days = {t.date() for t in EDGES if t is not None}
    with db.read() as conn:
        for day in sorted(days):
            listed = select(case_marks.c.case_id).where(view_counts.on_day(col, day, P))
            counted = select(case_marks.c.case_id).where(func.date(col) == day.isoformat())
            expected = {f.case_id for f in facts if (t := getattr(f, column)) and t.date() == day}
            assert expected, day
            assert set(conn.execute(listed).scalars()) == expected, day
            assert set(conn.execute(counted).scalars()) == expected, day


def test_only_the_stats_roles_fetch_a_figures_cases(demo: Workspace) -> None:  # noqa: F811
    """A figure's list is read from the store when clicked: by the same roles as the view
    (a grid officer logged in on the same laptop since cannot read it)."""
    from gridapp.errors import DomainError
    from gridapp.stats.model import THIS_MONTH

    view = demo.stats.view(THIS_MONTH)
    assert demo.stats.case_numbers(view.summary.reported)  # ducha: the list
    try:
        demo.act_as("wg001")
        with pytest.raises(DomainError) as refused:
            demo.stats.case_numbers(view.summary.reported)
        assert refused.value.code == "stats_role"
    finally:
        demo.act_as("ducha")
