"""Sync figures against the real service on 127.0.0.1 (``gridapp serve`` in a subprocess).

Run from the repository root: .venv/bin/python bench/bench_sync.py
(options: --backend sqlite|postgresql|both, --rebuild, --skip-push, --skip-month, --help)

For each backend (SQLite file, PostgreSQL in a schema made and dropped here):

1. Push: N_CASES reports made offline on the client stores of N_OFFICERS grid officers
   (``Workspace.open_client`` + ``Workspace.report``), then sent by ``SyncClient.sync``
   in batches of PUSH_BATCH, one officer after the other. Prints events/s and cases/s
   (one ``report`` event per new case, so the two are equal).
2. Pull: a fresh client logged in as district shift lead ``zhiban`` pulls them all.
3. Push latency: LAT_CLIENTS threads, each logged in as a different grid officer
   (wg001…), each pushing batches of 1–5 new reports for LAT_SECONDS (bounded count).

Then a new client's first full pull of a district month: ≈45,000 cases of October 2026
made by the real workflow (``gridapp.demo.cases.DemoCases``: officers, intake, shift
lead, dispatcher, departments acting in time order through ``CaseService.batch()``),
cached at var/bench-month-45k.db (first build ~12 min on 2 busy cores). That pull runs
on SQLite only by default: it takes ~11 min, nearly all of it in the client, so the
PostgreSQL run (``--month-pg``: the same rows copied into a schema) would not fit the
~15 min budget of the whole bench.

The service runs with ``--workers 2`` throughout; traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from _common import ROOT, fresh_store, log, machine, percentile, table
from _service import PG_URL, Server, pg_schema
from month_store import (
    MONTH_CASES,
    MONTH_START,
    build_month,
    copy_sqlite,
    copy_to_postgres,
    month_cached,
    month_counts,
    month_path,
)
from sqlalchemy import func, select

from gridapp import clock
from gridapp.demo.build import DEMO_SEED
from gridapp.demo.district import random_point_in
from gridapp.demo.people import DEMO_PASSWORD
from gridapp.demo.reference import write_demo_reference
from gridapp.store.database import Database
from gridapp.store.reference import ReferenceData, load_reference
from gridapp.store.schema import cases
from gridapp.store.store_key import DataKey
from gridapp.sync.client import SyncClient
from gridapp.sync.protocol import API_PREFIX
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace

WORKERS = 2

N_CASES = 10_000
N_OFFICERS = 10  # wg001…wg010, N_CASES / N_OFFICERS reports each
PUSH_BATCH = 200  # events per push request (SyncEngine.batch_size; protocol max 200)
CATEGORIES = ("020102", "020103", "020104", "020115", "020201", "020301")  # frequent ones

LAT_CLIENTS = 50
LAT_SECONDS = 20.0
LAT_MAX_REQUESTS = 2_000  # per client: the loop is bounded even if the clock is not


# -- central stores --------------------------------------------------------------------------


@contextmanager
def fresh_central(backend: str, tmp: Path, template: Path, pg_url: str) -> Iterator[Server]:
    """A central store with the demo district and no cases, served on 127.0.0.1."""
    folder = Path(tempfile.mkdtemp(prefix=f"central-{backend}-", dir=tmp))
    if backend == "sqlite":
        db_path = folder / "central.db"
        shutil.copyfile(template, db_path)
        server = Server(str(db_path), folder / "files", folder / "server.log", workers=WORKERS)
        try:
            yield server
        finally:
            server.stop()
        return
    with pg_schema(pg_url, "bench_sync_") as schema:
        db = Database(pg_url, schema=schema)
        write_demo_reference(db, seed=DEMO_SEED)
        db.close()
        server = Server(
            pg_url, folder / "files", folder / "server.log", workers=WORKERS, schema=schema
        )
        try:
            yield server
        finally:
            server.stop()


# -- timing helpers --------------------------------------------------------------------------


@dataclass
class Spent:
    """Seconds spent in wrapped methods (client phases, HTTP round trips)."""

    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))
    calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def wrap(self, obj: object, name: str, key: str) -> None:
        fn = getattr(obj, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[key] += time.perf_counter() - start
                self.calls[key] += 1

        setattr(obj, name, timed)


ENCRYPTED = False  # --encrypted: client stores are SQLCipher files with sealed photos


def open_client_store(path: Path) -> Workspace:
    key = DataKey(secrets.token_bytes(32)) if ENCRYPTED else None
    return Workspace.open_client(path, key=key)


def sync_client(ws: Workspace, url: str, tmp: Path) -> SyncClient:
    return SyncClient(ws, url, TokenStore(tmp / "tokens", use_keyring=False))


def instrument(client: SyncClient, spent: Spent) -> None:
    spent.wrap(client.engine, "push", "push phase")
    spent.wrap(client.engine, "pull", "pull phase")
    spent.wrap(client.transport, "push", "push http")
    spent.wrap(client.transport, "pull", "pull http")


def store_mb(path: Path) -> float:
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / 1e6


# -- 1 + 2: push and pull of N_CASES ---------------------------------------------------------


def officer_clients(url: str, tmp: Path, n_cases: int, n_officers: int) -> list[SyncClient]:
    """Officers' client stores, each with its share of reports made offline (pending)."""
    rng = random.Random(11)
    clients = []
    for i in range(n_officers):
        username = f"wg{i + 1:03d}"
        ws = open_client_store(tmp / f"{username}.db")
        client = sync_client(ws, url, tmp)
        client.login(username, DEMO_PASSWORD)
        client.engine.batch_size = PUSH_BATCH
        grids = [ws.reference.grids[c] for c in sorted(ws.user.grid_codes)]
        share = n_cases // n_officers + (1 if i < n_cases % n_officers else 0)
        with ws.service.batch():  # one transaction: making them is not what is measured
            for k in range(share):
                grid = rng.choice(grids)
                lon, lat = random_point_in(grid, rng)
                ws.report(
                    source="patrol",
                    category_code=rng.choice(CATEGORIES),
                    lon=lon,
                    lat=lat,
                    address=f"{grid.community_name}{grid.name}附近",
                    description=f"巡查发现问题 #{k}，请处理",
                )
        clients.append(client)
    return clients


def push_and_pull(server: Server, tmp: Path, n_cases: int, n_officers: int) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="clients-", dir=tmp))
    log(f"  making {n_cases:,} offline reports on {n_officers} officers' client stores…")
    clients = officer_clients(server.url, folder, n_cases, n_officers)
    spent = Spent()
    accepted = rejected = 0
    log(f"  pushing (batches of {PUSH_BATCH}, one officer after the other)…")
    start = time.perf_counter()
    for client in clients:
        instrument(client, spent)
        report = client.sync()
        accepted += report.accepted
        rejected += report.rejected + report.waiting
    sync_wall = time.perf_counter() - start
    for client in clients:
        client.ws.close()
        client.transport.close()
    push_s = spent.seconds["push phase"]

    log("  pulling everything as zhiban on a fresh client…")
    ws = open_client_store(folder / "zhiban.db")
    client = sync_client(ws, server.url, folder)
    client.login("zhiban", DEMO_PASSWORD)
    pulled = Spent()
    instrument(client, pulled)
    start = time.perf_counter()
    report = client.sync()
    pull_s = time.perf_counter() - start
    with ws.db.read() as conn:
        held = conn.execute(select(func.count()).select_from(cases)).scalar_one()
    ws.close()
    client.transport.close()
    return {
        "accepted": accepted,
        "rejected": rejected,
        "push_s": push_s,
        "push_http_s": spent.seconds["push http"],
        "push_requests": spent.calls["push http"],
        "officer_pull_s": spent.seconds["pull phase"],
        "sync_wall_s": sync_wall,
        "pulled": report.pulled,
        "pull_s": pull_s,
        "pull_http_s": pulled.seconds["pull http"],
        "pull_requests": pulled.calls["pull http"],
        "pulled_cases": held,
    }


# -- 3: push latency with concurrent clients -------------------------------------------------


@dataclass
class LatencyResult:
    latencies: list[float]
    errors: int
    events: int
    wall: float


def officer_points(ref: ReferenceData, username: str, rng: random.Random, n: int = 40) -> list:
    grids = [ref.grids[c] for c in sorted(ref.users[username].grid_codes)]
    return [(g, *random_point_in(g, rng)) for g in (rng.choice(grids) for _ in range(n))]


def push_latency(
    server: Server, ref: ReferenceData, n_clients: int, seconds: float
) -> LatencyResult:
    api = server.url + API_PREFIX
    usernames = [f"wg{i:03d}" for i in range(1, n_clients + 1)]
    rng = random.Random(23)
    points = {u: officer_points(ref, u, rng) for u in usernames}
    tokens = {}
    with httpx.Client(base_url=api, timeout=60) as http:
        for username in usernames:
            r = http.post("/auth/login", json={"username": username, "password": DEMO_PASSWORD})
            r.raise_for_status()
            tokens[username] = r.json()["token"]

    barrier = threading.Barrier(n_clients + 1)
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"errors": 0, "events": 0}
    stop_at = [0.0]

    def client(username: str, seed: int) -> None:
        crng = random.Random(seed)
        mine: list[float] = []
        errors = events = 0
        headers = {"Authorization": f"Bearer {tokens[username]}"}
        with httpx.Client(base_url=api, headers=headers, timeout=60) as http:
            http.get("/reference/version").raise_for_status()  # connection open before the clock
            barrier.wait()
            for n in range(LAT_MAX_REQUESTS):
                if time.perf_counter() >= stop_at[0]:
                    break
                batch = []
                for _ in range(crng.randint(1, 5)):
                    grid, lon, lat = crng.choice(points[username])
                    batch.append(
                        {
                            "id": str(uuid.uuid4()),
                            "case_id": str(uuid.uuid4()),
                            "action": "report",
                            "at_client": clock.now().isoformat(timespec="seconds"),
                            "payload": {
                                "source": "patrol",
                                "category_code": crng.choice(CATEGORIES),
                                "lon": lon,
                                "lat": lat,
                                "address": f"{grid.community_name}{grid.name}附近",
                                "description": f"{username} 巡查上报 #{n}",
                            },
                        }
                    )
                start = time.perf_counter()
                try:
                    r = http.post("/sync/push", json={"events": batch})
                    ok = r.status_code == 200 and all(
                        x["status"] == "accepted" for x in r.json()["results"]
                    )
                except httpx.HTTPError:
                    ok = False
                mine.append(time.perf_counter() - start)
                if ok:
                    events += len(batch)
                else:
                    errors += 1
        with lock:
            latencies.extend(mine)
            counts["errors"] += errors
            counts["events"] += events

    threads = [
        threading.Thread(target=client, args=(u, i), daemon=True) for i, u in enumerate(usernames)
    ]
    for t in threads:
        t.start()
    barrier.wait(timeout=120)
    start = time.perf_counter()
    stop_at[0] = start + seconds
    for t in threads:
        t.join(timeout=seconds + 120)
    wall = time.perf_counter() - start
    return LatencyResult(latencies, counts["errors"], counts["events"], wall)


# -- 4: the district month -------------------------------------------------------------------


def first_pull(server: Server, tmp: Path) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="month-client-", dir=tmp))
    path = folder / "zhiban.db"
    ws = open_client_store(path)
    client = sync_client(ws, server.url, folder)
    spent = Spent()
    start = time.perf_counter()
    client.login("zhiban", DEMO_PASSWORD)
    login_s = time.perf_counter() - start
    instrument(client, spent)
    report = client.sync()
    total_s = time.perf_counter() - start
    n_cases, n_events = month_counts(ws.db)
    ws.close()
    client.transport.close()
    return {
        "seconds": total_s,
        "login_s": login_s,
        "received": report.pulled,
        "events": n_events,
        "cases": n_cases,
        "mb": store_mb(path),
        "http_s": spent.seconds["pull http"],
        "pages": spent.calls["pull http"],
    }


def month_pull(
    backend: str, tmp: Path, cached: Path, files: Path, pg_url: str
) -> tuple[dict[str, Any], tuple[int, int]]:
    folder = Path(tempfile.mkdtemp(prefix=f"month-{backend}-", dir=tmp))
    if backend == "sqlite":
        db_path = folder / "central.db"
        copy_sqlite(cached, db_path)  # the cache stays as built (the service writes sessions)
        db = Database(db_path)
        central = month_counts(db)
        db.close()
        server = Server(str(db_path), files, folder / "server.log", workers=WORKERS)
        try:
            return first_pull(server, tmp), central
        finally:
            server.stop()
    with pg_schema(pg_url, "bench_sync_") as schema:
        start = time.perf_counter()
        copy_to_postgres(cached, pg_url, schema)
        db = Database(pg_url, schema=schema)
        central = month_counts(db)
        db.close()
        log(f"  copied into PostgreSQL schema {schema} in {time.perf_counter() - start:.0f} s")
        server = Server(pg_url, files, folder / "server.log", workers=WORKERS, schema=schema)
        try:
            return first_pull(server, tmp), central
        finally:
            server.stop()


# -- main ------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.1 else f"{seconds * 1000:.1f}"


def load_avg() -> str:
    with suppress(OSError):
        return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    return ""


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--pg-url", default=PG_URL, help="PostgreSQL (a schema is made here)")
    parser.add_argument("--cases", type=int, default=N_CASES, help="cases pushed and pulled")
    parser.add_argument("--clients", type=int, default=LAT_CLIENTS, help="concurrent pushers")
    parser.add_argument("--seconds", type=float, default=LAT_SECONDS, help="latency run length")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached month store")
    parser.add_argument(
        "--month-pg",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="also time the month's first pull on PostgreSQL (rows copied from the SQLite "
        "cache; adds about as long again as the SQLite pull, ~11 min on 2 cores)",
    )
    parser.add_argument("--skip-push", action="store_true", help="skip push/pull and latency")
    parser.add_argument("--skip-month", action="store_true", help="skip the month's first pull")
    parser.add_argument(
        "--encrypted", action="store_true", help="encrypted client stores (SQLCipher, sealed)"
    )
    args = parser.parse_args(argv)
    global ENCRYPTED
    ENCRYPTED = args.encrypted
    if args.clients > 61:
        parser.error("the demo district has 61 grid officers")

    backends = ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]
    began = time.perf_counter()
    print(machine())
    print(f"service: `gridapp serve --workers {WORKERS}` (subprocess, 127.0.0.1); {load_avg()}")
    figures: dict[str, dict[str, str]] = {b: {} for b in backends}
    rows: list[str] = []

    def put(backend: str, label: str, value: str) -> None:
        if label not in rows:
            rows.append(label)
        figures[backend][label] = value

    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp_name:
        tmp = Path(tmp_name)
        template = fresh_store(tmp / "reference.db")
        ref_db = Database(template)
        with ref_db.read() as conn:
            ref = load_reference(conn)
        ref_db.close()

        if not args.skip_push:
            for backend in backends:
                print(f"\n[{backend}] push/pull {args.cases:,} cases; push latency", flush=True)
                with fresh_central(backend, tmp, template, args.pg_url) as server:
                    r = push_and_pull(server, tmp, args.cases, N_OFFICERS)
                    ok = r["accepted"] == args.cases and r["rejected"] == 0
                    print(
                        f"  push: {r['accepted']:,} accepted, {r['rejected']} refused/waiting "
                        f"in {r['push_requests']} requests, {r['push_s']:.1f} s "
                        f"(HTTP round trips {r['push_http_s']:.1f} s, client bookkeeping "
                        f"{r['push_s'] - r['push_http_s']:.1f} s); the officers' own pull-back "
                        f"after pushing took another {r['officer_pull_s']:.1f} s"
                        + ("" if ok else "  << NOT ALL ACCEPTED")
                    )
                    print(
                        f"  pull: {r['pulled']:,} events ({r['pulled_cases']:,} cases) in "
                        f"{r['pull_requests']} pages, {r['pull_s']:.1f} s "
                        f"(HTTP {r['pull_http_s']:.1f} s, client apply "
                        f"{r['pull_s'] - r['pull_http_s']:.1f} s)",
                        flush=True,
                    )
                    label = f"push {args.cases:,} new cases"
                    put(backend, f"{label}: events/s", f"{args.cases / r['push_s']:,.0f}")
                    put(backend, f"{label}: cases/s", f"{r['accepted'] / r['push_s']:,.0f}")
                    put(
                        backend,
                        f"pull {args.cases:,} events (zhiban): events/s",
                        f"{r['pulled'] / r['pull_s']:,.0f}",
                    )

                    log(f"  {args.clients} clients pushing 1–5 events for {args.seconds:.0f} s…")
                    lat = push_latency(server, ref, args.clients, args.seconds)
                    n = len(lat.latencies)
                    print(
                        f"  latency: {n:,} push requests ({lat.events:,} events) from "
                        f"{args.clients} clients in {lat.wall:.1f} s, {lat.errors} errors",
                        flush=True,
                    )
                    label = f"push latency, {args.clients} clients"
                    if n:
                        put(backend, f"{label}: p50 ms", ms(percentile(lat.latencies, 50)))
                        put(backend, f"{label}: p99 ms", ms(percentile(lat.latencies, 99)))
                        put(backend, f"{label}: max ms", ms(max(lat.latencies)))
                    put(backend, f"{label}: requests/s", f"{n / lat.wall:,.0f}")
                    put(backend, f"{label}: events/s", f"{lat.events / lat.wall:,.0f}")
                    put(backend, f"{label}: errors", str(lat.errors))

        if not args.skip_month:
            path = month_path()
            print(flush=True)
            if args.rebuild or not month_cached(path):
                print(
                    f"building {path.relative_to(ROOT)} (≈{MONTH_CASES:,} cases of "
                    f"{MONTH_START:%Y-%m}, the demo workflow simulation; several minutes)…",
                    flush=True,
                )
                print(f"built in {build_month(path):.0f} s")
            else:
                print(f"reusing {path.relative_to(ROOT)}")
            files = path.with_name(path.stem + "-files")
            month_backends = [b for b in backends if b == "sqlite" or args.month_pg]
            for backend in month_backends:
                print(f"[{backend}] first full pull of the month as zhiban", flush=True)
                m, (c_cases, c_events) = month_pull(backend, tmp, path, files, args.pg_url)
                complete = m["cases"] == c_cases and m["events"] == c_events
                print(
                    f"  central store: {c_cases:,} cases, {c_events:,} events; client: "
                    f"{m['cases']:,} cases, {m['events']:,} events"
                    + ("" if complete else "  << INCOMPLETE")
                )
                print(
                    f"  {m['seconds']:.1f} s (login {m['login_s']:.1f} s; {m['pages']} pages, "
                    f"HTTP {m['http_s']:.1f} s, client apply "
                    f"{m['seconds'] - m['login_s'] - m['http_s']:.1f} s); received "
                    f"{m['received']:,} events for {m['events']:,} distinct "
                    f"({m['received'] / max(m['events'], 1):.2f}×); store {m['mb']:.0f} MB",
                    flush=True,
                )
                label = f"first full pull, month of {c_cases:,} cases"
                put(backend, f"{label}: s", f"{m['seconds']:.0f}")
                put(backend, f"{label}: events", f"{m['events']:,}")
                put(backend, f"{label}: events received", f"{m['received']:,}")
                put(backend, f"{label}: client store MB", f"{m['mb']:.0f}")

    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    print()
    print(
        table(
            ("figure", *(names[b] for b in backends)),
            [(label, *(figures[b].get(label, "–") for b in backends)) for label in rows],
        )
    )
    print(f"\nwhole run {time.perf_counter() - began:.0f} s; {load_avg()}")


if __name__ == "__main__":
    main()
