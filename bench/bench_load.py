"""Load test of the sync service (issue 5/5): many clients pushing and pulling at once.

Run from the repository root:
    .venv/bin/python bench/bench_load.py [--backend postgresql|sqlite|both]
        [--via direct|nginx|both] [--clients 200] [--seconds 120] [--workers 1,2,4]
        [--think 1.0] [--photo-every 5]

The real service (``gridapp serve --workers 4``) runs in a subprocess on 127.0.0.1 on a
fresh central store with the demo district (PostgreSQL in a schema made and dropped
here; or a SQLite file). ``--clients`` simulated desktop clients (asyncio + httpx, one
connection each) log in as the demo grid officers (wg001…; about 60 of them, so several
clients share a user, as laptops of one officer would), then for ``--seconds`` repeat a
sync round: report 1–3 new cases in the user's grids, now and then with a small photo
(status, then upload), push them, pull what is new since the client's cursor, and wait
a think time (uniform 0.5–1.5 × ``--think`` s). Prints requests/s, p50/p99/max latency
per request kind and the errors (anything but a 200 with every event accepted; 0
expected). Login latency is measured during the ramp-up, before the clock starts.
``--workers 1,2,4`` runs the service with each number of workers on a fresh store, one
after the other, and ends with their figures side by side (with the load average: the
figures mean little on a machine that other work keeps busy).

``--via nginx`` puts nginx in front, configured by the shipped deploy/nginx-gridapp.conf
(tests/deploy/nginx_proxy.py: only ports, name, certificate and log paths changed), and
the clients talk HTTPS to it, trusting a throw-away CA; ``both`` runs direct, then through
nginx, each on a fresh store so that both start from the same state.

Why asyncio: 200 client threads would fight the 4 workers for the GIL of this process
on 2 cores; one event loop costs less and keeps the clients' overhead out of the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import random
import shutil
import ssl
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import sqlalchemy as sa
from _common import ROOT, VAR, fresh_store, log, machine, noise_jpeg, percentile, table
from _service import PG_URL, Server, pg_schema

from gridapp import clock
from gridapp.demo.build import DEMO_SEED
from gridapp.demo.district import random_point_in
from gridapp.demo.people import DEMO_PASSWORD
from gridapp.demo.reference import write_demo_reference
from gridapp.domain.catalog import load_catalog
from gridapp.store.database import Database
from gridapp.store.reference import ReferenceData, load_reference
from gridapp.sync.protocol import API_PREFIX

sys.path.insert(0, str(ROOT))
from tests.deploy.nginx_proxy import nginx_proxy  # the tests' own nginx set-up

CATEGORIES = ("020102", "020103", "020104", "020115", "020201", "020301")
KINDS = ("login", "file status", "upload", "push", "pull")
TIMEOUT = 120.0  # per request: a slow answer is a latency figure, not an error

CATALOG_VERSION = load_catalog().version  # pulls say which catalog they read


@contextmanager
def central(backend: str, tmp: Path, workers: int) -> Iterator[tuple[Server, ReferenceData]]:
    """A fresh central store with the demo district (no cases), served on 127.0.0.1."""
    folder = Path(tempfile.mkdtemp(prefix=f"load-{backend}-", dir=tmp))
    if backend == "sqlite":
        db_path = fresh_store(folder / "central.db")
        db = Database(db_path)
        with db.read() as conn:
            ref = load_reference(conn)
        db.close()
        server = Server(
            str(db_path),
            folder / "files",
            folder / "server.log",
            workers=workers,
            start_timeout=120,
        )
        try:
            yield server, ref
        finally:
            server.stop()
        return
    with pg_schema(PG_URL, "bench_load_") as schema:
        db = Database(PG_URL, schema=schema)
        write_demo_reference(db, seed=DEMO_SEED)
        with db.read() as conn:
            ref = load_reference(conn)
        db.close()
        server = Server(
            SERVICE_PG_URL,
            folder / "files",
            folder / "server.log",
            workers=workers,
            schema=schema,
            start_timeout=120,
        )
        try:
            yield server, ref
        finally:
            server.stop()


# The service's own sessions are the ones named so in pg_stat_activity (see lock_waits).
APP_NAME = "gridapp_bench_load"
SERVICE_PG_URL = (
    sa.make_url(PG_URL)
    .update_query_dict({"application_name": APP_NAME})
    .render_as_string(hide_password=False)
)


@dataclass
class LockWaits:
    """pg_stat_activity sampled during a run: the service's active sessions, and those of
    them waiting for a lock (issue 15: every push used to queue on the sequence row)."""

    samples: int = 0
    active: int = 0
    waiting: int = 0
    by_kind: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def line(self) -> str:
        if not self.samples:
            return "  pg_stat_activity: no samples"
        kinds = ", ".join(f"{k} {v / self.samples:.1f}" for k, v in sorted(self.by_kind.items()))
        return (
            f"  pg_stat_activity ({self.samples} samples): {self.active / self.samples:.1f} "
            f"active service sessions on average, {self.waiting / self.samples:.1f} of them "
            f"waiting for a lock ({kinds or 'none'})"
        )


@contextmanager
def lock_waits(backend: str, every: float = 0.25) -> Iterator[LockWaits]:
    """Sample the service's sessions in a thread while the block runs (PostgreSQL only)."""
    waits = LockWaits()
    if backend != "postgresql":
        yield waits
        return
    stop = threading.Event()
    engine = sa.create_engine(PG_URL)
    query = sa.text(
        "SELECT wait_event_type, wait_event FROM pg_stat_activity "
        "WHERE application_name = :app AND state = 'active'"
    )

    def sample() -> None:
        with engine.connect() as conn:
            while not stop.wait(every):
                rows = conn.execute(query, {"app": APP_NAME}).all()
                conn.commit()
                waits.samples += 1
                waits.active += len(rows)
                for kind, event in rows:
                    if kind == "Lock":
                        waits.waiting += 1
                        waits.by_kind[event] += 1

    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    try:
        yield waits
    finally:
        stop.set()
        thread.join(10)
        engine.dispose()


@contextmanager
def front(via: str, server: Server, tmp: Path) -> Iterator[tuple[str, ssl.SSLContext | bool]]:
    """The URL the clients use and what they verify: the service itself, or nginx."""
    if via == "direct":
        yield server.url, True
        return
    folder = Path(tempfile.mkdtemp(prefix="nginx-", dir=tmp))
    with nginx_proxy(folder, server.port, workers="auto") as proxy:  # as Debian's nginx.conf
        yield proxy.url, proxy.certificate.client_context()


@dataclass
class Stats:
    """Latencies and errors per request kind; only requests started in the window count."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)  # the first few error texts
    events: int = 0
    photos: int = 0
    pulled: int = 0

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        self.latencies[kind].append(seconds)
        if error:
            self.errors[kind] += 1
            if len(self.samples) < 10:
                self.samples.append(f"{kind}: {error}")


@dataclass
class SimClient:
    """One simulated desktop client: its user, session, pull cursor and random stream."""

    n: int
    username: str
    points: list[tuple[object, float, float]]
    rng: random.Random
    token: str = ""
    cursor: int = 0


async def timed(stats: Stats, kind: str, coro, check) -> httpx.Response | None:  # type: ignore[no-untyped-def]
    """Run one request; an exception, a non-200 or a failed ``check`` is an error."""
    start = time.perf_counter()
    try:
        response = await coro
    except httpx.HTTPError as exc:
        stats.record(kind, time.perf_counter() - start, f"{type(exc).__name__}: {exc}")
        return None
    elapsed = time.perf_counter() - start
    error = None
    if response.status_code != 200:
        error = f"HTTP {response.status_code}: {response.text[:200]}"
    else:
        error = check(response)
    stats.record(kind, elapsed, error)
    return None if error else response


def _all_accepted(response: httpx.Response) -> str | None:
    bad = [r for r in response.json()["results"] if r["status"] not in ("accepted", "duplicate")]
    return f"{len(bad)} not accepted: {bad[0]}" if bad else None


def _ok(response: httpx.Response) -> str | None:
    return None


async def sync_round(http: httpx.AsyncClient, c: SimClient, stats: Stats, photo_every: int):
    """Report 1–3 cases (now and then with a photo), push them, pull what is new."""
    events = []
    for _ in range(c.rng.randint(1, 3)):
        grid, lon, lat = c.rng.choice(c.points)
        photos = []
        if photo_every and c.rng.randrange(photo_every) == 0:
            data = noise_jpeg(c.rng, 64, 48)  # ~3 KB: a thumbnail-sized photo
            sha = hashlib.sha256(data).hexdigest()
            status = await timed(stats, "file status", http.get(f"/files/{sha}/status"), _ok)
            if status is None:
                continue  # like the real client: no report naming a photo that is not there
            if not status.json()["present"]:
                if not await timed(stats, "upload", http.put(f"/files/{sha}", content=data), _ok):
                    continue
                stats.photos += 1
            photos = [sha]
        events.append(
            {
                "id": str(uuid.uuid4()),
                "case_id": str(uuid.uuid4()),
                "action": "report",
                "at_client": clock.now().isoformat(timespec="seconds"),
                "payload": {
                    "source": "patrol",
                    "category_code": c.rng.choice(CATEGORIES),
                    "lon": lon,
                    "lat": lat,
                    "address": f"{grid.community_name}{grid.name}附近",  # type: ignore[attr-defined]
                    "description": f"{c.username} 客户端{c.n} 巡查上报",
                    **({"photos": photos} if photos else {}),
                },
            }
        )
    if await timed(stats, "push", http.post("/sync/push", json={"events": events}), _all_accepted):
        stats.events += len(events)
    pulled = await timed(
        stats,
        "pull",
        http.get("/sync/pull", params={"since": c.cursor, "catalog": CATALOG_VERSION}),
        _ok,
    )
    if pulled is not None:
        body = pulled.json()
        c.cursor = body["cursor"]
        stats.pulled += len(body["events"])


async def run_clients(
    url: str, ref: ReferenceData, args: argparse.Namespace, verify: ssl.SSLContext | bool = True
) -> tuple[Stats, float]:
    api = url + API_PREFIX
    officers = sorted(u for u, user in ref.users.items() if u.startswith("wg") and user.grid_codes)
    rng = random.Random(7)
    clients = []
    for n in range(args.clients):
        username = officers[n % len(officers)]
        grids = [ref.grids[g] for g in sorted(ref.users[username].grid_codes)]
        points = [(g, *random_point_in(g, rng)) for g in (rng.choice(grids) for _ in range(20))]
        clients.append(SimClient(n, username, points, random.Random(1000 + n)))
    log(f"  {len(clients)} clients over {len(set(c.username for c in clients))} officers")

    ramp = Stats()
    login_gate = asyncio.Semaphore(16)  # argon2 logins: a laptop fleet does not log in at once
    # Logins on their own connections: a connection left idle through the ramp-up would
    # meet the service's keep-alive timeout (uvicorn: 5 s) just as the first round reuses it.
    gate_limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(
        base_url=api, timeout=TIMEOUT, limits=gate_limits, verify=verify
    ) as http:

        async def login(c: SimClient) -> None:
            async with login_gate:
                body = {"username": c.username, "password": DEMO_PASSWORD}
                r = await timed(ramp, "login", http.post("/auth/login", json=body), _ok)
            if r is None:
                raise RuntimeError(f"login of {c.username} failed: {ramp.samples[-1:]}")
            c.token = r.json()["token"]

        await asyncio.gather(*(login(c) for c in clients))
    # An idle connection is dropped after 2 s, before uvicorn closes it (its keep-alive
    # timeout, 5 s, is httpx's default expiry too): a round starting on a connection the
    # service is closing failed as "Server disconnected"/ReadError on a starved machine.
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1, keepalive_expiry=2.0)
    https = [
        httpx.AsyncClient(
            base_url=api,
            timeout=TIMEOUT,
            limits=limits,
            verify=verify,
            headers={"Authorization": f"Bearer {c.token}"},
        )
        for c in clients
    ]
    log(f"  logged in (p50 {percentile(ramp.latencies['login'], 50) * 1000:.0f} ms); running…")

    stats = Stats()
    stats.latencies["login"] = ramp.latencies["login"]
    stats.errors["login"] = ramp.errors["login"]
    start = time.perf_counter()
    stop_at = start + args.seconds

    async def loop(http: httpx.AsyncClient, c: SimClient) -> None:
        await asyncio.sleep(c.rng.uniform(0, args.think))  # spread the first rounds
        while time.perf_counter() < stop_at:
            await sync_round(http, c, stats, args.photo_every)
            await asyncio.sleep(c.rng.uniform(0.5, 1.5) * args.think)

    await asyncio.gather(*(loop(h, c) for h, c in zip(https, clients, strict=True)))
    wall = time.perf_counter() - start
    await asyncio.gather(*(h.aclose() for h in https))
    return stats, wall


def summary(backend: str, stats: Stats, wall: float, args: argparse.Namespace) -> str:
    rows = []
    total = errors = 0
    for kind in KINDS:
        lat = stats.latencies.get(kind, [])
        if not lat:
            continue
        in_window = kind != "login"
        total += len(lat) if in_window else 0
        errors += stats.errors.get(kind, 0)
        rows.append(
            [
                kind,
                f"{len(lat):,}",
                f"{len(lat) / wall:.1f}" if in_window else "(ramp-up)",
                f"{percentile(lat, 50) * 1000:.0f}",
                f"{percentile(lat, 99) * 1000:.0f}",
                f"{max(lat) * 1000:.0f}",
                str(stats.errors.get(kind, 0)),
            ]
        )
    head = (
        f"[{backend}] {args.clients} clients, {args.workers} workers, {wall:.0f} s, "
        f"think {args.think:g} s: {total / wall:.1f} requests/s, {errors} errors; "
        f"{stats.events:,} events pushed, {stats.photos:,} photos, {stats.pulled:,} events pulled"
    )
    cols = ["request", "count", "req/s", "p50 ms", "p99 ms", "max ms", "errors"]
    return head + "\n" + table(cols, rows)


def scaling_row(label: str, workers: int, stats: Stats, wall: float, load: float) -> list[str]:
    """One column set of the side-by-side table: how the figures move with workers."""
    requests = sum(len(v) for k, v in stats.latencies.items() if k != "login")
    push = stats.latencies.get("push", [])
    pull = stats.latencies.get("pull", [])
    return [
        label,
        str(workers),
        f"{requests / wall:.1f}",
        f"{stats.events / wall:.1f}",
        f"{percentile(push, 50) * 1000:.0f}" if push else "-",
        f"{percentile(push, 99) * 1000:.0f}" if push else "-",
        f"{percentile(pull, 99) * 1000:.0f}" if pull else "-",
        str(sum(stats.errors.values())),
        f"{load:.1f}",
    ]


def _workers(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["postgresql", "sqlite", "both"], default="both")
    parser.add_argument("--via", choices=["direct", "nginx", "both"], default="direct")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=120.0)
    parser.add_argument(
        "--workers",
        type=_workers,
        default=[4],
        help="worker processes; a list (1,2,4) runs each on a fresh store, side by side",
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean pause between rounds, s")
    parser.add_argument("--photo-every", type=int, default=5, help="1 report in N has a photo")
    args = parser.parse_args()
    backends = ["postgresql", "sqlite"] if args.backend == "both" else [args.backend]
    vias = ["direct", "nginx"] if args.via == "both" else [args.via]
    print(machine(), flush=True)
    failed = False
    scaling = []
    VAR.mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-load-", dir=VAR))
    all_workers = args.workers
    try:
        for backend, via, workers in (
            (b, v, w) for b in backends for v in vias for w in all_workers
        ):
            args.workers = workers
            label = f"{backend} via {via}"
            log(f"[{label}] starting the service ({workers} workers)…")
            with (
                central(backend, tmp, workers) as (server, ref),
                front(via, server, tmp) as (url, verify),
            ):
                with lock_waits(backend) as waits:
                    stats, wall = asyncio.run(run_clients(url, ref, args, verify))
                load = os.getloadavg()[0]  # the machine's load over the run's last minute
                print(summary(label, stats, wall, args), flush=True)
                if backend == "postgresql":
                    print(waits.line(), flush=True)
                print(f"  load average (1 min) at the end: {load:.1f}", flush=True)
                scaling.append(scaling_row(label, workers, stats, wall, load))
                for sample in stats.samples:
                    print(f"  error: {sample}", flush=True)
                if stats.samples:
                    failed = True
                    print(server.tail(40), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if len(scaling) > 1:
        cols = ["service", "workers", "req/s", "events/s", "push p50", "push p99", "pull p99"]
        print("\nSide by side (ms; errors; load average at the end of each run):")
        print(table([*cols, "errors", "load"], scaling), flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
