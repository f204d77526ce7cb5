"""The case record (案卷): a projection of the case's event log.

Every field here is derived from events by :func:`gridapp.domain.workflow.apply_event`;
nothing else writes it. That is what lets the log be the source of truth.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from gridapp.domain.co_handling import CoDepartment
from gridapp.domain.roles import Actor, mask_phone


class CaseState(StrEnum):
    REPORTED = "reported"  # 上报, not filed yet (stage: 受理 / 核实 / 待立案)
    FILED = "filed"  # 立案 (awaiting 派遣)
    DISPATCHED = "dispatched"  # 派遣 (with a handling department)
    HANDLED = "handled"  # 处置反馈 (awaiting 核查)
    VERIFIED = "verified"  # 核查通过 (awaiting 结案)
    CLOSED = "closed"  # 结案
    REJECTED = "rejected"  # 不予立案 / 作废
    MERGED = "merged"  # 合并到另一案卷
    SUSPENDED = "suspended"  # 挂账 / 缓办

    @property
    def label_zh(self) -> str:
        return STATE_LABELS_ZH[self]

    @property
    def is_terminal(self) -> bool:
        return self in (CaseState.CLOSED, CaseState.REJECTED, CaseState.MERGED)


STATE_LABELS_ZH: dict[CaseState, str] = {
    CaseState.REPORTED: "未立案",  # its stage says which: 待受理, 核实中, 待立案 …
    CaseState.FILED: "已立案",
    CaseState.DISPATCHED: "处置中",
    CaseState.HANDLED: "待核查",
    CaseState.VERIFIED: "待结案",
    CaseState.CLOSED: "已结案",
    CaseState.REJECTED: "不予立案/作废",
    CaseState.MERGED: "已合并",
    CaseState.SUSPENDED: "挂账",
}


class Source(StrEnum):
    PATROL = "patrol"  # 监督员巡查上报
    HOTLINE = "hotline"  # 12345 热线
    PUBLIC = "public"  # 公众举报
    CAMERA = "camera"  # 视频监控

    @property
    def label_zh(self) -> str:
        return {
            Source.PATROL: "巡查上报",
            Source.HOTLINE: "12345热线",
            Source.PUBLIC: "公众举报",
            Source.CAMERA: "视频监控",
        }[self]

    @property
    def needs_verification(self) -> bool:
        """Reports not made by an officer on site must be 核实 before 立案."""
        return self in (Source.HOTLINE, Source.PUBLIC)


class Tier(StrEnum):
    """分层分级: which command centre owns the case now."""

    TOWN = "town"
    DISTRICT = "district"


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"


@dataclass(frozen=True)
class CaseRecord:
    """One case as the projection stores it. Times are naive local (server time once synced)."""

    id: str
    number: str
    number_provisional: bool
    source: Source
    category_code: str
    urgency: Urgency
    lon: float
    lat: float
    grid_code: str
    community_code: str
    street_code: str
    address: str
    description: str
    reported_by: str
    reported_at: datetime
    tier: Tier
    state: CaseState
    town_centre: bool = False  # the case's street/town has its own command centre
    subclass: str | None = None  # 细类 (2 digits) within the small class, when it has them
    photos: tuple[str, ...] = ()
    reporter_name: str | None = None
    reporter_phone: str | None = None
    work_order: str | None = None  # 12345 工单编号 of a hotline import: one case per work order
    disposition: str | None = None  # not_filed / voided when rejected
    accepted: bool = False
    verify_assignee: str | None = None
    verify_requested_at: datetime | None = None
    verify_result: bool | None = None
    filed_at: datetime | None = None
    department_code: str | None = None
    departments: tuple[str, ...] = ()  # every department it was ever sent to
    returned_by: str | None = None  # the department that last gave it back (回退)
    dispatch_count: int = 0
    dispatched_at: datetime | None = None
    clock_start: datetime | None = None  # start of the running handling limit
    deadline_original: datetime | None = None
    deadline: datetime | None = None
    deadline_unit: str | None = None
    warn_at: datetime | None = None  # the 80% mark: yellow from here on
    pending_request: str | None = None  # extension / suspension awaiting a decision
    requested_deadline: datetime | None = None
    suspended_at: datetime | None = None
    handled_at: datetime | None = None
    handle_photos: tuple[str, ...] = ()
    rework_count: int = 0
    return_count: int = 0
    urge_count: int = 0
    supervise_count: int = 0
    # The reply deadline of the 督办 awaiting a 督办回复 (the earliest when several do);
    # None when no reply is owed (never supervised, answered, or an old 督办 without one).
    supervise_reply_due: datetime | None = None
    merged_into: str | None = None
    # 回访: calls made (reached or not), the last one, and the verdict of this closure
    # (satisfied / basic / unsatisfied; None until the citizen was reached); 重办 count.
    callback_count: int = 0
    callback_at: datetime | None = None
    satisfaction: str | None = None
    reopen_count: int = 0
    # 智能派单: the automatic routing rule matched at 立案, and whether the case is with
    # the department that rule sent it to (cleared by 改派 and 回退).
    auto_rule: int | None = None
    auto_dispatched: bool = False
    verified_at: datetime | None = None
    check_photos: tuple[str, ...] = ()
    closed_at: datetime | None = None
    updated_at: datetime | None = None
    version: int = 0  # number of events applied
    # 签收 (0009): the lead's acknowledge-by time and when it acknowledged; the 80 % mark
    # of the handling limit alone (``warn_at`` is the earlier of it and an unacknowledged
    # party's ``ack_due``: gridapp.domain.co_handling).
    ack_due: datetime | None = None
    acknowledged_at: datetime | None = None
    handling_warn_at: datetime | None = None
    co_departments: tuple[CoDepartment, ...] = ()  # 协办 departments with their own clocks

    def evolve(self, **changes: object) -> CaseRecord:
        """A copy with ``changes``: what ``dataclasses.replace`` gives, without calling
        ``__init__`` (fifty frozen-field assignments), since a fold evolves a record
        twice per event and a laptop's first pull folds hundreds of thousands."""
        if not _FIELD_NAMES.issuperset(changes):  # no set made when all are known
            unknown = changes.keys() - _FIELD_NAMES
            raise TypeError(f"CaseRecord has no field(s) {', '.join(sorted(unknown))}")
        new = object.__new__(CaseRecord)
        values = new.__dict__
        values.update(self.__dict__)
        values.update(changes)
        return new

    @classmethod
    def made(cls, **values: object) -> CaseRecord:
        """What ``CaseRecord(**values)`` makes (defaults for the fields not given),
        without ``__init__``'s fifty frozen-field assignments: a pull folds a report for
        every new case. What ``__init__`` would refuse is handed to it, to be refused."""
        if not (values.keys() >= _REQUIRED and _FIELD_NAMES.issuperset(values)):
            return cls(**values)  # type: ignore[arg-type]
        new = object.__new__(cls)
        fields_of = new.__dict__
        fields_of.update(_TEMPLATE)  # every field, in order (as __init__ sets them)
        fields_of.update(values)
        return new

    @classmethod
    def of_fields(cls, values: dict[str, object]) -> CaseRecord:
        """A record from the value of every field (a stored row read back), without
        ``__init__``'s fifty frozen-field assignments, as :meth:`evolve` does."""
        if values.keys() != _FIELD_NAMES:
            raise TypeError("CaseRecord.of_fields needs every field, and no other")
        new = object.__new__(CaseRecord)
        new.__dict__.update(values)
        return new

    def for_viewer(self, actor: Actor) -> CaseRecord:
        """The record as ``actor`` may see it: phone masked unless the role calls back."""
        if actor.sees_phone_numbers or not self.reporter_phone:
            return self
        return self.evolve(reporter_phone=mask_phone(self.reporter_phone))


CASE_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(CaseRecord))
_FIELD_NAMES = frozenset(CASE_FIELDS)
# every field's default (None for the required ones, always given to ``made``); no field
# has a default factory (tests/sync/test_apply_rows.py), whose value ``made`` would share
_TEMPLATE: dict[str, object] = {
    f.name: None if f.default is dataclasses.MISSING else f.default
    for f in dataclasses.fields(CaseRecord)
}
_REQUIRED = frozenset(
    f.name for f in dataclasses.fields(CaseRecord) if f.default is dataclasses.MISSING
)
