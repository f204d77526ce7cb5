"""China time on any host: a service and a client on UTC or New York hosts stamp and
compute deadlines in Asia/Shanghai wall-clock time.

The service runs as a real ``gridapp serve`` subprocess with ``TZ`` in its
environment; the client runs in this process with ``TZ`` set and ``time.tzset()``.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from gridapp import clock
from gridapp.casework.deadlines import handling_deadline
from gridapp.domain.catalog import load_catalog
from gridapp.domain.worktime import WorkingHours
from gridapp.store.reference import load_reference
from gridapp.store.schema import case_events
from gridapp.sync.protocol import EventIn
from tests.core.helpers import GARBAGE
from tests.core.host_zone import HOST_ZONES, host_zone
from tests.live_server import BACKENDS
from tests.server.service_process import service_process
from tests.sync.helpers import event, make_client, transport

SHANGHAI = ZoneInfo("Asia/Shanghai")
CLAIM = {"actor": "nobody", "role": "admin"}


def _china_now() -> datetime:
    return datetime.now(SHANGHAI).replace(tzinfo=None)


def _push(service, username: str, ev: EventIn) -> None:
    t = transport(service, username)
    try:
        (result,) = t.push([ev]).results
    finally:
        t.close()
    assert result.status.value == "accepted", result


def _in_working_hours(moment: datetime) -> bool:
    return any(start <= moment.time() <= end for start, end in WorkingHours.DEFAULT.periods)


@pytest.mark.parametrize("zone", HOST_ZONES)
@pytest.mark.parametrize("backend", BACKENDS)
def test_service_and_client_on_foreign_hosts_work_in_china_time(
    backend, zone, reference_template, tmp_path
) -> None:
    with service_process(backend, reference_template, tmp_path, TZ=zone) as service:
        with host_zone(zone):
            assert abs(datetime.now() - _china_now()) >= timedelta(hours=7)
            laptop = make_client(tmp_path / "laptop", service.url, "laptop", "wg001")
            try:
                case_id = laptop.report(0)
                laptop.run()
            finally:
                laptop.close()
            _push(service, "shouli", event(case_id, "accept", at=clock.now()))
            _push(service, "zhiban", event(case_id, "file", CLAIM, at=clock.now()))
            dispatch = event(case_id, "dispatch", {"department_code": "D02"}, at=clock.now())
            _push(service, "paiqian", dispatch)
        china = _china_now()
        db = service.database()
        try:
            with db.read() as conn:
                rows = conn.execute(
                    select(case_events).where(case_events.c.case_id == case_id)
                ).mappings()
                rows = {r["action"]: dict(r) for r in rows}
                calendar = load_reference(conn).calendar
        finally:
            db.close()
    assert set(rows) == {"report", "accept", "file", "dispatch"}
    for action, row in rows.items():
        for stamp in ("at_client", "at_server"):
            assert abs(row[stamp] - china) < timedelta(minutes=1), (action, stamp, row[stamp])
    # The deadline the service computed is the one a host in China computes from the
    # same moment: the working calendar counted China's working hours.
    stored = json.loads(rows["dispatch"]["payload"])
    at_server = rows["dispatch"]["at_server"]
    expected = handling_deadline(calendar, load_catalog().get(GARBAGE), "normal", at_server)
    assert stored["deadline"] == expected.deadline.isoformat(timespec="seconds")
    deadline = datetime.fromisoformat(stored["deadline"])
    assert _in_working_hours(deadline), deadline
