"""Open311 GeoReport v2 wire formats: JSON and XML bodies, the error list, w3 times.

The specification's element names are used as they are (``services/service``,
``service_definition``, ``service_requests/request``, ``errors/error``); a list in JSON
is an XML parent of repeated children. Text is made safe for XML 1.0 (characters it
cannot carry become U+FFFD) so a stored text never breaks the document.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi.responses import Response

FORMATS = ("json", "xml")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
CHINA_OFFSET = "+08:00"


class Open311Error(Exception):
    """An error answered in the specification's format with its HTTP status."""

    def __init__(self, status: int, description: str, headers: dict[str, str] | None = None):
        super().__init__(description)
        self.status = status
        self.description = description
        self.headers = headers or {}


def w3(moment: datetime | None) -> str | None:
    """China wall time in the w3 subset of ISO 8601 the specification asks for."""
    if moment is None:
        return None
    return moment.replace(microsecond=0, tzinfo=None).isoformat() + CHINA_OFFSET


def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _XML_ILLEGAL.sub("\ufffd", str(value))


def _append(parent: ET.Element, name: str, value: Any, item_names: Mapping[str, str]) -> None:
    child = ET.SubElement(parent, name)
    if value is None:
        return
    if isinstance(value, Mapping):
        for key, inner in value.items():
            _append(child, key, inner, item_names)
    elif isinstance(value, Sequence) and not isinstance(value, str):
        item = item_names.get(name, "item")
        for inner in value:
            _append(child, item, inner, item_names)
    else:
        child.text = _xml_text(value)


def xml_document(root: str, item: str | None, body: Any, item_names: Mapping[str, str]) -> bytes:
    """``body`` (a list of ``item`` elements, or a mapping) under ``root``."""
    top = ET.Element(root)
    if item is not None:
        for entry in body:
            _append(top, item, entry, item_names)
    else:
        for key, value in body.items():
            _append(top, key, value, item_names)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(top, encoding="utf-8")


# Children of XML lists inside an item: attribute definitions and their values.
ITEM_NAMES = {"attributes": "attribute", "values": "value"}


def render(fmt: str, body: Any, root: str, item: str | None, status: int = 200) -> Response:
    if fmt == "xml":
        content = xml_document(root, item, body, ITEM_NAMES)
        return Response(content, status_code=status, media_type="text/xml; charset=utf-8")
    text = json.dumps(body, ensure_ascii=False, allow_nan=False)
    return Response(
        text.encode("utf-8"), status_code=status, media_type="application/json; charset=utf-8"
    )


def error_response(fmt: str, error: Open311Error) -> Response:
    body = [{"code": error.status, "description": error.description}]
    response = render(fmt if fmt in FORMATS else "json", body, "errors", "error", error.status)
    for key, value in error.headers.items():
        response.headers[key] = value
    return response
