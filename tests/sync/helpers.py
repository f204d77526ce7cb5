"""Shared helpers of the sync tests: client stores, places, photos, and the convergence check.

Everything runs against a real service (``tests/live_server.py``) through the real
client (``Workspace.open_client`` + ``SyncClient``); the convergence check reads the
server's database directly and the clients' stores through the store layer.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from gridapp import clock
from gridapp.casework.duplicates import SYSTEM_ACTOR, visible_candidates
from gridapp.domain.events import EventStatus
from gridapp.domain.roles import mask_phone
from gridapp.domain.workflow import replay
from gridapp.reports import fact_check
from gridapp.store import case_log
from gridapp.store.case_queries import scope_condition
from gridapp.store.schema import case_events, cases
from gridapp.sync import local
from gridapp.sync.client import SyncClient
from gridapp.sync.protocol import EventIn
from gridapp.sync.round_outcome import SyncReport
from gridapp.sync.tokens import TokenStore
from gridapp.sync.transport import Transport
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, point_of
from tests.live_server import PASSWORD, LiveServer, start_server

URBAN_STREETS = ("370306001", "370306002", "370306003", "370306004", "370306005")
PHONE = "13812341234"
MASKED = "138****1234"


# -- photos and places ------------------------------------------------------------------


# -- clients ------------------------------------------------------------------------------


@dataclass
class Client:
    """One desktop client: its own store, token folder and sync connection."""

    name: str
    path: Path
    url: str
    ws: Workspace
    sync: SyncClient
    clock: Callable[[], datetime] | None = None
    usernames: set[str] = field(default_factory=set)  # everyone who worked on this store

    @property
    def tokens_dir(self) -> Path:
        return self.path.with_name(self.path.stem + "-tokens")

    def login(self, username: str, password: str = PASSWORD):
        actor = self.sync.login(username, password)
        self.usernames.add(username)
        return actor

    def run(self) -> SyncReport:
        return self.sync.sync()

    def reopen(self) -> None:
        """Close the store and open it again (a client restart); the session is kept."""
        token = self.sync.transport.token
        username = self.ws.user.username if self.ws._user else None
        self.ws.close()
        self.ws = open_ws(self.path, self.clock)
        self.sync = SyncClient(self.ws, self.url, TokenStore(self.tokens_dir, use_keyring=False))
        self.sync.transport.token = token
        if username:
            self.ws.act_as(username)

    def close(self) -> None:
        self.sync.transport.close()
        self.ws.close()

    def report(self, k: int, *, photo: bytes | None = None, **fields) -> str:
        x, y = point_of(self.ws, self.ws.user.username, k)
        values = {
            "source": "patrol",
            "category_code": GARBAGE,
            "lon": x,
            "lat": y,
            "description": f"暴露垃圾 {self.name} #{k}",
        }
        values.update(fields)
        photos = [photo] if photo is not None else []
        (case_id,) = self.ws.report(photos=photos, **values).case_ids
        return case_id


def open_ws(path: Path, clock: Callable[[], datetime] | None = None) -> Workspace:
    return Workspace.open_client(path, **({"clock": clock} if clock else {}))


def make_client(
    folder: Path,
    url: str,
    name: str,
    username: str | None = None,
    *,
    clock: Callable[[], datetime] | None = None,
    batch_size: int | None = None,
) -> Client:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.db"
    ws = open_ws(path, clock)
    client = Client(
        name,
        path,
        url,
        ws,
        SyncClient(ws, url, TokenStore(folder / f"{name}-tokens", use_keyring=False)),
        clock,
    )
    if batch_size:
        client.sync.engine.batch_size = batch_size
    if username:
        client.login(username)
    return client


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite store (WAL included), like ``sqlite3 .backup``."""
    src = sqlite3.connect(source)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def start_on_port(settings, port: int, clock=None) -> LiveServer:
    """A (re)start on a given port, so that a restart keeps the clients' URL."""
    return start_server(settings, clock=clock, port=port)


# -- the bare protocol: what any client could send ------------------------------------------


def _now() -> datetime:
    return clock.now().replace(microsecond=0)


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
        "catalog": 2,  # the catalog version of the code (absent: version 1)
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


# -- reading both sides -------------------------------------------------------------------


def _masked(payload: dict, masked: bool) -> dict:
    if masked and payload.get("reporter_phone"):
        payload = dict(payload, reporter_phone=mask_phone(payload["reporter_phone"]))
    return payload


def server_events(central, usernames: Iterable[str] | None = None) -> dict[str, tuple]:
    """The server's events (of the cases in the users' scope): id → comparable tuple."""
    e = case_events.c
    out: dict[str, tuple] = {}
    with central.db.read() as conn:
        if usernames is None:
            rows = conn.execute(select(case_events)).mappings().all()
            masked = False
            out.update({r["id"]: _key(r, masked) for r in rows})
            return out
        for username in usernames:
            actor = central.reference().user(username).to_actor()
            q = (
                select(case_events)
                .join(cases, cases.c.id == e.case_id)
                .where(scope_condition(actor))
            )
            masked = not actor.sees_phone_numbers
            for r in conn.execute(q).mappings():
                out[r["id"]] = _key(r, masked, actor)
    return out


def _key(row, masked: bool, actor=None) -> tuple:
    payload = _masked(json.loads(row["payload"]), masked)
    if actor is not None and row["action"] == "flag_duplicate":
        payload = visible_candidates(payload, actor)  # as the pull cuts it to the user
    return (
        row["id"],
        row["seq"],
        row["action"],
        row["case_id"],
        row["actor"],
        row["role"],
        row["at_server"],
        json.dumps(payload, ensure_ascii=False, sort_keys=True),
    )


def server_case(central, case_id: str):
    with central.db.read() as conn:
        return case_log.load_case(conn, case_id)


def client_rows(ws: Workspace) -> list[dict]:
    with ws.db.read() as conn:
        return [dict(r) for r in conn.execute(select(case_events)).mappings()]


def accepted_ids(ws: Workspace) -> dict[str, tuple[str, str]]:
    return {
        r["id"]: (r["case_id"], r["action"])
        for r in client_rows(ws)
        if r["status"] == EventStatus.ACCEPTED.value
    }


@dataclass
class Ledger:
    """Every event any client saw acknowledged (accepted), over the whole test."""

    acked: dict[str, tuple[str, str]] = field(default_factory=dict)

    def note(self, *clients: Client) -> None:
        for c in clients:
            self.acked.update(accepted_ids(c.ws))

    def sync(self, client: Client) -> SyncReport:
        report = client.run()
        self.note(client)
        return report


def assert_projections_replay(conn, what: str) -> None:
    """Every stored case equals the replay of its (not rejected) events, and vice versa."""
    stored = {r["id"] for r in conn.execute(select(cases.c.id)).mappings()}
    with_events = set(conn.execute(select(case_events.c.case_id).distinct()).scalars())
    live = set()
    for case_id in with_events:
        if case_log.events_of(conn, case_id):
            live.add(case_id)
    assert stored == live, f"{what}: projections without events or events without projection"
    for case_id in sorted(stored):
        expected = replay(case_log.events_of(conn, case_id))
        assert case_log.load_case(conn, case_id) == expected, f"{what}: case {case_id} != replay"
    assert fact_check.outdated(conn) == [], f"{what}: case facts not kept with the events"


def assert_converged(central, clients: Iterable[Client], ledger: Ledger | None = None) -> None:
    """After everyone synced: each client holds exactly its scope's accepted events, once.

    - no pending event is left anywhere; the server holds every event with a seq;
    - every client holds, as accepted, exactly the server's events of the cases in the
      scope of its users (same seq, action, case, actor, role, server time, payload);
    - nothing a client refused is on the server; the server holds nothing no client made
      (but its own 疑似重复 flags);
    - every event any client ever saw acknowledged is on the server (exactly once);
    - client and server projections equal the replay of their events;
    - every client is on the server's epoch, its cursor at the server's last seq.
    """
    clients = list(clients)
    everything = server_events(central)
    seqs = [k[1] for k in everything.values()]
    assert None not in seqs, "an event on the server without a seq"
    assert len(seqs) == len(set(seqs)), "two server events with one seq"
    with central.db.read() as conn:
        statuses = set(conn.execute(select(case_events.c.status).distinct()).scalars())
        assert statuses <= {EventStatus.ACCEPTED.value}, statuses
        reports = conn.execute(
            select(case_events.c.case_id).where(case_events.c.action == "report")
        ).scalars()
        report_cases = list(reports)
        assert len(report_cases) == len(set(report_cases)), "a case reported twice"
        assert_projections_replay(conn, "server")
    made_here: set[str] = set()
    for c in clients:
        rows = client_rows(c.ws)
        ids = [r["id"] for r in rows]
        assert len(ids) == len(set(ids)), f"{c.name}: an event twice"
        pending = [r for r in rows if r["status"] == EventStatus.PENDING.value]
        assert not pending, f"{c.name}: {len(pending)} events still pending"
        held = {
            r["id"]: (
                r["id"],
                r["seq"],
                r["action"],
                r["case_id"],
                r["actor"],
                r["role"],
                r["at_server"],
                json.dumps(json.loads(r["payload"]), ensure_ascii=False, sort_keys=True),
            )
            for r in rows
            if r["status"] == EventStatus.ACCEPTED.value
        }
        expected = server_events(central, sorted(c.usernames))
        missing = expected.keys() - held.keys()
        extra = held.keys() - expected.keys()
        assert not missing, f"{c.name}: {len(missing)} events of its scope missing"
        assert not extra, f"{c.name}: {len(extra)} events held that are not in its scope"
        differ = [i for i in held if held[i] != expected[i]]
        assert not differ, f"{c.name}: {held[differ[0]]} != server {expected[differ[0]]}"
        for r in rows:
            if r["status"] == EventStatus.REJECTED.value:
                assert r["reject_code"], f"{c.name}: a refused event without a code"
                if r["reject_code"] != "event_id_conflict":
                    assert r["id"] not in everything, f"{c.name}: refused {r['id']} on server"
            if r["local"] and r["status"] == EventStatus.ACCEPTED.value:
                made_here.add(r["id"])
        with c.ws.db.read() as conn:
            assert_projections_replay(conn, c.name)
            state = local.get_state(conn)
        assert state.get("epoch") == central.epoch, f"{c.name}: on another epoch"
        if seqs:
            cursor = state.get(f"cursor:{c.ws.user.username}") or 0
            assert int(cursor) == max(seqs), f"{c.name}: cursor behind"
    # (the service's own 疑似重复 flags are made by no client)
    made_by_clients = {i for i, k in everything.items() if k[4] != SYSTEM_ACTOR}
    assert made_by_clients == made_here, "server events no client made, or made ones missing"
    if ledger is not None:
        # (a flag a laptop saw may be gone after a restore: the service flags again only
        # where it still finds duplicates when the reports are resent)
        acked = {i: v for i, v in ledger.acked.items() if v[1] != "flag_duplicate"}
        lost = acked.keys() - everything.keys()
        assert not lost, f"{len(lost)} acknowledged events lost on the server"
        for event_id, (case_id, action) in acked.items():
            assert everything[event_id][2:4] == (action, case_id), event_id
