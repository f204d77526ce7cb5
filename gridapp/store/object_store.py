"""Where the service keeps photos: a local folder, or a bucket on an S3-compatible store.

One service host keeps photos in a folder (:class:`LocalPhotoStore`, the durable
:class:`~gridapp.store.files.FileStore` plus resumable uploads). Several hosts behind
one proxy must all see every photo and every half-finished upload, so they share a
bucket (:class:`S3PhotoStore`, MinIO or any S3 API, through the ``minio`` SDK).

Both follow :class:`PhotoStore`, so the server code never asks which one runs. The
rules that make them interchangeable:

- A photo appears under its final name (its SHA-256) only whole and verified: the
  folder renames a fsynced temp file, the bucket gets a single PUT (atomic in S3)
  after the upload code checked the hash.
- A partial upload belongs to the user who sends it (``owner``, see :func:`owner_key`):
  another user uploading the same photo builds their own, so nobody can read or
  overwrite somebody else's. It lives where every host can resume it: on S3 each
  received part is its own object under ``<prefix>.partial/<owner>/<sha>/<start>-<stop>``;
  the offset is how far the parts cover the photo without a gap. Two hosts writing
  the same part write the same bytes, and whoever completes the photo first wins (the
  PUT is idempotent), so no cross-host lock is needed.
- A completed upload leaves a *receipt* ``.uploads/<sha>/<owner>`` (an empty file or
  object; its modification time is the upload time): the service lets a user see and
  name only photos of their scope or of their own recent uploads, and the collector
  (``gridapp.server.photo_gc``) counts a photo's retention from its newest receipt.
- Store trouble (bad credentials, endpoint down, missing bucket) is a
  :class:`StorageError` with a fixed message; the credentials never appear in it.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from gridapp.errors import StorageError
from gridapp.store.files import PhotoInfo, inspect_photo
from gridapp.store.local_photo_store import LocalPhotoStore
from gridapp.store.photo_store import (
    OWNER,
    PARTIALS,
    RECEIPTS,
    SHA,
    PhotoStore,
    Receipt,
    Removed,
    StoredPhoto,
    check_owner,
    check_sha,
    owner_key,
)

if TYPE_CHECKING:
    from minio import Minio
    from sqlalchemy import Connection

__all__ = [
    "LocalPhotoStore",
    "PhotoStore",
    "S3Config",
    "S3PhotoStore",
    "check_sha",
    "make_client",
    "open_photo_store",
    "owner_key",
    "parse_s3_location",
]

log = logging.getLogger("gridapp.files")

PART = re.compile(r"^(\d{10})-(\d{10})$")
UNAVAILABLE = "照片存储暂不可用，请稍后重试"
MISSING_CODES = {"NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound"}


@dataclass(frozen=True)
class S3Config:
    """How to reach the object store; ``secret_key`` is kept out of repr (and logs)."""

    endpoint: str
    access_key: str
    secret_key: str = field(repr=False)
    secure: bool = True
    region: str = "us-east-1"


def parse_s3_location(location: str | Path) -> tuple[str, str] | None:
    """``s3://bucket/prefix`` → (bucket, "prefix/"); None for a local folder.

    ``s3:/bucket`` is accepted too: a ``Path`` made of the setting folds the ``//``.
    """
    text = str(location)
    match = re.match(r"^s3:/{1,2}([^/]+)/?(.*)$", text)
    if not match:
        return None
    bucket, prefix = match.group(1), match.group(2).strip("/")
    return bucket, (prefix + "/" if prefix else "")


def make_client(config: S3Config) -> Minio:
    """A thread-safe minio client with short timeouts (a dead store must not hang pushes)."""
    import urllib3
    from minio import Minio

    endpoint, secure = config.endpoint, config.secure
    for scheme, is_secure in (("https://", True), ("http://", False)):
        if endpoint.startswith(scheme):
            endpoint, secure = endpoint[len(scheme) :], is_secure
    http = urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=5, read=30),
        maxsize=32,
        # S3 asks clients to retry 500 InternalError and 503 SlowDown; every call here
        # is idempotent (content-addressed keys, parts named by their range).
        retries=urllib3.Retry(total=3, backoff_factor=0.1, status_forcelist=[500, 502, 503, 504]),
    )
    return Minio(
        endpoint.rstrip("/"),
        access_key=config.access_key,
        secret_key=config.secret_key,
        secure=secure,
        region=config.region,
        http_client=http,
    )


class S3PhotoStore:
    """Photos as objects ``<prefix><ab>/<sha256>`` in a bucket several hosts share."""

    def __init__(self, client: Minio, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}"

    def _key(self, sha256: str) -> str:
        check_sha(sha256)
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    def _parts(self, owner: str, sha256: str) -> str:
        return f"{self.prefix}{PARTIALS}/{check_owner(owner)}/{check_sha(sha256)}/"

    def _receipt(self, owner: str, sha256: str) -> str:
        return f"{self.prefix}{RECEIPTS}/{check_sha(sha256)}/{check_owner(owner)}"

    def _list(self, prefix: str) -> Iterator[tuple[str, int, datetime]]:
        """(key, size, last modified) of every object under ``prefix``, in key order."""
        with self._errors("list"):
            for obj in self.client.list_objects(self.bucket, prefix=prefix, recursive=True):
                modified = obj.last_modified or datetime.now(UTC)
                yield obj.object_name or "", int(obj.size or 0), modified

    def _delete(self, keys: list[str]) -> None:
        from minio.deleteobjects import DeleteObject

        if keys:
            with self._errors("delete"):
                objects = [DeleteObject(key) for key in keys]
                for error in self.client.remove_objects(self.bucket, objects):
                    log.warning("photo store: %s not deleted: %s", error.name, error.code)

    @contextmanager
    def _errors(self, what: str) -> Iterator[None]:
        """Any failure of the store → StorageError with a fixed message (no secrets)."""
        from minio.error import MinioException
        from urllib3.exceptions import HTTPError

        try:
            yield
        except (MinioException, HTTPError, OSError, ValueError) as exc:
            if isinstance(exc, FileNotFoundError):
                raise
            code = getattr(exc, "code", None) or type(exc).__name__
            log.warning("photo store %s failed on %s: %s", self.describe(), what, code)
            raise StorageError("file_store_unavailable", UNAVAILABLE, reason=str(code)) from None

    def _missing(self, exc: Exception) -> bool:
        from minio.error import S3Error

        return isinstance(exc, S3Error) and exc.code in MISSING_CODES

    def size(self, sha256: str) -> int | None:
        key = self._key(sha256)
        with self._errors("stat"):
            try:
                return int(self.client.stat_object(self.bucket, key).size or 0)
            except Exception as exc:
                if self._missing(exc):
                    return None
                raise

    def has(self, sha256: str) -> bool:
        return self.size(sha256) is not None

    def _get(self, key: str) -> bytes:
        """One object's bytes; FileNotFoundError when it is absent."""
        with self._errors("get"):
            try:
                response = self.client.get_object(self.bucket, key)
            except Exception as exc:
                if self._missing(exc):
                    raise FileNotFoundError(key) from None
                raise
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def read(self, sha256: str) -> bytes:
        return self._get(self._key(sha256))

    def _put(self, key: str, data: bytes, content_type: str) -> None:
        with self._errors("put"):
            self.client.put_object(
                self.bucket, key, io.BytesIO(data), len(data), content_type=content_type
            )

    def write(self, info: PhotoInfo, data: bytes) -> None:
        if self.size(info.sha256) == info.size:
            return
        self._put(self._key(info.sha256), data, info.mime)

    def keep(self, conn: Connection, info: PhotoInfo, data: bytes, at: datetime) -> None:
        self.write(info, data)  # in the bucket before the event commits

    def committed(self) -> None:
        """Nothing waits: photos went to the bucket before the commit."""

    def put_photo(self, data: bytes) -> PhotoInfo:
        info = inspect_photo(data)
        self.write(info, data)
        return info

    def check_writable(self) -> None:
        key = f"{self.prefix}.health/{uuid.uuid4().hex}"
        self._put(key, b"ok", "text/plain")
        with self._errors("delete"):
            self.client.remove_object(self.bucket, key)

    # -- resumable uploads: one object per received part --------------------------

    def partial_lock(self, owner: str, sha256: str) -> AbstractContextManager[None]:
        return nullcontext()  # parts are idempotent objects: no cross-host lock

    def _list_parts(self, owner: str, sha256: str) -> list[tuple[int, int, str]]:
        """(start, stop, key) of the received parts, by start."""
        found = []
        for key, _, _ in self._list(self._parts(owner, sha256)):
            match = PART.match(key.rsplit("/", 1)[-1])
            if match:
                found.append((int(match.group(1)), int(match.group(2)), key))
        return sorted(found)

    @staticmethod
    def _covered(parts: list[tuple[int, int, str]]) -> int:
        offset = 0
        for start, stop, _ in parts:
            if start > offset:
                break
            offset = max(offset, stop)
        return offset

    def partial_offset(self, owner: str, sha256: str) -> int:
        return self._covered(self._list_parts(owner, sha256))

    def write_part(self, owner: str, sha256: str, start: int, body: bytes) -> None:
        key = f"{self._parts(owner, sha256)}{start:010d}-{start + len(body):010d}"
        self._put(key, body, "application/octet-stream")

    def read_partial(self, owner: str, sha256: str) -> bytes:
        out = bytearray()
        for start, stop, key in self._list_parts(owner, sha256):
            if start > len(out):
                break
            if stop > len(out):
                data = self._get(key)
                out += data[len(out) - start :]
        return bytes(out)

    def drop_partial(self, owner: str, sha256: str) -> None:
        self._delete([key for _, _, key in self._list_parts(owner, sha256)])

    # -- receipts ----------------------------------------------------------------------

    def add_receipt(self, owner: str, sha256: str) -> None:
        self._put(self._receipt(owner, sha256), b"", "application/octet-stream")

    def receipt_time(self, owner: str, sha256: str) -> datetime | None:
        key = self._receipt(owner, sha256)
        with self._errors("stat"):
            try:
                return self.client.stat_object(self.bucket, key).last_modified
            except Exception as exc:
                if self._missing(exc):
                    return None
                raise

    def receipts(self, sha256: str | None = None) -> Iterator[Receipt]:
        prefix = f"{self.prefix}{RECEIPTS}/" + (f"{check_sha(sha256)}/" if sha256 else "")
        for key, _, modified in self._list(prefix):
            sha, _, owner = key[len(self.prefix) + len(RECEIPTS) + 1 :].partition("/")
            if SHA.match(sha) and OWNER.match(owner):
                yield Receipt(sha, owner, modified)

    def remove_receipt(self, owner: str, sha256: str) -> None:
        self._delete([self._receipt(owner, sha256)])

    # -- what the collector needs ------------------------------------------------------

    def photos(self) -> Iterator[StoredPhoto]:
        for key, size, modified in self._list(self.prefix):
            folder, _, sha = key[len(self.prefix) :].partition("/")
            if SHA.match(sha) and sha[:2] == folder:
                yield StoredPhoto(sha, size, modified)

    def remove_photo(self, sha256: str) -> None:
        self._delete([self._key(sha256)])

    def sweep_partials(self, older_than: datetime) -> list[Removed]:
        """Parts grouped by their upload (``.partial/<owner>/<sha>/``, or the older
        ``.partial/<sha>/``); an upload whose newest part is old goes whole."""
        uploads: dict[str, list[tuple[str, int, datetime]]] = {}
        for key, size, modified in self._list(f"{self.prefix}{PARTIALS}/"):
            uploads.setdefault(key.rsplit("/", 1)[0], []).append((key, size, modified))
        removed = []
        for folder, parts in uploads.items():
            if max(modified for _, _, modified in parts) < older_than:
                self._delete([key for key, _, _ in parts])
                name = folder[len(self.prefix) :]
                removed.append(Removed(name, sum(size for _, size, _ in parts)))
        for key, size, modified in self._list(f"{self.prefix}.health/"):
            if modified < older_than:
                self._delete([key])
                removed.append(Removed(key[len(self.prefix) :], size))
        return removed


def open_photo_store(location: str | Path, s3: S3Config | None = None) -> PhotoStore:
    """The store ``GRIDAPP_FILES`` names: ``s3://bucket/prefix`` or a folder path."""
    parsed = parse_s3_location(location)
    if parsed is None:
        return LocalPhotoStore(Path(location))
    if s3 is None or not s3.endpoint:
        raise StorageError(
            "file_store_config", "GRIDAPP_FILES 为 s3:// 时需要设置 GRIDAPP_S3_ENDPOINT"
        )
    bucket, prefix = parsed
    return S3PhotoStore(make_client(s3), bucket, prefix)
