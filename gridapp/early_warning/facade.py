"""The Workspace's early-warning part (``ws.warnings``): the 预警 queue, 督办, 专项整治.

Warnings are computed on demand from the store (offline too) over the cases the user may
see, with the rules the administrator set (reference data). Acting on a warning is the
ordinary 督办 action on each chosen case, each checked by the rules table on its own; a
campaign is the same 督办 carrying the campaign's name and deadline.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from gridapp.casework.changes import Changes
from gridapp.domain.actions import Action
from gridapp.domain.campaigns import check_campaign_tag
from gridapp.domain.roles import Role
from gridapp.domain.warning_rules import WarningRules, parse_rules, rules_from_json
from gridapp.early_warning.acks import (
    ACKS_KEY,
    AckState,
    WarningAck,
    check_note,
    dump_acks,
    load_acks,
)
from gridapp.early_warning.campaigns import Campaign, load_campaigns
from gridapp.early_warning.evaluate import evaluate
from gridapp.early_warning.model import EarlyWarning
from gridapp.errors import DomainError, GridappError
from gridapp.store.case_queries import scope_condition
from gridapp.store.reference import set_warning_rules

if TYPE_CHECKING:
    from gridapp.workspace import Workspace

# Who watches the 预警 queue: command staff and supervisors (scoped like their case list).
WATCHERS = frozenset({Role.SHIFT_LEAD, Role.DISPATCHER, Role.SUPERVISOR})


@dataclass(frozen=True)
class Outcome:
    """What a 督办 / campaign over several cases did: each case is checked on its own."""

    done: tuple[str, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)  # case id -> why (user text)
    campaign_id: str | None = None
    changes: Changes = field(default_factory=Changes)  # to broadcast (and sync soon)


class EarlyWarnings:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws

    @property
    def rules(self) -> WarningRules:
        """The rules in force: the administrator's, else the defaults."""
        return rules_from_json(self.ws.reference.warning_rules)

    def available(self) -> bool:
        """Whether the signed-in user has a 预警 queue."""
        return self.ws.user.role in WATCHERS

    def evaluate(
        self, now: datetime | None = None, rules: WarningRules | None = None
    ) -> list[EarlyWarning]:
        """The warnings at ``now`` (default: the program clock) within the user's scope."""
        if not self.available():
            return []
        scope = scope_condition(self.ws.user)
        with self.ws.db.read() as conn:
            return evaluate(conn, rules or self.rules, now or self.ws.clock(), scope)

    # -- acknowledging (per user, not synced: see gridapp/early_warning/acks.py) ----------

    def acks(self) -> dict[str, WarningAck]:
        """The user's acknowledgements and dismissals by warning key."""
        return load_acks(self.ws.prefs.get(ACKS_KEY, {}))

    def acknowledge(
        self, warning: EarlyWarning, note: str = "", state: AckState | str = AckState.ACKNOWLEDGED
    ) -> WarningAck:
        """Mark the warning handled for this user (a dismissal needs a note); it opens
        again when a case it did not see joins it."""
        if not self.available():
            raise DomainError("role_not_allowed", "仅指挥中心和督查人员可处理预警")
        state = AckState(state)
        ack = WarningAck(
            key=warning.key,
            state=state,
            note=check_note(state, note),
            by=self.ws.user.username,
            at=self.ws.clock(),
            case_ids=frozenset(warning.case_ids),
        )
        acks = self.acks()
        acks[ack.key] = ack
        self.ws.prefs.set(ACKS_KEY, dump_acks(acks))
        return ack

    def reopen(self, key: str) -> bool:
        """Take back an acknowledgement or dismissal; False when there was none."""
        acks = self.acks()
        if acks.pop(key, None) is None:
            return False
        self.ws.prefs.set(ACKS_KEY, dump_acks(acks))
        return True

    def ack_of(
        self, warning: EarlyWarning, acks: dict[str, WarningAck] | None = None
    ) -> WarningAck | None:
        """The acknowledgement that still covers ``warning`` (None: the warning is open)."""
        ack = (self.acks() if acks is None else acks).get(warning.key)
        return ack if ack is not None and ack.covers(warning) else None

    def open_warnings(self, warnings: list[EarlyWarning]) -> list[EarlyWarning]:
        """The warnings no acknowledgement of this user covers."""
        acks = self.acks()
        return [w for w in warnings if self.ack_of(w, acks) is None]

    def open_count(self) -> int:
        """How many warnings are open for the user now (the toolbar's count)."""
        return len(self.open_warnings(self.evaluate())) if self.available() else 0

    def campaigns(self) -> list[Campaign]:
        """专项整治 with at least one case the user may see, newest first."""
        with self.ws.db.read() as conn:
            return load_campaigns(conn, scope_condition(self.ws.user))

    def supervise(self, case_ids: Iterable[str], note: str = "") -> Outcome:
        """督办 each case; a case the rules refuse (wrong state, scope) is said, not fatal."""
        return self._each(case_ids, {"note": note} if note else {})

    def start_campaign(
        self,
        name: str,
        deadline: date,
        case_ids: Iterable[str],
        note: str = "",
        warning: EarlyWarning | None = None,
    ) -> Outcome:
        """A new 专项整治 over the cases: a 督办 carrying it on each that may be supervised."""
        tag: dict[str, Any] = {
            "id": str(uuid.uuid4()),
            "name": name,
            "deadline": deadline.isoformat(),
        }
        if warning is not None:
            tag["warning"] = warning.key
        payload: dict[str, Any] = {"campaign": check_campaign_tag(tag)}
        if note:
            payload["note"] = note
        outcome = self._each(case_ids, payload)
        camp = tag["id"] if outcome.done else None
        return Outcome(outcome.done, outcome.refused, camp, outcome.changes)

    def _each(self, case_ids: Iterable[str], payload: dict[str, Any]) -> Outcome:
        done: list[str] = []
        refused: dict[str, str] = {}
        changes = Changes()
        for case_id in dict.fromkeys(case_ids):
            try:
                changes = changes | self.ws.act(case_id, Action.SUPERVISE, dict(payload))
            except DomainError as exc:
                refused[case_id] = exc.message
                continue
            except GridappError as exc:  # e.g. a case no longer in this store
                refused[case_id] = exc.message
                continue
            done.append(case_id)
        return Outcome(tuple(done), refused, changes=changes)

    def set_rules(self, raw: dict[str, Any]) -> WarningRules:
        """An administrator's rules on this store (a standalone store; the service has
        ``/admin/warning-rules``). ``{}`` goes back to the defaults."""
        if self.ws.user.role is not Role.ADMIN:
            raise DomainError("role_not_allowed", "仅系统管理员可修改预警规则")
        at = self.ws.clock().isoformat(timespec="seconds")
        rules = parse_rules(raw, self.ws.user.username, at) if raw else None
        with self.ws.db.write() as conn:
            set_warning_rules(conn, rules.as_json() if rules else {})
        self.ws.reload_reference()
        return self.rules
