"""The rules of the sync protocol, one by one, against a real service.

Protocol-level rules are checked with the bare :class:`Transport` (what any client
could send); client rules (offline login, outbox, refused events) with the real
client stores and :class:`SyncClient`.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import uuid
from datetime import datetime

import pytest

from gridapp.casework.deadlines import handling_deadline
from gridapp.errors import DomainError
from gridapp.store import case_log
from gridapp.store.schema import case_events
from gridapp.sync.engine import pending_events, refused_events
from gridapp.sync.protocol import EventIn, EventStatusOut
from gridapp.sync.transport import AuthError, TransientError, Transport
from tests.live_server import PASSWORD, start_server
from tests.sync.helpers import (
    GARBAGE,
    MASKED,
    PHONE,
    Ledger,
    assert_converged,
    client_rows,
    jpeg,
    make_client,
    point_of,
    server_events,
    start_on_port,
)

S = EventStatusOut


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def event(case_id: str, action: str, payload: dict | None = None, **kw) -> EventIn:
    return EventIn(
        id=kw.get("event_id") or str(uuid.uuid4()),
        case_id=case_id,
        action=action,
        at_client=kw.get("at") or _now(),
        payload=payload or {},
    )


def report_event(central, officer: str = "wg001", k: int = 0, **payload) -> EventIn:
    x, y = point_of(central.reference(), officer, k)
    body = {
        "source": "patrol",
        "category_code": GARBAGE,
        "lon": x,
        "lat": y,
        "description": f"暴露垃圾 #{k}",
    }
    body.update(payload)
    return event(str(uuid.uuid4()), "report", body)


def hotline_event(central, k: int = 0, **payload) -> EventIn:
    return report_event(central, "wg001", k, source="hotline", reporter_phone=PHONE, **payload)


def transport(server, username: str) -> Transport:
    t = Transport(server.url)
    t.login(username, PASSWORD)
    return t


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


def server_case(central, case_id: str):
    with central.db.read() as conn:
        return case_log.load_case(conn, case_id)


def filed_case(server, k: int = 0, officer: str = "wg001") -> str:
    """A case reported by ``officer``, accepted and filed at the district centre."""
    rep = report_event(server.central, officer, k)
    assert push_one(transport(server, officer), rep).status is S.ACCEPTED
    assert push_one(transport(server, "shouli"), event(rep.case_id, "accept")).status is S.ACCEPTED
    assert push_one(transport(server, "zhiban"), event(rep.case_id, "file")).status is S.ACCEPTED
    return rep.case_id


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


@pytest.mark.parametrize("extra", [{"actor": "zhiban"}, {"seq": 5}, {"at_server": "2026"}])
def test_extra_top_level_fields_in_an_event_are_a_422(live_server, extra):
    token = live_server.login("wg001")
    ev = report_event(live_server.central).model_dump(mode="json")
    with live_server.client(token) as c:
        r = c.post("/sync/push", json={"events": [dict(ev, **extra)]})
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "bad_request"
    assert server_events(live_server.central) == {}


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


# -- photos --------------------------------------------------------------------------------


def test_event_whose_photo_is_missing_waits_with_the_later_events_of_its_case(live_server):
    central = live_server.central
    t = transport(live_server, "shouli")
    photo = jpeg(1)
    sha = hashlib.sha256(photo).hexdigest()
    hot = hotline_event(central, photos=[sha])
    acc = event(hot.case_id, "accept")
    other = hotline_event(central, k=1)
    results = t.push([hot, acc, other]).results
    assert [r.status for r in results] == [S.RETRY, S.RETRY, S.ACCEPTED]
    assert results[0].code == "files_missing" and results[1].code == "earlier_event_waiting"
    assert server_case(central, hot.case_id) is None
    assert t.upload(sha, photo).present
    results = t.push([hot, acc]).results
    assert [r.status for r in results] == [S.ACCEPTED, S.ACCEPTED]
    assert server_case(central, hot.case_id).photos == (sha,)
    assert server_case(central, hot.case_id).accepted


def test_client_keeps_events_waiting_for_a_photo_pending(live_server, tmp_path):
    shouli = make_client(tmp_path, live_server.url, "shouli", "shouli")
    x, y = point_of(shouli.ws, "wg001")
    (case_id,) = shouli.ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description="热线",
        reporter_phone=PHONE,
        photos=[jpeg(2)],
    ).case_ids
    shouli.ws.act(case_id, "accept")
    real_upload = shouli.sync.transport.upload
    shouli.sync.transport.upload = lambda sha, data, **kw: None  # the photo does not arrive
    report = shouli.run()
    assert (report.accepted, report.rejected, report.waiting) == (0, 0, 2)
    assert pending_events(shouli.ws) == 2 and not refused_events(shouli.ws)
    assert shouli.ws.record(case_id).accepted  # still shown with the pending accept
    shouli.sync.transport.upload = real_upload
    report = shouli.run()
    assert (report.accepted, report.rejected, report.waiting) == (2, 0, 0)
    assert pending_events(shouli.ws) == 0
    assert live_server.central.files.has(shouli.ws.record(case_id).photos[0])


def test_later_events_of_a_waiting_case_are_not_refused_in_a_later_batch(live_server, tmp_path):
    shouli = make_client(tmp_path, live_server.url, "shouli", "shouli", batch_size=1)
    x, y = point_of(shouli.ws, "wg001")
    (case_id,) = shouli.ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description="热线",
        reporter_phone=PHONE,
        photos=[jpeg(3)],
    ).case_ids
    shouli.ws.act(case_id, "accept")
    real_upload = shouli.sync.transport.upload
    shouli.sync.transport.upload = lambda sha, data, **kw: None
    shouli.run()
    shouli.sync.transport.upload = real_upload
    shouli.run()
    assert not refused_events(shouli.ws), refused_events(shouli.ws)[0]["reject_code"]
    assert server_case(live_server.central, case_id).accepted


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


# -- login, tokens, restarts ---------------------------------------------------------------


def test_offline_login_after_one_online_login(central_settings, tmp_path):
    server = start_server(central_settings)
    port = int(server.url.rsplit(":", 1)[1])
    try:
        officer = make_client(tmp_path, server.url, "wg001", "wg001")
        assert officer.sync.online
        server.stop()
        officer.close()
        officer = make_client(tmp_path, server.url, "wg001")  # the laptop restarted
        actor = officer.login("wg001")
        assert not officer.sync.online and actor.username == "wg001"
        assert officer.ws.user.username == "wg001"
        with pytest.raises(DomainError) as wrong:
            officer.login("wg001", "wrong-password")
        assert wrong.value.code == "bad_credentials"
        with pytest.raises(DomainError):  # never logged in online on this machine
            officer.login("shouli")
        officer.login("wg001")
        case_id = officer.report(0, photo=jpeg(7))
        with pytest.raises(TransientError):
            officer.run()
        assert not officer.sync.online and officer.sync.failures == 1
        assert pending_events(officer.ws) == 1
        server = start_on_port(central_settings, port)  # the network is back
        report = officer.run()  # with the session token kept from the online login
        assert report.accepted == 1 and officer.sync.online
        assert server_case(server.central, case_id) is not None
        officer.close()
    finally:
        server.stop()


def test_token_file_is_private(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    files = list(officer.tokens_dir.iterdir())
    assert len(files) == 1, files
    mode = stat.S_IMODE(files[0].stat().st_mode)
    assert mode == 0o600, oct(mode)
    token = files[0].read_text().strip()
    assert token == officer.sync.transport.token
    assert transport_with(live_server, token).pull(0).events == []  # the token works
    officer.sync.logout()
    assert list(officer.tokens_dir.iterdir()) == []
    with pytest.raises(AuthError):  # and the session is gone on the server too
        transport_with(live_server, token).pull(0)


def transport_with(server, token: str) -> Transport:
    return Transport(server.url, token)


def test_pending_events_survive_a_client_restart(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_ids = [officer.report(k, photo=jpeg(200 + k)) for k in range(3)]
    officer.reopen()
    assert pending_events(officer.ws) == 3
    assert {r.id for r in officer.ws.list_cases()} == set(case_ids)
    officer.reopen()
    report = officer.run()
    assert (report.accepted, report.rejected, report.waiting) == (3, 0, 0)
    for case_id in case_ids:
        record = server_case(live_server.central, case_id)
        assert record is not None and live_server.central.files.has(record.photos[0])
    assert_converged(live_server.central, [officer])


# -- one store, several users --------------------------------------------------------------

SWITCH = (
    "bug: gridapp/sync/engine.py SyncEngine.push sends every pending event of the store "
    "under the session of whoever is logged in now: an event recorded by shouli and "
    "synced after zhiban logged in on the same store is stored on the server as zhiban's "
    "(while the client keeps actor shouli: local.apply_result never takes actor/role "
    "from the answer), and after paiqian logged in it is refused for good "
    "(role_not_allowed); the outbox should only send the current user's events"
)


def test_events_of_the_previous_user_are_not_pushed_as_the_next_users(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_id = officer.report(0)
    officer.run()
    centre = make_client(tmp_path, live_server.url, "centre", "shouli")
    centre.run()
    centre.ws.act(case_id, "accept")  # by shouli, not synced yet
    centre.login("zhiban")  # the shift changes
    centre.run()
    held = {r["id"]: r["actor"] for r in client_rows(centre.ws)}
    on_server = {k: v[4] for k, v in server_events(live_server.central).items()}
    # shouli's accept waits for shouli's own session; nothing goes out under zhiban's name
    assert {i: a for i, a in held.items() if i in on_server} == {
        i: on_server[i] for i in held if i in on_server
    }
    waiting = [r for r in client_rows(centre.ws) if r["action"] == "accept"]
    assert len(waiting) == 1 and waiting[0]["id"] not in on_server
    centre.login("shouli")
    centre.run()
    assert server_events(live_server.central)[waiting[0]["id"]][4] == "shouli"


def test_events_of_the_previous_user_are_not_refused_for_the_next_ones_role(live_server, tmp_path):
    officer = make_client(tmp_path, live_server.url, "wg001", "wg001")
    case_id = officer.report(0)
    officer.run()
    centre = make_client(tmp_path, live_server.url, "centre", "shouli")
    centre.run()
    centre.ws.act(case_id, "accept")
    centre.login("paiqian")
    centre.run()
    assert not refused_events(centre.ws), refused_events(centre.ws)[0]["reject_code"]


def test_a_user_logging_in_on_a_used_store_gets_the_cases_of_their_scope(live_server, tmp_path):
    wg010 = make_client(tmp_path, live_server.url, "wg010", "wg010")
    case_id = wg010.report(0)
    wg010.run()
    shared = make_client(tmp_path, live_server.url, "shared", "wg001")
    shared.run()
    shared.login("wg010")
    shared.run()
    assert [r.id for r in shared.ws.list_cases()] == [case_id]
