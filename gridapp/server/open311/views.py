"""What Open311 shows: services from the category catalog, requests from cases.

Services are the small classes offered for new reports (retired ones are not), keyed by
their national code; a class with 细类 has one attribute, ``subclass``, a single-value
list. Requests are the citizens' cases (hotline and public sources, whoever entered
them), never the officers' own patrol reports. A request shows no reporter name or phone,
and phone numbers written into its description or address are masked: GET is public.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from gridapp.domain.case import CaseRecord, Source, Tier
from gridapp.domain.catalog import Catalog, Category
from gridapp.log_privacy import mask_phones
from gridapp.server.open311.formats import w3
from gridapp.store.reference import ReferenceData
from gridapp.store.schema import case_events

PUBLIC_SOURCES = (Source.HOTLINE.value, Source.PUBLIC.value)
SUBCLASS_ATTRIBUTE = "subclass"


def service_entry(category: Category) -> dict[str, Any]:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.filing_condition or category.name,
        "metadata": bool(category.subclasses),
        "type": "realtime",
        "keywords": ",".join(category.keywords),
        "group": category.big_name,
    }


def services(catalog: Catalog) -> list[dict[str, Any]]:
    return [service_entry(c) for c in catalog.active()]


def offered(catalog: Catalog, code: str) -> Category | None:
    """The class with this code if new reports may use it."""
    category = catalog.categories.get(code)
    return category if category is not None and not category.retired else None


def definition(category: Category) -> dict[str, Any]:
    attributes = []
    if category.subclasses:
        attributes.append(
            {
                "variable": True,
                "code": SUBCLASS_ATTRIBUTE,
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "细类代码（可不填）",
                "order": 1,
                "description": "细类",
                "values": [{"key": s.code, "name": s.name} for s in category.subclasses],
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def _agency(case: CaseRecord, reference: ReferenceData) -> str:
    if case.department_code and case.department_code in reference.departments:
        return reference.departments[case.department_code].name
    street = reference.streets.get(case.street_code)
    if case.tier is Tier.TOWN and street is not None:
        return f"{street.name}综合指挥中心"
    return "区城市运行管理服务中心"


_NOTES = {
    "reported": "已受理，待核实立案",
    "filed": "已立案，待派遣",
    "dispatched": "处置中",
    "suspended": "挂账（暂缓处置）",
    "handled": "已处置，待核查",
    "verified": "已核查，待结案",
    "closed": "已结案",
    "rejected": "不予立案或已作废",
    "merged": "与其他诉求合并处理",
}


def request_entry(
    case: CaseRecord, catalog: Catalog, reference: ReferenceData, media_url: str | None
) -> dict[str, Any]:
    category = catalog.categories.get(case.category_code)
    updated: datetime | None = case.updated_at or case.reported_at
    return {
        "service_request_id": case.id,
        "status": "closed" if case.state.is_terminal else "open",
        "status_notes": _NOTES.get(case.state.value, ""),
        "service_name": category.name if category else "",
        "service_code": case.category_code,
        "description": mask_phones(case.description),
        "agency_responsible": _agency(case, reference),
        "service_notice": "",
        "requested_datetime": w3(case.reported_at),
        "updated_datetime": w3(updated),
        "expected_datetime": w3(case.deadline),
        "address": mask_phones(case.address),
        "address_id": None,
        "zipcode": None,
        "lat": case.lat,
        "long": case.lon,
        "media_url": media_url,
    }


def media_urls(conn: Connection, case_ids: Iterable[str]) -> dict[str, str]:
    """The ``media_url`` each case's report carried (from the event log)."""
    ids = list(case_ids)
    found: dict[str, str] = {}
    e = case_events.c
    for start in range(0, len(ids), 500):
        rows = conn.execute(
            select(e.case_id, e.payload).where(
                e.case_id.in_(ids[start : start + 500]), e.action == "report"
            )
        )
        for case_id, payload in rows:
            url = json.loads(payload).get("media_url")
            if isinstance(url, str) and url:
                found[case_id] = url
    return found
