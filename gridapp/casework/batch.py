"""Batch actions for command staff: 受理, 立案 or 派遣 several cases in one go.

Why not one transaction: each case is its own decision. Every case goes through the
same ``Workspace.act`` a single click would use, so it gets its own event, its own
checks (role, state, scope, guards) and its own commit; a refusal for one case is
recorded with its reason and the next case is tried. A disk that fills up stops the
batch (every further write would fail the same way) and the rest are reported as
not tried.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gridapp.casework.changes import Changes
from gridapp.domain.actions import RULES, Action, allowed_actions
from gridapp.errors import DiskFullError, DomainError, GridappError, ValidationError

if TYPE_CHECKING:
    from gridapp.store.reference import DepartmentRecord
    from gridapp.workspace import Workspace

#: The actions a batch may carry: the intake and dispatch steps a centre repeats.
BATCH_ACTIONS: tuple[Action, ...] = (Action.ACCEPT, Action.FILE, Action.DISPATCH)
#: Most cases one batch may touch (a screenful of selection, not the whole district).
MAX_BATCH = 500
NOT_TRIED = "not_tried"

Progress = Callable[[int, int], None]  # (cases done so far, total)


@dataclass(frozen=True)
class BatchOutcome:
    """What happened to one case of a batch."""

    case_id: str
    number: str  # the case number as the user saw it ("" if the case is not visible)
    ok: bool
    code: str = ""  # the refusal's error code ("" when done)
    message: str = ""  # the refusal's reason, in the core's words (Chinese)
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class BatchResult:
    action: Action
    outcomes: tuple[BatchOutcome, ...]
    changes: Changes

    @property
    def done(self) -> tuple[BatchOutcome, ...]:
        return tuple(o for o in self.outcomes if o.ok)

    @property
    def refused(self) -> tuple[BatchOutcome, ...]:
        return tuple(o for o in self.outcomes if not o.ok)


class BatchActions:
    """The facade part ``ws.batch``: run one action over many cases, each on its own."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    def offered(self) -> list[Action]:
        """The batch actions the user's role may take (none outside a command centre)."""
        role = self.ws.user.role
        if not role.is_command_staff:
            return []
        # a role allowed only on some cases (the shift lead's automatic 派遣) gets no batch
        return [
            a for a in BATCH_ACTIONS if role in RULES[a].roles and role not in RULES[a].role_guards
        ]

    def check_allowed(self, action: Action | str) -> Action:
        """The action, if a batch may carry it and the user is command staff; else raise."""
        try:
            act = Action(action)
        except ValueError:
            raise ValidationError("unknown_action", f"未知操作：{action}") from None
        if act not in BATCH_ACTIONS:
            raise ValidationError(
                "not_batchable", f"「{act.label_zh}」不能批量执行", action=act.value
            )
        role = self.ws.user.role
        if not role.is_command_staff:
            raise DomainError(
                "role_not_allowed",
                f"{role.label_zh}不能批量执行「{act.label_zh}」",
                action=act.value,
                role=role.value,
            )
        return act

    def run(
        self,
        case_ids: Sequence[str],
        action: Action | str,
        payload: Mapping[str, Any] | None = None,
        *,
        progress: Progress | None = None,
    ) -> BatchResult:
        """Do ``action`` (with the same ``payload``) on every case, one event each."""
        act = self.check_allowed(action)
        ids = list(dict.fromkeys(case_ids))  # a case twice in the selection counts once
        if not ids:
            raise ValidationError("empty_batch", "请先选择案卷")
        if len(ids) > MAX_BATCH:
            raise ValidationError(
                "batch_too_large", f"一次最多批量处理 {MAX_BATCH} 件案卷", limit=MAX_BATCH
            )
        outcomes: list[BatchOutcome] = []
        changes = Changes()
        stopped: GridappError | None = None
        for done, case_id in enumerate(ids):
            number = self._number(case_id)
            if stopped is not None:
                outcomes.append(BatchOutcome(case_id, number, False, NOT_TRIED, stopped.message))
                continue
            try:
                changes = changes | self.ws.act(case_id, act, dict(payload or {}))
            except DiskFullError as exc:
                stopped = exc
                outcomes.append(BatchOutcome(case_id, number, False, exc.code, exc.message))
            except GridappError as exc:
                outcomes.append(
                    BatchOutcome(case_id, number, False, exc.code, exc.message, exc.details)
                )
            else:
                outcomes.append(BatchOutcome(case_id, self._number(case_id) or number, True))
            if progress is not None:
                progress(done + 1, len(ids))
        return BatchResult(act, tuple(outcomes), changes)

    def dispatch_options(
        self, case_ids: Sequence[str]
    ) -> tuple[DepartmentRecord | None, list[DepartmentRecord]]:
        """The departments a batch 派遣 offers: those of the first case the user may dispatch.

        Why not simply the first case: a selection may start with a case the user cannot
        dispatch (another centre's, or one not yet 立案); its departments would be wrong
        for every case that can be dispatched, and each would be refused.
        """
        for case_id in case_ids:
            try:
                record = self.ws.record(case_id)
            except GridappError:
                continue
            if Action.DISPATCH in allowed_actions(record, self.ws.user):
                return self.ws.dispatch_options(record)
        return None, []

    def _number(self, case_id: str) -> str:
        """The case's number if this user may see the case (a refusal names it)."""
        try:
            return self.ws.record(case_id).number
        except GridappError:
            return ""
