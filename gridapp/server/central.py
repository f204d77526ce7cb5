"""The central store as the service sees it: database, files, reference data, epoch.

Several service processes may serve one database: nothing here is cached that
another process could change without this one noticing (the reference data is
re-read when its version counter moves).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from gridapp import clock
from gridapp.casework.service import CaseService
from gridapp.domain.catalog import Catalog, load_catalog
from gridapp.domain.limit_overrides import overrides_from_json, with_overrides
from gridapp.server.open311.read_limit import ReadLimit
from gridapp.server.settings import ServerSettings
from gridapp.store import event_order
from gridapp.store.database import Database
from gridapp.store.meta_values import meta_value
from gridapp.store.object_store import PhotoStore, open_photo_store
from gridapp.store.reference import ReferenceData, load_reference
from gridapp.store.schema import counters, meta

log = logging.getLogger("gridapp.server.central")


def _now() -> datetime:
    return clock.now()


class Central:
    def __init__(self, settings: ServerSettings, *, clock: Callable[[], datetime] = _now) -> None:
        self.settings = settings
        self.clock = clock
        self.db = Database(settings.db_url, schema=settings.db_schema)
        # A folder on one host, an S3 bucket shared by several (GRIDAPP_FILES=s3://…).
        self.files: PhotoStore = open_photo_store(settings.files_dir, settings.s3_config())
        self.catalog: Catalog = load_catalog()
        self.epoch = self._ensure_epoch()
        self._publish_left_over()
        self.county_code = self._meta("county_code") or "370306"
        self._reference: ReferenceData | None = None
        self._reference_version = -1
        self._local_catalog: tuple[tuple[int, int], Catalog] | None = None
        self.open311_reads = ReadLimit(settings.open311_reads_per_minute)

    def _meta(self, key: str) -> str | None:
        with self.db.read() as conn:
            return meta_value(conn, key)

    def _publish_left_over(self) -> None:
        """Number the events a process killed between its commit and its publish left
        without a seq (``store.event_order``): a restarted service serves a complete,
        numbered log at once, not only after the next push or pull."""
        with self.db.read() as conn:
            waiting = event_order.any_waiting(conn)
        if waiting:
            numbered = self.db.publish()
            log.info("numbered %d events left unpublished by a stopped process", numbered)

    def _ensure_epoch(self) -> str:
        """A new store gets a random epoch; a restored one gets a new one (see restore).

        Several worker processes start at once: the first insert wins, the others
        (ON CONFLICT DO NOTHING) read the winner's value.
        """
        epoch = self._meta("epoch")
        if epoch:
            return epoch
        with self.db.write() as conn:
            dialect_insert = (
                postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
            )
            conn.execute(
                dialect_insert(meta)
                .values(key="epoch", value=str(uuid.uuid4()))
                .on_conflict_do_nothing()
            )
        epoch = self._meta("epoch")
        assert epoch is not None
        return epoch

    def reference_version(self) -> int:
        with self.db.read() as conn:
            value = conn.execute(
                select(counters.c.value).where(counters.c.name == "reference_version")
            ).scalar()
        return int(value or 0)

    def reference(self) -> ReferenceData:
        """The reference data, re-read when another process (or an admin) changed it."""
        version = self.reference_version()
        if self._reference is None or version != self._reference_version:
            with self.db.read() as conn:
                self._reference = load_reference(conn)
            self._reference_version = version
        return self._reference

    def local_catalog(self, reference: ReferenceData | None = None) -> Catalog:
        """The catalog with the administrator's limits of the current reference version
        (``reference``: that version, already read by the caller)."""
        reference = reference or self.reference()
        key = (id(self.catalog), self._reference_version)
        if self._local_catalog is None or self._local_catalog[0] != key:
            overrides = overrides_from_json(reference.limit_overrides, self.catalog)
            self._local_catalog = (key, with_overrides(self.catalog, overrides))
        return self._local_catalog[1]

    def service(self) -> CaseService:
        reference = self.reference()  # one look at the version counter per request
        return CaseService(
            self.db,
            self.files,  # type: ignore[arg-type]  # a PhotoStore has FileStore's has/write
            reference,
            self.local_catalog(reference),
            county_code=self.county_code,
            authority=True,
            clock=self.clock,
        )

    def close(self) -> None:
        self.db.close()
