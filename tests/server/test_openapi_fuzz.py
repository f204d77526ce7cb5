"""Schemathesis against the service's own OpenAPI document: no input makes it answer 500.

Bounded: a few dozen generated requests per operation, as two roles (an admin,
who may call the admin routes, and a grid officer, who may push and upload).
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.live_server import PASSWORD

EXAMPLES = 30


@pytest.fixture
def api_schema(live_server):
    return schemathesis.openapi.from_url(live_server.api + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.parametrize("username", ["admin", "wg001"])
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_errors(case, live_server, username):
    if case.path.endswith("/auth/login"):
        # keep the fuzzer from locking the account the other requests use
        headers = {}
    else:
        headers = {"Authorization": f"Bearer {_token(live_server, username)}"}
    response = case.call(base_url=live_server.url, headers=headers)
    assert response.status_code < 500, (response.status_code, response.text[:300])


_TOKENS: dict[tuple[str, str], str] = {}


def _token(live_server, username: str) -> str:
    key = (live_server.url, username)
    if key not in _TOKENS:
        _TOKENS[key] = live_server.login(username, PASSWORD)
    return _TOKENS[key]
