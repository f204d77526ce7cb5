"""Health: database reachable, migrations current, file store writable."""

from __future__ import annotations

import logging

from gridapp.errors import StorageError
from gridapp.server.central import Central
from gridapp.store.database import current_revision, head_revision
from gridapp.sync.protocol import Health

log = logging.getLogger("gridapp.server")


def health_of(central: Central) -> Health:
    try:
        with central.db.read() as conn:
            conn.exec_driver_sql("SELECT 1")
        database = True
        migrations = current_revision(central.db.writer) == head_revision()
    except Exception:
        database = migrations = False
    try:
        # A probe written and deleted: a folder or a bucket that refuses it is degraded.
        central.files.check_writable()
        writable = True
    except (OSError, StorageError):
        log.warning("health: photo store %s is not writable", central.files.describe())
        writable = False
    ok = database and migrations and writable
    return Health(
        status="ok" if ok else "degraded",
        database=database,
        migrations_current=migrations,
        files_writable=writable,
        epoch=central.epoch,
        catalog=central.catalog.version,
    )
