"""Laptops sync through the shipped nginx site over TLS, in front of ``gridapp serve
--workers 2`` (SQLite; PostgreSQL with GRIDAPP_TEST_PG_URL): login, push with photos,
pull, the body limit on both sides of its edge, Open311, the access log, logrotate."""

from __future__ import annotations

import hashlib
import io
import socket
import struct
import subprocess
import time
import zlib

from PIL import Image

from gridapp.store.files import MAX_PHOTO_BYTES
from gridapp.sync.client import SyncClient
from gridapp.sync.tokens import TokenStore
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, jpeg, point_of
from tests.deploy.nginx_proxy import ROOT, SERVER_NAME, SHIPPED_ACCESS_LOG, shipped_body_limit
from tests.live_server import PASSWORD


def laptop(deployment, folder, name: str, username: str) -> SyncClient:
    """A desktop client's store and sync client, talking to nginx (trusting the test CA)."""
    ws = Workspace.open_client(folder / f"{name}.db")
    client = SyncClient(
        ws,
        deployment.proxy.url,
        TokenStore(folder / f"{name}-tokens", use_keyring=False),
        transport=deployment.transport(),
    )
    client.login(username, PASSWORD)
    deployment.remember(client.transport)
    return client


def png_of_size(size: int) -> bytes:
    """A real PNG of exactly ``size`` bytes: a small image with a private chunk
    (``prVt``, ancillary: viewers skip it) after its header making up the size."""
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buf, format="PNG")
    small = buf.getvalue()
    header_end = 8 + 8 + 13 + 4  # signature, IHDR length+type, IHDR data, CRC
    filler = b"\0" * (size - len(small) - 12)
    chunk = struct.pack(">I", len(filler)) + b"prVt" + filler
    chunk += struct.pack(">I", zlib.crc32(b"prVt" + filler))
    data = small[:header_end] + chunk + small[header_end:]
    assert len(data) == size
    return data


def access_log(deployment, *awaited: str, timeout: float = 10.0) -> str:
    """Everything nginx logged for the site, rotated files included, once it holds every
    ``awaited`` line part: nginx writes a request's line after its response has gone (its
    log phase), so a client can read the log before the line is there."""
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(deployment.proxy.folder.glob("gridapp.access.log*"))
        text = "".join(f.read_text(encoding="utf-8") for f in files)
        if all(part in text for part in awaited) or time.monotonic() > deadline:
            return text
        time.sleep(0.05)


def test_laptops_sync_through_nginx_over_tls(deployment, tmp_path):
    officer = laptop(deployment, tmp_path, "officer", "wg001")
    photos = [jpeg(1, (640, 480)), jpeg(2, (640, 480))]
    case_ids = []
    for k, photo in enumerate(photos):
        x, y = point_of(officer.ws, "wg001", k)
        (case_id,) = officer.ws.report(
            source="patrol",
            category_code=GARBAGE,
            lon=x,
            lat=y,
            description=f"经 nginx 上报 #{k}",
            photos=[photo],
        ).case_ids
        case_ids.append(case_id)
    report = officer.sync()
    assert (report.accepted, report.rejected, report.waiting) == (2, 0, 0), report

    centre = laptop(deployment, tmp_path, "centre", "shouli")
    report = centre.sync()
    assert set(case_ids) <= report.case_ids, report
    for case_id, photo in zip(case_ids, photos, strict=True):
        record = centre.ws.record(case_id)
        assert record.photos == (hashlib.sha256(photo).hexdigest(),)
        assert centre.transport.download(record.photos[0]) == photo  # as a laptop views it
    centre.ws.act(case_ids[0], "accept")
    assert centre.sync().accepted == 1
    assert officer.sync().pulled >= 1
    assert officer.ws.record(case_ids[0]).accepted
    for client in (officer, centre):
        client.transport.close()
        client.ws.close()


def test_body_limit_edge_through_nginx(deployment):
    """The largest photo passes whole; a push body of exactly the limit reaches the
    service and is answered by it; one byte more is refused by nginx (413, JSON)."""
    limit = shipped_body_limit()
    t = deployment.transport("wg001")
    photo = png_of_size(MAX_PHOTO_BYTES)
    sha = hashlib.sha256(photo).hexdigest()
    status = t.upload(sha, photo, chunk=len(photo))  # one request with all 20 MiB
    assert status.present and status.size == MAX_PHOTO_BYTES

    body = b'{"events": []}'.ljust(limit, b" ")
    headers = {"Content-Type": "application/json"}
    answer = t.send("POST", "/sync/push", content=body, headers=headers)
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"] == []

    answer = t.send("POST", "/sync/push", content=body + b" ", headers=headers)
    assert answer.status_code == 413
    assert answer.json()["code"] == "payload_too_large"  # as the service says it
    error_log = deployment.proxy.error_log.read_text(encoding="utf-8")
    assert f"client intended to send too large body: {limit + 1} bytes" in error_log
    t.close()


def test_open311_and_routing(deployment):
    proxy = deployment.proxy
    with deployment.http() as http:
        answer = http.get(proxy.url + "/open311/v2/services.json")
        assert answer.status_code == 200, answer.text
        services = answer.json()
        assert services and {"service_code", "service_name"} <= set(services[0])
        assert answer.headers["strict-transport-security"] == "max-age=31536000"
        assert answer.headers["x-content-type-options"] == "nosniff"
        # An integration's key in a query string is not logged (nor, in a form, anywhere).
        answer = http.post(
            proxy.url + "/open311/v2/requests.json?api_key=QUERY-KEY-9f3a",
            data={"api_key": "FORM-KEY-77c1", "service_code": GARBAGE},
        )
        assert answer.status_code == 403
        assert http.get(proxy.url + "/api/v1/health").json()["status"] == "ok"
        assert http.get(proxy.url + "/docs").status_code == 404  # only the API is served
    answer = http_redirect(proxy.http_port)
    assert answer.startswith("HTTP/1.1 301"), answer
    assert f"Location: https://{SERVER_NAME}/api/v1/health?x=1" in answer
    context = proxy.certificate.client_context()
    context.set_alpn_protocols(["h2", "http/1.1"])
    with (
        socket.create_connection(("127.0.0.1", proxy.https_port), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname=SERVER_NAME) as tls,
    ):
        assert tls.selected_alpn_protocol() == "h2"  # listen … ssl http2 (nginx 1.22)
    log = access_log(deployment, '"POST /open311/v2/requests.json" 403')
    assert '"POST /open311/v2/requests.json" 403' in log
    assert "KEY-" not in log


def http_redirect(port: int) -> str:
    request = f"GET /api/v1/health?x=1 HTTP/1.1\r\nHost: {SERVER_NAME}\r\nConnection: close\r\n\r\n"
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(request.encode())
        return s.recv(4096).decode("latin-1")


def test_access_log_holds_no_token_nor_password(deployment):
    """Every request is logged (method, path, status) and no session token, no
    Authorization header and no password is — whichever test made them."""
    t = deployment.transport("wg002")
    assert t.pull(0, limit=1).cursor >= 0  # a query string the log must not show
    wrong = "Wrong-Password-5e1b"
    failed = t.send("POST", "/auth/login", json={"username": "wg002", "password": wrong})
    assert failed.status_code == 401
    t.close()
    expected = (
        '"POST /api/v1/auth/login" 200',
        '"GET /api/v1/sync/pull" 200',
        '"POST /api/v1/auth/login" 401',
    )
    log = access_log(deployment, *expected)
    for line in expected:
        assert line in log
    assert deployment.tokens
    for token in deployment.tokens:
        assert token not in log
    for secret in ("Bearer", "Authorization", wrong, PASSWORD, "since="):
        assert secret not in log


def test_logrotate_rotates_the_access_log(deployment, logrotate, tmp_path):
    """deploy/logrotate-gridapp with this nginx's log and pid file: the log is moved
    aside and nginx, told by its postrotate (USR1), writes a new one."""
    proxy = deployment.proxy
    with deployment.http() as http:
        assert http.get(proxy.url + "/api/v1/health").status_code == 200
    text = (ROOT / "deploy" / "logrotate-gridapp").read_text(encoding="utf-8")
    assert SHIPPED_ACCESS_LOG in text and "/run/nginx.pid" in text
    text = text.replace(SHIPPED_ACCESS_LOG, str(proxy.access_log))
    config = tmp_path / "gridapp.logrotate"
    config.write_text(text.replace("/run/nginx.pid", str(proxy.pid_file)), encoding="utf-8")
    config.chmod(0o644)  # logrotate ignores a config others may write
    result = subprocess.run(
        [logrotate, "--force", "--state", str(tmp_path / "state"), str(config)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    rotated = proxy.access_log.with_name(proxy.access_log.name + ".1")
    assert '"GET /api/v1/health" 200' in rotated.read_text(encoding="utf-8")
    deadline = time.monotonic() + 10  # the workers reopen the log a moment after USR1
    with deployment.http() as http:
        while True:
            assert http.get(proxy.url + "/open311/v2/services.xml").status_code == 200
            fresh = proxy.access_log.read_text("utf-8") if proxy.access_log.exists() else ""
            if '"GET /open311/v2/services.xml" 200' in fresh or time.monotonic() > deadline:
                break
            time.sleep(0.1)
    assert '"GET /open311/v2/services.xml" 200' in fresh
