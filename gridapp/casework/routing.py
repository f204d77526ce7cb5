"""Which department a case should go to (the dispatcher's suggestion).

Today: the category's default department at district level, or the matching
department of the case's own town when a town centre owns the case. Routing rules
held by the central store will refine this (see issue 2/5).
"""

from __future__ import annotations

from gridapp.domain.case import CaseRecord, Tier
from gridapp.domain.catalog import Category
from gridapp.store.reference import DepartmentRecord, ReferenceData


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
    candidates = [d for d in departments_for(reference, case) if d.code != case.returned_by]
    default = reference.departments.get(category.default_department)
    if case.tier is Tier.DISTRICT:
        return default if default in candidates else (candidates[0] if candidates else None)
    if default is not None:
        for dept in candidates:
            if dept.short == default.short:
                return dept
    return candidates[0] if candidates else None
