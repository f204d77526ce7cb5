"""Base-map tile sources: none, an online XYZ template, or an offline MBTiles file.

A source also says which datum its tiles are drawn in. Most Chinese web tiles are
GCJ-02; storage is always WGS-84, so points and polygons are shifted on display only
(:meth:`TileSource.to_display`) and clicks are shifted back (:meth:`from_display`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass

from gridapp.domain.coords import gcj02_to_wgs84, wgs84_to_gcj02
from gridapp.errors import ValidationError

__all__ = ["KINDS", "TileSource"]

KINDS = ("none", "xyz", "mbtiles")
CRS = ("wgs84", "gcj02")
DEFAULT_MAX_ZOOM = 19


@dataclass(frozen=True)
class TileSource:
    """Where base tiles come from. ``url`` is an XYZ template or an MBTiles file path."""

    kind: str = "none"
    url: str = ""
    attribution: str = ""
    max_zoom: int = DEFAULT_MAX_ZOOM
    crs: str = "wgs84"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError("bad_tile_source", "未知的底图类型", kind=self.kind)
        if self.crs not in CRS:
            raise ValidationError("bad_tile_source", "未知的底图坐标系", crs=self.crs)
        if not (isinstance(self.max_zoom, int) and 1 <= self.max_zoom <= 24):
            raise ValidationError("bad_tile_source", "最大缩放级别无效", max_zoom=self.max_zoom)
        remote = self.url.startswith(("http://", "https://")) and "{z}" in self.url
        if self.kind == "xyz" and not remote:
            raise ValidationError("bad_tile_source", "瓦片地址应为 http(s) 模板", url=self.url)
        if self.kind == "mbtiles" and not self.url:
            raise ValidationError("bad_tile_source", "请选择 MBTiles 文件")

    @property
    def gcj02(self) -> bool:
        return self.kind != "none" and self.crs == "gcj02"

    @property
    def token(self) -> str:
        """The host part of this source's ``mbtiles://`` URLs (stable per file path)."""
        return "t" + hashlib.sha256(self.url.encode()).hexdigest()[:16]

    def tile_url(self) -> str | None:
        """The Leaflet URL template, or None when there are no base tiles."""
        if self.kind == "xyz":
            return self.url
        if self.kind == "mbtiles":
            return f"mbtiles://{self.token}/{{z}}/{{x}}/{{y}}"
        return None

    def to_display(self, lon: float, lat: float) -> tuple[float, float]:
        """A stored (WGS-84) point as drawn on these tiles."""
        return wgs84_to_gcj02(lon, lat) if self.gcj02 else (lon, lat)

    def from_display(self, lon: float, lat: float) -> tuple[float, float]:
        """A point clicked on these tiles, back in WGS-84 for storage."""
        return gcj02_to_wgs84(lon, lat) if self.gcj02 else (lon, lat)

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str | None) -> TileSource:
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(**{k: data[k] for k in ("kind", "url", "attribution", "max_zoom", "crs")})
        except (ValueError, KeyError, TypeError):
            return cls()  # a damaged setting falls back to no tiles, never blocks the map
        except ValidationError:
            return cls()
