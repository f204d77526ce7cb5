"""Store figures: durable saves per second, and case-list queries at 100,000 cases.

Run from the repository root: .venv/bin/python bench/bench_store.py

1. Durable saves: N_SAVES reports through ``Workspace.report`` on a fresh store in a
   temp dir, each its own transaction (WAL, synchronous=FULL: on disk when it
   returns) — once with a ~30 KB photo each, once without photos. A separate pass of
   100 saves under strace counts fsync+fdatasync per save: on the saving thread (what
   a save waits for) and in all threads (the photo journal's settler included).
2. Case list at 100,000 cases: ``count_cases`` and ``list_cases`` (first page of
   200) for the filters the case list offers, median of 5 runs each. The store is
   built once through the real workflow in ``batch()`` transactions and cached at
   var/bench-100k.db; reruns reuse it while its schema revision is current
   (``--rebuild`` forces a new one).
"""

from __future__ import annotations

import argparse
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

from _common import (
    VAR,
    current_schema,
    fresh_store,
    machine,
    noise_jpeg,
    percentile,
    sqlite_schema,
    table,
)
from fsync_count import FsyncCounter
from sqlalchemy import insert

from gridapp.demo.build import DEMO_SEED
from gridapp.demo.district import random_point_in
from gridapp.demo.reference import write_demo_reference
from gridapp.domain.case import CaseState
from gridapp.domain.geo import Grid
from gridapp.domain.roles import Actor, Role
from gridapp.domain.worktime import OverdueLevel
from gridapp.store.database import Database, copy_sqlite, head_revision
from gridapp.store.files import PhotoInfo
from gridapp.store.schema import meta
from gridapp.store.store_key import DataKey
from gridapp.workspace import CaseQuery, Workspace

T = TypeVar("T")

N_SAVES = 300
N_CASES = 100_000
BATCH = 5_000  # reports (with their follow-up actions) per transaction when building
RUNS = 5
OFFICER = "wg001"
CATEGORY = "020102"  # 暴露垃圾
END = datetime(2026, 11, 16, 12, 0)  # "now" of the big store: a Monday noon
DAYS = 180  # reports spread over the half year before END
BUILT_KEY = "bench_cases"  # meta key written in the last build transaction
ENCRYPTED = False  # --encrypted

# -- 1. durable saves ----------------------------------------------------------------------


def officer_points(ws: Workspace, n: int, rng: random.Random) -> list[tuple[float, float]]:
    mine = sorted(ws.user.grid_codes)
    return [random_point_in(ws.reference.grids[rng.choice(mine)], rng) for _ in range(n)]


def store_key() -> DataKey | None:
    """--encrypted: the stores measured are SQLCipher files with sealed photos."""
    return DataKey(secrets.token_bytes(32)) if ENCRYPTED else None


def save(ws: Workspace, i: int, lon: float, lat: float, photos: Sequence[bytes] | None) -> None:
    """The ``i``-th officer report of a run, with its photo when there are photos."""
    kwargs: dict[str, Any] = {"photos": [photos[i]]} if photos else {}
    ws.report(
        source="patrol",
        category_code=CATEGORY,
        lon=lon,
        lat=lat,
        description=f"路边暴露垃圾 #{i}",
        **kwargs,
    )


def time_saves(photos: Sequence[bytes] | None, n: int) -> list[float]:
    """Seconds per ``Workspace.report`` (each one durable) on a fresh store."""
    rng = random.Random(7)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        path = fresh_store(Path(tmp) / "store.db")
        with Workspace.open(path, key=store_key()) as ws:
            ws.act_as(OFFICER)
            points = officer_points(ws, n, rng)
            times = []
            for i, (lon, lat) in enumerate(points):
                start = time.perf_counter()
                save(ws, i, lon, lat, photos)
                times.append(time.perf_counter() - start)
            assert ws.count_cases() == n
    return times


def count_syncs(photos: Sequence[bytes] | None, n: int) -> tuple[float, float] | None:
    """fsync+fdatasync per save under strace: (on the saving thread, all threads).

    "All" waits until the photo journal (if any) has settled every photo, so the
    settler's syncs are in it. None when strace is not installed.
    """
    if not FsyncCounter.available():
        return None
    rng = random.Random(8)
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        path = fresh_store(Path(tmp) / "store.db")
        with Workspace.open(path, key=store_key()) as ws:
            ws.act_as(OFFICER)
            points = officer_points(ws, n, rng)
            with FsyncCounter() as counter:
                for i, (lon, lat) in enumerate(points):
                    save(ws, i, lon, lat, photos)
                journal = getattr(ws, "journal", None)
                while journal is not None and journal.pending():
                    time.sleep(0.05)
                time.sleep(0.2)  # the settler's last delete commits after the rows go
    return counter.here / n, counter.total / n


def durable_saves(n: int) -> str:
    rng = random.Random(1)
    photos = [noise_jpeg(rng, 240, 180, 80) for _ in range(n)]  # made before the clock runs
    avg_kb = statistics.fmean(len(p) for p in photos) / 1024
    rows = []
    for label, batch in ((f"report + {avg_kb:.0f} KB photo", photos), ("report, no photo", None)):
        times = time_saves(batch, n)
        rows.append(
            (
                label,
                n,
                f"{percentile(times, 50) * 1000:.1f}",
                f"{percentile(times, 99) * 1000:.1f}",
                f"{n / sum(times):.0f}",
                *syncs_columns(count_syncs(batch, min(n, 100))),
            )
        )
    headers = (
        "durable save (one transaction each)",
        "N",
        "p50 ms",
        "p99 ms",
        "saves/s",
        "syncs/save (saving thread)",
        "syncs/save (all)",
    )
    return table(headers, rows)


def syncs_columns(syncs: tuple[float, float] | None) -> tuple[str, str]:
    return (f"{syncs[0]:.2f}", f"{syncs[1]:.2f}") if syncs else ("no strace", "no strace")


# -- 2. the 100,000-case store ---------------------------------------------------------------


@dataclass
class Staff:
    """Who does what in the build: command staff per centre, officers per grid."""

    centre: dict[tuple[str | None, Role], Actor]
    officer: dict[str, Actor]
    users: dict[str, Actor]

    @classmethod
    def of(cls, ws: Workspace) -> Staff:
        ref = ws.reference
        centre: dict[tuple[str | None, Role], Actor] = {}
        for user in sorted(ref.users.values(), key=lambda u: u.username):
            if user.role.is_command_staff:
                centre.setdefault((user.street_code, user.role), user.to_actor())
        officer = {
            code: sorted(ref.officers_of_grid(code), key=lambda u: u.username)[0].to_actor()
            for code in ref.grids
        }
        return cls(centre, officer, {u.username: u.to_actor() for u in ref.users.values()})


# Where a case ends up, by its age: (final step, weight). Steps: 0 reported, 1 accepted,
# 2 filed, 3 dispatched, 4 handled, 5 verified (checked), 6 closed; -1 rejected.
FATES: tuple[tuple[float, tuple[tuple[int, float], ...]], ...] = (
    (2, ((0, 25), (1, 8), (2, 8), (3, 45), (4, 10), (-1, 4))),
    (20, ((0, 3), (1, 2), (2, 4), (3, 30), (4, 12), (5, 4), (6, 40), (-1, 5))),
    (DAYS + 1, ((0, 1), (2, 1), (3, 12), (4, 5), (5, 1), (6, 75), (-1, 5))),
)
STEPS = ("accept", "file", "dispatch", "handle", "check", "close")
# Office minutes after the report at which each step happens (before jitter).
STEP_MINUTES = (20, 60, 120, 2 * 24 * 60, 3 * 24 * 60, 3 * 24 * 60 + 120)
NOTES = ("影响市容及通行", "群众反映较多，请尽快处理", "位于主干道路口", "位于小区出入口附近")


class Builder:
    """Report and work ``n`` cases through the case service, ``BATCH`` per transaction."""

    def __init__(self, ws: Workspace, seed: int) -> None:
        self.ws = ws
        self.rng = random.Random(seed)
        self.now = END
        ws.clock = lambda: self.now
        ref = ws.reference
        self.staff = Staff.of(ws)
        self.grids: list[Grid] = sorted(ref.grids.values(), key=lambda g: g.code)
        self.grid_weights = [
            1.0 if ref.streets[g.street_code].has_centre else 4.0 for g in self.grids
        ]
        self.categories = list(ws.catalog.active())
        hot = {"020102": 14, "020103": 8, "020104": 9, "050101": 10, "050102": 8, "050103": 7}
        self.category_weights = [hot.get(c.code, 1) for c in self.categories]
        rng = random.Random(seed + 1)
        self.pool = [ws.files.put_photo(noise_jpeg(rng, 160, 120)) for _ in range(8)]

    def run(self, n: int, progress: Callable[[int], None]) -> None:
        span = DAYS * 24 * 3600
        times = sorted(
            END - timedelta(seconds=self.rng.randrange(span)) for _ in range(n)
        )  # oldest first, like a real store fills up
        for start in range(0, n, BATCH):
            with self.ws.service.batch():
                for at in times[start : start + BATCH]:
                    self.case(at)
            progress(min(start + BATCH, n))

    def centre(self, key: str | None, role: Role) -> Actor:
        return self.staff.centre.get((key, role)) or self.staff.centre[(None, role)]

    def case(self, at: datetime) -> None:
        rng, service = self.rng, self.ws.service
        grid = rng.choices(self.grids, self.grid_weights)[0]
        category = rng.choices(self.categories, self.category_weights)[0]
        lon, lat = random_point_in(grid, rng)
        photos: list[PhotoInfo] = [rng.choice(self.pool)] if rng.random() < 0.3 else []
        self.now = at
        changes = service.report(
            self.staff.officer[grid.code],
            source="patrol",
            category_code=category.code,
            lon=lon,
            lat=lat,
            address=f"{grid.community_name}{grid.name}附近",
            description=f"{category.name}，{rng.choice(NOTES)}",
            photos=photos,
        )
        (case_id,) = changes.case_ids
        age_days = (END - at).total_seconds() / 86400
        outcomes = next(o for limit, o in FATES if age_days < limit)
        last = rng.choices([s for s, _ in outcomes], [w for _, w in outcomes])[0]
        key = grid.street_code if self.ws.reference.streets[grid.street_code].has_centre else None
        if last == -1:
            self.now = min(at + timedelta(minutes=30), END)
            service.act(self.centre(key, Role.INTAKE), case_id, "reject", {"reason": "不属实"})
            return
        for step in range(last):
            self.now = min(at + timedelta(minutes=STEP_MINUTES[step] * rng.uniform(0.5, 1.5)), END)
            self.act(key, grid, case_id, STEPS[step])

    def act(self, key: str | None, grid: Grid, case_id: str, action: str) -> None:
        service = self.ws.service
        payload: dict[str, Any] = {}
        match action:
            case "accept":
                actor = self.centre(key, Role.INTAKE)
            case "file" | "close":
                actor = self.centre(key, Role.SHIFT_LEAD)
            case "dispatch":
                actor = self.centre(key, Role.DISPATCHER)
            case "handle":
                dept = service.load(case_id).department_code or ""
                actor = self.staff.users[f"bm-{dept.lower()}"]
                payload = {"note": "已清理完毕"}
            case _:  # check
                actor = self.staff.officer[grid.code]
                payload = {"result": True, "note": "核查通过"}
        service.act(actor, case_id, action, payload)


def cache_path(n: int) -> Path:
    return VAR / f"bench-{n // 1000}k.db"


def cached_ok(path: Path, n: int) -> bool:
    """The cached store was fully built for ``n`` cases and has today's schema.

    Same revision is not enough while revision 0001 is still edited in place, so
    the tables and indexes themselves are compared with a freshly migrated store.
    """
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            built = conn.execute("SELECT value FROM meta WHERE key = ?", (BUILT_KEY,)).fetchone()
        finally:
            conn.close()
        schema = sqlite_schema(path)
    except sqlite3.Error:
        return False
    return revision == (head_revision(),) and built == (str(n),) and schema == current_schema()


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    files = path.with_name(path.stem + "-files")
    if files.is_dir():
        for f in sorted(files.rglob("*"), reverse=True):
            f.rmdir() if f.is_dir() else f.unlink()
        files.rmdir()


def build_store(path: Path, n: int) -> float:
    remove_store(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    db = Database(path)
    write_demo_reference(db, seed=DEMO_SEED)
    ids = random.Random(DEMO_SEED + 2)
    ws = Workspace(db, new_id=lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4)))

    def progress(done: int) -> None:
        rate = done / (time.perf_counter() - start)
        print(f"  built {done:>7,} / {n:,} cases ({rate:,.0f} cases/s)", file=sys.stderr)

    Builder(ws, DEMO_SEED).run(n, progress)
    with db.write() as conn:
        conn.execute(insert(meta).values(key=BUILT_KEY, value=str(n)))
    ws.close()
    return time.perf_counter() - start


def timed(fn: Callable[[], T], runs: int = RUNS) -> tuple[float, float, T]:
    """(first run ms, median of ``runs`` ms, last result)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times[0], statistics.median(times), result


def list_queries(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    street = conn.execute(
        "SELECT street_code FROM cases GROUP BY street_code ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    conn.close()
    key = store_key()
    if key is not None:  # an encrypted copy of the cached store, converted as a laptop's
        copy = path.with_name(path.stem + "-encrypted.db")
        remove_store(copy)
        copy_sqlite(path, copy)
        start = time.perf_counter()
        Workspace.open(copy, key=key).close()
        print(f"converted a copy to SQLCipher in {time.perf_counter() - start:.1f} s")
        path = copy
    ws = Workspace.open(path, key=key, clock=lambda: END)
    try:
        dept = ws.catalog.get(CATEGORY).default_department
        everyone = "ducha"  # supervisor: the whole district in scope
        cases: list[tuple[str, str, CaseQuery]] = [
            ("all, reported_at desc", everyone, CaseQuery()),
            (
                "state=dispatched, by deadline",
                everyone,
                CaseQuery(states=(CaseState.DISPATCHED,), sort="deadline", descending=False),
            ),
            (f"street_code={street}", everyone, CaseQuery(street_code=street)),
            (f"category_code={CATEGORY}", everyone, CaseQuery(category_codes=(CATEGORY,))),
            ("overdue=RED", everyone, CaseQuery(overdue=OverdueLevel.RED)),
            ("text 垃圾", everyone, CaseQuery(text="垃圾")),
            (f"department bm-{dept.lower()} scope", f"bm-{dept.lower()}", CaseQuery()),
        ]
        rows = []
        for label, user, query in cases:
            ws.act_as(user)
            # Count first, then list: "1st" is the first time this query runs here.
            count_first, count_ms, matching = timed(lambda q=query: ws.count_cases(q))
            list_first, list_ms, page = timed(lambda q=query: ws.list_cases(q))
            assert len(page) == min(matching, query.limit)
            rows.append(
                (
                    label,
                    f"{matching:,}",
                    f"{list_first:.1f}",
                    f"{list_ms:.1f}",
                    f"{count_first:.1f}",
                    f"{count_ms:.1f}",
                )
            )
    finally:
        ws.close()
    headers = (
        "case list query",
        "rows",
        "list 1st ms",
        "list p50 ms",
        "count 1st ms",
        "count p50 ms",
    )
    return table(headers, rows)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--saves", type=int, default=N_SAVES, help="reports per save run")
    parser.add_argument("--cases", type=int, default=N_CASES, help="cases in the list store")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the cached store")
    parser.add_argument("--skip-saves", action="store_true")
    parser.add_argument("--skip-list", action="store_true")
    parser.add_argument(
        "--encrypted", action="store_true", help="measure encrypted stores (SQLCipher, sealed)"
    )
    args = parser.parse_args(argv)
    global ENCRYPTED
    ENCRYPTED = args.encrypted

    print(machine())
    if not args.skip_saves:
        print()
        print(durable_saves(args.saves))
    if not args.skip_list:
        path = cache_path(args.cases)
        print()
        if args.rebuild or not cached_ok(path, args.cases):
            print(f"building {path.relative_to(VAR.parent)} ({args.cases:,} cases)…", flush=True)
            seconds = build_store(path, args.cases)
            print(f"built in {seconds:.0f} s")
        else:
            print(f"reusing {path.relative_to(VAR.parent)}")
        size_mb = path.stat().st_size / 1e6
        print(f"{args.cases:,} cases, {size_mb:.0f} MB; list = first page of 200; {RUNS} runs")
        print(list_queries(path))


if __name__ == "__main__":
    main()
