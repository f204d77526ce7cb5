"""The push rules of the sync protocol, one by one, against a real service.

Checked with the bare :class:`Transport` (what any client could send): idempotency,
server-owned fields, refusals; and with the real client stores and :class:`SyncClient`:
refused events kept, a push whose answer was lost.
"""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from gridapp.casework.deadlines import handling_deadline
from gridapp.store.schema import case_events
from gridapp.sync.engine import pending_events, refused_events
from gridapp.sync.protocol import EventIn, EventStatusOut
from gridapp.sync.transport import TransientError, Transport
from tests.core.helpers import GARBAGE, jpeg
from tests.sync.helpers import (
    MASKED,
    PHONE,
    Ledger,
    assert_converged,
    event,
    hotline_event,
    make_client,
    report_event,
    server_case,
    server_events,
    transport,
)

S = EventStatusOut


def push_one(t: Transport, ev: EventIn):
    (result,) = t.push([ev]).results
    return result


def server_row(central, event_id: str) -> dict | None:
    with central.db.read() as conn:
        row = (
            conn.execute(case_events.select().where(case_events.c.id == event_id))
            .mappings()
            .first()
        )
    return dict(row) if row else None


# -- idempotency ---------------------------------------------------------------------------


def test_same_id_again_is_a_duplicate_other_content_a_conflict(live_server):
    t = transport(live_server, "wg001")
    ev = report_event(live_server.central)
    first = push_one(t, ev)
    assert first.status is S.ACCEPTED and first.seq is not None
    again = push_one(t, ev)
    assert again.status is S.DUPLICATE
    assert (again.seq, again.at_server, again.payload) == (
        first.seq,
        first.at_server,
        first.payload,
    )
    other = ev.model_copy(update={"payload": dict(ev.payload, description="另一内容")})
    clash = push_one(t, other)
    assert clash.status is S.CONFLICT and clash.code == "event_id_conflict" and clash.message
    assert clash.seq is None
    # the same event id pushed by someone else is not theirs either
    stranger = push_one(transport(live_server, "wg005"), ev)
    assert stranger.status is S.CONFLICT
    rows = server_events(live_server.central)
    assert list(rows) == [ev.id]
    assert json.loads(rows[ev.id][-1])["description"] == "暴露垃圾 #0"


# -- server-owned fields ---------------------------------------------------------------------


def test_server_owned_fields_sent_by_a_client_are_ignored(live_server):
    central = live_server.central
    forged = {
        "number": "X",
        "number_provisional": False,
        "grid_code": "370306999999999",
        "street_code": "370306101",
        "tier": "town",
        "seq": 1,
        "at_server": "2000-01-01T00:00:00",
        "actor": "zhiban",
        "role": "shift_lead",
    }
    rep = report_event(central, **forged)
    accepted = push_one(transport(live_server, "wg001"), rep)
    assert accepted.status is S.ACCEPTED, accepted
    row = server_row(central, rep.id)
    assert (row["actor"], row["role"]) == ("wg001", "grid_officer")
    stored = json.loads(row["payload"])
    grid = central.reference().grid_index.locate_or_raise(rep.payload["lon"], rep.payload["lat"])
    assert stored["grid_code"] == grid.code and stored["street_code"] == "370306001"
    assert stored["tier"] == "district" and stored["number"].startswith("临-")
    assert not {"seq", "at_server", "actor", "role"} & stored.keys()
    assert row["at_server"] != datetime(2000, 1, 1) and row["seq"] == accepted.seq

    claim = {"actor": "zhiban", "role": "shift_lead"}
    acc = event(rep.case_id, "accept", claim)
    assert push_one(transport(live_server, "shouli"), acc).status is S.ACCEPTED
    assert server_row(central, acc.id)["actor"] == "shouli"
    assert json.loads(server_row(central, acc.id)["payload"]) == {}

    fil = event(rep.case_id, "file", {"number": "X", "number_provisional": False, **claim})
    assert push_one(transport(live_server, "zhiban"), fil).status is S.ACCEPTED
    number = json.loads(server_row(central, fil.id)["payload"])["number"]
    assert re.fullmatch(r"370306-\d{8}-\d{4}", number), number
    assert server_case(central, rep.case_id).number == number

    far = "2099-01-01T00:00:00"
    dis = event(
        rep.case_id,
        "dispatch",
        {
            "department_code": "D02",
            "deadline": far,
            "warn_at": far,
            "deadline_unit": "work_day",
            "stages": [],
            "actor": "paiqian2",
        },
    )
    result = push_one(transport(live_server, "paiqian"), dis)
    assert result.status is S.ACCEPTED
    row = server_row(central, dis.id)
    stored = json.loads(row["payload"])
    expected = handling_deadline(
        central.reference().calendar, central.catalog.get(GARBAGE), "normal", row["at_server"]
    )
    assert stored["deadline"] == expected.deadline.isoformat(timespec="seconds") != far
    assert stored["warn_at"] == expected.warn_at.isoformat(timespec="seconds")
    assert row["actor"] == "paiqian" and "actor" not in stored
    assert server_case(central, rep.case_id).deadline == expected.deadline
    assert result.payload == stored  # the answer carries the event as stored


def test_extra_top_level_fields_in_an_event_refuse_that_event(live_server):
    token = live_server.login("wg001")
    extras = [{"actor": "zhiban"}, {"seq": 5}, {"at_server": "2026"}]
    forged = [
        dict(report_event(live_server.central, k=k).model_dump(mode="json"), **extra)
        for k, extra in enumerate(extras)
    ]
    good = report_event(live_server.central, k=9).model_dump(mode="json")
    with live_server.client(token) as c:
        r = c.post("/sync/push", json={"events": [*forged, good]})
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [(x["id"], x["status"], x["code"]) for x in results[:3]] == [
        (ev["id"], "rejected", "invalid_event") for ev in forged
    ]
    assert results[3]["status"] == "accepted"
    assert list(server_events(live_server.central)) == [good["id"]]


# -- refusals ------------------------------------------------------------------------------


def test_refused_event_comes_with_code_message_and_the_servers_case(live_server):
    central = live_server.central
    hot = hotline_event(central)
    assert push_one(transport(live_server, "shouli"), hot).status is S.ACCEPTED

    early = push_one(transport(live_server, "paiqian"), event(hot.case_id, "dispatch"))
    assert early.status is S.REJECTED and early.code == "wrong_state" and early.message
    assert early.seq is None and early.payload is None
    assert early.case["id"] == hot.case_id and early.case["state"] == "reported"
    assert early.case["reporter_phone"] == PHONE  # a dispatcher calls back

    officer = push_one(transport(live_server, "wg001"), event(hot.case_id, "check", {"result": 1}))
    assert officer.status is S.REJECTED and officer.code and officer.message
    assert officer.case["id"] == hot.case_id
    assert officer.case["reporter_phone"] == MASKED  # the case as this user may see it

    for user, action in (("wg010", "check"), ("bm-d03", "handle"), ("bj-shouli", "accept")):
        outside = push_one(transport(live_server, user), event(hot.case_id, action, {"note": "x"}))
        assert outside.status is S.REJECTED and outside.code == "unknown_case", (user, outside)
        assert outside.case is None, user  # nothing about a case outside the user's scope
    assert list(server_events(central)) == [hot.id]


def test_one_refused_event_does_not_block_the_others_of_a_batch(live_server):
    central = live_server.central
    t = transport(live_server, "wg001")
    reports = [report_event(central, k=k) for k in range(3)]
    assert [r.status for r in t.push(reports).results] == [S.ACCEPTED] * 3
    a, b, c = (r.case_id for r in reports)
    batch = [event(a, "accept"), event(b, "dispatch"), event(c, "accept")]
    results = transport(live_server, "shouli").push(batch).results
    assert [r.status for r in results] == [S.ACCEPTED, S.REJECTED, S.ACCEPTED]
    assert results[1].code == "role_not_allowed" and results[1].case["id"] == b
    assert results[0].seq < results[2].seq
    assert server_row(central, batch[1].id) is None
    assert server_case(central, a).accepted and server_case(central, c).accepted
    assert not server_case(central, b).accepted


def test_a_refused_event_is_kept_with_its_reason_and_never_dropped(live_server, tmp_path):
    """The client's batch: the middle event is refused; it stays, shown, through later syncs."""
    central = live_server.central
    ledger = Ledger()
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    shouli = make_client(tmp_path, live_server.url, "shouli", "shouli")
    case_ids = [officer.report(k) for k in range(3)]
    ledger.sync(officer)
    ledger.sync(shouli)
    for case_id in case_ids:  # offline
        shouli.ws.act(case_id, "accept")
    # meanwhile shouli2 accepted the middle one
    shouli2 = make_client(tmp_path, live_server.url, "shouli2", "shouli2")
    ledger.sync(shouli2)
    shouli2.ws.act(case_ids[1], "accept")
    assert ledger.sync(shouli2).accepted == 1
    report = ledger.sync(shouli)
    assert (report.accepted, report.rejected, report.waiting) == (2, 1, 0)
    (refused,) = refused_events(shouli.ws)
    assert refused["case_id"] == case_ids[1] and refused["action"] == "accept"
    assert refused["reject_code"] == "already_accepted" and refused["reject_reason"]
    assert shouli.ws.record(case_ids[1]).accepted  # the server's state: shouli2's accept
    # the case moves on at the server; shouli syncs again, restarts, syncs again
    zhiban = make_client(tmp_path, live_server.url, "zhiban", "zhiban")
    ledger.sync(zhiban)
    zhiban.ws.act(case_ids[1], "file")
    ledger.sync(zhiban)
    ledger.sync(shouli)
    shouli.reopen()
    ledger.sync(shouli)
    assert [e["id"] for e in refused_events(shouli.ws)] == [refused["id"]]
    again = refused_events(shouli.ws)[0]
    assert (again["status"], again["reject_code"]) == ("rejected", "already_accepted")
    assert again["reject_reason"] == refused["reject_reason"]
    assert shouli.ws.record(case_ids[1]).state.value == "filed"
    assert pending_events(shouli.ws) == 0
    for c in (officer, shouli2):
        ledger.sync(c)
    assert_converged(central, [officer, shouli, zhiban, shouli2], ledger)


# -- lost answers --------------------------------------------------------------------------


def test_a_push_whose_answer_was_lost_is_acknowledged_once(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_ids = [officer.report(k, photo=jpeg(100 + k)) for k in range(3)]
    real_push = officer.sync.transport.push

    def push_then_drop(events):
        real_push(events)
        raise TransientError("unreachable", "连接中断")

    officer.sync.transport.push = push_then_drop
    with pytest.raises(TransientError):
        officer.run()
    assert not officer.sync.online and officer.sync.failures == 1
    assert pending_events(officer.ws) == 3
    assert len(server_events(live_server.central)) == 3  # the server has them already
    officer.sync.transport.push = real_push
    report = officer.run()
    assert (report.accepted, report.rejected) == (3, 0)
    assert officer.sync.online and officer.sync.failures == 0
    assert len(server_events(live_server.central)) == 3
    assert {r.id for r in officer.ws.list_cases()} == set(case_ids)
    assert_converged(live_server.central, [officer])
