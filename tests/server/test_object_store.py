"""Photos on an S3-compatible object store (GRIDAPP_FILES=s3://bucket/prefix).

The upload/status/download/resume behaviour of the service, run against real S3
endpoints: MinIO when its binary is installed (`minio server` started here), moto's
S3 server always (so this code runs on every CI). Two service instances on the same
settings stand for two hosts sharing the bucket. Each test gets its own bucket; the
database is SQLite, and PostgreSQL too when GRIDAPP_TEST_PG_URL is set.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import io
import logging
import os
import random
import shutil
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from PIL import Image

from gridapp import clock
from gridapp.errors import StorageError
from gridapp.server.main import settings_from
from gridapp.server.settings import ServerSettings
from gridapp.store.object_store import (
    LocalPhotoStore,
    S3Config,
    S3PhotoStore,
    make_client,
    open_photo_store,
    parse_s3_location,
)
from gridapp.sync.protocol import EventIn
from gridapp.sync.transport import Transport
from tests.live_server import PASSWORD, LiveServer, free_port, start_server

MINIO = shutil.which("minio")
S3_KINDS = ["moto"] + (["minio"] if MINIO else [])


@dataclass(frozen=True)
class S3Endpoint:
    kind: str  # "moto" or "minio"
    endpoint: str  # host:port
    access_key: str
    secret_key: str

    def config(self, secret_key: str | None = None) -> S3Config:
        secret = self.secret_key if secret_key is None else secret_key
        return S3Config(self.endpoint, self.access_key, secret, secure=False)

    def client(self):  # type: ignore[no-untyped-def]
        return make_client(self.config())

    def keys(self, bucket: str) -> list[str]:
        return sorted(
            o.object_name or ""
            for o in self.client().list_objects(bucket, prefix="", recursive=True)
        )


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[S3Endpoint]:
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield S3Endpoint("moto", f"127.0.0.1:{port}", "moto-access", "moto-secret-key")
    finally:
        server.stop()


@pytest.fixture(scope="session")
def minio_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Endpoint]:
    if not MINIO:
        pytest.skip("no minio binary on this machine")
    port = free_port()
    data = tmp_path_factory.mktemp("minio-data")
    access, secret = "gridapp-test", "gridapp-test-secret-" + uuid.uuid4().hex[:8]
    env = {**os.environ, "MINIO_ROOT_USER": access, "MINIO_ROOT_PASSWORD": secret}
    proc = subprocess.Popen(
        [MINIO, "server", str(data), "--address", f"127.0.0.1:{port}", "--quiet"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/minio/health/live").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("minio did not start")
            time.sleep(0.2)
        yield S3Endpoint("minio", f"127.0.0.1:{port}", access, secret)
    finally:
        proc.terminate()
        proc.wait(15)


@pytest.fixture(params=S3_KINDS)
def s3_endpoint(request: pytest.FixtureRequest) -> S3Endpoint:
    return request.getfixturevalue(f"{request.param}_endpoint")


@pytest.fixture
def bucket(s3_endpoint: S3Endpoint) -> str:
    name = "gridapp-" + uuid.uuid4().hex[:12]
    s3_endpoint.client().make_bucket(name)
    return name


def settings_on(
    base: ServerSettings, s3: S3Endpoint, bucket: str, *, secret_key: str | None = None
) -> ServerSettings:
    """``base`` with its photos in ``s3://bucket/photos`` (as a Path folds it)."""
    return dataclasses.replace(
        base,
        files_dir=Path(f"s3://{bucket}/photos"),
        s3_endpoint=s3.endpoint,
        s3_access_key=s3.access_key,
        s3_secret_key=s3.secret_key if secret_key is None else secret_key,
        s3_secure=False,
    )


@pytest.fixture
def s3_settings(central_settings: ServerSettings, s3_endpoint: S3Endpoint, bucket: str):
    return settings_on(central_settings, s3_endpoint, bucket)


# -- helpers ---------------------------------------------------------------------------


def jpeg(n: int, size: tuple[int, int] = (120, 90)) -> bytes:
    """A real JPEG of noise (tens of KB: several upload parts), different for every n."""
    w, h = size
    buf = io.BytesIO()
    Image.frombytes("RGB", (w, h), random.Random(n).randbytes(w * h * 3)).save(
        buf, format="JPEG", quality=90
    )
    return buf.getvalue()


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def final_key(sha: str) -> str:
    return f"photos/{sha[:2]}/{sha}"


def receipt_key(sha: str, username: str = "wg001") -> str:
    """The uploader's receipt left by a completed upload (object_store notes)."""
    return f"photos/.uploads/{sha}/u-{username.encode().hex()}"


def put(server: LiveServer, token: str, sha: str, body: bytes, rng: str | None = None):
    headers = {"Content-Range": rng} if rng else {}
    with server.client(token) as c:
        return c.put(f"/files/{sha}", content=body, headers=headers)


def report(server: LiveServer, username: str, sha: str) -> EventIn:
    """A REPORT event of ``username`` in their first grid, naming the photo."""
    reference = server.central.reference()
    grid = sorted(reference.users[username].grid_codes)[0]
    p = reference.grids[grid].polygon.representative_point()
    payload = {
        "source": "patrol",
        "category_code": "020102",
        "catalog": 2,
        "lon": p.x,
        "lat": p.y,
        "description": "对象存储照片",
        "photos": [sha],
    }
    return EventIn(
        id=str(uuid.uuid4()),
        case_id=str(uuid.uuid4()),
        action="report",
        at_client=clock.now(),
        payload=payload,
    )


def transport(server: LiveServer, username: str = "wg001") -> Transport:
    t = Transport(server.url, timeout=30)
    t.login(username, PASSWORD)
    return t


@pytest.fixture
def s3_server(s3_settings: ServerSettings) -> Iterator[LiveServer]:
    server = start_server(s3_settings)
    yield server
    server.stop()


@pytest.fixture
def two_hosts(s3_settings: ServerSettings) -> Iterator[tuple[LiveServer, LiveServer]]:
    """Two service instances on the same database and bucket: two hosts behind a proxy."""
    a, b = start_server(s3_settings), start_server(s3_settings)
    yield a, b
    a.stop()
    b.stop()


# -- tests -----------------------------------------------------------------------------


def test_locations_and_settings_keep_the_secret_out():
    assert parse_s3_location("s3://photos/grid/x/") == ("photos", "grid/x/")
    assert parse_s3_location(Path("s3://photos/grid")) == ("photos", "grid/")
    assert parse_s3_location("s3://photos") == ("photos", "")
    assert parse_s3_location("/var/lib/gridapp/files") is None
    assert isinstance(open_photo_store(Path("var/x")), LocalPhotoStore)
    with pytest.raises(StorageError):
        open_photo_store("s3://photos/p", S3Config("", "", ""))
    # `gridapp serve --files s3://…` makes a Path of it and exports it to the workers.
    args = argparse.Namespace(db="sqlite:///x.db", files="s3://photos/grid", schema=None)
    exported = str(settings_from(args).files_dir)
    assert parse_s3_location(Path(exported)) == ("photos", "grid/")
    settings = ServerSettings(db_url="sqlite://", s3_secret_key="TOP-SECRET-1")
    assert "TOP-SECRET-1" not in repr(settings) and "TOP-SECRET-1" not in repr(settings.s3_config())


def test_upload_status_push_download_and_reupload_through_the_bucket(
    s3_server, s3_endpoint, bucket
):
    assert isinstance(s3_server.central.files, S3PhotoStore)
    data = jpeg(1)
    sha = sha_of(data)
    t = transport(s3_server)
    try:
        assert t.file_status(sha).present is False and t.file_status(sha).offset == 0
        status = t.upload(sha, data, chunk=3000)
        assert status.present and status.size == len(data)
        # Whole and only under its name: the parts are gone, the uploader's receipt kept.
        assert s3_endpoint.keys(bucket) == [receipt_key(sha), final_key(sha)]
        assert t.file_status(sha).size == len(data)
        (result,) = t.push([report(s3_server, "wg001", sha)]).results
        assert result.status.value == "accepted", result
        assert t.download(sha) == data
        # Idempotent: the same photo again, whole or in parts, changes nothing.
        assert put(s3_server, t.token, sha, data).json()["present"] is True
        assert t.upload(sha, data, chunk=4096).present
        assert s3_endpoint.keys(bucket) == [receipt_key(sha), final_key(sha)]
    finally:
        t.close()


def test_an_upload_begun_on_one_host_is_resumed_on_the_other(two_hosts, s3_endpoint, bucket):
    a, b = two_hosts
    data = jpeg(2)
    sha, total, part = sha_of(data), len(data), 2048
    assert total > 3 * part
    t_a = transport(a)
    for start in (0, part):
        r = put(
            a,
            t_a.token,
            sha,
            data[start : start + part],
            f"bytes {start}-{start + part - 1}/{total}",
        )
        assert r.status_code == 200 and r.json()["offset"] == start + part
    # Half there: no photo under its final name on either host, only parts.
    assert not a.central.files.has(sha) and not b.central.files.has(sha)
    assert final_key(sha) not in s3_endpoint.keys(bucket)
    t_b = transport(b, "wg001")
    try:
        assert t_b.file_status(sha).offset == 2 * part  # the other host sees the parts
        assert t_b.upload(sha, data, chunk=part).present
        assert a.central.files.read(sha) == data
        assert t_a.file_status(sha).present
        assert s3_endpoint.keys(bucket) == [receipt_key(sha), final_key(sha)]
        (result,) = t_b.push([report(b, "wg001", sha)]).results
        assert result.status.value == "accepted", result
        assert t_a.download(sha) == data and t_b.download(sha) == data
    finally:
        t_a.close()
        t_b.close()


def test_a_corrupt_upload_never_appears_under_its_name(s3_server, s3_endpoint, bucket):
    data = jpeg(3)
    sha, total = sha_of(data), len(data)
    bad = bytearray(data)
    bad[-10] ^= 0xFF
    t = transport(s3_server)
    try:
        half = total // 2
        assert (
            put(
                s3_server, t.token, sha, bytes(bad[:half]), f"bytes 0-{half - 1}/{total}"
            ).status_code
            == 200
        )
        r = put(s3_server, t.token, sha, bytes(bad[half:]), f"bytes {half}-{total - 1}/{total}")
        assert r.status_code == 422 and r.json()["code"] == "sha_mismatch"
        assert s3_endpoint.keys(bucket) == []  # parts dropped, nothing under the name
        r = put(s3_server, t.token, sha, bytes(bad))
        assert r.status_code == 422 and r.json()["code"] == "sha_mismatch"
        r = put(s3_server, t.token, sha, data[100:], f"bytes 100-{total - 1}/{total}")
        assert r.status_code == 422 and r.json()["code"] == "range_gap"
        assert s3_endpoint.keys(bucket) == []
        assert t.file_status(sha).offset == 0
    finally:
        t.close()


def test_one_photo_uploaded_through_both_hosts_at_once(two_hosts, s3_endpoint, bucket):
    a, b = two_hosts
    data = jpeg(4, (160, 120))
    sha = sha_of(data)
    errors: list[str] = []
    barrier = threading.Barrier(6)

    def upload(server: LiveServer, chunk: int) -> None:
        t = transport(server)
        try:
            barrier.wait()
            assert t.upload(sha, data, chunk=chunk).present
        except Exception as exc:
            errors.append(repr(exc))
        finally:
            t.close()

    threads = [
        threading.Thread(target=upload, args=(server, chunk))
        for server in (a, b)
        for chunk in (2048, 4096, 3000)
    ]
    [th.start() for th in threads]
    [th.join(60) for th in threads]
    assert errors == []
    assert a.central.files.read(sha) == data and b.central.files.read(sha) == data
    assert final_key(sha) in s3_endpoint.keys(bucket)


def test_health_writes_and_deletes_a_probe_in_the_bucket(s3_server, s3_endpoint, bucket):
    with s3_server.client() as c:
        health = c.get("/health").json()
    assert health["status"] == "ok" and health["files_writable"] is True
    assert s3_endpoint.keys(bucket) == []
    s3_endpoint.client().remove_bucket(bucket)
    with s3_server.client() as c:
        health = c.get("/health").json()
    assert health["status"] == "degraded" and health["files_writable"] is False
    assert health["database"] is True


def test_bad_credentials_degrade_health_and_refuse_uploads_without_writing(
    central_settings, s3_endpoint, bucket, caplog
):
    secret = "WRONG-SECRET-" + uuid.uuid4().hex
    settings = settings_on(central_settings, s3_endpoint, bucket, secret_key=secret)
    if s3_endpoint.kind == "moto":
        from moto.core.authorization import enable_iam_authentication

        auth = enable_iam_authentication()  # moto checks keys only when asked to
    else:
        auth = nullcontext()
    data = jpeg(5)
    sha = sha_of(data)
    caplog.set_level(logging.DEBUG)
    server = start_server(settings)
    try:
        with auth:
            with server.client() as c:
                health = c.get("/health").json()
            assert health["status"] == "degraded"
            assert health["files_writable"] is False and health["database"] is True
            token = server.login("wg001")
            for rng in (None, f"bytes 0-99/{len(data)}"):
                body = data if rng is None else data[:100]
                r = put(server, token, sha, body, rng)
                assert r.status_code == 503, r.text
                assert r.json()["code"] == "file_store_unavailable"
                assert secret not in r.text
            with server.client(token) as c:
                r = c.get(f"/files/{sha}/status")
                assert r.status_code == 503 and r.json()["code"] == "file_store_unavailable"
                r = c.post(
                    "/sync/push",
                    json={"events": [report(server, "wg001", sha).model_dump(mode="json")]},
                )
                # The event waits (retry), it is not refused for good: the store is down.
                assert r.status_code == 200 and secret not in r.text
                (result,) = r.json()["results"]
                assert result["status"] == "retry", result
                assert result["code"] == "file_store_unavailable"
    finally:
        server.stop()
    assert s3_endpoint.keys(bucket) == []  # nothing half-written
    assert all(secret not in record.getMessage() for record in caplog.records)
