"""The early-warning rules (预警预判) and their thresholds, as data an administrator tunes.

Defaults live here; an administrator changes them on the service (``/admin/warning-rules``)
and every laptop receives them in its reference snapshot (one meta row, like the district
limits), so a shift lead offline sees the same warnings as the centre. A stored value that
no longer parses is ignored in favour of the defaults (logged), never half applied.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gridapp.errors import ValidationError

log = logging.getLogger("gridapp.warnings")

META_KEY = "warning_rules"  # meta row: the rules as JSON (see WarningRules.as_json)
MAX_NOTE = 200
SURGE_LEVELS = ("grid", "community")


@dataclass(frozen=True, slots=True)
class WarningRules:
    """Every rule with its switch and thresholds."""

    # 高发/顽疾: the same small class in the same grid at least ``recurring_min`` times
    # within ``recurring_days`` days.
    recurring_on: bool = True
    recurring_days: int = 7
    recurring_min: int = 3
    # 激增: a grid's or community's new cases in the last 7 days at least ``surge_ratio``
    # times its weekly average over the ``surge_weeks`` weeks before, and at least
    # ``surge_min`` cases.
    surge_on: bool = True
    surge_weeks: int = 4
    surge_ratio: float = 2.0
    surge_min: int = 5
    surge_levels: tuple[str, ...] = SURGE_LEVELS
    # 超期攀升: a department whose overdue count rose on each of the last ``overdue_days``
    # days (compared at the same time of day).
    overdue_on: bool = True
    overdue_days: int = 3
    # 多次返工: an unfinished case whose 核查 failed at least ``rework_min`` times.
    rework_on: bool = True
    rework_min: int = 2
    note: str = ""
    changed_by: str = ""
    changed_at: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "recurring": {
                "enabled": self.recurring_on,
                "days": self.recurring_days,
                "min_count": self.recurring_min,
            },
            "surge": {
                "enabled": self.surge_on,
                "weeks": self.surge_weeks,
                "ratio": self.surge_ratio,
                "min_count": self.surge_min,
                "levels": list(self.surge_levels),
            },
            "overdue_rising": {"enabled": self.overdue_on, "days": self.overdue_days},
            "rework": {"enabled": self.rework_on, "min_count": self.rework_min},
            "note": self.note,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at,
        }


DEFAULT_RULES = WarningRules()

# (section, key) -> (field, type, low, high)
_FIELDS: dict[tuple[str, str], tuple[str, type, float, float]] = {
    ("recurring", "enabled"): ("recurring_on", bool, 0, 1),
    ("recurring", "days"): ("recurring_days", int, 1, 90),
    ("recurring", "min_count"): ("recurring_min", int, 2, 1000),
    ("surge", "enabled"): ("surge_on", bool, 0, 1),
    ("surge", "weeks"): ("surge_weeks", int, 1, 26),
    ("surge", "ratio"): ("surge_ratio", float, 1.0, 100.0),
    ("surge", "min_count"): ("surge_min", int, 1, 10000),
    ("overdue_rising", "enabled"): ("overdue_on", bool, 0, 1),
    ("overdue_rising", "days"): ("overdue_days", int, 2, 30),
    ("rework", "enabled"): ("rework_on", bool, 0, 1),
    ("rework", "min_count"): ("rework_min", int, 1, 20),
}
SECTIONS = ("recurring", "surge", "overdue_rising", "rework")


def _bad(message: str, field: str) -> ValidationError:
    return ValidationError("bad_warning_rules", message, field=field)


def _value(raw: Any, kind: type, low: float, high: float, where: str) -> Any:
    if kind is bool:
        if not isinstance(raw, bool):
            raise _bad(f"{where}：应为是/否", where)
        return raw
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        raise _bad(f"{where}：应为数字", where)
    if kind is int and raw != int(raw):
        raise _bad(f"{where}：应为整数", where)
    value = kind(raw)
    if not low <= value <= high:
        raise _bad(f"{where}：应在 {low:g}–{high:g} 之间", where)
    return value


def parse_rules(
    raw: Any, changed_by: str = "", changed_at: str = "", base: WarningRules = DEFAULT_RULES
) -> WarningRules:
    """Check rules strictly (known sections and keys, sane numbers, a reason); a section
    or key left out keeps ``base``'s value."""
    if not isinstance(raw, Mapping):
        raise _bad("预警规则格式错误", "rules")
    extra = set(raw) - set(SECTIONS) - {"note", "changed_by", "changed_at"}
    if extra:
        raise _bad(f"未知的预警规则：{', '.join(sorted(extra))}", "rules")
    changes: dict[str, Any] = {}
    for section in SECTIONS:
        part = raw.get(section)
        if part is None:
            continue
        if not isinstance(part, Mapping):
            raise _bad(f"{section}：格式错误", section)
        allowed = {k for s, k in _FIELDS if s == section} | (
            {"levels"} if section == "surge" else set()
        )
        if unknown := sorted(set(part) - allowed):
            raise _bad(f"{section}：未知的设置 {', '.join(unknown)}", section)
        for key, value in part.items():
            where = f"{section}.{key}"
            if key == "levels":
                if (
                    not isinstance(value, list)
                    or not value
                    or any(v not in SURGE_LEVELS for v in value)
                ):
                    raise _bad(f"{where}：应为 grid/community 中的一个或两个", where)
                changes["surge_levels"] = tuple(dict.fromkeys(value))
                continue
            name, kind, low, high = _FIELDS[(section, key)]
            changes[name] = _value(value, kind, low, high, where)
    note = raw.get("note", "")
    if not isinstance(note, str) or len(note) > MAX_NOTE:
        raise _bad(f"调整依据最多{MAX_NOTE}字", "note")
    changes.update(note=note.strip(), changed_by=changed_by, changed_at=changed_at)
    return dataclasses.replace(base, **changes)


def rules_from_json(raw: Any) -> WarningRules:
    """The stored rules, or the defaults when none are stored or they no longer parse."""
    if not raw:
        return DEFAULT_RULES
    try:
        return parse_rules(raw, str(raw.get("changed_by") or ""), str(raw.get("changed_at") or ""))
    except (ValidationError, AttributeError) as exc:
        log.warning("stored warning rules ignored: %s", exc)
        return DEFAULT_RULES
