"""Build the map page once with folium: Leaflet + MarkerCluster from local files.

The page holds an empty grid layer and cluster layer plus the ``GridMap`` API
(``lib/gridmap.js``); grids and case points are pushed in as JSON after load, so the
page is rebuilt only when the tile source or the shipped assets change.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from gridapp.maps import assets
from gridapp.maps.tiles import TileSource

__all__ = ["DEFAULT_CENTER", "PAGE_VERSION", "build_page"]

PAGE_VERSION = "1"
DEFAULT_CENTER = (36.80, 117.87)  # 周村区 (lat, lon)
QWEBCHANNEL_JS = "qrc:///qtwebchannel/qwebchannel.js"


def _cache_key(source: TileSource, bounds: tuple[float, float, float, float] | None) -> str:
    text = json.dumps([PAGE_VERSION, assets.asset_version(), source.to_json(), bounds])
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def build_page(
    folder: Path,
    source: TileSource,
    bounds: tuple[float, float, float, float] | None = None,
) -> Path:
    """The page file for ``source`` in ``folder`` (written once, then reused)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    assets.install_assets(folder)
    path = folder / f"map-{_cache_key(source, bounds)}.html"
    if path.exists():
        return path
    html = render_page(source, bounds)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def render_page(source: TileSource, bounds: tuple[float, float, float, float] | None) -> str:
    import folium
    from branca.element import Element, JavascriptLink, MacroElement
    from folium.plugins import MarkerCluster
    from jinja2 import Template

    if bounds is not None:
        center = ((bounds[1] + bounds[3]) / 2, (bounds[0] + bounds[2]) / 2)
        center = source.to_display(center[1], center[0])[::-1]
    else:
        center = DEFAULT_CENTER
    fmap = folium.Map(
        location=list(center),
        zoom_start=12,
        tiles=None,
        maxZoom=source.max_zoom,  # folium's max_zoom only reaches a tile layer
        minZoom=3,
        prefer_canvas=True,
        control_scale=True,
    )
    fmap.default_js = assets.local_js()
    fmap.default_css = assets.local_css()
    if bounds is not None:
        (w, s), (e, n) = source.to_display(bounds[0], bounds[1]), source.to_display(*bounds[2:])
        fmap.fit_bounds([[s, w], [n, e]])
    url = source.tile_url()
    if url:
        folium.TileLayer(
            tiles=url,
            attr=source.attribution or " ",
            name="base",
            max_zoom=source.max_zoom,
            max_native_zoom=source.max_zoom,
        ).add_to(fmap)
    cluster = MarkerCluster(
        name="cases",
        options={
            "chunkedLoading": True,
            "chunkInterval": 150,
            "chunkDelay": 20,
            "disableClusteringAtZoom": min(18, source.max_zoom),
            "spiderfyOnMaxZoom": False,
            "showCoverageOnHover": False,
        },
    )
    cluster.default_js = assets.cluster_js()
    cluster.default_css = assets.cluster_css()
    cluster.add_to(fmap)

    class _Api(MacroElement):
        _template = Template(
            "{% macro script(this, kwargs) %}"
            "GridMap.init({{ this.map }}, {{ this.cluster }}, {});"
            "{% endmacro %}"
        )

        def __init__(self) -> None:
            super().__init__()
            self._name = "GridMapApi"
            self.map = fmap.get_name()
            self.cluster = cluster.get_name()

    _Api().add_to(fmap)
    root = fmap.get_root()
    remote = " https: http:" if source.kind == "xyz" else ""
    csp = f"default-src 'self' file: qrc: data: mbtiles: 'unsafe-inline'{remote}"
    root.header.add_child(
        Element(f'<meta http-equiv="Content-Security-Policy" content="{csp}">'), name="csp"
    )
    root.header.add_child(JavascriptLink(QWEBCHANNEL_JS), name="qwebchannel")
    root.header.add_child(JavascriptLink(f"{assets.LIB}/gridmap.js"), name="gridmap")
    return root.render()
