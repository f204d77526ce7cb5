"""Base-map tile sources: none, an online XYZ template, or an offline MBTiles file.

A source also says which datum its tiles are drawn in. Most Chinese web tiles are
GCJ-02; storage is always WGS-84, so points and polygons are shifted on display only
(:meth:`TileSource.to_display`) and clicks are shifted back (:meth:`from_display`).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from gridapp.domain.coords import gcj02_to_wgs84, wgs84_to_gcj02
from gridapp.errors import ValidationError

if TYPE_CHECKING:
    from gridapp.maps.mbtiles import MBTilesInfo

__all__ = ["KINDS", "TileSource", "check_template"]

KINDS = ("none", "xyz", "mbtiles")
CRS = ("wgs84", "gcj02")
DEFAULT_MAX_ZOOM = 19
DEFAULT_SUBDOMAINS = "abc"
# Leaflet fills these; any other {name} makes L.tileLayer throw for every tile.
_PLACEHOLDERS = {"s", "z", "x", "y", "r"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SUBDOMAINS = re.compile(r"[A-Za-z0-9]{0,16}")

# The base map an administrator chose for the district (online tiles only), sent with
# the reference snapshot: a laptop whose user never chose its own starts on it.
DISTRICT_TILES_KEY = "map.tiles.district"


def check_template(url: str, subdomains: str = DEFAULT_SUBDOMAINS) -> str:
    """The XYZ template, stripped, or a ValidationError saying what is wrong with it.

    Checked before saving because a bad template only shows on the map as a grey
    background and a console error per tile, which a user cannot diagnose.
    """
    url = (url or "").strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValidationError("bad_tile_source", "瓦片地址应以 http:// 或 https:// 开头", url=url)
    names = _PLACEHOLDER.findall(url)
    missing = [n for n in ("z", "x", "y") if n not in names]
    if missing:
        text = "瓦片地址缺少 " + "、".join("{" + n + "}" for n in missing)
        raise ValidationError("bad_tile_source", text, url=url)
    unknown = sorted(set(names) - _PLACEHOLDERS)
    if unknown:
        text = "瓦片地址含有不支持的占位符 " + "、".join("{" + n + "}" for n in unknown)
        raise ValidationError("bad_tile_source", text, url=url)
    if "s" in names and not subdomains:
        raise ValidationError("bad_tile_source", "地址含 {s} 时需填写子域名", url=url)
    if any(c.isspace() for c in url):
        raise ValidationError("bad_tile_source", "瓦片地址不能含空格", url=url)
    return url


def _plain_attribution(text: str) -> str:
    """Attribution as escaped plain text: MBTiles metadata often carries HTML links,
    which would be live markup in Leaflet's attribution control."""
    return html.escape(html.unescape(re.sub(r"<[^>]*>", "", text or "")).strip())


@dataclass(frozen=True)
class TileSource:
    """Where base tiles come from. ``url`` is an XYZ template or an MBTiles file path."""

    kind: str = "none"
    url: str = ""
    attribution: str = ""
    max_zoom: int = DEFAULT_MAX_ZOOM  # XYZ: the deepest zoom the server has tiles for
    crs: str = "wgs84"
    subdomains: str = DEFAULT_SUBDOMAINS  # what {s} cycles through (高德: "1234")
    label_url: str = ""  # XYZ: a transparent place-name layer over the base (天地图 注记)
    preset: str = ""  # which ready base map this came from (gridapp.maps.presets), if any

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValidationError("bad_tile_source", "未知的底图类型", kind=self.kind)
        if self.crs not in CRS:
            raise ValidationError("bad_tile_source", "未知的底图坐标系", crs=self.crs)
        if not (isinstance(self.max_zoom, int) and 1 <= self.max_zoom <= 24):
            raise ValidationError("bad_tile_source", "最大缩放级别无效", max_zoom=self.max_zoom)
        if not (isinstance(self.subdomains, str) and _SUBDOMAINS.fullmatch(self.subdomains)):
            raise ValidationError(
                "bad_tile_source", "子域名只能是字母或数字", subdomains=self.subdomains
            )
        if self.kind == "xyz":
            check_template(self.url, self.subdomains)
            if self.label_url:
                check_template(self.label_url, self.subdomains)
        elif self.label_url:
            raise ValidationError("bad_tile_source", "只有在线瓦片可叠加注记层")
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

    def layer_options(self, info: MBTilesInfo | None = None) -> dict[str, Any] | None:
        """What ``GridMap.setBaseLayer`` needs, or None for no base tiles.

        MBTiles use the file's deepest zoom as Leaflet's ``maxNativeZoom``, so zooming
        past the deepest tiles scales them up instead of asking for blanks, and its
        bounds so no tile outside the file is requested; its shallowest zoom is the
        layer's ``minZoom`` (a ``minNativeZoom`` would fetch thousands of deep tiles
        when zoomed out). The attribution is escaped
        here because Leaflet puts it into the page as HTML.
        """
        url = self.tile_url()
        if url is None:
            return None
        options: dict[str, Any] = {
            "url": url,
            "attribution": _plain_attribution(
                self.attribution or (info.attribution if info else "")
            ),
            "subdomains": self.subdomains or DEFAULT_SUBDOMAINS,
            "maxNativeZoom": self.max_zoom,
            "minZoom": 0,
            "bounds": None,
            "kind": self.kind,
            "crs": self.crs,
            "labelUrl": self.label_url if self.kind == "xyz" and self.label_url else None,
        }
        if info is not None:
            options["maxNativeZoom"] = info.max_zoom
            options["minZoom"] = info.min_zoom
            if info.bounds is not None:
                w, s, e, n = info.bounds
                options["bounds"] = [[s, w], [n, e]]
        return options

    def to_display(self, lon: float, lat: float) -> tuple[float, float]:
        """A stored (WGS-84) point as drawn on these tiles."""
        return wgs84_to_gcj02(lon, lat) if self.gcj02 else (lon, lat)

    def to_display_many(
        self, lons: Sequence[float], lats: Sequence[float]
    ) -> tuple[list[float], list[float]]:
        """Many stored points as drawn on these tiles (vectorised; same values as
        :meth:`to_display` point by point)."""
        if not self.gcj02:
            return list(lons), list(lats)
        from gridapp.maps.gcj import wgs84_to_gcj02_many

        xs, ys = wgs84_to_gcj02_many(lons, lats)
        return xs.tolist(), ys.tolist()

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
            fields = {k: data[k] for k in ("kind", "url", "attribution", "max_zoom", "crs")}
            fields["subdomains"] = data.get("subdomains", DEFAULT_SUBDOMAINS)
            fields["label_url"] = data.get("label_url", "")
            fields["preset"] = data.get("preset", "")
            return cls(**fields)
        except (ValueError, KeyError, TypeError):
            return cls()  # a damaged setting falls back to no tiles, never blocks the map
        except ValidationError:
            return cls()
