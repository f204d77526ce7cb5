"""Which department a case should go to (the dispatcher's suggestion).

Routing rules held by the central store (small category × grid or street →
department) come first, the most specific winning; without one, the category's
default department at district level, or the matching department of the case's
own town when a town centre owns the case. Client and server use this same code.
"""

from __future__ import annotations

from gridapp.domain.case import CaseRecord, CaseState, Tier
from gridapp.domain.catalog import Category
from gridapp.store.reference import DepartmentRecord, ReferenceData, RoutingRule


def departments_for(reference: ReferenceData, case: CaseRecord) -> list[DepartmentRecord]:
    """The departments the owning centre may dispatch this case to.

    A town centre: its own town's departments. The district centre: the district
    departments, and the town departments of the case's own town.
    """
    active = [d for d in reference.departments.values() if d.active]
    own_town = [d for d in active if d.level == "town" and d.street_code == case.street_code]
    if case.tier is Tier.TOWN:
        return own_town
    return [d for d in active if d.level == "district"] + own_town


def suggest_department(
    reference: ReferenceData, category: Category, case: CaseRecord
) -> DepartmentRecord | None:
    # Never suggest where the case comes from: the department that sent it back, or,
    # for a 改派 of a case in handling, the department that has it now.
    away = {case.returned_by}
    if case.state is CaseState.DISPATCHED:
        away.add(case.department_code)
    candidates = [d for d in departments_for(reference, case) if d.code not in away]
    ruled = _by_rules(reference, category, case, candidates)
    if ruled is not None:
        return ruled
    default = reference.departments.get(category.default_department)
    if case.tier is Tier.DISTRICT:
        return default if default in candidates else (candidates[0] if candidates else None)
    if default is not None:
        for dept in candidates:
            if dept.short == default.short:
                return dept
    return candidates[0] if candidates else None


def _by_rules(
    reference: ReferenceData,
    category: Category,
    case: CaseRecord,
    candidates: list[DepartmentRecord],
) -> DepartmentRecord | None:
    """The most specific routing rule for this category and place (ties: the oldest rule)."""
    allowed = {d.code: d for d in candidates}
    best: tuple[int, int] | None = None
    chosen = None
    for rule in reference.routing_rules:
        if rule.category_code != category.code or rule.department_code not in allowed:
            continue
        level = rule.specificity(case.grid_code, case.street_code)
        if level is None:
            continue
        key = (level, -rule.id)
        if best is None or key > best:
            best, chosen = key, allowed[rule.department_code]
    return chosen


def automatic_rule(
    reference: ReferenceData, category: Category, case: CaseRecord
) -> RoutingRule | None:
    """The rule that routes this case when it is marked automatic (智能派单), else None.

    The same choice as the suggestion: only when the most specific rule for the case is
    automatic does the case go by itself, so a manual grid rule under an automatic
    street rule keeps its grid's cases for the dispatcher.
    """
    candidates = [d for d in departments_for(reference, case) if d.code != case.returned_by]
    allowed = {d.code for d in candidates}
    best: tuple[int, int] | None = None
    chosen = None
    for rule in reference.routing_rules:
        if rule.category_code != category.code or rule.department_code not in allowed:
            continue
        level = rule.specificity(case.grid_code, case.street_code)
        if level is not None and (best is None or (level, -rule.id) > best):
            best, chosen = (level, -rule.id), rule
    return chosen if chosen is not None and chosen.automatic else None
