"""Where and what each case of a report was at the period end: the ledger's descriptive
columns (street, community, grid, category, source, department).

The :class:`MonthlyReport` holds figures (case numbers), not per-case attributes, so the
workbook's per-case ledger (「案卷明细」) reads them here, from the same folded facts the
figures were counted from (``fact_store.load`` as at the period end, not the ``cases``
projection, which says where a case is *now*: a case re-classed at a November 立案 must
stay in its October category). The writer still checks every figure it lets the ledger
trace against these columns, so a case that changed in between (a late sync) only moves
its figures to the per-figure trace; it never miscounts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import Connection

from gridapp.domain.case import Source
from gridapp.domain.catalog import Catalog
from gridapp.reports import fact_store
from gridapp.reports.facts import CaseFacts
from gridapp.reports.model import LEVEL_DISTRICT, LEVEL_STREET, MonthlyReport
from gridapp.store.reference import ReferenceData


class CaseInfo(NamedTuple):
    """One case's descriptive ledger columns, as display texts ("" when unknown)."""

    street: str
    community: str
    grid: str  # the grid's code (names repeat between communities)
    category_code: str
    category: str
    source: str
    department: str  # the department of the last handling round


def case_infos(
    conn: Connection, report: MonthlyReport, ref: ReferenceData, catalog: Catalog
) -> dict[str, CaseInfo]:
    """Case number → :class:`CaseInfo` for every case the report's period read."""
    start = datetime.combine(report.period_start, time.min)
    end = datetime.combine(report.period_end + timedelta(days=1), time.min)
    # Names by code, looked up once: 45,000 cases share a few hundred texts.
    streets = {code: s.name for code, s in ref.streets.items()}
    communities = {code: c.name for code, c in ref.communities.items()}
    departments = {code: d.name for code, d in ref.departments.items()}
    categories = {code: c.name for code, c in catalog.categories.items()}
    sources = {s.value: s.label_zh for s in Source}
    seen: dict[tuple[str, ...], CaseInfo] = {}  # equal rows share one tuple
    out: dict[str, CaseInfo] = {}
    for f in _facts(conn, report, ref, start, end):
        dept = f.last_round.dept if f.last_round else None
        key = (f.street, f.community, f.grid, f.category, f.source, dept or "")
        info = seen.get(key)
        if info is None:
            info = seen[key] = CaseInfo(
                streets.get(f.street, f.street),
                communities.get(f.community, f.community),
                f.grid,
                f.category,
                categories.get(f.category, f.category),
                sources.get(f.source, f.source),
                departments.get(dept, dept) if dept else "",
            )
        out[f.number] = info
    return out


def _facts(
    conn: Connection, report: MonthlyReport, ref: ReferenceData, start: datetime, end: datetime
) -> Iterator[CaseFacts]:
    """The period's facts a street (of a district) or a community (of a street) at a time.

    A district's month decoded at once is ~300 MB of Python objects; a street's is an
    eighth of that, and each is dropped before the next is read. A case outside every
    known street gets no row here: the writer then traces its figures case by case.
    """
    region = report.region
    if region.level == LEVEL_DISTRICT:
        parts = sorted(ref.streets)
    elif region.level == LEVEL_STREET:
        parts = sorted(c.code for c in ref.communities.values() if c.street_code == region.code)
    else:
        parts = [region.code]
    for code in parts:
        yield from fact_store.load(conn, code, start, end)
