"""Opening the SQLite store durably, and bringing its schema to the current revision.

WAL with synchronous=FULL: a transaction that returned is on disk, even if the
laptop loses power a moment later. Writers take the lock up front (BEGIN IMMEDIATE)
so two processes never deadlock upgrading a read lock.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import DBAPIError

from gridapp import clock
from gridapp.errors import StorageError
from gridapp.paths import db_dir
from gridapp.store import case_search, event_order, wal_index
from gridapp.store.case_log import FACTS_DIRTY
from gridapp.store.checkpointer import Checkpointer
from gridapp.store.revisions import current_revision, head_revision
from gridapp.store.write_queue import WriteQueue

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 15_000
log = logging.getLogger("gridapp.store")
WRITE_BEGIN = "BEGIN IMMEDIATE"
# The writing connection only (there is one per store at a time). A pulled page writes
# into indexes that outgrow SQLite's default 2 MB page cache on a district month (a
# 500 MB store): each insert then re-reads its index pages from the OS, and a WAL
# checkpoint every 4 MB (the default 1,000 pages) copies the same hot index pages into
# the file again at nearly every page's commit. 64 MB of cache (taken only as used) and
# a checkpoint every 40 MB took a month's first pull on the laptop from 100 s to 61 s
# (bench_apply --copies 10). Checkpoints now run on a thread of their own (never in a
# commit), copying the bulk without the write lock. Every commit still syncs the WAL.
WRITER_PRAGMAS = ("cache_size=-65536", "wal_autocheckpoint=0")  # see store/checkpointer.py


def _sqlite_engine(path: Path, begin: str, key: bytes | None = None) -> Engine:
    if key is None:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
            hide_parameters=True,  # a statement's values (names, phones) never reach a log
        )
    else:  # SQLCipher: the same SQLite dialect over the sqlcipher3 driver, keyed on connect
        from gridapp.store.sqlcipher import connect_sqlcipher, sqlcipher_module

        engine = create_engine(
            f"sqlite:///{path}",
            module=sqlcipher_module(),
            creator=lambda: connect_sqlcipher(path, key, timeout=BUSY_TIMEOUT_MS / 1000),
            hide_parameters=True,
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if begin == WRITE_BEGIN:
            for pragma in WRITER_PRAGMAS:
                cur.execute(f"PRAGMA {pragma}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    return engine


def alembic_config() -> Config:
    from alembic.config import Config  # imported only for an upgrade (revisions.py)

    cfg = Config()
    cfg.set_main_option("script_location", str(db_dir() / "migrations"))
    return cfg


def migrate(
    engine: Engine,
    reader: Engine | None = None,
    path: Path | None = None,
    key: bytes | None = None,
) -> None:
    """Upgrade the schema to head; the write lock is taken only when there is work to do.

    An existing SQLite store is copied first (SQLite's online backup API, so the copy
    is consistent even with WAL), and the upgrade runs in one transaction: if it
    fails, the store is left as it was, at its old revision, and the error names
    the backup.
    """
    current = current_revision(reader or engine)
    if current is not None and current == head_revision():
        return
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current == head:
        return
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise StorageError(
            "store_too_new",
            "数据库由更新版本的程序创建，请升级程序后再打开",
            revision=current,
            supported=head,
        )
    backup = backup_before_upgrade(path, current, key) if path is not None and current else None
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
    except Exception as exc:
        raise StorageError(
            "migration_failed",
            f"数据库升级失败，原数据库未改动（仍为版本 {current}）：{_safe(exc)}",
            revision=current,
            backup=str(backup) if backup else None,
        ) from exc


def backup_before_upgrade(path: Path, revision: str, key: bytes | None = None) -> Path:
    """A consistent copy of the store next to it, named after the revision it holds.

    An encrypted store's copy is encrypted under the same key.
    """
    stamp = clock.stamp()
    target = path.with_name(f"{path.stem}.before-upgrade-{revision}-{stamp}{path.suffix}")
    return copy_sqlite(path, target, key)


def copy_sqlite(path: Path | str, target: Path, key: bytes | None = None) -> Path:
    """SQLite's online backup: a consistent copy even while others write (WAL included).

    With ``key`` both ends are SQLCipher files under that key (same cipher settings,
    which SQLCipher's backup requires).
    """
    if key is None:
        connect: Any = sqlite3.connect
    else:
        from gridapp.store.sqlcipher import connect_sqlcipher

        def connect(file: Path | str) -> Any:
            return connect_sqlcipher(Path(file), key, check=False)

    source = connect(path)
    try:
        copy = connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    return target


class Database:
    """The store's engines. SQLite: deferred reads and immediate writes on one file.

    PostgreSQL (the central store in production): one pooled engine; ``schema``
    puts every table in that schema (tests make and drop their own).

    ``key`` (raw 32 bytes) opens an SQLCipher-encrypted SQLite file (a laptop's store).
    """

    def __init__(
        self, target: Path | str, *, schema: str | None = None, key: bytes | None = None
    ) -> None:
        self.url = _url_of(target)
        self.is_sqlite = self.url.get_backend_name() == "sqlite"
        self._write_lock = _lock_for(self.url) if self.is_sqlite else nullcontext()
        self.path = Path(self.url.database or "") if self.is_sqlite else None
        self.checkpoints: Checkpointer | None = None
        try:
            if self.is_sqlite:
                assert self.path is not None
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.reader = _sqlite_engine(self.path, "BEGIN", key)
                self.writer = _sqlite_engine(self.path, WRITE_BEGIN, key)
                self.checkpoints = Checkpointer(
                    self.reader.raw_connection,
                    self._write_lock,
                    self.path.with_name(self.path.name + "-shm"),
                )
            else:
                self.reader = self.writer = _server_engine(self.url, schema)
            migrate(self.writer, self.reader, self.path, key)
            self._searchable = False
            if self.is_sqlite:
                with self.reader.connect() as conn:
                    self._searchable = case_search.has_index(conn)
        except (OSError, sqlite3.Error, DBAPIError) as exc:
            self._dispose()
            raise StorageError("store_open_failed", f"无法打开数据库：{_safe(exc)}") from exc
        except StorageError:
            self._dispose()
            raise

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.reader.begin() as conn:
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One durable transaction: committed (and fsynced) when the block exits cleanly.

        On SQLite the threads of one process queue on a lock first (``WriteQueue``,
        first come first served): waiting in line is fair and quick, where SQLite's own
        busy-retry on a timer gave a long tail.
        """
        with self._write_lock, self.writer.begin() as conn:
            try:
                yield conn
                if self.is_sqlite and self._searchable:
                    case_search.flush(conn)  # cases' text changes into the bigram index
                if conn.info.get(FACTS_DIRTY):
                    from gridapp.reports import fact_store  # the fold lives above the store

                    fact_store.flush(conn)
                unpublished = bool(conn.info.get(event_order.UNPUBLISHED))
                if unpublished and self.is_sqlite:  # the writer lock is global: number now
                    event_order.number_waiting(conn)
            finally:
                conn.info.pop(FACTS_DIRTY, None)  # the info outlives the transaction
                conn.info.pop(event_order.UNPUBLISHED, None)
        if self.checkpoints is not None:
            self.checkpoints.committed()
        if unpublished and not self.is_sqlite:
            # Committed: now give the events their server order. Failing here loses
            # nothing (the next push or pull numbers them) and must not pretend that
            # the committed work failed.
            try:
                self.publish()
            except DBAPIError as exc:
                log.warning("publish after commit failed, left to the next: %s", _safe(exc))

    def write_awaited(self) -> bool:
        """Whether another thread of this process waits to write (SQLite): a long writer
        between two consistent steps commits and lets it go first."""
        return isinstance(self._write_lock, WriteQueue) and self._write_lock.waited()

    def publish(self) -> int:
        """Number the committed events that have no ``seq`` yet (see ``event_order``)."""
        with self._write_lock, self.writer.begin() as conn:
            return event_order.number_waiting(conn)

    def integrity_check(self) -> str:
        if not self.is_sqlite:
            return "ok"
        with self.reader.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA integrity_check").scalar())

    def close(self) -> None:
        self._dispose()

    def _dispose(self) -> None:
        if self.checkpoints is not None:
            self.checkpoints.close()
        for engine in (getattr(self, "reader", None), getattr(self, "writer", None)):
            if engine is not None:
                engine.dispose()
        if self.checkpoints is not None:
            wal_index.sweep()  # SQLite has closed its -shm: our descriptor of it can go


_LOCKS: dict[str, WriteQueue] = {}
_LOCKS_GUARD = threading.Lock()


def _lock_for(url: URL) -> WriteQueue:
    key = str(Path(url.database or "").resolve())
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(key, WriteQueue())


def _url_of(target: Path | str) -> URL:
    if isinstance(target, str) and "://" in target:
        return make_url(target)
    return URL.create("sqlite", database=str(Path(target)))


def _server_engine(url: URL, schema: str | None) -> Engine:
    engine = create_engine(
        url, pool_pre_ping=True, pool_size=5, max_overflow=10, hide_parameters=True
    )
    event.listen(engine, "handle_error", _without_row_values)
    if schema:
        if not schema.replace("_", "").isalnum():
            raise StorageError("bad_schema", "schema name must be alphanumeric")

        @event.listens_for(engine, "connect")
        def _search_path(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f'SET search_path TO "{schema}"')
            cur.close()
            dbapi_conn.commit()

    return engine


def _without_row_values(context: Any) -> None:
    """Drop PostgreSQL's DETAIL/HINT lines from an error's text before anyone logs it.

    ``hide_parameters`` hides the statement's values, but the server repeats them
    itself ("DETAIL: Failing row contains (…, 13907310001, …)"); the first line
    (what failed, on which column) is what an operator needs.
    """
    orig, wrapped = context.original_exception, context.sqlalchemy_exception
    text = str(orig)
    first = text.split("\n", 1)[0]
    if first == text:
        return
    orig.args = (first,)
    if wrapped is not None and wrapped.args and isinstance(wrapped.args[0], str):
        wrapped.args = (wrapped.args[0].replace(text, first), *wrapped.args[1:])


def _safe(exc: BaseException) -> str:
    """An error text without the password a URL may carry."""
    text = str(getattr(exc, "orig", None) or exc)
    return text.splitlines()[0][:300] if text else type(exc).__name__
