"""Property: no JSON a logged-in client sends makes the service answer 5xx, and a valid
event is accepted whatever else is in its batch (issue 10, item 1).

Against a live service on SQLite and PostgreSQL. Hypothesis builds arbitrary JSON
(lone surrogates, NUL and other control characters, 400-digit integers, NaN and
infinities, nesting) and puts it in one field of an event (any top-level field, any
payload key, an unknown key, or the whole event) pushed next to a valid report. A
second property sends arbitrary JSON bodies to every other operation of the OpenAPI
document. Bounded: EXAMPLES pushes and BODY_EXAMPLES bodies per operation.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.live_server import LiveServer
from tests.server.hostile import ACTIONS, FIELDS, JSON, VALUES, hostile_event
from tests.sync.helpers import event, report_event

EXAMPLES = 200
BODY_EXAMPLES = 12


def post_json(c: httpx.Client, method: str, path: str, body: Any) -> httpx.Response:
    # allow_nan: NaN and Infinity literals, which Python's own JSON reader accepts
    raw = json.dumps(body, allow_nan=True).encode()
    return c.request(method, path, content=raw, headers={"Content-Type": "application/json"})


def test_push_with_arbitrary_json_in_any_field_never_5xx_and_the_valid_event_is_accepted(
    live_server: LiveServer,
):
    token = live_server.login("wg001")
    central = live_server.central
    existing = report_event(central, "wg001", 0)  # a case the non-report events act on
    with live_server.client(token) as c:
        first = c.post("/sync/push", json={"events": [existing.model_dump(mode="json")]})
        assert first.json()["results"][0]["status"] == "accepted"
    counter = [0]
    failures: list[str] = []

    @given(
        action=st.sampled_from(ACTIONS),
        field=FIELDS,
        value=VALUES,
        hostile_first=st.booleans(),
    )
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(action: str, field: str, value: Any, hostile_first: bool) -> None:
        counter[0] += 1
        k = counter[0]
        valid = report_event(central, "wg001", k).model_dump(mode="json")
        if action == "report":
            base = report_event(central, "wg001", k + 1)
        else:
            base = event(existing.case_id, action, {"note": "巡查"})
        bad = hostile_event(base.model_dump(mode="json"), field, value)
        batch = [bad, valid] if hostile_first else [valid, bad]
        r = post_json(client, "POST", "/sync/push", {"events": batch})
        if r.status_code != 200:
            failures.append(f"{field}={value!r}: {r.status_code} {r.text[:200]}")
            return
        results = r.json()["results"]
        mine = [x for x in results if x["id"] == valid["id"]]
        if len(results) != 2 or [x["status"] for x in mine] != ["accepted"]:
            failures.append(f"{field}={value!r}: {results}")

    with live_server.client(token) as client:
        run()
    assert failures == []
    assert counter[0] >= EXAMPLES // 2


def _operations(live_server: LiveServer) -> list[tuple[str, str]]:
    """(method, path) of every operation that takes a body, but push (above) and logout."""
    with httpx.Client(timeout=30) as c:
        spec = c.get(live_server.api + "/openapi.json").json()
    ops = []
    for path, item in spec["paths"].items():
        for method in ("post", "put", "patch"):
            if method not in item or path.endswith(("/sync/push", "/auth/logout")):
                continue
            concrete = re.sub(r"\{sha256\}", "0" * 64, path)
            concrete = re.sub(r"\{[^}]+\}", "1", concrete)
            ops.append((method.upper(), concrete.removeprefix("/api/v1")))
    return ops


def test_arbitrary_json_bodies_to_every_other_endpoint_never_5xx(live_server: LiveServer):
    tokens = {who: live_server.login(who) for who in ("admin", "wg001")}
    operations = _operations(live_server)
    assert len(operations) >= 10
    failures: list[str] = []
    calls = [0]

    def fuzz(method: str, path: str, who: str) -> None:
        @given(body=JSON)
        @settings(
            max_examples=BODY_EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(body: Any) -> None:
            calls[0] += 1
            r = post_json(clients[who], method, path, body)
            if r.status_code >= 500:
                failures.append(f"{who} {method} {path} {body!r}: {r.status_code}")

        run()

    clients = {who: live_server.client(token) for who, token in tokens.items()}
    try:
        for method, path in operations:
            for who in tokens:
                fuzz(method, path, who)
    finally:
        for client in clients.values():
            client.close()
    assert failures == []
    assert calls[0] >= len(operations) * BODY_EXAMPLES
