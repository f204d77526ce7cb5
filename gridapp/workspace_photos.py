"""Photos as the forms and the detail view meet them: checked when added, fetched from
the sync service the first time somebody looks at one.

Mixed into ``Workspace`` (the UI's one facade; ``self`` is the Workspace).
"""

from __future__ import annotations

from pathlib import Path

from gridapp.domain.exif import gps_from_image
from gridapp.errors import ValidationError
from gridapp.store.files import MAX_PHOTO_BYTES, PhotoInfo, inspect_photo
from gridapp.store.image_check import still_image


class WorkspacePhotos:
    """A case's photos for the UI: checked like the service checks them."""

    def photo_file(self, sha256: str) -> Path | None:
        """A photo's local file, fetched from the sync service on first view; None if absent.

        Pulled cases name their photos without carrying them, so a laptop only
        downloads the photos somebody actually looks at.
        """
        if not self._have_photo(sha256):
            return None
        view_file = getattr(self.files, "view_file", None)  # sealed: a private plain copy
        return view_file(sha256) if view_file is not None else self.files.local_file(sha256)

    def photo_bytes(self, sha256: str) -> bytes | None:
        """A photo's bytes (decrypted on an encrypted store), fetched on first view."""
        return self.files.read(sha256) if self._have_photo(sha256) else None

    def _have_photo(self, sha256: str) -> bool:
        return self.files.has(sha256) or (self.sync is not None and self.sync.fetch_photo(sha256))

    def check_photo(self, path: Path | str) -> PhotoInfo:
        """Check a photo file the way ``act``/``report`` will (type, size, pixels).

        Lets a form refuse a wrong file when it is added, not only when saving.
        Raises ValidationError with the same codes the service uses.
        """
        file = Path(path)
        try:
            size = file.stat().st_size
            if size > MAX_PHOTO_BYTES:
                raise ValidationError(
                    "file_too_large",
                    f"照片过大（{size / 1048576:.1f} MB），上限 {MAX_PHOTO_BYTES // 1048576} MB",
                    size=size,
                )
            return inspect_photo(still_image(file.read_bytes()))  # as report/act keep it
        except OSError as exc:
            raise ValidationError("unreadable_file", f"无法读取照片：{exc.strerror}") from exc

    def point_from_photo(self, photo: Path | bytes) -> tuple[float, float] | None:
        """(lon, lat) from a photo's EXIF GPS, for placing a new case; None if it has none."""
        return gps_from_image(photo)
