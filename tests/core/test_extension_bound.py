"""An approved 延期 carries a deadline within a configurable bound.

An extension to 2200-01-01 was approved when the approver gave no deadline: the
request's far deadline was taken as it was, and the case left every overdue list.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert

from gridapp.casework.request_bounds import DEFAULT_MAX_EXTENSION_DAYS, MAX_EXTENSION_KEY
from gridapp.domain.case import CaseState
from gridapp.errors import ValidationError
from gridapp.store.schema import meta
from tests.core.helpers import URBAN, act, drive, report, snapshot

S = CaseState
FAR = "2200-01-01T00:00:00"


def _dispatched(ws) -> str:
    cid = report(ws, URBAN)
    drive(ws, cid, S.DISPATCHED)
    return cid


def test_a_request_beyond_the_bound_is_refused_with_the_latest_allowed(ws, clock) -> None:
    cid = _dispatched(ws)
    before = snapshot(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, "bm-d02", cid, "request_extension", {"deadline": FAR, "reason": "r"})
    assert err.value.code == "deadline_too_far"
    latest = clock.now + timedelta(days=DEFAULT_MAX_EXTENSION_DAYS)
    assert err.value.details["latest"] == latest.isoformat(timespec="seconds")
    assert snapshot(ws) == before


def test_an_approval_beyond_the_bound_is_refused(ws, clock) -> None:
    cid = _dispatched(ws)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": "2026-11-18T17:30:00", "reason": "r"})
    before = snapshot(ws)
    with pytest.raises(ValidationError) as err:
        act(ws, "paiqian", cid, "approve_extension", {"deadline": FAR})
    assert err.value.code == "deadline_too_far"
    assert snapshot(ws) == before
    within = clock.now + timedelta(days=DEFAULT_MAX_EXTENSION_DAYS - 1)
    act(ws, "paiqian", cid, "approve_extension", {"deadline": within.isoformat()})
    assert ws.record(cid).deadline == within


def test_the_bound_is_a_setting_of_the_store(ws, clock) -> None:
    with ws.db.write() as conn:
        conn.execute(insert(meta).values(key=MAX_EXTENSION_KEY, value="3"))
    cid = _dispatched(ws)
    too_far = (clock.now + timedelta(days=5)).isoformat()
    with pytest.raises(ValidationError) as err:
        act(ws, "bm-d02", cid, "request_extension", {"deadline": too_far, "reason": "r"})
    assert err.value.code == "deadline_too_far" and err.value.details["max_days"] == 3
    ok = (clock.now + timedelta(days=2)).replace(microsecond=0)
    act(ws, "bm-d02", cid, "request_extension", {"deadline": ok.isoformat(), "reason": "r"})
    act(ws, "paiqian", cid, "approve_extension")
    assert ws.record(cid).deadline == ok
    assert ws.extension_limit() == (3, clock.now + timedelta(days=3))


def test_the_workspace_tells_the_dialog_the_bound(ws, clock) -> None:
    days, latest = ws.extension_limit()
    assert days == DEFAULT_MAX_EXTENSION_DAYS
    assert latest == clock.now + timedelta(days=days)
    assert isinstance(latest, datetime)
