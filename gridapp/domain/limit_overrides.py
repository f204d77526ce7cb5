"""Handling limits an administrator set for the district, over the catalog's own.

The catalog ships limits that follow a published source where one was found, and a
local default elsewhere (``limits_source`` ""). Districts differ, so an administrator
may set a class's (or one 细类's) limits. The service keeps them with the reference
data, every laptop receives them in its reference snapshot, and the catalog casework
uses is the shipped one with them applied. A dispatched case keeps the deadline its
dispatch computed: a change applies to the dispatches after it.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from gridapp.domain.catalog import Catalog, parse_limits
from gridapp.domain.catalog_types import Limits
from gridapp.domain.units import TimeUnit
from gridapp.errors import GridappError, ValidationError

log = logging.getLogger("gridapp.limits")

META_KEY = "category_limits"  # meta row: {key: override as JSON}, key "010101" or "010101/01"
MAX_STAGES = 6
MAX_NOTE = 200
# Longest sensible stage per unit: beyond these a typo (days for hours) is likelier.
MAX_AMOUNT = {
    TimeUnit.WORK_HOUR: 2000.0,
    TimeUnit.WORK_DAY: 365.0,
    TimeUnit.URGENT_HOUR: 2000.0,
    TimeUnit.URGENT_DAY: 365.0,
}
URGENCIES = ("normal", "urgent")


@dataclass(frozen=True, slots=True)
class LimitOverride:
    """One class's (or 细类's) limits as the administrator set them, and why."""

    code: str
    subclass: str | None
    limits: Limits
    time_limits: Mapping[str, Any]  # as entered (JSON), kept to show and to re-save
    note: str
    changed_by: str
    changed_at: str  # ISO time, China time

    @property
    def key(self) -> str:
        return f"{self.code}/{self.subclass}" if self.subclass else self.code

    @property
    def source(self) -> str:
        """What the catalog says about these limits instead of the shipped source."""
        return f"本地调整（{self.changed_by}，{self.changed_at[:10]}）：{self.note}"

    def as_json(self) -> dict[str, Any]:
        return {
            "time_limits": dict(self.time_limits),
            "note": self.note,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at,
        }


def parse_override(
    catalog: Catalog,
    code: str,
    subclass: str | None,
    time_limits: Any,
    note: Any,
    changed_by: str,
    changed_at: str,
) -> LimitOverride:
    """Check an override strictly: a known class (and 细类), sane stages, a reason."""
    category = catalog.get(code)
    if subclass is not None:
        category.subclass(subclass)  # unknown_subclass
    where = f"{code}/{subclass}" if subclass else code
    if not isinstance(time_limits, Mapping) or not time_limits:
        raise ValidationError("bad_limits", f"{where}：时限不能为空", field="time_limits")
    if unknown := sorted(set(time_limits) - set(URGENCIES)):
        raise ValidationError(
            "bad_limits", f"{where}：未知的紧急程度 {', '.join(unknown)}", field="time_limits"
        )
    try:
        limits = parse_limits(time_limits, where)
    except (AttributeError, TypeError, KeyError, ValueError):  # a wrong JSON shape
        raise ValidationError("bad_limits", f"{where}：时限格式错误", field="time_limits") from None
    for stages in limits.values():
        if len(stages) > MAX_STAGES:
            raise ValidationError("bad_limits", f"{where}：阶段过多（最多{MAX_STAGES}个）")
        for stage in stages:
            if stage.amount > MAX_AMOUNT[stage.unit] or not 0 < len(stage.stage) <= 16:
                raise ValidationError(
                    "bad_limits",
                    f"{where}：阶段“{stage.stage[:16]}”的时限或名称超出范围",
                    field="time_limits",
                )
    if not isinstance(note, str) or not note.strip() or len(note) > MAX_NOTE:
        raise ValidationError("bad_limits", f"请写明调整依据（1–{MAX_NOTE}字）", field="note")
    return LimitOverride(
        code, subclass, limits, dict(time_limits), note.strip(), changed_by, changed_at
    )


def overrides_from_json(raw: Any, catalog: Catalog) -> list[LimitOverride]:
    """The stored overrides that still fit the catalog (a class since removed is skipped)."""
    if not isinstance(raw, Mapping):
        return []
    out = []
    for key, value in sorted(raw.items()):
        code, _, sub = str(key).partition("/")
        try:
            if not isinstance(value, Mapping):
                raise ValidationError("bad_limits", "格式错误")
            out.append(
                parse_override(
                    catalog,
                    code,
                    sub or None,
                    value.get("time_limits"),
                    value.get("note"),
                    str(value.get("changed_by") or ""),
                    str(value.get("changed_at") or ""),
                )
            )
        except GridappError as exc:
            log.warning("limit override %s skipped: %s", key, exc.code)
    return out


def with_overrides(catalog: Catalog, overrides: Iterable[LimitOverride]) -> Catalog:
    """The catalog with the administrator's limits in place of the shipped ones."""
    categories = dict(catalog.categories)
    changed = False
    for o in overrides:
        category = categories[o.code]
        if o.subclass is None:
            category = dataclasses.replace(category, limits=o.limits, limits_source=o.source)
        else:
            subs = tuple(
                dataclasses.replace(s, limits=o.limits, limits_source=o.source)
                if s.code == o.subclass
                else s
                for s in category.subclasses
            )
            category = dataclasses.replace(category, subclasses=subs)
        categories[o.code] = category
        changed = True
    if not changed:
        return catalog
    return dataclasses.replace(catalog, categories=MappingProxyType(categories))
