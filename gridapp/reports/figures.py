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

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import compress
from operator import attrgetter

from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import WorkCalendar
from gridapp.reports.facts import CaseFacts
from gridapp.reports.model import (
    LATE_HOURS,
    LATE_WORK_DAYS,
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
    "超期未结 = 期末仍未结案（挂账除外）且已过处置时限的案卷。",
    "超期时长 = 处置时限至处置反馈（未处置的至统计期末）：工作日、工作时时限按工作日历计"
    "工作日（非工作时间不计），紧急时限按自然小时计；向上取整到 0.1，超期不足 0.1 的记 0.1。",
    "作废、不予立案不属于处置案卷，计入上报质量（有效上报率、准确立案率）。",
    "有效上报率按上报被判定（立案、不予立案、作废、合并）的时间计入统计期；期末尚未判定的上报不计入，"
    "于判定当期计入。",
    "专业部门对期末持有或期内结案的案卷负责；回退后尚未改派的案卷不计入回退部门。",
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


def marks_of(facts: Iterable[CaseFacts], p: Period) -> list[Marks]:
    """Every case marked for ``p``, in case-number order (so figures sort in linear time)."""
    marks = [mark(f, p) for f in facts]
    marks.sort(key=lambda m: m.f.number)
    return marks


def _fig(marks: Iterable[Marks], flag: str | None = None) -> Figure:
    """The cases of ``marks`` whose ``flag`` (a :class:`Marks` field) is set; all without."""
    if flag is None:
        return Figure.of([m.f.number for m in marks])
    return Figure.of([m.f.number for m in marks if getattr(m, flag)])


def region_figures(region: RegionRef, marks: Sequence[Marks]) -> RegionFigures:
    numbers = [m.f.number for m in marks]

    def fig(flag: str) -> Figure:
        # compress/attrgetter loop in C: a region's 13 figures over 45,000 marks
        return Figure.of(compress(numbers, map(attrgetter(flag), marks)))

    return figures_of(region, fig)


def figures_of(region: RegionRef, fig: Callable[[str], Figure]) -> RegionFigures:
    """A region's totals from ``fig(flag)``: the cases of one :class:`Marks` flag."""
    due = fig("due")
    closed_due = fig("closed_due")
    on_time = fig("on_time")
    reworked = fig("reworked")
    return RegionFigures(
        region=region,
        reported=fig("reported"),
        filed=fig("filed"),
        closed=fig("closed"),
        due=due,
        closed_on_time=on_time,
        reworked=reworked,
        close_rate=Rate.of(closed_due, due),
        on_time_close_rate=Rate.of(on_time, due),
        rework_rate=Rate.of(reworked, due),
        overdue_open=fig("overdue_open"),
        supervised=fig("supervised"),
        voided=fig("voided"),
        not_filed=fig("not_filed"),
        excluded=fig("excluded"),
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
    groups = (
        (code, _fig(ms, "reported"), _fig(ms, "filed"), _fig(ms, "closed"))
        for code, ms in grouped(marks, lambda f: f.category).items()
    )
    return ranked_categories(groups, names, sum(1 for m in marks if m.filed), top)


def ranked_categories(
    groups: Iterable[tuple[str, Figure, Figure, Figure]],
    names: Callable[[str], tuple[str, str, str]],
    total_filed: int,
    top: int,
) -> tuple[CategoryFigures, ...]:
    """Top ``top`` of (code, 上报, 立案, 结案) by 立案, then 上报: the report's and the
    statistics view's category table, whichever way their figures were counted."""
    rows = []
    for code, reported, filed, closed in groups:
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
                closed=closed,
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
        GridCount(code, name, street, community, wkt, _fig(by_grid.get(code, ())))
        for code, name, street, community, wkt in grids
    )


class Lateness:
    """How late a case was, in the unit EVALUATION.md settles, rounded up to 0.1.

    Working days (on the working calendar: hours outside work do not count) for
    工作日/工作时 limits, clock hours for 紧急 limits. Rounded *up*, and at least 0.1
    whenever the case was late at all: 40 minutes late is 0.1 工作日, never "0.0"
    (which reads as on time); a Saturday handling after a Friday deadline is late too,
    though no working time passed.
    """

    def __init__(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar

    def of(self, deadline: datetime, done: datetime, unit: str) -> tuple[float, str]:
        if done <= deadline:
            return 0.0, _unit_label(unit)
        if _on_clock(unit):
            amount = (done - deadline).total_seconds() / 3600
        else:
            minutes = self.calendar.working_minutes_between(deadline, done)
            amount = minutes / self.calendar.hours.minutes_per_day
        return max(_ceil_tenth(amount), 0.1), _unit_label(unit)

    def hours(self, amount: float, label: str) -> float:
        """A printed lateness in hours, to order lines told in different units."""
        if label == LATE_WORK_DAYS:
            return amount * self.calendar.hours.minutes_per_day / 60
        return amount


def _on_clock(unit: str) -> bool:
    return unit in (TimeUnit.URGENT_HOUR.value, TimeUnit.URGENT_DAY.value)


def _unit_label(unit: str) -> str:
    return LATE_HOURS if _on_clock(unit) else LATE_WORK_DAYS


def _ceil_tenth(value: float) -> float:
    """Up to the next 0.1 (float noise such as 0.30000000004 stays 0.3)."""
    return math.ceil(round(value * 10, 6)) / 10


@dataclass(frozen=True)
class Labels:
    """Names for case lines: category, department, street and user display names."""

    category: Callable[[str], str]
    department: Callable[[str | None], str]
    street: Callable[[str], str]
    user: Callable[[str | None], str]
    state: Callable[[CaseFacts], str]


def _line(f: CaseFacts, labels: Labels, late: tuple[float, str], note: str = "") -> CaseLine:
    dept = f.last_round.dept if f.last_round else None
    return CaseLine(
        number=f.number,
        category_code=f.category,
        category_name=labels.category(f.category),
        department_code=dept,
        department_name=labels.department(dept),
        street_name=labels.street(f.street),
        deadline=f.deadline,
        late=late[0],
        late_unit=late[1],
        state_label=labels.state(f),
        note=note,
    )


# (hours late, line): lists sort by the printed lateness in hours (a working day counts its
# working hours), so the numbers read in order whatever unit each line prints in
_Lines = list[tuple[float, CaseLine]]


def _sorted(lines: _Lines) -> tuple[CaseLine, ...]:
    lines.sort(key=lambda x: (-x[0], x[1].number))
    return tuple(line for _, line in lines)


def _late(f: CaseFacts, done: datetime, late: Lateness) -> tuple[float, tuple[float, str]]:
    deadline = f.deadline
    if deadline is None:
        return 0.0, (0.0, _unit_label(f.deadline_unit))
    amount, unit = late.of(deadline, done, f.deadline_unit)
    return late.hours(amount, unit), (amount, unit)


def overdue_lines(
    marks: Sequence[Marks], p: Period, labels: Labels, late: Lateness
) -> tuple[CaseLine, ...]:
    """Due cases not done on time, and every case still open past its deadline at period end."""
    lines: _Lines = []
    for m in marks:
        f, deadline = m.f, m.f.deadline
        if deadline is None or m.excluded:
            continue
        if m.overdue_open:
            clock, amount = _late(f, p.end, late)
            lines.append((clock, _line(f, labels, amount, "期末未结")))
        elif m.closed_due and not m.on_time:
            last = f.last_round
            done = last.handled_at if last and last.handled_at else f.closed_at
            assert done is not None
            clock, amount = _late(f, done, late)
            lines.append((clock, _line(f, labels, amount, "超期结案")))
    return _sorted(lines)


def rework_lines(
    marks: Sequence[Marks], p: Period, labels: Labels, late: Lateness
) -> tuple[CaseLine, ...]:
    lines: _Lines = []
    for m in marks:
        fails = [r for r in m.f.rounds if r.check_ok is False and p.has(r.check_at)]
        if fails:
            clock, amount = _late_at(m.f, p, late)
            lines.append((clock, _line(m.f, labels, amount, f"返工 {len(fails)} 次")))
    return _sorted(lines)


def supervised_lines(
    marks: Sequence[Marks], p: Period, labels: Labels, late: Lateness
) -> tuple[CaseLine, ...]:
    lines: _Lines = []
    for m in marks:
        n = sum(1 for t in m.f.supervises if p.has(t))
        if n:
            clock, amount = _late_at(m.f, p, late)
            lines.append((clock, _line(m.f, labels, amount, f"督办 {n} 次")))
    return _sorted(lines)


def _late_at(f: CaseFacts, p: Period, late: Lateness) -> tuple[float, tuple[float, str]]:
    """How late at the moment the case was handled, or at the period end."""
    last = f.last_round
    done = last.handled_at if last and last.handled_at else f.closed_at
    return _late(f, done or p.end, late)


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
