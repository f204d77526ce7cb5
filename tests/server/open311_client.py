"""A small Open311 GeoReport v2 client written from the specification alone.

(https://wiki.open311.org/GeoReport_v2) It imports nothing of gridapp: it knows only
the documented paths, parameters, field names, XML element names and error format, so
the tests that drive the service through it check the service against the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

import httpx

SERVICE_FIELDS = (
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
)
REQUEST_FIELDS = (
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
)


@dataclass
class Answer:
    status: int
    body: Any  # JSON value, or the parsed form of the XML document (same shape)
    content_type: str
    headers: httpx.Headers


class Open311Error(Exception):
    def __init__(self, status: int, errors: list[dict[str, Any]]):
        super().__init__(f"{status}: {errors}")
        self.status = status
        self.errors = errors


def _xml_value(el: ET.Element) -> Any:
    children = list(el)
    if not children:
        return el.text
    return {c.tag: _xml_value(c) for c in children}


def _xml_list(el: ET.Element, item: str) -> list[Any]:
    return [_xml_item(child) for child in el.findall(item)]


def _xml_item(el: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in el:
        if child.tag == "attributes":
            out["attributes"] = [_xml_attribute(a) for a in child.findall("attribute")]
        else:
            out[child.tag] = _xml_value(child) if list(child) else child.text
    return out


def _xml_attribute(el: ET.Element) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in el:
        if child.tag == "values":
            out["values"] = [
                {"key": v.findtext("key"), "name": v.findtext("name")}
                for v in child.findall("value")
            ]
        else:
            out[child.tag] = child.text
    return out


# The root and item element of each kind of XML document, as the specification names them.
XML_SHAPES = {
    "services": "service",
    "service_requests": "request",
    "errors": "error",
}


def parse_xml(data: bytes) -> Any:
    assert data.startswith(b"<?xml"), data[:60]
    root = ET.fromstring(data)
    if root.tag == "service_definition":
        return _xml_item(root)
    assert root.tag in XML_SHAPES, root.tag
    return _xml_list(root, XML_SHAPES[root.tag])


class GeoReportClient:
    def __init__(self, endpoint: str, api_key: str | None = None, fmt: str = "json") -> None:
        self.endpoint = endpoint.rstrip("/")  # e.g. http://host/open311/v2
        self.api_key = api_key
        self.fmt = fmt
        self.http = httpx.Client(timeout=30)

    def close(self) -> None:
        self.http.close()

    def _answer(self, response: httpx.Response) -> Answer:
        ctype = response.headers.get("content-type", "")
        if self.fmt == "xml":
            assert ctype.startswith("text/xml"), ctype
            body = parse_xml(response.content)
        else:
            assert ctype.startswith("application/json"), ctype
            body = response.json()
        if response.status_code >= 400:
            assert isinstance(body, list) and body, body
            for error in body:
                assert set(error) == {"code", "description"}, error
                assert int(error["code"]) == response.status_code
            raise Open311Error(response.status_code, body)
        return Answer(response.status_code, body, ctype, response.headers)

    def services(self) -> list[dict[str, Any]]:
        return self._answer(self.http.get(f"{self.endpoint}/services.{self.fmt}")).body

    def definition(self, service_code: str) -> dict[str, Any]:
        url = f"{self.endpoint}/services/{service_code}.{self.fmt}"
        return self._answer(self.http.get(url)).body

    def post(self, **fields: Any) -> list[dict[str, Any]]:
        data = {k: str(v) for k, v in fields.items() if v is not None}
        if self.api_key is not None and "api_key" not in data:
            data["api_key"] = self.api_key
        response = self.http.post(f"{self.endpoint}/requests.{self.fmt}", data=data)
        return self._answer(response).body

    def requests(self, **params: Any) -> list[dict[str, Any]]:
        query = {k: str(v) for k, v in params.items() if v is not None}
        return self._answer(
            self.http.get(f"{self.endpoint}/requests.{self.fmt}", params=query)
        ).body

    def request(self, service_request_id: str) -> list[dict[str, Any]]:
        url = f"{self.endpoint}/requests/{service_request_id}.{self.fmt}"
        return self._answer(self.http.get(url)).body
