"""What the service would not take, as the refused panel lists it.

Refused events (a 4xx or a ``rejected`` answer: final, with the service's reason and
advice for the user) and stuck events (the service failed on them, see
``outbox_faults``: still pending, tried again now and then). Plain values, safe to
hand to the GUI thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from gridapp.domain.actions import Action
from gridapp.store.schema import cases
from gridapp.sync import outbox_faults

# What a refusal means for the user, by the service's reason code.
HINT_NOTHING = "nothing_to_do"
HINT_SCOPE = "ask_centre"
HINT_PHOTO = "readd_photo"
HINT_RECREATE = "recreate_report"
HINT_FIX = "fix_and_redo"
HINT_ADMIN = "contact_admin"

HINT_TEXT = {
    HINT_NOTHING: "该案卷已被他人处理，当前显示的是最新状态，无需操作",
    HINT_SCOPE: "该操作超出您的职责范围，请联系指挥中心",
    HINT_PHOTO: "照片缺失或无法使用：请重新添加照片后再提交",
    HINT_RECREATE: "可以按原内容重新上报（修正后再提交）",
    HINT_FIX: "内容不符合要求：请在案卷中修正后重新操作",
    HINT_ADMIN: "请联系系统管理员",
}

_HANDLED_ELSEWHERE = {
    "already_accepted",
    "already_dispatched",
    "not_dispatched",
    "wrong_state",
    "no_pending_request",
    "no_verify_task",
    "verify_pending",
    "already_verified",
    "request_pending",
    "wrong_tier",
    "case_exists",
    "duplicate_work_order",  # another laptop imported this 12345 work order first
    "unknown_case",
    "bad_merge_target",
    "same_department",
}
_SCOPE = {"out_of_scope", "role_not_allowed", "department_not_allowed", "forbidden"}
_PHOTO = {
    "not_an_image",
    "unsupported_image",
    "image_too_large",
    "file_too_large",
    "unknown_photo",
    "bad_photo",
    "sha_mismatch",
    "files_missing",
}


def hint_for(code: str, action: str) -> str:
    """Which of the HINT_* codes fits a refusal (what the user can do about it)."""
    if code in _PHOTO:
        return HINT_PHOTO
    if code in _HANDLED_ELSEWHERE:
        return HINT_NOTHING
    if code in _SCOPE:
        return HINT_SCOPE
    if code == "event_id_conflict":
        return HINT_ADMIN
    return HINT_RECREATE if action == Action.REPORT.value else HINT_FIX


@dataclass(frozen=True)
class RefusedItem:
    """One refused event, as the refused panel lists it."""

    event_id: str
    case_id: str
    number: str | None  # case number (provisional for a refused report)
    action: str  # Action value
    action_label: str  # Chinese
    at: datetime  # when the user did it (client time)
    code: str
    message: str  # the service's reason, Chinese
    hint_code: str  # HINT_*
    hint: str  # Chinese
    case_exists: bool  # the case is in the local store (can be opened)
    can_recreate: bool  # a refused report: offer "re-create report"
    acknowledged: bool = False


def refused_item(row: dict[str, Any], numbers: dict[str, str], acknowledged: bool) -> RefusedItem:
    action = row["action"]
    label = _label(action)
    payload = json.loads(row["sent_payload"] or row["payload"])
    code = row["reject_code"] or "rejected"
    hint = hint_for(code, action)
    return RefusedItem(
        event_id=row["id"],
        case_id=row["case_id"],
        number=numbers.get(row["case_id"]) or payload.get("number"),
        action=action,
        action_label=label,
        at=row["at_client"],
        code=code,
        message=row["reject_reason"] or "",
        hint_code=hint,
        hint=HINT_TEXT[hint],
        case_exists=row["case_id"] in numbers,
        # A work order imported elsewhere first is a case already: re-creating would copy it.
        can_recreate=action == Action.REPORT.value and code != "duplicate_work_order",
        acknowledged=acknowledged,
    )


@dataclass(frozen=True)
class StuckItem:
    """One event the service keeps failing on: held back, never dropped."""

    event_id: str
    case_id: str
    number: str | None  # case number (provisional for a report not yet accepted)
    description: str  # the case's description, shortened
    action: str  # Action value
    action_label: str  # Chinese
    at: datetime  # when the user did it (client time)
    http_status: int | None  # what the service answered (500, …)
    code: str
    message: str  # the service's message, if it gave one
    first_failed: datetime
    last_tried: datetime
    next_try: datetime | None  # the next automatic try (None: at the next round)
    attempts: int  # pushes of it alone that failed
    waiting: int  # later events of the same case, held back behind it
    case_exists: bool


def stuck_items(conn: Connection, actor: str | None) -> list[StuckItem]:
    """This user's stuck events, newest first."""
    rows = outbox_faults.stuck_events(conn, actor)
    known = _cases(conn, {r["case_id"] for r in rows})
    items = []
    for row in rows:
        payload = json.loads(row["sent_payload"] or row["payload"])
        number, description = known.get(row["case_id"], (None, None))
        description = description or payload.get("description") or ""
        items.append(
            StuckItem(
                event_id=row["id"],
                case_id=row["case_id"],
                number=number or payload.get("number"),
                description=description[:60],
                action=row["action"],
                action_label=_label(row["action"]),
                at=row["at_client"],
                http_status=row["http_status"],
                code=row["fault_code"],
                message=row["fault_message"],
                first_failed=row["first_at"],
                last_tried=row["last_at"],
                next_try=row["retry_at"],
                attempts=row["failures"],
                waiting=int(row["waiting"] or 0),
                case_exists=row["case_id"] in known,
            )
        )
    return items


def _cases(conn: Connection, ids: set[str]) -> dict[str, tuple[str, str]]:
    q = select(cases.c.id, cases.c.number, cases.c.description).where(cases.c.id.in_(sorted(ids)))
    return {r.id: (r.number, r.description) for r in conn.execute(q)}


def _label(action: str) -> str:
    try:
        return Action(action).label_zh
    except ValueError:
        return action
