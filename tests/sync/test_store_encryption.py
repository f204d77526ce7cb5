"""A lost laptop reveals no citizen's data: the client store and its photos are encrypted.

Real SQLCipher files, real AES-GCM sealed photos, real Argon2id key slots, and the
real sync service for the login path. The raw bytes on disk are grepped for what a
thief would look for: a reporter's phone number and name, and the JPEG magic.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import keyring
import pytest
from jaraco.classes import properties
from keyring.backend import KeyringBackend
from sqlalchemy import select

pytest.importorskip("sqlcipher3")

from gridapp.errors import DomainError, StorageError
from gridapp.store import client_store, sqlcipher, store_key
from gridapp.store.schema import cases
from gridapp.store.sealed_files import MAGIC
from gridapp.store.sqlcipher import is_plain_sqlite
from gridapp.store.store_key import StoreKeys
from gridapp.workspace import Workspace
from tests.core.helpers import GARBAGE, jpeg, point_of
from tests.live_server import PASSWORD

PHONE = "13912345678"
NAME = "郑秀英"
JPEG_MAGIC = b"\xff\xd8\xff"
OFFICER = "wg001"


def _report(ws: Workspace, k: int, photo: bytes | None) -> str:
    x, y = point_of(ws, ws.user.username, k)
    changes = ws.report(
        source="patrol",
        category_code=GARBAGE,
        lon=x,
        lat=y,
        description=f"暴露垃圾 #{k}",
        reporter_name=NAME,
        reporter_phone=PHONE,
        photos=[photo] if photo else [],
    )
    (case_id,) = changes.case_ids
    return case_id


def _stored_phone(ws: Workspace, case_id: str) -> str:
    with ws.db.read() as conn:
        return conn.execute(select(cases.c.reporter_phone).where(cases.c.id == case_id)).scalar()


def _all_bytes(folder: Path) -> list[tuple[Path, bytes]]:
    return [(p, p.read_bytes()) for p in sorted(folder.rglob("*")) if p.is_file()]


def _snapshot(ws: Workspace) -> dict[str, tuple]:
    """Every case as the officer sees it, with the bytes of each of its photos."""
    out = {}
    for record in ws.list_cases():
        detail = ws.record(record.id)
        photos = tuple(ws.photo_bytes(sha) for sha in detail.photos)
        out[record.id] = (detail, photos)
    return out


def _key(path: Path, user: str = OFFICER, password: str = PASSWORD):
    return StoreKeys(path, use_keyring=False).unlock(user, password)


@pytest.fixture
def plain_store(reference_template: Path, tmp_path: Path) -> Path:
    """A client store as laptops have them today: plain, with cases and photos."""
    path = tmp_path / "clients" / "laptop.db"
    path.parent.mkdir()
    shutil.copyfile(reference_template, path)
    ws = Workspace.open_client(path)
    ws.act_as(OFFICER)
    for k in range(6):
        _report(ws, k, jpeg(k) if k % 2 == 0 else None)
    ws.close()
    return path


def test_store_and_photos_on_disk_hide_citizen_data(plain_store: Path):
    key = _key(plain_store)
    ws = Workspace.open_client(plain_store, key=key)
    ws.act_as(OFFICER)
    photo = jpeg(99)
    case_id = _report(ws, 7, photo)  # written while encrypted: lands in the WAL first
    raw = _all_bytes(plain_store.parent)
    sha = ws.record(case_id).photos[0]
    ws.close()

    phone, name = PHONE.encode(), NAME.encode("utf-8")
    for path, data in raw + _all_bytes(plain_store.parent):
        assert phone not in data and name not in data, f"citizen data in {path.name}"
        assert not data.startswith(JPEG_MAGIC) and JPEG_MAGIC + b"\xe0" not in data, path.name
        assert not data.startswith(b"SQLite format 3"), f"a plain SQLite file: {path.name}"
    photo_file = plain_store.with_name("laptop-files") / sha[:2] / sha
    assert photo_file.read_bytes().startswith(MAGIC)

    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        sqlite3.connect(plain_store).execute("SELECT count(*) FROM cases").fetchone()

    again = Workspace.open_client(plain_store, key=_key(plain_store))
    try:
        again.act_as(OFFICER)
        assert again.db.integrity_check() == "ok"
        assert again.photo_bytes(sha) == photo
        assert _stored_phone(again, case_id) == PHONE
    finally:
        again.close()


def test_a_tampered_or_swapped_photo_fails_to_open_with_a_clear_error(plain_store: Path):
    ws = Workspace.open_client(plain_store, key=_key(plain_store))
    try:
        ws.act_as(OFFICER)
        a = ws.record(_report(ws, 10, jpeg(10))).photos[0]
        b = ws.record(_report(ws, 11, jpeg(11))).photos[0]
        ws.journal.settle()  # tamper with the sealed files, not the journal
        path_a, path_b = ws.files.path_for(a), ws.files.path_for(b)
        blob = bytearray(path_a.read_bytes())
        blob[len(blob) // 2] ^= 0x01
        path_a.write_bytes(bytes(blob))
        with pytest.raises(StorageError) as flipped:
            ws.photo_bytes(a)
        assert flipped.value.code == "photo_tampered"

        shutil.copyfile(path_b, path_a)  # b's sealed file put in a's place
        with pytest.raises(StorageError) as swapped:
            ws.photo_bytes(a)
        assert swapped.value.code == "photo_tampered"
        assert ws.photo_bytes(b) == jpeg(11)
    finally:
        ws.close()


def test_conversion_keeps_every_case_and_photo_and_leaves_no_plain_copy(
    plain_store: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    ws = Workspace.open_client(plain_store)
    ws.act_as(OFFICER)
    before = _snapshot(ws)
    ws.close()
    stale = plain_store.with_name("laptop.before-upgrade-0001-20260101-000000.db")
    shutil.copyfile(plain_store, stale)  # an old upgrade backup: plaintext too
    assert len(before) == 6 and sum(len(p) for _, p in before.values()) == 3

    key = _key(plain_store)
    ws = Workspace.open_client(plain_store, key=key)
    try:
        ws.act_as(OFFICER)
        assert _snapshot(ws) == before
        assert ws.db.integrity_check() == "ok"
    finally:
        ws.close()
    assert "encrypted" in caplog.text  # the conversion was logged, without any secret
    for secret in (key.secret, key.database_key, key.photo_key):
        assert secret.hex() not in caplog.text.lower()
    assert PASSWORD not in caplog.text and PHONE not in caplog.text
    left = [p.name for p, data in _all_bytes(plain_store.parent) if data.startswith(b"SQLite")]
    assert left == []
    names = sorted(p.name for p in plain_store.parent.iterdir())
    assert names == ["laptop-files", "laptop.db", "laptop.db.keys"], names


def test_an_interrupted_conversion_is_finished_on_the_next_start(plain_store, monkeypatch):
    ws = Workspace.open_client(plain_store)
    ws.act_as(OFFICER)
    before = _snapshot(ws)
    ws.close()

    def crash(*_args, **_kwargs):
        raise KeyboardInterrupt("power cut after the swap")

    monkeypatch.setattr(client_store, "_finish", crash)
    with pytest.raises(KeyboardInterrupt):
        Workspace.open_client(plain_store, key=_key(plain_store))
    monkeypatch.undo()
    assert not is_plain_sqlite(plain_store)
    assert plain_store.with_name("laptop.before-encryption.db").exists()  # still there

    ws = Workspace.open_client(plain_store, key=_key(plain_store))
    try:
        ws.act_as(OFFICER)
        assert _snapshot(ws) == before
    finally:
        ws.close()
    assert not plain_store.with_name("laptop.before-encryption.db").exists()
    assert not plain_store.with_name("laptop.db.encrypting").exists()
    for path, data in _all_bytes(plain_store.with_name("laptop-files")):
        assert data.startswith(MAGIC), path.name


def test_wrong_password_other_user_and_password_change(tmp_path: Path):
    path = tmp_path / "store.db"
    keys = StoreKeys(path, use_keyring=False)
    key = keys.unlock(OFFICER, "first-Passw0rd")
    assert keys.pending is None and key.secret.hex() not in repr(key)
    header = keys.header_path.read_bytes()
    assert key.secret not in header and key.secret.hex().encode() not in header

    other = StoreKeys(path, use_keyring=False)
    with pytest.raises(DomainError) as wrong:
        other.unlock(OFFICER, "not-the-password")
    assert wrong.value.code == "bad_credentials"

    # A second user of the laptop: the key this process unlocked is offered, and the
    # slot is written only once that user's login succeeded.
    assert other.unlock("wg002", "second-Passw0rd") == key
    assert "wg002" not in keys.header_path.read_text()
    other.confirm_login("wg002")
    assert "wg002" in keys.header_path.read_text()

    keys.rewrap(OFFICER, "first-Passw0rd", "changed-Passw0rd")
    client_store_keys = StoreKeys(path, use_keyring=False)
    client_store_keys.forget_process_cache()
    with pytest.raises(DomainError):
        client_store_keys.unlock(OFFICER, "first-Passw0rd")
    assert client_store_keys.unlock(OFFICER, "changed-Passw0rd") == key
    assert client_store_keys.unlock("wg002", "second-Passw0rd") == key
    with pytest.raises(DomainError):
        keys.rewrap("wg002", "wrong", "whatever-Passw0rd")

    client_store_keys.forget_process_cache()
    with pytest.raises(DomainError) as locked:
        StoreKeys(path, use_keyring=False).unlock("wg003", "third-Passw0rd")
    assert locked.value.code == "store_locked"

    # The key file deleted next to an encrypted store: refused, no new key made over it.
    Workspace.open_client(path, key=key).close()
    keys.header_path.unlink()
    client_store_keys.forget_process_cache()
    with pytest.raises(StorageError) as lost:
        StoreKeys(path, use_keyring=False).unlock(OFFICER, "changed-Passw0rd")
    assert lost.value.code == "store_key_lost" and not keys.header_path.exists()


def test_work_given_to_unlock_runs_while_the_key_is_derived_on_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    path = tmp_path / "store.db"
    key = StoreKeys(path, use_keyring=False).unlock(OFFICER, "first-Passw0rd")
    started = threading.Event()  # the derivation waits for the work given: only overlap ends
    derive = store_key._kek

    def kek_after_meanwhile(*args: object) -> bytes:
        assert started.wait(10), "the derivation did not run beside the work given"
        return derive(*args)

    monkeypatch.setattr(store_key, "_kek", kek_after_meanwhile)
    threads: list[bool] = []

    def meanwhile() -> None:
        threads.append(threading.current_thread() is threading.main_thread())
        started.set()

    keys = StoreKeys(path, use_keyring=False)
    keys.forget_process_cache()
    assert keys.unlock(OFFICER, "first-Passw0rd", meanwhile=meanwhile) == key
    assert threads == [True]
    keys.forget_process_cache()
    with pytest.raises(DomainError) as wrong:
        keys.unlock(OFFICER, "not-the-password", meanwhile=meanwhile)
    assert wrong.value.code == "bad_credentials" and threads == [True, True]


def test_login_unlocks_online_then_offline_and_a_wrong_password_does_not(live_server, tmp_path):
    data = tmp_path / "data"

    def open_and_login(url: str, username: str, password: str) -> Workspace:
        ws = Workspace.open_client_store(
            data, live_server.url, username=username, password=password, use_keyring=False
        )
        try:
            session = ws.connect(url, data / "tokens", use_keyring=False)
            session.login(username, password)
        except BaseException:
            ws.close()
            raise
        return ws

    # A mistyped first password must not become the store's key slot.
    with pytest.raises(DomainError) as first:
        open_and_login(live_server.url, OFFICER, "mistyped-password")
    assert first.value.code == "bad_credentials"
    assert not list((data / "clients").glob("*.keys"))
    ws = open_and_login(live_server.url, OFFICER, PASSWORD)
    case_id = _report(ws, 0, jpeg(1))
    ws.sync.sync_now()
    ws.close()
    store = next((data / "clients").glob("*.db"))
    assert not is_plain_sqlite(store) and store.with_name(store.name + ".keys").exists()

    StoreKeys(store, use_keyring=False).forget_process_cache()  # as after a restart
    with pytest.raises(DomainError) as wrong:
        open_and_login(live_server.url, OFFICER, "wrong-password")
    assert wrong.value.code == "bad_credentials"

    offline = "http://127.0.0.1:9"  # nothing listens: the offline login path
    ws = open_and_login(offline, OFFICER, PASSWORD)
    try:
        assert not ws.sync.online
        assert _stored_phone(ws, case_id) == PHONE
        assert ws.photo_bytes(ws.record(case_id).photos[0]) == jpeg(1)
    finally:
        ws.close()


def test_a_tampered_photo_refuses_its_event_alone_and_sync_goes_on(live_server, tmp_path):
    data = tmp_path / "data"
    ws = Workspace.open_client_store(
        data, live_server.url, username=OFFICER, password=PASSWORD, use_keyring=False
    )
    try:
        session = ws.connect(live_server.url, data / "tokens", use_keyring=False)
        session.login(OFFICER, PASSWORD)
        bad = _report(ws, 0, jpeg(21))
        good = _report(ws, 1, jpeg(22))
        # the settled file, not the journal row the save may still hold it in
        path = ws.files.local_file(ws.record(bad).photos[0])
        blob = bytearray(path.read_bytes())
        blob[-1] ^= 0x01
        path.write_bytes(bytes(blob))
        report = session.sync_now()
        assert (report.accepted, report.rejected) == (1, 1)
        refused = session.refused()
        assert [(r.case_id, r.code) for r in refused] == [(bad, "photo_tampered")]
        assert ws.record(good).id == good  # the other event went through
    finally:
        ws.close()


class _MemoryKeyring(KeyringBackend):
    """Stands in for the OS keyring (Credential Manager, Keychain, Secret Service),
    which this headless machine does not have. Set by hand only: keyring takes every
    subclass for a candidate, and with a priority this one became the process's keyring
    at its next ``get_keyring()`` (the test's own restore), so the xdist worker's later
    tests kept their keys in memory and a child process found none (store_key_lost)."""

    @properties.classproperty
    def priority(cls) -> float:
        raise RuntimeError("a test's stand-in is never viable on its own")

    def __init__(self) -> None:
        super().__init__()
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.items.get((service, username))

    def set_password(self, service, username, password):
        self.items[(service, username)] = password

    def delete_password(self, service, username):
        self.items.pop((service, username), None)


def test_with_an_os_keyring_the_key_lives_there_and_no_key_file_is_written(tmp_path):
    previous = keyring.get_keyring()
    backend = _MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        path = tmp_path / "store.db"
        keys = StoreKeys(path)
        assert keys.keyring is not None and keys.needs_new_key()
        key = keys.unlock(OFFICER, PASSWORD)
        assert not keys.header_path.exists()
        assert list(backend.items.values()) == [key.secret.hex()]
        keys.forget_process_cache()
        assert StoreKeys(path).unlock("wg002", "anything: the login check follows") == key
        keys.forget()
        assert backend.items == {}
    finally:
        keyring.set_keyring(previous)


def _keyring_probe(tmp_path, **env: str) -> str:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")
    }
    code = (
        "import sys; from gridapp.store.store_key import os_keyring;"
        " print(os_keyring(), 'keyring' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "XDG_CONFIG_HOME": str(tmp_path), **env},
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    return out.stdout.strip()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the D-Bus rule is Linux's")
def test_no_session_bus_means_no_keyring_without_loading_its_backends(tmp_path):
    """Every Linux keyring talks over the session's D-Bus: without one (and nothing
    chosen by hand) the start does not load keyring's backends to learn there is none."""
    assert _keyring_probe(tmp_path) == "None False"
    # a session bus (here one that does not answer): keyring is asked, and finds none
    assert (
        _keyring_probe(tmp_path, DBUS_SESSION_BUS_ADDRESS="unix:path=/nonexistent") == "None True"
    )
    # a backend chosen in keyring's own configuration is honoured
    (tmp_path / "python_keyring").mkdir()
    (tmp_path / "python_keyring" / "keyringrc.cfg").write_text(
        "[backend]\ndefault-keyring=keyring.backends.fail.Keyring\n"
    )
    assert _keyring_probe(tmp_path) == "None True"


def test_cipher_check_reports_a_bad_page_and_not_its_4_gib_false_ones(tmp_path: Path):
    """The bundled SQLCipher reports every page past 4 GiB as failing its HMAC
    (sqlcipher/sqlcipher#604: a year's store of 7.4 GB could not be encrypted): those
    rows are dropped, a real bad page below is still caught, in SQLCipher's own words."""
    plain = tmp_path / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x TEXT)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 3000,)] * 20)
    conn.commit()
    conn.close()
    encrypted = tmp_path / "enc.db"
    sqlcipher.export_encrypted(plain, encrypted, b"k" * 32)
    with encrypted.open("r+b") as fh:  # one byte of page 3's ciphertext
        fh.seek(2 * 4096 + 100)
        byte = fh.read(1)
        fh.seek(2 * 4096 + 100)
        fh.write(bytes([byte[0] ^ 0xFF]))
    copy = sqlcipher.connect_sqlcipher(encrypted, b"k" * 32)
    try:
        rows = [r[0] for r in copy.execute("PRAGMA cipher_integrity_check")]
    finally:
        copy.close()
    assert (
        sqlcipher.real_cipher_errors(rows, 4096) == rows == ["HMAC verification failed for page 3"]
    )
    past = (1 << 32) // 4096 + 1  # the first page past 4 GiB
    false = [f"HMAC verification failed for page {n}" for n in (past, past + 1)]
    assert sqlcipher.real_cipher_errors([*rows, *false], 4096) == rows
    assert sqlcipher.real_cipher_errors([f"HMAC verification failed for page {past - 1}"], 4096)
    assert sqlcipher.real_cipher_errors(["some other complaint"], 4096) == ["some other complaint"]
