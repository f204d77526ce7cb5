"""Collecting what uploads leave behind, so the photo store does not pile up.

- An unfinished upload untouched for ``partial_upload_hours`` (a day) is abandoned:
  its client would have resumed it by now (a resumed upload writes, so it is fresh).
- A stored photo that no case names (no ``case_files``/``attachments`` row) is removed
  once its newest upload receipt — or, without one, the photo itself — is older than
  ``photo_retention_days``. Retention counts from the *upload*: an officer's photo
  whose report is still waiting in the laptop's outbox stays, and every re-upload
  renews it. A named photo is never removed.
- Receipts older than the retention are dropped (they no longer grant anything:
  ``photo_access.receipt_lifetime`` is shorter).

Ages are physical durations between the store's own UTC file/object times and the
current instant, so the host's time zone plays no part. ``gridapp gc`` runs it by hand
(or from cron); each service process runs :class:`PhotoSweeper`, and a row in ``meta``
lets only one of them sweep per interval.
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, union, update
from sqlalchemy.dialects import postgresql, sqlite

from gridapp.server.central import Central
from gridapp.server.photo_access import retention, utc_now
from gridapp.store.database import Database
from gridapp.store.photo_store import Removed, StoredPhoto
from gridapp.store.schema import attachments, case_files, meta

log = logging.getLogger("gridapp.gc")

BATCH = 500  # photos checked against the database per query
CLAIM_KEY = "photo_gc_at"


@dataclass
class GcReport:
    partials: list[Removed] = field(default_factory=list)
    photos: list[StoredPhoto] = field(default_factory=list)
    receipts: int = 0

    @property
    def freed(self) -> int:
        return sum(p.size for p in self.partials) + sum(p.size for p in self.photos)

    def summary(self) -> str:
        return (
            f"removed {len(self.partials)} abandoned uploads "
            f"({_mb(sum(p.size for p in self.partials))}), "
            f"{len(self.photos)} photos no case names ({_mb(sum(p.size for p in self.photos))}), "
            f"{self.receipts} expired upload receipts; freed {_mb(self.freed)}"
        )


def _mb(size: int) -> str:
    return f"{size / 1048576:.1f} MB"


def collect(
    central: Central, *, now: datetime | None = None, stop: threading.Event | None = None
) -> GcReport:
    """One collection over the whole store; ``now`` (aware) for tests."""
    now = now or utc_now()
    files, settings = central.files, central.settings
    report = GcReport()
    abandoned_after = timedelta(hours=max(1, settings.partial_upload_hours))
    report.partials = files.sweep_partials(now - abandoned_after)
    keep_after = now - retention(settings)
    newest: dict[str, datetime] = {}
    expired = []
    for receipt in files.receipts():
        if receipt.sha256 not in newest or receipt.modified > newest[receipt.sha256]:
            newest[receipt.sha256] = receipt.modified
        if receipt.modified < keep_after:
            expired.append(receipt)
    batch: list[StoredPhoto] = []
    for photo in files.photos():
        if stop is not None and stop.is_set():
            return report
        if max(photo.modified, newest.get(photo.sha256, photo.modified)) < keep_after:
            batch.append(photo)
        if len(batch) >= BATCH:
            report.photos += _collect_unnamed(central, batch, keep_after)
            batch = []
    report.photos += _collect_unnamed(central, batch, keep_after)
    collected = {photo.sha256 for photo in report.photos}  # their receipts went with them
    for receipt in expired:
        if receipt.sha256 not in collected:
            files.remove_receipt(receipt.owner, receipt.sha256)
            report.receipts += 1
    return report


def _collect_unnamed(
    central: Central, photos: list[StoredPhoto], keep_after: datetime
) -> list[StoredPhoto]:
    named = _named(central.db, [p.sha256 for p in photos])
    removed = []
    for photo in photos:
        if photo.sha256 in named:
            continue
        # Somebody may have uploaded it again since the listing: look once more.
        receipts = list(central.files.receipts(photo.sha256))
        if any(r.modified >= keep_after for r in receipts):
            continue
        for receipt in receipts:
            central.files.remove_receipt(receipt.owner, receipt.sha256)
        central.files.remove_photo(photo.sha256)
        removed.append(photo)
    return removed


def _named(db: Database, shas: Iterable[str]) -> set[str]:
    """The photos among ``shas`` that a case (an event) names."""
    wanted = sorted(set(shas))
    if not wanted:
        return set()
    query = union(
        select(case_files.c.sha256).where(case_files.c.sha256.in_(wanted)),
        select(attachments.c.sha256).where(attachments.c.sha256.in_(wanted)),
    )
    with db.read() as conn:
        return set(conn.execute(query).scalars())


# -- the service's own sweep --------------------------------------------------------------


def claim_sweep(db: Database, now: datetime, interval_s: float) -> bool:
    """True for the one process that should sweep now: the last sweep (of any process
    on this database) is at least about an interval ago. The row is locked (PostgreSQL)
    or the write serialised (SQLite), so two processes never both win."""
    with db.write() as conn:
        insert = postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert
        conn.execute(insert(meta).values(key=CLAIM_KEY, value="").on_conflict_do_nothing())
        last = conn.execute(
            select(meta.c.value).where(meta.c.key == CLAIM_KEY).with_for_update()
        ).scalar()
        if last:
            try:
                if now - datetime.fromisoformat(last) < timedelta(seconds=0.9 * interval_s):
                    return False
            except (TypeError, ValueError):
                pass  # unreadable: take it over
        conn.execute(update(meta).where(meta.c.key == CLAIM_KEY).values(value=now.isoformat()))
    return True


class PhotoSweeper:
    """A background thread of a service process: every ``photo_gc_interval_s`` it
    claims the sweep and, if it won, collects. Off when the interval is 0."""

    def __init__(self, central: Central) -> None:
        self.central = central
        self.interval = central.settings.photo_gc_interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @classmethod
    def start(cls, central: Central) -> PhotoSweeper:
        sweeper = cls(central)
        if sweeper.interval > 0:
            sweeper._thread = threading.Thread(target=sweeper._run, name="photo-gc", daemon=True)
            sweeper._thread.start()
        return sweeper

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=30)

    def _run(self) -> None:
        # First soon after start (a service restarted more often than hourly still
        # sweeps: the claim row remembers the last sweep), then every interval.
        wait = min(self.interval, 60.0)
        while not self._stop.wait(wait):
            wait = self.interval
            try:
                if claim_sweep(self.central.db, utc_now(), self.interval):
                    report = collect(self.central, stop=self._stop)
                    if report.partials or report.photos or report.receipts:
                        log.info("photo gc: %s", report.summary())
            except Exception as exc:  # never let the sweep take the service down
                log.warning("photo gc failed: %s", type(exc).__name__, exc_info=True)


# -- gridapp gc ---------------------------------------------------------------------------


def gc_command(args: argparse.Namespace) -> int:
    """Collect abandoned uploads and unnamed photos now, and say what went."""
    from gridapp.server.main import settings_from

    settings = settings_from(args)
    if args.retention_days is not None:
        settings = dataclasses.replace(settings, photo_retention_days=args.retention_days)
    central = Central(settings)
    try:
        report = collect(central)
    finally:
        central.close()
    for partial in report.partials:
        print(f"  abandoned upload {partial.name}  {partial.size:,} bytes")
    for photo in report.photos:
        print(f"  photo {photo.sha256}  {photo.size:,} bytes  (stored {photo.modified:%Y-%m-%d})")
    print(f"{central.files.describe()}: {report.summary()}")
    return 0


def add_gc_command(sub: argparse._SubParsersAction) -> None:
    from gridapp.server.main import _db_args

    g = sub.add_parser(
        "gc",
        help="清理无主照片 / remove abandoned uploads and photos no case names (after retention)",
    )
    _db_args(g)
    g.add_argument(
        "--retention-days",
        type=int,
        default=None,
        help="keep unnamed photos this long after their last upload (GRIDAPP_PHOTO_RETENTION_DAYS)",
    )
    g.set_defaults(run=gc_command)
