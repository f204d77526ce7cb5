"""What an early warning says: which rule, about what, the figures, and the cases behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class WarningKind(StrEnum):
    RECURRING = "recurring"  # 高发/顽疾: same small class, same grid, again and again
    SURGE = "surge"  # 激增: a grid's / community's new cases well above its average
    OVERDUE_RISING = "overdue_rising"  # 超期攀升: a department's overdue count keeps rising
    REWORK = "rework"  # 多次返工: a case whose 核查 failed again and again

    @property
    def label_zh(self) -> str:
        return KIND_LABELS_ZH[self]


KIND_LABELS_ZH = {
    WarningKind.RECURRING: "高发顽疾",
    WarningKind.SURGE: "案件激增",
    WarningKind.OVERDUE_RISING: "超期攀升",
    WarningKind.REWORK: "多次返工",
}


@dataclass(frozen=True, slots=True)
class EarlyWarning:
    """One warning. ``key`` is stable across evaluations (same rule, same subject)."""

    kind: WarningKind
    key: str
    # The subject: a grid (+ small class), a community, a department or one case.
    grid_code: str | None = None
    community_code: str | None = None
    category_code: str | None = None
    department_code: str | None = None
    count: int = 0  # the figure that tripped the rule (cases, overdue cases, reworks)
    baseline: float | None = None  # surge: weekly average before; overdue: the counts
    series: tuple[int, ...] = ()  # overdue_rising: counts oldest → now
    since: datetime | None = None
    case_ids: tuple[str, ...] = field(default_factory=tuple)
