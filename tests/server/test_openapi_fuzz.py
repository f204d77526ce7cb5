"""Schemathesis against the service's own OpenAPI document: no input makes it answer 500.

Bounded: EXAMPLES generated requests per operation, as two roles (an admin, who may
call the admin routes, and a grid officer, who may push and upload), on SQLite and
PostgreSQL (the ``live_server`` fixture). Uses the programmatic API (hypothesis
strategies per operation) against a live server.

The authenticated push and upload get hostile data on top (HOSTILE_EXAMPLES each):
schemathesis' negative mode (requests that break the schema), and its positive cases
with hostile values put in by a hypothesis strategy — for a push, arbitrary JSON
(lone surrogates, NUL and other controls, 400-digit integers, NaN, markup, nesting)
in one field of an event; for an upload, arbitrary bytes, markup and image/ZIP
polyglots under hostile ``Content-Range`` headers and hashes.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

import httpx
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode

from tests.core.helpers import GARBAGE, point_of
from tests.server.hostile import FIELDS, PAYLOAD_FIELDS, TEXT, VALUES, hostile_event
from tests.sync.helpers import event

EXAMPLES = 25
HOSTILE_EXAMPLES = 25
PUSH = "/sync/push"
UPLOAD = "/files/{sha256}"

SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)
HOSTILE_SETTINGS = settings(SETTINGS, max_examples=HOSTILE_EXAMPLES)

PNG_HEAD = b"\x89PNG\r\n\x1a\n"
BYTES = st.binary(max_size=2048) | st.sampled_from(
    [
        PNG_HEAD + b"<html><script>alert(1)</script></html>",
        b"\xff\xd8\xff\xe0" + b"PK\x03\x04" + b"\x00" * 64,  # JPEG/ZIP polyglot head
        b"<h1>\xe3\x80\x90\xe7\xb3\xbb\xe7\xbb\x9f\xe9\x80\x9a\xe7\x9f\xa5\xe3\x80\x91</h1>",
        b"",
    ]
)
HUGE = str(10**40)
CONTENT_RANGES = st.none() | st.sampled_from(
    [
        "bytes 0-0/1",
        "bytes 0--1/1",
        "bytes -5-10/20",
        f"bytes 0-{HUGE}/{HUGE}",
        f"bytes {HUGE}-{HUGE}/{HUGE}",
        "bytes 10-5/20",
        "bytes 0-99/*",
        "bytes */100",
        "items 0-1/2",
        "bytes 0-1/2, 3-4/5",
        "bytes 0-1/NaN",
        "<script>",
    ]
)
SHAS = st.sampled_from(["0" * 64, "f" * 64, "0" * 63, "0" * 65, "../../x", "%00", "A" * 64])


def _event(action: str, payload: dict[str, Any]) -> dict[str, Any]:
    return event(str(uuid.uuid4()), action, payload).model_dump(mode="json")


def _send(client: httpx.Client, method: str, path: str, **kwargs: Any) -> httpx.Response:
    return client.request(method, path, timeout=30, **kwargs)


def _fuzz(live_server, username: str) -> tuple[list[str], int]:
    live_server.central.open311_reads.per_minute = 0  # the fuzzer reaches the handlers
    schema = schemathesis.openapi.from_url(live_server.api + "/openapi.json")
    failures: list[str] = []
    calls = [0]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    def check(label: str, response: Any) -> None:
        calls[0] += 1
        if response.status_code >= 500:
            failures.append(f"{label}: {response.status_code} {response.text[:200]}")

    # A session per operation, opened before the fuzzing: the fuzzed logout ends the one
    # it is sent with, and fuzzed password changes may lock the account.
    tokens = [live_server.login(username) for _ in range(len(operations) + 1)]
    sessions = [{"Authorization": f"Bearer {token}"} for token in tokens]

    def positive(operation: Any, auth: dict[str, str]) -> None:
        @given(case=operation.as_strategy())
        @SETTINGS
        def run(case):
            login = case.path.endswith("/auth/login")
            headers = {} if login else auth
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            check(f"{case.method} {case.formatted_path}", response)

        run()

    for operation, auth in zip(operations, sessions, strict=False):
        positive(operation, auth)

    by_path = {path: op for op in operations for path in (PUSH, UPLOAD) if op.path.endswith(path)}
    lon, lat = point_of(live_server.central.reference(), "wg001")
    report = {"source": "patrol", "category_code": GARBAGE, "catalog": 2, "lon": lon, "lat": lat}
    bases = [("report", dict(report, description="暴露垃圾")), ("handle", {"note": "x"})]
    auth = sessions[-1]
    with httpx.Client(base_url=live_server.api, headers=auth) as client:
        # (The upload's documented inputs are a free string and a free header: nothing
        # to break, so its hostile data comes from the strategy below.)
        @given(case=by_path[PUSH].as_strategy(generation_mode=GenerationMode.NEGATIVE))
        @HOSTILE_SETTINGS
        def negative(case):
            response = case.call(base_url=live_server.url, headers=auth, timeout=30)
            check(f"negative {case.method} {case.formatted_path}", response)

        negative()

        @given(
            case=by_path[PUSH].as_strategy(),
            field=PAYLOAD_FIELDS | FIELDS,
            value=VALUES,
            base=st.sampled_from(bases),
            with_generated=st.booleans(),
        )
        @HOSTILE_SETTINGS
        def hostile_push(case, field, value, base, with_generated):
            # schemathesis' own events (often refused, on old code the whole batch was)
            # in half the batches
            events = case.body.get("events", []) if isinstance(case.body, dict) else []
            events = events if with_generated else []
            valid = _event("report", dict(report, description="有效事件"))
            batch = [*events[:3], hostile_event(_event(*base), field, value), valid]
            raw = json.dumps({"events": batch}, allow_nan=True).encode()
            headers = {"Content-Type": "application/json"}
            response = _send(client, "POST", PUSH, content=raw, headers=headers)
            check(f"hostile push {field}", response)

        hostile_push()

        @given(
            case=by_path[UPLOAD].as_strategy(),
            body=BYTES,
            content_range=CONTENT_RANGES,
            sha=SHAS,
            use_case_sha=st.booleans(),
        )
        @HOSTILE_SETTINGS
        def hostile_upload(case, body, content_range, sha, use_case_sha):
            if use_case_sha and isinstance(case.path_parameters.get("sha256"), str):
                sha = case.path_parameters["sha256"]
            headers = {"Content-Type": "application/octet-stream"}
            if content_range is not None:
                headers["Content-Range"] = content_range
            path = f"/files/{quote(sha, safe='') or 'x'}"
            check("hostile upload", _send(client, "PUT", path, content=body, headers=headers))
            check("hostile status", _send(client, "GET", path + "/status"))

        hostile_upload()
    _fuzz_open311(live_server, check)
    return failures, calls[0]


OPEN311_FIELDS = [
    "api_key",
    "service_code",
    "lat",
    "long",
    "address_string",
    "description",
    "first_name",
    "last_name",
    "phone",
    "email",
    "media_url",
    "attribute[subclass]",
    "jurisdiction_id",
]
OPEN311_TEXT = (
    TEXT
    | st.sampled_from(
        ["nan", "inf", "-1e400", "9" * 400, "1e-400", "", " ", "丝绸路", "javascript:alert(1)"]
    )
    | VALUES.map(lambda v: json.dumps(v, allow_nan=True, ensure_ascii=False))
)


def _form_bytes(pairs: list[tuple[str, str]]) -> bytes:
    """URL-encoded form, lone surrogates kept as the invalid bytes they would be."""
    return "&".join(
        f"{quote(k.encode('utf-8', 'surrogatepass'), safe='')}="
        f"{quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
        for k, v in pairs
    ).encode()


def _fuzz_open311(live_server, check) -> None:
    """Open311: hostile form fields on POST (with a valid key), hostile filters and ids."""
    live_server.central.open311_reads.per_minute = 0  # the read ceiling has its own test
    admin = live_server.login("admin")
    with live_server.client(admin) as c:
        streets = sorted(live_server.central.reference().streets)
        created = c.post(
            "/admin/integration-clients",
            json={
                "name": f"fuzz-{uuid.uuid4().hex[:8]}",
                "source": "public",
                "street_codes": streets,
                "rate_per_hour": 100_000,
            },
        )
        assert created.status_code == 200, created.text
        key = created.json()["api_key"]
    lon, lat = point_of(live_server.central.reference(), "wg001")
    base = {"api_key": key, "service_code": GARBAGE, "lat": str(lat), "long": str(lon)}
    root = live_server.url + "/open311/v2"
    with httpx.Client(base_url=root) as client:

        @given(
            field=st.sampled_from(OPEN311_FIELDS) | TEXT,
            value=OPEN311_TEXT,
            fmt=st.sampled_from(["json", "xml", "html", "%00"]),
            raw=st.none() | BYTES,
        )
        @HOSTILE_SETTINGS
        def hostile_post(field, value, fmt, raw):
            body = raw if raw is not None else _form_bytes([*base.items(), (field, value)])
            headers = {"Content-Type": "application/x-www-form-urlencoded"}
            response = _send(client, "POST", f"/requests.{fmt}", content=body, headers=headers)
            check(f"hostile open311 post {field!r}", response)

        hostile_post()

        @given(
            name=st.sampled_from(
                ["service_request_id", "service_code", "start_date", "end_date", "status"]
            ),
            value=OPEN311_TEXT,
            path_value=OPEN311_TEXT,
            fmt=st.sampled_from(["json", "xml"]),
        )
        @HOSTILE_SETTINGS
        def hostile_get(name, value, path_value, fmt):
            query = _form_bytes([(name, value)]).decode()
            check("hostile open311 list", _send(client, "GET", f"/requests.{fmt}?{query}"))
            one = quote(path_value.encode("utf-8", "surrogatepass"), safe="") or "x"
            check("hostile open311 one", _send(client, "GET", f"/requests/{one}.{fmt}"))
            check("hostile open311 service", _send(client, "GET", f"/services/{one}.{fmt}"))

        hostile_get()


def test_no_server_errors_as_admin(live_server):
    failures, calls = _fuzz(live_server, "admin")
    assert failures == []
    assert calls > 300  # the fuzzer really ran


def test_no_server_errors_as_grid_officer(live_server):
    failures, calls = _fuzz(live_server, "wg001")
    assert failures == []
    assert calls > 300
