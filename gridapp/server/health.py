"""Health: database reachable, migrations current, file store writable."""

from __future__ import annotations

import os
import tempfile

from gridapp.server.central import Central
from gridapp.store.database import current_revision, head_revision
from gridapp.sync.protocol import Health


def health_of(central: Central) -> Health:
    try:
        with central.db.read() as conn:
            conn.exec_driver_sql("SELECT 1")
        database = True
        migrations = current_revision(central.db.writer) == head_revision()
    except Exception:
        database = migrations = False
    try:
        central.files.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=central.files.root, prefix=".health-")
        os.close(fd)
        os.unlink(name)
        writable = True
    except OSError:
        writable = False
    ok = database and migrations and writable
    return Health(
        status="ok" if ok else "degraded",
        database=database,
        migrations_current=migrations,
        files_writable=writable,
        epoch=central.epoch,
    )
