"""A full disk loses nothing: on a laptop saving a case with photos, and on the service.

Each test runs the store on a small tmpfs of its own (``tests/fs_helpers.small_disk``)
and fills it for real, so the kernel answers ENOSPC and SQLite "database or disk is
full" exactly as on a full laptop or server disk. Two places can run out: the photo
copy (the photos do not fit) and the SQLite commit (the photos fit, the WAL cannot
grow). Either way the save fails with ``disk_full`` naming the folder, nothing is
half-written (no case without its photos, no temp file, a sound database), and the
same save succeeds, once, after space is freed. The service answers a full disk with
503 ``storage_full`` and Retry-After, commits nothing of the batch, and the real
client's retry gets everything accepted once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import random
import shutil
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import func, select

from gridapp.errors import DiskFullError, StorageError
from gridapp.server.settings import ServerSettings
from gridapp.store.schema import attachments, case_events, cases
from gridapp.sync.engine import pending_events, refused_events
from gridapp.sync.protocol import MAX_BATCH, EventStatusOut
from gridapp.sync.transport import TransientError
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, point_of
from tests.faults.db_link import service_with_database_link
from tests.fs_helpers import PAGE, SmallDisk
from tests.live_server import LiveServer, start_server
from tests.sync.helpers import PHONE, hotline_event, make_client, report_event, transport

DISK = 16 * 1024 * 1024
S = EventStatusOut


def noise_jpeg(n: int) -> bytes:
    """A real JPEG of about 110 KB that does not compress: different for every ``n``."""
    noise = random.Random(n).randbytes(300 * 300 * 3)
    buf = io.BytesIO()
    Image.frombytes("RGB", (300, 300), noise).save(buf, format="JPEG", quality=95)
    return buf.getvalue()


def pages(*blobs: bytes) -> int:
    """What files of these sizes take on tmpfs (whole pages)."""
    return sum(-(-len(b) // PAGE) * PAGE for b in blobs)


# -- the laptop ----------------------------------------------------------------------------


def client_store(disk: SmallDisk, template: Path, clock) -> Workspace:
    """An officer's client store (the district's reference in it) in a data folder on ``disk``."""
    folder = disk.root / "gridapp" / "clients"
    folder.mkdir(parents=True)
    path = folder / "127_0_0_1_8765.db"
    shutil.copyfile(template, path)
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("UPDATE meta SET value = 'client' WHERE key = 'store_role'")
    ws = Workspace.open_client(path, clock=clock)
    ws.act_as("wg001")
    return ws


def report_fields(ws: Workspace) -> dict:
    x, y = point_of(ws, "wg001")
    return {
        "source": "patrol",
        "category_code": GARBAGE,
        "lon": x,
        "lat": y,
        "address": "新建路12号",
        "description": "暴露垃圾，磁盘已满时上报",
    }


def counts(path: Path) -> dict[str, int]:
    """Rows of the case tables, and SQLite's own verdict, read by a fresh connection."""
    with closing(sqlite3.connect(path)) as conn:
        found = {
            t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("cases", "case_events", "attachments", "case_files")
        }
        found["integrity"] = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return found


def check_photo_folder(root: Path) -> list[str]:
    """Every file under the photo folder is a whole photo named by its hash; no temp file."""
    names = []
    for file in sorted(p for p in root.rglob("*") if p.is_file()):
        assert not file.name.startswith(".tmp"), f"temp file left behind: {file}"
        assert hashlib.sha256(file.read_bytes()).hexdigest() == file.name, f"torn: {file}"
        names.append(file.name)
    return names


@pytest.mark.parametrize("runs_out", ["photos do not fit", "database commit"])
def test_laptop_full_disk_saves_nothing_half_then_the_same_case_saves(
    small_disk, reference_template, clock, runs_out
):
    disk = small_disk(DISK)
    ws = client_store(disk, reference_template, clock)
    try:
        photos = [noise_jpeg(1), noise_jpeg(2)]
        shas = [hashlib.sha256(p).hexdigest() for p in photos]
        fields = report_fields(ws)
        before = counts(ws.db.path)
        # The photos ride in the event's transaction (the photo journal), so either way
        # it is the commit that fails: nothing reaches the photo folder.
        if runs_out == "photos do not fit":
            disk.fill(leave=pages(photos[0]) + pages(photos[1]) // 2)
        else:
            disk.fill(leave=pages(*photos))  # the photos fit; the WAL and its index cannot

        with pytest.raises(DiskFullError) as failed:
            ws.report(photos=photos, **fields)
        err = failed.value
        assert err.code == "disk_full"
        assert err.message.startswith("磁盘空间不足") and str(disk.root) in err.message
        assert str(ws.db.path.parent) in err.details["folder"]

        assert counts(ws.db.path) == before  # no case, no event, no photo row; sound
        assert before["integrity"] == "ok"
        assert check_photo_folder(ws.files.root) == []
        assert ws.journal is not None and ws.journal.pending() == []
        assert ws.count_cases() == 0

        disk.release()
        changes = ws.report(photos=photos, **fields)  # the very same save, once space is freed
        (case_id,) = changes.case_ids
        after = counts(ws.db.path)
        assert (after["cases"], after["case_events"], after["attachments"]) == (1, 1, 2)
        assert after["integrity"] == "ok"
        record = ws.record(case_id)
        assert record.photos == tuple(shas) and record.description == fields["description"]
        assert [ws.files.read(s) for s in shas] == photos
        ws.journal.settle()  # the background settler may not have run yet
        assert sorted(check_photo_folder(ws.files.root)) == sorted(shas)
    finally:
        ws.close()
    # A restart finds the case once and a sound store.
    with Workspace.open(ws.db.path, clock=clock) as again:
        assert again.db.integrity_check() == "ok"
        again.act_as("wg001")
        assert [c.id for c in again.list_cases()] == [case_id]


def test_laptop_other_write_errors_stay_what_they_are(small_disk, reference_template, clock):
    """Only a full disk is called one: a photo folder that cannot be made is file_write_failed.

    The save itself returned (the photo is journaled with it); settling it is what fails,
    and the photo stays readable from the journal.
    """
    disk = small_disk(DISK)
    ws = client_store(disk, reference_template, clock)
    try:
        ws.files.root.write_bytes(b"")  # a file where the folder should be: ENOTDIR
        photo = noise_jpeg(3)
        ws.report(photos=[photo], **report_fields(ws))
        with pytest.raises(StorageError) as failed:
            ws.journal.settle()
        assert not isinstance(failed.value, DiskFullError)
        assert failed.value.code == "file_write_failed"
        assert ws.files.read(hashlib.sha256(photo).hexdigest()) == photo
    finally:
        ws.close()


# -- the service ---------------------------------------------------------------------------


@pytest.fixture
def full_service(small_disk, central_settings: ServerSettings):
    """A live service whose photo folder (and, on SQLite, database) lives on a small disk.

    On PostgreSQL the database is elsewhere: there only the photo store can fill up.
    """
    disk = small_disk(DISK)
    changes: dict = {"files_dir": disk.root / "central-files"}
    backend = "sqlite" if central_settings.db_url.startswith("sqlite") else "postgresql"
    if backend == "sqlite":
        source = Path(central_settings.db_url.removeprefix("sqlite:///"))
        target = disk.root / "central.db"
        shutil.copyfile(source, target)
        changes["db_url"] = f"sqlite:///{target}"
    server = start_server(dataclasses.replace(central_settings, **changes))
    try:
        yield server, disk, backend
    finally:
        server.stop()


def assert_storage_full(response) -> None:
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["code"] == "storage_full" and "存储空间" in body["message"]
    assert int(response.headers["Retry-After"]) > 0
    assert "central-files" not in response.text  # the server's paths stay on the server


def event_rows(server: LiveServer, *ids: str) -> list[dict]:
    with server.central.db.read() as conn:
        rows = conn.execute(select(case_events).where(case_events.c.id.in_(ids))).mappings()
        return [dict(r) for r in rows]


def max_seq(server: LiveServer) -> int:
    with server.central.db.read() as conn:
        return int(conn.execute(select(func.max(case_events.c.seq))).scalar() or 0)


def test_service_full_photo_disk_answers_upload_503_and_keeps_no_part(full_service):
    server, disk, _backend = full_service
    t = transport(server, "wg001")
    photo = noise_jpeg(4)
    sha = hashlib.sha256(photo).hexdigest()
    files = server.central.files
    with server.client(t.token) as http:
        disk.fill(leave=0)
        assert_storage_full(http.put(f"/files/{sha}", content=photo))
        assert not files.has(sha)

        disk.release()  # a resumable upload: the first part arrives, then the disk fills
        half = len(photo) // 2
        first = http.put(
            f"/files/{sha}",
            content=photo[:half],
            headers={"Content-Range": f"bytes 0-{half - 1}/{len(photo)}"},
        )
        assert first.status_code == 200 and first.json()["offset"] == half
        disk.fill(leave=0)
        rest = http.put(
            f"/files/{sha}",
            content=photo[half:],
            headers={"Content-Range": f"bytes {half}-{len(photo) - 1}/{len(photo)}"},
        )
        assert_storage_full(rest)
        assert not files.has(sha)  # never visible under its name half-written

    disk.release()
    assert t.upload(sha, photo).present  # the client resumes from what the service says
    assert files.read(sha) == photo
    assert not [p for p in Path(files.root).rglob(".tmp*")]


def test_service_full_database_answers_push_503_and_commits_nothing(full_service):
    server, disk, backend = full_service
    if backend != "sqlite":
        pytest.skip("the PostgreSQL database is not on the small disk")
    central = server.central
    t = transport(server, "wg001")
    photo = noise_jpeg(5)
    sha = hashlib.sha256(photo).hexdigest()
    first = report_event(central, k=0)
    assert t.push([first]).results[0].status is S.ACCEPTED
    seq = max_seq(server)
    assert t.upload(sha, photo).present
    batch = [report_event(central, k=1, photos=[sha]), report_event(central, k=2)]
    body = {"events": [e.model_dump(mode="json") for e in batch]}

    disk.fill(leave=0)
    with server.client(t.token) as http:
        assert_storage_full(http.post("/sync/push", json=body))
    assert event_rows(server, *(e.id for e in batch)) == []  # nothing of the batch
    assert max_seq(server) == seq
    with central.db.read() as conn:
        assert conn.execute(select(func.count()).select_from(cases)).scalar() == 1

    disk.release()
    results = t.push(batch).results  # the client's retry
    assert [r.status for r in results] == [S.ACCEPTED, S.ACCEPTED]
    assert [r.seq for r in results] == [seq + 1, seq + 2]  # the sequence lost no number
    assert [r.status for r in t.push(batch).results] == [S.DUPLICATE, S.DUPLICATE]
    assert len(event_rows(server, *(e.id for e in batch))) == 2
    assert central.db.integrity_check() == "ok"


def test_client_keeps_its_case_through_a_full_service_and_it_arrives_once(full_service, tmp_path):
    """The real client: 503 is temporary, the events stay pending, the retry delivers them."""
    server, disk, backend = full_service
    officer = make_client(tmp_path / "laptop", server.url, "wg001", "wg001")
    try:
        photo = noise_jpeg(6)
        sha = hashlib.sha256(photo).hexdigest()
        case_id = officer.report(0, photo=photo)
        rounds: list[Callable[[], None]] = [lambda: disk.fill(leave=0)]  # the photo does not fit
        if backend == "sqlite":
            # The photo fits (its upload part, then the photo itself), the database does not.
            rounds.append(lambda: disk.fill(leave=2 * pages(photo) + PAGE))
        for fill in rounds:
            fill()
            with pytest.raises(TransientError) as failed:
                officer.run()
            assert (failed.value.status, failed.value.code) == (503, "storage_full")
            assert pending_events(officer.ws) == 1 and not refused_events(officer.ws)
            with server.central.db.read() as conn:
                assert conn.execute(select(func.count()).select_from(cases)).scalar() == 0
                assert conn.execute(select(func.count()).select_from(attachments)).scalar() == 0
            disk.release()
        if backend == "sqlite":
            assert server.central.files.has(sha)  # the second round's upload stays

        report = officer.run()
        assert (report.accepted, report.rejected, report.waiting) == (1, 0, 0)
        assert pending_events(officer.ws) == 0
        with server.central.db.read() as conn:
            rows = conn.execute(select(case_events).where(case_events.c.case_id == case_id))
            assert len(rows.all()) == 1
        assert server.central.files.read(sha) == photo
    finally:
        officer.close()


# -- the service's database goes away (PostgreSQL) -----------------------------------------


def test_service_answers_503_while_its_database_is_unreachable(central_settings):
    """A lost database connection is "try later" (503 service_unavailable), never a 500."""
    with service_with_database_link(central_settings) as (server, database):
        central = server.central
        t = transport(server, "wg001")
        assert t.push([report_event(central, k=0)]).results[0].status is S.ACCEPTED
        seq = max_seq(server)
        batch = [report_event(central, k=1)]
        body = {"events": [e.model_dump(mode="json") for e in batch]}
        database.cut()
        with server.client(t.token) as http:
            answer = http.post("/sync/push", json=body)
        assert answer.status_code == 503, answer.text
        assert answer.json()["code"] == "service_unavailable"
        assert int(answer.headers["Retry-After"]) > 0

        database.restore()
        assert [r.status for r in t.push(batch).results] == [S.ACCEPTED]
        assert max_seq(server) == seq + 1
        assert len(event_rows(server, batch[0].id)) == 1


def test_service_disk_filling_in_the_middle_of_a_batch_keeps_none_of_it(full_service, caplog):
    """A batch too big for the page cache spills to the WAL while events are applied: the
    full disk then strikes inside one event's handling, and the whole push must still be
    503 with nothing of it kept (not that event refused and the others committed)."""
    server, disk, backend = full_service
    if backend != "sqlite":
        pytest.skip("the PostgreSQL database is not on the small disk")
    central = server.central
    t = transport(server, "shouli")  # hotline calls: the citizen's phone in every event
    text = "满" * 1990
    batch = [hotline_event(central, k=k, description=f"{k} {text}") for k in range(MAX_BATCH)]
    body = {"events": [e.model_dump(mode="json") for e in batch]}
    seq = max_seq(server)
    disk.fill(leave=0)
    with server.client(t.token) as http:
        assert_storage_full(http.post("/sync/push", json=body))
    assert event_rows(server, *(e.id for e in batch)) == [] and max_seq(server) == seq
    logged = [r for r in caplog.records if r.name == "gridapp.server"]
    assert any("storage_full" in r.getMessage() for r in logged)
    assert PHONE not in caplog.text and text[:20] not in caplog.text  # no citizen data

    disk.release()
    results = t.push(batch).results
    assert {r.status for r in results} == {S.ACCEPTED}
    seqs = [r.seq for r in results]  # in order; the service's 疑似重复 flags may sit between
    assert seqs == sorted(seqs) and len(set(seqs)) == MAX_BATCH and seqs[0] == seq + 1
    assert central.db.integrity_check() == "ok"


def test_every_kind_of_full_disk_is_recognised_and_nothing_else():
    """The PostgreSQL and quota cases cannot be filled here: their real error types are."""
    import errno

    import psycopg.errors
    from sqlalchemy.exc import IntegrityError, OperationalError

    from gridapp.errors import is_disk_full

    pg_full = OperationalError("INSERT …", {}, psycopg.errors.DiskFull("could not extend file"))
    assert is_disk_full(pg_full)
    assert is_disk_full(OSError(errno.EDQUOT, "Disk quota exceeded"))
    assert not is_disk_full(StorageError("photo_store_down", "照片存储暂不可用"))
    try:
        raise StorageError("file_write_failed", "…") from OSError(errno.ENOSPC, "full")
    except StorageError as wrapped:
        assert is_disk_full(wrapped)
    pg_unique = IntegrityError("INSERT …", {}, psycopg.errors.UniqueViolation("dup"))
    assert not is_disk_full(pg_unique)
    assert not is_disk_full(OSError(errno.EIO, "I/O error"))
    assert not is_disk_full(FileNotFoundError(errno.ENOENT, "gone"))
