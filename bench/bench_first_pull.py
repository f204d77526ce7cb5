"""A new laptop's first full pull through the real service, with where the time went.

Run from the repository root: .venv/bin/python bench/bench_first_pull.py [--store month|demo]

``gridapp serve --workers 2`` on 127.0.0.1 over a copy of a central store (``month``:
the cached 45,000-case October of bench/month_store.py, var/bench-month-45k.db, built
here when missing — ~20 min; ``demo``: bench_apply's six demo months, 4,480 cases). A
fresh client store logs in as district shift lead ``zhiban`` and runs ``SyncClient.sync``
(reference data, then every page of the log; the next page is fetched on a worker
thread while one is applied, as the desktop does). Prints, per run:

- seconds of the whole sync and events/s (events received, and events held at the end);
- the client's main thread: seconds applying pages vs seconds waiting for the next page
  (what the service and the fetch thread did not hide behind the apply);
- the fetch thread: seconds in ``transport.pull`` (HTTP + reading the answer), and of
  that its CPU (``time.thread_time``: httpx, JSON and pydantic parsing the page);
- CPU seconds of the client process (both threads) and of the service's processes;
- how long saves waited for the write lock: a save (a ``sync_state`` row) every 0.25 s
  on another thread of the client, as a grid officer's save during the pull;
- the load average, as everything shares the machine's two cores.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from _common import VAR, log, machine
from _service import Server
from bench_apply import SaveProbe
from month_store import build_month, copy_sqlite, month_cached, month_counts, month_path

import gridapp
from gridapp.demo.people import DEMO_PASSWORD
from gridapp.store.database import Database
from gridapp.sync import page_prefetch
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace

WORKERS = 2
TICKS = os.sysconf("SC_CLK_TCK")


def central_store(name: str) -> Path:
    if name == "demo":
        from bench_apply import source_store

        return source_store()
    path = month_path()
    if not month_cached(path):
        log(f"building {path} (the 45,000-case month, ~20 min)…")
        log(f"built in {build_month(path):.0f} s")
    return path


def group_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of the live processes in process group ``pgid``."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICKS


@dataclass
class Split:
    """Where the client's time went (filled by the wrappers below)."""

    waiting: float = 0.0  # main thread blocked on the next page
    fetch_wall: float = 0.0  # fetch thread (or main, when not ahead) in transport.pull
    fetch_cpu: float = 0.0  # of which this thread's CPU
    pages: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


def instrument(client: SyncClient, split: Split) -> None:
    pull = client.transport.pull

    def timed_pull(*args: Any, **kwargs: Any) -> Any:
        wall, cpu = time.perf_counter(), time.thread_time()
        try:
            return pull(*args, **kwargs)
        finally:
            with split.lock:
                split.fetch_wall += time.perf_counter() - wall
                split.fetch_cpu += time.thread_time() - cpu
                split.pages += 1

    client.transport.pull = timed_pull  # type: ignore[method-assign]
    page = page_prefetch.PagePrefetch.page

    def timed_page(self: page_prefetch.PagePrefetch, cursor: int) -> Any:
        start = time.perf_counter()
        try:
            return page(self, cursor)
        finally:
            split.waiting += time.perf_counter() - start

    page_prefetch.PagePrefetch.page = timed_page  # type: ignore[method-assign]


def load_avg() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def one_run(central: Path, tmp: Path) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix="first-pull-", dir=tmp))
    db_path = folder / "central.db"
    copy_sqlite(central, db_path)  # the cache stays as built (the service writes sessions)
    db = Database(db_path)
    n_cases, n_events = month_counts(db)
    db.close()
    files = central.with_name(central.stem + "-files")
    server = Server(str(db_path), files, folder / "server.log", workers=WORKERS)
    try:
        ws = Workspace.open_client(folder / "zhiban.db")
        client = SyncClient(ws, server.url, TokenStore(folder / "tokens", use_keyring=False))
        client.login("zhiban", DEMO_PASSWORD)
        split = Split()
        instrument(client, split)
        server_cpu = group_cpu(server.proc.pid)
        saves = SaveProbe(ws, every=0.25)
        start, cpu = time.perf_counter(), time.process_time()
        with saves:
            report = client.sync()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        server_cpu = group_cpu(server.proc.pid) - server_cpu
        held_cases, held_events = month_counts(ws.db)
        ws.close()
        client.transport.close()
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
    return {
        "seconds": seconds,
        "client_cpu": cpu,
        "server_cpu": server_cpu,
        "received": report.pulled,
        "complete": (held_cases, held_events) == (n_cases, n_events),
        "cases": held_cases,
        "events": held_events,
        "split": split,
        "saves": saves.summary(),
    }


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--store", choices=("month", "demo"), default="month")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--label", default="", help="a word printed with the figures")
    args = parser.parse_args(argv)
    print(machine())
    print(f"gridapp from {Path(gridapp.__file__).parent.parent}  {args.label}")
    central = central_store(args.store)
    VAR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bench-first-pull-", dir=VAR) as tmp_name:
        for run in range(args.runs):
            r = one_run(central, Path(tmp_name))
            s: Split = r["split"]
            apply_s = r["seconds"] - s.waiting
            print(
                f"  run {run + 1} ({args.store}): {r['seconds']:.1f} s, "
                f"{r['received'] / r['seconds']:,.0f} events/s received "
                f"({r['received']:,} events in {s.pages} pages; client holds "
                f"{r['cases']:,} cases, {r['events']:,} events"
                + (")" if r["complete"] else ")  << INCOMPLETE"),
                flush=True,
            )
            print(
                f"    client main thread: applying {apply_s:.1f} s, waiting for pages "
                f"{s.waiting:.1f} s; fetch thread: in transport.pull {s.fetch_wall:.1f} s "
                f"(its CPU {s.fetch_cpu:.1f} s: HTTP and parsing)",
                flush=True,
            )
            print(
                f"    CPU: client {r['client_cpu']:.1f} s, service {r['server_cpu']:.1f} s; "
                f"{load_avg()}",
                flush=True,
            )
            print(f"    a save every 0.25 s meanwhile: {r['saves']}", flush=True)


if __name__ == "__main__":
    main()
