"""A store made by the previous schema version upgrades on open, after a backup copy.

The old store is built for real: Alembic stops at revision 0001, then rows are
written into it; opening it with the current code must keep every row, and a
failed upgrade must leave the old file untouched and usable.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from gridapp.errors import StorageError
from gridapp.store.database import Database, alembic_config, head_revision


def make_store_at(path: Path, revision: str) -> None:
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO meta (key, value) VALUES ('store_role', 'client')")
        conn.execute("INSERT INTO meta (key, value) VALUES ('marker', 'kept')")


def revision_of(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def meta_rows(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as conn:
        return dict(conn.execute("SELECT key, value FROM meta"))


def test_old_store_upgrades_with_a_backup(tmp_path):
    path = tmp_path / "client.db"
    make_store_at(path, "0001")
    assert revision_of(path) == "0001"

    Database(path).close()

    assert revision_of(path) == head_revision() != "0001"
    assert meta_rows(path)["marker"] == "kept"
    (backup,) = tmp_path.glob("client.before-upgrade-0001-*.db")
    assert revision_of(backup) == "0001"
    assert meta_rows(backup)["marker"] == "kept"
    # Opening again: nothing to do, so no second backup.
    Database(path).close()
    assert len(list(tmp_path.glob("client.before-upgrade-*.db"))) == 1


def test_failed_upgrade_leaves_the_old_store_as_it_was(tmp_path):
    path = tmp_path / "client.db"
    make_store_at(path, "0001")
    # Something in the way of revision 0002 (a table of that name made by hand).
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE user_settings (x INTEGER)")
    before = meta_rows(path)

    with pytest.raises(StorageError) as err:
        Database(path)

    assert err.value.code == "migration_failed"
    assert "0001" in err.value.message
    assert err.value.details["backup"]
    assert revision_of(path) == "0001"  # the upgrade ran in one transaction: rolled back
    assert meta_rows(path) == before
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_store_from_a_newer_program_is_refused_clearly(tmp_path):
    path = tmp_path / "client.db"
    make_store_at(path, "0001")
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")

    with pytest.raises(StorageError) as err:
        Database(path)

    assert err.value.code == "store_too_new"
    assert revision_of(path) == "9999"
