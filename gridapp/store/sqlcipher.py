"""SQLCipher connections, and turning a plain SQLite store into an encrypted one.

The key is a raw 256-bit key (``x'…'``), random already, so SQLCipher skips its
password KDF on every connection; the cipher settings are pinned to SQLCipher 4's
(AES-256-CBC pages with HMAC-SHA512) so a later library default cannot change them.
The driver (``sqlcipher3``, bundling libsqlcipher) is imported only here and only
when a key is given: the core and the service run without it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from types import ModuleType
from typing import Any

from gridapp.errors import StorageError
from gridapp.store import case_search

PLAIN_HEADER = b"SQLite format 3\x00"


def sqlcipher_module() -> ModuleType:
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:  # the laptop's build always has it (pyproject, extra "ui")
        raise StorageError(
            "sqlcipher_missing", "缺少数据库加密组件（sqlcipher3），无法打开加密数据库"
        ) from exc
    return dbapi2


def _key_pragma(key: bytes) -> str:
    if len(key) != 32:
        raise ValueError("an SQLCipher raw key is 32 bytes")
    return f"\"x'{key.hex()}'\""


# Pages are decrypted on their way into SQLite's page cache, so a page read again from
# the OS cache costs a decryption: a 32 MB cache (default 2 MB) keeps a scan's pages
# decrypted (text search count on 20,000 cases: ~1,000 → ~290 ms, plain ~200 ms).
CACHE_KIB = 32 * 1024


def _apply_key(conn: Any, key: bytes, schema: str = "main") -> None:
    conn.execute(f"PRAGMA {schema}.key = {_key_pragma(key)}")
    conn.execute(f"PRAGMA {schema}.cipher_compatibility = 4")
    conn.execute(f"PRAGMA {schema}.cache_size = -{CACHE_KIB}")


def connect_sqlcipher(path: Path, key: bytes, *, timeout: float = 15.0, check: bool = True) -> Any:
    """A DB-API connection to an encrypted store, keyed before anything is read.

    With ``check``, a wrong key (or a plain file) fails here with ``store_key_wrong``
    instead of a bare "file is not a database" later.
    """
    module = sqlcipher_module()
    conn = module.connect(str(path), timeout=timeout, check_same_thread=False)
    try:
        _apply_key(conn, key)
        if check:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except module.DatabaseError as exc:
        conn.close()
        raise StorageError(
            "store_key_wrong", "本机数据库无法用此密钥解开（密钥不符或文件损坏）"
        ) from exc
    return conn


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (its first 16 bytes are the SQLite header)."""
    try:
        with path.open("rb") as fh:
            return fh.read(len(PLAIN_HEADER)) == PLAIN_HEADER
    except FileNotFoundError:
        return False


def _table_counts(conn: Any) -> dict[str, int]:
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        if r[0] not in case_search.FTS_TABLES  # rebuilt in the copy, not compared
    ]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in sorted(names)}


def _reindex_cases(copy: Any) -> None:
    """``sqlcipher_export`` copies ``cases`` without its rowids, which key the bigram
    index (gridapp/store/case_search.py): index the copy's cases afresh."""
    has = copy.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (case_search.GRAMS,)
    ).fetchone()
    if has:
        copy.execute("BEGIN IMMEDIATE")
        case_search.rebuild(copy)
        copy.execute("COMMIT")


_FALSE_FROM = 1 << 32  # bytes: cipher_integrity_check's false failures begin here
_HMAC_FAILED = re.compile(r"HMAC verification failed for page (\d+)")


def real_cipher_errors(rows: list[str], page_size: int) -> list[str]:
    """``PRAGMA cipher_integrity_check``'s rows less its known false reports.

    The bundled SQLCipher (4.12) computes a page's file offset in 32 bits there, so every
    page past 4 GiB "fails its HMAC" (sqlcipher/sqlcipher#604); a year's store of a
    district is larger. Those pages are not unchecked: ``PRAGMA integrity_check`` reads
    every page in use through the codec, which verifies its HMAC, and fails on a bad one.
    """
    out = []
    for row in rows:
        found = _HMAC_FAILED.fullmatch(row)
        if found and (int(found.group(1)) - 1) * page_size >= _FALSE_FROM:
            continue
        out.append(row)
    return out


def export_encrypted(plain: Path, target: Path, key: bytes) -> dict[str, int]:
    """Write an encrypted copy of ``plain`` to ``target`` and verify it; returns row counts.

    ``sqlcipher_export`` copies schema and rows into an attached keyed database;
    the copy is then opened with the key, checked (``integrity_check`` and
    ``cipher_integrity_check``) and its row counts compared table by table.
    """
    module = sqlcipher_module()
    for leftover in (target, target.with_name(target.name + "-journal")):
        leftover.unlink(missing_ok=True)
    src = module.connect(str(plain), isolation_level=None)
    try:
        src.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = _table_counts(src)
        user_version = src.execute("PRAGMA user_version").fetchone()[0]
        src.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(target), f"x'{key.hex()}'"))
        src.execute("PRAGMA encrypted.cipher_compatibility = 4")
        src.execute("SELECT sqlcipher_export('encrypted')")
        src.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        src.execute("DETACH DATABASE encrypted")
    finally:
        src.close()
    copy = connect_sqlcipher(target, key)
    try:
        _reindex_cases(copy)
        ok = copy.execute("PRAGMA integrity_check").fetchone()[0]
        page_size = int(copy.execute("PRAGMA page_size").fetchone()[0])
        cipher_errors = real_cipher_errors(
            [r[0] for r in copy.execute("PRAGMA cipher_integrity_check")], page_size
        )
        after = _table_counts(copy)
    finally:
        copy.close()
    if ok != "ok" or cipher_errors or after != before:
        target.unlink(missing_ok=True)
        raise StorageError("store_encrypt_failed", "本机数据库加密校验失败，原数据库未改动")
    if is_plain_sqlite(target):
        target.unlink(missing_ok=True)
        raise StorageError("store_encrypt_failed", "本机数据库加密校验失败，原数据库未改动")
    return after


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def swap_in(encrypted: Path, store: Path) -> None:
    """Put the encrypted copy in the store's place; the plain WAL and SHM go with it.

    The plain store was checkpointed (TRUNCATE) and closed by :func:`export_encrypted`,
    so its WAL holds no frames; it is removed so SQLite never meets plain pages again.
    """
    with encrypted.open("rb") as fh:
        os.fsync(fh.fileno())
    os.replace(encrypted, store)
    for side in ("-wal", "-shm"):
        store.with_name(store.name + side).unlink(missing_ok=True)
    fsync_dir(store.parent)
