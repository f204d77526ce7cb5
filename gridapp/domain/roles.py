"""Roles, the acting user, and who may see which case (scope).

Scope is checked here, in the pure core, so that the desktop client and the
sync service apply exactly the same rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gridapp.domain.case import CaseRecord


class Role(StrEnum):
    GRID_OFFICER = "grid_officer"  # 网格员 / 监督员
    INTAKE = "intake"  # 受理员
    SHIFT_LEAD = "shift_lead"  # 值班长
    DISPATCHER = "dispatcher"  # 派遣员
    DEPARTMENT = "department"  # 专业部门
    SUPERVISOR = "supervisor"  # 督查 / 领导
    ADMIN = "admin"  # 系统管理员

    @property
    def label_zh(self) -> str:
        return ROLE_LABELS_ZH[self]

    @property
    def is_command_staff(self) -> bool:
        """Staff of a command centre (town or district)."""
        return self in COMMAND_ROLES


ROLE_LABELS_ZH: dict[Role, str] = {
    Role.GRID_OFFICER: "网格员",
    Role.INTAKE: "受理员",
    Role.SHIFT_LEAD: "值班长",
    Role.DISPATCHER: "派遣员",
    Role.DEPARTMENT: "专业部门",
    Role.SUPERVISOR: "督查员",
    Role.ADMIN: "系统管理员",
}

COMMAND_ROLES = frozenset({Role.INTAKE, Role.SHIFT_LEAD, Role.DISPATCHER})

# Roles that need a citizen's phone number to do their work: the ones who call back.
ROLES_SEEING_PHONE = frozenset({Role.INTAKE, Role.SHIFT_LEAD, Role.DISPATCHER})


@dataclass(frozen=True)
class Actor:
    """The user an action is done as, with what defines their scope.

    ``street_code`` set on command staff means a town (镇/街道) centre; unset means
    the district centre. ``grid_codes`` are a grid officer's own grids.
    """

    username: str
    role: Role
    display_name: str = ""
    street_code: str | None = None
    department_code: str | None = None
    grid_codes: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_district_staff(self) -> bool:
        return self.role.is_command_staff and self.street_code is None

    @property
    def sees_phone_numbers(self) -> bool:
        return self.role in ROLES_SEEING_PHONE


def can_see(actor: Actor, case: CaseRecord) -> bool:
    """Whether ``actor`` may see ``case`` at all (``scope_condition`` is its SQL twin)."""
    if actor.role in (Role.SUPERVISOR, Role.ADMIN):
        return True
    if actor.role is Role.GRID_OFFICER:
        return (
            case.grid_code in actor.grid_codes
            or case.reported_by == actor.username
            or case.verify_assignee == actor.username  # a 核实 task given to them
        )
    if actor.role is Role.DEPARTMENT:
        return actor.department_code is not None and actor.department_code in case.departments
    if actor.street_code is None:
        return True
    return case.street_code == actor.street_code


def mask_phone(phone: str | None) -> str | None:
    """138****1234: enough to recognise a caller, not enough to call them."""
    if not phone:
        return phone
    digits = phone.strip()
    if len(digits) <= 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]
