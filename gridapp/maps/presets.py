"""Ready base maps Chinese users know: 天地图 (with the site's key) and 高德 (GCJ-02).

A preset fills in what an admin would otherwise have to look up and type without a
mistake: the tile address template, its servers, the deepest zoom, the datum and the
provider's attribution. 天地图 (the national platform) draws in CGCS2000, which for a
map is WGS-84 to within centimetres, so points are shown as stored; its tiles need a
key (``tk``) the site applies for, and its place names are a second, transparent
layer (注记) over the base. 高德 tiles are GCJ-02: points and grids are shifted on
display (``TileSource.gcj02``), never in storage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gridapp.errors import ValidationError
from gridapp.maps.tiles import TileSource

__all__ = ["PRESETS", "Preset", "key_of", "preset", "tianditu_template"]

TIANDITU_SERVERS = "01234567"  # t0 … t7.tianditu.gov.cn
TIANDITU_ROOT = "https://t{s}.tianditu.gov.cn"
AMAP_ROOT = "https://{host}0{s}.is.autonavi.com"  # webrd (vector), webst (imagery)
_KEY = re.compile(r"[0-9A-Fa-f]{32}")
_KEY_IN_URL = re.compile(r"[?&]tk=([^&]*)")


def tianditu_template(layer: str, key: str) -> str:
    """The WMTS GetTile address of a 天地图 layer in Web Mercator (``_w``) tiles.

    ``layer`` is vec/cva (vector and its labels) or img/cia (imagery and its labels).
    """
    return (
        f"{TIANDITU_ROOT}/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
        f"&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
        f"&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
    )


def _amap(host: str, style: int) -> str:
    return (
        AMAP_ROOT.replace("{host}", host) + "/appmaptile?lang=zh_cn&size=1&scale=1"
        f"&style={style}&x={{x}}&y={{y}}&z={{z}}"
    )


@dataclass(frozen=True)
class Preset:
    """One ready base map. ``needs_key``: the 天地图 key must be given."""

    id: str
    name: str  # the provider's own name for the map (a proper noun, not translated)
    needs_key: bool
    crs: str
    max_zoom: int
    subdomains: str
    attribution: str

    def source(self, key: str = "") -> TileSource:
        """The TileSource of this preset; ValidationError for a missing or malformed key."""
        key = (key or "").strip()
        if self.needs_key and not _KEY.fullmatch(key):
            text = "请填写天地图密钥（32位字母数字，在天地图网站申请）"
            raise ValidationError("bad_tile_key", text)
        url, labels = _templates(self.id, key)
        return TileSource(
            kind="xyz",
            url=url,
            attribution=self.attribution,
            max_zoom=self.max_zoom,
            crs=self.crs,
            subdomains=self.subdomains,
            label_url=labels,
            preset=self.id,
        )


def _templates(preset_id: str, key: str) -> tuple[str, str]:
    """(base template, label-layer template or "") of a preset."""
    if preset_id == "tianditu-vector":
        return tianditu_template("vec", key), tianditu_template("cva", key)
    if preset_id == "tianditu-image":
        return tianditu_template("img", key), tianditu_template("cia", key)
    if preset_id == "amap-vector":
        return _amap("webrd", 8), ""
    if preset_id == "amap-image":
        return _amap("webst", 6), _amap("webst", 8)
    raise ValidationError("bad_tile_source", "未知的底图预设", preset=preset_id)


_TIANDITU = "© 天地图（国家地理信息公共服务平台）"
_AMAP = "© 高德地图"

PRESETS: tuple[Preset, ...] = (
    Preset("tianditu-vector", "天地图 矢量", True, "wgs84", 18, TIANDITU_SERVERS, _TIANDITU),
    Preset("tianditu-image", "天地图 影像", True, "wgs84", 18, TIANDITU_SERVERS, _TIANDITU),
    Preset("amap-vector", "高德地图 矢量", False, "gcj02", 18, "1234", _AMAP),
    Preset("amap-image", "高德地图 卫星", False, "gcj02", 18, "1234", _AMAP),
)


def preset(preset_id: str) -> Preset:
    for p in PRESETS:
        if p.id == preset_id:
            return p
    raise ValidationError("bad_tile_source", "未知的底图预设", preset=preset_id)


def key_of(source: TileSource) -> str:
    """The 天地图 key inside a saved source's address (for editing it), else ""."""
    m = _KEY_IN_URL.search(source.url or "")
    return m.group(1) if m else ""
