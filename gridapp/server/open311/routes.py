"""Open311 GeoReport v2 endpoints under ``/open311/v2`` (JSON and XML).

GET endpoints are public, as the specification has them; POST needs an integration
client's ``api_key``. Parameters are read by hand (not by FastAPI's validation) so that
every refusal, whatever the input, is the specification's error list with a 4xx.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import select

from gridapp.clock import CHINA
from gridapp.domain.case import CaseState
from gridapp.server.central import Central
from gridapp.server.deps import central, client_ip
from gridapp.server.open311 import intake, views
from gridapp.server.open311.formats import FORMATS, Open311Error, error_response, render
from gridapp.store.case_rows import row_to_record
from gridapp.store.schema import cases
from gridapp.sync.wire_types import text_problem

log = logging.getLogger("gridapp.server.open311")
router = APIRouter(prefix="/open311/v2", tags=["open311"])
Store = Annotated[Central, Depends(central)]
MAX_RESULTS = 1000
DEFAULT_DAYS = 90
MAX_IDS = 200
MAX_FORM_FIELDS = 60
TERMINAL = [s.value for s in CaseState if s.is_terminal]
Text = Annotated[str | None, Query()]


def _fmt(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Open311Error(404, "format must be json or xml")
    return fmt


def _read_wait(request: Request) -> int | None:
    """Count a public read from this address; seconds to wait when over the ceiling."""
    return central(request).open311_reads.take(client_ip(request))


ReadWait = Annotated[int | None, Depends(_read_wait)]


def _answer(fmt: str, make: Any, wait: int | None = None) -> Response:
    """Run ``make`` and render it, or render its Open311 error (429 when ``wait``)."""
    try:
        if wait is not None:
            raise Open311Error(429, "rate limit exceeded", {"Retry-After": str(wait)})
        return make(_fmt(fmt))
    except Open311Error as error:
        return error_response(fmt, error)


@router.get("/services.{fmt}", summary="Open311: the service list")
def service_list(fmt: str, store: Store, wait: ReadWait, jurisdiction_id: Text = None) -> Response:
    return _answer(
        fmt,
        lambda f: render(f, views.services(store.local_catalog()), "services", "service"),
        wait,
    )


@router.get("/services/{service_code}.{fmt}", summary="Open311: a service definition")
def service_definition(
    service_code: str, fmt: str, store: Store, wait: ReadWait, jurisdiction_id: Text = None
) -> Response:
    def make(f: str) -> Response:
        category = views.offered(store.local_catalog(), service_code)
        if category is None:
            raise Open311Error(404, "service_code not found")
        return render(f, views.definition(category), "service_definition", None)

    return _answer(fmt, make, wait)


_FORM = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        name: {"type": "string"}
                        for name in (
                            "api_key",
                            "jurisdiction_id",
                            "service_code",
                            "lat",
                            "long",
                            "address_string",
                            "address_id",
                            "email",
                            "device_id",
                            "account_id",
                            "first_name",
                            "last_name",
                            "phone",
                            "description",
                            "media_url",
                            "attribute[subclass]",
                        )
                    },
                }
            }
        }
    }
}


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            encoding="utf-8",
            errors="strict",
            max_num_fields=MAX_FORM_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise Open311Error(400, "the request body is not valid form data") from None
    return dict(pairs)


@router.post("/requests.{fmt}", summary="Open311: post a service request", openapi_extra=_FORM)
async def post_request(fmt: str, request: Request, store: Store) -> Response:
    try:
        f = _fmt(fmt)
        form = await _form(request)
        created = intake.create_request(store, form)
    except Open311Error as error:
        return error_response(fmt, error)
    return render(f, [created], "service_requests", "request")


def _when(text: str | None, name: str) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip()[:40])
    except ValueError:
        raise Open311Error(400, f"{name} is not a w3 date-time") from None
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(CHINA)
        except (OverflowError, ValueError):
            raise Open311Error(400, f"{name} is out of range") from None
    return moment.replace(tzinfo=None)


def _list(text: str | None, name: str, limit: int = MAX_IDS) -> list[str] | None:
    if text is None or not text.strip():
        return None
    items = [t.strip() for t in text.split(",") if t.strip()]
    if len(items) > limit or any(len(t) > 64 or text_problem(t) for t in items):
        raise Open311Error(400, f"{name} lists too many or too long values")
    return items


def _entries(store: Central, condition: Any) -> list[dict[str, Any]]:
    c = cases.c
    query = (
        select(cases)
        .where(c.source.in_(views.PUBLIC_SOURCES), *condition)
        .order_by(c.reported_at.desc(), c.id)
        .limit(MAX_RESULTS)
    )
    catalog, reference = store.local_catalog(), store.reference()
    with store.db.read() as conn:
        records = [row_to_record(r) for r in conn.execute(query).mappings()]
        media = views.media_urls(conn, [r.id for r in records])
    return [views.request_entry(r, catalog, reference, media.get(r.id)) for r in records]


def _requests(store: Central, f: str, condition: Any) -> Response:
    return render(f, _entries(store, condition), "service_requests", "request")


@router.get("/requests.{fmt}", summary="Open311: service requests")
def request_list(
    fmt: str,
    store: Store,
    wait: ReadWait,
    service_request_id: Text = None,
    service_code: Text = None,
    start_date: Text = None,
    end_date: Text = None,
    status: Text = None,
    jurisdiction_id: Text = None,
) -> Response:
    def make(f: str) -> Response:
        c = cases.c
        ids = _list(service_request_id, "service_request_id")
        if ids is not None:  # the specification: other parameters are then ignored
            return _requests(store, f, [c.id.in_(ids)])
        condition: list[Any] = []
        codes = _list(service_code, "service_code")
        if codes is not None:
            condition.append(c.category_code.in_(codes))
        start, end = _when(start_date, "start_date"), _when(end_date, "end_date")
        if start is None and end is None:
            start = store.clock() - timedelta(days=DEFAULT_DAYS)
        if start is not None:
            condition.append(c.reported_at >= start)
        if end is not None:
            condition.append(c.reported_at <= end)
        wanted = set(_list(status, "status", 2) or ())
        if wanted - {"open", "closed"}:
            raise Open311Error(400, "status must be open, closed or both")
        if wanted == {"open"}:
            condition.append(c.state.not_in(TERMINAL))
        elif wanted == {"closed"}:
            condition.append(c.state.in_(TERMINAL))
        return _requests(store, f, condition)

    return _answer(fmt, make, wait)


@router.get("/requests/{service_request_id}.{fmt}", summary="Open311: one service request")
def request_one(
    service_request_id: str, fmt: str, store: Store, wait: ReadWait, jurisdiction_id: Text = None
) -> Response:
    def make(f: str) -> Response:
        if len(service_request_id) > 64 or text_problem(service_request_id):
            raise Open311Error(404, "service_request_id not found")
        found = _entries(store, [cases.c.id == service_request_id])
        if not found:
            raise Open311Error(404, "service_request_id not found")
        return render(f, found, "service_requests", "request")

    return _answer(fmt, make, wait)
