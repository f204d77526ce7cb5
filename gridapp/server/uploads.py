"""Photo uploads by SHA-256: idempotent, resumable, checked before they are kept.

A part sent with ``Content-Range: bytes START-END/TOTAL`` is written at START into
a partial file; HEAD tells the client how much already arrived. When the last
byte is there, the whole is hashed and inspected (a real JPEG/PNG/WebP within the
size and pixel limits) and only then stored content-addressed.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gridapp.errors import ValidationError
from gridapp.store.files import MAX_PHOTO_BYTES, FileStore, inspect_photo
from gridapp.sync.protocol import FileStatus

RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")
SHA = re.compile(r"^[0-9a-f]{64}$")


def _partial(files: FileStore, sha: str) -> Path:
    return files.root / ".partial" / sha


def check_sha(sha: str) -> str:
    if not SHA.match(sha):
        raise ValidationError("bad_sha256", "文件摘要格式错误")
    return sha


def status(files: FileStore, sha: str) -> FileStatus:
    check_sha(sha)
    if files.has(sha):
        return FileStatus(sha256=sha, present=True, size=files.path_for(sha).stat().st_size)
    part = _partial(files, sha)
    return FileStatus(sha256=sha, present=False, offset=part.stat().st_size if part.exists() else 0)


def receive(files: FileStore, sha: str, body: bytes, content_range: str | None) -> FileStatus:
    check_sha(sha)
    if files.has(sha):
        return status(files, sha)  # idempotent: already complete
    if content_range is None:
        result = _finish(files, sha, body)
        _partial(files, sha).unlink(missing_ok=True)  # a stale partial is no longer needed
        return result
    with _locked(files, sha):
        return _receive_part(files, sha, body, content_range)


@contextmanager
def _locked(files: FileStore, sha: str) -> Iterator[None]:
    """One writer per partial file, across threads and service processes (flock)."""
    lock_path = files.root / ".partial" / f"{sha}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _receive_part(files: FileStore, sha: str, body: bytes, content_range: str) -> FileStatus:
    if files.has(sha):
        return status(files, sha)
    match = RANGE.match(content_range.strip())
    if not match:
        raise ValidationError("bad_range", "Content-Range 格式错误")
    start, end, total = (int(g) for g in match.groups())
    if total > MAX_PHOTO_BYTES:
        raise ValidationError("file_too_large", "照片过大", size=total)
    if end < start or end >= total or end - start + 1 != len(body):
        raise ValidationError("bad_range", "Content-Range 与数据长度不符")
    part = _partial(files, sha)
    part.parent.mkdir(parents=True, exist_ok=True)
    have = part.stat().st_size if part.exists() else 0
    if start > have:
        raise ValidationError("range_gap", "分段不连续", offset=have)
    with open(part, "r+b" if part.exists() else "wb") as fh:
        fh.seek(start)
        fh.write(body)
        fh.truncate(max(have, end + 1))
        fh.flush()
        os.fsync(fh.fileno())
    if part.stat().st_size < total:
        return FileStatus(sha256=sha, present=False, offset=part.stat().st_size)
    data = part.read_bytes()
    result = _finish(files, sha, data)
    part.unlink(missing_ok=True)
    return result


def _finish(files: FileStore, sha: str, data: bytes) -> FileStatus:
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError("file_too_large", "照片过大", size=len(data))
    if hashlib.sha256(data).hexdigest() != sha:
        _partial(files, sha).unlink(missing_ok=True)
        raise ValidationError("sha_mismatch", "文件内容与摘要不符")
    info = inspect_photo(data)
    files.write(info, data)
    return FileStatus(sha256=sha, present=True, size=info.size)
