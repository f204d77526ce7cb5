"""What the service needs of a photo store, and the names both stores share.

Two stores follow :class:`PhotoStore`: a folder on one host
(:mod:`gridapp.store.local_photo_store`) and a bucket on an S3-compatible store that
several hosts share (:mod:`gridapp.store.object_store`). Their layouts match:
``<ab>/<sha256>`` for photos, ``.partial/<owner>/<sha256>`` for unfinished uploads,
``.uploads/<sha256>/<owner>`` for upload receipts (see the object store's notes).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from gridapp.errors import ValidationError
from gridapp.store.files import PhotoInfo

if TYPE_CHECKING:
    from sqlalchemy import Connection

SHA = re.compile(r"^[0-9a-f]{64}$")
OWNER = re.compile(r"^u-[0-9a-f]{2,256}$")
PARTIALS, RECEIPTS = ".partial", ".uploads"


@dataclass(frozen=True)
class StoredPhoto:
    """A complete photo in the store, as the collector sees it."""

    sha256: str
    size: int
    modified: datetime  # aware (UTC)


@dataclass(frozen=True)
class Receipt:
    """``owner`` completed an upload of ``sha256`` at ``modified`` (aware, UTC)."""

    sha256: str
    owner: str
    modified: datetime


@dataclass(frozen=True)
class Removed:
    """Something a sweep deleted: a partial upload or a leftover temp file."""

    name: str
    size: int


@runtime_checkable
class PhotoStore(Protocol):
    """What the service needs of a photo store (both backends implement it).

    ``owner`` is always an :func:`owner_key`, never a raw username.
    """

    def has(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int | None:
        """Size of the complete photo, None when it is not (yet) stored."""

    def read(self, sha256: str) -> bytes:
        """The photo's bytes; FileNotFoundError when it is not stored."""

    def write(self, info: PhotoInfo, data: bytes) -> None:
        """Store bytes already checked by ``inspect_photo`` (a no-op when present)."""

    def keep(self, conn: Connection, info: PhotoInfo, data: bytes, at: datetime) -> None:
        """Store a checked photo of the event ``conn`` writes (before it commits)."""

    def committed(self) -> None:
        """The transaction that kept photos committed."""

    def put_photo(self, data: bytes) -> PhotoInfo: ...

    def check_writable(self) -> None:
        """Write and delete a probe; StorageError/OSError when the store refuses."""

    def describe(self) -> str:
        """Where the photos are, for logs and messages (never a credential)."""

    def partial_lock(self, owner: str, sha256: str) -> AbstractContextManager[None]:
        """Serialises writers of one partial upload where the backend needs it."""

    def partial_offset(self, owner: str, sha256: str) -> int:
        """How many leading bytes of an unfinished upload arrived (0: none)."""

    def write_part(self, owner: str, sha256: str, start: int, body: bytes) -> None:
        """Keep ``body`` at ``start`` (start ≤ partial_offset, checked by the caller)."""

    def read_partial(self, owner: str, sha256: str) -> bytes:
        """The contiguous received bytes; FileNotFoundError if another host finished."""

    def drop_partial(self, owner: str, sha256: str) -> None:
        """Forget the partial upload (under ``partial_lock``)."""

    def add_receipt(self, owner: str, sha256: str) -> None:
        """Record (or refresh) that ``owner`` completed an upload of the photo now."""

    def receipt_time(self, owner: str, sha256: str) -> datetime | None:
        """When ``owner`` last completed an upload of the photo; None if never (or swept)."""

    def receipts(self, sha256: str | None = None) -> Iterator[Receipt]:
        """Every receipt, or those of one photo."""

    def remove_receipt(self, owner: str, sha256: str) -> None: ...

    def photos(self) -> Iterator[StoredPhoto]:
        """Every complete photo (a listing: may be long on a big store)."""

    def remove_photo(self, sha256: str) -> None:
        """Delete a photo (the collector's decision: no case names it)."""

    def sweep_partials(self, older_than: datetime) -> list[Removed]:
        """Delete partial uploads untouched since ``older_than`` (and temp leftovers);
        a partial being written right now is left alone."""


def check_sha(sha256: str) -> str:
    if not SHA.match(sha256):
        raise ValidationError("bad_sha256", "文件摘要格式错误")
    return sha256


def owner_key(username: str) -> str:
    """A user's name as a safe file/object name component (hex: any username fits)."""
    return "u-" + username.encode("utf-8").hex()


def check_owner(owner: str) -> str:
    if not OWNER.match(owner):
        raise ValueError("not an owner key")
    return owner
