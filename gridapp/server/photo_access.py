"""Who may see, fetch and name a photo: a hash is not a key, and not an oracle.

A photo's SHA-256 travels in pulled events, in screenshots, in exported files; knowing
it must not let anyone learn that the photo exists, fetch it, or attach it to a report
of their own to fetch it from there. So a user reaches a stored photo only when

- a case in their scope names it (the same scope as the case itself: ``scope_condition``),
- or they uploaded it themselves, recently: their *receipt* (left by a completed upload,
  which proved they hold every byte) is younger than the retention period less a
  margin. The margin keeps the collector (``photo_gc``), which removes an unnamed photo
  only once its newest receipt is older than the whole retention, from deleting a
  photo between the moment a push checked it and the moment that push commits.

Everything else answers exactly like an absent photo.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from PIL import Image
from sqlalchemy import Connection, select

from gridapp.domain.roles import Actor
from gridapp.server.central import Central
from gridapp.server.settings import ServerSettings
from gridapp.store.case_queries import scope_condition
from gridapp.store.files import ALLOWED_FORMATS, PhotoInfo, inspect_photo
from gridapp.store.object_store import PhotoStore, owner_key
from gridapp.store.schema import case_files, cases


def retention(settings: ServerSettings) -> timedelta:
    """How long a photo no case names is kept after its last upload (at least a day)."""
    return timedelta(days=max(1, settings.photo_retention_days))


def receipt_lifetime(settings: ServerSettings) -> timedelta:
    """How long an upload lets its uploader see and name the photo (see the module)."""
    keep = retention(settings)
    return keep - min(timedelta(days=1), keep / 2)


def utc_now() -> datetime:
    """An absolute instant, compared with the store's own (UTC) file and object times."""
    return datetime.now(UTC)


def in_scope(conn: Connection, actor: Actor, shas: Iterable[str]) -> set[str]:
    """The photos among ``shas`` that a case in the actor's scope names."""
    wanted = sorted(set(shas))
    if not wanted:
        return set()
    query = (
        select(case_files.c.sha256)
        .join(cases, cases.c.id == case_files.c.case_id)
        .where(case_files.c.sha256.in_(wanted), scope_condition(actor))
        .distinct()
    )
    return set(conn.execute(query).scalars())


def own_upload(
    files: PhotoStore, settings: ServerSettings, actor: Actor, sha: str, now: datetime
) -> bool:
    """The actor completed an upload of the photo recently enough to use it."""
    uploaded = files.receipt_time(owner_key(actor.username), sha)
    return uploaded is not None and uploaded > now - receipt_lifetime(settings)


def visible(central: Central, actor: Actor, sha: str) -> bool:
    """Whether the actor may learn that the photo is stored (and fetch it)."""
    with central.db.read() as conn:
        if in_scope(conn, actor, [sha]):
            return True
    return own_upload(central.files, central.settings, actor, sha, utc_now())


def photos_usable_by(
    central: Central, actor: Actor, shas: Iterable[str], conn: Connection
) -> set[str]:
    """The photos among ``shas`` that the actor may name in an event, and that are
    stored: those of cases in their scope and their own recent uploads.

    ``conn`` is the push batch's own connection (a second one could wait on a pool
    emptied by pushes that wait on the batch's lock).
    """
    wanted = set(shas)
    allowed = in_scope(conn, actor, wanted)
    now = utc_now()
    for sha in sorted(wanted - allowed):
        if own_upload(central.files, central.settings, actor, sha, now):
            allowed.add(sha)
    return {sha for sha in allowed if central.files.has(sha)}


def uploaded_photo_info(files: PhotoStore, sha: str) -> PhotoInfo:
    """What a case row records of a photo that ``photos_usable_by`` admitted as its
    actor's own upload. That upload decoded it in full before keeping it (a receipt is
    only left then), so its header suffices: decoding it again would cost a fraction
    of a second per photo inside the push's sequence lock."""
    data = files.read(sha)
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt, (width, height) = img.format, img.size
        mime = ALLOWED_FORMATS[str(fmt)]
    except Exception:  # not what an upload keeps: the full check says why
        return inspect_photo(data)
    return PhotoInfo(sha, len(data), mime, width, height)
