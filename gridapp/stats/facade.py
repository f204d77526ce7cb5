"""``ws.stats``: the 统计分析 view and the wall display's figures for the logged-in user.

Who may look: shift leads, dispatchers, supervisors and administrators (as for the
monthly report). A town centre's staff (command staff with a street) see their town;
everyone else the district. Periods: today, this week (from Monday), this month, or any
range up to a year. Computing reads the store once per period (this one, the previous
one for 环比, the same one a year before for 同比); the UI calls it off the GUI thread.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from gridapp.bulk_work import collector_paused
from gridapp.domain.roles import Role
from gridapp.errors import DomainError, ValidationError
from gridapp.reports import fact_store
from gridapp.reports.indicators import ReportBuilder, snapshot
from gridapp.reports.model import Figure, RegionRef
from gridapp.reports.service import MAX_DAYS
from gridapp.stats import mark_columns
from gridapp.stats.case_lists import numbers_of
from gridapp.stats.compute import StatsBuilder
from gridapp.stats.model import CUSTOM, THIS_MONTH, THIS_WEEK, TODAY, StatsView

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

STATS_ROLES = frozenset({Role.SHIFT_LEAD, Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN})


def period_of(kind: str, today: date) -> tuple[date, date]:
    """The dates (inclusive) of today, this week (Monday on) or this month, up to today."""
    if kind == TODAY:
        return today, today
    if kind == THIS_WEEK:
        return today - timedelta(days=today.weekday()), today
    if kind == THIS_MONTH:
        return today.replace(day=1), today
    raise ValidationError("bad_period", f"unknown period kind: {kind}")


def period_label(kind: str, start: date, end: date) -> str:
    if kind == TODAY:
        return f"今日 {start:%Y-%m-%d}"
    if kind == THIS_WEEK:
        return f"本周 {start:%m-%d} 至 {end:%m-%d}"
    if kind == THIS_MONTH:
        return f"本月 {start.year}年{start.month}月1日 至 {end.day}日"
    if start == end:
        return f"{start:%Y-%m-%d}"
    return f"{start:%Y-%m-%d} 至 {end:%Y-%m-%d}"


class Statistics:
    """The statistics of one workspace, in the logged-in user's scope."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def allowed(self) -> bool:
        return self.ws.user.role in STATS_ROLES

    def _check_role(self) -> None:
        if not self.allowed():
            raise DomainError(
                "stats_role",
                "统计分析仅限值班长、派遣员、督查和管理员",
                role=self.ws.user.role.value,
            )

    def region(self) -> RegionRef:
        """The user's region: a town centre's town, else the district."""
        user = self.ws.user
        if user.role.is_command_staff and user.street_code:
            return self.ws.reports.region(user.street_code)
        return self.ws.reports.district()

    def view(
        self,
        kind: str = THIS_MONTH,
        *,
        start: date | None = None,
        end: date | None = None,
    ) -> StatsView:
        """The figures of a period kind, or of ``start``..``end`` when ``kind`` is CUSTOM."""
        self._check_role()
        if kind == CUSTOM:
            if start is None or end is None or end < start:
                raise ValidationError("bad_period", "请指定起止日期（结束不早于开始）")
            if (end - start).days + 1 > MAX_DAYS:
                raise ValidationError("bad_period", f"统计期不能超过 {MAX_DAYS} 天")
        else:
            start, end = period_of(kind, self.ws.clock().date())
        now = self.ws.clock()
        builder = StatsBuilder(
            ReportBuilder(self.ws.reference, self.ws.catalog, self.ws.reports.weights())
        )
        region = self.region()
        fact_store.refresh_stale(self.ws.db)
        mark_columns.refresh_store(self.ws.db)
        with collector_paused(), self.ws.db.read() as conn:
            _at, label = snapshot(conn, now)
            return builder.build(
                conn, region, start, end, period_label(kind, start, end), now, label
            )

    def case_numbers(self, figure: Figure) -> tuple[str, ...]:
        """The case numbers behind a figure of a view, read from the store now when the
        view counted them in SQL (``case_lists.FigureCases``: a view keeps only counts
        for most figures). Cases changed since the view was computed may have moved in
        or out: the list is then the figure as it stands now."""
        self._check_role()  # the user may have changed since the view (a logout)
        with self.ws.db.read() as conn:
            return numbers_of(figure.case_numbers, conn)
