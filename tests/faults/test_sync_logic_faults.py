"""Sync faults of logic (not of the network), each repeated ROUNDS times on one server.

- two dispatchers dispatch the same filed case offline, then sync at the same moment:
  exactly one wins; the other's event comes back refused with a code and a message,
  is kept in its store as rejected, and its projection shows the winner's department;
- a client whose clock is a year off (ahead or behind): its events are accepted, but
  server time rules: ``at_server``, report time, case numbers and deadlines;
- the server restored from an older backup (a new epoch): clients notice, resend
  what the server lost, and converge again.

After each: nothing acknowledged is lost, nothing is duplicated (``assert_converged``).
"""

from __future__ import annotations

import json
import random
import shutil
import threading
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp.casework.deadlines import handling_deadline
from gridapp.domain.case import CaseState
from gridapp.server.main import new_epoch
from gridapp.server.settings import ServerSettings
from gridapp.store import case_log
from gridapp.store.schema import case_events
from gridapp.sync.engine import pending_events, refused_events
from tests.core.helpers import GARBAGE, jpeg, point_of
from tests.live_server import start_server
from tests.sync.helpers import (
    PHONE,
    Client,
    Ledger,
    assert_converged,
    backup_sqlite,
    client_rows,
    make_client,
    server_events,
    start_on_port,
)

ROUNDS = 50
T0 = datetime(2026, 11, 16, 9, 0)  # a Monday morning, server time


def _server_case(central, case_id):
    with central.db.read() as conn:
        return case_log.load_case(conn, case_id)


def _server_rows(central, case_id, action=None):
    q = select(case_events).where(case_events.c.case_id == case_id)
    if action:
        q = q.where(case_events.c.action == action)
    with central.db.read() as conn:
        return [dict(r) for r in conn.execute(q.order_by(case_events.c.seq)).mappings()]


def _filed_cases(ledger: Ledger, officer: Client, shouli, zhiban, n: int) -> list[str]:
    """``n`` cases reported by ``officer``, accepted and filed at the district centre."""
    case_ids = [officer.report(k) for k in range(n)]
    assert ledger.sync(officer).accepted == n
    ledger.sync(shouli)
    for case_id in case_ids:
        shouli.ws.act(case_id, "accept")
    assert ledger.sync(shouli).accepted == n
    ledger.sync(zhiban)
    for case_id in case_ids:
        zhiban.ws.act(case_id, "file")
    assert ledger.sync(zhiban).accepted == n
    return case_ids


# -- two dispatchers, one case ------------------------------------------------------------


def test_two_dispatchers_dispatch_the_same_case_at_once(live_server, tmp_path):
    url, central = live_server.url, live_server.central
    ledger = Ledger()
    officer = make_client(tmp_path, url, "wg001", "wg001")
    shouli = make_client(tmp_path, url, "shouli", "shouli")
    zhiban = make_client(tmp_path, url, "zhiban", "zhiban")
    p1 = make_client(tmp_path, url, "paiqian", "paiqian")
    p2 = make_client(tmp_path, url, "paiqian2", "paiqian2")
    everyone = [officer, shouli, zhiban, p1, p2]
    case_ids = _filed_cases(ledger, officer, shouli, zhiban, ROUNDS)
    ledger.sync(p1)
    ledger.sync(p2)
    depts = {p1.name: "D02", p2.name: "D03"}

    for r, case_id in enumerate(case_ids):
        a, b = (p1, p2) if r % 2 else (p2, p1)  # who starts the thread first changes
        mine = {}
        for c in (a, b):
            assert c.ws.record(case_id).state is CaseState.FILED
            c.ws.act(case_id, "dispatch", {"department_code": depts[c.name]})
            (mine[c.name],) = [
                row["id"]
                for row in client_rows(c.ws)
                if row["case_id"] == case_id and row["action"] == "dispatch"
            ]
        barrier = threading.Barrier(2)
        reports, errors = {}, []

        def run(c, barrier=barrier, reports=reports, errors=errors):
            try:
                barrier.wait(timeout=10)
                reports[c.name] = c.run()
            except Exception as exc:  # pragma: no cover - reported below
                errors.append((c.name, exc))

        threads = [threading.Thread(target=run, args=(c,)) for c in (a, b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert not errors, errors
        ledger.note(a, b)

        on_server = _server_rows(central, case_id, "dispatch")
        assert len(on_server) == 1, f"round {r}: {len(on_server)} dispatches accepted"
        (winner,) = [c for c in (a, b) if mine[c.name] == on_server[0]["id"]]
        (loser,) = [c for c in (a, b) if c is not winner]
        assert reports[winner.name].accepted == 1 and reports[winner.name].rejected == 0
        assert reports[loser.name].rejected == 1 and reports[loser.name].accepted == 0
        refused = {e["id"]: e for e in refused_events(loser.ws)}
        event = refused[mine[loser.name]]
        assert event["status"] == "rejected"
        assert event["reject_code"] in ("wrong_state", "already_dispatched"), event
        assert event["reject_reason"], event
        server_record = _server_case(central, case_id)
        assert server_record.department_code == depts[winner.name]
        for c in (a, b):
            record = c.ws.record(case_id)
            assert record.department_code == depts[winner.name], (r, c.name)
            assert record.dispatch_count == 1 and record.deadline == server_record.deadline
            assert pending_events(c.ws) == 0

    for c in everyone:
        ledger.sync(c)
    assert_converged(central, everyone, ledger)
    for c in (p1, p2):  # every loser's event is still there, with its reason
        for e in refused_events(c.ws):
            assert e["action"] == "dispatch" and e["reject_reason"]
    assert len(refused_events(p1.ws)) + len(refused_events(p2.ws)) == ROUNDS
    for c in everyone:
        c.close()


# -- a client clock a year off -------------------------------------------------------------


class ServerClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


class SkewedClock:
    """A client's clock: the server's time plus ``offset`` (a year ahead or behind)."""

    def __init__(self, server: ServerClock) -> None:
        self.server = server
        self.offset = timedelta(days=365)

    def __call__(self) -> datetime:
        return self.server.now + self.offset


def test_client_clock_a_year_off(central_settings, tmp_path):
    server_clock = ServerClock(T0)
    skew = SkewedClock(server_clock)
    server = start_server(central_settings, clock=server_clock)
    try:
        central, url = server.central, server.url
        ledger = Ledger()
        officer = make_client(tmp_path, url, "wg001", "wg001", clock=skew)
        shouli = make_client(tmp_path, url, "shouli", "shouli", clock=skew)
        zhiban = make_client(tmp_path, url, "zhiban", "zhiban", clock=skew)
        paiqian = make_client(tmp_path, url, "paiqian", "paiqian", clock=skew)
        everyone = [officer, shouli, zhiban, paiqian]
        calendar = central.reference().calendar
        category = central.catalog.get(GARBAGE)

        for r in range(ROUNDS):
            skew.offset = timedelta(days=365 if r % 2 == 0 else -365, minutes=r)
            server_clock.now = T0 + timedelta(minutes=37 * r)
            now = server_clock.now
            client_now = skew()

            case_id = officer.report(r, photo=jpeg(r) if r % 10 == 0 else None)
            local = officer.ws.record(case_id)
            assert local.reported_at == client_now  # before sync: the client's own time
            assert ledger.sync(officer).accepted == 1
            (report,) = _server_rows(central, case_id, "report")
            assert report["at_server"] == now and report["at_client"] == client_now
            assert json.loads(report["payload"])["number"].startswith(f"临-{now:%Y%m%d}-")
            assert officer.ws.record(case_id).reported_at == now

            ledger.sync(shouli)
            shouli.ws.act(case_id, "accept")
            assert ledger.sync(shouli).accepted == 1
            ledger.sync(zhiban)
            zhiban.ws.act(case_id, "file")
            assert zhiban.ws.record(case_id).number_provisional
            assert ledger.sync(zhiban).accepted == 1
            filed = _server_case(central, case_id)
            assert filed.number.startswith(f"370306-{now:%Y%m%d}-") and filed.filed_at == now
            assert zhiban.ws.record(case_id).number == filed.number

            ledger.sync(paiqian)
            paiqian.ws.act(case_id, "dispatch")
            offline = paiqian.ws.record(case_id)
            expected = handling_deadline(calendar, category, filed.urgency, now)
            assert offline.deadline != expected.deadline  # computed from the client's clock
            assert ledger.sync(paiqian).accepted == 1
            (dispatch,) = _server_rows(central, case_id, "dispatch")
            assert dispatch["at_server"] == now and dispatch["at_client"] == client_now
            payload = json.loads(dispatch["payload"])
            assert payload["deadline"] == expected.deadline.isoformat(timespec="seconds")
            assert payload["warn_at"] == expected.warn_at.isoformat(timespec="seconds")
            on_server = _server_case(central, case_id)
            assert on_server.deadline == expected.deadline and on_server.clock_start == now
            for c in (paiqian, officer):
                if c is officer:
                    ledger.sync(officer)
                record = c.ws.record(case_id)
                assert record.deadline == expected.deadline, (r, c.name)
                assert record.warn_at == expected.warn_at and record.dispatched_at == now

        for c in everyone:
            ledger.sync(c)
        assert_converged(central, everyone, ledger)
        for c in everyone:
            c.close()
    finally:
        server.stop()


# -- the server restored from an older backup ----------------------------------------------

# Every client resends its whole history after each restore (the service answers
# "duplicate" for what it kept), so the full loop with every role costs more per round.
WHOLE_LOOP_ROUNDS = 8


@pytest.fixture
def sqlite_settings(reference_template, tmp_path) -> ServerSettings:
    db_path = tmp_path / "central.db"
    shutil.copyfile(reference_template, db_path)
    return ServerSettings(db_url=f"sqlite:///{db_path}", files_dir=tmp_path / "central-files")


def _db_path(settings: ServerSettings) -> Path:
    return Path(settings.db_url.removeprefix("sqlite:///"))


def _restore(server, settings: ServerSettings, backup: Path):
    """Stop the service, put the backup in place with a new epoch, start it again."""
    port = int(server.url.rsplit(":", 1)[1])
    server.stop()
    target = _db_path(settings)
    for suffix in ("-wal", "-shm"):  # what ``gridapp restore`` does
        Path(str(target) + suffix).unlink(missing_ok=True)
    shutil.copyfile(backup, target)
    new_epoch(settings.db_url)
    return start_on_port(settings, port)


def _resync(ledger: Ledger, order: list[Client], passes: int = 2) -> None:
    for _ in range(passes):
        for c in order:
            report = ledger.sync(c)
            assert report.rejected == 0, (c.name, report)


def _hotline(shouli: Client, k: int, photo: bytes | None = None) -> str:
    """Intake registers a 12345 call in wg001's grids and accepts it (both its own events)."""
    x, y = point_of(shouli.ws, "wg001", k)
    photos = [photo] if photo else []
    (case_id,) = shouli.ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description=f"热线 #{k}",
        reporter_phone=PHONE,
        photos=photos,
    ).case_ids
    shouli.ws.act(case_id, "accept")
    return case_id


def test_server_restored_from_an_older_backup(sqlite_settings, tmp_path):
    """Each case's events come from one client; the whole loop is the next test."""
    server = start_server(sqlite_settings)
    try:
        url = server.url
        ledger = Ledger()
        officers = [make_client(tmp_path, url, "wg001", "wg001")]
        shouli = make_client(tmp_path, url, "shouli", "shouli")  # its cases: in wg001's grids
        zhiban = make_client(tmp_path, url, "zhiban", "zhiban")  # reads only
        makers = [*officers, shouli]
        everyone = [*makers, zhiban]
        backup = tmp_path / "backup.db"
        epochs = {server.central.epoch}
        rng = random.Random(7)

        def work(r: int) -> None:
            # a photo now and then: each resend after a restore checks its photos again
            photo = r % 5 == 0
            for i, o in enumerate(officers):
                o.report(r, photo=jpeg(i * 1000 + r) if photo else None)
            _hotline(shouli, r, jpeg(5000 + r) if photo else None)
            for c in rng.sample(makers, len(makers)):
                ledger.sync(c)

        for r in range(ROUNDS):
            # the backup holds everything of the rounds before (resent after their restore)
            backup_sqlite(_db_path(sqlite_settings), backup)
            work(r)  # lost by the restore, acknowledged to the clients
            server = _restore(server, sqlite_settings, backup)
            assert server.central.epoch not in epochs
            epochs.add(server.central.epoch)
            lost = len(_made(ledger.acked)) - len(_made(server_events(server.central)))
            assert lost == 3  # 1 + 2
            # three passes in a random order: notice the epoch, resend, pull the others'
            # resent events
            _resync(ledger, rng.sample(everyone, len(everyone)), passes=3)
            on_server = server_events(server.central)
            assert _made(ledger.acked) == _made(on_server), f"round {r}"
            for c in everyone:
                assert local_state(c)["epoch"] == server.central.epoch
                assert pending_events(c.ws) == 0 and not refused_events(c.ws)
            if r % 10 == 9:
                assert_converged(server.central, everyone, ledger)
        made = _made(server_events(server.central))
        assert len(made) == len(_made(ledger.acked)) == ROUNDS * 3
        for c in everyone:
            c.close()
    finally:
        server.stop()


def _made(events: dict[str, tuple]) -> set[str]:
    """The ids of the events clients made (the service's 疑似重复 flags left out: after a
    restore the service flags resent reports again only where it finds duplicates then)."""
    return {i for i, k in events.items() if "flag_duplicate" not in k}


def local_state(c: Client) -> dict[str, str]:
    return c.sync.engine.state()


class Centre:
    """The district centre's three clients, each doing its step on every case it can."""

    def __init__(self, ledger: Ledger, shouli: Client, zhiban: Client, paiqian: Client):
        self.ledger = ledger
        self.steps = [
            (shouli, "accept"),
            (zhiban, "file"),
            (paiqian, "dispatch"),
        ]

    def work(self) -> None:
        for client, action in self.steps:
            self.ledger.sync(client)
            for record in client.ws.list_cases():
                ready = {
                    "accept": record.state is CaseState.REPORTED and not record.accepted,
                    "file": record.state is CaseState.REPORTED and record.accepted,
                    "dispatch": record.state is CaseState.FILED,
                }[action]
                if ready:
                    client.ws.act(record.id, action)
            self.ledger.sync(client)


def test_server_restored_from_an_older_backup_whole_loop(sqlite_settings, tmp_path):
    """Officers report, the centre accepts, files and dispatches, the department handles."""
    server = start_server(sqlite_settings)
    try:
        url = server.url
        ledger = Ledger()
        officers = [make_client(tmp_path, url, u, u) for u in ("wg001", "wg010")]
        shouli = make_client(tmp_path, url, "shouli", "shouli")
        zhiban = make_client(tmp_path, url, "zhiban", "zhiban")
        paiqian = make_client(tmp_path, url, "paiqian", "paiqian")
        dept = make_client(tmp_path, url, "bm-d02", "bm-d02")
        everyone = [*officers, shouli, zhiban, paiqian, dept]
        centre = Centre(ledger, shouli, zhiban, paiqian)
        backup = tmp_path / "backup.db"

        def work(k: int) -> None:
            for o in officers:
                o.report(k, photo=jpeg(k * 10 + len(o.name)))
                ledger.sync(o)
            centre.work()
            ledger.sync(dept)
            for record in dept.ws.list_cases():
                if record.state is CaseState.DISPATCHED and k % 2:
                    dept.ws.act(record.id, "handle", {"note": "已处置"})
            ledger.sync(dept)

        for r in range(WHOLE_LOOP_ROUNDS):
            work(r)
            backup_sqlite(_db_path(sqlite_settings), backup)
            work(1000 + r)
            server = _restore(server, sqlite_settings, backup)
            # who made a case's first event resyncs before those who acted on it
            _resync(ledger, everyone)
            assert_converged(server.central, everyone, ledger)
        for c in everyone:
            c.close()
    finally:
        server.stop()


def test_restore_client_whose_case_others_acted_on_syncs_again(sqlite_settings, tmp_path):
    server = start_server(sqlite_settings)
    try:
        officer = make_client(tmp_path, server.url, "wg001", "wg001")
        shouli = make_client(tmp_path, server.url, "shouli", "shouli")
        backup = tmp_path / "backup.db"
        backup_sqlite(_db_path(sqlite_settings), backup)
        case_id = officer.report(0)
        officer.run()
        shouli.run()
        shouli.ws.act(case_id, "accept")
        shouli.run()
        officer.run()  # the officer now holds its own report and shouli's accept
        server = _restore(server, sqlite_settings, backup)
        officer.run()  # AssertionError: only a report creates a case
        officer.run()
        assert officer.ws.record(case_id).number_provisional
        assert [k[2] for k in server_events(server.central).values()] == ["report"]
    finally:
        server.stop()


def test_restore_resent_action_is_not_refused_when_its_report_comes_later(
    sqlite_settings, tmp_path
):
    server = start_server(sqlite_settings)
    try:
        ledger = Ledger()
        officer = make_client(tmp_path, server.url, "wg001", "wg001")
        shouli = make_client(tmp_path, server.url, "shouli", "shouli")
        backup = tmp_path / "backup.db"
        backup_sqlite(_db_path(sqlite_settings), backup)
        case_id = officer.report(0)
        ledger.sync(officer)  # pushes the report, pulls only it
        ledger.sync(shouli)
        shouli.ws.act(case_id, "accept")
        assert ledger.sync(shouli).accepted == 1  # acknowledged
        server = _restore(server, sqlite_settings, backup)
        for c in (shouli, shouli, officer, officer, shouli, officer):
            ledger.sync(c)
        assert not refused_events(shouli.ws), refused_events(shouli.ws)[0]["reject_code"]
        assert_converged(server.central, [officer, shouli], ledger)
    finally:
        server.stop()


def test_restore_one_sync_resends_what_the_server_lost(sqlite_settings, tmp_path):
    server = start_server(sqlite_settings)
    try:
        officer = make_client(tmp_path, server.url, "wg001", "wg001")
        backup = tmp_path / "backup.db"
        backup_sqlite(_db_path(sqlite_settings), backup)
        case_id = officer.report(0)
        officer.run()
        server = _restore(server, sqlite_settings, backup)
        report = officer.run()
        assert report.epoch_reset
        assert pending_events(officer.ws) == 0
        assert [k[3] for k in server_events(server.central).values()] == [case_id]
    finally:
        server.stop()
