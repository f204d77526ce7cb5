"""POST requests: an Open311 service request becomes a report through the case service.

The integration client is the actor (``open311:<name>``, source 热线 or 公众 as the admin
set it); the report goes through the same ``CaseService.report`` and rules as a pushed
one, then the service looks for open duplicates nearby. Every field is hostile until
checked; each refusal is an Open311 error with a 4xx status.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from gridapp.casework.address_place import place_address
from gridapp.casework.duplicates import flag_duplicates_quietly
from gridapp.domain.geo import check_point
from gridapp.errors import GridappError
from gridapp.server import integration_clients
from gridapp.server.central import Central
from gridapp.server.open311.formats import Open311Error
from gridapp.server.open311.views import SUBCLASS_ATTRIBUTE, offered

log = logging.getLogger("gridapp.server.open311")
MAX_FIELD = 2000


def _field(form: Mapping[str, str], name: str) -> str:
    value = form.get(name, "")
    if len(value) > MAX_FIELD:
        raise Open311Error(400, f"{name} is too long")
    return value.strip()


def _coordinate(form: Mapping[str, str], name: str) -> float | None:
    text = _field(form, name)
    if not text:
        return None
    if len(text) > 40:
        raise Open311Error(400, f"{name} is not a valid coordinate")
    try:
        return float(text)
    except ValueError:
        raise Open311Error(400, f"{name} is not a valid coordinate") from None


def authenticate(
    central: Central, form: Mapping[str, str]
) -> integration_clients.IntegrationClient:
    """The client holding ``api_key``, its request counted; 403 / 429 otherwise."""
    with central.db.write() as conn:
        client = integration_clients.by_key(conn, form.get("api_key"))
        if client is None:
            raise Open311Error(403, "api_key is missing or not valid")
        wait = integration_clients.take_request(conn, client, central.clock())
    if wait is not None:
        raise Open311Error(429, "rate limit exceeded", {"Retry-After": str(wait)})
    return client


def create_request(central: Central, form: Mapping[str, str]) -> dict[str, Any]:
    client = authenticate(central, form)
    service = central.service()
    code = _field(form, "service_code")
    if not code:
        raise Open311Error(400, "service_code is required")
    category = offered(service.catalog, code)
    if category is None:
        raise Open311Error(400, f"service_code {code[:40]!r} not found")
    lon, lat = _coordinate(form, "long"), _coordinate(form, "lat")
    address = _field(form, "address_string")
    if (lon is None) != (lat is None):
        raise Open311Error(400, "lat and long must be given together")
    if lon is None or lat is None:
        placed = (
            place_address(service.reference, central.county_code, address, street_fallback=True)
            if address
            else None
        )
        if placed is None:
            raise Open311Error(
                400, "a location is required: lat and long, or an address_string we can place"
            )
        lon, lat = placed
    try:
        grid = service.reference.grid_index.locate_or_raise(*_finite(lon, lat))
    except GridappError:
        raise Open311Error(400, "the location is outside the area served") from None
    if grid.street_code not in client.street_codes:
        raise Open311Error(403, "this api_key may not post requests at this location")
    description = _field(form, "description") or category.name
    name = (_field(form, "last_name") + _field(form, "first_name"))[:100] or None
    subclass = _field(form, f"attribute[{SUBCLASS_ATTRIBUTE}]") or None
    try:
        with service.batch():
            changes = service.report(
                client.actor,
                source=client.source,
                category_code=category.code,
                subclass=subclass,
                lon=lon,
                lat=lat,
                description=description,
                address=address,
                reporter_name=name,
                reporter_phone=_field(form, "phone") or None,
                media_url=_field(form, "media_url") or None,
            )
            (case_id,) = changes.case_ids
            with service.reading() as conn:
                flag_duplicates_quietly(conn, case_id, central.clock())
    except GridappError as exc:
        # The code names the field; the message is ours (Chinese), never the value.
        raise Open311Error(400, f"{exc.code}: {exc.message}") from None
    log.info("open311: client %s created request %s", client.id, case_id)
    return {
        "service_request_id": case_id,
        "service_notice": "已收到，将由指挥中心核实处理",
        "account_id": None,
    }


def _finite(lon: float, lat: float) -> tuple[float, float]:
    try:
        return check_point(lon, lat)
    except GridappError:
        raise Open311Error(400, "lat/long are not valid coordinates") from None
