"""A laptop's client store opened encrypted: database under SQLCipher, photos sealed.

A store from before encryption is converted on its first start: a consistent
backup is taken, an encrypted copy is exported and verified (integrity, cipher
HMACs, row counts per table), swapped in atomically, the photos are sealed in
place, and then the plaintext backup is removed, together with older plaintext
upgrade backups of the same store: a plain copy left next to the store would
defeat the purpose. A marker file carries an interrupted conversion over to the
next start, so a crash at any step ends with every case and photo in place.
Deleting a file does not shred it (SSDs remap blocks); full-disk encryption of
the laptop is still advised for what was plaintext before the first start.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from gridapp.errors import DomainError, StorageError
from gridapp.security.passwords import verify_password
from gridapp.store.database import Database, copy_sqlite
from gridapp.store.sealed_files import SealedFileStore
from gridapp.store.sqlcipher import export_encrypted, fsync_dir, is_plain_sqlite, swap_in
from gridapp.store.store_key import DataKey

log = logging.getLogger(__name__)

MARKER_SUFFIX = ".encrypting"


def files_root(path: Path) -> Path:
    return path.with_name(path.stem + "-files")


def _marker(path: Path) -> Path:
    return path.with_name(path.name + MARKER_SUFFIX)


def _backup(path: Path) -> Path:
    return path.with_name(f"{path.stem}.before-encryption{path.suffix}")


def check_first_password(path: Path, username: str, password: str, server_url: str) -> None:
    """Before a store's key is made, make sure the password is the user's own: the key's
    first slot is wrapped under it, and a slot under a mistyped password would lock
    the store for good. A plain store's local verifier answers; else the service."""
    verifier = None
    if is_plain_sqlite(path):
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute(
                "SELECT password_hash FROM users WHERE username = ?", (username,)
            ).fetchone()
        except sqlite3.Error:
            row = None
        finally:
            conn.close()
        verifier = row[0] if row else None
    if verifier:
        if not verify_password(verifier, password):
            raise DomainError("bad_credentials", "用户名或密码错误")
        return
    from gridapp.sync.login_check import check_login  # the service: no verifier here

    check_login(server_url, username, password)


def refuse_encrypted(path: Path) -> None:
    """An encrypted store opened without its key: say so, not "file is not a database"."""
    if path.is_file() and path.stat().st_size > 0 and not is_plain_sqlite(path):
        raise StorageError("store_locked", "本机数据库已加密：请登录后再打开")


def open_encrypted(path: Path, key: DataKey) -> tuple[Database, SealedFileStore]:
    """The store at ``path`` under ``key``, converting a plain one first."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    files = SealedFileStore(files_root(path), key.photo_key)
    if is_plain_sqlite(path):
        convert_plain_store(path, key, files)
    elif _marker(path).exists():
        _finish(path, files)
    return Database(path, key=key.database_key), files


def convert_plain_store(path: Path, key: DataKey, files: SealedFileStore) -> None:
    """Plain → encrypted in place, after a backup that lives until the result is verified."""
    marker = _marker(path)
    marker.write_text("converting\n", encoding="utf-8")
    fsync_dir(path.parent)
    _backup(path).unlink(missing_ok=True)  # a torn copy from an interrupted try
    backup = copy_sqlite(path, _backup(path))
    tmp = path.with_name(path.name + ".encrypted-tmp")
    counts = export_encrypted(path, tmp, key.database_key)
    swap_in(tmp, path)
    log.info(
        "client store %s encrypted (%d tables, %d rows)",
        path.name,
        len(counts),
        sum(counts.values()),
    )
    _finish(path, files, backup)


def _finish(path: Path, files: SealedFileStore, backup: Path | None = None) -> None:
    """Seal the photos, then remove the plaintext copies; the marker goes last."""
    sealed = files.seal_plain_files()
    plain_copies = [backup or _backup(path), *path.parent.glob(f"{path.stem}.before-upgrade-*")]
    removed = 0
    for copy in plain_copies:
        if copy.exists() and is_plain_sqlite(copy):
            for side in ("", "-wal", "-shm", "-journal"):
                copy.with_name(copy.name + side).unlink(missing_ok=True)
            removed += 1
    _marker(path).unlink(missing_ok=True)
    fsync_dir(path.parent)
    log.info(
        "client store %s: %d photos sealed, %d plain copies removed", path.name, sealed, removed
    )
