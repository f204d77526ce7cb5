"""Admin overrides of the working calendar are stored and move deadlines at once."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from gridapp.domain.units import TimeUnit
from gridapp.errors import DomainError
from gridapp.workspace import Workspace


def test_override_and_confirmation_survive_reopen(ws, store_path, clock):
    cal = ws.reference.calendar
    start = datetime(2026, 12, 31, 16, 30)
    # 2027 is past the chinese-calendar data: Jan 1 2027 (a Friday) counts as a weekday.
    assert cal.deadline_for(start, 2, TimeUnit.WORK_HOUR) == datetime(2027, 1, 1, 9, 30)
    assert cal.unconfirmed_years(start, datetime(2027, 1, 1, 9, 30)) == [2027]

    with pytest.raises(DomainError) as err:
        ws.act_as("zhiban")
        ws.set_calendar_day(date(2027, 1, 1), False, "元旦")
    assert err.value.code == "role_not_allowed"

    ws.act_as("admin")
    changes = ws.set_calendar_day(date(2027, 1, 1), False, "元旦")
    assert changes.reference
    ws.confirm_calendar_year(2027)
    cal = ws.reference.calendar
    assert cal.deadline_for(start, 2, TimeUnit.WORK_HOUR) == datetime(2027, 1, 4, 9, 30)
    assert cal.unconfirmed_years(start, datetime(2027, 1, 4, 9, 30)) == []

    ws.close()
    again = Workspace.open(store_path, clock=clock)
    try:
        assert again.reference.calendar.is_workday(date(2027, 1, 1)) is False
        assert again.reference.calendar.is_confirmed(2027)
    finally:
        again.close()
