"""``ws.admin`` (AdminClient) against a real service: typed calls, errors, local refresh.

After each change the admin's own local reference must show it at once (no wait
for the next sync round); refusals come back as GridappError with the service code.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from gridapp.domain.roles import Role
from gridapp.errors import DomainError, ValidationError
from tests.live_server import LiveServer
from tests.server.test_admin_grids import NEW_COMMUNITY, two_new_grids
from tests.ui.admin_helpers import admin_session


def test_admin_client_round_trip(live_server: LiveServer, tmp_path: Path) -> None:
    s = admin_session(live_server, tmp_path)
    try:
        ws, admin = s.ws, s.admin
        dept = admin.create_department("D91", "区智慧城管中心", "智慧")
        assert dept.active and "D91" in ws.reference.departments

        user = admin.create_user(
            "wg-admin-test",
            "测试网格员",
            Role.GRID_OFFICER,
            "anfang-2026",
            grid_codes=["370306001001001"],
        )
        assert user.role is Role.GRID_OFFICER and user.grid_codes == ("370306001001001",)
        assert ws.reference.users["wg-admin-test"].grid_codes == {"370306001001001"}
        admin.update_user("wg-admin-test", grid_codes=["370306001001002"])
        assert ws.reference.users["wg-admin-test"].grid_codes == {"370306001001002"}
        moved = admin.set_role("wg-admin-test", Role.DEPARTMENT, department_code="D91")
        assert moved.department_code == "D91"
        assert ws.reference.users["wg-admin-test"].role is Role.DEPARTMENT
        admin.reset_password("wg-admin-test", "neues-passwort-1")
        live_server.login("wg-admin-test", "neues-passwort-1")
        assert any(x.username == "wg-admin-test" for x in admin.sessions())
        assert admin.revoke_sessions("wg-admin-test") >= 1
        admin.update_user("wg-admin-test", active=False)
        assert "wg-admin-test" not in ws.reference.users  # disabled users leave the snapshot
        assert any(u.username == "wg-admin-test" and not u.active for u in admin.users())

        rule = admin.add_routing_rule("020102", "D91", street_code="370306001")
        assert [r.department_code for r in ws.reference.routing_rules] == ["D91"]
        assert rule.id in [r.id for r in admin.routing_rules()]
        admin.delete_routing_rule(rule.id)
        assert ws.reference.routing_rules == []

        start = datetime(2027, 3, 5, 9, 0)  # a Friday
        cal = ws.reference.calendar
        before = cal.deadline_for(start, 1, "work_day")
        admin.set_calendar_day(date(2027, 3, 8), False, "测试假日")
        after = ws.reference.calendar.deadline_for(start, 1, "work_day")
        assert after > before
        assert [d.day for d in admin.calendar(2027)] == [date(2027, 3, 8)]
        assert 2027 in admin.unconfirmed_years(2026, 2027)
        admin.confirm_year(2027)
        assert 2027 not in admin.unconfirmed_years(2026, 2027)
        admin.delete_calendar_day(date(2027, 3, 8))
        assert ws.reference.calendar.deadline_for(start, 1, "work_day") == before

        doc = json.dumps(two_new_grids())
        preview = admin.import_grids(doc, dry_run=True)
        assert (preview.new, preview.errors) == (2, 0)
        assert NEW_COMMUNITY + "001" not in ws.reference.grids
        done = admin.import_grids(doc)
        assert done.applied and NEW_COMMUNITY + "001" in ws.reference.grids
        assert ws.locate(117.965, 36.805).code == NEW_COMMUNITY + "001"

        bad = two_new_grids()
        bad["features"][0]["properties"]["code"] = "370305009001001"
        with pytest.raises(ValidationError) as info:
            admin.import_grids(json.dumps(bad))
        preview = admin.preview_of(info.value)
        assert preview is not None and preview.errors == 1
        assert preview.features[0]["errors"][0]["code"] == "wrong_county"

        with pytest.raises(DomainError) as refused:
            admin.create_department("D02", "重复", "重复")
        assert refused.value.code == "department_exists"
    finally:
        s.close()


def test_admin_client_for_non_admin_is_refused(live_server: LiveServer, tmp_path: Path) -> None:
    s = admin_session(live_server, tmp_path, "paiqian")
    try:
        with pytest.raises(DomainError) as info:
            s.admin.departments()
        assert info.value.code == "forbidden" and info.value.details["status"] == 403
    finally:
        s.close()
