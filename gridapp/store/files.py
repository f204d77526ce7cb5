"""Content-addressed photo store: a file is named by its SHA-256 and written durably.

A photo is written to a temp file, fsynced, renamed into place and the folder
fsynced, so a crash can leave an unreferenced file (harmless, collected later) but
never a torn one. A laptop's store first journals a photo in the transaction of the
event that names it (:mod:`gridapp.store.photo_journal`) and settles it here later;
reads fall back to that journal, so a row never names a photo that cannot be read.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PIL import Image

from gridapp.errors import DISK_FULL_ERRNOS, DiskFullError, StorageError, ValidationError
from gridapp.store.image_check import check_image

if TYPE_CHECKING:
    from datetime import datetime

    from sqlalchemy import Connection

    from gridapp.store.photo_journal import PhotoJournal

MAX_PHOTO_BYTES = 20 * 1024 * 1024
MAX_PHOTO_PIXELS = 60_000_000  # 60 MP: any phone camera, not a decompression bomb
ALLOWED_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class PhotoInfo:
    sha256: str
    size: int
    mime: str
    width: int
    height: int


def inspect_photo(data: bytes) -> PhotoInfo:
    """Check that ``data`` is a real photo of an allowed type and size; say what it is."""
    if len(data) > MAX_PHOTO_BYTES:
        raise ValidationError(
            "file_too_large",
            f"照片过大（{len(data) / 1048576:.1f} MB），上限 {MAX_PHOTO_BYTES // 1048576} MB",
            size=len(data),
        )
    if not data:
        raise ValidationError("not_an_image", "文件为空，不是图片")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt, (width, height) = img.format, img.size
                if width * height > MAX_PHOTO_PIXELS:
                    raise ValidationError("image_too_large", "图片像素过多", pixels=width * height)
                img.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise ValidationError("image_too_large", "图片像素过多") from None
    except Exception as exc:  # Pillow raises many types for garbage input
        raise ValidationError("not_an_image", "文件不是可识别的图片") from exc
    if fmt not in ALLOWED_FORMATS:
        raise ValidationError("unsupported_image", f"不支持的图片格式：{fmt}", format=str(fmt))
    check_image(data, fmt, MAX_PHOTO_PIXELS)  # full decode, nothing before or after the image
    return PhotoInfo(
        hashlib.sha256(data).hexdigest(), len(data), ALLOWED_FORMATS[fmt], width, height
    )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _make_dirs_durably(folder: Path) -> None:
    """mkdir -p, fsyncing each new folder's parent so the new entry survives a power cut."""
    missing = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(exist_ok=True)
        _fsync_dir(path.parent)


class FileStore:
    """Photos under ``root/ab/abcdef…``; writing the same bytes twice is a no-op."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self.journal: PhotoJournal | None = None  # photos saved but not yet settled here

    def path_for(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(ch not in "0123456789abcdef" for ch in sha256):
            raise ValidationError("bad_sha256", "文件摘要格式错误")
        return self.root / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        """Stored here, or saved in the journal and not settled yet."""
        if self.path_for(sha256).is_file():
            return True
        return self.journal is not None and self.journal.has(sha256)

    def keep(self, conn: Connection, info: PhotoInfo, data: bytes, at: datetime) -> None:
        """A checked photo of the event ``conn`` is writing: journaled in that very
        transaction where this store has a journal (its one fsync covers both), else
        durably into the folder now."""
        if self.journal is not None:
            self.journal.add(conn, info, data, at)
        else:
            self.write(info, data)

    def committed(self) -> None:
        """The transaction that kept photos committed: journaled ones settle now."""
        if self.journal is not None:
            self.journal.committed()

    def has_file(self, info: PhotoInfo) -> bool:
        """Settled in the file store, complete (the journal not asked)."""
        target = self.path_for(info.sha256)
        return target.is_file() and target.stat().st_size == self._stored_size(info)

    def read(self, sha256: str) -> bytes:
        """The photo's plaintext; from the journal while it has not settled yet."""
        path = self.path_for(sha256)
        try:
            return self._decode(sha256, path.read_bytes())
        except (FileNotFoundError, NotADirectoryError):
            if self.journal is None:
                raise
            data = self.journal.get(sha256)
            if data is not None:
                return data
            return self._decode(sha256, path.read_bytes())  # settled since the first look

    def local_file(self, sha256: str) -> Path:
        """The photo's file in this store, settling it from the journal first if needed."""
        path = self.path_for(sha256)
        if not path.is_file() and self.journal is not None:
            self.journal.settle(only=sha256)
        return path

    def _decode(self, sha256: str, blob: bytes) -> bytes:
        """The photo from what is on disk: the bytes themselves (unsealed in a subclass)."""
        return blob

    def put_photo(self, data: bytes) -> PhotoInfo:
        """Validate and durably store a photo; returns what the row should record."""
        info = inspect_photo(data)
        self.write(info, data)
        return info

    def _stored_size(self, info: PhotoInfo) -> int:
        """Bytes a stored photo takes on disk (a sealed store adds its overhead)."""
        return info.size

    def _encode(self, info: PhotoInfo, data: bytes) -> bytes:
        """What goes on disk for a photo: the bytes themselves (sealed in a subclass)."""
        return data

    def write(self, info: PhotoInfo, data: bytes) -> None:
        """Durably store bytes already checked by :func:`inspect_photo`."""
        target = self.path_for(info.sha256)
        if self.has_file(info):
            return
        try:
            _make_dirs_durably(target.parent)
            fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(self._encode(info, data))
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp_name, target)
            except BaseException:
                Path(tmp_name).unlink(missing_ok=True)
                raise
            _fsync_dir(target.parent)
        except OSError as exc:
            if exc.errno in DISK_FULL_ERRNOS:
                raise DiskFullError(self.root) from exc
            raise StorageError("file_write_failed", f"照片保存失败：{exc.strerror}") from exc
