"""A client's report and 立案 carrying a 细类 pass the wire checks and the service's push.

The service's catalog is the small v2 fixture (the shipped one is being rewritten):
a 细类 travels in the report and the 立案, is checked against the catalog there,
and a malformed code is refused by the wire check with the field named.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError as WireError

from gridapp.server.central import Central
from gridapp.server.sync_push import push
from gridapp.sync.protocol import EventIn
from tests.catalog_v2_fixture import BUILDING, DIRTY_ROAD, fixture_catalog
from tests.sync.helpers import event, report_event, server_case

MONDAY_MORNING = datetime(2026, 11, 16, 7, 30)


@pytest.fixture
def central(central_settings, tmp_path: Path):
    store = Central(central_settings, clock=lambda: MONDAY_MORNING)
    store.catalog = fixture_catalog(tmp_path / "catalog")
    yield store
    store.close()


def actor(central: Central, username: str):
    return central.reference().users[username].to_actor()


def test_pushed_report_and_filing_carry_the_subclass(central):
    officer = actor(central, "wg001")
    report = report_event(central, category_code=BUILDING, subclass="01")
    (result,) = push(central, officer, [report.model_dump(mode="json")])
    assert result.status.value == "accepted", result
    assert server_case(central, report.case_id).subclass == "01"

    staff = actor(central, "zhiban")
    intake = actor(central, "shouli")
    (accepted,) = push(central, intake, [event(report.case_id, "accept").model_dump(mode="json")])
    assert accepted.status.value == "accepted", accepted
    wrong = event(report.case_id, "file", {"subclass": "07"})
    (refused,) = push(central, staff, [wrong.model_dump(mode="json")])
    assert (refused.status.value, refused.code) == ("rejected", "unknown_subclass")
    filing = event(report.case_id, "file", {"subclass": "03"})
    (filed,) = push(central, staff, [filing.model_dump(mode="json")])
    assert filed.status.value == "accepted", filed
    record = server_case(central, report.case_id)
    assert (record.subclass, record.state.value) == ("03", "filed")


def test_filing_time_of_day_is_the_clients_action_time(central):
    """道路不洁 filed at 08:05 on the laptop and pushed later is accepted; at 07:55, not."""
    report = report_event(central, category_code=DIRTY_ROAD)
    (reported,) = push(central, actor(central, "wg001"), [report.model_dump(mode="json")])
    assert reported.status.value == "accepted", reported
    push(
        central, actor(central, "shouli"), [event(report.case_id, "accept").model_dump(mode="json")]
    )
    staff = actor(central, "zhiban")
    early = event(report.case_id, "file", at=datetime(2026, 11, 16, 7, 55))
    (refused,) = push(central, staff, [early.model_dump(mode="json")])
    assert (refused.status.value, refused.code) == ("rejected", "filing_too_early")
    late = event(report.case_id, "file", at=datetime(2026, 11, 16, 8, 5))
    (filed,) = push(central, staff, [late.model_dump(mode="json")])
    assert filed.status.value == "accepted", filed


@pytest.mark.parametrize("bad", ["1", "abc", 12, "001"])
def test_wire_check_refuses_a_malformed_subclass(bad):
    raw = event("6f1b7a3e-0000-4000-8000-000000000001", "file")
    with pytest.raises(WireError) as err:
        EventIn.model_validate({**raw.model_dump(mode="json"), "payload": {"subclass": bad}})
    assert "subclass" in str(err.value)
    for fine in ("02", "", None):
        EventIn.model_validate({**raw.model_dump(mode="json"), "payload": {"subclass": fine}})
