"""Photos sealed on the laptop's disk with AES-256-GCM, under the store's photo key.

A sealed file is ``MAGIC | nonce (12) | ciphertext | tag (16)``; the associated data
is the photo's SHA-256 name, so one sealed file moved into another's place fails to
open instead of showing the wrong photo. The SHA-256 stays that of the *plaintext*:
content addressing and the sync protocol do not change, and uploads send plaintext.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from gridapp.errors import StorageError
from gridapp.store.files import FileStore, PhotoInfo

MAGIC = b"GRIDSEAL1\0"
NONCE_BYTES = 12
TAG_BYTES = 16
OVERHEAD = len(MAGIC) + NONCE_BYTES + TAG_BYTES


def _aad(sha256: str) -> bytes:
    return b"gridapp photo v1|" + sha256.encode("ascii")


def seal(key: bytes, sha256: str, data: bytes) -> bytes:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, _aad(sha256))


def unseal(key: bytes, sha256: str, blob: bytes) -> bytes:
    """The plaintext; StorageError ``photo_tampered`` when the file is not what was sealed."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if not blob.startswith(MAGIC) or len(blob) < OVERHEAD:
        raise StorageError("photo_tampered", "照片文件已损坏或被篡改，无法打开", sha256=sha256)
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        data = AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], _aad(sha256))
    except InvalidTag:
        raise StorageError(
            "photo_tampered", "照片文件已损坏或被篡改，无法打开", sha256=sha256
        ) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise StorageError("photo_tampered", "照片文件已损坏或被篡改，无法打开", sha256=sha256)
    return data


def is_sealed(path: Path) -> bool:
    with path.open("rb") as fh:
        return fh.read(len(MAGIC)) == MAGIC


class SealedFileStore(FileStore):
    """A :class:`FileStore` whose files are sealed; reads and writes plaintext bytes."""

    def __init__(self, root: Path, key: bytes) -> None:
        super().__init__(root)
        self._key = key
        self._view_dir: Path | None = None

    def __repr__(self) -> str:
        return f"SealedFileStore({self.root})"

    def _decode(self, sha256: str, blob: bytes) -> bytes:
        return unseal(self._key, sha256, blob)

    def _stored_size(self, info: PhotoInfo) -> int:
        return info.size + OVERHEAD

    def _encode(self, info: PhotoInfo, data: bytes) -> bytes:
        return seal(self._key, info.sha256, data)

    def view_file(self, sha256: str) -> Path:
        """A plaintext copy for widgets that open files by path, in a private temp folder.

        The folder (mode 0700) is removed by :meth:`close_views`, which the workspace
        calls when it closes.
        """
        if self._view_dir is None:
            self._view_dir = Path(tempfile.mkdtemp(prefix="gridapp-view-"))
        target = self._view_dir / sha256
        if not target.is_file():
            fd, tmp = tempfile.mkstemp(dir=self._view_dir, prefix=".tmp-")
            with os.fdopen(fd, "wb") as fh:
                fh.write(self.read(sha256))
            os.replace(tmp, target)
        return target

    def close_views(self) -> None:
        if self._view_dir is not None:
            shutil.rmtree(self._view_dir, ignore_errors=True)
            self._view_dir = None

    def plain_files(self) -> Iterator[Path]:
        """Files still in plaintext: photos of a store from before encryption, crash debris."""
        if not self.root.is_dir():
            return
        for path in self.root.glob("??/*"):
            if path.is_file() and not is_sealed(path):
                yield path

    def seal_plain_files(self) -> int:
        """Seal every plaintext photo in place (atomic per file); returns how many.

        Temp files left by a crash and files whose bytes are not their name were never
        named by any row (a photo is renamed into place before its row is written):
        they are removed rather than left in plaintext.
        """
        count = 0
        for path in list(self.plain_files()):
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            if path.name.startswith(".") or sha != path.name:
                path.unlink()
                continue
            _replace_durably(path, seal(self._key, sha, data))
            count += 1
        return count


def _replace_durably(target: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
