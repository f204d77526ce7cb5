"""Computing a :class:`StatsView` with the monthly report's definitions.

The report's builder (``gridapp.reports.indicators.ReportBuilder``) folds the event logs
and classifies each case once per period (``figures.mark``). The view counts the same
way: the cases ``case_marks`` can mark summed with numpy over the column store
(``column_scan``; on PostgreSQL, or a store whose column store lacks a day, by SQL
``GROUP BY``: ``view_counts``), a figure's list fetched when it is read, the rest
marked in Python (``view_rows``), both turned into figures by ``count_figures``;
:meth:`StatsBuilder.build_from_marks` is the same view from every case marked in
Python, the definition the counts and lists are tested against. Only the breakdowns
the report does not print (by workflow stage, by source, by community) are made here,
and each one partitions the report's 上报 figure, so they add up to it. Staff scores,
lists of 返工/督办 and exclusions are left out: the view does not show them and they
cost most of the report's time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any

from sqlalchemy import Connection, select

from gridapp.domain.case import Source
from gridapp.domain.stages import Stage
from gridapp.reports import figures as fg
from gridapp.reports.fact_store import load as load_facts
from gridapp.reports.facts import region_condition
from gridapp.reports.indicators import ReportBuilder, _period, previous_period
from gridapp.reports.model import (
    LEVEL_COMMUNITY,
    LEVEL_DISTRICT,
    LEVEL_STREET,
    Figure,
    RegionFigures,
    RegionRef,
)
from gridapp.reports.satisfaction import satisfaction
from gridapp.reports.scoring import Scorer, department_scores
from gridapp.stats import mark_columns
from gridapp.stats.column_scan import ColumnScan
from gridapp.stats.count_figures import CountFigures
from gridapp.stats.count_satisfaction import satisfaction_counts
from gridapp.stats.mark_columns import Batch
from gridapp.stats.model import Slice, StatsView
from gridapp.stats.side_reads import SideReads, side_count
from gridapp.stats.view_counts import (
    VIEW_ARMS,
    PeriodCounts,
    Scan,
    ScanParts,
    _scan,
    counts_of,
    summary_counts,
)
from gridapp.stats.view_rows import PLACE_AT, ROW_COMMUNITY
from gridapp.store.case_queries import stage_column
from gridapp.store.schema import cases

log = logging.getLogger(__name__)
UNKNOWN = "unknown"
# A period this long or longer is scanned in parts side by side (``side_reads``); a
# shorter one costs less than starting them.
PARTS_FROM_DAYS = 28


def same_period_last_year(start: date, end: date) -> tuple[date, date]:
    """The same dates a year before (29 Feb becomes 28 Feb)."""

    def back(d: date) -> date:
        try:
            return d.replace(year=d.year - 1)
        except ValueError:
            return d.replace(year=d.year - 1, day=28)

    return back(start), back(end)


def _slices(
    groups: dict[str, list[str]], label: dict[str, str], figure: Callable[[list[str]], Figure]
) -> tuple[Slice, ...]:
    """One slice a key; ``figure`` makes a Figure of numbers in order."""
    rows = [Slice(k, label.get(k, k), figure(v)) for k, v in groups.items() if v]
    rows.sort(key=lambda s: (-s.figure.value, s.key))
    return tuple(rows)


def _partition(numbers: Iterable[str], key_of: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for n in numbers:
        out.setdefault(key_of.get(n, UNKNOWN), []).append(n)
    return out


_STAGE_NAMES = {s.value: s.label_zh for s in Stage}
_SOURCE_NAMES = {s.value: s.label_zh for s in Source}


def _breakdowns(
    reported: Sequence[str],
    stage_of: dict[str, str],
    source_of: dict[str, str],
    figure: Callable[[list[str]], Figure],
) -> dict[str, tuple[Slice, ...]]:
    """上报 split by the stage each case is at now and by its source."""
    return {
        "by_stage": _slices(_partition(reported, stage_of), _STAGE_NAMES, figure),
        "by_source": _slices(_partition(reported, source_of), _SOURCE_NAMES, figure),
    }


def _comparisons(
    conn: Connection, region: RegionRef, start: date, end: date, scan_of: Scan = _scan
) -> dict[tuple[date, date], RegionFigures]:
    """The totals of the view's comparison periods (环比, 同比; read once when they are
    the same dates, as for a year's view), by their (start, end)."""
    out: dict[tuple[date, date], RegionFigures] = {}
    for s, e in (previous_period(start, end), same_period_last_year(start, end)):
        if (s, e) not in out:
            p = _period(s, e)
            out[(s, e)] = summary_counts(conn, region, p, conn.engine.begin, scan_of)
    return out


def _column_batch(conn: Connection, end: datetime) -> Batch | None:
    """The column store's cases reported before ``end`` (None on PostgreSQL, or when the
    store lacks days: then SQL counts)."""
    if conn.dialect.name != "sqlite":
        return None
    try:
        return mark_columns.load(conn, end)
    except mark_columns.MissingDays as exc:
        log.warning("statistics counted in SQL: %s", exc)
        mark_columns.suspect(conn)
        return None


class StatsBuilder:
    """One view for one region and period, from a store connection."""

    def __init__(self, builder: ReportBuilder) -> None:
        self.report = builder

    def stages_now(
        self, conn: Connection, region: str, p: fg.Period, numbers: Sequence[str]
    ) -> dict[str, str]:
        """Case number → the workflow stage it is at now (``Stage`` value).

        Read for the cases stored as reported around the period (a day's margin: the
        stored time is the client's, the fold's the service's), then kept to ``numbers``.
        """
        if not numbers:
            return {}
        wanted = set(numbers)
        margin = timedelta(days=1)
        q = select(cases.c.number, stage_column()).where(
            region_condition(region),
            cases.c.reported_at >= p.start - margin,
            cases.c.reported_at < p.end + margin,
        )
        return {n: s or UNKNOWN for n, s in conn.execute(q) if n in wanted}

    def communities(self, region: RegionRef) -> list[tuple[RegionRef, str]]:
        ref = self.report.ref
        out = []
        for c in sorted(ref.communities.values(), key=lambda c: c.code):
            if region.level == LEVEL_DISTRICT or c.street_code == region.code:
                street = ref.streets.get(c.street_code)
                name = (
                    f"{street.name}·{c.name}"
                    if street and region.level == LEVEL_DISTRICT
                    else c.name
                )
                out.append((RegionRef(c.code, name, LEVEL_COMMUNITY), c.code))
            elif region.level == LEVEL_COMMUNITY and c.code == region.code:
                out.append((RegionRef(c.code, c.name, LEVEL_COMMUNITY), c.code))
        return out

    def build(
        self,
        conn: Connection,
        region: RegionRef,
        start: date,
        end: date,
        label: str,
        now: datetime,
        snapshot_label: str,
    ) -> StatsView:
        """The view, its cases counted over the column store (or by SQL ``GROUP BY``)
        where ``case_marks`` rows can mark them, their lists fetched when read: the same
        figures as :meth:`build_from_marks`, faster."""
        p = _period(start, end)
        batch = _column_batch(conn, p.end)
        if batch is not None:  # the comparison periods counted beside, from the same batch
            counted = ColumnScan(batch, region.code, p, VIEW_ARMS)
            with SideReads(conn.engine.begin, workers=1) as side:
                compare = partial(_comparisons, region=region, start=start, end=end)
                compared = side.submit(partial(compare, scan_of=counted.scan_of))
                pc = counts_of(conn, region.code, p, conn.engine.begin, counted)
                return self._counted_view(
                    conn, region, p, label, now, snapshot_label, pc, compared.result
                )
        parts = side_count() if p.days >= PARTS_FROM_DAYS else 1
        with SideReads(conn.engine.begin, workers=parts) as side:
            scan = ScanParts(region.code, p, VIEW_ARMS, parts, side)
            compared = side.submit(partial(_comparisons, region=region, start=start, end=end))
            pc = counts_of(conn, region.code, p, conn.engine.begin, scan)
            return self._counted_view(
                conn, region, p, label, now, snapshot_label, pc, compared.result
            )

    def _counted_view(
        self,
        conn: Connection,
        region: RegionRef,
        p: fg.Period,
        label: str,
        now: datetime,
        snapshot_label: str,
        pc: PeriodCounts,
        compared: Callable[[], dict[tuple[date, date], RegionFigures]],
    ) -> StatsView:
        """:meth:`build`'s view from its counts and its comparison periods' totals (read
        beside it: ``compared`` waits for them)."""
        g = CountFigures(pc)
        summary = g.summary(region)
        field, subs = self.report.sub_regions(region)
        streets = g.regions(((ref, ref.code) for ref in subs), PLACE_AT[field])
        if region.level == LEVEL_STREET:
            communities = streets
        else:
            communities = g.regions(self.communities(region), ROW_COMMUNITY)
        scorer = Scorer(self.report.weights, p.days)
        labels = self.report.labels()
        start, end = p.start.date(), p.end.date() - timedelta(days=1)
        return self._view(
            conn,
            region,
            start,
            end,
            label,
            now,
            snapshot_label,
            compare=lambda _conn, _region, s, e: compared()[(s, e)],
            summary=summary,
            streets=streets,
            communities=communities,
            departments=g.departments(p, scorer, self.report.dept_info),
            categories=g.categories(self.report.category_names, top=10**9),
            daily=g.daily(p),
            grids=g.grids(self.report.region_grids(region)),
            overdue=fg.overdue_lines(pc.marks, p, labels, fg.Lateness(self.report.ref.calendar)),
            by_stage=g.by_stage(),
            by_source=g.by_source(),
            satisfaction=satisfaction_counts(
                pc.facts, pc.satisfy, pc.lists, labels.department, labels.street
            ),
        )

    def build_from_marks(
        self,
        conn: Connection,
        region: RegionRef,
        start: date,
        end: date,
        label: str,
        now: datetime,
        snapshot_label: str,
    ) -> StatsView:
        """The view from every case's facts marked in Python (``figures.mark``): the
        definition :meth:`build` is checked against (tests/stats/test_view_rows.py)."""
        p = _period(start, end)
        facts = load_facts(conn, region.code, p.start, p.end)
        marks = fg.marks_of(facts, p)
        summary = fg.region_figures(region, marks)
        streets = self.report.sub_region_figures(region, marks)
        if region.level == LEVEL_STREET:
            communities = streets
        else:
            by_community = fg.grouped(marks, lambda f: f.community)
            communities = tuple(
                fg.region_figures(ref, by_community.get(code, []))
                for ref, code in self.communities(region)
            )
        scorer = Scorer(self.report.weights, p.days)
        labels = self.report.labels()
        reported = summary.reported.case_numbers
        source_of = {f.number: f.source for f in facts}
        stage_of = self.stages_now(conn, region.code, p, reported)
        return self._view(
            conn,
            region,
            start,
            end,
            label,
            now,
            snapshot_label,
            summary=summary,
            streets=streets,
            communities=communities,
            departments=department_scores(marks, p, scorer, self.report.dept_info),
            categories=fg.category_rows(marks, self.report.category_names, top=10**9),
            daily=fg.daily_rows(facts, p),
            grids=fg.grid_rows(marks, self.report.region_grids(region)),
            overdue=fg.overdue_lines(marks, p, labels, fg.Lateness(self.report.ref.calendar)),
            **_breakdowns(reported, stage_of, source_of, Figure.of),
            satisfaction=satisfaction(facts, p, labels.department, labels.street),
        )

    def _view(
        self,
        conn: Connection,
        region: RegionRef,
        start: date,
        end: date,
        label: str,
        now: datetime,
        snapshot_label: str,
        compare: Callable[[Connection, RegionRef, date, date], RegionFigures] | None = None,
        **figures: Any,
    ) -> StatsView:
        """The view with its comparison periods' totals (环比, 同比: one read when they
        are the same dates, as for a year's view), by ``compare`` (default: the report's
        ``summary``)."""
        prev_start, prev_end = previous_period(start, end)
        year_start, year_end = same_period_last_year(start, end)
        summary = compare or self.report.summary
        previous = summary(conn, region, prev_start, prev_end)
        if (year_start, year_end) == (prev_start, prev_end):
            last_year = previous
        else:
            last_year = summary(conn, region, year_start, year_end)
        return StatsView(
            region=region,
            start=start,
            end=end,
            label=label,
            previous_start=prev_start,
            previous_end=prev_end,
            last_year_start=year_start,
            last_year_end=year_end,
            previous=previous,
            last_year=last_year,
            computed_at=now,
            snapshot_label=snapshot_label,
            **figures,
        )
