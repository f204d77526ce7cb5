"""The statistics view's figures from a period's counts (``view_counts.PeriodCounts``).

Each method gives what its namesake in ``reports/figures.py`` or ``scoring.py`` gives
from marks: a figure's value is the SQL groups' sum plus the Python-marked rows
(``view_rows._row_of``) that have its flag; its list is those rows' numbers joined, when
read, with the SQL cases fetched by the same condition as the sum (the flag's
``mark_sql`` condition and the group's key).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from typing import Any

from sqlalchemy import and_, or_

from gridapp.domain.case import Source
from gridapp.domain.stages import Stage
from gridapp.reports import figures as fg
from gridapp.reports.mark_sql import FLAGS, cf
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
from gridapp.stats.case_lists import Cond, Row, Spec, key_is
from gridapp.stats.model import Slice
from gridapp.stats.view_counts import (
    FLAG,
    KEY_STAGE,
    SUM_DEPT,
    SUM_SIMPLE_FILED,
    PeriodCounts,
    dept_measure_is,
    on_day,
    simple_is,
    stage_is,
    sums_by,
    total,
)
from gridapp.stats.view_items import CASE_NEEDS, ITEM_MEASURES, cases_with
from gridapp.stats.view_rows import (
    DEPT_AT,
    FLAG_AT,
    PLACE_AT,
    ROW_CATEGORY,
    ROW_DAY,
    ROW_DEPT,
    ROW_GRID,
    ROW_NUMBER,
    ROW_SOURCE,
)

UNKNOWN = "unknown"
_STAGE_NAMES = {s.value: s.label_zh for s in Stage}
_SOURCE_NAMES = {s.value: s.label_zh for s in Source}
_KEY_COLUMN = {
    PLACE_AT["street"]: cf.street,
    PLACE_AT["community"]: cf.community,
    PLACE_AT["grid"]: cf.grid,
    ROW_CATEGORY: cf.category,
    ROW_SOURCE: cf.source,
    ROW_DEPT: cf.department,
}
_SUM = {name: FLAG_AT[name] - 7 for name in FLAGS}  # a flag's place among a group's sums


def _listed(rows: Iterable[Row], index: int | None, flag: int) -> dict[Any, list[str]]:
    """The numbers of the rows with column ``flag`` set, per value of column ``index``."""
    out: dict[Any, list[str]] = {}
    for r in rows:
        if r[flag]:
            out.setdefault(None if index is None else r[index], []).append(r[ROW_NUMBER])
    return out


class CountFigures:
    """Figures from the counts of one period."""

    def __init__(self, pc: PeriodCounts) -> None:
        self.pc = pc
        self.lists = pc.lists

    def _flag_figure(
        self, sums: list[int] | None, flag: str, key: tuple[Spec, ...], listed: list[str]
    ) -> Figure:
        counted = sums[_SUM[flag]] if sums else 0
        return self.lists.figure(counted, (FLAG[flag], *key), listed)

    def regions(
        self, refs: Iterable[tuple[RegionRef, str]], index: int
    ) -> tuple[RegionFigures, ...]:
        """The figures of each (region, code) whose cases have ``code`` at ``index``."""
        sums = sums_by(self.pc.groups, index)
        listed = {flag: _listed(self.pc.rest, index, FLAG_AT[flag]) for flag in FLAGS}
        column = _KEY_COLUMN[index]

        def one(ref: RegionRef, code: str) -> RegionFigures:
            s = sums.get(code)
            key = (partial(key_is, column, code),)
            return fg.figures_of(
                ref,
                lambda flag: self._flag_figure(s, flag, key, listed[flag].get(code, [])),
            )

        return tuple(one(ref, code) for ref, code in refs)

    def summary(self, ref: RegionRef) -> RegionFigures:
        s = total(self.pc.groups)
        listed = {flag: _listed(self.pc.rest, None, FLAG_AT[flag]) for flag in FLAGS}
        return fg.figures_of(
            ref, lambda flag: self._flag_figure(s, flag, (), listed[flag].get(None, []))
        )

    def categories(
        self, names: Callable[[str], tuple[str, str, str]], top: int
    ) -> tuple[CategoryFigures, ...]:
        """``figures.category_rows``."""
        sums = sums_by(self.pc.groups, ROW_CATEGORY)
        kinds = ("reported", "filed", "closed")
        listed = {k: _listed(self.pc.rest, ROW_CATEGORY, FLAG_AT[k]) for k in kinds}
        codes = set(sums) | {code for k in kinds for code in listed[k]}

        def fig(code: Any, kind: str) -> Figure:
            key = (partial(key_is, cf.category, code),)
            return self._flag_figure(sums.get(code), kind, key, listed[kind].get(code, []))

        groups = ((code, *(fig(code, k) for k in kinds)) for code in codes)
        filed = total(self.pc.groups)[_SUM["filed"]]
        filed += sum(len(v) for v in listed["filed"].values())
        return fg.ranked_categories(groups, names, filed, top)  # type: ignore[arg-type]

    def daily(self, p: fg.Period) -> tuple[DailyCount, ...]:
        """``figures.daily_rows``: reported, filed, closed per day of the period."""
        kinds = (("reported", cf.reported_at), ("filed", cf.filed_at), ("closed", cf.closed_at))
        counted: list[dict[str | None, int]] = [{}, {}, {}]
        for g in self.pc.days:
            for i in range(3):
                day = g[i]
                if day is not None:
                    counted[i][day] = counted[i].get(day, 0) + g[3]
        listed = [_listed(self.pc.rest, ROW_DAY[k], FLAG_AT[k]) for k, _ in kinds]

        def fig(i: int, d: date) -> Figure:
            kind, column = kinds[i]
            day = d.isoformat()
            key = (FLAG[kind], partial(on_day, column, d))
            return self.lists.figure(counted[i].get(day, 0), key, listed[i].get(day, []))

        return tuple(DailyCount(d, fig(0, d), fig(1, d), fig(2, d)) for d in p.dates())

    def grids(self, grids: Iterable[tuple[str, str, str, str, str]]) -> tuple[GridCount, ...]:
        """``figures.grid_rows``: cases filed in the period per grid."""
        sums = sums_by(self.pc.groups, ROW_GRID)
        listed = _listed(self.pc.rest, ROW_GRID, FLAG_AT["filed"])
        return tuple(
            GridCount(
                code,
                name,
                street,
                community,
                wkt,
                self._flag_figure(
                    sums.get(code), "filed", (partial(key_is, cf.grid, code),), listed.get(code, [])
                ),
            )
            for code, name, street, community, wkt in grids
        )

    def by_source(self) -> tuple[Slice, ...]:
        """上报 by source."""
        sums = sums_by(self.pc.groups, ROW_SOURCE)
        listed = _listed(self.pc.rest, ROW_SOURCE, FLAG_AT["reported"])
        figures = {
            code: self._flag_figure(
                sums.get(code),
                "reported",
                (partial(key_is, cf.source, code),),
                listed.get(code, []),
            )
            for code in set(sums) | set(listed)
        }
        return _slices(figures, _SOURCE_NAMES)

    def by_stage(self) -> tuple[Slice, ...]:
        """上报 by the workflow stage each case is at now."""
        counted: dict[str, int] = {}
        for stage, sums in sums_by(self.pc.groups, KEY_STAGE).items():
            if sums[_SUM["reported"]]:
                key = stage or UNKNOWN
                counted[key] = counted.get(key, 0) + sums[_SUM["reported"]]
        listed: dict[str, list[str]] = {}
        for r in self.pc.rest:
            if r[FLAG_AT["reported"]]:
                key = self.pc.rest_stage.get(r[ROW_NUMBER]) or UNKNOWN
                listed.setdefault(key, []).append(r[ROW_NUMBER])
        figures = {
            key: self.lists.figure(
                counted.get(key, 0),
                (FLAG["reported"], partial(stage_is, None if key == UNKNOWN else key)),
                listed.get(key, []),
            )
            for key in set(counted) | set(listed)
        }
        return _slices(figures, _STAGE_NAMES)

    def departments(
        self,
        p: fg.Period,
        scorer: Scorer,
        dept_info: Callable[[str], tuple[str, str, str]],
    ) -> tuple[DepartmentScore, ...]:
        """``scoring.department_scores``: a department's SQL cases summed (a simple case's
        measures and any SQL case's charged 应处置/处置完成/期末超期 from the groups, the
        cases that are not simple by their items, ``PeriodCounts.item_sums``) and the rest
        tallied from marks."""
        tally = tally_departments(self.pc.dept_marks, p)
        charged = {"due": "due", "closed": "closed_due", "overdue_open": "overdue_open"}
        # measure → (its sum's place among a group's sums, its condition without the key)
        measures: dict[str, tuple[int, tuple[Spec, ...]]] = {
            m: (_SUM[flag], (FLAG[flag],)) for m, flag in charged.items()
        }
        for m in DEPT_AT:
            measures[m] = (SUM_DEPT[m] - 7, (simple_is, partial(dept_measure_is, m)))
        measures["filed"] = (SUM_SIMPLE_FILED - 7, (simple_is, FLAG["filed"]))
        sums = {d: s for d, s in sums_by(self.pc.groups, ROW_DEPT).items() if d}
        holders = tally.holders() | {d for d, _ in self.pc.item_sums}
        holders |= {d for d, s in sums.items() if any(s[i] for i, _ in measures.values())}

        def figure(code: str, measure: str) -> Figure:
            listed = sorted(tally.sets.get((code, measure), ()))
            counted = self.pc.item_sums.get((code, measure), 0)
            by_items = measure if measure in ITEM_MEASURES else None
            conds = None
            if measure in measures:
                at, conds = measures[measure]
                s = sums.get(code)
                counted += s[at] if s else 0
            elif by_items is None:
                return Figure(len(listed), tuple(listed))
            return self.lists.figure(counted, (partial(dept_cases, conds, by_items, code),), listed)

        return department_rows(figure, holders, scorer, dept_info)


def dept_cases(
    conds: tuple[Spec, ...] | None, measure: str | None, code: str, p: fg.Period
) -> Cond:
    """A department's SQL cases for a measure: charged to it and meeting ``conds``, or
    not simple and counting by their items (``view_items.cases_with``) for ``measure``."""
    parts = []
    if conds is not None:
        parts.append(and_(*(spec(p) for spec in conds), cf.department == code))
    if measure is not None:
        needs = CASE_NEEDS.get(measure)
        case_needs = []
        if needs == "filed":
            case_needs = [FLAG["filed"](p)]
        elif needs == "charged_due":
            case_needs = [FLAG["due"](p), cf.department == code]
        parts.append(and_(cf.simple.is_(False), cases_with(measure, code, p), *case_needs))
    return or_(*parts)


def _slices(figures: dict[Any, Figure], label: dict[str, str]) -> tuple[Slice, ...]:
    rows = [Slice(k, label.get(k, k), f) for k, f in figures.items() if f.value]
    rows.sort(key=lambda s: (-s.figure.value, s.key))
    return tuple(rows)
