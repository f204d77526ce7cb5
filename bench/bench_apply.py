"""How fast a laptop applies pulled pages: events/s of ``SyncEngine.pull``'s local part.

Run from the repository root: .venv/bin/python bench/bench_apply.py [--copies N]

No service and no HTTP: the pages are made beforehand from a central store's log and
handed to the real ``SyncEngine.pull`` by an in-memory transport, so the figure is the
client's apply alone (store the events, refresh the projections, move the cursor), one
write transaction per page of ``MAX_PULL`` events, as a laptop does on a real pull.
It prints wall-clock events/s and, less sensitive to a busy machine, events per second
of this process's CPU time (the apply is one thread; SQLite's fsyncs are not CPU).

The log is the demo store's (``build_demo_store``: six months of the demo district,
cached at var/bench-apply-demo.db, ~1–2 min to build). ``--copies N`` replicates it N
times with fresh case and event ids, interleaved in server order (copy k of event s gets
seq s·N + k), to stand in for a district month (``--copies 10``: ≈45,000 cases; the
cases repeat the demo's numbers, which nothing on the client requires to be unique).
``--log month``: the log of the 45,000-case October of bench/month_store.py instead
(377,000 events, the first pull bench_first_pull.py times through the service; a case's
events there spread over many more pages than in the replicated demo).
The client is a fresh store with the demo reference data, logged in as shift lead
``zhiban`` (district scope: every event is theirs). To compare with another checkout,
run this file with that checkout first on PYTHONPATH. ``--gc-off``: as the desktop runs
(automatic cycle collection off, ``ui/gc_guard.py``). Each figure is printed with the
load average: on a shared machine, compare figures taken at low load only.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import sqlite3
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from _common import VAR, log, machine
from sqlalchemy import func, select

import gridapp
from gridapp.demo.build import DEMO_SEED, build_demo_store
from gridapp.demo.reference import write_demo_reference
from gridapp.store.database import Database
from gridapp.store.schema import case_events, cases
from gridapp.sync.engine import SyncEngine
from gridapp.sync.protocol import MAX_PULL, EventOut, PullResponse
from gridapp.sync.round_outcome import SyncReport
from gridapp.workspace import Workspace

EPOCH = "bench-apply"


def source_store() -> Path:
    path = VAR / "bench-apply-demo.db"
    if not path.exists():
        VAR.mkdir(parents=True, exist_ok=True)
        log(f"building {path} (the demo store, ~1–2 min)…")
        tmp = path.with_name(path.name + ".tmp")
        for side in ("", "-wal", "-shm"):
            tmp.with_name(tmp.name + side).unlink(missing_ok=True)
        ws = build_demo_store(tmp, end=date(2026, 10, 31))
        ws.close()
        tmp.rename(path)
    return path


def month_log() -> Path:
    """The cached 45,000-case month (not built here: it takes ~20 min)."""
    from month_store import month_cached, month_path

    path = month_path()
    if not month_cached(path):
        raise SystemExit(f"{path} is missing or out of date: run bench/bench_first_pull.py first")
    return path


def read_log(path: Path) -> list[dict]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.row_factory = sqlite3.Row
    try:
        rows = conn.execute(
            "SELECT id, case_id, action, actor, role, at_client, at_server, seq, payload "
            "FROM case_events WHERE seq IS NOT NULL ORDER BY seq"
        ).fetchall()
    finally:
        conn.close()
    return [dict(r) for r in rows]


def replicate(rows: list[dict], copies: int) -> list[dict]:
    """``copies`` copies of the log with fresh ids, interleaved in server order."""
    if copies == 1:
        return rows
    out = []
    for row in rows:
        for k in range(copies):
            copy = dict(row)
            copy["id"] = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{k}:{row['id']}"))
            copy["case_id"] = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{k}:{row['case_id']}"))
            copy["seq"] = row["seq"] * copies + k
            payload = json.loads(row["payload"])
            if "into" in payload:  # a merge names another case of the same copy
                payload["into"] = str(uuid.uuid5(uuid.NAMESPACE_OID, f"{k}:{payload['into']}"))
            copy["payload"] = json.dumps(payload, ensure_ascii=False)
            out.append(copy)
    return out


def make_pages(rows: list[dict], size: int) -> dict[int, PullResponse]:
    events = [
        EventOut(
            id=r["id"],
            case_id=r["case_id"],
            action=r["action"],
            actor=r["actor"],
            role=r["role"],
            at_client=r["at_client"],
            at_server=r["at_server"],
            seq=r["seq"],
            payload=json.loads(r["payload"]),
        )
        for r in rows
    ]
    head = events[-1].seq if events else 0
    pages: dict[int, PullResponse] = {}
    since = 0
    for i in range(0, len(events), size):
        part = events[i : i + size]
        more = i + size < len(events)
        pages[since] = PullResponse(
            epoch=EPOCH, events=part, cursor=part[-1].seq, more=more, head=head
        )
        since = part[-1].seq
    pages[since] = PullResponse(epoch=EPOCH, events=[], cursor=since, more=False, head=head)
    return pages


class PagesTransport:
    """The service's pull answered from pages made beforehand."""

    def __init__(self, pages: dict[int, PullResponse]) -> None:
        self.pages = pages
        self.calls = 0

    def pull(self, since: int, limit: int | None = None, catalog: int | None = None):
        self.calls += 1
        return self.pages[since]


class SaveProbe:
    """A save every ``every`` seconds while the pull runs, on another thread: how long
    each waited for the write lock (what a grid officer's save waits during a pull)."""

    def __init__(self, ws: Workspace, every: float = 0.1) -> None:
        self.ws, self.every = ws, every
        self.waits: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SaveProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        from gridapp.sync import local

        n = 0
        while not self._stop.wait(self.every):
            n += 1
            start = time.perf_counter()
            with self.ws.db.write() as conn:
                self.waits.append(time.perf_counter() - start)
                local.set_state(conn, save_probe=n)

    def summary(self) -> str:
        if not self.waits:
            return "no save made"
        waits = sorted(self.waits)
        p50 = waits[len(waits) // 2]
        return (
            f"{len(waits)} saves waited p50 {p50 * 1000:.0f} ms, "
            f"max {waits[-1] * 1000:.0f} ms for the write lock"
        )


def apply_all(
    tmp: Path,
    pages: dict[int, PullResponse],
    per_fold: int | None,
    per_write: int | None,
    probe: bool,
) -> tuple[float, float, int, int, int, str]:
    path = tmp / f"client-{time.monotonic_ns()}.db"
    db = Database(path)
    write_demo_reference(db, seed=DEMO_SEED, store_role="client")
    db.close()
    ws = Workspace.open_client(path)
    ws.act_as("zhiban")
    with ws.db.write() as conn:  # the epoch is known: the first page is not a "restore"
        from gridapp.sync import local

        local.set_state(conn, epoch=EPOCH)
    transport = PagesTransport(pages)
    engine = SyncEngine(ws, transport)  # type: ignore[arg-type]
    if per_fold is not None:  # a checkout from before these knobs ignores them
        engine.pages_per_fold = per_fold
    if per_write is not None:
        engine.events_per_write = per_write
    report = SyncReport()
    saves = SaveProbe(ws) if probe else contextlib.nullcontext()
    start, cpu = time.perf_counter(), time.process_time()
    with saves:
        engine.pull(report)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    waits = saves.summary() if isinstance(saves, SaveProbe) else ""
    with ws.db.read() as conn:
        n_cases = conn.execute(select(func.count()).select_from(cases)).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(case_events)).scalar_one()
    ws.close()
    return seconds, cpu, report.pulled, n_cases, n_events, waits


def load_avg() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--copies", type=int, default=1, help="replicate the demo log N times")
    parser.add_argument(
        "--log",
        choices=("demo", "month"),
        default="demo",
        help="whose log: the demo store's, or the 45,000-case month's (bench/month_store.py; "
        "it must be built already, e.g. by bench_first_pull.py)",
    )
    parser.add_argument("--page", type=int, default=MAX_PULL, help="events per pulled page")
    parser.add_argument(
        "--per-fold",
        type=int,
        default=None,
        help="pages fetched ahead and applied together at most (SyncEngine.pages_per_fold)",
    )
    parser.add_argument(
        "--per-write",
        type=int,
        default=None,
        help="events per write transaction, about (SyncEngine.events_per_write)",
    )
    parser.add_argument(
        "--saves",
        action="store_true",
        help="a save every 0.1 s on another thread: how long it waits for the write lock "
        "(its CPU counts in the figure)",
    )
    parser.add_argument("--runs", type=int, default=1, help="apply the whole log this many times")
    parser.add_argument("--events", type=int, default=0, help="only the log's first N events")
    parser.add_argument("--label", default="", help="a word printed with the figures")
    parser.add_argument(
        "--gc-off",
        action="store_true",
        help="automatic cycle collection off, as the desktop runs (ui/gc_guard.py)",
    )
    args = parser.parse_args(argv)
    if args.gc_off:
        gc.disable()
    print(machine())
    gc_state = "automatic GC off" if args.gc_off else "automatic GC on"
    print(f"gridapp from {Path(gridapp.__file__).parent.parent}  {gc_state}  {args.label}")
    rows = replicate(read_log(source_store() if args.log == "demo" else month_log()), args.copies)
    if args.events:
        rows = rows[: args.events]
    pages = make_pages(rows, args.page)
    n_cases = len({r["case_id"] for r in rows})
    print(
        f"log: {len(rows):,} events of {n_cases:,} cases "
        f"({args.log} store{'' if args.copies == 1 else f' replicated ×{args.copies}'}), "
        f"{len(pages) - 1} pages of ≤{args.page}",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="bench-apply-") as tmp_name:
        for run in range(args.runs):
            seconds, cpu, pulled, held_cases, held_events, waits = apply_all(
                Path(tmp_name), pages, args.per_fold, args.per_write, args.saves
            )
            ok = held_cases == n_cases and held_events == len(rows)
            print(
                f"  run {run + 1}: applied {pulled:,} events in {seconds:.2f} s = "
                f"{pulled / seconds:,.0f} events/s (CPU {cpu:.2f} s: {pulled / cpu:,.0f} "
                f"events per CPU-second); client holds {held_cases:,} cases, "
                f"{held_events:,} events" + ("" if ok else "  << INCOMPLETE") + f"; {load_avg()}",
                flush=True,
            )
            if waits:
                print(f"    {waits}", flush=True)


if __name__ == "__main__":
    main()
