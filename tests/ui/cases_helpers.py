"""A store with a few hundred cases for the case-list tests, made once per session.

The cases go through the real workflow (report, accept, file, dispatch) so their
states, deadlines and overdue levels are the ones users see; tests copy the file.
"""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from gridapp.domain.case import CaseState
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, HYDRANT, STREETS, URBAN, Clock, drive, report

N_CASES = 300
NOW = datetime(2026, 11, 16, 11, 10)  # red: GARBAGE sent at 09:00; yellow: sent at 09:30


def build_store(template: Path, path: Path) -> dict[str, list[str]]:
    """Fill a copy of the reference template; returns ids by kind (red, yellow, filed…)."""
    shutil.copyfile(template, path)
    clock = Clock(datetime(2026, 11, 16, 9, 0))
    kinds: dict[str, list[str]] = {"red": [], "yellow": [], "filed": [], "dispatched": []}
    with Workspace.open(path, clock=clock) as ws:
        for i in range(N_CASES):
            street = STREETS[i % 5]  # the district-tier streets
            category = HYDRANT if i % 3 else GARBAGE
            cid = report(
                ws,
                street,
                index=i // 5,
                category=category,
                description=f"第{i}号 {'消防栓漏水' if i % 3 else '暴露垃圾'}",
                address=f"丝绸路{i}号",
            )
            if i % 10 == 1:
                drive(ws, cid, CaseState.FILED)
                kinds["filed"].append(cid)
            elif i % 10 == 2:
                drive(ws, cid, CaseState.DISPATCHED)
                kinds["dispatched" if category == HYDRANT else "red"].append(cid)
        clock.now = datetime(2026, 11, 16, 9, 30)
        for i in range(4):
            cid = report(ws, URBAN, index=i, category=GARBAGE, description=f"黄色预警{i}")
            drive(ws, cid, CaseState.DISPATCHED)
            kinds["yellow"].append(cid)
    return kinds
