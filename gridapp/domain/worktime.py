"""Working-time deadlines (时限) on the Chinese working calendar.

Work units (工作时 / 工作日) count only working periods of working days; urgent units run on
the clock. Working days come from admin overrides first, then chinese_calendar (holidays and
调休 make-up days), then a Monday–Friday fallback for years the package does not know yet.
All datetimes are naive Asia/Shanghai wall-clock times (no DST since 1991).

Extensions (延期): an extended case keeps its original start; pass the *current* deadline to
elapsed_fraction / remaining / overdue_level and the level follows the new limit.
Time is counted internally in integer microseconds so round trips are exact.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from numbers import Real
from typing import ClassVar

import chinese_calendar

from gridapp.domain.units import TimeUnit
from gridapp.errors import ValidationError

US_PER_MINUTE = 60_000_000
US_PER_HOUR = 60 * US_PER_MINUTE
US_PER_DAY = 24 * US_PER_HOUR
YELLOW_AT = 0.8
MAX_SPAN_DAYS = 36_600  # ~100 years: guards the day loop against absurd amounts
_ONE_DAY = timedelta(days=1)


class OverdueLevel(StrEnum):
    """Warning colour of a case against its limit: yellow from 80 % used, red once overdue."""

    NONE = "none"
    YELLOW = "yellow"
    RED = "red"


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _at(d: date, us: int) -> datetime:
    return datetime.combine(d, time()) + timedelta(microseconds=us)


def _day_us(dt: datetime) -> int:
    return _time_us(dt.time())


def _hours_error(message: str, period: object) -> ValidationError:
    return ValidationError("bad_working_hours", message, period=repr(period))


@dataclass(frozen=True)
class WorkingHours:
    """Working periods of one working day; validated so the counting loops stay correct."""

    periods: tuple[tuple[time, time], ...]
    DEFAULT: ClassVar[WorkingHours]
    spans_us: tuple[tuple[int, int], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            periods = tuple((s, e) for s, e in self.periods)
        except (TypeError, ValueError) as exc:
            raise _hours_error("periods must be (start, end) pairs", self.periods) from exc
        if not periods:
            raise _hours_error("at least one working period is needed", periods)
        prev_end = -1
        for s, e in periods:
            if not (isinstance(s, time) and isinstance(e, time)) or s.tzinfo or e.tzinfo:
                raise _hours_error("periods must be naive times", (s, e))
            if not s < e:
                raise _hours_error("period start must be before its end", (s, e))
            if _time_us(s) < prev_end:
                raise _hours_error("periods must be ordered and not overlap", (s, e))
            prev_end = _time_us(e)
        object.__setattr__(self, "periods", periods)
        object.__setattr__(self, "spans_us", tuple((_time_us(s), _time_us(e)) for s, e in periods))

    @property
    def minutes_per_day(self) -> float:
        """Length of one working day: a work_day is this much working time."""
        return self.us_per_day / US_PER_MINUTE

    @property
    def us_per_day(self) -> int:
        return sum(e - s for s, e in self.spans_us)

    def work_us(self, start_us: int, end_us: int) -> int:
        """Working microseconds between two times of the same (working) day."""
        return sum(max(0, min(e, end_us) - max(s, start_us)) for s, e in self.spans_us)


WorkingHours.DEFAULT = WorkingHours(((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30))))


@lru_cache(maxsize=64)
def _package_covers(year: int) -> bool:
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except (NotImplementedError, ValueError):
        return False
    return True


@lru_cache(maxsize=16_384)
def _package_workday(d: date) -> bool:
    """chinese_calendar's answer, or Monday–Friday for years it does not cover."""
    if _package_covers(d.year):
        try:
            return bool(chinese_calendar.is_workday(d))
        except NotImplementedError:  # pragma: no cover - coverage probed above
            pass
    return d.weekday() < 5


def _naive(dt: datetime, name: str) -> datetime:
    if not isinstance(dt, datetime):
        raise ValidationError("bad_datetime", f"{name} must be a datetime", value=repr(dt))
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        raise ValidationError(
            "aware_datetime", f"{name} must be naive local time", value=dt.isoformat()
        )
    return dt


def _unit(unit: TimeUnit | str) -> TimeUnit:
    try:
        return TimeUnit(unit)
    except ValueError as exc:
        raise ValidationError("bad_unit", f"unknown time unit {unit!r}", unit=str(unit)) from exc


def _amount(amount: float) -> float:
    if isinstance(amount, bool) or not isinstance(amount, Real):
        raise ValidationError("bad_amount", "amount must be a number", amount=repr(amount))
    value = float(amount)
    if not math.isfinite(value) or value <= 0:
        raise ValidationError("bad_amount", "amount must be a positive finite number", amount=value)
    return value


class WorkCalendar:
    """Decides working days and counts working time; caches per-date answers for speed."""

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        confirmed_years: Iterable[int] = (),
        hours: WorkingHours = WorkingHours.DEFAULT,
    ) -> None:
        self._overrides: dict[date, bool] = {
            (k.date() if isinstance(k, datetime) else k): bool(v)
            for k, v in (overrides or {}).items()
        }
        self._confirmed = frozenset(int(y) for y in confirmed_years)
        self.hours = hours
        self._cache: dict[date, bool] = {}
        # (first day's ordinal, running counts): counts[i] = working days in
        # [first, first + i). One value replaced whole, so a thread reading it while
        # another extends it sees a consistent pair (both compute the same counts).
        self._runs: tuple[int, list[int]] | None = None

    @property
    def overrides(self) -> Mapping[date, bool]:
        return dict(self._overrides)

    def is_workday(self, d: date) -> bool:
        """Override, else chinese_calendar, else Monday–Friday; never raises NotImplementedError."""
        if isinstance(d, datetime):
            d = d.date()
        hit = self._cache.get(d)
        if hit is None:
            hit = self._overrides.get(d)
            if hit is None:
                hit = _package_workday(d)
            self._cache[d] = hit
        return hit

    def is_confirmed(self, year: int) -> bool:
        """True when the official arrangement for the year is known (package or admin)."""
        return year in self._confirmed or _package_covers(year)

    def unconfirmed_years(self, start: datetime, end: datetime) -> list[int]:
        """Years touched by [start, end] whose deadline only assumes Monday–Friday."""
        lo, hi = sorted((_naive(start, "start").year, _naive(end, "end").year))
        return [y for y in range(lo, hi + 1) if not self.is_confirmed(y)]

    # -- counting -----------------------------------------------------------------------
    def _working_days(self, first: date, end: date) -> int:
        """Working days d with ``first`` <= d < ``end``, from running counts kept per
        date instead of walking the days (the overdue board counts lateness for
        thousands of cases, many months late)."""
        lo, hi = first.toordinal(), end.toordinal()
        if hi <= lo:
            return 0
        runs = self._runs
        if runs is None or lo < runs[0]:
            start = lo - 366  # a year's margin: an earlier date rarely rebuilds them
            counts = [0]
            for k in range(start, lo if runs is None else runs[0]):
                counts.append(counts[-1] + self.is_workday(date.fromordinal(k)))
            if runs is not None:
                counts += [n + counts[-1] for n in runs[1][1:]]
            runs = self._runs = (start, counts)
        start, counts = runs
        if hi - start >= len(counts):
            counts = list(counts)
            for k in range(start + len(counts) - 1, hi):
                counts.append(counts[-1] + self.is_workday(date.fromordinal(k)))
            self._runs = (start, counts)
        return counts[hi - start] - counts[lo - start]

    def _add_work_us(self, start: datetime, need: int) -> datetime:
        """Walk forward need working µs; whole working days are skipped in one step."""
        day_us = self.hours.us_per_day
        spans = self.hours.spans_us
        d, pos = start.date(), _day_us(start)
        for _ in range(MAX_SPAN_DAYS * 2):
            if self.is_workday(d):
                if pos == 0 and need > day_us:
                    need -= day_us
                else:
                    for s, e in spans:
                        if e <= pos:
                            continue
                        begin = max(s, pos)
                        if need <= e - begin:  # ending exactly at e keeps the period end
                            return _at(d, begin + need)
                        need -= e - begin
            d, pos = d + _ONE_DAY, 0
        raise ValidationError("bad_amount", "deadline is too far ahead")  # pragma: no cover

    def _work_us_between(self, a: datetime, b: datetime) -> int:
        if b < a:
            return -self._work_us_between(b, a)
        hours = self.hours
        da, db = a.date(), b.date()
        if da == db:
            return hours.work_us(_day_us(a), _day_us(b)) if self.is_workday(da) else 0
        total = hours.work_us(_day_us(a), US_PER_DAY) if self.is_workday(da) else 0
        total += self._working_days(da + _ONE_DAY, db) * hours.us_per_day
        if self.is_workday(db):
            total += hours.work_us(0, _day_us(b))
        return total

    def deadline_for(self, start: datetime, amount: float, unit: TimeUnit | str) -> datetime:
        """Deadline of a limit of amount units counted from start."""
        start, unit, value = _naive(start, "start"), _unit(unit), _amount(amount)
        per_unit = {
            TimeUnit.WORK_HOUR: US_PER_HOUR,
            TimeUnit.WORK_DAY: self.hours.us_per_day,
            TimeUnit.URGENT_HOUR: US_PER_HOUR,
            TimeUnit.URGENT_DAY: US_PER_DAY,
        }[unit]
        need = round(value * per_unit)
        if need > MAX_SPAN_DAYS * US_PER_DAY:
            raise ValidationError("bad_amount", "amount is too large", amount=value)
        try:
            if unit.on_clock:
                return start + timedelta(microseconds=need)
            return self._add_work_us(start, need)
        except OverflowError as exc:
            raise ValidationError("bad_amount", "deadline falls outside the calendar") from exc

    def working_minutes_between(self, a: datetime, b: datetime) -> float:
        """Working minutes from a to b (negative if b < a): the basis of remaining time."""
        return self._work_us_between(_naive(a, "a"), _naive(b, "b")) / US_PER_MINUTE

    def _span_us(self, a: datetime, b: datetime, unit: TimeUnit) -> int:
        if unit.on_clock:
            return (b - a) // timedelta(microseconds=1)
        return self._work_us_between(a, b)

    def elapsed_fraction(
        self, start: datetime, deadline: datetime, now: datetime, unit: TimeUnit | str
    ) -> float:
        """Share of the limit used: 0 before start, 1 at the deadline, > 1 when overdue."""
        start, deadline, now = (
            _naive(start, "start"),
            _naive(deadline, "deadline"),
            _naive(now, "now"),
        )
        unit = _unit(unit)
        if now <= start:
            return 0.0
        total = self._span_us(start, deadline, unit)
        if total <= 0:
            return math.inf if now > deadline else 1.0
        return self._span_us(start, now, unit) / total

    def remaining(self, deadline: datetime, now: datetime, unit: TimeUnit | str) -> timedelta:
        """Working time left (clock time for urgent units); negative once overdue.

        For work units this stays 0 while no working time has passed since the deadline
        (e.g. the weekend after a Friday 17:30 deadline): use overdue_level for the status.
        """
        deadline, now, unit = _naive(deadline, "deadline"), _naive(now, "now"), _unit(unit)
        return timedelta(microseconds=self._span_us(now, deadline, unit))

    def overdue_level(
        self, start: datetime, deadline: datetime, now: datetime, unit: TimeUnit | str
    ) -> OverdueLevel:
        """RED when now > deadline, YELLOW from YELLOW_AT of the limit used, else NONE."""
        if _naive(now, "now") > _naive(deadline, "deadline"):
            return OverdueLevel.RED
        if self.elapsed_fraction(start, deadline, now, unit) >= YELLOW_AT:
            return OverdueLevel.YELLOW
        return OverdueLevel.NONE


_DEFAULT_CALENDAR = WorkCalendar()


def deadline_for(
    start: datetime, amount: float, unit: TimeUnit | str, calendar: WorkCalendar | None = None
) -> datetime:
    """Convenience wrapper: the default calendar (no overrides, default hours) unless given."""
    return (calendar or _DEFAULT_CALENDAR).deadline_for(start, amount, unit)
