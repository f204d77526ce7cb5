"""The district's early-warning rules: set by an administrator, audited, on every laptop;
a 专项整治 started on a laptop reaches the service and the other laptops as 督办 events."""

from __future__ import annotations

from datetime import date

import httpx
import pytest

from gridapp.domain.case import CaseState
from gridapp.domain.warning_rules import DEFAULT_RULES
from gridapp.store.schema import case_events
from tests.live_server import LiveServer
from tests.server.test_admin import _admin_rows, _code, _version
from tests.sync.helpers import make_client


@pytest.fixture
def admin(live_server: LiveServer) -> httpx.Client:
    with live_server.client(live_server.login("admin")) as client:
        yield client


def test_rules_set_by_the_admin_reach_a_laptop(live_server, admin, tmp_path):
    assert admin.get("/admin/warning-rules").json() == DEFAULT_RULES.as_json()
    v0 = _version(live_server, admin)
    body = {"recurring": {"min_count": 4, "days": 10}, "surge": {"ratio": 3}, "note": "试行"}
    r = admin.put("/admin/warning-rules", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["recurring"] == {"enabled": True, "days": 10, "min_count": 4}
    assert r.json()["changed_by"] == "admin" and _version(live_server, admin) > v0
    assert [a for a, _ in _admin_rows(live_server)][-2:] == [
        "admin_get_warning_rules",
        "admin_set_warning_rules",
    ]
    laptop = make_client(tmp_path / "laptop", live_server.url, "laptop", "zhiban")
    try:
        laptop.run()
        rules = laptop.ws.warnings.rules
        assert (rules.recurring_min, rules.recurring_days, rules.surge_ratio) == (4, 10, 3.0)
        assert rules.surge_min == DEFAULT_RULES.surge_min and rules.note == "试行"
        assert admin.delete("/admin/warning-rules").status_code == 204
        laptop.run()
        assert laptop.ws.warnings.rules == DEFAULT_RULES
    finally:
        laptop.close()


@pytest.mark.parametrize(
    "body",
    [
        {"recurring": {"min_count": 1}},
        {"surge": {"ratio": 0.5}},
        {"overdue_rising": {"days": "3"}},
        {"elsewhere": {}},
    ],
)
def test_bad_rules_are_refused(admin, body):
    r = admin.put("/admin/warning-rules", json=body)
    assert (r.status_code, _code(r)) == (422, "bad_warning_rules")


def test_only_an_admin_sets_rules(live_server):
    with live_server.client(live_server.login("zhiban")) as lead:
        assert lead.put("/admin/warning-rules", json={}).status_code == 403


def test_a_campaign_started_offline_syncs(live_server, tmp_path):
    officer = make_client(tmp_path / "o", live_server.url, "wg001", "wg001")
    lead = make_client(tmp_path / "l", live_server.url, "zhiban", "zhiban")
    dispatcher = make_client(tmp_path / "d", live_server.url, "paiqian", "paiqian")
    try:
        ids = [officer.report(k) for k in range(2)]
        officer.run()
        lead.run()
        for cid in ids:
            lead.ws.act(cid, "accept")
            lead.ws.act(cid, "file")
        lead.run()
        dispatcher.run()
        dispatcher.ws.act(ids[0], "dispatch")
        dispatcher.run()
        lead.run()
        outcome = lead.ws.warnings.start_campaign("夜市垃圾整治", date(2026, 12, 31), ids)
        assert outcome.done == (ids[0],) and set(outcome.refused) == {ids[1]}  # not dispatched
        report = lead.run()
        assert (report.accepted, report.rejected) == (1, 0)
        with live_server.central.db.read() as conn:
            payloads = [
                r.payload
                for r in conn.execute(
                    case_events.select().where(case_events.c.action == "supervise")
                )
            ]
        assert len(payloads) == 1 and "夜市垃圾整治" in payloads[0]
        dispatcher.run()
        (camp,) = dispatcher.ws.warnings.campaigns()
        assert (camp.id, camp.name, camp.case_ids, camp.total, camp.closed) == (
            outcome.campaign_id,
            "夜市垃圾整治",
            [ids[0]],
            1,
            0,
        )
        assert dispatcher.ws.record(ids[0]).state is CaseState.DISPATCHED
    finally:
        for c in (officer, lead, dispatcher):
            c.close()
