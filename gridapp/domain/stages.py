"""Where a case stands in the workflow, as a shift lead reads it (待受理, 待立案, 待派遣 …).

The stored :class:`~gridapp.domain.case.CaseState` is coarse: one ``reported`` state
covers everything before 立案 — not yet accepted, sent out for 核实, verified and
waiting to be filed. Showing all of that as 待受理 told a shift lead that a case the
intake desk had accepted and had verified still needed accepting. A :class:`Stage`
is derived from the record (never stored), so the event log, the replay and the
stored state values stay exactly as they were; the display, the queues and the
offered actions follow 受理 → 核实 → 立案 → 派遣 → 处置 → 核查 → 结案.

``stage_of`` is the one definition; ``gridapp.store.case_queries.stage_condition``
is its SQL twin for the queues and the list (a test keeps them equal).
"""

from __future__ import annotations

from enum import StrEnum

from gridapp.domain.case import CaseRecord, CaseState


class Stage(StrEnum):
    """The next step a case waits for (or how it ended). Values are for code, not storage."""

    AWAITING_INTAKE = "awaiting_intake"  # 待受理: nobody at the centre has accepted it
    AWAITING_VERIFY_REQUEST = "to_verify"  # 待派发核实: accepted citizen report, not checked
    VERIFYING = "verifying"  # 核实中: an officer has the 核实 task
    NOT_CONFIRMED = "not_confirmed"  # 核实不属实: awaiting 不予立案 (or a second check)
    AWAITING_FILING = "awaiting_filing"  # 待立案: accepted (and verified where needed)
    AWAITING_DISPATCH = "awaiting_dispatch"  # 待派遣
    RETURNED = "returned"  # 回退待改派: a department gave it back
    HANDLING = "handling"  # 处置中: with a department, clock running
    EXTENSION_REQUESTED = "extension_requested"  # 延期待审批
    SUSPENSION_REQUESTED = "suspension_requested"  # 挂账待审批
    AWAITING_CHECK = "awaiting_check"  # 待核查: handled, an officer checks on site
    AWAITING_CLOSE = "awaiting_close"  # 待结案: check passed
    SUSPENDED = "suspended"  # 挂账中
    CLOSED = "closed"  # 已结案
    NOT_FILED = "not_filed"  # 不予立案
    VOIDED = "voided"  # 已作废
    MERGED = "merged"  # 已合并

    @property
    def label_zh(self) -> str:
        return STAGE_LABELS_ZH[self]

    @property
    def state(self) -> CaseState:
        """The stored state every case at this stage has."""
        return STAGE_STATE[self]


STAGE_LABELS_ZH: dict[Stage, str] = {
    Stage.AWAITING_INTAKE: "待受理",
    Stage.AWAITING_VERIFY_REQUEST: "待派发核实",
    Stage.VERIFYING: "核实中",
    Stage.NOT_CONFIRMED: "核实不属实",
    Stage.AWAITING_FILING: "待立案",
    Stage.AWAITING_DISPATCH: "待派遣",
    Stage.RETURNED: "回退待改派",
    Stage.HANDLING: "处置中",
    Stage.EXTENSION_REQUESTED: "延期待审批",
    Stage.SUSPENSION_REQUESTED: "挂账待审批",
    Stage.AWAITING_CHECK: "待核查",
    Stage.AWAITING_CLOSE: "待结案",
    Stage.SUSPENDED: "挂账中",
    Stage.CLOSED: "已结案",
    Stage.NOT_FILED: "不予立案",
    Stage.VOIDED: "已作废",
    Stage.MERGED: "已合并",
}

S = CaseState
STAGE_STATE: dict[Stage, CaseState] = {
    Stage.AWAITING_INTAKE: S.REPORTED,
    Stage.AWAITING_VERIFY_REQUEST: S.REPORTED,
    Stage.VERIFYING: S.REPORTED,
    Stage.NOT_CONFIRMED: S.REPORTED,
    Stage.AWAITING_FILING: S.REPORTED,
    Stage.AWAITING_DISPATCH: S.FILED,
    Stage.RETURNED: S.FILED,
    Stage.HANDLING: S.DISPATCHED,
    Stage.EXTENSION_REQUESTED: S.DISPATCHED,
    Stage.SUSPENSION_REQUESTED: S.DISPATCHED,
    Stage.AWAITING_CHECK: S.HANDLED,
    Stage.AWAITING_CLOSE: S.VERIFIED,
    Stage.SUSPENDED: S.SUSPENDED,
    Stage.CLOSED: S.CLOSED,
    Stage.NOT_FILED: S.REJECTED,
    Stage.VOIDED: S.REJECTED,
    Stage.MERGED: S.MERGED,
}

# The stages in workflow order (filters and legends list them so).
STAGE_ORDER: tuple[Stage, ...] = tuple(Stage)


def verify_open(case: CaseRecord) -> bool:
    """A 核实 task was given out and not answered yet."""
    return case.verify_assignee is not None and case.verify_result is None


def stage_of(case: CaseRecord) -> Stage:
    """The stage of ``case``: what it waits for next (the SQL twin must agree)."""
    match case.state:
        case S.REPORTED:
            return _before_filing(case)
        case S.FILED:
            return Stage.RETURNED if case.returned_by else Stage.AWAITING_DISPATCH
        case S.DISPATCHED:
            if case.pending_request == "extension":
                return Stage.EXTENSION_REQUESTED
            if case.pending_request == "suspension":
                return Stage.SUSPENSION_REQUESTED
            return Stage.HANDLING
        case S.REJECTED:
            return Stage.VOIDED if case.disposition == "voided" else Stage.NOT_FILED
    return {
        S.HANDLED: Stage.AWAITING_CHECK,
        S.VERIFIED: Stage.AWAITING_CLOSE,
        S.SUSPENDED: Stage.SUSPENDED,
        S.CLOSED: Stage.CLOSED,
        S.MERGED: Stage.MERGED,
    }[case.state]


def _before_filing(case: CaseRecord) -> Stage:
    """受理 and 核实, in the order the centre works them.

    A 核实 under way comes first (whoever acts next, it is the officer); a 不属实
    answer next (the centre decides 不予立案 or a second check); then 受理; an
    accepted citizen report (热线/公众) still needs its 核实 before it can be filed.
    """
    if verify_open(case):
        return Stage.VERIFYING
    if case.verify_result is False:
        return Stage.NOT_CONFIRMED
    if not case.accepted:
        return Stage.AWAITING_INTAKE
    if case.source.needs_verification and case.verify_result is not True:
        return Stage.AWAITING_VERIFY_REQUEST
    return Stage.AWAITING_FILING
