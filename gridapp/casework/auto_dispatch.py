"""智能派单 and 重办: what the action site adds to a shift lead's automatic 派遣 and to a
重办 after a 不满意 回访.

The laptop that files (立案) a case matching an automatic routing rule makes the 派遣
at once, as the filer, offline; the service recomputes both from its own reference
data, so a stale laptop cannot send a case where the rules no longer send it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from gridapp.casework.deadlines import handling_deadline
from gridapp.casework.routing import automatic_rule
from gridapp.domain.case import CaseRecord
from gridapp.domain.catalog import Catalog
from gridapp.errors import DomainError
from gridapp.store.reference import ReferenceData


def mark_filing(reference: ReferenceData, catalog: Catalog, case: CaseRecord, p: dict) -> None:
    """A 立案 names the automatic rule its case matches (after any category change)."""
    code = p.get("category_code") or case.category_code
    filed = case.evolve(category_code=code)
    rule = automatic_rule(reference, catalog.get(code), filed)
    if rule is not None:
        p["auto_rule"] = rule.id


def enrich_auto_dispatch(
    reference: ReferenceData, catalog: Catalog, case: CaseRecord, p: dict[str, Any]
) -> str:
    """The department of the automatic 派遣: the rule's, still automatic and matching now.

    A department named by the laptop must be the one the rule gives here (a rule
    changed meanwhile refuses the 派遣; the case then waits for a dispatcher).
    """
    rule = automatic_rule(reference, catalog.get(case.category_code), case)
    if rule is None or rule.id != case.auto_rule:
        raise DomainError("auto_rule_changed", "自动派遣规则已变更，请由派遣员派遣")
    wanted = p.get("department_code")
    if wanted and wanted != rule.department_code:
        raise DomainError("auto_rule_changed", "自动派遣规则已变更，请由派遣员派遣")
    p["auto_rule"] = rule.id
    return rule.department_code


def enrich_reopen(
    reference: ReferenceData, catalog: Catalog, case: CaseRecord, p: dict, now: datetime
) -> None:
    """重办 goes back to the department that handled it, with a new limit from now."""
    dept = reference.departments.get(case.department_code or "")
    if dept is None or not dept.active:
        raise DomainError("department_inactive", "原处置部门已停用，不能重办")
    category = catalog.get(case.category_code)
    limit = handling_deadline(reference.calendar, category, case.urgency, now, case.subclass)
    p["department_code"] = dept.code
    p.update(limit.payload())
