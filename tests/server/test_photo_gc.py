"""Uploads do not pile up: abandoned partials and photos no case names are collected.

``gridapp gc`` on the folder store (ages made by setting file times), ``collect`` on
the S3 store (moto's server; ages made by asking at a later instant, since an object's
time cannot be set), and the service's own sweep, claimed by one process at a time.
Both database backends. What must stay stays: photos a case names, photos uploaded
recently (their report may still be in a laptop's outbox), uploads being resumed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from gridapp.cli import main as cli
from gridapp.server.photo_gc import claim_sweep, collect
from gridapp.store.database import Database
from gridapp.store.object_store import owner_key
from tests.core.helpers import jpeg
from tests.live_server import LiveServer, start_server
from tests.server.test_object_store import (  # noqa: F401  (fixtures)
    bucket,
    final_key,
    minio_endpoint,
    moto_endpoint,
    s3_endpoint,
    s3_server,
    s3_settings,
)
from tests.server.test_ops_cli import db_args
from tests.server.test_upload_ownership import get, push, put, report

DAY = 86400


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def age(path: Path, days: float) -> None:
    stamp = time.time() - days * DAY
    os.utime(path, (stamp, stamp))


def upload(server: LiveServer, token: str, data: bytes) -> str:
    sha = sha_of(data)
    assert put(server, token, sha, data).json()["present"] is True
    return sha


def start_partial(server: LiveServer, token: str, data: bytes) -> str:
    sha, half = sha_of(data), len(data) // 2
    r = put(server, token, sha, data[:half], f"bytes 0-{half - 1}/{len(data)}")
    assert r.json()["offset"] == half
    return sha


class LocalFiles:
    """Where the folder store keeps each thing (gridapp/store/local_photo_store.py)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def photo(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def receipt(self, sha: str, user: str = "wg001") -> Path:
        return self.root / ".uploads" / sha / owner_key(user)

    def partial(self, sha: str, user: str = "wg001") -> list[Path]:
        base = self.root / ".partial" / owner_key(user) / sha
        return [base, base.with_suffix(".lock")]


def test_gridapp_gc_on_the_folder_store(live_server: LiveServer, capsys) -> None:
    files = LocalFiles(Path(live_server.settings.files_dir))
    token = live_server.login("wg001")
    named, unnamed_old, unnamed_new, reuploaded = (
        upload(live_server, token, jpeg(n)) for n in range(20, 24)
    )
    assert push(live_server, token, report(live_server, "wg001", [named]))["status"] == "accepted"
    abandoned = start_partial(live_server, token, jpeg(24, (120, 90)))
    resumed = start_partial(live_server, live_server.login("shouli"), jpeg(25, (120, 90)))
    for sha in (named, unnamed_old, reuploaded):
        age(files.photo(sha), 40)
    for sha in (named, unnamed_old):
        age(files.receipt(sha), 40)
    for path in files.partial(abandoned):
        age(path, 2)
    for path in files.partial(resumed, "shouli"):
        age(path, 0.5)  # half a day: its client may still come back

    assert cli(["gc", *db_args(live_server.settings)]) == 0
    out = capsys.readouterr().out

    assert files.photo(named).exists()  # a case names it, however old
    assert not files.photo(unnamed_old).exists() and not files.receipt(unnamed_old).exists()
    assert files.photo(unnamed_new).exists()  # uploaded just now: its report may follow
    assert files.photo(reuploaded).exists()  # old file, fresh upload receipt
    assert not any(p.exists() for p in files.partial(abandoned))
    assert all(p.exists() for p in files.partial(resumed, "shouli"))
    assert not files.receipt(named).exists()  # expired receipt, the photo stays
    freed = len(jpeg(21)) + len(jpeg(24, (120, 90))) // 2
    assert f"photo {unnamed_old}" in out and abandoned in out
    assert (
        "removed 1 abandoned uploads (0.0 MB), 1 photos no case names (0.0 MB), "
        "1 expired upload receipts" in out
    )
    assert f"freed {freed / 1048576:.1f} MB" in out
    # Collected means absent: the status says so, and the photo can be uploaded again.
    status = get(live_server, token, f"/files/{unnamed_old}/status").json()
    assert status["present"] is False and status["offset"] == 0
    assert upload(live_server, token, jpeg(21)) == unnamed_old
    # The case's photo is still served to whoever sees the case.
    assert get(live_server, token, f"/files/{named}").content == jpeg(20)

    assert cli(["gc", *db_args(live_server.settings)]) == 0  # nothing more to do
    assert "removed 0 abandoned uploads (0.0 MB), 0 photos" in capsys.readouterr().out


def test_collect_on_the_s3_store(s3_server: LiveServer, s3_endpoint, bucket) -> None:  # noqa: F811
    token = s3_server.login("wg001")
    named, unnamed = upload(s3_server, token, jpeg(30)), upload(s3_server, token, jpeg(31))
    assert push(s3_server, token, report(s3_server, "wg001", [named]))["status"] == "accepted"
    abandoned = start_partial(s3_server, token, jpeg(32, (120, 90)))
    central, now = s3_server.central, datetime.now(UTC)

    report_now = collect(central, now=now + timedelta(hours=1))
    assert (report_now.partials, report_now.photos, report_now.receipts) == ([], [], 0)

    after_two_days = collect(central, now=now + timedelta(days=2))
    assert [p.name for p in after_two_days.partials] == [
        f".partial/{owner_key('wg001')}/{abandoned}"
    ]
    assert after_two_days.photos == []  # both photos are within the retention
    assert central.files.partial_offset(owner_key("wg001"), abandoned) == 0

    after_forty_days = collect(central, now=now + timedelta(days=40))
    assert [p.sha256 for p in after_forty_days.photos] == [unnamed]
    assert after_forty_days.receipts == 1  # the named photo's; the other went with it
    assert s3_endpoint.keys(bucket) == [final_key(named)]
    assert get(s3_server, token, f"/files/{named}").content == jpeg(30)


def test_the_service_sweeps_by_itself(central_settings, tmp_path) -> None:
    settings = dataclasses.replace(central_settings, photo_gc_interval_s=0.3)
    files = LocalFiles(Path(settings.files_dir))
    quiet = start_server(dataclasses.replace(settings, photo_gc_interval_s=0))
    try:
        token = quiet.login("wg001")
        named, unnamed = upload(quiet, token, jpeg(40)), upload(quiet, token, jpeg(41))
        assert push(quiet, token, report(quiet, "wg001", [named]))["status"] == "accepted"
        abandoned = start_partial(quiet, token, jpeg(42, (120, 90)))
    finally:
        quiet.stop()
    for sha in (named, unnamed):
        age(files.photo(sha), 40)
        age(files.receipt(sha), 40)
    for path in files.partial(abandoned):
        age(path, 2)
    # Two service processes on the same store, each with its sweeper.
    servers = [start_server(settings), start_server(settings)]
    try:
        deadline = time.monotonic() + 20
        while files.photo(unnamed).exists() or files.partial(abandoned)[0].exists():
            assert time.monotonic() < deadline, "the service never swept"
            time.sleep(0.1)
        assert files.photo(named).exists()
    finally:
        for server in servers:
            server.stop()


def test_one_process_claims_each_sweep(central_settings) -> None:
    dbs = [Database(central_settings.db_url, schema=central_settings.db_schema) for _ in range(4)]
    try:
        now = datetime.now(UTC)
        won: list[bool] = []
        barrier = threading.Barrier(len(dbs))

        def claim(db: Database) -> None:
            barrier.wait()
            won.append(claim_sweep(db, now, 3600))

        threads = [threading.Thread(target=claim, args=(db,)) for db in dbs]
        [t.start() for t in threads]
        [t.join(30) for t in threads]
        assert sorted(won) == [False, False, False, True]
        assert not claim_sweep(dbs[0], now + timedelta(minutes=30), 3600)
        assert claim_sweep(dbs[1], now + timedelta(hours=1), 3600)
    finally:
        for db in dbs:
            db.close()


@pytest.mark.parametrize("central_settings", ["sqlite"], indirect=True)
def test_collected_photo_of_a_waiting_report_is_uploaded_again(live_server, tmp_path) -> None:
    """A report that waited past the retention: its photo was collected, the client
    uploads it again (status says absent) and the report goes through."""
    files = LocalFiles(Path(live_server.settings.files_dir))
    token = live_server.login("wg001")
    data = jpeg(50)
    sha = upload(live_server, token, data)
    age(files.photo(sha), 40)
    age(files.receipt(sha), 40)
    event = report(live_server, "wg001", [sha])
    # Older than the receipt's lifetime: the push no longer counts it, like gc will not.
    assert push(live_server, token, event)["code"] == "files_missing"
    collect(live_server.central)
    assert not files.photo(sha).exists()
    assert get(live_server, token, f"/files/{sha}/status").json()["present"] is False
    assert upload(live_server, token, data) == sha
    assert push(live_server, token, event)["status"] == "accepted"
