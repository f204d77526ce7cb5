"""The pull rules of the sync protocol, against a real service.

Each user gets the cases of their scope, pages add up to one pull, and phone numbers
come masked or clear as the user may see them.
"""

from __future__ import annotations

import json

from gridapp.sync.protocol import EventStatusOut
from tests.core.helpers import GARBAGE, point_of
from tests.sync.helpers import (
    MASKED,
    PHONE,
    Ledger,
    assert_converged,
    client_rows,
    event,
    make_client,
    report_event,
    server_events,
    transport,
)

S = EventStatusOut


# -- pull scope ----------------------------------------------------------------------------


def test_pull_brings_only_the_cases_in_scope(live_server, tmp_path):
    url, central = live_server.url, live_server.central
    ledger = Ledger()
    wg001 = make_client(tmp_path, url, "wg001", "wg001")
    wg005 = make_client(tmp_path, url, "wg005", "wg005")  # same street, other community
    wg010 = make_client(tmp_path, url, "wg010", "wg010")  # other street
    d02 = make_client(tmp_path, url, "bm-d02", "bm-d02")
    d03 = make_client(tmp_path, url, "bm-d03", "bm-d03")
    mine = [wg001.report(k) for k in range(2)]
    theirs = wg010.report(0)
    for c in (wg001, wg010):
        ledger.sync(c)
    for c in (wg005, wg010, d02, d03):
        ledger.sync(c)
    assert client_rows(wg005.ws) == [] and client_rows(d02.ws) == []
    assert {r["case_id"] for r in client_rows(wg010.ws)} == {theirs}
    assert transport(live_server, "wg005").pull(0).events == []

    shouli = make_client(tmp_path, url, "shouli", "shouli")
    zhiban = make_client(tmp_path, url, "zhiban", "zhiban")
    paiqian = make_client(tmp_path, url, "paiqian", "paiqian")
    ledger.sync(shouli)
    shouli.ws.act(mine[0], "accept")
    ledger.sync(shouli)
    ledger.sync(zhiban)
    zhiban.ws.act(mine[0], "file")
    ledger.sync(zhiban)
    ledger.sync(paiqian)
    paiqian.ws.act(mine[0], "dispatch", {"department_code": "D02"})
    ledger.sync(paiqian)

    before = int(d02.sync.engine.state()["cursor:bm-d02"])
    ledger.sync(d02)
    held = client_rows(d02.ws)
    assert [r["action"] for r in sorted(held, key=lambda r: r["seq"])] == [
        "report",
        "accept",
        "file",
        "dispatch",
    ]
    assert {r["case_id"] for r in held} == {mine[0]}
    report_seq = next(r["seq"] for r in held if r["action"] == "report")
    assert report_seq <= before  # made before the department's last pull, sent now
    assert d02.ws.record(mine[0]).state.value == "dispatched"
    everyone = [wg001, wg005, wg010, d02, d03, shouli, zhiban, paiqian]
    for c in everyone:
        ledger.sync(c)
    assert client_rows(d03.ws) == [] and client_rows(wg005.ws) == []
    assert {r["case_id"] for r in client_rows(wg010.ws)} == {theirs}
    assert {r["case_id"] for r in client_rows(wg001.ws)} == set(mine)
    assert_converged(central, everyone, ledger)


def test_pull_pages_bring_the_same_events_as_one_pull(live_server):
    central = live_server.central
    t = transport(live_server, "wg001")
    reports = [report_event(central, k=k) for k in range(5)]
    t.push(reports)
    other = transport(live_server, "wg010")
    other.push([report_event(central, "wg010", k=k) for k in range(3)])
    centre = transport(live_server, "shouli")
    centre.push([event(r.case_id, "accept") for r in reports[::2]])
    whole = t.pull(0)
    assert not whole.more
    assert {e.case_id for e in whole.events} == {r.case_id for r in reports}
    seen, cursor, pages = {}, 0, 0
    while True:
        page = t.pull(cursor, limit=2)
        pages += 1
        assert page.cursor >= cursor
        for e in page.events:
            assert seen.setdefault(e.id, e) == e  # repeated whole histories are identical
        cursor = page.cursor
        if not page.more:
            break
    assert pages >= 5
    assert seen == {e.id: e for e in whole.events}
    assert cursor == whole.cursor == len(server_events(central)) == 11  # every seq scanned
    assert t.pull(cursor).events == []


def test_phone_numbers_masked_for_officers_and_departments_clear_for_intake(live_server, tmp_path):
    url = live_server.url
    shouli = make_client(tmp_path, url, "shouli", "shouli")
    x, y = point_of(shouli.ws, "wg001")
    (case_id,) = shouli.ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description="热线：路边垃圾",
        reporter_name="王先生",
        reporter_phone=PHONE,
    ).case_ids
    shouli.ws.act(case_id, "accept")
    shouli.ws.act(case_id, "request_verify", {"assignee": "wg001"})
    shouli.run()
    wg001 = make_client(tmp_path, url, "wg001", "wg001")
    wg001.run()
    wg001.ws.act(case_id, "verify_report", {"result": True})
    wg001.run()
    zhiban = make_client(tmp_path, url, "zhiban", "zhiban")
    zhiban.run()
    zhiban.ws.act(case_id, "file")
    zhiban.run()
    paiqian = make_client(tmp_path, url, "paiqian", "paiqian")
    paiqian.run()
    paiqian.ws.act(case_id, "dispatch", {"department_code": "D02"})
    paiqian.run()
    dept = make_client(tmp_path, url, "bm-d02", "bm-d02")
    shouli2 = make_client(tmp_path, url, "shouli2", "shouli2")
    everyone = [shouli, wg001, zhiban, paiqian, dept, shouli2]
    for c in everyone:
        c.run()

    def stored_phone(c):
        (row,) = [r for r in client_rows(c.ws) if r["action"] == "report"]
        return json.loads(row["payload"])["reporter_phone"]

    for c in (wg001, dept):
        assert stored_phone(c) == MASKED, c.name
        assert c.ws.record(case_id).reporter_phone == MASKED
    for c in (shouli2, shouli, paiqian):
        assert stored_phone(c) == PHONE, c.name
        assert c.ws.record(case_id).reporter_phone == PHONE
    pulled = transport(live_server, "wg001").pull(0).events
    assert [e.payload["reporter_phone"] for e in pulled if e.action == "report"] == [MASKED]
    assert_converged(live_server.central, everyone)
