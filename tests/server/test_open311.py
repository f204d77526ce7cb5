"""Open311 GeoReport v2 on a real service (uvicorn on 127.0.0.1), SQLite and PostgreSQL.

Driven by ``open311_client`` (written from the specification, importing nothing of
gridapp); the store is looked at directly only to check what the requests became.
"""

from __future__ import annotations

import re

import httpx
import pytest
from sqlalchemy import select

from gridapp.server.open311.read_limit import ReadLimit
from gridapp.store.schema import case_events, integration_clients
from tests.core.helpers import GARBAGE, point_of
from tests.server.open311_client import (
    REQUEST_FIELDS,
    SERVICE_FIELDS,
    GeoReportClient,
    Open311Error,
)

PHONE = "13912345678"
NAME_FIRST, NAME_LAST = "小明", "王"


def _admin_create(live_server, **body) -> tuple[dict, str]:
    token = live_server.login("admin")
    with live_server.client(token) as c:
        r = c.post("/admin/integration-clients", json=body)
    assert r.status_code == 200, r.text
    return r.json()["client"], r.json()["api_key"]


def _street_of(live_server, lon: float, lat: float) -> str:
    return live_server.central.reference().grid_index.locate(lon, lat).street_code


def _endpoint(live_server) -> str:
    return live_server.url + "/open311/v2"


@pytest.fixture
def setup(live_server):
    lon, lat = point_of(live_server.central.reference(), "wg001")
    street = _street_of(live_server, lon, lat)
    client, key = _admin_create(
        live_server, name="城市服务App", source="public", street_codes=[street], rate_per_hour=50
    )
    return live_server, key, (lon, lat), street, client


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_every_endpoint_in_both_formats(setup, fmt):
    live_server, key, (lon, lat), street, _ = setup
    api = GeoReportClient(_endpoint(live_server), key, fmt)
    catalog = live_server.central.local_catalog()

    # -- services: the classes offered for new reports, keyed by their national code
    services = api.services()
    codes = {s["service_code"] for s in services}
    assert codes == {c.code for c in catalog.active()}
    assert GARBAGE in codes and not codes & {c.code for c in catalog if c.retired}
    for s in services:
        assert set(SERVICE_FIELDS) <= set(s), s
        assert str(s["metadata"]).lower() in ("true", "false")
        assert s["type"] == "realtime"
    with_sub = next(s for s in services if str(s["metadata"]).lower() == "true")
    definition = api.definition(with_sub["service_code"])
    assert definition["service_code"] == with_sub["service_code"]
    (attribute,) = definition["attributes"]
    assert attribute["code"] == "subclass" and attribute["datatype"] == "singlevaluelist"
    assert {"variable", "required", "datatype_description", "order", "description"} <= set(
        attribute
    )
    subclass = attribute["values"][0]["key"]
    assert attribute["values"][0]["name"]
    plain = api.definition(GARBAGE)
    assert plain["service_code"] == GARBAGE and not plain["attributes"]

    # -- POST by lat/long, with a subclass attribute, name, phone and media
    created = api.post(
        service_code=with_sub["service_code"],
        lat=lat,
        long=lon,
        description=f"井盖不见了，请联系我 {PHONE}",
        first_name=NAME_FIRST,
        last_name=NAME_LAST,
        phone=PHONE,
        email="a@example.com",
        media_url="https://example.com/p/1.jpg",
        **{"attribute[subclass]": subclass},
    )
    (first,) = created
    assert set(first) >= {"service_request_id", "service_notice"}
    first_id = first["service_request_id"]
    # -- POST by address_string: placed in the named community
    reference = live_server.central.reference()
    community = next(c for c in reference.communities.values() if c.street_code == street)
    (second,) = api.post(
        service_code=GARBAGE, address_string=f"周村区{community.name}门口", description="垃圾堆放"
    )
    second_id = second["service_request_id"]

    # -- what the requests became: reports through the case service, source recorded
    with live_server.central.db.read() as conn:
        rows = conn.execute(select(case_events).where(case_events.c.action == "report")).all()
    by_case = {r.case_id: r for r in rows}
    assert by_case[first_id].actor == "open311:城市服务App"
    assert '"source": "public"' in by_case[first_id].payload
    record = live_server.central.service().load(second_id)
    assert record.community_code == community.code and record.reporter_phone is None
    assert live_server.central.service().load(first_id).subclass == subclass

    # -- GET one request: the fields, China time, no citizen's phone or name
    (one,) = api.request(first_id)
    assert set(REQUEST_FIELDS) <= set(one), one
    assert one["service_request_id"] == first_id and one["status"] == "open"
    assert one["service_code"] == with_sub["service_code"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", one["requested_datetime"])
    assert one["updated_datetime"] and one["agency_responsible"] and one["status_notes"]
    assert float(one["lat"]) == pytest.approx(lat) and float(one["long"]) == pytest.approx(lon)
    assert one["media_url"] == "https://example.com/p/1.jpg"
    raw = api.http.get(f"{api.endpoint}/requests/{first_id}.{fmt}").text
    assert PHONE not in raw and NAME_FIRST not in raw and "1391" not in raw

    # -- GET the list, with each filter
    listed = {r["service_request_id"] for r in api.requests()}
    assert {first_id, second_id} <= listed
    assert {r["service_request_id"] for r in api.requests(service_code=GARBAGE)} == {second_id}
    both = api.requests(service_request_id=f"{first_id},{second_id}")
    assert {r["service_request_id"] for r in both} == {first_id, second_id}
    assert api.requests(status="closed") == []
    assert len(api.requests(status="open,closed")) == 2
    assert api.requests(start_date="2199-01-01T00:00:00+08:00") == []
    assert (
        len(api.requests(start_date="2000-01-01T00:00:00Z", end_date="2199-01-01T00:00:00Z")) == 2
    )

    # -- a request closed by the centre (不予立案) shows closed
    zhiban = reference.users["zhiban"].to_actor()
    live_server.central.service().act(zhiban, second_id, "reject", {"reason": "重复"})
    (closed,) = api.request(second_id)
    assert closed["status"] == "closed"
    assert {r["service_request_id"] for r in api.requests(status="closed")} == {second_id}
    api.close()


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_errors(setup, fmt):
    live_server, key, (lon, lat), street, _ = setup
    api = GeoReportClient(_endpoint(live_server), key, fmt)

    def refused(expected: int, call, *args, **kwargs) -> str:
        with pytest.raises(Open311Error) as info:
            call(*args, **kwargs)
        assert info.value.status == expected, info.value.errors
        return info.value.errors[0]["description"]

    refused(403, api.post, api_key="not-a-key", service_code=GARBAGE, lat=lat, long=lon)
    refused(403, api.post, api_key="", service_code=GARBAGE, lat=lat, long=lon)
    assert "service_code" in refused(400, api.post, service_code="999999", lat=lat, long=lon)
    refused(400, api.post, service_code=GARBAGE, description="无位置")
    refused(400, api.post, service_code=GARBAGE, address_string="火星某处")
    refused(400, api.post, service_code=GARBAGE, lat=lat)
    refused(400, api.post, service_code=GARBAGE, lat="abc", long=lon)
    refused(400, api.post, service_code=GARBAGE, lat="nan", long="inf")
    refused(400, api.post, service_code=GARBAGE, lat=10, long=10)  # outside the district
    refused(400, api.post, service_code=GARBAGE, lat=lat, long=lon, phone="call me")
    refused(400, api.post, service_code=GARBAGE, lat=lat, long=lon, media_url="javascript:x")
    # a place in another street: not this client's scope
    other = point_of(live_server.central.reference(), "wg007")
    assert _street_of(live_server, *other) != street
    refused(403, api.post, service_code=GARBAGE, lat=other[1], long=other[0])
    refused(404, api.definition, "999999")
    refused(404, api.request, "00000000-0000-0000-0000-000000000000")
    refused(400, api.requests, start_date="yesterday")
    refused(400, api.requests, status="pending")
    # a disabled client's key stops working
    token = live_server.login("admin")
    with live_server.client(token) as c:
        cid = c.get("/admin/integration-clients").json()[0]["id"]
        assert (
            c.patch(f"/admin/integration-clients/{cid}", json={"active": False}).status_code == 200
        )
    refused(403, api.post, service_code=GARBAGE, lat=lat, long=lon)
    # an unknown format: still the specification's error list (in JSON)
    r = httpx.get(f"{_endpoint(live_server)}/services.html")
    assert r.status_code == 404 and r.json()[0]["code"] == 404
    api.close()


def test_rate_limit_and_key_storage(live_server):
    lon, lat = point_of(live_server.central.reference(), "wg001")
    street = _street_of(live_server, lon, lat)
    row, key = _admin_create(
        live_server, name="12345平台", source="hotline", street_codes=[street], rate_per_hour=2
    )
    api = GeoReportClient(_endpoint(live_server), key, "json")
    for _ in range(2):
        api.post(service_code=GARBAGE, lat=lat, long=lon, description="热线工单")
    with pytest.raises(Open311Error) as info:
        api.post(service_code=GARBAGE, lat=lat, long=lon, description="第三单")
    assert info.value.status == 429
    r = api.http.post(
        f"{api.endpoint}/requests.xml", data={"api_key": key, "service_code": GARBAGE}
    )
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
    assert b"<errors><error><code>429</code>" in r.content
    # only a hash of the key is stored; the admin list shows its first characters only
    with live_server.central.db.read() as conn:
        stored = conn.execute(select(integration_clients)).mappings().one()
    assert key not in str(dict(stored)) and stored["key_hint"] == key[:6]
    token = live_server.login("admin")
    with live_server.client(token) as c:
        listed = c.get("/admin/integration-clients").text
        assert key not in listed
        # a new key: the old one stops working, the new one is rate-limited the same
        fresh = c.post(f"/admin/integration-clients/{row['id']}/new-key").json()["api_key"]
        officer = live_server.login("wg001")
    with live_server.client(officer) as c:
        assert c.get("/admin/integration-clients").status_code == 403
    with pytest.raises(Open311Error) as info:
        GeoReportClient(_endpoint(live_server), key).post(service_code=GARBAGE, lat=lat, long=lon)
    assert info.value.status == 403
    with pytest.raises(Open311Error) as info:
        GeoReportClient(_endpoint(live_server), fresh).post(service_code=GARBAGE, lat=lat, long=lon)
    assert info.value.status == 429
    api.close()


def test_admin_refuses_bad_client_settings(live_server):
    token = live_server.login("admin")
    with live_server.client(token) as c:
        base = {"name": "x", "source": "public", "street_codes": ["370306001"], "rate_per_hour": 5}
        assert c.post("/admin/integration-clients", json=base).status_code == 200
        assert c.post("/admin/integration-clients", json=base).status_code == 409
        bad = [
            dict(base, name="y", street_codes=["999999999"]),
            dict(base, name="y", street_codes=[]),
            dict(base, name="y", source="patrol"),
            dict(base, name="y", rate_per_hour=0),
            dict(base, name="\x00"),
        ]
        for body in bad:
            r = c.post("/admin/integration-clients", json=body)
            assert r.status_code == 422, (body, r.text)
        assert c.patch("/admin/integration-clients/nope", json={"active": False}).status_code == 404


def test_public_reads_have_a_ceiling_per_address(live_server):
    """GETs need no key, so each address gets a number per minute, then a 429 in the
    specification's error format with Retry-After; another address is counted apart."""
    live_server.central.open311_reads = ReadLimit(3)
    endpoint = _endpoint(live_server)
    with httpx.Client(timeout=30) as http:
        for path in ("/services.json", "/requests.json", f"/services/{GARBAGE}.json"):
            assert http.get(endpoint + path).status_code == 200, path
        refused = http.get(endpoint + "/requests.xml")
        assert refused.status_code == 429 and 0 < int(refused.headers["Retry-After"]) <= 60
        assert b"<errors><error><code>429</code>" in refused.content
        as_json = http.get(endpoint + "/services.json")
        assert as_json.status_code == 429 and as_json.json()[0]["code"] == 429
        # Behind the trusted proxy (the host itself), the forwarded address is the client.
        other = http.get(endpoint + "/services.json", headers={"X-Forwarded-For": "10.1.2.3"})
        assert other.status_code == 200
