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
- A partial upload lives where every host can resume it: on S3 each received part is
  its own object under ``<prefix>.partial/<sha>/<start>-<stop>``; the offset is how far
  the parts cover the photo without a gap. Two hosts writing the same part write the
  same bytes, and whoever completes the photo first wins (the PUT is idempotent), so
  no cross-host lock is needed.
- Store trouble (bad credentials, endpoint down, missing bucket) is a
  :class:`StorageError` with a fixed message; the credentials never appear in it.
"""

from __future__ import annotations

import fcntl
import io
import logging
import os
import re
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from gridapp.errors import StorageError, ValidationError
from gridapp.store.files import FileStore, PhotoInfo, inspect_photo

if TYPE_CHECKING:
    from minio import Minio

log = logging.getLogger("gridapp.files")

SHA = re.compile(r"^[0-9a-f]{64}$")
PART = re.compile(r"^(\d{10})-(\d{10})$")
UNAVAILABLE = "照片存储暂不可用，请稍后重试"
MISSING_CODES = {"NoSuchKey", "NoSuchObject", "NotFound", "ResourceNotFound"}


@runtime_checkable
class PhotoStore(Protocol):
    """What the service needs of a photo store (both backends implement it)."""

    def has(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int | None:
        """Size of the complete photo, None when it is not (yet) stored."""

    def read(self, sha256: str) -> bytes:
        """The photo's bytes; FileNotFoundError when it is not stored."""

    def write(self, info: PhotoInfo, data: bytes) -> None:
        """Store bytes already checked by ``inspect_photo`` (a no-op when present)."""

    def put_photo(self, data: bytes) -> PhotoInfo: ...

    def check_writable(self) -> None:
        """Write and delete a probe; StorageError/OSError when the store refuses."""

    def describe(self) -> str:
        """Where the photos are, for logs and messages (never a credential)."""

    def partial_lock(self, sha256: str) -> AbstractContextManager[None]:
        """Serialises writers of one partial upload where the backend needs it."""

    def partial_offset(self, sha256: str) -> int:
        """How many leading bytes of an unfinished upload arrived (0: none)."""

    def write_part(self, sha256: str, start: int, body: bytes) -> None:
        """Keep ``body`` at ``start`` (start ≤ partial_offset, checked by the caller)."""

    def read_partial(self, sha256: str) -> bytes:
        """The contiguous received bytes; FileNotFoundError if another host finished."""

    def drop_partial(self, sha256: str) -> None: ...


def check_sha(sha256: str) -> str:
    if not SHA.match(sha256):
        raise ValidationError("bad_sha256", "文件摘要格式错误")
    return sha256


class LocalPhotoStore(FileStore):
    """The photo folder of a single host, with partial uploads under ``.partial``."""

    def describe(self) -> str:
        return str(self.root)

    def size(self, sha256: str) -> int | None:
        try:
            return self.path_for(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def check_writable(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".health-")
        os.close(fd)
        os.unlink(name)

    def _partial(self, sha256: str) -> Path:
        return self.root / ".partial" / check_sha(sha256)

    @contextmanager
    def partial_lock(self, sha256: str) -> Iterator[None]:
        """One writer per partial file, across threads and service processes (flock)."""
        lock_path = self.root / ".partial" / f"{check_sha(sha256)}.lock"
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        with open(lock_path, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def partial_offset(self, sha256: str) -> int:
        part = self._partial(sha256)
        return part.stat().st_size if part.exists() else 0

    def write_part(self, sha256: str, start: int, body: bytes) -> None:
        part = self._partial(sha256)
        part.parent.mkdir(parents=True, exist_ok=True)
        have = part.stat().st_size if part.exists() else 0
        with open(part, "r+b" if part.exists() else "wb") as fh:
            fh.seek(start)
            fh.write(body)
            fh.truncate(max(have, start + len(body)))
            fh.flush()
            os.fsync(fh.fileno())

    def read_partial(self, sha256: str) -> bytes:
        return self._partial(sha256).read_bytes()

    def drop_partial(self, sha256: str) -> None:
        self._partial(sha256).unlink(missing_ok=True)


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

    def _parts(self, sha256: str) -> str:
        return f"{self.prefix}.partial/{check_sha(sha256)}/"

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

    def partial_lock(self, sha256: str) -> AbstractContextManager[None]:
        return nullcontext()  # parts are idempotent objects: no cross-host lock

    def _list_parts(self, sha256: str) -> list[tuple[int, int, str]]:
        """(start, stop, key) of the received parts, by start."""
        found = []
        with self._errors("list"):
            for obj in self.client.list_objects(self.bucket, prefix=self._parts(sha256)):
                name = obj.object_name or ""
                match = PART.match(name.rsplit("/", 1)[-1])
                if match:
                    found.append((int(match.group(1)), int(match.group(2)), name))
        return sorted(found)

    @staticmethod
    def _covered(parts: list[tuple[int, int, str]]) -> int:
        offset = 0
        for start, stop, _ in parts:
            if start > offset:
                break
            offset = max(offset, stop)
        return offset

    def partial_offset(self, sha256: str) -> int:
        return self._covered(self._list_parts(sha256))

    def write_part(self, sha256: str, start: int, body: bytes) -> None:
        key = f"{self._parts(sha256)}{start:010d}-{start + len(body):010d}"
        self._put(key, body, "application/octet-stream")

    def read_partial(self, sha256: str) -> bytes:
        out = bytearray()
        for start, stop, key in self._list_parts(sha256):
            if start > len(out):
                break
            if stop > len(out):
                data = self._get(key)
                out += data[len(out) - start :]
        return bytes(out)

    def drop_partial(self, sha256: str) -> None:
        from minio.deleteobjects import DeleteObject

        keys = [DeleteObject(key) for _, _, key in self._list_parts(sha256)]
        if keys:
            with self._errors("delete"):
                for error in self.client.remove_objects(self.bucket, keys):
                    log.warning("photo store: part %s not deleted: %s", error.name, error.code)


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
