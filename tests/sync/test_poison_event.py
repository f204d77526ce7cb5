"""One event the service fails on never wedges a laptop's outbox.

A live service (both backends) sits behind ``fault_service.PushFaults``, which
answers 500 to any push carrying a marker text — a stand-in for a service bug on
one event's content: the real service cannot be made to fail on demand once it
refuses bad content with a 4xx, so the fault is injected in front of it. Before
the fix the client retried the whole batch for ever and nothing after the marker
event ever reached the service.

Checked: the marker event ends *stuck* after the expected rounds (3 rounds failing
as a batch, then 3 failures alone), every other event — also ones queued after it —
is accepted, the later event of its own case waits behind it, nothing is removed
from the store, the stuck event is retried hourly and flows once the fault is gone
and the user asks; a 502/503/504 storm or a service failing on everything never
makes anything stuck, nor does a connection refused.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from gridapp import clock
from gridapp.domain.events import EventStatus
from gridapp.store.schema import outbox_faults
from gridapp.sync import local
from gridapp.sync.engine import BATCH_FAULTS, FAULT_ROUNDS
from gridapp.sync.session import SyncSession
from gridapp.sync.transport import ServiceFault, TransientError
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, point_of
from tests.live_server import PASSWORD
from tests.sync.fault_service import PushFaults, start_faulty_server
from tests.sync.helpers import PHONE, Client, assert_converged, client_rows, server_events

MARKER = "POISON-7f3a"


class Clock:
    def __init__(self) -> None:
        self.now = clock.now().replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def faulty(central_settings):
    server, faults = start_faulty_server(central_settings)
    yield server, faults
    server.stop()


def laptop(tmp_path: Path, url: str, clock: Clock | None = None) -> tuple[Workspace, SyncSession]:
    ws = Workspace.open_client(tmp_path / "laptop.db", **({"clock": clock} if clock else {}))
    session = ws.connect(url, tmp_path / "tokens", use_keyring=False)
    session.login("shouli", PASSWORD)
    return ws, session


def hotline(ws: Workspace, k: int, text: str = "") -> tuple[str, list[str]]:
    """Intake registers a 12345 call and accepts it: two events of one case."""
    x, y = point_of(ws, "wg001", k)
    (case_id,) = ws.report(
        source="hotline",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description=f"热线 #{k} {text}".strip(),
        reporter_phone=PHONE,
    ).case_ids
    ws.act(case_id, "accept")
    ids = [r["id"] for r in client_rows(ws) if r["case_id"] == case_id]
    return case_id, sorted(ids, key=lambda i: _n(ws, i))


def _n(ws: Workspace, event_id: str) -> int:
    return next(r["n"] for r in client_rows(ws) if r["id"] == event_id)


def statuses(ws: Workspace) -> dict[str, str]:
    return {r["id"]: r["status"] for r in client_rows(ws)}


def fault_rows(ws: Workspace) -> list[dict]:
    with ws.db.read() as conn:
        return [dict(r) for r in conn.execute(select(outbox_faults)).mappings()]


def pushed_with(faults: PushFaults, event_id: str, since: int = 0) -> int:
    return sum(event_id in ids for ids in faults.pushes[since:])


@pytest.mark.parametrize("garbled", [False, True], ids=["http500", "garbled200"])
def test_poison_event_is_isolated_and_the_rest_flows(faulty, tmp_path, garbled):
    server, faults = faulty
    if garbled and server.settings.db_schema:  # the client side is the same on both
        pytest.skip("garbled answers: once, on SQLite")
    faults.poison, faults.garbled = MARKER.encode(), garbled
    clock = Clock()
    ws, session = laptop(tmp_path, server.url, clock)
    try:
        _, before = hotline(ws, 0)
        poison_case, (poison, behind) = hotline(ws, 1, MARKER)
        _, after = hotline(ws, 2)
        made = set(statuses(ws))

        # Rounds 1..N-1 fail as a whole: temporary, nothing isolated yet.
        for _ in range(FAULT_ROUNDS - 1):
            with pytest.raises(ServiceFault):
                session.sync_now()
            assert set(statuses(ws).values()) == {EventStatus.PENDING.value}
            assert not fault_rows(ws)
        # Round N: pushed one by one; the rest flows, the marker and its case wait.
        report = session.sync_now()
        assert report.accepted == 4 and report.stuck == 0
        st = statuses(ws)
        assert all(st[i] == "accepted" for i in before + after)
        assert st[poison] == st[behind] == "pending"
        assert pushed_with(faults, behind) == FAULT_ROUNDS  # in the batches, never alone
        (row,) = fault_rows(ws)
        assert (row["event_id"], row["failures"], row["stuck"]) == (poison, 1, False)

        # Events queued after it flow; the marker is tried alone each round.
        _, later = hotline(ws, 3)
        assert session.sync_now().accepted == 2
        assert all(statuses(ws)[i] == "accepted" for i in later)
        mark = len(faults.pushes)
        report = session.sync_now()  # nothing else to send: an empty push proves the service
        assert report.stuck == 1
        assert faults.pushes[mark:] == [[poison], []]
        (row,) = fault_rows(ws)
        assert (row["failures"], row["stuck"]) == (FAULT_ROUNDS, True)
        assert (row["http_status"], row["code"]) == (
            (200, "bad_response") if garbled else (500, "internal_error")
        )

        # Stuck: skipped by the normal push, shown with what the service said.
        _, last = hotline(ws, 4)
        mark = len(faults.pushes)
        assert session.sync_now().accepted == 2
        assert pushed_with(faults, poison, mark) == 0
        (item,) = session.stuck()
        assert (item.event_id, item.case_id, item.action) == (poison, poison_case, "report")
        assert item.attempts == FAULT_ROUNDS and item.waiting == 1 and item.case_exists
        assert MARKER in item.description and item.number
        if not garbled:
            assert (item.http_status, item.message) == (500, "服务内部错误")
        status = session.status()
        assert (status.stuck, status.pending, status.refused) == (1, 2, 0)
        assert session.refused() == []  # stuck is not refused

        # An hour later it is tried again by itself (the fault is still there).
        clock.now += timedelta(minutes=61)
        mark = len(faults.pushes)
        session.sync_now()
        assert pushed_with(faults, poison, mark) == 1
        assert session.stuck()[0].attempts == FAULT_ROUNDS + 1

        # After an app update too (the fix may be on this side).
        with ws.db.write() as conn:
            conn.execute(outbox_faults.update().values(app_version="0.0.1"))
        mark = len(faults.pushes)
        session.sync_now()
        assert pushed_with(faults, poison, mark) == 1
        mark = len(faults.pushes)
        session.sync_now()  # and then not again before its hour is up
        assert pushed_with(faults, poison, mark) == 0

        # The service is fixed; the user asks to retry: it flows, and its case after it.
        faults.poison = None
        assert session.retry_stuck() == 1
        report = session.sync_now()
        assert report.accepted == 2 and session.stuck() == [] and not fault_rows(ws)
        assert set(statuses(ws)) == made | set(later) | set(last)  # nothing removed
        assert set(statuses(ws).values()) == {"accepted"}
        on_server = server_events(server.central)
        assert {poison, behind} <= on_server.keys()
        client = Client("laptop", tmp_path / "laptop.db", server.url, ws, session.client)
        client.usernames.add("shouli")
        assert_converged(server.central, [client])
    finally:
        session.close()
        ws.close()


def test_infrastructure_storm_never_makes_anything_stuck(faulty, tmp_path):
    """502/503/504 (a proxy, a full disk: ``storage_full`` with Retry-After) and a
    refused connection are temporary: the whole batch is retried, nothing isolated."""
    server, faults = faulty
    ws, session = laptop(tmp_path, server.url)
    try:
        hotline(ws, 0)
        hotline(ws, 1, MARKER)
        for status in (503, 502, 504):
            faults.storm = status
            for _ in range(FAULT_ROUNDS + 2):
                with pytest.raises(TransientError) as caught:
                    session.sync_now()
                assert not isinstance(caught.value, ServiceFault)
                assert caught.value.status == status
        assert faults.failed == 3 * (FAULT_ROUNDS + 2)
        faults.storm = None
        url = session.client.transport.base_url
        session.client.transport.base_url = "http://127.0.0.1:9"  # nothing listens: refused
        for _ in range(FAULT_ROUNDS + 2):
            with pytest.raises(TransientError) as caught:
                session.sync_now()
            assert not isinstance(caught.value, ServiceFault)
        session.client.transport.base_url = url
        assert all(len(ids) == 4 for ids in faults.pushes)  # always the whole batch
        assert not fault_rows(ws)
        with ws.db.read() as conn:
            assert BATCH_FAULTS not in local.get_state(conn)
        assert session.stuck() == [] and session.status().pending == 4
        assert "无法连接" in session.status().last_error

        # The storm did not count: a 500 now starts counting from one.
        faults.storm, faults.poison = None, MARKER.encode()
        with pytest.raises(ServiceFault):
            session.sync_now()
        assert "HTTP 500" in session.status().last_error
        with ws.db.read() as conn:
            assert local.get_state(conn)[BATCH_FAULTS] == "1"
        faults.poison = None
        assert session.sync_now().accepted == 4
    finally:
        session.close()
        ws.close()


def test_a_service_failing_on_everything_blames_no_event(faulty, tmp_path):
    """Every push fails, even an empty one: the service is broken, not the events."""
    server, faults = faulty
    ws, session = laptop(tmp_path, server.url)
    try:
        for k in range(3):
            hotline(ws, k)
        faults.broken = True
        for _ in range(2 * FAULT_ROUNDS + 1):
            mark = len(faults.pushes)
            with pytest.raises(ServiceFault):
                session.sync_now()
            assert len(faults.pushes) - mark <= 1 + 3 + 1  # batch, one per case, probe
        assert not fault_rows(ws) and session.stuck() == []
        assert set(statuses(ws).values()) == {"pending"}
        faults.broken = False
        assert session.sync_now().accepted == 6
    finally:
        session.close()
        ws.close()


def test_a_store_of_the_previous_version_gets_the_outbox_faults_table(tmp_path):
    from tests.core.test_store_upgrade import make_store_at, revision_of

    path = tmp_path / "client.db"
    make_store_at(path, "0003")
    ws = Workspace.open_client(path)
    try:
        assert revision_of(path) >= "0004"
        assert fault_rows(ws) == []
    finally:
        ws.close()
