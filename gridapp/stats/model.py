"""The statistics view as plain frozen values, built from the monthly report's figures.

Every count is a :class:`~gridapp.reports.model.Figure` (value + the case numbers behind
it), made by the same functions as the monthly report (``gridapp.reports.figures``), so
the screen, the workbook and the PDF show the same number for the same period and each
number opens exactly the cases it counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from gridapp.reports.model import (
    CaseLine,
    CategoryFigures,
    DailyCount,
    DepartmentScore,
    Figure,
    GridCount,
    RegionFigures,
    RegionRef,
)

if TYPE_CHECKING:
    from gridapp.reports.satisfaction import Satisfaction

# Period kinds the view offers (a custom range is "range").
TODAY = "today"
THIS_WEEK = "week"
THIS_MONTH = "month"
CUSTOM = "range"
PERIOD_KINDS = (TODAY, THIS_WEEK, THIS_MONTH, CUSTOM)


@dataclass(frozen=True)
class Slice:
    """One bar or row of a breakdown: a key (code), its label and the cases counted."""

    key: str
    label: str
    figure: Figure


@dataclass(frozen=True)
class Change:
    """A figure against the same figure of an earlier period (环比 / 同比)."""

    current: int
    earlier: int

    @property
    def ratio(self) -> float | None:
        """(current − earlier) / earlier; None when there was nothing earlier."""
        if not self.earlier:
            return None
        return (self.current - self.earlier) / self.earlier

    def text(self) -> str:
        """'+12.5%', '-3.0%', '—' (nothing to compare with)."""
        r = self.ratio
        return "—" if r is None else f"{r * 100:+.1f}%"


@dataclass(frozen=True)
class StatsView:
    """Everything the statistics view and the wall show for one period and one region."""

    region: RegionRef
    start: date
    end: date  # inclusive
    label: str
    previous_start: date
    previous_end: date
    last_year_start: date
    last_year_end: date
    summary: RegionFigures  # == MonthlyReport.summary
    previous: RegionFigures  # == MonthlyReport.previous (环比)
    last_year: RegionFigures  # the same period a year before (同比)
    by_stage: tuple[Slice, ...]  # the period's reports (上报) by their workflow stage now
    by_source: tuple[Slice, ...]  # the period's reports (上报) by source
    streets: tuple[RegionFigures, ...]  # sub-regions: == MonthlyReport.regions
    communities: tuple[RegionFigures, ...]  # communities of the region
    departments: tuple[DepartmentScore, ...]  # == MonthlyReport.departments
    categories: tuple[CategoryFigures, ...]  # every category; the first 10 == the report's
    daily: tuple[DailyCount, ...]  # == MonthlyReport.daily (intake = reported, closed)
    grids: tuple[GridCount, ...]  # == MonthlyReport.grid_counts (filed per grid)
    overdue: tuple[CaseLine, ...]  # == MonthlyReport.overdue_cases (the overdue board)
    computed_at: datetime
    snapshot_label: str
    # 回访率/满意率/重办数 per department and street (== MonthlyReport.satisfaction)
    satisfaction: Satisfaction | None = None

    def change(self, name: str, earlier: RegionFigures) -> Change:
        """环比/同比 of one summary count (``reported``, ``filed``, ``closed`` …)."""
        return Change(getattr(self.summary, name).value, getattr(earlier, name).value)
