"""Counting rules of EVALUATION.md applied to folded cases: region totals, categories, days,
grids, and the case lists (超期 / 返工 / 督办 / exclusions).

Each case is classified once per period (:class:`Marks`); every table then only groups
those marks, so a case counts the same way in the summary, its region, its category and
its department, and each Figure carries exactly the case numbers it counted.

Rules as implemented (printed in the report's appendix, see ``COUNTING_NOTES``):
- 上报/立案/结案/作废/不予立案 count in the period of that event.
- 应结案 = filed cases whose deadline in force at the period end falls in the period
  (unless closed before the period began) plus cases closed in the period; cases under an
  approved 缓办/挂账 at any time in the period are left out and listed apart.
- 按期 = the last 处置反馈 at or before the deadline in force (the deadline is computed on
  the working calendar when dispatched; an approved 延期 moves it, a 返工 starts a new one).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from gridapp.reports.facts import CaseFacts
from gridapp.reports.model import (
    CaseLine,
    CategoryFigures,
    DailyCount,
    Exclusion,
    Figure,
    GridCount,
    Rate,
    RegionFigures,
    RegionRef,
)

COUNTING_NOTES: tuple[str, ...] = (
    "上报数、立案数、结案数、作废、不予立案按该事件发生的时间计入统计期。",
    "应结案 = 处置时限（期末有效时限）落在统计期内的已立案案卷（统计期前已结案的除外）"
    " + 统计期内结案的案卷；统计期内处于批准缓办/挂账的案卷不计入分母，单独列出。",
    "按期 = 最后一次处置反馈不晚于当时有效的处置时限；时限按工作日历计算，批准延期后以新时限为准，"
    "返工后重新起算。",
    "超期未结 = 期末仍未结案（挂账除外）且已过处置时限的案卷；超期天数按自然日计。",
    "作废、不予立案不属于处置案卷，计入上报质量（有效上报率、准确立案率）。",
    "综合得分 = 各适用指标得分的加权平均；某指标分母为 0 时不适用，其权重按比例分配给其余指标。",
    "计数类指标（受理数、派遣数、立案数）按分档得分，分档下限以 30 天为基准按统计期天数折算。",
)


@dataclass(frozen=True)
class Period:
    """Whole days, [start, end) as datetimes (naive China time)."""

    start: datetime
    end: datetime

    def has(self, t: datetime | None) -> bool:
        return t is not None and self.start <= t < self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def dates(self) -> list[date]:
        return [self.start.date() + timedelta(days=i) for i in range(self.days)]


@dataclass(slots=True)
class Marks:
    """How one case counts in one period."""

    f: CaseFacts
    reported: bool
    filed: bool
    closed: bool
    excluded: bool
    due: bool
    closed_due: bool
    on_time: bool
    reworked: bool
    overdue_open: bool
    supervised: bool
    voided: bool
    not_filed: bool


def _excluded(f: CaseFacts, p: Period) -> bool:
    return any(
        s.approved_at < p.end and (s.resumed_at is None or s.resumed_at >= p.start)
        for s in f.suspensions
    )


def mark(f: CaseFacts, p: Period) -> Marks:
    deadline = f.deadline
    excluded = _excluded(f, p)
    closed = p.has(f.closed_at)
    closed_before = f.closed_at is not None and f.closed_at < p.start
    due = (
        not excluded
        and f.filed_at is not None
        and f.voided_at is None
        and (closed or (p.has(deadline) and not closed_before))
    )
    last = f.last_round
    closed_due = due and f.closed_at is not None
    on_time = bool(
        closed_due
        and last is not None
        and last.handled_at is not None
        and deadline is not None
        and last.handled_at <= deadline
    )
    overdue_open = bool(
        f.filed_at is not None
        and f.is_open
        and not f.suspended_now
        and deadline is not None
        and deadline < p.end
    )
    return Marks(
        f=f,
        reported=p.has(f.reported_at),
        filed=p.has(f.filed_at),
        closed=closed,
        excluded=excluded,
        due=due,
        closed_due=closed_due,
        on_time=on_time,
        reworked=due and any(r.check_ok is False for r in f.rounds),
        overdue_open=overdue_open,
        supervised=any(p.has(t) for t in f.supervises),
        voided=p.has(f.voided_at),
        not_filed=p.has(f.rejected_at),
    )


def _fig(marks: Iterable[Marks], flag: Callable[[Marks], bool]) -> Figure:
    return Figure.of(m.f.number for m in marks if flag(m))


def region_figures(region: RegionRef, marks: Sequence[Marks]) -> RegionFigures:
    due = _fig(marks, lambda m: m.due)
    closed_due = _fig(marks, lambda m: m.closed_due)
    on_time = _fig(marks, lambda m: m.on_time)
    reworked = _fig(marks, lambda m: m.reworked)
    return RegionFigures(
        region=region,
        reported=_fig(marks, lambda m: m.reported),
        filed=_fig(marks, lambda m: m.filed),
        closed=_fig(marks, lambda m: m.closed),
        due=due,
        closed_on_time=on_time,
        reworked=reworked,
        close_rate=Rate.of(closed_due, due),
        on_time_close_rate=Rate.of(on_time, due),
        rework_rate=Rate.of(reworked, due),
        overdue_open=_fig(marks, lambda m: m.overdue_open),
        supervised=_fig(marks, lambda m: m.supervised),
        voided=_fig(marks, lambda m: m.voided),
        not_filed=_fig(marks, lambda m: m.not_filed),
        excluded=_fig(marks, lambda m: m.excluded),
    )


def is_empty(s: RegionFigures) -> bool:
    counts = (s.reported, s.filed, s.closed, s.due, s.voided, s.not_filed, s.excluded)
    return all(c.value == 0 for c in counts) and s.overdue_open.value == 0


def grouped(marks: Iterable[Marks], key: Callable[[CaseFacts], str]) -> dict[str, list[Marks]]:
    out: dict[str, list[Marks]] = defaultdict(list)
    for m in marks:
        out[key(m.f)].append(m)
    return out


def category_rows(
    marks: Sequence[Marks], names: Callable[[str], tuple[str, str, str]], top: int
) -> tuple[CategoryFigures, ...]:
    """Top ``top`` small categories by 立案 (then 上报); ``names`` gives (name, big, kind)."""
    total_filed = sum(1 for m in marks if m.filed)
    rows = []
    for code, ms in grouped(marks, lambda f: f.category).items():
        filed = _fig(ms, lambda m: m.filed)
        reported = _fig(ms, lambda m: m.reported)
        if not (filed.value or reported.value):
            continue
        name, big, kind = names(code)
        rows.append(
            CategoryFigures(
                code=code,
                name=name,
                big_class=big,
                kind=kind,
                reported=reported,
                filed=filed,
                closed=_fig(ms, lambda m: m.closed),
                share=filed.value / total_filed if total_filed else 0.0,
            )
        )
    rows.sort(key=lambda r: (-r.filed.value, -r.reported.value, r.code))
    return tuple(rows[:top])


def daily_rows(facts: Iterable[CaseFacts], p: Period) -> tuple[DailyCount, ...]:
    per: dict[date, tuple[list[str], list[str], list[str]]] = {d: ([], [], []) for d in p.dates()}
    for f in facts:
        for i, t in enumerate((f.reported_at, f.filed_at, f.closed_at)):
            if p.has(t):
                per[t.date()][i].append(f.number)  # type: ignore[union-attr]
    return tuple(
        DailyCount(d, Figure.of(r), Figure.of(fi), Figure.of(c)) for d, (r, fi, c) in per.items()
    )


def grid_rows(
    marks: Sequence[Marks], grids: Iterable[tuple[str, str, str, str, str]]
) -> tuple[GridCount, ...]:
    """Cases filed in the period per unit grid, for every grid of the region (0 included)."""
    by_grid = grouped((m for m in marks if m.filed), lambda f: f.grid)
    return tuple(
        GridCount(code, name, street, community, wkt, _fig(by_grid.get(code, ()), lambda m: True))
        for code, name, street, community, wkt in grids
    )


def _days(late: timedelta) -> float:
    return round(max(late.total_seconds(), 0.0) / 86_400, 1)


@dataclass(frozen=True)
class Labels:
    """Names for case lines: category, department, street and user display names."""

    category: Callable[[str], str]
    department: Callable[[str | None], str]
    street: Callable[[str], str]
    user: Callable[[str | None], str]
    state: Callable[[CaseFacts], str]


def _line(f: CaseFacts, labels: Labels, days_late: float, note: str = "") -> CaseLine:
    dept = f.last_round.dept if f.last_round else None
    return CaseLine(
        number=f.number,
        category_code=f.category,
        category_name=labels.category(f.category),
        department_code=dept,
        department_name=labels.department(dept),
        street_name=labels.street(f.street),
        deadline=f.deadline,
        days_late=days_late,
        state_label=labels.state(f),
        note=note,
    )


def overdue_lines(marks: Sequence[Marks], p: Period, labels: Labels) -> tuple[CaseLine, ...]:
    """Due cases not done on time, and every case still open past its deadline at period end."""
    lines = []
    for m in marks:
        f, deadline = m.f, m.f.deadline
        if deadline is None or m.excluded:
            continue
        if m.overdue_open:
            lines.append(_line(f, labels, _days(p.end - deadline), "期末未结"))
        elif m.closed_due and not m.on_time:
            last = f.last_round
            done = last.handled_at if last and last.handled_at else f.closed_at
            assert done is not None
            lines.append(_line(f, labels, _days(done - deadline), "超期结案"))
    lines.sort(key=lambda c: (-c.days_late, c.number))
    return tuple(lines)


def rework_lines(marks: Sequence[Marks], p: Period, labels: Labels) -> tuple[CaseLine, ...]:
    lines = []
    for m in marks:
        fails = [r for r in m.f.rounds if r.check_ok is False and p.has(r.check_at)]
        if fails:
            late = _late_at(m.f, p)
            lines.append(_line(m.f, labels, late, f"返工 {len(fails)} 次"))
    lines.sort(key=lambda c: (-c.days_late, c.number))
    return tuple(lines)


def supervised_lines(marks: Sequence[Marks], p: Period, labels: Labels) -> tuple[CaseLine, ...]:
    lines = []
    for m in marks:
        n = sum(1 for t in m.f.supervises if p.has(t))
        if n:
            lines.append(_line(m.f, labels, _late_at(m.f, p), f"督办 {n} 次"))
    lines.sort(key=lambda c: (-c.days_late, c.number))
    return tuple(lines)


def _late_at(f: CaseFacts, p: Period) -> float:
    """Days past the deadline at the moment the case was handled, or at the period end."""
    deadline, last = f.deadline, f.last_round
    if deadline is None:
        return 0.0
    done = last.handled_at if last and last.handled_at else f.closed_at
    return _days((done or p.end) - deadline)


def exclusions(marks: Sequence[Marks], p: Period, labels: Labels) -> tuple[Exclusion, ...]:
    out = []
    for m in marks:
        f = m.f
        dept = labels.department(f.last_round.dept if f.last_round else None)
        category = labels.category(f.category)
        if m.excluded:
            for s in f.suspensions:
                if s.approved_at < p.end and (s.resumed_at is None or s.resumed_at >= p.start):
                    out.append(
                        Exclusion(
                            f.number,
                            "挂账",
                            category,
                            dept,
                            labels.user(s.requested_by),
                            s.requested_at,
                            labels.user(s.approved_by),
                            s.approved_at,
                            s.reason,
                        )
                    )
        if m.voided and f.voided_at:
            out.append(
                Exclusion(
                    f.number,
                    "作废",
                    category,
                    dept,
                    "",
                    None,
                    labels.user(f.voided_by),
                    f.voided_at,
                    f.void_reason,
                )
            )
        if m.not_filed and f.rejected_at:
            out.append(
                Exclusion(
                    f.number,
                    "不予立案",
                    category,
                    dept,
                    "",
                    None,
                    labels.user(f.rejected_by),
                    f.rejected_at,
                    f.reject_reason,
                )
            )
    out.sort(key=lambda e: (e.kind, e.approved_at, e.number))
    return tuple(out)
