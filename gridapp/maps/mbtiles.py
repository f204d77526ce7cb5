"""Read tiles from an MBTiles file (SQLite, TMS rows: y is flipped from XYZ)."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

from gridapp.errors import ValidationError

__all__ = ["MBTiles", "sniff_mime"]


def sniff_mime(data: bytes, fmt: str | None = None) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    known = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}
    return known.get((fmt or "").lower(), "application/octet-stream")


class MBTiles:
    """One MBTiles file opened read-only; safe to call from any thread."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise ValidationError("bad_mbtiles", "MBTiles 文件不存在", path=str(path))
        try:
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            self.metadata = dict(self._conn.execute("SELECT name, value FROM metadata"))
        except sqlite3.DatabaseError as exc:
            raise ValidationError("bad_mbtiles", "不是有效的 MBTiles 文件", path=str(path)) from exc
        self._lock = threading.Lock()
        self.format = self.metadata.get("format", "png")

    @property
    def max_zoom(self) -> int | None:
        value = self.metadata.get("maxzoom")
        if value is None:
            with self._lock:
                row = self._conn.execute("SELECT max(zoom_level) FROM tiles").fetchone()
            value = row[0] if row else None
        return int(value) if value is not None else None

    def tile(self, z: int, x: int, y: int) -> tuple[bytes, str] | None:
        """The tile at XYZ (z, x, y) as (bytes, mime), or None if the file lacks it."""
        if z < 0 or z > 30 or not (0 <= x < 2**z and 0 <= y < 2**z):
            return None
        tms_y = (1 << z) - 1 - y
        with self._lock:
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, tms_y),
            ).fetchone()
        if row is None or row[0] is None:
            return None
        data = bytes(row[0])
        return data, sniff_mime(data, self.format)

    def close(self) -> None:
        with self._lock:
            self._conn.close()


def write_mbtiles(path: Path | str, tiles: dict[tuple[int, int, int], bytes], **meta: str) -> Path:
    """Write a small MBTiles file from {(z, x, y_xyz): bytes} (tests, benches, tools)."""
    path = Path(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB)"
        )
        conn.execute("CREATE UNIQUE INDEX tile_index ON tiles (zoom_level, tile_column, tile_row)")
        zooms = [z for z, _, _ in tiles] or [0]
        info = {"name": path.stem, "format": "png", "minzoom": str(min(zooms))}
        info["maxzoom"] = str(max(zooms))
        info.update(meta)
        conn.executemany("INSERT INTO metadata VALUES (?, ?)", sorted(info.items()))
        conn.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
        )
    conn.close()
    return path
