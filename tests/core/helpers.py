"""Shared helpers for the core workflow tests: points in grids, who acts, driving a case.

Everything goes through the real :class:`gridapp.Workspace` (no mocks): a case is
driven to a state by the same ``act_as`` + ``act`` calls a user would make.
"""

from __future__ import annotations

import io
import os
import random
import re
import shutil
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from PIL import Image
from sqlalchemy import func, select

from gridapp.domain.case import CaseState, Tier
from gridapp.store.schema import attachments, case_events, cases, meta
from gridapp.workspace import Workspace

URBAN = "370306001"  # 丝绸路街道: no centre of its own, district tier
URBAN2 = "370306002"  # 大街街道
BEIJIAO = "370306101"  # 北郊镇: own centre, town tier
NANJIAO = "370306102"  # 南郊镇
WANGCUN = "370306103"  # 王村镇
STREETS = (URBAN, URBAN2, "370306003", "370306004", "370306005", BEIJIAO, NANJIAO, WANGCUN)
TOWN_PREFIX = {BEIJIAO: "bj", NANJIAO: "nj", WANGCUN: "wc"}
GARBAGE = "020102"  # 暴露垃圾: D02, 2 工作时
HYDRANT = "010113"  # 消防设施 (v1 消防栓): D12, 3 工作日 (井盖 classes now run 6 紧急工作时)
PHONE = "13812341234"
MASKED = "138****1234"
NUMBER = re.compile(r"^370306-\d{8}-\d{4}$")  # a filed case's number (案件编号)


class Clock:
    """A settable clock for stores made inside a test body (hypothesis examples)."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 16, 9, 0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs: float) -> datetime:
        from datetime import timedelta

        self.now = self.now + timedelta(**kwargs)
        return self.now


@contextmanager
def fresh_workspace(template: Path, folder: Path, clock: Clock | None = None):
    """A Workspace on a private copy of the reference template (usable inside hypothesis)."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "store.db"
    shutil.copyfile(template, path)
    ws = Workspace.open(path, clock=clock or Clock())
    try:
        yield ws
    finally:
        ws.close()
        shutil.rmtree(folder, ignore_errors=True)


# -- places and people ---------------------------------------------------------------------


def grids_of_street(ws: Workspace, street_code: str) -> list:
    return sorted(
        (g for g in ws.reference.grids.values() if g.street_code == street_code),
        key=lambda g: g.code,
    )


def point_in(grid) -> tuple[float, float]:
    p = grid.polygon.representative_point()
    return p.x, p.y


def grid_in(ws: Workspace, street_code: str, index: int = 0):
    grids = grids_of_street(ws, street_code)
    return grids[index % len(grids)]


def officer_of(ws: Workspace, grid_code: str) -> str:
    officers = ws.reference.officers_of_grid(grid_code)
    assert officers, f"no officer for {grid_code}"
    return sorted(u.username for u in officers)[0]


def other_officer(ws: Workspace, grid_code: str) -> str:
    """A grid officer who does not own ``grid_code``."""
    return sorted(
        u.username
        for u in ws.reference.users.values()
        if u.role.value == "grid_officer" and grid_code not in u.grid_codes
    )[0]


def dept_user(code: str) -> str:
    return f"bm-{code.lower()}"


def centre(ws: Workspace, case_id: str) -> dict[str, str]:
    """Usernames of the command centre that owns the case now (by its tier and street)."""
    rec = ws.service.load(case_id)
    if rec.tier is Tier.TOWN:
        prefix = TOWN_PREFIX[rec.street_code]
        return {
            "intake": f"{prefix}-shouli",
            "shift_lead": f"{prefix}-zhiban",
            "dispatcher": f"{prefix}-paiqian",
        }
    return {"intake": "shouli", "shift_lead": "zhiban", "dispatcher": "paiqian"}


def png(color: tuple[int, int, int] = (200, 30, 30), size: int = 8) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (size, size), color).save(buf, "PNG")
    return buf.getvalue()


# -- driving cases ---------------------------------------------------------------------------


def only_id(changes) -> str:
    assert len(changes.case_ids) == 1, changes
    return next(iter(changes.case_ids))


def report(
    ws: Workspace,
    street_code: str = URBAN,
    *,
    index: int = 0,
    source: str = "patrol",
    category: str = GARBAGE,
    by: str | None = None,
    **fields,
) -> str:
    """Report a case at a point of the ``index``-th grid of the street; returns its id."""
    grid = grid_in(ws, street_code, index)
    lon, lat = point_in(grid)
    if by is None:
        if source == "patrol":
            by = officer_of(ws, grid.code)
        elif street_code in TOWN_PREFIX:
            by = f"{TOWN_PREFIX[street_code]}-shouli"
        else:
            by = "shouli"
    ws.act_as(by)
    fields.setdefault("description", "路边有暴露垃圾")
    return only_id(ws.report(source=source, category_code=category, lon=lon, lat=lat, **fields))


def act(ws: Workspace, who: str, case_id: str, action: str, payload=None, photos=()):
    ws.act_as(who)
    return ws.act(case_id, action, payload, photos)


def state(ws: Workspace, case_id: str) -> CaseState:
    """The case's state as the store has it now."""
    return ws.service.load(case_id).state


def town_case(ws: Workspace, street: str = BEIJIAO, **kw) -> str:
    """A camera report in a town with its own centre (a town-tier case); returns its id."""
    return report(ws, street, source="camera", category=GARBAGE, **kw)


def drive(
    ws: Workspace,
    case_id: str,
    target: CaseState | str,
    department: str | None = None,
    *,
    acknowledge: bool = True,
):
    """Move a freshly reported case along the main path until it is in ``target``.

    A department 签收 a case as soon as it is dispatched to it (the normal flow: otherwise
    the case turns yellow at the acknowledge-by time); ``acknowledge=False`` leaves the
    dispatch unacknowledged, for tests of 签收 itself."""
    target = CaseState(target)
    state = lambda: ws.service.load(case_id).state  # noqa: E731
    staff = centre(ws, case_id)
    if target is CaseState.REPORTED:
        return
    if target is CaseState.REJECTED:
        act(ws, staff["intake"], case_id, "reject", {"reason": "不属于受理范围"})
        return
    if target is CaseState.MERGED:
        raise ValueError("merge needs a target: use act(..., 'merge', {'into': ...})")
    rec = ws.service.load(case_id)
    if rec.state is CaseState.REPORTED:
        if not rec.accepted:
            act(ws, staff["intake"], case_id, "accept")
        if rec.source.needs_verification and rec.verify_result is not True:
            act(ws, staff["intake"], case_id, "request_verify")
            assignee = ws.service.load(case_id).verify_assignee
            act(ws, assignee, case_id, "verify_report", {"result": True})
        act(ws, staff["shift_lead"], case_id, "file")
    if target is CaseState.FILED:
        return
    if state() is CaseState.FILED:
        payload = {"department_code": department} if department else None
        act(ws, staff["dispatcher"], case_id, "dispatch", payload)
        if acknowledge:
            lead = ws.service.load(case_id).department_code
            act(ws, dept_user(lead), case_id, "acknowledge")
    if target is CaseState.DISPATCHED:
        return
    dept = dept_user(ws.service.load(case_id).department_code)
    if target is CaseState.SUSPENDED:
        act(ws, dept, case_id, "request_suspension", {"reason": "需协调"})
        act(ws, staff["dispatcher"], case_id, "approve_suspension")
        return
    if state() is CaseState.DISPATCHED:
        act(ws, dept, case_id, "handle", {"note": "已处置"})
    if target is CaseState.HANDLED:
        return
    grid = ws.service.load(case_id).grid_code
    if state() is CaseState.HANDLED:
        act(ws, officer_of(ws, grid), case_id, "check", {"result": True})
    if target is CaseState.VERIFIED:
        return
    act(ws, staff["shift_lead"], case_id, "close")
    assert state() is CaseState.CLOSED


# -- what is on disk ---------------------------------------------------------------------------


def row_counts(ws: Workspace) -> dict[str, int]:
    with ws.db.read() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
            for t in (cases, case_events, attachments)
        }


def photo_files(ws: Workspace) -> list[str]:
    """The photo files, once every saved photo has settled out of the photo journal."""
    if ws.journal is not None:
        ws.journal.settle()
    root = ws.files.root
    if not root.exists():
        return []
    found = []
    for folder, _dirs, files in os.walk(root):
        found.extend(os.path.join(folder, f) for f in files)
    return sorted(found)


def snapshot(ws: Workspace) -> tuple[dict[str, int], list[str], dict]:
    """Everything a refused action must leave untouched: rows, photo files, meta counters."""
    with ws.db.read() as conn:
        meta_rows = {r.key: r.value for r in conn.execute(select(meta))}
    return row_counts(ws), photo_files(ws), meta_rows


GARBAGE = "020102"  # 暴露垃圾: default department D02 (区环境卫生服务中心)


def jpeg(n: int, size: tuple[int, int] = (40, 30)) -> bytes:
    """A small real JPEG (a few KB of noise), different for every ``n``."""
    w, h = size
    noise = random.Random(n).randbytes(w * h * 3)
    buf = io.BytesIO()
    Image.frombytes("RGB", (w, h), noise).save(buf, format="JPEG", quality=80)
    return buf.getvalue()


def grids_of(source, username: str) -> list:
    """An officer's grids; ``source`` is a Workspace or a ReferenceData."""
    reference = getattr(source, "reference", source)
    user = reference.user(username)
    return [reference.grids[code] for code in sorted(user.grid_codes)]


def point_of(source, username: str, k: int = 0) -> tuple[float, float]:
    """A point inside the ``k``-th grid (cyclic) of an officer."""
    grids = grids_of(source, username)
    p = grids[k % len(grids)].polygon.representative_point()
    return p.x, p.y
