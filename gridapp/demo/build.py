"""Build the demo store: 淄博市周村区 with its grids, departments, users and cases.

Everything is derived from ``seed`` (and the ``end`` date), so two builds with the
same arguments hold the same cases, events and numbers.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time
from pathlib import Path

from gridapp import clock
from gridapp.demo.cases import DemoCases
from gridapp.demo.progress import DemoProgress, OnProgress
from gridapp.demo.reference import write_demo_reference
from gridapp.domain.catalog import Catalog
from gridapp.store.database import Database
from gridapp.workspace import Workspace

DEMO_SEED = 370306
DEMO_MONTHS = 6


def demo_start(end: date, months: int = DEMO_MONTHS) -> date:
    """The first day of the month ``months`` before ``end``'s month."""
    y, m = end.year, end.month - months
    while m <= 0:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def build_demo_store(
    path: Path,
    *,
    seed: int = DEMO_SEED,
    end: date | None = None,
    months: int = DEMO_MONTHS,
    per_day: float = 24.0,
    catalog: Catalog | None = None,
    on_progress: OnProgress | None = None,
) -> Workspace:
    """Create the demo central store at ``path`` (which must not exist yet).

    ``catalog``: another category catalog than the shipped one (the upgrade tests build
    the demo as the version-1 program did). ``on_progress`` hears of each step (the
    district, then each simulated month with the cases and workflow steps so far): the
    build takes a minute or two.

    The simulation runs to noon of ``end``, but never past the wall clock (China
    time) at the build: a demo built on a morning shows no case reported, handled
    or closed later that day, which the user would read as a clock gone wrong.
    """
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    end = end or clock.today()
    db = Database(path)
    if on_progress:
        on_progress(DemoProgress("reference"))
    write_demo_reference(db, seed=seed, end=end)
    ids = random.Random(seed + 1)
    ws = Workspace(
        db, catalog=catalog, new_id=lambda: str(uuid.UUID(int=ids.getrandbits(128), version=4))
    )
    start = datetime.combine(demo_start(end, months), time())
    finish = min(datetime.combine(end, time(hour=12)), clock.now().replace(second=0))
    DemoCases(ws, seed, start, finish).run(per_day, on_progress)
    ws.clock = lambda: finish
    ws.service.new_id = lambda: str(uuid.uuid4())
    return ws
