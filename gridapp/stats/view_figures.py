"""The statistics view's figures grouped from a period's rows (``view_rows.PeriodRows``).

Each function gives what its namesake in ``reports/figures.py`` or ``scoring.py`` gives
from marks, from the rows instead: the cases of a figure are the rows with its flag set,
picked in C (``compress``/``itemgetter``) and already in case-number order, so a figure
is its list as a tuple (``Figure.of`` sorts and deduplicates, which is only needed when
a case number occurs twice: ``PeriodRows.unique``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date
from itertools import compress
from operator import itemgetter
from typing import Any

from gridapp.reports import figures as fg
from gridapp.reports.model import (
    CategoryFigures,
    DailyCount,
    DepartmentScore,
    Figure,
    GridCount,
    RegionFigures,
    RegionRef,
)
from gridapp.reports.scoring import Scorer, department_rows, tally_departments
from gridapp.stats.view_rows import (
    DEPT_AT,
    FLAG_AT,
    ROW_CATEGORY,
    ROW_DAY,
    ROW_DEPT,
    ROW_GRID,
    ROW_NUMBER,
    ROW_SIMPLE,
    ROW_SQL,
    PeriodRows,
)

Row = tuple[Any, ...]
_number = itemgetter(ROW_NUMBER)


class Grouping:
    """Figures from the rows of one period."""

    def __init__(self, pr: PeriodRows) -> None:
        self.pr = pr

    def figure(self, numbers: list[str]) -> Figure:
        """A figure of numbers picked from the rows in order."""
        if self.pr.unique:
            return Figure(len(numbers), tuple(numbers))
        return Figure.of(numbers)

    def pick(self, rows: Sequence[Row], index: int) -> list[str]:
        """The numbers of the rows whose column ``index`` is set."""
        return list(compress(map(_number, rows), map(itemgetter(index), rows)))

    def region(self, ref: RegionRef, rows: Sequence[Row]) -> RegionFigures:
        return fg.figures_of(ref, lambda flag: self.figure(self.pick(rows, FLAG_AT[flag])))

    @staticmethod
    def grouped(rows: Iterable[Row], index: int) -> dict[Any, list[Row]]:
        out: dict[Any, list[Row]] = {}
        for r in rows:
            key = r[index]
            group = out.get(key)
            if group is None:
                out[key] = [r]
            else:
                group.append(r)
        return out

    def categories(
        self, names: Callable[[str], tuple[str, str, str]], top: int
    ) -> tuple[CategoryFigures, ...]:
        """``figures.category_rows``."""
        rows = self.pr.rows
        reported_at, filed_at, closed_at = (FLAG_AT[k] for k in ("reported", "filed", "closed"))
        groups = (
            (
                code,
                self.figure(self.pick(group, reported_at)),
                self.figure(self.pick(group, filed_at)),
                self.figure(self.pick(group, closed_at)),
            )
            for code, group in self.grouped(rows, ROW_CATEGORY).items()
        )
        return fg.ranked_categories(groups, names, sum(map(itemgetter(filed_at), rows)), top)

    def daily(self, p: fg.Period) -> tuple[DailyCount, ...]:
        """``figures.daily_rows``: reported, filed, closed per day of the period."""
        per: dict[str, dict[str, list[str]]] = {}
        for kind in ("reported", "filed", "closed"):
            day_at = ROW_DAY[kind]
            days: dict[str, list[str]] = {}
            for r in self.pr.rows:
                if r[FLAG_AT[kind]]:
                    day = r[day_at]
                    numbers = days.get(day)
                    if numbers is None:
                        days[day] = [r[ROW_NUMBER]]
                    else:
                        numbers.append(r[ROW_NUMBER])
            per[kind] = days

        def fig(kind: str, d: date) -> Figure:
            return self.figure(per[kind].get(d.isoformat(), []))

        return tuple(
            DailyCount(d, fig("reported", d), fig("filed", d), fig("closed", d)) for d in p.dates()
        )

    def grids(self, grids: Iterable[tuple[str, str, str, str, str]]) -> tuple[GridCount, ...]:
        """``figures.grid_rows``: cases filed in the period per grid."""
        filed_at = FLAG_AT["filed"]
        by_grid = self.grouped((r for r in self.pr.rows if r[filed_at]), ROW_GRID)
        return tuple(
            GridCount(code, name, street, community, wkt, self.figure(self.pick_all(by_grid, code)))
            for code, name, street, community, wkt in grids
        )

    @staticmethod
    def pick_all(groups: dict[Any, list[Row]], key: Any) -> list[str]:
        return [r[ROW_NUMBER] for r in groups.get(key, ())]

    def departments(
        self,
        p: fg.Period,
        scorer: Scorer,
        dept_info: Callable[[str], tuple[str, str, str]],
    ) -> tuple[DepartmentScore, ...]:
        """``scoring.department_scores``: SQL cases counted from their rows (a simple
        case's measures, every case's charged department) and their items
        (``PeriodRows.dept_lists``), the rest tallied from their marks; a department's
        figure joins the (disjoint) lists."""
        tally = tally_departments(self.pr.dept_marks, p)
        charged = {
            "due": FLAG_AT["due"],
            "closed": FLAG_AT["closed_due"],
            "overdue_open": FLAG_AT["overdue_open"],
        }
        measures = {
            "dispatched": DEPT_AT["dispatched"],
            "on_time": DEPT_AT["on_time"],
            "ack_due": DEPT_AT["ack_due"],
            "ack_on_time": DEPT_AT["ack_on_time"],
            "filed": FLAG_AT["filed"],
            **charged,
        }
        counted = [r for r in self.pr.rows if r[ROW_SQL] and r[ROW_DEPT]]
        sql: dict[tuple[str, str], list[str]] = {}
        for dept, group in self.grouped(counted, ROW_DEPT).items():
            simple = [r for r in group if r[ROW_SIMPLE]]
            for measure, index in measures.items():
                # a case that is not simple: only its charged department's, here
                numbers = self.pick(group if measure in charged else simple, index)
                if numbers:
                    sql[(dept, measure)] = numbers
        for key, numbers in self.pr.dept_lists.items():
            listed = sql.get(key)
            sql[key] = numbers if listed is None else sorted([*listed, *numbers])

        def figure(dept: str, measure: str) -> Figure:
            listed = sql.get((dept, measure), [])
            tallied = tally.sets.get((dept, measure))
            if not tallied:
                return self.figure(listed)
            if not listed:
                return Figure.of(tallied)
            return self.figure(sorted([*listed, *sorted(tallied)]))

        holders = tally.holders() | {dept for dept, _ in sql}
        return department_rows(figure, holders, scorer, dept_info)
