"""Display names of core values, translatable (source English, Chinese by default)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gridapp.domain.case import CaseRecord, CaseState, Source
from gridapp.domain.roles import Role
from gridapp.domain.stages import Stage, stage_of


def state_label(state: CaseState) -> str:
    """The stored state, for filters over states (a case shows its ``stage_label``)."""
    return {
        CaseState.REPORTED: QCoreApplication.translate("labels", "Not filed yet"),
        CaseState.FILED: QCoreApplication.translate("labels", "Filed, to dispatch"),
        CaseState.DISPATCHED: QCoreApplication.translate("labels", "In handling"),
        CaseState.HANDLED: QCoreApplication.translate("labels", "Awaiting check"),
        CaseState.VERIFIED: QCoreApplication.translate("labels", "Awaiting closure"),
        CaseState.CLOSED: QCoreApplication.translate("labels", "Closed"),
        CaseState.REJECTED: QCoreApplication.translate("labels", "Not filed / void"),
        CaseState.MERGED: QCoreApplication.translate("labels", "Merged"),
        CaseState.SUSPENDED: QCoreApplication.translate("labels", "On hold (suspended)"),
    }[state]


def stage_label(stage: Stage) -> str:
    """Where a case stands in 受理 → 核实 → 立案 → 派遣 → 处置 → 核查 → 结案."""
    return {
        Stage.AWAITING_INTAKE: QCoreApplication.translate("labels", "To accept"),
        Stage.AWAITING_VERIFY_REQUEST: QCoreApplication.translate(
            "labels", "To send for verification"
        ),
        Stage.VERIFYING: QCoreApplication.translate("labels", "Being verified"),
        Stage.NOT_CONFIRMED: QCoreApplication.translate("labels", "Not confirmed on site"),
        Stage.AWAITING_FILING: QCoreApplication.translate("labels", "To file"),
        Stage.AWAITING_DISPATCH: QCoreApplication.translate("labels", "To dispatch"),
        Stage.RETURNED: QCoreApplication.translate("labels", "Returned, to reassign"),
        Stage.HANDLING: QCoreApplication.translate("labels", "In handling"),
        Stage.EXTENSION_REQUESTED: QCoreApplication.translate("labels", "Extension requested"),
        Stage.SUSPENSION_REQUESTED: QCoreApplication.translate("labels", "Suspension requested"),
        Stage.AWAITING_CHECK: QCoreApplication.translate("labels", "Awaiting check"),
        Stage.AWAITING_CLOSE: QCoreApplication.translate("labels", "Awaiting closure"),
        Stage.SUSPENDED: QCoreApplication.translate("labels", "On hold (suspended)"),
        Stage.CLOSED: QCoreApplication.translate("labels", "Closed"),
        Stage.NOT_FILED: QCoreApplication.translate("labels", "Not filed"),
        Stage.VOIDED: QCoreApplication.translate("labels", "Voided"),
        Stage.MERGED: QCoreApplication.translate("labels", "Merged"),
    }[stage]


def case_stage_label(case: CaseRecord) -> str:
    return stage_label(stage_of(case))


def role_label(role: Role) -> str:
    return {
        Role.GRID_OFFICER: QCoreApplication.translate("labels", "Grid officer"),
        Role.INTAKE: QCoreApplication.translate("labels", "Intake"),
        Role.SHIFT_LEAD: QCoreApplication.translate("labels", "Shift lead"),
        Role.DISPATCHER: QCoreApplication.translate("labels", "Dispatcher"),
        Role.DEPARTMENT: QCoreApplication.translate("labels", "Department"),
        Role.SUPERVISOR: QCoreApplication.translate("labels", "Supervisor"),
        Role.ADMIN: QCoreApplication.translate("labels", "Administrator"),
    }[role]


def source_label(source: Source) -> str:
    return {
        Source.PATROL: QCoreApplication.translate("labels", "Patrol"),
        Source.HOTLINE: QCoreApplication.translate("labels", "12345 hotline"),
        Source.PUBLIC: QCoreApplication.translate("labels", "Public"),
        Source.CAMERA: QCoreApplication.translate("labels", "Camera"),
    }[source]
