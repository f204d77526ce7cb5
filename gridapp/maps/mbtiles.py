"""Read tiles from an MBTiles file (SQLite, TMS rows: y is flipped from XYZ)."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from gridapp.errors import ValidationError

__all__ = ["MBTiles", "MBTilesInfo", "describe_mbtiles", "sniff_mime"]

RASTER_FORMATS = ("png", "jpg", "jpeg", "webp")


@dataclass(frozen=True)
class MBTilesInfo:
    """What the base-map dialog shows and the page needs from a file's metadata.

    ``bounds`` are (west, south, east, north) as the file states them: in the tiles'
    own datum, which is the displayed one, so they are used without a GCJ shift.
    """

    path: str
    name: str
    format: str
    min_zoom: int
    max_zoom: int
    bounds: tuple[float, float, float, float] | None
    attribution: str


def _bounds(text: str | None) -> tuple[float, float, float, float] | None:
    try:
        w, s, e, n = (float(v) for v in (text or "").split(","))
    except ValueError:
        return None
    ok = -180.0 <= w < e <= 180.0 and -90.0 <= s < n <= 90.0
    return (w, s, e, n) if ok else None


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
            self._conn.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"
                               " LIMIT 1").fetchall()  # fmt: skip
        except sqlite3.DatabaseError as exc:
            raise ValidationError("bad_mbtiles", "不是有效的 MBTiles 文件", path=str(path)) from exc
        self._lock = threading.Lock()
        self.format = self.metadata.get("format", "png")

    def _zoom(self, key: str, fn: str) -> int | None:
        try:
            return int(float(self.metadata[key]))
        except (KeyError, TypeError, ValueError):
            pass  # absent or damaged: ask the tiles themselves (indexed by zoom first)
        with self._lock:
            row = self._conn.execute(f"SELECT {fn}(zoom_level) FROM tiles").fetchone()
        return int(row[0]) if row and row[0] is not None else None

    @property
    def max_zoom(self) -> int | None:
        return self._zoom("maxzoom", "max")

    @property
    def min_zoom(self) -> int | None:
        return self._zoom("minzoom", "min")

    def info(self) -> MBTilesInfo:
        """The file's description, or ValidationError if it cannot serve raster tiles."""
        fmt = (self.format or "png").lower()
        if fmt not in RASTER_FORMATS:
            raise ValidationError(
                "bad_mbtiles", f"不支持的瓦片格式：{fmt}（只支持 PNG/JPEG/WebP 栅格瓦片）",
                path=str(self.path),
            )  # fmt: skip
        with self._lock:
            any_tile = self._conn.execute("SELECT 1 FROM tiles LIMIT 1").fetchone()
        lo, hi = self.min_zoom, self.max_zoom
        if any_tile is None or lo is None or hi is None:
            raise ValidationError("bad_mbtiles", "MBTiles 文件中没有瓦片", path=str(self.path))
        lo, hi = max(0, min(lo, hi)), min(24, max(lo, hi))
        return MBTilesInfo(
            path=str(self.path),
            name=str(self.metadata.get("name") or self.path.stem),
            format=fmt,
            min_zoom=lo,
            max_zoom=hi,
            bounds=_bounds(self.metadata.get("bounds")),
            attribution=str(self.metadata.get("attribution") or ""),
        )

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


def describe_mbtiles(path: Path | str) -> MBTilesInfo:
    """Open, describe and close a file (the dialog's check before saving)."""
    reader = MBTiles(path)
    try:
        return reader.info()
    finally:
        reader.close()


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
