"""``ws.reports``: the monthly supervision report for the desktop and the command line.

The one entry point the UI uses (through the Workspace facade): choose a month or a
date range and a region, get a :class:`MonthlyReport`, then write it as PDF or Excel.
Computing runs on the caller's thread (the UI calls it on its ``db`` task lane) and
reports progress through ``on_progress(percent, text)``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from gridapp.bulk_work import collector_paused
from gridapp.errors import DomainError, NotFoundError, ValidationError
from gridapp.reports import fact_store
from gridapp.reports.indicators import Progress, ReportBuilder, Request, snapshot
from gridapp.reports.model import (
    LEVEL_COMMUNITY,
    LEVEL_DISTRICT,
    LEVEL_STREET,
    MonthlyReport,
    RegionRef,
    Weights,
)
from gridapp.reports.weights import load_weights, load_weights_file

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

# Names of county codes the demo and tests use; a store may carry its own (meta county_name).
KNOWN_COUNTIES = {"370306": "淄博市周村区"}
MAX_DAYS = 366
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(month: str) -> tuple[date, date]:
    """'2026-10' → (2026-10-01, 2026-10-31); a clear error for anything else."""
    m = _MONTH.match(month.strip())
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValidationError(
            "bad_month", f"月份格式应为 YYYY-MM，例如 2026-10：{month}", month=month
        )
    start = date(int(m.group(1)), int(m.group(2)), 1)
    nxt = (start + timedelta(days=32)).replace(day=1)
    return start, nxt - timedelta(days=1)


def _as_date(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError("bad_date", f"日期格式应为 YYYY-MM-DD：{value}", field=name) from None


class Reports:
    """Monthly (or any date range) supervision and evaluation reports of one store."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    # -- choices --------------------------------------------------------------------------

    def district(self) -> RegionRef:
        with self.ws.db.read() as conn:
            from sqlalchemy import select

            from gridapp.store.schema import meta

            name = conn.execute(select(meta.c.value).where(meta.c.key == "county_name")).scalar()
        code = self.ws.county_code
        return RegionRef(code, name or KNOWN_COUNTIES.get(code, f"{code} 区县"), LEVEL_DISTRICT)

    def regions(self) -> list[RegionRef]:
        """The district, then each street/town followed by its communities (dialog choices)."""
        ref = self.ws.reference
        out = [self.district()]
        for s in sorted(ref.streets.values(), key=lambda s: s.code):
            out.append(RegionRef(s.code, s.name, LEVEL_STREET))
            out.extend(
                RegionRef(c.code, c.name, LEVEL_COMMUNITY)
                for c in sorted(ref.communities.values(), key=lambda c: c.code)
                if c.street_code == s.code
            )
        return out

    def region(self, code: str) -> RegionRef:
        """A region by code, or NotFoundError (code ``unknown_region``) with the code in it."""
        code = str(code).strip()
        ref = self.ws.reference
        if code == self.ws.county_code:
            return self.district()
        if code in ref.streets:
            return RegionRef(code, ref.streets[code].name, LEVEL_STREET)
        if code in ref.communities:
            c = ref.communities[code]
            street = ref.streets.get(c.street_code)
            name = f"{street.name}{c.name}" if street else c.name
            return RegionRef(code, name, LEVEL_COMMUNITY)
        raise NotFoundError(
            "unknown_region",
            f"未知的区域代码：{code}"
            f"（应为本区 {self.ws.county_code}、街道/镇 9 位或社区 12 位代码）",
            region=code,
        )

    def weights(self, path: Path | None = None) -> Weights:
        """The weights in use: a JSON file when given, else the store's, else the defaults."""
        if path is not None:
            return load_weights_file(path)
        with self.ws.db.read() as conn:
            return load_weights(conn)

    # -- computing ------------------------------------------------------------------------

    def monthly(
        self,
        month: str | None = None,
        *,
        start: date | str | None = None,
        end: date | str | None = None,
        region: str | None = None,
        on_progress: Progress | None = None,
        weights: Weights | None = None,
        top_categories: int = 10,
    ) -> MonthlyReport:
        """The report of ``month`` ('YYYY-MM'), or of ``start``..``end`` (inclusive)."""
        first, last, label = self._period(month, start, end)
        where = self.region(region or self.ws.county_code)
        now = self.ws.clock()
        req = Request(where, first, last, label, self._generated_by(), now, top_categories)
        builder = ReportBuilder(self.ws.reference, self.ws.catalog, weights or self.weights())
        fact_store.refresh_stale(self.ws.db)
        with collector_paused(), self.ws.db.read() as conn:
            snap_at, snap_label = snapshot(conn, now)
            report = builder.build(conn, req, snap_at, snap_label, on_progress)
        if on_progress:
            on_progress(100, "完成")
        return report

    def _period(
        self, month: str | None, start: date | str | None, end: date | str | None
    ) -> tuple[date, date, str]:
        if month is not None:
            if start is not None or end is not None:
                raise ValidationError("bad_period", "请选择月份或起止日期，不能同时指定")
            first, last = parse_month(month)
            return first, last, f"{first.year}年{first.month}月"
        if start is None and end is None:
            today = self.ws.clock().date()
            last = today.replace(day=1) - timedelta(days=1)  # last full month by default
            return last.replace(day=1), last, f"{last.year}年{last.month}月"
        if start is None or end is None:
            raise ValidationError("bad_period", "起止日期须同时指定")
        first, last = _as_date(start, "start"), _as_date(end, "end")
        if last < first:
            raise ValidationError("bad_period", f"结束日期 {last} 早于开始日期 {first}")
        if (last - first).days + 1 > MAX_DAYS:
            raise ValidationError("bad_period", f"统计期不能超过 {MAX_DAYS} 天")
        nxt = last + timedelta(days=1)
        if first.day == 1 and nxt.day == 1 and (nxt - first).days <= 31:
            return first, last, f"{first.year}年{first.month}月"
        return first, last, f"{first:%Y-%m-%d} 至 {last:%Y-%m-%d}"

    def _generated_by(self) -> str:
        try:
            user = self.ws.user
        except DomainError:
            return "系统"
        return f"{user.display_name}（{user.username}）" if user.display_name else user.username

    # -- writing --------------------------------------------------------------------------

    def write_xlsx(self, report: MonthlyReport, path: Path | str) -> Path:
        """The workbook; its ledger reads each case's place and class at the period end."""
        from gridapp.reports.excel import write_workbook
        from gridapp.reports.ledger_cases import case_infos

        with collector_paused():
            with self.ws.db.read() as conn:
                cases = case_infos(conn, report, self.ws.reference, self.ws.catalog)
            return write_workbook(report, Path(path), cases)

    def write_pdf(self, report: MonthlyReport, path: Path | str) -> Path:
        from gridapp.reports.pdf import render_pdf

        with collector_paused():
            render_pdf(report, Path(path))
        return Path(path)
