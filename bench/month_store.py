"""The cached district month of the benches: ≈45,000 cases of October 2026.

Made by the real workflow (``gridapp.demo.cases.DemoCases``: officers, intake, shift
lead, dispatcher, departments acting in time order through ``CaseService.batch()``) and
cached at var/bench-month-45k.db (first build ~12 min on 2 busy cores); reused while it
is complete and has today's schema. Also its counts, and copies of it (SQLite backup;
its rows into a PostgreSQL schema). Used by bench_sync.py (a new client's first full
pull) and bench_report.py (the monthly report).
"""

from __future__ import annotations

import random
import shutil
import sqlite3
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from _common import VAR, current_schema, log, sqlite_schema
from sqlalchemy import func, insert, select

from gridapp.demo.build import DEMO_SEED
from gridapp.demo.cases import DemoCases
from gridapp.demo.reference import write_demo_reference
from gridapp.store.database import Database, head_revision
from gridapp.store.schema import case_events, cases, meta, metadata
from gridapp.workspace import Workspace

MONTH_CASES = 45_000
MONTH_START = datetime(2026, 10, 1)
MONTH_END = datetime(2026, 11, 1)
MONTH_BUILT_KEY = "bench_month_cases"
MONTH_SKIP_TABLES = {"sessions", "audit_log", "sync_state"}  # not copied to PostgreSQL


def month_path() -> Path:
    return VAR / f"bench-month-{MONTH_CASES // 1000}k.db"


def month_cached(path: Path) -> bool:
    """Completely built, at the current revision, with the tables of a fresh store."""
    if not path.exists():
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            built = conn.execute(
                "SELECT value FROM meta WHERE key = ?", (MONTH_BUILT_KEY,)
            ).fetchone()
        finally:
            conn.close()
        schema = sqlite_schema(path)
    except sqlite3.Error:
        return False
    if built == (str(MONTH_CASES),) and revision != (head_revision(),):
        # A complete build at an older schema: migrate it in place (minutes saved).
        Database(path).close()
        for copy in path.parent.glob(f"{path.stem}.before-upgrade-*"):
            copy.unlink()
        revision, schema = (head_revision(),), sqlite_schema(path)
    fresh = current_schema()
    return revision == (head_revision(),) and built == (str(MONTH_CASES),) and schema == fresh


def remove_store(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    shutil.rmtree(path.with_name(path.stem + "-files"), ignore_errors=True)


class MonthCases(DemoCases):
    """The demo simulation, with a progress line every 5,000 reports."""

    def report(self) -> None:
        super().report()
        self.reported = getattr(self, "reported", 0) + 1
        if self.reported % 5_000 == 0:
            log(f"  reported {self.reported:>6,} cases (simulated {self.now:%m-%d %H:%M})")


def reports_per_day(total: int, start: datetime, end: datetime) -> float:
    """DemoCases draws per_day on weekdays and 0.55 × per_day at weekends."""
    weight, day = 0.0, start.date()
    while day < end.date():
        weight += 1.0 if day.weekday() < 5 else 0.55
        day += timedelta(days=1)
    return total / weight


def build_month(path: Path) -> float:
    remove_store(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    db = Database(path)
    write_demo_reference(db, seed=DEMO_SEED, end=date(2026, 10, 31))
    ids = random.Random(DEMO_SEED + 3)
    ws = Workspace(db, new_id=lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4)))
    per_day = reports_per_day(MONTH_CASES, MONTH_START, MONTH_END)
    MonthCases(ws, DEMO_SEED + 3, MONTH_START, MONTH_END).run(per_day)
    with db.write() as conn:
        conn.execute(insert(meta).values(key=MONTH_BUILT_KEY, value=str(MONTH_CASES)))
    ws.close()
    return time.perf_counter() - start


def copy_sqlite(src: Path, dst: Path) -> None:
    """A consistent copy (WAL included) with SQLite's backup API."""
    a, b = sqlite3.connect(src), sqlite3.connect(dst)
    try:
        a.backup(b)
    finally:
        a.close()
        b.close()


def month_counts(db: Database) -> tuple[int, int]:
    with db.read() as conn:
        n_cases = conn.execute(select(func.count()).select_from(cases)).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(case_events)).scalar_one()
    return n_cases, n_events


def copy_to_postgres(src: Path, url: str, schema: str) -> None:
    """The month's rows (made by the workflow on SQLite) into a fresh PostgreSQL schema."""
    target = Database(url, schema=schema)  # migrates: empty tables
    source = sa.create_engine(f"sqlite:///{src}")
    try:
        with source.connect() as s, target.write() as d:
            for tbl in metadata.sorted_tables:
                if tbl.name in MONTH_SKIP_TABLES:
                    continue
                q = select(tbl)
                if tbl is meta:
                    q = q.where(meta.c.key != "epoch")
                for part in s.execute(q).mappings().partitions(5_000):
                    d.execute(insert(tbl), [dict(r) for r in part])
            for tbl in metadata.sorted_tables:
                for col in tbl.primary_key.columns:
                    if col.autoincrement is True:
                        d.exec_driver_sql(
                            f"SELECT setval(pg_get_serial_sequence('{tbl.name}', '{col.name}'), "
                            f"(SELECT COALESCE(MAX({col.name}), 0) + 1 FROM {tbl.name}), false)"
                        )
    finally:
        source.dispose()
        target.close()
