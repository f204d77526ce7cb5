"""Photo uploads by SHA-256: idempotent, resumable, checked before they are kept.

A part sent with ``Content-Range: bytes START-END/TOTAL`` is kept by the photo store
(a partial file on one host, one object per part in a shared bucket, so a resumed
upload may land on any host); HEAD tells the client how much already arrived. When
the last byte is there, the whole is hashed and inspected (a real JPEG/PNG/WebP
within the size and pixel limits) and only then stored content-addressed: a photo
is never visible under its final name half-written or unverified.
"""

from __future__ import annotations

import hashlib
import re

from gridapp.errors import ValidationError
from gridapp.store.files import MAX_PHOTO_BYTES, inspect_photo
from gridapp.store.object_store import PhotoStore
from gridapp.store.object_store import check_sha as check_sha
from gridapp.sync.protocol import FileStatus

RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def status(files: PhotoStore, sha: str) -> FileStatus:
    check_sha(sha)
    size = files.size(sha)
    if size is not None:
        return FileStatus(sha256=sha, present=True, size=size)
    return FileStatus(sha256=sha, present=False, offset=files.partial_offset(sha))


def receive(files: PhotoStore, sha: str, body: bytes, content_range: str | None) -> FileStatus:
    check_sha(sha)
    size = files.size(sha)
    if size is not None:  # idempotent: already complete
        return FileStatus(sha256=sha, present=True, size=size)
    if content_range is None:
        result = _finish(files, sha, body)
        files.drop_partial(sha)  # a stale partial is no longer needed
        return result
    with files.partial_lock(sha):
        return _receive_part(files, sha, body, content_range)


def _receive_part(files: PhotoStore, sha: str, body: bytes, content_range: str) -> FileStatus:
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
    have = files.partial_offset(sha)
    if start > have:
        raise ValidationError("range_gap", "分段不连续", offset=have)
    files.write_part(sha, start, body)
    offset = max(have, end + 1)  # parts another host got meanwhile: the client resends
    if offset < total:
        return FileStatus(sha256=sha, present=False, offset=offset)
    try:
        data = files.read_partial(sha)
    except FileNotFoundError:
        # Another host completed the photo and dropped the parts meanwhile.
        return status(files, sha)
    result = _finish(files, sha, data)
    files.drop_partial(sha)
    return result


def _finish(files: PhotoStore, sha: str, data: bytes) -> FileStatus:
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError("file_too_large", "照片过大", size=len(data))
    if hashlib.sha256(data).hexdigest() != sha:
        files.drop_partial(sha)
        raise ValidationError("sha_mismatch", "文件内容与摘要不符")
    info = inspect_photo(data)
    files.write(info, data)
    return FileStatus(sha256=sha, present=True, size=info.size)
