"""Display names of core values, translatable (source English, Chinese by default)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from gridapp.domain.case import CaseState, Source
from gridapp.domain.roles import Role


def state_label(state: CaseState) -> str:
    return {
        CaseState.REPORTED: QCoreApplication.translate("labels", "Awaiting intake"),
        CaseState.FILED: QCoreApplication.translate("labels", "Filed"),
        CaseState.DISPATCHED: QCoreApplication.translate("labels", "In handling"),
        CaseState.HANDLED: QCoreApplication.translate("labels", "Awaiting check"),
        CaseState.VERIFIED: QCoreApplication.translate("labels", "Awaiting closure"),
        CaseState.CLOSED: QCoreApplication.translate("labels", "Closed"),
        CaseState.REJECTED: QCoreApplication.translate("labels", "Not filed / void"),
        CaseState.MERGED: QCoreApplication.translate("labels", "Merged"),
        CaseState.SUSPENDED: QCoreApplication.translate("labels", "Suspended"),
    }[state]


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
