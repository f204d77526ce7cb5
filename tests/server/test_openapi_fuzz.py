"""Schemathesis against the service's own OpenAPI document: no input makes it answer 500.

Bounded: EXAMPLES generated requests per operation, as two roles (an admin, who may
call the admin routes, and a grid officer, who may push and upload). Uses the
programmatic API (hypothesis strategies per operation) against a live server.
"""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, given, settings

EXAMPLES = 25


def _fuzz(live_server, username: str) -> tuple[list[str], int]:
    token = live_server.login(username)
    schema = schemathesis.openapi.from_url(live_server.api + "/openapi.json")
    failures: list[str] = []
    calls = [0]
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 20

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case):
            login = case.path.endswith("/auth/login")
            headers = {} if login else {"Authorization": f"Bearer {token}"}
            response = case.call(base_url=live_server.url, headers=headers, timeout=30)
            calls[0] += 1
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} "
                    f"{response.text[:200]}"
                )

        run()
    return failures, calls[0]


def test_no_server_errors_as_admin(live_server):
    failures, calls = _fuzz(live_server, "admin")
    assert failures == []
    assert calls > 200  # the fuzzer really ran


def test_no_server_errors_as_grid_officer(live_server):
    failures, calls = _fuzz(live_server, "wg001")
    assert failures == []
    assert calls > 200
