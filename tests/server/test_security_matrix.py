"""Security against a real service: the role × endpoint matrix, tokens, scope, bad bodies.

The matrix is built from the application's own routes, so a new route without a
declared policy fails here instead of shipping unchecked.
"""

from __future__ import annotations

import json
import re
import socket
import uuid
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

import httpx
import pytest
import sqlalchemy as sa
from shapely import wkt as shapely_wkt

from gridapp import clock
from gridapp.domain.actions import RULES
from gridapp.domain.catalog import load_catalog
from gridapp.domain.roles import Role
from gridapp.store.schema import audit_log
from gridapp.sync.protocol import API_PREFIX
from tests.live_server import LiveServer

USERS: dict[Role, str] = {
    Role.ADMIN: "admin",
    Role.SUPERVISOR: "ducha",
    Role.INTAKE: "shouli",
    Role.SHIFT_LEAD: "zhiban",
    Role.DISPATCHER: "paiqian",
    Role.DEPARTMENT: "bm-d02",
    Role.GRID_OFFICER: "wg001",
}
EVERYONE = frozenset(Role)
# Who may push events: every role that some case action allows (the domain's own rules).
CASE_ACTORS = frozenset().union(*(rule.roles for rule in RULES.values()))
UPLOADERS = frozenset({Role.GRID_OFFICER, Role.INTAKE, Role.DEPARTMENT})
WRITES = {"POST", "PUT", "PATCH", "DELETE"}

# Routes every deployment must have; the matrix test lists which of them are absent.
EXPECTED_ROUTES = {
    ("POST", "/auth/login"),
    ("POST", "/auth/logout"),
    ("GET", "/auth/me"),
    ("POST", "/auth/password"),
    ("POST", "/sync/push"),
    ("GET", "/sync/pull"),
    ("GET", "/reference"),
    ("PUT", "/files/{sha256}"),
    ("GET", "/files/{sha256}"),
    ("GET", "/admin/sessions"),
    ("POST", "/admin/sessions/revoke"),
    ("GET", "/admin/users"),
    ("POST", "/admin/users"),
    ("PATCH", "/admin/users/{username}"),
    ("GET", "/admin/routing-rules"),
    ("POST", "/admin/routing-rules"),
    ("DELETE", "/admin/routing-rules/{rule_id}"),
    ("PUT", "/admin/calendar/{day}"),
    ("POST", "/admin/calendar/years/{year}/confirm"),
    ("GET", "/admin/audit"),
    ("GET", "/standing"),
}
# The HTTP layer (routing, body limits, JSON parsing) does not depend on the database:
# those tests run on one backend only, to keep the suite fast.
http_only = pytest.mark.parametrize("central_settings", ["sqlite"], indirect=True)

PATH_VALUES = {
    "sha256": "0" * 64,
    "username": "wg002",
    "rule_id": "999999",
    "day": "2027-01-01",
    "year": "2027",
    "code": "D99",
    "client_id": "00000000-0000-0000-0000-000000000000",
}

CURRENT = {"catalog": load_catalog().version}  # a pull says its catalog version


def allowed_roles(method: str, path: str) -> frozenset[Role] | None:
    """The policy: which roles may call ``method path`` (None: public, no token needed)."""
    p = path.removeprefix(API_PREFIX)
    if p in ("/auth/login", "/health"):
        return None
    if p.startswith("/admin/"):
        return frozenset({Role.ADMIN})
    if p == "/sync/push":
        return CASE_ACTORS
    if p.startswith(("/auth/", "/sync/", "/files/")) and method not in WRITES:
        return EVERYONE
    if p.startswith(("/auth/", "/sync/")):
        return EVERYONE
    if p == "/reference" or p.startswith("/reference/"):
        return EVERYONE
    if p.startswith("/files/"):
        return UPLOADERS
    if p == "/standing":  # 我的考评: one's own standing, officers and departments only
        return frozenset({Role.GRID_OFFICER, Role.DEPARTMENT})
    raise AssertionError(f"no access policy declared for {method} {path}: add it to the matrix")


def api_routes(app: object) -> list[tuple[str, str]]:
    """(method, path template) of every API route, from the app's routes.

    FastAPI ≥ 0.16x keeps included routers nested; ``iter_route_contexts`` flattens
    them (older versions have flat ``app.routes``).
    """
    try:
        from fastapi.routing import iter_route_contexts

        routes: Iterable[object] = iter_route_contexts(app.routes)  # type: ignore[attr-defined]
    except ImportError:
        routes = app.routes  # type: ignore[attr-defined]
    skip = {app.openapi_url, app.docs_url, app.redoc_url}  # type: ignore[attr-defined]
    found = set()
    for route in routes:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        if not path or not methods or path in skip or not path.startswith(API_PREFIX + "/"):
            continue
        found.update((m, path) for m in methods)
    return sorted(found)


def concrete(path: str) -> str:
    def value(m: re.Match[str]) -> str:
        name = m.group(1).split(":")[0]
        assert name in PATH_VALUES, f"no test value for path parameter {name!r} in {path}"
        return PATH_VALUES[name]

    return re.sub(r"\{([^}]+)\}", value, path)


def call(client: httpx.Client, method: str, path: str) -> httpx.Response:
    url = concrete(path).removeprefix(API_PREFIX)
    if method in WRITES:
        return client.request(method, url, json={})
    return client.request(method, url)


def _forbidden_rows(server: LiveServer) -> list[tuple[str, str, str]]:
    with server.central.db.read() as conn:
        rows = conn.execute(
            sa.select(audit_log.c.username, audit_log.c.detail).where(
                audit_log.c.action == "forbidden"
            )
        ).all()
    out = []
    for r in rows:
        detail = json.loads(r.detail)
        out.append((r.username, detail["role"], detail["path"]))
    return out


# --- the matrix ------------------------------------------------------------------------


@http_only
def test_route_list_matches_the_openapi_document(live_server: LiveServer) -> None:
    """The route walk must see every operation the API documents (else the matrix lies)."""
    routes = set(api_routes(live_server.app))
    # Open311 lives outside the API prefix with its own key (tests/server/test_open311.py).
    documented = {
        (method.upper(), API_PREFIX + path if not path.startswith(API_PREFIX) else path)
        for path, ops in live_server.app.openapi()["paths"].items()
        for method in ops
        if not path.startswith("/open311/")
    }
    assert documented <= routes
    assert routes


def test_role_endpoint_matrix(live_server: LiveServer) -> None:
    app = live_server.app
    routes = api_routes(app)
    present = {(m, p.removeprefix(API_PREFIX)) for m, p in routes}
    missing = sorted(EXPECTED_ROUTES - present)
    print("routes under test:", len(routes), "missing expected routes:", missing)
    assert Role.ADMIN not in CASE_ACTORS

    tokens = {role: live_server.login(username) for role, username in USERS.items()}
    expected_refusals: Counter[tuple[str, str, str]] = Counter()
    problems = []
    for role, username in USERS.items():
        with live_server.client(tokens[role]) as client:
            for method, path in routes:
                roles = allowed_roles(method, path)
                if roles is None:
                    continue
                if path.endswith("/auth/logout"):
                    with live_server.client(live_server.login(username)) as own:
                        r = call(own, method, path)
                else:
                    r = call(client, method, path)
                where = f"{role.value} {method} {path} -> {r.status_code} {r.text[:200]}"
                if role in roles:
                    if r.status_code in (401, 403) or r.status_code >= 500:
                        problems.append("allowed but refused: " + where)
                    continue
                expected_refusals[(username, role.value, concrete(path))] += 1
                if r.status_code != 403:
                    problems.append("forbidden but not 403: " + where)
                elif method != "HEAD" and r.json().get("code") != "forbidden":
                    problems.append("403 without code forbidden: " + where)
    assert not problems, "\n".join(problems)
    assert expected_refusals, "the matrix has no forbidden combination at all"
    # every refusal audited exactly once (and nothing allowed was audited as refused)
    assert Counter(_forbidden_rows(live_server)) == expected_refusals


def test_every_protected_endpoint_wants_a_valid_token(live_server: LiveServer) -> None:
    routes = [(m, p) for m, p in api_routes(live_server.app) if allowed_roles(m, p) is not None]
    assert routes
    problems = []
    for token, code in ((None, "missing_token"), ("not-a-real-token-" + "x" * 30, "invalid_token")):
        with live_server.client(token) as client:
            for method, path in routes:
                r = call(client, method, path)
                if r.status_code != 401 or (method != "HEAD" and r.json().get("code") != code):
                    problems.append(f"{method} {path} -> {r.status_code} {r.text[:200]}")
    assert not problems, "\n".join(problems)
    assert _forbidden_rows(live_server) == []  # 401s are not permission refusals


@http_only
def test_public_endpoints_need_no_token(live_server: LiveServer) -> None:
    with live_server.client() as client:
        for method, path in api_routes(live_server.app):
            if allowed_roles(method, path) is None:
                r = call(client, method, path)
                assert r.status_code not in (401, 403) and r.status_code < 500, (path, r.text)


# --- scope: guessing a case id -------------------------------------------------------


def _point_in(server: LiveServer, grid_code: str) -> tuple[float, float]:
    grid = server.central.reference().grids[grid_code]
    point = shapely_wkt.loads(grid.wkt).representative_point()
    return point.x, point.y


def _event(case_id: str, action: str, **payload: object) -> dict:
    return {
        "id": str(uuid.uuid4()),
        "case_id": case_id,
        "action": action,
        "at_client": clock.now().replace(microsecond=0).isoformat(),
        "payload": payload,
    }


def test_a_case_outside_ones_scope_cannot_be_reached_by_guessing_its_id(
    live_server: LiveServer,
) -> None:
    ref = live_server.central.reference()
    own_grid = sorted(ref.users["wg001"].grid_codes)[0]
    lon, lat = _point_in(live_server, own_grid)
    case_id = str(uuid.uuid4())
    report = _event(
        case_id,
        "report",
        source="hotline",
        category_code=next(iter(live_server.central.catalog)).code,
        lon=lon,
        lat=lat,
        description="井盖缺失",
        address="测试路 1 号",
        reporter_phone="13812345678",
    )
    with live_server.client(live_server.login("shouli")) as c:
        r = c.post("/sync/push", json={"events": [report]})
    assert r.status_code == 200, r.text
    assert r.json()["results"][0]["status"] == "accepted", r.text

    # wg002 works in another community: the real id and a made-up one answer alike
    outsider = live_server.login("wg002")
    assert own_grid not in ref.users["wg002"].grid_codes
    answers = []
    with live_server.client(outsider) as c:
        for target in (case_id, str(uuid.uuid4())):
            r = c.post("/sync/push", json={"events": [_event(target, "check", passed=True)]})
            assert r.status_code == 200, r.text
            answers.append(r.json()["results"][0])
        pulled = c.get("/sync/pull", params=CURRENT).json()["events"]
    real, made_up = answers
    assert real["status"] == made_up["status"] == "rejected"
    assert real["code"] == made_up["code"] == "unknown_case"
    assert real["message"] == made_up["message"]
    assert real["case"] is None and made_up["case"] is None
    assert case_id not in {e["case_id"] for e in pulled}
    assert "13812345678" not in json.dumps(answers, ensure_ascii=False)

    with live_server.client(live_server.login("wg001")) as c:
        pulled = c.get("/sync/pull", params=CURRENT).json()["events"]
    assert case_id in {e["case_id"] for e in pulled}  # the owner does see it


# --- bodies ------------------------------------------------------------------------------


def _raw_request(server: LiveServer, head: str, body: bytes) -> tuple[int, bytes]:
    """Send a request by hand: headers and only the start of a body that claims more."""
    parts = urlsplit(server.url)
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
        header, _, rest = data.partition(b"\r\n\r\n")
        status = int(header.split(b" ", 2)[1])
        length = re.search(rb"(?i)content-length:\s*(\d+)", header)
        while length and len(rest) < int(length.group(1)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            rest += chunk
        return status, rest


@http_only
def test_oversized_json_is_refused_with_413(live_server: LiveServer) -> None:
    size = 30 * 1024 * 1024
    token = live_server.login("wg001")
    # by hand: a body that claims 30 MB is refused before it is read (with or without a token)
    for path, auth in (("/sync/push", f"\r\nAuthorization: Bearer {token}"), ("/auth/login", "")):
        head = (
            f"POST {API_PREFIX}{path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: application/json\r\nContent-Length: {size}{auth}"
        )
        status, body = _raw_request(live_server, head, b'{"events": [' + b" " * 65536)
        assert status == 413, body[:300]
        assert json.loads(body)["code"] == "payload_too_large"

    # through a normal client that sends all 30 MB
    body = b'{"username": "wg001", "password": "' + b"a" * size + b'"}'
    with live_server.client() as c:
        try:
            r = c.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
        except httpx.TransportError:  # the server may close while we are still sending
            return
    assert r.status_code == 413
    assert r.json()["code"] == "payload_too_large"


MALFORMED = [
    b'{"username": "wg001", "password": ',  # truncated
    b"{'username': 'wg001'}",  # not JSON quoting
    b'{"username": "wg001", "password": "demo1234",}',  # trailing comma
    b"[]",  # wrong shape
    b'"just a string"',
    b"null",
    b'{"username": 42, "password": ["x"]}',  # wrong types
    b'{"username": "wg001", "password": "demo1234", "admin": true}',  # unknown field
    b"",
]


@http_only
def test_malformed_json_is_a_422_bad_request(live_server: LiveServer) -> None:
    problems = []
    with live_server.client() as c:
        for body in MALFORMED:
            r = c.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
            if r.status_code != 422 or r.json().get("code") != "bad_request":
                problems.append(f"{body[:60]!r} -> {r.status_code} {r.text[:200]}")
    assert not problems, "\n".join(problems)


@http_only
def test_malformed_json_on_protected_endpoints(live_server: LiveServer) -> None:
    admin = live_server.login("admin")
    with live_server.client(admin) as c:
        for path in ("/admin/users", "/admin/routing-rules", "/admin/sessions/revoke"):
            r = c.post(path, content=b'{"x": ', headers={"Content-Type": "application/json"})
            assert r.status_code == 422 and r.json()["code"] == "bad_request", (path, r.text)
    with live_server.client(live_server.login("wg001")) as c:
        r = c.post(
            "/sync/push", content=b'{"events": [{', headers={"Content-Type": "application/json"}
        )
        assert r.status_code == 422 and r.json()["code"] == "bad_request", r.text
        # A malformed event inside a well-formed batch is refused alone (issue 10).
        r = c.post("/sync/push", json={"events": [{"id": "not-a-uuid"}]})
        assert r.status_code == 200, r.text
        assert [(x["id"], x["status"], x["code"]) for x in r.json()["results"]] == [
            ("", "rejected", "invalid_event")
        ]


ODD_BODIES = [
    b"[" * 100_000 + b"]" * 100_000,  # nesting deeper than the parser's recursion limit
    b'{"username": "\xff\xfe", "password": "x"}',  # not UTF-8
]


@http_only
def test_pathological_json_never_causes_a_500(live_server: LiveServer) -> None:
    with live_server.client() as c:
        for body in ODD_BODIES:
            r = c.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
            assert r.status_code < 500, r.text
            assert r.status_code in (400, 422), r.text


@http_only
def test_pathological_json_answers_bad_request_like_any_malformed_body(
    live_server: LiveServer,
) -> None:
    with live_server.client() as c:
        for body in ODD_BODIES:
            r = c.post("/auth/login", content=body, headers={"Content-Type": "application/json"})
            assert r.status_code == 422, r.text
            assert r.json()["code"] == "bad_request"
