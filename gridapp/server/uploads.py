"""Photo uploads by SHA-256: idempotent, resumable, per uploader, checked before they are kept.

A part sent with ``Content-Range: bytes START-END/TOTAL`` is kept by the photo store
in the sender's own partial upload (a partial file on one host, one object per part in
a shared bucket, so a resumed upload may land on any host); the status tells the
client how much of *its* upload already arrived. Another user sending the same photo
builds a partial of their own, in parallel: neither can read the other's offset nor
overwrite its bytes, and waiting for the first would let one stalled upload block the
other (whoever completes first stores the photo; the other's completion finds it there).

When the last byte is there, the whole is hashed and inspected (a real JPEG/PNG/WebP,
decoded in full within the size and pixel limits) and only then stored
content-addressed, with the uploader's receipt: a photo is never visible under its
final name half-written or unverified.

A photo the caller may not see (``photo_access``) is answered as absent, even if it
is stored: the caller then uploads it whole like any new photo, which proves they
have its bytes, and their receipt lets them name it.
"""

from __future__ import annotations

import hashlib
import re

from gridapp.domain.roles import Actor
from gridapp.errors import ValidationError
from gridapp.server import photo_access
from gridapp.server.central import Central
from gridapp.store.files import MAX_PHOTO_BYTES, inspect_photo
from gridapp.store.object_store import PhotoStore, owner_key
from gridapp.store.object_store import check_sha as check_sha
from gridapp.sync.protocol import FileStatus

RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def status(central: Central, actor: Actor, sha: str) -> FileStatus:
    """Present (with its size) when the caller may see the photo; otherwise how much of
    the caller's own upload arrived — the same answer whether or not it is stored."""
    check_sha(sha)
    if photo_access.visible(central, actor, sha):
        size = central.files.size(sha)
        if size is not None:
            return FileStatus(sha256=sha, present=True, size=size)
    offset = central.files.partial_offset(owner_key(actor.username), sha)
    return FileStatus(sha256=sha, present=False, offset=offset)


def receive(
    central: Central, actor: Actor, sha: str, body: bytes, content_range: str | None
) -> FileStatus:
    check_sha(sha)
    files, owner = central.files, owner_key(actor.username)
    if photo_access.visible(central, actor, sha):
        size = files.size(sha)
        if size is not None:  # idempotent: already complete (and the caller's to see)
            return FileStatus(sha256=sha, present=True, size=size)
    with files.partial_lock(owner, sha):
        if content_range is None:
            result = _finish(files, owner, sha, body)
            files.drop_partial(owner, sha)  # a stale partial is no longer needed
            return result
        return _receive_part(files, owner, sha, body, content_range)


def _receive_part(
    files: PhotoStore, owner: str, sha: str, body: bytes, content_range: str
) -> FileStatus:
    match = RANGE.match(content_range.strip())
    if not match:
        raise ValidationError("bad_range", "Content-Range 格式错误")
    start, end, total = (int(g) for g in match.groups())
    if total > MAX_PHOTO_BYTES:
        raise ValidationError("file_too_large", "照片过大", size=total)
    if end < start or end >= total or end - start + 1 != len(body):
        raise ValidationError("bad_range", "Content-Range 与数据长度不符")
    have = files.partial_offset(owner, sha)
    if start > have:
        raise ValidationError("range_gap", "分段不连续", offset=have)
    files.write_part(owner, sha, start, body)
    offset = max(have, end + 1)  # parts another host got meanwhile: the client resends
    if offset < total:
        return FileStatus(sha256=sha, present=False, offset=offset)
    try:
        data = files.read_partial(owner, sha)
    except FileNotFoundError:
        # Another host completed this upload and dropped the parts meanwhile.
        return _status_after_race(files, owner, sha)
    result = _finish(files, owner, sha, data)
    files.drop_partial(owner, sha)
    return result


def _status_after_race(files: PhotoStore, owner: str, sha: str) -> FileStatus:
    size = files.size(sha)
    if size is not None and files.receipt_time(owner, sha) is not None:
        return FileStatus(sha256=sha, present=True, size=size)
    return FileStatus(sha256=sha, present=False, offset=files.partial_offset(owner, sha))


def _finish(files: PhotoStore, owner: str, sha: str, data: bytes) -> FileStatus:
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError("file_too_large", "照片过大", size=len(data))
    try:
        if hashlib.sha256(data).hexdigest() != sha:
            raise ValidationError("sha_mismatch", "文件内容与摘要不符")
        info = inspect_photo(data)
    except ValidationError:
        files.drop_partial(owner, sha)  # refused for good: resending it cannot help
        raise
    files.write(info, data)
    files.add_receipt(owner, sha)
    return FileStatus(sha256=sha, present=True, size=info.size)
