"""Working-time deadlines on the Chinese working calendar.

Default hours: 08:30–12:00 and 13:30–17:30 (7.5 h a day). Official 2026 facts used below,
checked against chinese_calendar 1.11.0:
- 春节: rest Sun 2026-02-15 … Mon 2026-02-23; make-up working Saturdays 02-14 and 02-28.
- 国庆 (with 中秋 moved): rest Thu 2026-10-01 … Wed 2026-10-07; make-up working
  Sun 2026-09-20 and Sat 2026-10-10. Thu 2026-10-08 is a normal working day.
- 元旦 2026: rest 01-01 and 01-02, make-up Sun 2026-01-04. 2027 is not in the package.
Week of 2026-01-05: Mon 05 … Fri 09, Sat 10, Sun 11, Mon 12.
"""

from __future__ import annotations

import math
import random
import time as _time
from datetime import UTC, date, datetime, time, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gridapp.domain.units import TimeUnit
from gridapp.domain.worktime import (
    YELLOW_AT,
    OverdueLevel,
    WorkCalendar,
    WorkingHours,
    deadline_for,
)
from gridapp.errors import ValidationError

D = datetime
CAL = WorkCalendar()
WH, WD = TimeUnit.WORK_HOUR, TimeUnit.WORK_DAY
UH, UD = TimeUnit.URGENT_HOUR, TimeUnit.URGENT_DAY


def test_official_2026_facts_match_the_package() -> None:
    # Guards the hand-worked expectations below against a different package version.
    rest = [date(2026, 2, d) for d in range(15, 24)] + [date(2026, 10, d) for d in range(1, 8)]
    assert not any(chinese_calendar.is_workday(d) for d in rest)
    for d in (date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)):
        assert d.weekday() >= 5 and chinese_calendar.is_workday(d)
    assert chinese_calendar.is_workday(date(2026, 10, 8))


def test_default_hours() -> None:
    assert WorkingHours.DEFAULT.minutes_per_day == 450
    assert CAL.hours is WorkingHours.DEFAULT


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # Thu 10:00 + 3h: 10:00–12:00 (2h), lunch, 13:30–14:30 (1h).
        (D(2026, 1, 8, 10), 3, WH, D(2026, 1, 8, 14, 30)),
        # Thu 16:00 + 3h: 16:00–17:30 (1.5h), night, Fri 08:30–10:00 (1.5h).
        (D(2026, 1, 8, 16), 3, WH, D(2026, 1, 9, 10)),
        # Sat 11:00 + 2h: weekend skipped, Mon 08:30–10:30.
        (D(2026, 1, 10, 11), 2, WH, D(2026, 1, 12, 10, 30)),
        # Thu 17:30 exactly is the end of the day: Fri 08:30 + 1h.
        (D(2026, 1, 8, 17, 30), 1, WH, D(2026, 1, 9, 9, 30)),
        # Thu 12:00 exactly (lunch starts): counting starts 13:30.
        (D(2026, 1, 8, 12), 1, WH, D(2026, 1, 8, 14, 30)),
        # Before the day starts: 07:00 counts from 08:30.
        (D(2026, 1, 8, 7), 1, WH, D(2026, 1, 8, 9, 30)),
        # 11:45 + 0.5h: 15 min to 12:00, 15 min from 13:30.
        (D(2026, 1, 8, 11, 45), 0.5, WH, D(2026, 1, 8, 13, 45)),
        # Ending exactly on a period end stays there, not the next period start.
        (D(2026, 1, 8, 8, 30), 3.5, WH, D(2026, 1, 8, 12)),
        (D(2026, 1, 8, 13, 30), 4, WH, D(2026, 1, 8, 17, 30)),
        (D(2026, 1, 8, 8, 30), 1, WD, D(2026, 1, 8, 17, 30)),
        # Fri 10:00 + 1 work_day (7.5h): Fri 6h, Mon 08:30–10:00 1.5h -> Mon 10:00.
        (D(2026, 1, 9, 10), 1, WD, D(2026, 1, 12, 10)),
        (D(2026, 1, 9, 10), 3, WD, D(2026, 1, 14, 10)),
        # Fri 12:45 (lunch) + 1 work_day: Fri 13:30–17:30 4h, Mon 08:30–12:00 3.5h.
        (D(2026, 1, 9, 12, 45), 1, WD, D(2026, 1, 12, 12)),
        # 0.5 work_day = 3h45m: Thu 10:00–12:00 2h, 13:30–15:15.
        (D(2026, 1, 8, 10), 0.5, WD, D(2026, 1, 8, 15, 15)),
    ],
)
def test_work_deadlines_ordinary_weeks(
    start: datetime, amount: float, unit: TimeUnit, expected: datetime
) -> None:
    assert CAL.deadline_for(start, amount, unit) == expected


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # 春节: Fri 02-13 10:00 + 1 work_day lands on make-up Sat 02-14 10:00.
        (D(2026, 2, 13, 10), 1, WD, D(2026, 2, 14, 10)),
        # From that Saturday, 02-15 … 02-23 rest: Tue 02-24 10:00.
        (D(2026, 2, 14, 10), 1, WD, D(2026, 2, 24, 10)),
        (D(2026, 2, 13, 10), 2, WD, D(2026, 2, 24, 10)),
        # Start inside the holiday: counting starts Tue 02-24 08:30.
        (D(2026, 2, 18, 9), 2, WH, D(2026, 2, 24, 10, 30)),
        # Fri 02-27 16:00 + 2h: 1.5h Fri, then make-up Sat 02-28 08:30–09:00.
        (D(2026, 2, 27, 16), 2, WH, D(2026, 2, 28, 9)),
        # 国庆: Wed 09-30 10:00 + 1 work_day: 10-01 … 10-07 rest -> Thu 10-08 10:00.
        (D(2026, 9, 30, 10), 1, WD, D(2026, 10, 8, 10)),
        # Sat 09-19 10:00 (rest) + 1h: make-up Sun 09-20 09:30.
        (D(2026, 9, 19, 10), 1, WH, D(2026, 9, 20, 9, 30)),
        # Fri 10-09 16:00 + 2h: 1.5h Fri, make-up Sat 10-10 08:30–09:00.
        (D(2026, 10, 9, 16), 2, WH, D(2026, 10, 10, 9)),
        # 元旦 2026: Wed 12-31-2025 16:00 + 2h: 01-01/02 rest, Sat 01-03 rest,
        # make-up Sun 01-04 08:30–09:00.
        (D(2025, 12, 31, 16), 2, WH, D(2026, 1, 4, 9)),
    ],
)
def test_work_deadlines_over_2026_holidays(
    start: datetime, amount: float, unit: TimeUnit, expected: datetime
) -> None:
    assert CAL.deadline_for(start, amount, unit) == expected


def test_new_year_2027_defaults_to_weekdays_and_is_reported() -> None:
    start = D(2026, 12, 31, 16)
    assert CAL.is_workday(date(2027, 1, 1))  # Friday, no data: weekday rule, no exception
    assert not CAL.is_workday(date(2027, 1, 2))
    # Thu 16:00 + 2h: 1.5h Thu, Fri 2027-01-01 08:30–09:00.
    deadline = CAL.deadline_for(start, 2, WH)
    assert deadline == D(2027, 1, 1, 9)
    assert CAL.is_confirmed(2026) and not CAL.is_confirmed(2027)
    assert CAL.unconfirmed_years(start, deadline) == [2027]
    assert CAL.unconfirmed_years(D(2026, 1, 1), D(2026, 12, 31)) == []
    assert CAL.unconfirmed_years(D(2028, 3, 1), D(2026, 3, 1)) == [2027, 2028]


def test_new_year_2027_override_and_confirmation() -> None:
    cal = WorkCalendar(overrides={date(2027, 1, 1): False}, confirmed_years={2027})
    # 2027-01-01 rest, 01-02/03 weekend: Mon 2027-01-04 08:30–09:00.
    deadline = cal.deadline_for(D(2026, 12, 31, 16), 2, WH)
    assert deadline == D(2027, 1, 4, 9)
    assert cal.is_confirmed(2027)
    assert cal.unconfirmed_years(D(2026, 12, 31, 16), deadline) == []
    # The override alone does not confirm the year.
    assert WorkCalendar(overrides={date(2027, 1, 1): False}).unconfirmed_years(
        D(2026, 12, 31), deadline
    ) == [2027]


def test_overrides_beat_weekday_and_package() -> None:
    cal = WorkCalendar(
        overrides={
            date(2026, 1, 8): False,  # Thursday -> rest
            date(2026, 1, 11): True,  # Sunday -> work
            date(2026, 2, 14): False,  # make-up Saturday -> rest
            date(2026, 2, 16): True,  # holiday Monday -> work
            datetime(2026, 3, 2, 9): False,  # datetime keys count as their date
        }
    )
    # Wed 16:00 + 3h: 1.5h Wed, Thu rest, Fri 08:30–10:00.
    assert cal.deadline_for(D(2026, 1, 7, 16), 3, WH) == D(2026, 1, 9, 10)
    # Fri 17:00 + 1h: 0.5h Fri, Sat rest, Sun 08:30–09:00.
    assert cal.deadline_for(D(2026, 1, 9, 17), 1, WH) == D(2026, 1, 11, 9)
    # Fri 02-13 10:00 + 1 work_day: Sat 02-14 now rest, Mon 02-16 now work.
    assert cal.deadline_for(D(2026, 2, 13, 10), 1, WD) == D(2026, 2, 16, 10)
    assert not cal.is_workday(date(2026, 3, 2))
    assert not cal.is_workday(datetime(2026, 1, 8, 10))
    assert CAL.is_workday(date(2026, 1, 8))  # other calendars unaffected


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # Clock hours through the holiday night: 22:00 + 5h = next day 03:00.
        (D(2026, 10, 1, 22), 5, UH, D(2026, 10, 2, 3)),
        (D(2026, 2, 17, 23, 15), 1.5, UH, D(2026, 2, 18, 0, 45)),
        # 2 × 24h from a Spring Festival holiday.
        (D(2026, 2, 16, 10), 2, UD, D(2026, 2, 18, 10)),
        (D(2026, 12, 31, 18), 0.5, UD, D(2027, 1, 1, 6)),
    ],
)
def test_urgent_units_run_on_the_clock(
    start: datetime, amount: float, unit: TimeUnit, expected: datetime
) -> None:
    assert CAL.deadline_for(start, amount, unit) == expected


def test_unit_strings_and_module_function() -> None:
    assert deadline_for(D(2026, 1, 8, 10), 3, "work_hour") == D(2026, 1, 8, 14, 30)
    cal = WorkCalendar(overrides={date(2026, 1, 8): False})
    assert deadline_for(D(2026, 1, 8, 10), 3, "work_hour", cal) == D(2026, 1, 9, 11, 30)


def test_working_minutes_between() -> None:
    # Thu 16:00 -> Fri 10:00: 90 + 90 minutes.
    assert CAL.working_minutes_between(D(2026, 1, 8, 16), D(2026, 1, 9, 10)) == 180
    assert CAL.working_minutes_between(D(2026, 1, 9, 10), D(2026, 1, 8, 16)) == -180
    # Same day across lunch: 11:00–12:00 + 13:30–14:00.
    assert CAL.working_minutes_between(D(2026, 1, 8, 11), D(2026, 1, 8, 14)) == 90
    # Whole 春节 holiday: nothing.
    assert CAL.working_minutes_between(D(2026, 2, 15), D(2026, 2, 24)) == 0
    # Fri 02-13 00:00 -> Sat 02-28 12:00: Fri 13, Sat 14, Tue 24..Fri 27 = 6 days + 3.5h.
    assert CAL.working_minutes_between(D(2026, 2, 13), D(2026, 2, 28, 12)) == 6 * 450 + 210


def test_levels_at_79_80_percent_and_overdue() -> None:
    start = D(2026, 1, 8, 8, 30)
    # 10h: Thu 7.5h, Fri 08:30–11:00.
    deadline = CAL.deadline_for(start, 10, WH)
    assert deadline == D(2026, 1, 9, 11)
    at79 = D(2026, 1, 9, 8, 54)  # 450 + 24 = 474 min = 79 %
    at80 = D(2026, 1, 9, 9)  # 480 min = 80 %
    assert CAL.elapsed_fraction(start, deadline, at79, WH) == pytest.approx(0.79)
    assert CAL.overdue_level(start, deadline, at79, WH) is OverdueLevel.NONE
    assert CAL.elapsed_fraction(start, deadline, at80, WH) == YELLOW_AT
    assert CAL.overdue_level(start, deadline, at80, WH) is OverdueLevel.YELLOW
    assert CAL.overdue_level(start, deadline, deadline, WH) is OverdueLevel.YELLOW
    late = deadline + timedelta(microseconds=1)
    assert CAL.overdue_level(start, deadline, late, WH) is OverdueLevel.RED
    # Fri 12:30 (lunch): 450 + 210 = 660 min of 600.
    assert CAL.elapsed_fraction(start, deadline, D(2026, 1, 9, 12, 30), WH) == pytest.approx(1.1)
    assert CAL.remaining(deadline, D(2026, 1, 9, 12, 30), WH) == timedelta(hours=-1)
    assert CAL.remaining(deadline, start, WH) == timedelta(hours=10)
    assert CAL.elapsed_fraction(start, deadline, start - timedelta(hours=1), WH) == 0.0
    assert CAL.overdue_level(start, deadline, start, WH) is OverdueLevel.NONE


def test_overdue_on_a_weekend_has_zero_working_time_left() -> None:
    # Deadline Fri 17:30; Saturday noon: no working time has passed, but it is late.
    deadline, now = D(2026, 1, 9, 17, 30), D(2026, 1, 10, 12)
    assert CAL.remaining(deadline, now, WH) == timedelta(0)
    assert CAL.overdue_level(D(2026, 1, 9, 8, 30), deadline, now, WD) is OverdueLevel.RED


def test_levels_on_clock_units() -> None:
    start = D(2026, 10, 1, 0, 0)
    deadline = CAL.deadline_for(start, 10, UH)
    assert deadline == D(2026, 10, 1, 10)
    assert CAL.overdue_level(start, deadline, D(2026, 10, 1, 7, 54), UH) is OverdueLevel.NONE
    assert CAL.overdue_level(start, deadline, D(2026, 10, 1, 8), UH) is OverdueLevel.YELLOW
    assert CAL.overdue_level(start, deadline, D(2026, 10, 1, 10, 1), UH) is OverdueLevel.RED
    assert CAL.remaining(deadline, D(2026, 10, 1, 11), "urgent_hour") == timedelta(hours=-1)
    assert CAL.elapsed_fraction(start, deadline, D(2026, 10, 1, 12), UH) == pytest.approx(1.2)


def test_extension_uses_new_deadline_and_original_start() -> None:
    start = D(2026, 1, 8, 8, 30)
    now = D(2026, 1, 9, 9)  # 8h worked
    original = D(2026, 1, 9, 11)  # 10h limit: 80 % -> yellow
    extended = D(2026, 1, 9, 17, 30)  # 延期 to 15h: 8/15 -> none
    assert CAL.overdue_level(start, original, now, WH) is OverdueLevel.YELLOW
    assert CAL.overdue_level(start, extended, now, WH) is OverdueLevel.NONE
    assert CAL.elapsed_fraction(start, extended, now, WH) == pytest.approx(8 / 15)


def test_custom_single_period_hours() -> None:
    hours = WorkingHours(((time(9), time(17)),))
    cal = WorkCalendar(hours=hours)
    assert hours.minutes_per_day == 480
    # No lunch break: 11:30 + 1h = 12:30.
    assert cal.deadline_for(D(2026, 1, 8, 11, 30), 1, WH) == D(2026, 1, 8, 12, 30)
    # Thu 16:00 + 2h: 1h Thu, Fri 09:00–10:00.
    assert cal.deadline_for(D(2026, 1, 8, 16), 2, WH) == D(2026, 1, 9, 10)
    # 1 work_day = 8h: Fri 12:00 -> Mon 12:00.
    assert cal.deadline_for(D(2026, 1, 9, 12), 1, WD) == D(2026, 1, 12, 12)
    assert cal.deadline_for(D(2026, 1, 8, 8), 1, WH) == D(2026, 1, 8, 10)
    assert cal.working_minutes_between(D(2026, 1, 8, 12), D(2026, 1, 9, 12)) == 480


@pytest.mark.parametrize(
    "periods",
    [
        (),
        ((time(12), time(9)),),
        ((time(9), time(9)),),
        ((time(9), time(12)), (time(11), time(15))),  # overlap
        ((time(13), time(17)), (time(8), time(12))),  # out of order
        ((time(9), "17:00"),),
        ((time(9, tzinfo=UTC), time(17, tzinfo=UTC)),),
    ],
)
def test_bad_working_hours(periods: tuple) -> None:
    with pytest.raises(ValidationError) as err:
        WorkingHours(periods)
    assert err.value.code == "bad_working_hours"


def test_touching_periods_allowed() -> None:
    hours = WorkingHours([(time(8), time(12)), (time(12), time(16))])
    assert hours.minutes_per_day == 480
    assert hours.periods == ((time(8), time(12)), (time(12), time(16)))


@pytest.mark.parametrize("amount", [0, -1, -0.5, math.nan, math.inf, True, "3"])
def test_bad_amount(amount: object) -> None:
    with pytest.raises(ValidationError) as err:
        CAL.deadline_for(D(2026, 1, 8, 10), amount, WH)  # type: ignore[arg-type]
    assert err.value.code == "bad_amount"


def test_bad_unit_and_aware_datetimes() -> None:
    with pytest.raises(ValidationError) as err:
        CAL.deadline_for(D(2026, 1, 8, 10), 1, "week")
    assert err.value.code == "bad_unit"
    aware = D(2026, 1, 8, 10, tzinfo=UTC)
    calls = [
        lambda: CAL.deadline_for(aware, 1, WH),
        lambda: CAL.working_minutes_between(D(2026, 1, 8), aware),
        lambda: CAL.remaining(aware, D(2026, 1, 8), WH),
        lambda: CAL.overdue_level(D(2026, 1, 8), D(2026, 1, 9), aware, UH),
        lambda: CAL.unconfirmed_years(aware, D(2027, 1, 1)),
    ]
    for call in calls:
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.code == "aware_datetime"


def test_years_outside_package_never_raise() -> None:
    assert CAL.is_workday(date(2003, 6, 2))  # Monday, before the package's data
    assert not CAL.is_workday(date(2030, 6, 1))  # Saturday
    assert not CAL.is_confirmed(2003)
    assert CAL.deadline_for(D(2030, 6, 1, 10), 1, WD) == D(2030, 6, 3, 17, 30)


def test_thirty_work_days_well_under_a_millisecond() -> None:
    cal = WorkCalendar()
    starts = [D(2025, 1, 1, 9) + timedelta(hours=7 * i) for i in range(2000)]
    t0 = _time.perf_counter()
    for s in starts:
        cal.deadline_for(s, 30, WD)
    per_call = (_time.perf_counter() - t0) / len(starts)
    assert per_call < 0.001


@settings(max_examples=300, deadline=None)
@given(
    start=st.datetimes(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31, 23, 59, 59)),
    amount=st.floats(min_value=0.001, max_value=500, allow_nan=False, allow_infinity=False),
)
def test_property_work_hour_round_trip(start: datetime, amount: float) -> None:
    deadline = CAL.deadline_for(start, amount, WH)
    assert deadline >= start
    assert CAL.is_workday(deadline)
    assert abs(CAL.working_minutes_between(start, deadline) - amount * 60) <= 1e-6


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31, 23, 59, 59)),
    amount=st.floats(min_value=0.01, max_value=60, allow_nan=False, allow_infinity=False),
)
def test_property_work_day_round_trip(start: datetime, amount: float) -> None:
    deadline = CAL.deadline_for(start, amount, WD)
    assert deadline > start
    assert abs(CAL.working_minutes_between(start, deadline) - amount * 450) <= 1e-6


def _walked_us(cal: WorkCalendar, a: datetime, b: datetime) -> int:
    """Working µs from a to b by walking every day and overlapping [a, b) with its
    working periods (what the running day counts replace)."""
    if b < a:
        return -_walked_us(cal, b, a)
    total, d = 0, a.date()
    while d <= b.date():
        if cal.is_workday(d):
            for s, e in cal.hours.periods:
                lo = max(a, datetime.combine(d, s))
                hi = min(b, datetime.combine(d, e))
                total += max(0, (hi - lo) // timedelta(microseconds=1))
        d += timedelta(days=1)
    return total


def test_working_time_between_any_two_times_is_the_day_walk() -> None:
    """Working time between times years apart, either way round, across holidays and
    admin overrides, read from running day counts built in any order (an earlier date
    after a later one rebuilds them), equals counting minute by minute."""
    rnd = random.Random(20261205)
    cal = WorkCalendar(overrides={date(2026, 10, 10): True, date(2025, 3, 3): False})
    base = datetime(2026, 6, 1, 8, 0)
    for _ in range(60):
        a = base + timedelta(minutes=rnd.randint(-60, 60) * 24 * 60 + rnd.randint(0, 1439))
        b = a + timedelta(minutes=rnd.randint(-20, 20) * 24 * 60 + rnd.randint(-1439, 1439))
        got = cal.working_minutes_between(a, b)
        assert got == _walked_us(cal, a, b) / 60_000_000, (a, b)
    for days in (700, -900, -2000, 1500):  # later first, then earlier: counts rebuilt
        a, b = base, base + timedelta(days=days, minutes=617)
        assert cal.working_minutes_between(a, b) == _walked_us(cal, a, b) / 60_000_000
